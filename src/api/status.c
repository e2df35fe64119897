/* status.c — GET /api/status and GET /api/warnings: the supervision picture
 * (store/picture.h) as the caller may see it.  Every target, key project and assigned
 * task of the selected plans with its responsible unit, expected progress (序时进度),
 * actual progress, status, warning and reason.  The caller's scope (a unit's subtree)
 * and the kind filter go into the store query; status and warning are computed, so
 * those filters, the sort and the page are applied here, on the server (a page near the
 * top is chosen with a bounded heap, so memory does not grow with the ledger).  The
 * summary counts every item in scope before the status and warning filters.
 *
 * Query: plan (0/absent: every active plan), unit (a unit inside the caller's scope),
 * kind (node|target|project), status (done|normal|lagging|not_reported|
 * seriously_lagging|overdue), warning (none|yellow|red), as_of (YYYY-MM-DD, default
 * today), sort (id|severity|deadline|unit|gap), limit (<= 500, default 50), offset.
 * /api/warnings is the same list restricted to yellow and red, most severe first. */
#include "api/internal.h"

#include "store/picture.h"
#include "store/settings.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STATUS_PAGE_DEFAULT 50

typedef enum status_sort {
	SORT_ID = 0,
	SORT_SEVERITY,
	SORT_DEADLINE,
	SORT_UNIT,
	SORT_GAP
} status_sort_t;

typedef struct status_args {
	store_picture_query_t q;
	bool has_status;
	status_code_t status;
	int warn; /* -1: any */
	bool warned_only;
	status_sort_t sort;
	long long limit, offset;
} status_args_t;

/* A page is chosen from the best offset + limit items, kept in a heap, when that is at
 * most this many (memory stays bounded however large the ledger); deeper pages keep
 * every matching item. */
#define STATUS_KEEP_MAX 5000

/* Items of the picture that pass the filters (copies in the request's arena) and the
 * summary of every item in scope. */
typedef struct status_acc {
	arena_t *a;
	const status_args_t *args;
	int (*cmp)(const void *, const void *); /* the sort */
	size_t keep;                            /* 0: every item; else a max-heap of keep */
	size_t count[STATUS_COUNT], warn[3], total;
	size_t matched; /* items that pass the filters */
	store_picture_item_t *items;
	size_t n, cap;
} status_acc_t;

int api_today(date_t *out_date, err_t *e)
{
	time_t now = time(NULL);
	struct tm tm;

	if (now == (time_t)-1 || !localtime_r(&now, &tm))
		return err_set(e, ERR_INTERNAL, "clock unavailable");
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out_date, e);
}

int api_query_as_of(const http_req_t *req, date_t *out_date, err_t *e)
{
	str_t v;

	if (!http_req_query(req, "as_of", &v))
		return api_today(out_date, e);
	if (date_parse(v, out_date, NULL) < 0) {
		err_set(e, ERR_INVALID, "查询参数“as_of”应为日期，例如 2024-04-10");
		return err_field(e, "as_of");
	}
	return 0;
}

int api_scoped_unit(store_t *s, const http_req_t *req, long long *out_unit, err_t *e)
{
	const api_principal_t *p = req->principal;
	long long root = api_scope_root(p), unit = 0;
	bool in = true;
	int rc = api_query_int(req, "unit", 0, 1LL << 62, &unit, e);

	if (rc == 0 && unit > 0 && root > 0)
		rc = store_unit_in_subtree(s, root, unit, &in, e);
	if (rc == 0 && !in) {
		err_set(e, ERR_NOTFOUND, "没有这个单位");
		return err_field(e, "unit");
	}
	*out_unit = unit > 0 ? unit : root;
	return rc;
}

static int status_args(const http_req_t *req, bool warnings, status_args_t *a, err_t *e)
{
	static const char *const sorts[] = { "id", "severity", "deadline", "unit", "gap" };
	str_t v;
	int rc;

	memset(a, 0, sizeof *a);
	a->warn = -1;
	a->warned_only = warnings;
	a->sort = warnings ? SORT_SEVERITY : SORT_ID;
	if ((rc = api_query_int(req, "plan", 0, 1LL << 62, &a->q.plan_id, e)) ||
	    (rc = api_query_int(req, "limit", STATUS_PAGE_DEFAULT, STORE_PAGE_MAX, &a->limit, e)) ||
	    (rc = api_query_int(req, "offset", 0, 1LL << 40, &a->offset, e)) ||
	    (rc = api_query_as_of(req, &a->q.as_of, e)))
		return rc;
	if (a->limit == 0)
		a->limit = STATUS_PAGE_DEFAULT;
	if (http_req_query(req, "kind", &v)) {
		a->q.kinds = str_eq_cstr(v, STORE_KIND_NODE)      ? STORE_STATUS_NODES
			     : str_eq_cstr(v, STORE_KIND_TARGET)  ? STORE_STATUS_TARGETS
			     : str_eq_cstr(v, STORE_KIND_PROJECT) ? STORE_STATUS_PROJECTS
								  : 0;
		if (!a->q.kinds) {
			err_set(e, ERR_INVALID, "查询参数“kind”应为 node、target 或 project");
			return err_field(e, "kind");
		}
	}
	if (http_req_query(req, "status", &v)) {
		if (status_parse(v, &a->status, NULL) < 0) {
			err_set(e, ERR_INVALID, "查询参数“status”不是已知的状态");
			return err_field(e, "status");
		}
		a->has_status = true;
	}
	if (http_req_query(req, "warning", &v)) {
		for (int w = STATUS_WARN_NONE; w <= STATUS_WARN_RED; w++)
			if (str_eq_cstr(v, status_warn_name((status_warn_t)w)))
				a->warn = w;
		if (a->warn < 0) {
			err_set(e, ERR_INVALID, "查询参数“warning”应为 none、yellow 或 red");
			return err_field(e, "warning");
		}
	}
	if (http_req_query(req, "sort", &v)) {
		size_t k = 0;
		while (k < sizeof sorts / sizeof sorts[0] && !str_eq_cstr(v, sorts[k]))
			k++;
		if (k == sizeof sorts / sizeof sorts[0]) {
			err_set(e, ERR_INVALID,
				"查询参数“sort”应为 id、severity、deadline、unit 或 gap");
			return err_field(e, "sort");
		}
		a->sort = (status_sort_t)k;
	}
	return 0;
}

static int kind_rank(const char *kind)
{
	return !strcmp(kind, STORE_KIND_TARGET) ? 0 : !strcmp(kind, STORE_KIND_NODE) ? 1 : 2;
}

static int cmp_id(const store_picture_item_t *a, const store_picture_item_t *b)
{
	int ka = kind_rank(a->kind), kb = kind_rank(b->kind);
	return ka != kb ? ka - kb : (a->id > b->id) - (a->id < b->id);
}

#define CMP(x, y) (((x) > (y)) - ((x) < (y)))

static int cmp_severity(const void *x, const void *y)
{
	const store_picture_item_t *a = x, *b = y;
	int c = CMP(status_severity(b->st.code), status_severity(a->st.code));
	if (!c)
		c = CMP(b->st.gap_points, a->st.gap_points);
	return c ? c : cmp_id(a, b);
}

static int cmp_deadline(const void *x, const void *y)
{
	const store_picture_item_t *a = x, *b = y;
	int c = CMP(a->deadline, b->deadline);
	return c ? c : cmp_id(a, b);
}

static int cmp_unit(const void *x, const void *y)
{
	const store_picture_item_t *a = x, *b = y;
	int c = CMP(a->unit_id, b->unit_id);
	return c ? c : cmp_id(a, b);
}

static int cmp_gap(const void *x, const void *y)
{
	const store_picture_item_t *a = x, *b = y;
	int c = CMP(b->st.gap_points, a->st.gap_points);
	return c ? c : cmp_id(a, b);
}

static int cmp_plain(const void *x, const void *y)
{
	return cmp_id(x, y);
}

str_t api_unit_name(const store_unit_t *units, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (units[i].id == id)
			return units[i].name;
	return STR_LIT("");
}

static json_t *item_json(const store_picture_item_t *it, const store_unit_t *units, size_t nu)
{
	char dl[DATE_STR_SIZE];

	return json_pack(
		"{s:s, s:I, s:I, s:I, s:o, s:o, s:o, s:s, s:f, s:o, s:s, s:s, s:s, s:s, "
		"s:s, s:o, s:b}",
		"kind", it->kind, "id", (json_int_t)it->id, "plan_id", (json_int_t)it->plan_id,
		"node_id", (json_int_t)it->node_id, "title", api_str(it->title), "unit_id",
		it->unit_id ? json_integer(it->unit_id) : json_null(), "unit_name",
		api_str(api_unit_name(units, nu, it->unit_id)), "deadline",
		date_format(it->deadline, dl), "expected_pct", it->expected_pct, "actual_pct",
		it->has_actual ? json_real(it->actual_pct) : json_null(), "status",
		status_name(it->st.code), "status_label", status_label(it->st.code, NULL),
		"warning", status_warn_name(it->st.warn), "warning_label",
		it->st.warn ? status_warn_label(it->st.warn, NULL) : "", "reason", it->st.reason,
		"last_period", it->has_last ? api_str(it->last_period) : json_null(), "reported",
		it->reported);
}

static json_t *summary_json(const status_acc_t *acc)
{
	json_t *o = json_object();

	for (int c = 0; o && c < STATUS_COUNT; c++)
		json_object_set_new(o, status_name((status_code_t)c),
				    json_integer((json_int_t)acc->count[c]));
	if (o) {
		json_object_set_new(o, "yellow", json_integer((json_int_t)acc->warn[1]));
		json_object_set_new(o, "red", json_integer((json_int_t)acc->warn[2]));
		json_object_set_new(o, "total", json_integer((json_int_t)acc->total));
	}
	return o;
}

static int (*const sort_cmp[])(const void *, const void *) = { cmp_plain, cmp_severity,
							       cmp_deadline, cmp_unit, cmp_gap };

/* Restores the max-heap (by the sort: the worst kept item on top) below slot k. */
static void heap_down(status_acc_t *acc, size_t k)
{
	store_picture_item_t tmp;

	for (;;) {
		size_t l = 2 * k + 1, r = l + 1, m = k;
		if (l < acc->n && acc->cmp(&acc->items[l], &acc->items[m]) > 0)
			m = l;
		if (r < acc->n && acc->cmp(&acc->items[r], &acc->items[m]) > 0)
			m = r;
		if (m == k)
			return;
		tmp = acc->items[k];
		acc->items[k] = acc->items[m];
		acc->items[m] = tmp;
		k = m;
	}
}

static void heap_up(status_acc_t *acc, size_t k)
{
	store_picture_item_t tmp;

	while (k > 0 && acc->cmp(&acc->items[k], &acc->items[(k - 1) / 2]) > 0) {
		tmp = acc->items[k];
		acc->items[k] = acc->items[(k - 1) / 2];
		acc->items[(k - 1) / 2] = tmp;
		k = (k - 1) / 2;
	}
}

/* A free slot for one more item (grown in the arena), or NULL when out of memory. */
static store_picture_item_t *acc_slot(status_acc_t *acc)
{
	if (acc->n == acc->cap) {
		size_t cap = acc->cap ? acc->cap * 2 : 64;
		store_picture_item_t *v = arena_alloc(acc->a, cap * sizeof *v);
		if (!v)
			return NULL;
		if (acc->n)
			memcpy(v, acc->items, acc->n * sizeof *v);
		acc->items = v;
		acc->cap = cap;
	}
	return &acc->items[acc->n++];
}

static int status_collect(const store_picture_item_t *it, void *ud)
{
	status_acc_t *acc = ud;
	const status_args_t *f = acc->args;
	store_picture_item_t *c;

	if (!it->listed)
		return 0;
	acc->total++;
	acc->count[it->st.code]++;
	acc->warn[it->st.warn]++;
	if ((f->has_status && it->st.code != f->status) ||
	    (f->warn >= 0 && (int)it->st.warn != f->warn) ||
	    (f->warned_only && it->st.warn == STATUS_WARN_NONE))
		return 0;
	acc->matched++;
	if (acc->keep && acc->n == acc->keep) {
		if (acc->cmp(it, &acc->items[0]) >= 0)
			return 0; /* not among the best offset + limit */
		c = &acc->items[0];
	} else if (!(c = acc_slot(acc))) {
		return ERR_NOMEM;
	}
	*c = *it;
	c->title = arena_str(acc->a, it->title);
	c->last_period = arena_str(acc->a, it->last_period);
	if (!c->title.ptr || !c->last_period.ptr)
		return ERR_NOMEM;
	if (acc->keep && c == &acc->items[0] && acc->n == acc->keep)
		heap_down(acc, 0);
	else if (acc->keep)
		heap_up(acc, acc->n - 1);
	return 0;
}

/* The answer: as_of, due period, summary, the page of items. */
static int status_answer(http_resp_t *resp, const status_args_t *args, const store_picture_t *pic,
			 status_acc_t *acc, const store_unit_t *units, size_t nu)
{
	char day[DATE_STR_SIZE];
	json_t *arr = json_array();

	if (acc->n)
		qsort(acc->items, acc->n, sizeof *acc->items, acc->cmp);
	for (size_t i = (size_t)args->offset;
	     arr && i < acc->n && i < (size_t)(args->offset + args->limit); i++)
		if (json_array_append_new(arr, item_json(&acc->items[i], units, nu)))
			break;
	return http_resp_json(resp, 200,
			      json_pack("{s:s, s:o, s:o, s:I, s:I, s:I, s:o}", "as_of",
					date_format(pic->as_of, day), "due_period",
					pic->has_due ? json_string(pic->due_text) : json_null(),
					"summary", summary_json(acc), "total",
					(json_int_t)acc->matched, "limit", (json_int_t)args->limit,
					"offset", (json_int_t)args->offset, "items", arr));
}

static int status_serve(http_req_t *req, http_resp_t *resp, bool warnings, err_t *e)
{
	api_ctx_t *ctx = req->app;
	status_args_t args;
	status_acc_t acc = { .a = req->arena, .args = &args };
	store_picture_t pic;
	store_unit_t *units = NULL;
	supervision_cfg_t rules;
	size_t nu = 0;
	store_t *s;
	int rc = status_args(req, warnings, &args, e);

	if (rc)
		return rc;
	acc.cmp = sort_cmp[args.sort];
	if (args.offset + args.limit <= STATUS_KEEP_MAX)
		acc.keep = (size_t)(args.offset + args.limit);
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	rc = api_scoped_unit(s, req, &args.q.unit_id, e);
	if (rc == 0) /* thresholds from the settings (GET/PUT /api/settings) */
		rc = store_supervision_load(s, &rules, e);
	args.q.rules = &rules;
	if (rc == 0)
		rc = store_picture_each(s, req->arena, &args.q, &pic, status_collect, &acc, e);
	if (rc == 0)
		rc = store_unit_list(s, req->arena, &units, &nu, e);
	api_store_put(ctx, s);
	if (rc == ERR_INVALID && !strcmp(e->field, "plan"))
		rc = err_set(e, ERR_NOTFOUND, "没有这个规划");
	if (rc == ERR_NOMEM)
		err_set(e, rc, "out of memory");
	return rc ? rc : status_answer(resp, &args, &pic, &acc, units, nu);
}

int api_status_list(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return status_serve(req, resp, false, e);
}

int api_warnings_list(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return status_serve(req, resp, true, e);
}
