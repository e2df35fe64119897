/* reports.c — progress reports (填报): POST /api/reports files or submits a report on a
 * task or key project for a period, for the item's responsible unit (the user's scope
 * must cover it; the plan must be active); POST /api/reports/{id}/accept and
 * /api/reports/{id}/return review a submitted one (returning needs a comment);
 * GET /api/not-reported?plan=ID&period=P lists the items without a submitted report,
 * limited to the user's unit subtree (or unit=ID, a unit inside it, and its subtree) in
 * the query, ordered by kind and id (sort=unit: by responsible unit first) and paged
 * (limit <= 500, default 50; offset) with the total on every page. */
#include "api/internal.h"

#include "model/date.h"
#include "model/plan.h"

json_t *api_report_json(const store_report_t *r)
{
	return json_pack("{s:I, s:I, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
			 (json_int_t)r->id, "unit_id", (json_int_t)r->unit_id, "item_kind",
			 api_str(r->item_kind), "item_id", (json_int_t)r->item_id, "period",
			 api_str(r->period), "state", api_str(r->state), "actual_value",
			 r->has_value ? json_real(r->actual_value) : json_null(), "stage",
			 api_str(r->stage), "narrative", api_str(r->narrative), "comment",
			 api_str(r->comment), "updated_at", api_str(r->updated_at));
}

/* The responsible unit and plan of the item; ERR_NOTFOUND when there is none, or when it
 * lies outside the principal's view. */
static int item_owner(api_ctx_t *ctx, store_t *s, http_req_t *req, str_t kind, long long id,
		      long long *out_unit, long long *out_plan, err_t *e)
{
	const api_principal_t *p = req->principal;
	bool vis = true;
	int rc;

	if (str_eq_cstr(kind, STORE_KIND_NODE)) {
		store_node_t n;
		rc = store_node_get(s, req->arena, id, &n, e);
		if (rc == 0 && p->scope != ORG_SCOPE_ALL)
			rc = store_node_visible(s, id, p->unit_id, &vis, e);
		*out_unit = rc == 0 ? n.lead_unit_id : 0;
		*out_plan = rc == 0 ? n.plan_id : 0;
	} else if (str_eq_cstr(kind, STORE_KIND_PROJECT)) {
		store_project_t pr;
		rc = store_project_get(s, req->arena, id, &pr, e);
		if (rc == 0)
			rc = api_owns(s, p, pr.owner_unit_id, &vis, e);
		*out_unit = rc == 0 ? pr.owner_unit_id : 0;
		*out_plan = rc == 0 ? pr.plan_id : 0;
	} else {
		err_set(e, ERR_INVALID, "item_kind 应为 node 或 project");
		return err_field(e, "item_kind");
	}
	if (rc == 0 && !vis)
		api_denied(ctx, s, req, ERR_NOTFOUND, "report on an item outside the user's units");
	if (rc == ERR_NOTFOUND || (rc == 0 && !vis))
		return err_set(e, ERR_NOTFOUND, "未找到要填报的事项");
	return rc;
}

/* Reads the report's fields from body into r (views into body). */
static int report_body(json_t *body, store_report_t *r, bool *out_submit, err_t *e)
{
	json_t *v;
	period_t per;
	int rc = api_body_str(body, "item_kind", &r->item_kind, e);

	if (rc == 0)
		rc = api_body_str(body, "period", &r->period, e);
	if (rc == 0)
		rc = api_body_str(body, "stage", &r->stage, e);
	if (rc == 0)
		rc = api_body_str(body, "narrative", &r->narrative, e);
	if (rc)
		return rc;
	v = json_object_get(body, "item_id");
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		err_set(e, ERR_INVALID, "item_id 应为事项编号");
		return err_field(e, "item_id");
	}
	r->item_id = json_integer_value(v);
	if (period_parse(r->period, &per, e) != 0)
		return err_field(e, "period");
	v = json_object_get(body, "actual_value");
	if (v && !json_is_null(v)) {
		if (!json_is_number(v)) {
			err_set(e, ERR_INVALID, "actual_value 应为数值");
			return err_field(e, "actual_value");
		}
		r->has_value = true;
		r->actual_value = json_number_value(v);
	}
	v = json_object_get(body, "submit");
	*out_submit = !v || json_is_true(v);
	return 0;
}

static int submit(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp, json_t *body,
		  err_t *e)
{
	const api_principal_t *p = req->principal;
	store_report_t r = { 0 };
	store_plan_t plan;
	plan_state_t st;
	long long plan_id = 0;
	bool sub = true, ok = false;
	int rc = report_body(body, &r, &sub, e);

	if (rc == 0)
		rc = item_owner(ctx, s, req, r.item_kind, r.item_id, &r.unit_id, &plan_id, e);
	if (rc == 0 && r.unit_id <= 0)
		return err_set(e, ERR_INVALID, "该事项尚未指定牵头单位，不能填报");
	if (rc == 0)
		rc = api_owns(s, p, r.unit_id, &ok, e);
	if (rc == 0 && !ok) {
		api_denied(ctx, s, req, ERR_DENIED, "report for another unit");
		return err_set(e, ERR_DENIED, "只能为本单位牵头的事项填报");
	}
	if (rc == 0 && plan_id > 0)
		rc = store_plan_get(s, req->arena, plan_id, &plan, e);
	if (rc == 0 && plan_id > 0 &&
	    (plan_state_parse(plan.state, &st, NULL) != 0 || !plan_state_accepts_reports(st)))
		return err_set(e, ERR_CONFLICT, "规划不在执行中，不能填报");
	if (rc == 0)
		rc = store_report_put(s, p->name, &r, sub, e);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "该期报告已提交或已通过，不能再修改");
	if (rc == 0)
		rc = store_report_get(s, req->arena, r.id, &r, e);
	if (rc == 0)
		rc = http_resp_json(resp, 201, api_report_json(&r));
	return rc;
}

int api_reports_submit(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	json_t *body = NULL;
	store_t *s;
	int rc = http_req_json(req, &body, e);

	if (rc)
		return rc;
	if (!json_is_object(body)) {
		json_decref(body);
		return err_set(e, ERR_INVALID, "请求内容应为 JSON 对象");
	}
	if (!(s = api_store_get(ctx, req, e))) {
		json_decref(body);
		return e->code;
	}
	rc = submit(ctx, s, req, resp, body, e);
	api_store_put(ctx, s);
	json_decref(body);
	return rc;
}

static int review(http_req_t *req, http_resp_t *resp, bool accept, err_t *e)
{
	api_ctx_t *ctx = req->app;
	const api_principal_t *p = req->principal;
	str_t comment = STR_LIT("");
	store_report_t r = { 0 };
	plan_report_state_t from;
	json_t *body = NULL;
	long long id;
	bool ok = false;
	store_t *s = NULL;
	int rc = api_param_id(req, &id, e);

	if (rc == 0 && req->body.len > 0 && (rc = http_req_json(req, &body, e)) == 0)
		rc = api_body_str(body, "comment", &comment, e);
	if (rc == 0 && !(s = api_store_get(ctx, req, e)))
		rc = e->code;
	if (rc == 0)
		rc = store_report_get(s, req->arena, id, &r, e);
	if (rc == 0)
		rc = api_owns(s, p, r.unit_id, &ok, e);
	if (rc == ERR_NOTFOUND || (rc == 0 && !ok))
		rc = err_set(e, ERR_NOTFOUND, "未找到该报告");
	if (rc == 0 && plan_report_state_parse(r.state, &from, NULL) != 0)
		rc = err_set(e, ERR_CONFLICT, "报告状态无效");
	if (rc == 0)
		rc = plan_report_transition(
			from, accept ? PLAN_REPORT_ACCEPTED : PLAN_REPORT_RETURNED, comment, e);
	if (rc == 0)
		rc = store_report_review(s, p->name, id, accept, comment, e);
	if (rc == 0)
		rc = store_report_get(s, req->arena, id, &r, e);
	if (rc == 0)
		rc = http_resp_json(resp, 200, api_report_json(&r));
	api_store_put(ctx, s);
	json_decref(body);
	return rc;
}

int api_reports_accept(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return review(req, resp, true, e);
}

int api_reports_return(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return review(req, resp, false, e);
}

int api_reports_list(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	str_t period = STR_NULL, state = STR_NULL;
	plan_report_state_t st;
	store_report_t *reps;
	long long limit, offset;
	json_t *arr = NULL;
	period_t per;
	size_t n;
	store_t *s;
	int rc = api_query_int(req, "limit", 100, STORE_PAGE_MAX, &limit, e);

	if (rc == 0)
		rc = api_query_int(req, "offset", 0, 1LL << 40, &offset, e);
	if (rc)
		return rc;
	if (!http_req_query(req, "period", &period) || period_parse(period, &per, e) != 0) {
		if (!period.ptr)
			err_set(e, ERR_INVALID, "请指定填报周期（period），例如 2024-03");
		return err_field(e, "period");
	}
	if (http_req_query(req, "state", &state) && plan_report_state_parse(state, &st, e) != 0)
		return err_field(e, "state");
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	rc = store_report_list_scoped(s, req->arena, period, api_scope_root(req->principal), state,
				      (size_t)(limit ? limit : 100), (size_t)offset, &reps, &n, e);
	api_store_put(ctx, s);
	if (rc == 0 && !(arr = json_array()))
		rc = ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (json_array_append_new(arr, api_report_json(&reps[i])))
			rc = ERR_NOMEM;
	if (rc == 0)
		rc = http_resp_json(resp, 200, json_pack("{s:O}", "reports", arr));
	json_decref(arr);
	return rc;
}

/* Reads plan, period, sort, limit and offset of GET /api/not-reported into q. */
static int missing_query(const http_req_t *req, store_missing_query_t *q, err_t *e)
{
	static const char *const missing_sorts[] = { "item", "unit", NULL };
	long long plan;
	int by = 0;
	period_t per;
	int rc = api_query_int(req, "plan", 0, 1LL << 62, &plan, e);

	if (rc == 0)
		rc = api_query_page(req, &q->limit, &q->offset, e);
	if (rc)
		return rc;
	if (plan <= 0) {
		err_set(e, ERR_INVALID, "请指定规划（plan）");
		return err_field(e, "plan");
	}
	if (!http_req_query(req, "period", &q->period) || period_parse(q->period, &per, e) != 0) {
		if (!q->period.ptr)
			err_set(e, ERR_INVALID, "请指定填报周期（period），例如 2024-03");
		return err_field(e, "period");
	}
	rc = api_query_choice(req, "sort", missing_sorts, "排序方式应为 item 或 unit", &by, e);
	if (rc)
		return rc;
	q->plan_id = plan;
	q->by_unit = by == 1;
	return 0;
}

static json_t *missing_json(const store_missing_t *m)
{
	return json_pack("{s:o, s:I, s:I, s:o}", "item_kind", api_str(m->item_kind), "item_id",
			 (json_int_t)m->item_id, "unit_id", (json_int_t)m->unit_id, "title",
			 api_str(m->title));
}

int api_not_reported(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	store_missing_query_t q = { 0 };
	store_missing_t *m = NULL;
	long long total = 0;
	json_t *arr = NULL;
	size_t n = 0;
	store_t *s;
	int rc = missing_query(req, &q, e);

	if (rc)
		return rc;
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	rc = api_scoped_unit(s, req, &q.scope_unit_id, e);
	if (rc == 0)
		rc = store_report_missing_page(s, req->arena, &q, &m, &n, &total, e);
	api_store_put(ctx, s);
	if (rc == 0 && !(arr = json_array()))
		rc = ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (json_array_append_new(arr, missing_json(&m[i])))
			rc = ERR_NOMEM;
	if (rc == 0)
		rc = api_page_answer(resp, "items", arr, total, q.limit, q.offset);
	json_decref(arr);
	return rc;
}
