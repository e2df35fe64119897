/* projects.c — key projects (重点项目): GET /api/projects (paged, filtered by plan, owner
 * unit and stage, sorted on the server, limited to the user's unit subtree in the query,
 * counts included), POST /api/projects, GET and PATCH /api/projects/{id} (If-Match with
 * the content ETag; stale → 412, nothing written).
 *
 * A project belongs to its owner unit: outside the user's subtree it answers 404
 * (audited).  Unit roles create and move projects only within their own subtree. */
#include "api/internal.h"

#include "model/plan.h"

json_t *api_project_json(const store_project_t *p)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:f, s:f, s:f}", "id", (json_int_t)p->id,
			 "plan_id", p->plan_id > 0 ? json_integer(p->plan_id) : json_null(), "name",
			 api_str(p->name), "owner_unit_id",
			 p->owner_unit_id > 0 ? json_integer(p->owner_unit_id) : json_null(),
			 "place", api_str(p->place), "stage", api_str(p->stage), "total_invest",
			 p->total_invest, "plan_invest", p->plan_invest, "done_invest",
			 p->done_invest);
}

static const char *const sorts[] = { "id", "name", "invest", "done", NULL };

static int list_query(const http_req_t *req, store_project_query_t *q, err_t *e)
{
	long long plan, unit;
	int by = 0;
	int rc = api_query_page(req, &q->limit, &q->offset, e);

	if (rc == 0)
		rc = api_query_int(req, "plan", 0, 1LL << 62, &plan, e);
	if (rc == 0)
		rc = api_query_int(req, "unit", 0, 1LL << 62, &unit, e);
	if (rc)
		return rc;
	http_req_query(req, "stage", &q->stage);
	rc = api_query_choice(req, "sort", sorts, "排序方式应为 id、name、invest 或 done", &by, e);
	if (rc)
		return rc;
	q->sort = (store_project_sort_t)by;
	q->plan_id = plan;
	q->owner_unit_id = unit;
	return 0;
}

int api_projects_list(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	store_project_query_t q = { 0 };
	store_project_t *ps;
	json_t *arr = NULL;
	long long total = 0;
	size_t n = 0;
	store_t *s;
	int rc = list_query(req, &q, e);

	if (rc)
		return rc;
	q.scope_unit_id = api_scope_root(req->principal);
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	rc = store_project_page(s, req->arena, &q, &ps, &n, &total, e);
	if (rc == 0 && !(arr = json_array()))
		rc = ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (json_array_append_new(arr, api_project_json(&ps[i])))
			rc = ERR_NOMEM;
	if (rc == 0)
		rc = api_page_answer(resp, "projects", arr, total, q.limit, q.offset);
	json_decref(arr);
	api_store_put(ctx, s);
	return rc;
}

static const char *const project_fields[] = { "plan_id",     "name",        "owner_unit_id",
					      "place",       "stage",       "total_invest",
					      "plan_invest", "done_invest", NULL };

static int project_body(json_t *body, store_project_t *p, bool create, err_t *e)
{
	int rc = create || json_object_get(body, "name")
			 ? api_body_need_str(body, "name", &p->name, e)
			 : 0;

	if (rc == 0)
		rc = api_body_id(body, "plan_id", &p->plan_id, e);
	if (rc == 0)
		rc = api_body_id(body, "owner_unit_id", &p->owner_unit_id, e);
	if (rc == 0)
		rc = api_body_str(body, "place", &p->place, e);
	if (rc == 0)
		rc = api_body_str(body, "stage", &p->stage, e);
	if (rc == 0)
		rc = api_body_num(body, "total_invest", NULL, &p->total_invest, e);
	if (rc == 0)
		rc = api_body_num(body, "plan_invest", NULL, &p->plan_invest, e);
	if (rc == 0)
		rc = api_body_num(body, "done_invest", NULL, &p->done_invest, e);
	return rc;
}

/* The owner must lie in the principal's scope (403, audited) and exist; the plan, when
 * named, must exist and be open (409). */
static int project_allowed(api_ctx_t *ctx, store_t *s, http_req_t *req, const store_project_t *p,
			   err_t *e)
{
	const api_principal_t *pr = req->principal;
	store_plan_t plan;
	store_unit_t unit;
	plan_state_t st;
	bool ok = false;
	int rc = api_owns(s, pr, p->owner_unit_id, &ok, e);

	if (rc == 0 && !ok) {
		api_denied(ctx, s, req, ERR_DENIED, "project owner outside the user's units");
		return err_set(e, ERR_DENIED, "项目的责任单位须为本单位或下级单位");
	}
	if (rc == 0 && p->owner_unit_id > 0 &&
	    (rc = store_unit_get(s, req->arena, p->owner_unit_id, &unit, e)) == ERR_NOTFOUND)
		return api_bad_id("owner_unit_id", e);
	if (rc == 0 && p->plan_id > 0 &&
	    (rc = store_plan_get(s, req->arena, p->plan_id, &plan, e)) == ERR_NOTFOUND)
		return api_bad_id("plan_id", e);
	if (rc == 0 && p->plan_id > 0 && plan_state_parse(plan.state, &st, NULL) == 0 &&
	    !plan_state_editable(st))
		return err_set(e, ERR_CONFLICT, "规划已关闭，不能修改其项目");
	return rc;
}

static int project_create(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp,
			  long long id, json_t *body, err_t *e)
{
	const api_principal_t *pr = req->principal;
	store_project_t p = { 0 };
	int rc = project_body(body, &p, true, e);

	(void)id;
	if (rc == 0)
		rc = project_allowed(ctx, s, req, &p, e);
	if (rc == 0)
		rc = store_project_add(s, pr->name, &p, e);
	if (rc == 0)
		rc = api_resp_etag_json(req, resp, 201, api_project_json(&p));
	return rc;
}

int api_projects_create(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, false, project_fields, project_create, e);
}

/* Project id if its owner lies in the principal's scope; else 404 (audited). */
static int project_visible_get(api_ctx_t *ctx, store_t *s, http_req_t *req, long long id,
			       store_project_t *out, err_t *e)
{
	bool ok = false;
	int rc = store_project_get(s, req->arena, id, out, e);

	if (rc == 0)
		rc = api_owns(s, req->principal, out->owner_unit_id, &ok, e);
	if (rc == 0 && !ok)
		api_denied(ctx, s, req, ERR_NOTFOUND, "project outside the user's units");
	if (rc == ERR_NOTFOUND || (rc == 0 && !ok))
		return api_not_found(req, "未找到该项目", e);
	return rc;
}

static int project_get(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp, long long id,
		       json_t *body, err_t *e)
{
	store_project_t p;
	int rc = project_visible_get(ctx, s, req, id, &p, e);

	(void)body;
	return rc ? rc : api_resp_etag_json(req, resp, 200, api_project_json(&p));
}

int api_projects_get(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, NULL, project_get, e);
}

static int project_patch(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp,
			 long long id, json_t *body, err_t *e)
{
	const api_principal_t *pr = req->principal;
	store_project_t before, after;
	int rc = project_visible_get(ctx, s, req, id, &before, e);

	if (rc == 0)
		rc = api_if_match_take(req, resp, api_project_json(&before), e);
	if (rc)
		return rc == API_ANSWERED ? 0 : rc;
	after = before;
	rc = project_body(body, &after, false, e);
	if (rc == 0)
		rc = project_allowed(ctx, s, req, &after, e);
	if (rc == 0)
		rc = store_project_update(s, pr->name, &before, &after, e);
	return api_patch_answer(req, resp, rc, "未找到该项目", rc ? NULL : api_project_json(&after),
				e);
}

int api_projects_patch(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, project_fields, project_patch, e);
}
