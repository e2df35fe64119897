/* targets.c — a task's quantified targets (指标: indicator, verb, value, unit, qualifier,
 * deadline, baseline): GET and POST /api/nodes/{id}/targets, GET and PATCH
 * /api/targets/{id} (If-Match with the content ETag; stale → 412, nothing written).
 *
 * A target belongs to its task: visible when the task is (else 404, audited), editable
 * by those who may edit the task (its lead unit's subtree; an open plan). */
#include "api/internal.h"

json_t *api_target_json(const store_target_t *t)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
			 (json_int_t)t->id, "node_id", (json_int_t)t->node_id, "indicator",
			 api_str(t->indicator), "verb", api_str(t->verb), "value",
			 t->has_value ? json_real(t->value) : json_null(), "unit", api_str(t->unit),
			 "qualifier", api_str(t->qualifier), "deadline", api_str(t->deadline),
			 "text", api_str(t->text), "baseline",
			 t->has_baseline ? json_real(t->baseline) : json_null());
}

static const char *const target_fields[] = { "indicator", "verb", "value",    "unit", "qualifier",
					     "deadline",  "text", "baseline", NULL };

static int target_body(json_t *body, store_target_t *t, bool create, err_t *e)
{
	int rc = create || json_object_get(body, "indicator")
			 ? api_body_need_str(body, "indicator", &t->indicator, e)
			 : 0;

	if (rc == 0)
		rc = api_body_str(body, "verb", &t->verb, e);
	if (rc == 0)
		rc = api_body_num(body, "value", &t->has_value, &t->value, e);
	if (rc == 0)
		rc = api_body_str(body, "unit", &t->unit, e);
	if (rc == 0)
		rc = api_body_str(body, "qualifier", &t->qualifier, e);
	if (rc == 0)
		rc = api_body_str(body, "deadline", &t->deadline, e);
	if (rc == 0)
		rc = api_body_str(body, "text", &t->text, e);
	if (rc == 0)
		rc = api_body_num(body, "baseline", &t->has_baseline, &t->baseline, e);
	return rc;
}

/* The node of a target route ({id} is the node) if visible; for writes, editable. */
static int node_for(api_ctx_t *ctx, store_t *s, http_req_t *req, long long id, bool write,
		    store_node_t *out, err_t *e)
{
	int rc = api_node_visible_get(ctx, s, req, id, out, e);

	if (rc == 0 && write && (rc = api_node_may_edit(s, req, out, e)) == ERR_DENIED)
		api_denied(ctx, s, req, rc, "edit targets of a node");
	return rc;
}

int api_targets_list(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	store_target_t *ts;
	store_node_t node;
	json_t *arr = NULL;
	long long id;
	size_t n = 0;
	store_t *s;
	int rc = api_param_id(req, &id, e);

	if (rc)
		return rc;
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	rc = node_for(ctx, s, req, id, false, &node, e);
	if (rc == 0)
		rc = store_target_list(s, req->arena, id, &ts, &n, e);
	if (rc == 0 && !(arr = json_array()))
		rc = ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (json_array_append_new(arr, api_target_json(&ts[i])))
			rc = ERR_NOMEM;
	if (rc == 0)
		rc = http_resp_json(resp, 200, json_pack("{s:O}", "targets", arr));
	json_decref(arr);
	api_store_put(ctx, s);
	return rc;
}

static int target_create(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp,
			 long long node_id, json_t *body, err_t *e)
{
	const api_principal_t *p = req->principal;
	store_target_t t = { .node_id = node_id };
	store_node_t node;
	int rc = node_for(ctx, s, req, node_id, true, &node, e);

	if (rc == 0)
		rc = target_body(body, &t, true, e);
	if (rc == 0)
		rc = store_target_add(s, p->name, &t, e);
	if (rc == 0)
		rc = api_resp_etag_json(req, resp, 201, api_target_json(&t));
	return rc;
}

int api_targets_create(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, target_fields, target_create, e);
}

/* Target id and its node, if the principal may see (and for writes, edit) them. */
static int target_for(api_ctx_t *ctx, store_t *s, http_req_t *req, long long id, bool write,
		      store_target_t *out, err_t *e)
{
	store_node_t node;
	int rc = store_target_get(s, req->arena, id, out, e);

	if (rc == ERR_NOTFOUND)
		return api_not_found(req, "未找到该指标", e);
	if (rc == 0)
		rc = node_for(ctx, s, req, out->node_id, write, &node, e);
	if (rc == ERR_NOTFOUND)
		return api_not_found(req, "未找到该指标", e);
	return rc;
}

static int target_get(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp, long long id,
		      json_t *body, err_t *e)
{
	store_target_t t;
	int rc = target_for(ctx, s, req, id, false, &t, e);

	(void)body;
	return rc ? rc : api_resp_etag_json(req, resp, 200, api_target_json(&t));
}

int api_targets_get(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, NULL, target_get, e);
}

static int target_patch(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp,
			long long id, json_t *body, err_t *e)
{
	const api_principal_t *p = req->principal;
	store_target_t before, after;
	int rc = target_for(ctx, s, req, id, true, &before, e);

	if (rc == 0)
		rc = api_if_match_take(req, resp, api_target_json(&before), e);
	if (rc)
		return rc == API_ANSWERED ? 0 : rc;
	after = before;
	rc = target_body(body, &after, false, e);
	if (rc == 0)
		rc = store_target_update(s, p->name, &before, &after, e);
	return api_patch_answer(req, resp, rc, "未找到该指标", rc ? NULL : api_target_json(&after),
				e);
}

int api_targets_patch(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, target_fields, target_patch, e);
}
