/* export.c — the exports as spreadsheet tables (export.h) and GET /api/exports/{what}:
 * the same content as `duban export`, scoped by the caller's permissions, as a CSV or
 * xlsx download with a dated file name.
 *
 *   ledger    one row per task in outline order: label, title, lead and cooperating
 *             units, deadline, targets, latest report, status and warning;
 *   bulletin  three tables — the status counts per unit, the items with a warning, the
 *             items not reported for the month last due;
 *   projects  the key projects with investment completion rate (投资完成率: the latest
 *             reported cumulative investment, else the stored one, over the planned). */
#include "api/export.h"

#include "api/internal.h"
#include "base/buf.h"
#include "model/plan.h"
#include "model/progress.h"
#include "model/qualifier.h"
#include "store/picture.h"
#include "store/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct export_ctx {
	store_t *s;
	arena_t *a;
	const api_export_query_t *q;
	store_picture_t pic; /* the supervision picture (store/picture.h) */
	store_picture_item_t *items;
	size_t nitems;
	store_unit_t *units;
	size_t nunits;
	long long *scope; /* the scope unit's subtree, sorted; NULL: everything */
	size_t nscope;
	store_missing_t *missing;
	size_t nmissing;
	api_sheet_book_t *book;
} export_ctx_t;

static int cmp_ll(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;
	return (a > b) - (a < b);
}

/* Whether unit lies in the scope (always, without one). */
static bool in_scope(const export_ctx_t *x, long long unit)
{
	return !x->scope || (unit > 0 && bsearch(&unit, x->scope, x->nscope, sizeof unit, cmp_ll));
}

/* The scope unit's subtree from the unit list (bounded: each unit is added once). */
static int scope_load(export_ctx_t *x, err_t *e)
{
	size_t n = 1;

	if (x->q->unit_id <= 0)
		return 0;
	x->scope = arena_alloc(x->a, (x->nunits + 1) * sizeof *x->scope);
	if (!x->scope)
		return err_set(e, ERR_NOMEM, "out of memory");
	x->scope[0] = x->q->unit_id;
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < x->nunits && n <= x->nunits; i++)
			if (x->units[i].parent_id == x->scope[k] && x->units[i].id != x->scope[0])
				x->scope[n++] = x->units[i].id;
	x->nscope = n;
	qsort(x->scope, n, sizeof *x->scope, cmp_ll);
	return 0;
}

/* A task is shown to a scope that leads it or cooperates on it. */
static bool node_visible(const export_ctx_t *x, const store_node_t *nd)
{
	if (in_scope(x, nd->lead_unit_id))
		return true;
	for (size_t i = 0; i < nd->n_coop; i++)
		if (in_scope(x, nd->coop_unit_ids[i]))
			return true;
	return false;
}

static const store_picture_item_t *find_item(const export_ctx_t *x, const char *kind, long long id)
{
	return store_picture_find(x->items, x->nitems, kind, id);
}

static const char *unit_name(export_ctx_t *x, long long id)
{
	str_t n = api_unit_name(x->units, x->nunits, id);
	return n.ptr ? n.ptr : "";
}

/* The latest submitted or accepted report on a task, by any unit, up to the day. */
static const store_report_t *node_latest(export_ctx_t *x, long long node_id)
{
	store_report_t *h = NULL;
	size_t n = 0;

	if (store_report_history(x->s, x->a, STR_LIT(STORE_KIND_NODE), node_id, &h, &n, NULL) < 0)
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

	if (store_target_list(x->s, x->a, node_id, &t, &n, NULL) < 0)
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
				   qualifier_label(t[i].qualifier.ptr));
		else
			buf_append_str(&b, t[i].text.len ? t[i].text : t[i].indicator);
	}
	z = arena_strndup(x->a, buf_cstr(&b), b.len);
	buf_free(&b);
	return z ? z : "";
}

static const char *report_text(export_ctx_t *x, const store_report_t *r)
{
	plan_report_state_t st;

	if (!r)
		return "";
	return arena_printf(x->a, "%s %s%s%s", r->period.ptr,
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
	z = arena_strndup(x->a, buf_cstr(&b), b.len);
	buf_free(&b);
	return z ? z : "";
}

static int ledger_walk(export_ctx_t *x, api_sheet_table_t *t, const store_node_t *nodes, size_t n,
		       long long parent, int depth)
{
	if (depth > 32)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const store_node_t *nd = &nodes[i];
		if (nd->parent_id != parent)
			continue;
		if (!node_visible(x, nd)) { /* its children may be visible */
			int rc = ledger_walk(x, t, nodes, n, nd->id, depth + 1);
			if (rc)
				return rc;
			continue;
		}
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
		int rc = api_sheet_row(x->book, t, cells);
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
	api_sheet_table_t *t = api_sheet_table_add(x->book, "台账", 9, head, width);
	int rc = store_node_list(x->s, x->a, x->q->plan_id, &nodes, &n, e);

	if (rc < 0)
		return rc;
	rc = ledger_walk(x, t, nodes, n, 0, 0);
	return rc ? err_set(e, rc, "out of memory") : 0;
}

/* ---- bulletin ---- */

static int bulletin_summary(export_ctx_t *x, api_sheet_table_t *t)
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
		arena_t *a = x->a;
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
		int rc = api_sheet_row(x->book, t, cells);
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
	api_sheet_table_t *t1 = api_sheet_table_add(x->book, "汇总", 10, h1, w1);
	api_sheet_table_t *t2 = api_sheet_table_add(x->book, "预警", 6, h2, w2);
	api_sheet_table_t *t3 = api_sheet_table_add(x->book, "未填报", 4, h3, w3);
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
		rc = api_sheet_row(x->book, t2, cells);
	}
	for (size_t i = 0; rc == 0 && i < x->nmissing; i++) {
		const store_missing_t *m = &x->missing[i];
		const char *cells[] = { unit_name(x, m->unit_id), kind_label(m->item_kind.ptr),
					m->title.ptr, x->pic.due_text };
		rc = api_sheet_row(x->book, t3, cells);
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
	api_sheet_table_t *t = api_sheet_table_add(x->book, "重点项目", 8, head, width);
	store_project_t *p = NULL;
	size_t n = 0;
	arena_t *a = x->a;
	int rc = store_project_list(x->s, a, x->q->plan_id, &p, &n, e);

	if (rc < 0)
		return rc;
	for (size_t c = 4; c < 8; c++)
		t->number[c] = true;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!in_scope(x, p[i].owner_unit_id))
			continue;
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
		rc = api_sheet_row(x->book, t, cells);
	}
	return rc ? err_set(e, rc, "out of memory") : 0;
}

/* ---- building ---- */

bool api_export_what_valid(const char *what)
{
	return what &&
	       (!strcmp(what, "ledger") || !strcmp(what, "bulletin") || !strcmp(what, "projects"));
}

/* The plan of a ledger export: the one asked for, else the only plan. */
static int export_pick_plan(export_ctx_t *x, api_export_query_t *q, err_t *e)
{
	store_plan_t *plans = NULL;
	size_t n = 0;
	int rc;

	if (q->plan_id || strcmp(q->what, "ledger") != 0)
		return 0;
	if ((rc = store_plan_list(x->s, x->a, &plans, &n, e)) < 0)
		return rc;
	if (n == 1) {
		q->plan_id = plans[0].id;
		return 0;
	}
	if (n == 0)
		err_set(e, ERR_INVALID, "数据库中还没有规划");
	else
		err_set(e, ERR_USAGE, "有 %zu 个规划，请指定规划（plan）", n);
	return err_field(e, "plan");
}

int api_export_build(store_t *s, arena_t *a, api_export_query_t *q, api_sheet_book_t *out_book,
		     err_t *e)
{
	export_ctx_t x = { .s = s, .a = a, .q = q, .book = out_book };
	bool ledger = !strcmp(q->what, "ledger");
	/* the ledger shows a scope every task it leads or helps on, with the task's own
	 * status; the bulletin and the project table only what the scope is responsible for */
	supervision_cfg_t rules;
	store_picture_query_t pq = { .as_of = q->as_of,
				     .unit_id = ledger ? 0 : q->unit_id,
				     .rules = &rules };
	int rc;

	api_sheet_book_init(out_book, a);
	if (!api_export_what_valid(q->what))
		return err_set(e, ERR_USAGE, "unknown export '%s' (ledger, bulletin or projects)",
			       q->what ? q->what : "");
	rc = export_pick_plan(&x, q, e);
	pq.plan_id = q->plan_id;
	if (rc == 0) /* the stored thresholds (store/settings.h) */
		rc = store_supervision_load(s, &rules, e);
	if (rc == 0)
		rc = store_unit_list(s, a, &x.units, &x.nunits, e);
	if (rc == 0)
		rc = scope_load(&x, e);
	if (rc == 0)
		rc = store_picture_items(s, a, &pq, &x.pic, &x.items, &x.nitems, e);
	if (rc == 0 && !strcmp(q->what, "bulletin"))
		rc = store_picture_missing(s, a, &x.pic, q->unit_id, &x.missing, &x.nmissing, e);
	if (rc < 0)
		return rc;
	return ledger                         ? export_ledger(&x, e)
	       : !strcmp(q->what, "bulletin") ? export_bulletin(&x, e)
					      : export_projects(&x, e);
}

const char *api_export_file_name(arena_t *a, const char *what, const char *format, date_t as_of)
{
	int y, m, d;

	date_to_ymd(as_of, &y, &m, &d);
	return arena_printf(a, "duban-%s-%04d%02d%02d.%s", what, y, m, d, format);
}

size_t api_export_rows(const api_sheet_book_t *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->ntables; i++)
		n += b->tables[i].nrows;
	return n;
}

/* ---- GET /api/exports/{what}?plan=ID&format=csv|xlsx&as_of=DATE ---- */

int api_exports_get(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	api_export_query_t q = { 0 };
	api_sheet_book_t book;
	const char *format = "csv", *name;
	char *what = NULL;
	str_t v;
	buf_t out;
	store_t *s;
	int rc;

	for (size_t i = 0; i < req->nparams; i++)
		if (str_eq_cstr(req->params[i].name, "what"))
			what = arena_strndup(req->arena, req->params[i].value.ptr,
					     req->params[i].value.len);
	if (!api_export_what_valid(what))
		return err_set(e, ERR_NOTFOUND, "没有这种导出（ledger、bulletin 或 projects）");
	q.what = what;
	if (http_req_query(req, "format", &v)) {
		if (!str_eq_cstr(v, "csv") && !str_eq_cstr(v, "xlsx")) {
			err_set(e, ERR_INVALID, "查询参数“format”应为 csv 或 xlsx");
			return err_field(e, "format");
		}
		format = str_eq_cstr(v, "xlsx") ? "xlsx" : "csv";
	}
	if ((rc = api_query_int(req, "plan", 0, 1LL << 62, &q.plan_id, e)) ||
	    (rc = api_query_as_of(req, &q.as_of, e)))
		return rc;
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	q.unit_id = api_scope_root(req->principal);
	rc = api_export_build(s, req->arena, &q, &book, e);
	api_store_put(ctx, s);
	if (rc == ERR_INVALID && !strcmp(e->field, "plan"))
		rc = err_set(e, ERR_NOTFOUND, "没有这个规划");
	if (rc == ERR_USAGE)
		rc = ERR_INVALID; /* several plans: the request must name one */
	if (rc)
		return rc;
	buf_init(&out, 0);
	rc = api_sheet_render(&book, format, &out, e);
	str_t bytes = rc == 0 ? arena_str(req->arena, buf_str(&out)) : STR_NULL;
	buf_free(&out);
	if (rc == 0 && !bytes.ptr)
		rc = err_set(e, ERR_NOMEM, "out of memory");
	name = rc == 0 ? api_export_file_name(req->arena, what, format, q.as_of) : NULL;
	if (rc == 0 && !name)
		rc = err_set(e, ERR_NOMEM, "out of memory");
	if (rc == 0)
		rc = http_resp_header(
			resp, req->arena, "Content-Disposition",
			arena_printf(req->arena, "attachment; filename=\"%s\"", name));
	if (rc == 0)
		http_resp_raw(resp, 200, api_sheet_media_type(format), bytes);
	return rc;
}
