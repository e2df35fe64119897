/* ledger.c — helpers shared by the ledger commands: the store from --db / $DUBAN_DB /
 * ./duban.db (migrated on open), the actor's name, ids, numbers and units from options,
 * tables aligned by display width (CJK = 2 columns) and JSON output.
 *
 * The display width is computed here rather than with wcwidth(3) because wcwidth depends
 * on the process locale (often "C" on servers, where it gives -1 for every CJK
 * character); the East Asian wide ranges below are what terminals use. */
#include "cli/ledger.h"

#include "model/deadline.h"
#include "model/qualifier.h"

#include "base/utf8.h"
#include "model/plan.h"

#include <math.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *ledger_db_url(const char *opt)
{
	const char *env = getenv("DUBAN_DB");

	if (opt && opt[0])
		return opt;
	if (env && env[0])
		return env;
	return LEDGER_DB_DEFAULT;
}

int ledger_open(const cli_ctx_t *ctx, store_t **out_store, int *out_version, err_t *e)
{
	const char *url = ledger_db_url(cli_arg(&ctx->args, "db"));
	store_t *s = store_open(url, e);
	int rc = s ? 0 : (e && e->code ? e->code : ERR_DB);

	*out_store = NULL;
	if (rc < 0) {
		err_prefix(e, cli_tr(ctx, "无法打开数据库 '%s'", "cannot open database '%s'"), url);
		return rc;
	}
	rc = store_migrate(s, out_version, e);
	if (rc < 0) {
		err_prefix(e, cli_tr(ctx, "无法升级数据库 '%s'", "cannot migrate database '%s'"),
			   url);
		store_close(s);
		return rc;
	}
	store_set_client(s, STR_LIT("cli")); /* the audit trail's "from where" */
	*out_store = s;
	return 0;
}

str_t ledger_actor(arena_t *a)
{
	const char *env = getenv("DUBAN_USER");
	const char *name = NULL;
	struct passwd *pw;

	if (env && env[0])
		name = env;
	if (!name) {
		pw = getpwuid(geteuid());
		if (pw && pw->pw_name && pw->pw_name[0])
			name = pw->pw_name;
	}
	if (!name)
		name = "unknown";
	return arena_str(a, str_from_cstr(name));
}

int ledger_parse_id(const char *text, const char *field, long long *out_id, err_t *e)
{
	long long v = 0;

	if (!text || str_to_ll(str_trim(str_from_cstr(text)), &v) < 0 || v <= 0) {
		err_set(e, ERR_INVALID,
			cli_msg("%s: '%s' 不是编号（应为正整数）",
				"%s: '%s' is not an id (a positive whole number)"),
			field, text ? text : "");
		return err_field(e, field);
	}
	*out_id = v;
	return 0;
}

int ledger_parse_num(const char *text, const char *field, double *out_value, err_t *e)
{
	double v = 0;

	if (!text || str_to_double(str_trim(str_from_cstr(text)), &v) < 0 || !isfinite(v)) {
		err_set(e, ERR_INVALID, cli_msg("%s: '%s' 不是数字", "%s: '%s' is not a number"),
			field, text ? text : "");
		return err_field(e, field);
	}
	*out_value = v;
	return 0;
}

static bool ledger_all_digits(const char *z)
{
	if (!z[0])
		return false;
	for (; *z; z++)
		if (*z < '0' || *z > '9')
			return false;
	return true;
}

int ledger_unit_resolve(store_t *s, arena_t *a, const char *ref, const char *field,
			store_unit_t *out_unit, err_t *e)
{
	store_unit_t *units = NULL;
	size_t n = 0;
	long long id = 0;
	int rc;

	if (!ref || !ref[0]) {
		err_set(e, ERR_INVALID,
			cli_msg("%s: 需要单位名称或编号", "%s: a unit name or id is required"),
			field);
		return err_field(e, field);
	}
	if (ledger_all_digits(ref) && str_to_ll(str_from_cstr(ref), &id) == 0 && id > 0) {
		rc = store_unit_get(s, a, id, out_unit, e);
		if (rc != ERR_NOTFOUND)
			return rc;
	}
	rc = store_unit_list(s, a, &units, &n, e);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (str_eq_cstr(units[i].name, ref)) {
			*out_unit = units[i];
			return 0;
		}
	}
	err_set(e, ERR_INVALID,
		cli_msg("%s: 没有单位 '%s'（参见 'duban unit list'）",
			"%s: no unit '%s' (see 'duban unit list')"),
		field, ref);
	return err_field(e, field);
}

const char *ledger_unit_name(arena_t *a, const store_unit_t *units, size_t n, long long id)
{
	if (id <= 0)
		return "";
	for (size_t i = 0; i < n; i++)
		if (units[i].id == id)
			return units[i].name.ptr;
	return arena_printf(a, "#%lld", id);
}

/* East Asian Wide (W) and Fullwidth (F) ranges, as terminals lay them out. */
static bool ledger_cp_wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	       (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	       (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	       (c >= 0x20000 && c <= 0x3FFFD);
}

static bool ledger_cp_zero(uint32_t c)
{
	return (c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
	       (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF;
}

size_t ledger_display_width(const char *z, size_t n)
{
	size_t w = 0, i = 0;

	while (i < n) {
		uint32_t cp = 0;
		int len = utf8_decode(z + i, n - i, &cp);
		if (len < 0) {
			w++;
			i++;
			continue;
		}
		i += (size_t)len;
		if (ledger_cp_zero(cp))
			continue;
		w += ledger_cp_wide(cp) ? 2 : 1;
	}
	return w;
}

void ledger_table_init(ledger_table_t *t, arena_t *a, size_t ncols, const char *const *head)
{
	memset(t, 0, sizeof *t);
	t->a = a;
	t->ncols = ncols > LEDGER_TABLE_MAX_COLS ? LEDGER_TABLE_MAX_COLS : ncols;
	for (size_t i = 0; i < t->ncols; i++)
		t->head[i] = head[i];
}

int ledger_table_row(ledger_table_t *t, const char *const *cells)
{
	if (t->err)
		return t->err;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		const char **v = arena_alloc(t->a, cap * t->ncols * sizeof *v);
		if (!v)
			return t->err = ERR_NOMEM;
		if (t->nrows)
			memcpy(v, t->cells, t->nrows * t->ncols * sizeof *v);
		t->cells = v;
		t->cap = cap;
	}
	for (size_t i = 0; i < t->ncols; i++) {
		const char *c = cells[i] ? cells[i] : "";
		char *copy = arena_strndup(t->a, c, strlen(c));
		if (!copy)
			return t->err = ERR_NOMEM;
		t->cells[t->nrows * t->ncols + i] = copy;
	}
	t->nrows++;
	return 0;
}

static void ledger_pad(FILE *f, const char *z, size_t width, bool last)
{
	size_t w = ledger_display_width(z, strlen(z));

	fputs(z, f);
	if (last)
		return;
	for (; w < width + 2; w++)
		fputc(' ', f);
}

int ledger_table_print(const ledger_table_t *t, FILE *f)
{
	size_t width[LEDGER_TABLE_MAX_COLS] = { 0 };
	size_t total = 0;

	if (t->err)
		return t->err;
	for (size_t c = 0; c < t->ncols; c++) {
		width[c] = ledger_display_width(t->head[c], strlen(t->head[c]));
		for (size_t r = 0; r < t->nrows; r++) {
			const char *z = t->cells[r * t->ncols + c];
			size_t w = ledger_display_width(z, strlen(z));
			if (w > width[c])
				width[c] = w;
		}
		total += width[c] + (c + 1 < t->ncols ? 2 : 0);
	}
	for (size_t c = 0; c < t->ncols; c++)
		ledger_pad(f, t->head[c], width[c], c + 1 == t->ncols);
	fputc('\n', f);
	for (size_t i = 0; i < total; i++)
		fputc('-', f);
	fputc('\n', f);
	for (size_t r = 0; r < t->nrows; r++) {
		size_t end = t->ncols;
		while (end > 1 && !t->cells[r * t->ncols + end - 1][0])
			end--;
		for (size_t c = 0; c < end; c++)
			ledger_pad(f, t->cells[r * t->ncols + c], width[c], c + 1 == end);
		fputc('\n', f);
	}
	return 0;
}

int ledger_json_print(FILE *f, json_t *j, err_t *e)
{
	char *z = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))
		    : NULL;

	json_decref(j);
	if (!z)
		return err_set(e, ERR_NOMEM, "%s",
			       cli_msg("输出 JSON 时内存不足", "out of memory writing JSON"));
	fprintf(f, "%s\n", z);
	free(z);
	return 0;
}

json_t *ledger_json_str(str_t s)
{
	if (!s.ptr)
		return json_null();
	return json_stringn(s.ptr, s.len);
}

int ledger_today(date_t *out_date, err_t *e)
{
	time_t now = time(NULL);
	struct tm tm;

	if (now == (time_t)-1 || !localtime_r(&now, &tm))
		return err_set(e, ERR_INTERNAL, "%s",
			       cli_msg("无法读取系统时钟", "cannot read the clock"));
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out_date, e);
}

/* The Chinese name of an item kind ("plan" → 规划); the word itself when unknown. */
static const char *ledger_item_zh(const char *what)
{
	static const char *const names[][2] = {
		{ "plan", "规划" },        { "node", "任务" },   { "target", "目标" },
		{ "project", "重点项目" }, { "report", "报告" }, { "unit", "单位" },
		{ "user", "用户" },
	};
	for (size_t i = 0; what && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(what, names[i][0]) == 0)
			return names[i][1];
	return what ? what : "";
}

int ledger_not_found(int rc, const char *what, long long id, const char *field, err_t *e)
{
	if (rc != ERR_NOTFOUND)
		return rc;
	if (cli_lang_en())
		err_set(e, ERR_INVALID, "%s: no %s with id %lld", field, what, id);
	else
		err_set(e, ERR_INVALID, "%s: 没有编号为 %lld 的%s", field, id,
			ledger_item_zh(what));
	return err_field(e, field);
}

const char *ledger_qualifier_code(const char *text)
{
	return qualifier_code(text);
}

const char *ledger_qualifier_label(const char *code)
{
	return qualifier_label(code);
}

int ledger_deadline_date(const char *text, int plan_year, const char *field, date_t *out_date,
			 err_t *e)
{
	str_t t = str_trim(str_from_cstr(text ? text : ""));
	int rc = deadline_parse(t, plan_year, out_date, e);

	if (rc == ERR_INVALID) /* the model's message is English: say it in the user's language */
		err_set(e, ERR_INVALID,
			cli_msg("%s: 无法识别期限 '%.*s'（可写 YYYY-MM-DD、2025、到2025年、年底）",
				"%s: cannot read the deadline '%.*s' (YYYY-MM-DD, 2025, 到2025年, "
				"年底)"),
			field, STR_FMT(t));
	else if (rc < 0)
		err_prefix(e, "%s", field);
	if (rc < 0)
		err_field(e, field);
	return rc;
}

/* 0 when the ledger of plan_id may still be edited (draft or active). */
int ledger_plan_editable(store_t *s, arena_t *a, long long plan_id, err_t *e)
{
	store_plan_t p;
	plan_state_t st;
	int rc = store_plan_get(s, a, plan_id, &p, e);

	if (rc < 0)
		return rc;
	if (plan_state_parse(p.state, &st, e) < 0)
		return ERR_DB;
	if (!plan_state_editable(st))
		return err_set(e, ERR_CONFLICT,
			       cli_msg("规划 %lld 状态为%s，台账不可修改",
				       "plan %lld is %s: its ledger cannot be edited"),
			       plan_id, plan_state_label(st, cli_lang_en() ? "en" : NULL));
	return 0;
}
