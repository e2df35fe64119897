/* cmd_export.c — `duban export --format csv|xlsx [--what ledger|bulletin|projects]`: the
 * ledger, the bulletin (通报) or the key-project table as a spreadsheet the office opens in
 * Excel (written by cli/ledger_sheet.c: CSV with BOM, xlsx with a bold frozen header).
 *
 *   ledger    one row per task in outline order: label, title, lead and cooperating
 *             units, deadline, targets, latest report, status and warning;
 *   bulletin  three tables — the status counts per unit, the items with a warning, the
 *             items not reported for the month last due;
 *   projects  the key projects with investment completion rate (投资完成率: the latest
 *             reported cumulative investment, else the stored one, over the planned). */
#include "cli/ledger.h"
#include "cli/ledger_sheet.h"
#include "model/plan.h"
#include "model/progress.h"
#include "store/picture.h"

#include <stdio.h>
#include <string.h>

static const cli_opt_t export_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "format", CLI_VALUE, "csv|xlsx", "the file format (required)" },
	{ "what", CLI_VALUE, "WHAT", "ledger (default), bulletin or projects" },
	{ "plan", CLI_VALUE, "ID", "the plan (ledger: required when there are several)" },
	{ "o", CLI_VALUE, "FILE", "output file (default duban-WHAT-YYYYMMDD.EXT here)" },
	{ "as-of", CLI_VALUE, "DATE", "judge status on this day, YYYY-MM-DD (default: today)" },
};

typedef struct export_ctx {
	cli_ctx_t *ctx;
	store_t *s;
	long long plan_id;
	store_picture_t pic; /* the supervision picture (store/picture.h) */
	store_picture_item_t *items;
	size_t nitems;
	store_unit_t *units;
	size_t nunits;
	store_missing_t *missing;
	size_t nmissing;
	ledger_sheet_book_t book;
} export_ctx_t;

static const store_picture_item_t *find_item(const export_ctx_t *x, const char *kind, long long id)
{
	return store_picture_find(x->items, x->nitems, kind, id);
}

static const char *unit_name(export_ctx_t *x, long long id)
{
	return ledger_unit_name(x->ctx->arena, x->units, x->nunits, id);
}

/* The latest submitted or accepted report on a task, by any unit, up to the day. */
static const store_report_t *node_latest(export_ctx_t *x, long long node_id)
{
	store_report_t *h = NULL;
	size_t n = 0;

	if (store_report_history(x->s, x->ctx->arena, STR_LIT(STORE_KIND_NODE), node_id, &h, &n,
				 NULL) < 0)
		return NULL;
	return store_picture_latest(h, n, 0, x->pic.as_of);
}

/* ---- ledger ---- */

/* The node's targets as one cell; *io_worst gets the most severe status among their
 * items if more severe than *io_worst (-1: none yet). */
static const char *targets_text(export_ctx_t *x, long long node_id, int *io_worst)
{
	store_target_t *t = NULL;
	size_t n = 0;
	buf_t b;
	const char *z;

	if (store_target_list(x->s, x->ctx->arena, node_id, &t, &n, NULL) < 0)
		return "";
	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++) {
		const store_picture_item_t *it = find_item(x, STORE_KIND_TARGET, t[i].id);
		if (it && (*io_worst < 0 || status_severity(it->st.code) >
						    status_severity((status_code_t)*io_worst)))
			*io_worst = (int)it->st.code;
		if (i)
			buf_append_cstr(&b, "；");
		if (t[i].has_value)
			buf_printf(&b, "%s %g%s%s%s", t[i].indicator.ptr, t[i].value, t[i].unit.ptr,
				   t[i].qualifier.len ? " " : "",
				   ledger_qualifier_label(t[i].qualifier.ptr));
		else
			buf_append_str(&b, t[i].text.len ? t[i].text : t[i].indicator);
	}
	z = arena_strndup(x->ctx->arena, buf_cstr(&b), b.len);
	buf_free(&b);
	return z ? z : "";
}

static const char *report_text(export_ctx_t *x, const store_report_t *r)
{
	plan_report_state_t st;

	if (!r)
		return "";
	return arena_printf(x->ctx->arena, "%s %s%s%s", r->period.ptr,
			    plan_report_state_parse(r->state, &st, NULL) == 0
				    ? plan_report_state_label(st, NULL)
				    : r->state.ptr,
			    r->narrative.len ? "：" : "", r->narrative.ptr);
}

static const char *coop_text(export_ctx_t *x, const store_node_t *nd)
{
	buf_t b;
	const char *z;

	buf_init(&b, 0);
	for (size_t i = 0; i < nd->n_coop; i++) {
		if (i)
			buf_append_cstr(&b, "、");
		buf_append_cstr(&b, unit_name(x, nd->coop_unit_ids[i]));
	}
	z = arena_strndup(x->ctx->arena, buf_cstr(&b), b.len);
	buf_free(&b);
	return z ? z : "";
}

static int ledger_walk(export_ctx_t *x, ledger_sheet_table_t *t, const store_node_t *nodes,
		       size_t n, long long parent, int depth)
{
	if (depth > 32)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const store_node_t *nd = &nodes[i];
		if (nd->parent_id != parent)
			continue;
		const store_picture_item_t *it = find_item(x, STORE_KIND_NODE, nd->id);
		int worst = it ? (int)it->st.code : -1;
		const char *targets = targets_text(x, nd->id, &worst);
		status_warn_t warn = worst < 0 ? STATUS_WARN_NONE : status_warn_of(worst);
		const char *cells[] = {
			nd->label.ptr,
			nd->title.ptr,
			unit_name(x, nd->lead_unit_id),
			coop_text(x, nd),
			nd->deadline.ptr,
			targets,
			report_text(x, node_latest(x, nd->id)),
			worst < 0 ? "" : status_label((status_code_t)worst, NULL),
			warn ? status_warn_label(warn, NULL) : "",
		};
		int rc = ledger_sheet_row(&x->book, t, cells);
		if (rc == 0)
			rc = ledger_walk(x, t, nodes, n, nd->id, depth + 1);
		if (rc)
			return rc;
	}
	return 0;
}

static int export_ledger(export_ctx_t *x, err_t *e)
{
	static const char *const head[] = { "序号", "任务",     "牵头单位", "配合单位", "完成时限",
					    "目标", "最新进展", "状态",     "预警" };
	static const double width[] = { 8, 48, 16, 24, 14, 36, 36, 10, 10 };
	store_node_t *nodes = NULL;
	size_t n = 0;
	ledger_sheet_table_t *t = ledger_sheet_table_add(&x->book, "台账", 9, head, width);
	int rc = store_node_list(x->s, x->ctx->arena, x->plan_id, &nodes, &n, e);

	if (rc < 0)
		return rc;
	rc = ledger_walk(x, t, nodes, n, 0, 0);
	return rc ? err_set(e, rc, "out of memory") : 0;
}

/* ---- bulletin ---- */

static int bulletin_summary(export_ctx_t *x, ledger_sheet_table_t *t)
{
	const export_ctx_t *set = x;

	for (size_t u = 0; u < set->nunits; u++) {
		size_t count[STATUS_COUNT] = { 0 }, warn[3] = { 0 }, total = 0;
		for (size_t i = 0; i < set->nitems; i++) {
			if (set->items[i].unit_id != set->units[u].id)
				continue;
			count[set->items[i].st.code]++;
			warn[set->items[i].st.warn]++;
			total++;
		}
		if (total == 0)
			continue;
		arena_t *a = x->ctx->arena;
		const char *cells[] = {
			set->units[u].name.ptr,
			arena_printf(a, "%zu", total),
			arena_printf(a, "%zu", count[STATUS_DONE]),
			arena_printf(a, "%zu", count[STATUS_NORMAL]),
			arena_printf(a, "%zu", count[STATUS_LAGGING]),
			arena_printf(a, "%zu", count[STATUS_SERIOUS]),
			arena_printf(a, "%zu", count[STATUS_OVERDUE]),
			arena_printf(a, "%zu", count[STATUS_NOT_REPORTED]),
			arena_printf(a, "%zu", warn[STATUS_WARN_YELLOW]),
			arena_printf(a, "%zu", warn[STATUS_WARN_RED]),
		};
		int rc = ledger_sheet_row(&x->book, t, cells);
		if (rc)
			return rc;
	}
	return 0;
}

static const char *kind_label(const char *kind)
{
	if (strcmp(kind, STORE_KIND_TARGET) == 0)
		return "目标";
	if (strcmp(kind, STORE_KIND_PROJECT) == 0)
		return "项目";
	return "任务";
}

static int export_bulletin(export_ctx_t *x, err_t *e)
{
	static const char *const h1[] = { "单位",     "事项", "已完成", "正常",     "滞后",
					  "严重滞后", "逾期", "未填报", "黄色预警", "红色预警" };
	static const double w1[] = { 18, 8, 8, 8, 8, 10, 8, 8, 10, 10 };
	static const char *const h2[] = { "单位", "类型", "事项", "状态", "预警", "原因" };
	static const double w2[] = { 18, 8, 48, 10, 10, 48 };
	static const char *const h3[] = { "单位", "类型", "事项", "期次" };
	static const double w3[] = { 18, 8, 48, 10 };
	ledger_sheet_table_t *t1 = ledger_sheet_table_add(&x->book, "汇总", 10, h1, w1);
	ledger_sheet_table_t *t2 = ledger_sheet_table_add(&x->book, "预警", 6, h2, w2);
	ledger_sheet_table_t *t3 = ledger_sheet_table_add(&x->book, "未填报", 4, h3, w3);
	int rc = 0;

	for (size_t c = 1; c < 10; c++)
		t1->number[c] = true;
	rc = bulletin_summary(x, t1);
	for (size_t i = 0; rc == 0 && i < x->nitems; i++) {
		const store_picture_item_t *it = &x->items[i];
		if (it->st.warn == STATUS_WARN_NONE)
			continue;
		const char *cells[] = { unit_name(x, it->unit_id),
					kind_label(it->kind),
					it->title.ptr,
					status_label(it->st.code, NULL),
					status_warn_label(it->st.warn, NULL),
					it->st.reason };
		rc = ledger_sheet_row(&x->book, t2, cells);
	}
	for (size_t i = 0; rc == 0 && i < x->nmissing; i++) {
		const store_missing_t *m = &x->missing[i];
		const char *cells[] = { unit_name(x, m->unit_id), kind_label(m->item_kind.ptr),
					m->title.ptr, x->pic.due_text };
		rc = ledger_sheet_row(&x->book, t3, cells);
	}
	return rc ? err_set(e, rc, "out of memory") : 0;
}

/* ---- projects ---- */

static int export_projects(export_ctx_t *x, err_t *e)
{
	static const char *const head[] = {
		"项目名称",           "责任单位",         "地点",         "阶段", "总投资(亿元)",
		"年度计划投资(亿元)", "已完成投资(亿元)", "投资完成率(%)"
	};
	static const double width[] = { 40, 18, 12, 8, 14, 18, 18, 14 };
	ledger_sheet_table_t *t = ledger_sheet_table_add(&x->book, "重点项目", 8, head, width);
	store_project_t *p = NULL;
	size_t n = 0;
	arena_t *a = x->ctx->arena;
	int rc = store_project_list(x->s, a, x->plan_id, &p, &n, e);

	if (rc < 0)
		return rc;
	for (size_t c = 4; c < 8; c++)
		t->number[c] = true;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const store_picture_item_t *it = find_item(x, STORE_KIND_PROJECT, p[i].id);
		double done = it ? it->done_invest : p[i].done_invest;
		double rate;
		bool has_rate = progress_invest_rate(done, p[i].plan_invest, &rate, NULL) == 0;
		const char *cells[] = {
			p[i].name.ptr,
			unit_name(x, p[i].owner_unit_id),
			p[i].place.ptr,
			p[i].stage.ptr,
			arena_printf(a, "%.2f", p[i].total_invest),
			arena_printf(a, "%.2f", p[i].plan_invest),
			arena_printf(a, "%.2f", done),
			has_rate ? arena_printf(a, "%.1f", rate) : "",
		};
		rc = ledger_sheet_row(&x->book, t, cells);
	}
	return rc ? err_set(e, rc, "out of memory") : 0;
}

/* ---- the command ---- */

/* The plan for --what ledger: --plan, else the only plan. */
static int export_pick_plan(export_ctx_t *x, const char *what, err_t *e)
{
	const char *pid = cli_arg(&x->ctx->args, "plan");
	store_plan_t *plans = NULL;
	size_t n = 0;
	int rc;

	if (pid)
		return ledger_parse_id(pid, "--plan", &x->plan_id, e);
	if (strcmp(what, "ledger") != 0)
		return 0;
	if ((rc = store_plan_list(x->s, x->ctx->arena, &plans, &n, e)) < 0)
		return rc;
	if (n == 1) {
		x->plan_id = plans[0].id;
		return 0;
	}
	if (n == 0)
		err_set(e, ERR_INVALID, "数据库中还没有规划");
	else
		err_set(e, ERR_USAGE, "有 %zu 个规划, 请用 --plan 指定 (见 'duban plan list')", n);
	return err_field(e, "plan");
}

static int export_eval(export_ctx_t *x, err_t *e)
{
	const char *as_of = cli_arg(&x->ctx->args, "as-of");
	store_picture_query_t o = { .plan_id = x->plan_id };
	int rc;

	if (as_of) {
		if ((rc = date_parse(str_from_cstr(as_of), &o.as_of, e)) < 0) {
			err_prefix(e, "--as-of");
			return err_field(e, "as-of");
		}
	} else if ((rc = ledger_today(&o.as_of, e)) < 0) {
		return rc;
	}
	rc = store_picture_items(x->s, x->ctx->arena, &o, &x->pic, &x->items, &x->nitems, e);
	if (rc == ERR_INVALID && !strcmp(e->field, "plan"))
		err_field(e, "--plan");
	if (rc == 0)
		rc = store_unit_list(x->s, x->ctx->arena, &x->units, &x->nunits, e);
	if (rc == 0)
		rc = store_picture_missing(x->s, x->ctx->arena, &x->pic, 0, &x->missing,
					   &x->nmissing, e);
	return rc;
}

static const char *export_path(export_ctx_t *x, const char *what, const char *fmt, err_t *e)
{
	const char *o = cli_arg(&x->ctx->args, "o");
	int y, m, d;

	if (o)
		return o;
	date_to_ymd(x->pic.as_of, &y, &m, &d);
	const char *p = arena_printf(x->ctx->arena, "duban-%s-%04d%02d%02d.%s", what, y, m, d, fmt);
	if (!p)
		err_set(e, ERR_NOMEM, "out of memory");
	return p;
}

static size_t book_rows(const ledger_sheet_book_t *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->ntables; i++)
		n += b->tables[i].nrows;
	return n;
}

static int export_run(cli_ctx_t *ctx, err_t *e)
{
	export_ctx_t x = { .ctx = ctx };
	const char *fmt = cli_arg(&ctx->args, "format"), *what = cli_arg(&ctx->args, "what");
	const char *path = NULL;
	int rc;

	if (!what)
		what = "ledger";
	if (!fmt || (strcmp(fmt, "csv") != 0 && strcmp(fmt, "xlsx") != 0)) {
		err_set(e, ERR_USAGE, "--format must be csv or xlsx");
		return err_field(e, "format");
	}
	if (strcmp(what, "ledger") != 0 && strcmp(what, "bulletin") != 0 &&
	    strcmp(what, "projects") != 0) {
		err_set(e, ERR_USAGE, "--what must be ledger, bulletin or projects");
		return err_field(e, "what");
	}
	ledger_sheet_book_init(&x.book, ctx->arena);
	rc = ledger_open(ctx, &x.s, NULL, e);
	if (rc == 0)
		rc = export_pick_plan(&x, what, e);
	if (rc == 0)
		rc = export_eval(&x, e);
	if (rc == 0)
		rc = strcmp(what, "ledger") == 0     ? export_ledger(&x, e)
		     : strcmp(what, "bulletin") == 0 ? export_bulletin(&x, e)
						     : export_projects(&x, e);
	if (rc == 0 && !(path = export_path(&x, what, fmt, e)))
		rc = ERR_NOMEM;
	if (rc == 0)
		rc = ledger_sheet_write(&x.book, fmt, path, e);
	if (rc == 0 && ctx->json)
		rc = ledger_json_print(ctx->out,
				       json_pack("{s:s, s:s, s:s, s:I}", "file", path, "format",
						 fmt, "what", what, "rows",
						 (json_int_t)book_rows(&x.book)),
				       e);
	else if (rc == 0)
		fprintf(ctx->out, "已导出 %s (%zu 行) 到 %s\n", what, book_rows(&x.book), path);
	store_close(x.s);
	return rc;
}

const cli_command_t cmd_export = {
	.name = "export",
	.summary = "export the ledger, the bulletin (通报) or the key projects as CSV or xlsx",
	.usage = "--format csv|xlsx [--what ledger|bulletin|projects] [--plan ID] [-o FILE] "
		 "[--db FILE|URL] [--json]",
	.help = "CSV is UTF-8 with a BOM so that Excel shows Chinese correctly; xlsx has a bold,\n"
		"frozen header row.  Text that a spreadsheet could run as a formula (starting\n"
		"with = + - @) is written with a leading apostrophe in CSV and as plain text in\n"
		"xlsx.  The default file is duban-WHAT-YYYYMMDD.EXT in the current folder.",
	.opts = export_opts,
	.nopts = sizeof export_opts / sizeof export_opts[0],
	.max_pos = 0,
	.run = export_run,
};
