/* report.c — progress reports, one per unit x item x period: drafts and submissions
 * (an upsert that refuses to rewrite a submitted or accepted report), review (accept or
 * return, only from submitted), submissions with a given time (historical imports, the
 * demo), listings and the "not reported" list. */
#include "base/mem.h"
#include "model/date.h"
#include "store/backend.h"
#include "store/rows.h"

#include <string.h>

static int report_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_report_t *r = store_vec_push(v);
	if (r == NULL)
		return ERR_NOMEM;
	r->id = s->be->col_int(row, 0);
	r->unit_id = s->be->col_int(row, 1);
	r->item_kind = store_col_str(s, v->a, row, 2);
	r->item_id = s->be->col_int(row, 3);
	r->period = store_col_str(s, v->a, row, 4);
	r->state = store_col_str(s, v->a, row, 5);
	r->has_value = !s->be->col_null(row, 6);
	r->actual_value = r->has_value ? s->be->col_real(row, 6) : 0;
	r->stage = store_col_str(s, v->a, row, 7);
	r->narrative = store_col_str(s, v->a, row, 8);
	r->comment = store_col_str(s, v->a, row, 9);
	r->updated_at = store_col_str(s, v->a, row, 10);
	r->submitted_at = store_col_str(s, v->a, row, 11);
	return r->item_kind.ptr && r->period.ptr && r->state.ptr && r->stage.ptr &&
			       r->narrative.ptr && r->comment.ptr && r->updated_at.ptr &&
			       r->submitted_at.ptr
		       ? 0
		       : ERR_NOMEM;
}

static int missing_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_missing_t *m = store_vec_push(v);
	if (m == NULL)
		return ERR_NOMEM;
	m->item_kind = store_col_str(s, v->a, row, 0);
	m->item_id = s->be->col_int(row, 1);
	m->unit_id = s->be->col_int(row, 2);
	m->title = store_col_str(s, v->a, row, 3);
	return m->item_kind.ptr && m->title.ptr ? 0 : ERR_NOMEM;
}

/* backdated: the after-image of a submission with a given time (store_report_submit_at). */
static char *report_json(const store_report_t *r, bool backdated)
{
	json_t *j = json_object();
	if (j == NULL)
		return NULL;
	json_object_set_new(j, "id", json_integer(r->id));
	json_object_set_new(j, "unit_id", json_integer(r->unit_id));
	json_object_set_new(j, "item_kind", store_json_str(r->item_kind));
	json_object_set_new(j, "item_id", json_integer(r->item_id));
	json_object_set_new(j, "period", store_json_str(r->period));
	json_object_set_new(j, "state", store_json_str(r->state));
	json_object_set_new(j, "actual_value",
			    r->has_value ? json_real(r->actual_value) : json_null());
	json_object_set_new(j, "stage", store_json_str(r->stage));
	json_object_set_new(j, "narrative", store_json_str(r->narrative));
	json_object_set_new(j, "comment", store_json_str(r->comment));
	if (r->submitted_at.len)
		json_object_set_new(j, "submitted_at", store_json_str(r->submitted_at));
	if (backdated)
		json_object_set_new(j, "backdated", json_true());
	return store_json_take(j);
}

/* 0 when the item a report refers to exists. */
static int item_check(store_t *s, arena_t *a, str_t kind, long long id, err_t *e)
{
	int rc;
	if (str_eq_cstr(kind, STORE_KIND_NODE)) {
		store_node_t n;
		rc = store_node_get(s, a, id, &n, e);
	} else if (str_eq_cstr(kind, STORE_KIND_PROJECT)) {
		store_project_t p;
		rc = store_project_get(s, a, id, &p, e);
	} else if (str_eq_cstr(kind, STORE_KIND_TARGET)) {
		rc = store_target_exists(s, id, e);
	} else {
		err_set(e, ERR_INVALID, "store: unknown report item kind '%.*s'", STR_FMT(kind));
		return err_field(e, "item_kind");
	}
	if (rc == ERR_NOTFOUND) {
		err_set(e, ERR_INVALID, "store: report on a missing %.*s %lld", STR_FMT(kind), id);
		return err_field(e, "item_id");
	}
	return rc;
}

static int row_first_id(store_t *s, const store_row_t *row, void *ud)
{
	*(long long *)ud = s->be->col_int(row, 0);
	return 0;
}

static int report_get_key(store_t *s, arena_t *a, const store_report_t *r, store_report_t *out,
			  err_t *e)
{
	store_val_t p[] = { SV_I(r->unit_id), SV_S(r->item_kind), SV_I(r->item_id),
			    SV_S(r->period) };
	return store_get_one(s, a, ST_REPORT_GET_KEY, p, 4, report_row, sizeof(*out), out, "report",
			     e);
}

/* Recomputes report_latest for one item x unit after a write to its reports. */
static int latest_refresh(store_t *s, const store_report_t *r, err_t *e)
{
	store_val_t p[] = { SV_S(r->item_kind), SV_I(r->item_id), SV_I(r->unit_id) };
	int rc = store_q(s, ST_LATEST_DEL, p, 3, NULL, e);
	return rc < 0 ? rc : store_q(s, ST_LATEST_PUT, p, 3, NULL, e);
}

/* at: the submission time to record (empty: now, the time of the write). */
static int report_put_tx(store_t *s, arena_t *a, str_t actor, store_report_t *r, str_t at, err_t *e)
{
	char now[32];
	store_now(now, sizeof(now));
	store_report_t before;
	int rc = item_check(s, a, r->item_kind, r->item_id, e);
	if (rc < 0)
		return rc;
	rc = report_get_key(s, a, r, &before, e);
	bool existed = rc == 0;
	if (rc == ERR_NOTFOUND)
		rc = 0;
	if (rc < 0)
		return rc;
	store_val_t p[] = { SV_I(r->unit_id),         SV_S(r->item_kind),
			    SV_I(r->item_id),         SV_S(r->period),
			    SV_S(r->state),           r->has_value ? SV_R(r->actual_value) : SV_N(),
			    SV_S(r->stage),           SV_S(r->narrative),
			    SV_S(str_from_cstr(now)), SV_S(at.len ? at : str_from_cstr(now)) };
	if (existed && !str_eq_cstr(before.state, "draft") &&
	    !str_eq_cstr(before.state, "returned"))
		return err_set(e, ERR_CONFLICT, "store: report %lld is already %.*s", before.id,
			       STR_FMT(before.state));
	/* The upsert itself refuses to touch a submitted or accepted report (no row back),
	 * so a concurrent submission cannot be overwritten either. */
	long long id = 0;
	rc = store_q_rows(s, ST_REPORT_PUT, p, 10, row_first_id, &id, e);
	if (rc < 0)
		return rc;
	if (id == 0)
		return err_set(e, ERR_CONFLICT, "store: report was submitted meanwhile");
	store_report_t after;
	rc = report_get_key(s, a, r, &after, e);
	if (rc < 0)
		return rc;
	r->id = after.id;
	r->comment = STR_NULL;
	rc = latest_refresh(s, &after, e);
	if (rc < 0)
		return rc;
	return store_audit_json(s, actor, str_eq_cstr(r->state, "submitted") ? "submit" : "draft",
				"report", r->id, existed ? report_json(&before, false) : NULL,
				report_json(&after, at.len > 0), e);
}

/* at: the submission time to record, empty for the time of the write. */
static int report_put_at(store_t *s, str_t actor, store_report_t *report, bool submit, str_t at,
			 err_t *e)
{
	int rc = store_need(report->period, "period", e);
	if (rc < 0)
		return rc;
	if (report->unit_id <= 0) {
		err_set(e, ERR_INVALID, "store: a report needs its unit");
		return err_field(e, "unit_id");
	}
	arena_t *a = arena_new(0, 0);
	if (a == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	report->state = submit ? STR_LIT("submitted") : STR_LIT("draft");
	if ((rc = store_w_begin(s, e)) == 0) {
		rc = report_put_tx(s, a, actor, report, at, e);
		rc = store_w_end(s, rc, e);
	}
	arena_free(a);
	return rc;
}

int store_report_put(store_t *s, str_t actor, store_report_t *report, bool submit, err_t *e)
{
	return report_put_at(s, actor, report, submit, STR_NULL, e);
}

/* 0 when at is YYYY-MM-DDTHH:MM:SSZ (a real date and time) and not after now. */
static int submit_time_check(str_t at, err_t *e)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	char now[32];
	bool ok = at.len == sizeof shape - 1;
	for (size_t i = 0; ok && i < at.len; i++)
		ok = shape[i] == 'd' ? at.ptr[i] >= '0' && at.ptr[i] <= '9' : at.ptr[i] == shape[i];
	date_t d;
	ok = ok && date_parse(str_sub(at, 0, 10), &d, NULL) == 0 &&
	     memcmp(at.ptr + 11, "24", 2) < 0 && memcmp(at.ptr + 14, "60", 2) < 0 &&
	     memcmp(at.ptr + 17, "60", 2) < 0;
	if (!ok) {
		err_set(e, ERR_INVALID, "store: submission time '%.*s' is not YYYY-MM-DDTHH:MM:SSZ",
			STR_FMT(at));
		return err_field(e, "submitted_at");
	}
	store_now(now, sizeof now);
	if (memcmp(at.ptr, now, at.len) > 0) {
		err_set(e, ERR_INVALID, "store: submission time %.*s is in the future (now %s)",
			STR_FMT(at), now);
		return err_field(e, "submitted_at");
	}
	return 0;
}

int store_report_submit_at(store_t *s, str_t actor, store_report_t *report, str_t submitted_at,
			   err_t *e)
{
	int rc = submit_time_check(submitted_at, e);
	return rc < 0 ? rc : report_put_at(s, actor, report, true, submitted_at, e);
}

static int review_tx(store_t *s, arena_t *a, str_t actor, long long id, bool accept, str_t comment,
		     err_t *e)
{
	char now[32];
	store_now(now, sizeof(now));
	store_report_t before;
	store_val_t g[] = { SV_I(id) };
	int rc = store_get_one(s, a, ST_REPORT_GET, g, 1, report_row, sizeof(before), &before,
			       "report", e);
	if (rc < 0)
		return rc;
	str_t state = accept ? STR_LIT("accepted") : STR_LIT("returned");
	store_val_t p[] = { SV_S(state), SV_S(comment), SV_S(str_from_cstr(now)), SV_I(id) };
	long long changes = 0;
	rc = store_q(s, ST_REPORT_REVIEW, p, 4, &changes, e);
	if (rc < 0)
		return rc;
	if (changes == 0)
		return err_set(e, ERR_CONFLICT, "store: report %lld is %.*s, not submitted", id,
			       STR_FMT(before.state));
	store_report_t after = before;
	after.state = state;
	after.comment = comment;
	rc = latest_refresh(s, &after, e);
	if (rc < 0)
		return rc;
	return store_audit_json(s, actor, accept ? "accept" : "return", "report", id,
				report_json(&before, false), report_json(&after, false), e);
}

int store_report_review(store_t *s, str_t actor, long long report_id, bool accept, str_t comment,
			err_t *e)
{
	arena_t *a = arena_new(0, 0);
	if (a == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	int rc = store_w_begin(s, e);
	if (rc == 0) {
		rc = review_tx(s, a, actor, report_id, accept, comment, e);
		rc = store_w_end(s, rc, e);
	}
	arena_free(a);
	return rc;
}

int store_report_list(store_t *s, arena_t *a, str_t period, long long unit_id,
		      store_report_t **out_reports, size_t *out_n, err_t *e)
{
	store_val_t p[] = { SV_S(period), SV_I(unit_id) };
	return store_list(s, a, unit_id > 0 ? ST_REPORT_LIST_UNIT : ST_REPORT_LIST, p,
			  unit_id > 0 ? 2 : 1, report_row, sizeof(**out_reports),
			  (void **)out_reports, out_n, e);
}

int store_report_missing(store_t *s, arena_t *a, long long plan_id, str_t period,
			 store_missing_t **out_missing, size_t *out_n, err_t *e)
{
	store_val_t p[] = { SV_I(plan_id), SV_S(period) };
	return store_list(s, a, ST_REPORT_MISSING, p, 2, missing_row, sizeof(**out_missing),
			  (void **)out_missing, out_n, e);
}

int store_report_missing_scoped(store_t *s, arena_t *a, long long plan_id, str_t period,
				long long scope_unit_id, store_missing_t **out_missing,
				size_t *out_n, err_t *e)
{
	store_val_t p[] = { SV_I(plan_id), SV_S(period),
			    SV_I(scope_unit_id > 0 ? scope_unit_id : 0) };
	return store_list(s, a, ST_REPORT_MISSING_SCOPE, p, 3, missing_row, sizeof(**out_missing),
			  (void **)out_missing, out_n, e);
}

/* The rows of ST_REPORT_MISSING_PAGE/_SUB: a missing item, the total, and whether the
 * item is on the page (the first item comes even when it is not, for the total). */
typedef struct missing_acc {
	store_vec_t v; /* first: missing_row fills it */
	long long total;
} missing_acc_t;

static int missing_page_row(store_t *s, const store_row_t *row, void *ud)
{
	missing_acc_t *acc = ud;
	acc->total = s->be->col_int(row, 4);
	return s->be->col_int(row, 5) ? missing_row(s, row, &acc->v) : 0;
}

int store_report_missing_page(store_t *s, arena_t *a, const store_missing_query_t *q,
			      store_missing_t **out_missing, size_t *out_n, long long *out_total,
			      err_t *e)
{
	long long root = q->scope_unit_id > 0 ? q->scope_unit_id : 0;
	long long limit =
		(long long)(q->limit > 0 && q->limit < STORE_PAGE_MAX ? q->limit : STORE_PAGE_MAX);
	store_val_t p[] = { SV_I(q->plan_id),         SV_S(q->period), SV_I(root),
			    SV_I(q->by_unit ? 1 : 0), SV_I(limit),     SV_I((long long)q->offset) };
	missing_acc_t acc = { .v = { .a = a, .size = sizeof(store_missing_t) } };
	bool small = false;
	int rc = store_subtree_small(s, root, &small, e);

	*out_missing = NULL;
	*out_n = 0;
	*out_total = 0;
	if (rc == 0)
		rc = store_q_rows(s, small ? ST_REPORT_MISSING_SUB : ST_REPORT_MISSING_PAGE, p, 6,
				  missing_page_row, &acc, e);
	if (rc == ERR_NOMEM)
		err_set(e, rc, "store: out of memory reading rows");
	if (rc < 0)
		return rc;
	*out_missing = acc.v.items;
	*out_n = acc.v.n;
	*out_total = acc.total;
	return 0;
}

int store_report_get(store_t *s, arena_t *a, long long id, store_report_t *out_report, err_t *e)
{
	store_val_t p[] = { SV_I(id) };
	return store_get_one(s, a, ST_REPORT_GET, p, 1, report_row, sizeof(*out_report), out_report,
			     "report", e);
}

static int counts_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_unit_counts_t *c = store_vec_push(v);
	if (c == NULL)
		return ERR_NOMEM;
	c->unit_id = s->be->col_int(row, 0);
	c->items = s->be->col_int(row, 1);
	c->filed = s->be->col_int(row, 2);
	c->plan_invest = s->be->col_real(row, 3);
	c->done_invest = s->be->col_real(row, 4);
	return 0;
}

int store_unit_report_counts(store_t *s, arena_t *a, long long plan_id, str_t period,
			     store_unit_counts_t **out_rows, size_t *out_n, err_t *e)
{
	store_val_t p[] = { SV_I(plan_id), SV_S(period) };
	return store_list(s, a, ST_UNIT_REPORT_COUNTS, p, 2, counts_row, sizeof(**out_rows),
			  (void **)out_rows, out_n, e);
}

int store_report_list_scoped(store_t *s, arena_t *a, str_t period, long long scope_unit_id,
			     str_t state, size_t limit, size_t offset, store_report_t **out_reports,
			     size_t *out_n, err_t *e)
{
	size_t lim = limit > 0 && limit < STORE_PAGE_MAX ? limit : STORE_PAGE_MAX;
	store_val_t p[] = { SV_S(period), SV_I(scope_unit_id > 0 ? scope_unit_id : 0),
			    SV_S(state.ptr ? state : STR_LIT("")), SV_I((long long)lim),
			    SV_I((long long)offset) };
	return store_list(s, a, ST_REPORT_LIST_SCOPE, p, 5, report_row, sizeof(**out_reports),
			  (void **)out_reports, out_n, e);
}

int store_report_history(store_t *s, arena_t *a, str_t item_kind, long long item_id,
			 store_report_t **out_reports, size_t *out_n, err_t *e)
{
	store_val_t p[] = { SV_S(item_kind), SV_I(item_id) };
	return store_list(s, a, ST_REPORT_HISTORY, p, 2, report_row, sizeof(**out_reports),
			  (void **)out_reports, out_n, e);
}
