/* cmd_import_ledger.c — `duban import-ledger FILE.xlsx|FILE.csv`: an office's existing
 * ledger spreadsheet into a plan.
 *
 * The header row (the first of the first ten rows that names a task column) is matched
 * flexibly: white space, '*' and a trailing parenthesis are ignored, Traditional is folded,
 * any order: 序号, 任务/重点任务/工作任务, 牵头单位, 配合单位/责任单位, 完成时限, 目标值,
 * 计量单位.  序号 gives the tree: "1", "1.1", "1.1.2" (the parent is the row numbered by
 * the prefix), "一、", "（一）", "（1）", "①" (each style nests under the style seen before
 * it, as in a document outline).  Units are found by exact name; an unknown unit is an
 * error naming the row and column — units are never created by an import.
 *
 * Every row is checked before anything is written, and the writes are ONE transaction:
 * a rejected import changes nothing. */
#include "base/mem.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "cli/ledger.h"
#include "extract/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt_t import_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "plan", CLI_VALUE, "ID",
	  "把任务添加到这个已有规划" CLI_EN "add the tasks to this existing plan" },
	{ "title", CLI_VALUE, "TITLE",
	  "新规划的标题（默认为文件名）" CLI_EN "title of the new plan (default: the file name)" },
	{ "year", CLI_VALUE, "YEAR",
	  "新规划的年度（默认为今年）" CLI_EN "year of the new plan (default: this year)" },
};

enum { COL_SEQ, COL_TASK, COL_LEAD, COL_COOP, COL_DEADLINE, COL_TARGET, COL_UNIT, COL_COUNT };

static const struct {
	const char *name; /* normalised: Simplified, no spaces */
	int col;
} col_alias[] = {
	{ "序号", COL_SEQ },          { "编号", COL_SEQ },          { "任务", COL_TASK },
	{ "重点任务", COL_TASK },     { "工作任务", COL_TASK },     { "主要任务", COL_TASK },
	{ "任务内容", COL_TASK },     { "具体任务", COL_TASK },     { "工作内容", COL_TASK },
	{ "牵头单位", COL_LEAD },     { "牵头部门", COL_LEAD },     { "主责单位", COL_LEAD },
	{ "配合单位", COL_COOP },     { "责任单位", COL_COOP },     { "配合部门", COL_COOP },
	{ "协同单位", COL_COOP },     { "完成时限", COL_DEADLINE }, { "时限", COL_DEADLINE },
	{ "完成时间", COL_DEADLINE }, { "时间节点", COL_DEADLINE }, { "时限要求", COL_DEADLINE },
	{ "目标值", COL_TARGET },     { "目标", COL_TARGET },       { "预期目标", COL_TARGET },
	{ "年度目标", COL_TARGET },   { "计量单位", COL_UNIT },     { "单位", COL_UNIT },
};

/* Traditional characters of the header words, folded to Simplified. */
static const uint32_t trad_map[][2] = {
	{ 0x865F, 0x53F7 }, /* 號 号 */ { 0x7DE8, 0x7F16 }, /* 編 编 */
	{ 0x52D9, 0x52A1 }, /* 務 务 */ { 0x9EDE, 0x70B9 }, /* 點 点 */
	{ 0x5167, 0x5185 },                                 /* 內 内 */
	{ 0x9AD4, 0x4F53 }, /* 體 体 */ { 0x727D, 0x7275 }, /* 牽 牵 */
	{ 0x982D, 0x5934 }, /* 頭 头 */ { 0x55AE, 0x5355 }, /* 單 单 */
	{ 0x9580, 0x95E8 }, /* 門 门 */ { 0x8CAC, 0x8D23 }, /* 責 责 */
	{ 0x5354, 0x534F }, /* 協 协 */ { 0x6642, 0x65F6 }, /* 時 时 */
	{ 0x9593, 0x95F4 }, /* 間 间 */ { 0x7BC0, 0x8282 }, /* 節 节 */
	{ 0x6A19, 0x6807 }, /* 標 标 */ { 0x9810, 0x9884 }, /* 預 预 */
	{ 0x8A08, 0x8BA1 },                                 /* 計 计 */
};

/* The header text normalised into out: no white space or '*', stops at an opening
 * parenthesis, Traditional folded. */
static void header_norm(str_t s, char *out, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < s.len;) {
		uint32_t cp;
		int k = utf8_decode(s.ptr + i, s.len - i, &cp);
		char enc[4];
		if (k < 0)
			break;
		i += (size_t)k;
		if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 ||
		    cp == '*' || cp == 0xFF0A)
			continue;
		if (cp == '(' || cp == 0xFF08)
			break;
		for (size_t t = 0; t < sizeof trad_map / sizeof trad_map[0]; t++)
			if (trad_map[t][0] == cp)
				cp = trad_map[t][1];
		size_t n = utf8_encode(cp, enc);
		if (o + n >= cap)
			break;
		memcpy(out + o, enc, n);
		o += n;
	}
	out[o] = '\0';
}

typedef struct import_cols {
	long header_line;
	size_t header_row;           /* index in the sheet's rows */
	int at[COL_COUNT];           /* column index, -1 when absent */
	const char *name[COL_COUNT]; /* the header as written, for messages */
} import_cols_t;

static int import_find_header(const sheet_t *sh, import_cols_t *c, err_t *e)
{
	char norm[128];

	for (size_t r = 0; r < sh->nrows && r < 10; r++) {
		const sheet_row_t *row = &sh->rows[r];
		for (int k = 0; k < COL_COUNT; k++)
			c->at[k] = -1;
		for (size_t i = 0; i < row->n; i++) {
			header_norm(row->cells[i], norm, sizeof norm);
			for (size_t a = 0; a < sizeof col_alias / sizeof col_alias[0]; a++) {
				int k = col_alias[a].col;
				if (c->at[k] < 0 && strcmp(norm, col_alias[a].name) == 0) {
					c->at[k] = (int)i;
					c->name[k] = str_trim(row->cells[i]).ptr;
				}
			}
		}
		if (c->at[COL_TASK] >= 0) {
			if (c->at[COL_SEQ] < 0)
				return err_set_at(e, ERR_INVALID, row->line, -1,
						  cli_msg("第%ld行: 表头缺少 序号 列",
							  "row %ld: the header has no 序号 column"),
						  row->line);
			c->header_line = row->line;
			c->header_row = r;
			return 0;
		}
	}
	return err_set(e, ERR_INVALID, "%s",
		       cli_msg("前10行中找不到表头（需要 序号 和 任务/重点任务/工作任务 列）",
			       "no header in the first 10 rows (it needs the columns 序号 and "
			       "任务/重点任务/工作任务)"));
}

/* ---- 序号 ---- */

enum { STYLE_CN = 1, STYLE_PCN = 2, STYLE_PAR = 3, STYLE_CIRCLE = 4, STYLE_DOT = 100 };

typedef struct seq {
	int style;     /* STYLE_*; dotted numbers: STYLE_DOT + depth */
	char path[64]; /* dotted numbers: "1.2.3" */
} seq_t;

static bool cn_digit(uint32_t cp)
{
	static const char digits[] = "一二三四五六七八九十百零〇";
	char enc[4];
	size_t n = utf8_encode(cp, enc);
	return n == 3 && strstr(digits, (char[4]){ enc[0], enc[1], enc[2], 0 }) != NULL;
}

/* Parses the dotted form "1", "1.2.", "１．２" into s->path; false when it is not one. */
static bool seq_dotted(str_t t, seq_t *s)
{
	size_t o = 0, depth = 1;
	bool digit_last = false;

	for (size_t i = 0; i < t.len;) {
		uint32_t cp;
		int k = utf8_decode(t.ptr + i, t.len - i, &cp);
		if (k < 0)
			return false;
		i += (size_t)k;
		if (cp >= 0xFF10 && cp <= 0xFF19)
			cp = cp - 0xFF10 + '0';
		if (cp >= '0' && cp <= '9') {
			if (o + 1 >= sizeof s->path)
				return false;
			s->path[o++] = (char)cp;
			digit_last = true;
		} else if ((cp == '.' || cp == 0xFF0E) && digit_last) {
			if (i < t.len) {
				if (o + 1 >= sizeof s->path)
					return false;
				s->path[o++] = '.';
				depth++;
			}
			digit_last = false;
		} else if ((cp == 0x3001 || cp == 0xFF0C) && digit_last && i == t.len) {
			digit_last = false; /* "1、" */
		} else {
			return false;
		}
	}
	if (o == 0 || s->path[o - 1] == '.')
		return false;
	s->path[o] = '\0';
	s->style = STYLE_DOT + (int)depth;
	return true;
}

static bool seq_parse(str_t t, seq_t *s)
{
	uint32_t first = 0, cp = 0;
	size_t i = 0, ncn = 0, ndig = 0;
	int k;

	memset(s, 0, sizeof *s);
	t = str_trim(t);
	if (t.len == 0)
		return false;
	if (seq_dotted(t, s))
		return true;
	k = utf8_decode(t.ptr, t.len, &first);
	if (k < 0)
		return false;
	if (first >= 0x2460 && first <= 0x2473 && (size_t)k == t.len) {
		s->style = STYLE_CIRCLE;
		return true;
	}
	bool paren = first == '(' || first == 0xFF08;
	for (i = paren ? (size_t)k : 0; i < t.len; i += (size_t)k) {
		if ((k = utf8_decode(t.ptr + i, t.len - i, &cp)) < 0)
			return false;
		if (cn_digit(cp))
			ncn++;
		else if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19))
			ndig++;
		else
			break;
	}
	if ((ncn == 0) == (ndig == 0))
		return false;
	str_t rest = str_tail(t, i);
	if (paren) {
		if (!str_eq_cstr(rest, ")") && !str_eq_cstr(rest, "）"))
			return false;
		s->style = ncn ? STYLE_PCN : STYLE_PAR;
		return true;
	}
	if (ncn && (rest.len == 0 || str_eq_cstr(rest, "、") || str_eq_cstr(rest, "，") ||
		    str_eq_cstr(rest, ".") || str_eq_cstr(rest, "．"))) {
		s->style = STYLE_CN;
		return true;
	}
	return false;
}

/* ---- rows ---- */

typedef struct import_row {
	long line;
	long parent; /* index of the parent row, -1 for the top level */
	int seq;     /* position among its siblings, from 1 */
	const char *label, *title, *deadline;
	const char *target, *tunit;
	long long lead;
	long long *coop;
	size_t ncoop;
	long long node_id; /* after the write */
} import_row_t;

typedef struct stack_ent {
	seq_t seq;
	long row;
} stack_ent_t;

typedef struct import_state {
	cli_ctx_t *ctx;
	import_cols_t cols;
	store_unit_t *units;
	size_t nunits;
	import_row_t *rows;
	size_t nrows;
	stack_ent_t stack[16];
	size_t depth;
	int top_seq; /* siblings at the top level so far */
	int *nchild; /* per row: children so far */
	size_t ntargets;
} import_state_t;

static const char *cell_text(import_state_t *st, const sheet_row_t *r, int k)
{
	str_t c = st->cols.at[k] < 0 ? str_make("", 0)
				     : str_trim(sheet_cell(r, (size_t)st->cols.at[k]));
	char *z = arena_strndup(st->ctx->arena, c.ptr ? c.ptr : "", c.len);
	return z ? z : "";
}

/* Places the row at index idx in the tree by its label. */
static int import_place(import_state_t *st, const sheet_row_t *r, size_t idx, const seq_t *s,
			err_t *e)
{
	import_row_t *row = &st->rows[idx];
	size_t keep = st->depth; /* entries kept below the new one */

	if (s->style > STYLE_DOT + 1) {
		char parent[64];
		snprintf(parent, sizeof parent, "%s", s->path);
		*strrchr(parent, '.') = '\0';
		for (keep = st->depth; keep > 0; keep--)
			if (st->stack[keep - 1].seq.style == s->style - 1 &&
			    strcmp(st->stack[keep - 1].seq.path, parent) == 0)
				break;
		if (keep == 0)
			return err_set_at(
				e, ERR_INVALID, r->line, -1,
				cli_tr(st->ctx, "第%ld行 第%d列（%s）: '%s' 的上级 '%s' 不存在",
				       "row %ld, column %d (%s): the parent of '%s', '%s', "
				       "does not exist"),
				r->line, st->cols.at[COL_SEQ] + 1, st->cols.name[COL_SEQ],
				row->label, parent);
	} else {
		for (size_t k = 0; k < st->depth; k++)
			if (st->stack[k].seq.style == s->style) {
				keep = k;
				break;
			}
	}
	if (keep >= sizeof st->stack / sizeof st->stack[0])
		return err_set_at(e, ERR_LIMIT, r->line, -1,
				  cli_tr(st->ctx, "第%ld行: 层级超过 %zu 层",
					 "row %ld: more than %zu levels"),
				  r->line, sizeof st->stack / sizeof st->stack[0]);
	row->parent = keep > 0 ? st->stack[keep - 1].row : -1;
	row->seq = row->parent < 0 ? ++st->top_seq : ++st->nchild[row->parent];
	st->stack[keep] = (stack_ent_t){ .seq = *s, .row = (long)idx };
	st->depth = keep + 1;
	return 0;
}

static long long unit_find(const import_state_t *st, str_t name)
{
	for (size_t i = 0; i < st->nunits; i++)
		if (str_eq(st->units[i].name, name))
			return st->units[i].id;
	return 0;
}

/* Splits a units cell at 、，,；;/ and white space into ids (arena); the first unknown
 * name is an error naming the row and column. */
static int import_units(import_state_t *st, const sheet_row_t *r, int k, long long **out_ids,
			size_t *out_n, err_t *e)
{
	const char *z = cell_text(st, r, k);
	size_t n = strlen(z), cap = n / 2 + 2, cnt = 0, start = 0;
	long long *ids = arena_alloc(st->ctx->arena, cap * sizeof *ids);

	if (!ids)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(st->ctx, "内存不足", "out of memory"));
	for (size_t i = 0; i <= n;) {
		uint32_t cp = 0;
		int len = i < n ? utf8_decode(z + i, n - i, &cp) : 1;
		bool sep = i == n || len < 0 || (cp < 128 && strchr(",;/ \t\r\n", (int)cp)) ||
			   cp == 0x3001 || cp == 0xFF0C || cp == 0xFF1B || cp == 0xFF0F ||
			   cp == 0x3000;
		if (len < 0)
			len = 1;
		if (sep) {
			str_t name = str_make(z + start, i - start);
			if (name.len > 0) {
				long long id = unit_find(st, name);
				if (!id)
					return err_set_at(
						e, ERR_INVALID, r->line, -1,
						cli_tr(st->ctx,
						       "第%ld行 第%d列（%s）: 未知单位 '%.*s'",
						       "row %ld, column %d (%s): unknown unit "
						       "'%.*s'"),
						r->line, st->cols.at[k] + 1, st->cols.name[k],
						STR_FMT(name));
				bool dup = false;
				for (size_t j = 0; j < cnt; j++)
					dup = dup || ids[j] == id;
				if (!dup && cnt < cap)
					ids[cnt++] = id;
			}
			start = i + (size_t)len;
		}
		i += (size_t)len;
	}
	*out_ids = ids;
	*out_n = cnt;
	return 0;
}

/* An Excel date serial (a whole number in a plausible range) as "YYYY-MM-DD". */
static const char *deadline_text(arena_t *a, const char *z)
{
	long long v;
	char out[DATE_STR_SIZE];

	if (str_to_ll(str_from_cstr(z), &v) == 0 && v >= 20000 && v <= 80000)
		return arena_strndup(a, date_format((date_t)(v - 25569), out), 10);
	return z;
}

static int import_row(import_state_t *st, const sheet_row_t *r, err_t *e)
{
	import_row_t *row = &st->rows[st->nrows];
	long long *lead = NULL;
	size_t nlead = 0;
	seq_t s;
	int rc;

	memset(row, 0, sizeof *row);
	row->line = r->line;
	row->label = cell_text(st, r, COL_SEQ);
	row->title = cell_text(st, r, COL_TASK);
	if (!row->label[0] && !row->title[0])
		return 0; /* a note in another column */
	if (!seq_parse(str_from_cstr(row->label), &s))
		return err_set_at(e, ERR_INVALID, r->line, -1,
				  cli_tr(st->ctx, "第%ld行 第%d列（%s）: 无法识别的序号 '%s'",
					 "row %ld, column %d (%s): cannot read the number '%s'"),
				  r->line, st->cols.at[COL_SEQ] + 1, st->cols.name[COL_SEQ],
				  row->label);
	if (!row->title[0])
		return err_set_at(e, ERR_INVALID, r->line, -1,
				  cli_tr(st->ctx, "第%ld行 第%d列（%s）: 任务为空",
					 "row %ld, column %d (%s): the task is empty"),
				  r->line, st->cols.at[COL_TASK] + 1, st->cols.name[COL_TASK]);
	if ((rc = import_place(st, r, st->nrows, &s, e)) != 0)
		return rc;
	if (st->cols.at[COL_LEAD] >= 0 &&
	    (rc = import_units(st, r, COL_LEAD, &lead, &nlead, e)) != 0)
		return rc;
	if (st->cols.at[COL_COOP] >= 0 &&
	    (rc = import_units(st, r, COL_COOP, &row->coop, &row->ncoop, e)) != 0)
		return rc;
	/* a second lead unit is a cooperating one */
	row->lead = nlead ? lead[0] : 0;
	for (size_t i = 1; i < nlead; i++) {
		long long *v = arena_alloc(st->ctx->arena, (row->ncoop + 1) * sizeof *v);
		if (!v)
			return err_set(e, ERR_NOMEM, "%s",
				       cli_tr(st->ctx, "内存不足", "out of memory"));
		if (row->ncoop)
			memcpy(v, row->coop, row->ncoop * sizeof *v);
		v[row->ncoop++] = lead[i];
		row->coop = v;
	}
	size_t kept = 0;
	for (size_t i = 0; i < row->ncoop; i++)
		if (row->coop[i] != row->lead)
			row->coop[kept++] = row->coop[i];
	row->ncoop = kept;
	row->deadline = deadline_text(st->ctx->arena, cell_text(st, r, COL_DEADLINE));
	row->target = cell_text(st, r, COL_TARGET);
	row->tunit = cell_text(st, r, COL_UNIT);
	st->ntargets += row->target[0] != '\0';
	st->nrows++;
	return 0;
}

static int import_rows(import_state_t *st, const sheet_t *sh, err_t *e)
{
	size_t n = sh->nrows - st->cols.header_row - 1;

	st->rows = arena_zalloc(st->ctx->arena, (n + 1) * sizeof *st->rows);
	st->nchild = arena_zalloc(st->ctx->arena, (n + 1) * sizeof *st->nchild);
	if (!st->rows || !st->nchild)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(st->ctx, "内存不足", "out of memory"));
	for (size_t i = st->cols.header_row + 1; i < sh->nrows; i++) {
		int rc = import_row(st, &sh->rows[i], e);
		if (rc)
			return rc;
	}
	if (st->nrows == 0)
		return err_set(e, ERR_INVALID,
			       cli_tr(st->ctx, "表头（第%ld行）下面没有任务",
				      "no tasks below the header (row %ld)"),
			       st->cols.header_line);
	return 0;
}

/* ---- writing ---- */

/* The number at the start of text ("100", "3.5亿元"); *out_rest is what follows. */
static bool number_prefix(const char *z, double *out_v, const char **out_rest)
{
	char *end;
	double v = strtod(z, &end);

	if (end == z || z[0] == ' ' || !(v == v))
		return false;
	*out_v = v;
	*out_rest = end;
	return true;
}

static int import_target(import_state_t *st, store_t *s, str_t actor, const import_row_t *row,
			 err_t *e)
{
	store_target_t t = { .node_id = row->node_id };
	const char *rest = "";

	t.indicator = str_from_cstr(row->title);
	t.text = str_from_cstr(row->target);
	t.deadline = str_from_cstr(row->deadline);
	t.unit = str_from_cstr(row->tunit);
	if (number_prefix(row->target, &t.value, &rest)) {
		t.has_value = true;
		if (!row->tunit[0])
			t.unit = str_trim(str_from_cstr(rest));
	}
	(void)st;
	return store_target_add(s, actor, &t, e);
}

static int import_write(import_state_t *st, store_t *s, long long plan_id, err_t *e)
{
	str_t actor = ledger_actor(st->ctx->arena);

	for (size_t i = 0; i < st->nrows; i++) {
		import_row_t *row = &st->rows[i];
		store_node_t nd = { .plan_id = plan_id, .seq = row->seq };
		int rc;
		nd.parent_id = row->parent < 0 ? 0 : st->rows[row->parent].node_id;
		nd.label = str_from_cstr(row->label);
		nd.title = str_from_cstr(row->title);
		nd.body = STR_LIT("");
		nd.deadline = str_from_cstr(row->deadline);
		nd.lead_unit_id = row->lead;
		nd.coop_unit_ids = row->coop;
		nd.n_coop = row->ncoop;
		if ((rc = store_node_add(s, actor, &nd, e)) != 0) {
			err_prefix(e, cli_tr(st->ctx, "第%ld行", "row %ld"), row->line);
			return rc;
		}
		row->node_id = nd.id;
		if (row->target[0] && (rc = import_target(st, s, actor, row, e)) != 0) {
			err_prefix(e, cli_tr(st->ctx, "第%ld行", "row %ld"), row->line);
			return rc;
		}
	}
	return 0;
}

/* ---- the command ---- */

/* Reads the whole file (at most max bytes) into *out_data (mem_alloc'd, caller frees). */
static int read_file(const char *path, size_t max, char **out_data, size_t *out_n, err_t *e)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 65536, n = 0;
	char *p = NULL;
	int rc = 0;

	if (!f)
		return err_set(e, ERR_IO, cli_msg("无法打开 '%s'", "cannot open '%s'"), path);
	for (;;) {
		if (n == cap || !p) {
			char *q = mem_realloc(p, p ? cap * 2 : cap);
			if (!q) {
				rc = err_set(e, ERR_NOMEM, "%s",
					     cli_msg("内存不足", "out of memory"));
				break;
			}
			cap = p ? cap * 2 : cap;
			p = q;
		}
		size_t k = fread(p + n, 1, cap - n, f);
		n += k;
		if (n > max) {
			rc = err_set(e, ERR_LIMIT,
				     cli_msg("'%s' 超过 %zu 字节的上限",
					     "'%s' is larger than the limit of %zu bytes"),
				     path, max);
			break;
		}
		if (k == 0) {
			if (ferror(f))
				rc = err_set(e, ERR_IO,
					     cli_msg("无法读取 '%s'", "cannot read '%s'"), path);
			break;
		}
	}
	fclose(f);
	if (rc) {
		mem_free(p);
		return rc;
	}
	*out_data = p;
	*out_n = n;
	return 0;
}

static const char *path_base(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The plan to import into: an existing one (--plan) or a new one (added in the
 * transaction).  *out_top is the number of top-level nodes it has already. */
static int import_plan(cli_ctx_t *ctx, store_t *s, const char *path, store_plan_t *plan,
		       int *out_top, err_t *e)
{
	const char *pid = cli_arg(&ctx->args, "plan"), *title = cli_arg(&ctx->args, "title");
	const char *year = cli_arg(&ctx->args, "year");
	long long id = 0, y = 0;
	int rc;

	*out_top = 0;
	if (pid && (title || year))
		return err_set(e, ERR_USAGE, "%s",
			       cli_tr(ctx, "--plan 不能与 --title 或 --year 同时使用",
				      "--plan cannot be combined with --title or --year"));
	if (pid) {
		store_node_t *nodes = NULL;
		size_t n = 0;
		if ((rc = ledger_parse_id(pid, "--plan", &id, e)) < 0)
			return rc;
		if ((rc = store_plan_get(s, ctx->arena, id, plan, e)) < 0)
			return ledger_not_found(rc, "plan", id, "plan", e);
		if ((rc = ledger_plan_editable(s, ctx->arena, id, e)) < 0)
			return rc;
		if ((rc = store_node_list(s, ctx->arena, id, &nodes, &n, e)) < 0)
			return rc;
		for (size_t i = 0; i < n; i++)
			*out_top += nodes[i].parent_id == 0;
		return 0;
	}
	if (year && (str_to_ll(str_from_cstr(year), &y) != 0 || y < 1900 || y > 2999)) {
		err_set(e, ERR_INVALID,
			cli_tr(ctx, "--year: '%s' 不是年份", "--year: '%s' is not a year"), year);
		return err_field(e, "year");
	}
	if (!year) {
		date_t today;
		int mo, d, yy;
		if ((rc = ledger_today(&today, e)) < 0)
			return rc;
		date_to_ymd(today, &yy, &mo, &d);
		y = yy;
	}
	memset(plan, 0, sizeof *plan);
	plan->title = str_from_cstr(title ? title : path_base(path));
	plan->source = str_from_cstr(path_base(path));
	plan->year = (int)y;
	return 0;
}

static int import_commit(import_state_t *st, store_t *s, store_plan_t *plan, err_t *e)
{
	int rc = store_begin(s, e);

	if (rc < 0)
		return rc;
	if (plan->id == 0)
		rc = store_plan_add(s, ledger_actor(st->ctx->arena), plan, e);
	if (rc == 0)
		rc = import_write(st, s, plan->id, e);
	if (rc == 0)
		rc = store_commit(s, e);
	if (rc < 0) {
		err_t e2;
		store_rollback(s, &e2);
	}
	return rc;
}

static int import_print(cli_ctx_t *ctx, const import_state_t *st, const store_plan_t *plan,
			const sheet_t *sh, err_t *e)
{
	const char *fmt = sh->format == SHEET_XLSX ? "xlsx" : "csv";

	if (ctx->json)
		return ledger_json_print(
			ctx->out,
			json_pack("{s:I, s:s%, s:I, s:I, s:s, s:s, s:I}", "plan_id",
				  (json_int_t)plan->id, "title", plan->title.ptr, plan->title.len,
				  "nodes", (json_int_t)st->nrows, "targets",
				  (json_int_t)st->ntargets, "format", fmt, "encoding", sh->encoding,
				  "header_line", (json_int_t)st->cols.header_line),
			e);
	fprintf(ctx->out,
		cli_tr(ctx,
		       "已导入到规划 %lld «%.*s»: %zu 个任务, %zu 个目标 (%s, 表头在第%ld行)\n",
		       "imported into plan %lld «%.*s»: %zu tasks, %zu targets (%s, header on row "
		       "%ld)\n"),
		plan->id, STR_FMT(plan->title), st->nrows, st->ntargets, fmt, st->cols.header_line);
	return 0;
}

static int import_run(cli_ctx_t *ctx, err_t *e)
{
	import_state_t st = { .ctx = ctx };
	sheet_limits_t lim;
	store_plan_t plan;
	store_t *s = NULL;
	sheet_t *sh = NULL;
	char *data = NULL;
	size_t n = 0;
	const char *path = ctx->args.pos[0];
	int rc;

	sheet_limits_default(&lim);
	rc = read_file(path, lim.max_input, &data, &n, e);
	if (rc == 0)
		rc = sheet_read(data, n, SHEET_AUTO, &lim, &sh, e);
	if (rc == 0)
		rc = import_find_header(sh, &st.cols, e);
	if (rc == 0)
		rc = ledger_open(ctx, &s, NULL, e);
	if (rc == 0)
		rc = import_plan(ctx, s, path, &plan, &st.top_seq, e);
	if (rc == 0)
		rc = store_unit_list(s, ctx->arena, &st.units, &st.nunits, e);
	if (rc == 0)
		rc = import_rows(&st, sh, e);
	if (rc == 0)
		rc = import_commit(&st, s, &plan, e);
	if (rc == 0)
		rc = import_print(ctx, &st, &plan, sh, e);
	if (rc < 0 && rc != ERR_USAGE && e->msg[0] && !strstr(e->msg, path))
		err_prefix(e, "%s", path_base(path));
	if (rc < 0)
		e->line = 0; /* the message names the row (第N行) itself */
	store_close(s);
	sheet_free(sh);
	mem_free(data);
	return rc;
}

const cli_command_t cmd_import_ledger = {
	.name = "import-ledger",
	.summary = "把已有的台账表格（.xlsx 或 .csv）导入为规划的任务" CLI_EN
		   "import an existing ledger spreadsheet (.xlsx or .csv) as a plan's tasks",
	.usage = "FILE.xlsx|FILE.csv [--plan ID | --title T --year N] [--db FILE|URL] [--json]",
	.help = "表头必须有 序号 和 任务（或 重点任务/工作任务）列；可选 牵头单位、配合单位\n"
		"（或 责任单位）、完成时限、目标值、计量单位，顺序不限，简体繁体均可。序号给出\n"
		"层级（1、1.1、1.1.2 或 一、 （一） （1））。单位必须已存在（'duban unit add'）；\n"
		"未知单位会指出所在的行和列。导入是一个事务：被拒绝的文件不改变任何内容\n"
		"（退出状态 3）。" CLI_EN
		"The header row needs 序号 and 任务 (or 重点任务/工作任务); optional: 牵头单位,\n"
		"配合单位 (or 责任单位), 完成时限, 目标值, 计量单位 — in any order, Simplified or\n"
		"Traditional.  序号 gives the tree (1, 1.1, 1.1.2 or 一、 （一） （1）).  Units "
		"must\n"
		"exist ('duban unit add'); an unknown unit names the row and column.  The import\n"
		"is one transaction: a rejected file changes nothing (exit 3).",
	.opts = import_opts,
	.nopts = sizeof import_opts / sizeof import_opts[0],
	.min_pos = 1,
	.max_pos = 1,
	.run = import_run,
};
