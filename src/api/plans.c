/* plans.c — GET /api/plans (paged, filtered by state and year, sorted by id, year or
 * title in the query, with the total), GET /api/plans/{id} and GET /api/plans/{id}/nodes: a
 * plan's tasks, paged (limit, offset), in tree order or by deadline (sort=deadline),
 * filtered by lead unit (lead_unit=ID), and limited to the user's unit subtree in the
 * query itself for unit roles, so another unit's task never reaches the answer; each task
 * with its cooperating units, and the total on every page.
 * POST /api/plans creates a draft plan; POST /api/plans/{id}/activate and …/close move
 * it along the state machine of model/plan.h (draft → active → closed). */
#include "api/internal.h"

#include "model/plan.h"

#include <string.h>

static json_t *plan_json(const store_plan_t *p)
{
	return json_pack("{s:I, s:o, s:o, s:i, s:o, s:o}", "id", (json_int_t)p->id, "title",
			 api_str(p->title), "source", api_str(p->source), "year", p->year, "state",
			 api_str(p->state), "created_at", api_str(p->created_at));
}

static const char *const plan_sorts[] = { "id", "year", "title", NULL };
static const char *const plan_states[] = { "draft", "active", "closed", NULL };

/* Reads state, year, sort, limit and offset into q. */
static int list_query(const http_req_t *req, store_plan_query_t *q, err_t *e)
{
	long long year;
	int by = 0, state = -1;
	int rc = api_query_page(req, &q->limit, &q->offset, e);

	if (rc == 0)
		rc = api_query_int(req, "year", 0, 9999, &year, e);
	if (rc == 0)
		rc = api_query_choice(req, "state", plan_states, "状态应为 draft、active 或 closed",
				      &state, e);
	if (rc == 0)
		rc = api_query_choice(req, "sort", plan_sorts, "排序方式应为 id、year 或 title",
				      &by, e);
	if (rc)
		return rc;
	q->state = state >= 0 ? str_from_cstr(plan_states[state]) : STR_NULL;
	q->year = (int)year;
	q->sort = (store_plan_sort_t)by;
	return 0;
}

int api_plans_list(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	store_plan_query_t q = { 0 };
	store_plan_t *plans;
	json_t *arr = NULL;
	long long total = 0;
	size_t n = 0;
	store_t *s;
	int rc = list_query(req, &q, e);

	if (rc)
		return rc;
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	rc = store_plan_page(s, req->arena, &q, &plans, &n, &total, e);
	if (rc == 0 && !(arr = json_array()))
		rc = ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (json_array_append_new(arr, plan_json(&plans[i])))
			rc = ERR_NOMEM;
	if (rc == 0)
		rc = api_page_answer(resp, "plans", arr, total, q.limit, q.offset);
	json_decref(arr);
	api_store_put(ctx, s);
	return rc;
}

static int plan_not_found(err_t *e)
{
	return err_set(e, ERR_NOTFOUND, "未找到该规划");
}

static int plan_get(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp, long long id,
		    json_t *body, err_t *e)
{
	store_plan_t plan;
	int rc = store_plan_get(s, req->arena, id, &plan, e);

	(void)ctx;
	(void)body;
	if (rc == ERR_NOTFOUND)
		return plan_not_found(e);
	return rc ? rc : http_resp_json(resp, 200, plan_json(&plan));
}

int api_plans_get(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, NULL, plan_get, e);
}

/* Reads limit, offset, lead_unit and sort into q. */
static int nodes_query(const http_req_t *req, store_node_query_t *q, err_t *e)
{
	static const char *const node_sorts[] = { "tree", "deadline", NULL };
	long long lead;
	int by = 0;
	int rc = api_query_page(req, &q->limit, &q->offset, e);

	if (rc == 0)
		rc = api_query_int(req, "lead_unit", 0, 1LL << 62, &lead, e);
	if (rc == 0)
		rc = api_query_choice(req, "sort", node_sorts, "排序方式应为 tree 或 deadline", &by,
				      e);
	if (rc)
		return rc;
	q->lead_unit_id = lead;
	q->by_deadline = by == 1;
	return 0;
}

int api_plans_nodes(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	const api_principal_t *p = req->principal;
	store_node_query_t q = { 0 };
	store_node_t *nodes;
	store_plan_t plan;
	json_t *arr = NULL;
	long long total = 0;
	size_t n;
	store_t *s;
	int rc = api_param_id(req, &q.plan_id, e);

	if (rc == 0)
		rc = nodes_query(req, &q, e);
	if (rc)
		return rc;
	q.scope_unit_id = api_scope_root(p);
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	rc = store_plan_get(s, req->arena, q.plan_id, &plan, e);
	if (rc == ERR_NOTFOUND)
		rc = plan_not_found(e);
	if (rc == 0)
		rc = store_node_page(s, req->arena, &q, &nodes, &n, &total, e);
	if (rc == 0 && !(arr = json_array()))
		rc = ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (json_array_append_new(arr, api_node_json(&nodes[i])))
			rc = ERR_NOMEM;
	if (rc == 0)
		rc = api_page_answer(resp, "nodes", arr, total, q.limit, q.offset);
	json_decref(arr);
	api_store_put(ctx, s);
	return rc;
}

static const char *const plan_fields[] = { "title", "source", "year", NULL };

int api_plans_create(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	const api_principal_t *p = req->principal;
	store_plan_t plan = { 0 };
	long long year = 0;
	json_t *body = NULL;
	store_t *s = NULL;
	int rc = api_body_object(req, plan_fields, &body, e);

	if (rc == 0)
		rc = api_body_need_str(body, "title", &plan.title, e);
	if (rc == 0)
		rc = api_body_str(body, "source", &plan.source, e);
	if (rc == 0)
		rc = api_body_int(body, "year", 1949, 2200, &year, e);
	plan.year = (int)year;
	plan.state = STR_LIT("draft");
	if (rc == 0 && !(s = api_store_get(ctx, req, e)))
		rc = e->code;
	if (rc == 0)
		rc = store_plan_add(s, p->name, &plan, e);
	if (rc == 0)
		rc = store_plan_get(s, req->arena, plan.id, &plan, e);
	if (rc == 0)
		rc = http_resp_json(resp, 201, plan_json(&plan));
	api_store_put(ctx, s);
	json_decref(body);
	return rc;
}

/* Moves plan id to state to, if the state machine allows it (409 otherwise). */
static int plan_move(store_t *s, http_req_t *req, http_resp_t *resp, long long id, plan_state_t to,
		     err_t *e)
{
	const api_principal_t *p = req->principal;
	store_plan_t plan;
	plan_state_t from;
	int rc = store_plan_get(s, req->arena, id, &plan, e);

	if (rc == ERR_NOTFOUND)
		rc = plan_not_found(e);
	if (rc == 0 && plan_state_parse(plan.state, &from, NULL) != 0)
		rc = err_set(e, ERR_CONFLICT, "规划状态“%.*s”无法识别", STR_FMT(plan.state));
	if (rc == 0)
		rc = plan_transition(from, to, e);
	if (rc == 0)
		rc = store_plan_move(s, p->name, id, plan.state, str_from_cstr(plan_state_name(to)),
				     e);
	if (rc == ERR_CONFLICT && strcmp(e->field, "state") == 0)
		rc = err_set(e, ERR_CONFLICT, "规划状态已被他人更改，请刷新后重试");
	if (rc == 0)
		rc = store_plan_get(s, req->arena, id, &plan, e);
	if (rc == 0)
		rc = http_resp_json(resp, 200, plan_json(&plan));
	return rc;
}

static int plan_activate(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp,
			 long long id, json_t *body, err_t *e)
{
	(void)ctx;
	(void)body;
	return plan_move(s, req, resp, id, PLAN_ACTIVE, e);
}

static int plan_close(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp, long long id,
		      json_t *body, err_t *e)
{
	(void)ctx;
	(void)body;
	return plan_move(s, req, resp, id, PLAN_CLOSED, e);
}

int api_plans_activate(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, NULL, plan_activate, e);
}

int api_plans_close(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, NULL, plan_close, e);
}
