/* nodes.c — one task of the ledger: GET /api/nodes/{id} answers it with an ETag (its
 * version); PATCH /api/nodes/{id} changes label, title, body or deadline and requires
 * If-Match with that version (missing: 428; stale: 412, nothing overwritten — the store
 * re-checks the version inside its transaction).  POST /api/plans/{id}/nodes adds a
 * task: at the top level for those who edit every unit's tasks, else under a parent
 * task the user's unit subtree leads, with a lead unit inside that subtree.
 *
 * A task outside the user's unit subtree answers 404 (its existence must not show) and
 * is audited as a denied request; a visible task the user may not edit (a cooperating
 * unit's, or a closed plan's) answers 403. */
#include "api/internal.h"

#include "model/plan.h"

#include <stdio.h>
#include <string.h>

json_t *api_node_json(const store_node_t *n)
{
	json_t *coop = json_array();

	for (size_t i = 0; coop && i < n->n_coop; i++)
		if (json_array_append_new(coop, json_integer(n->coop_unit_ids[i])))
			break;
	return json_pack("{s:I, s:I, s:o, s:i, s:o, s:o, s:o, s:o, s:o, s:o*, s:I}", "id",
			 (json_int_t)n->id, "plan_id", (json_int_t)n->plan_id, "parent_id",
			 n->parent_id > 0 ? json_integer(n->parent_id) : json_null(), "seq", n->seq,
			 "label", api_str(n->label), "title", api_str(n->title), "body",
			 api_str(n->body), "deadline", api_str(n->deadline), "lead_unit_id",
			 n->lead_unit_id > 0 ? json_integer(n->lead_unit_id) : json_null(),
			 "coop_unit_ids", coop, "version", (json_int_t)n->version);
}

static int node_not_found(err_t *e)
{
	return err_set(e, ERR_NOTFOUND, "未找到该任务");
}

/* Loads node id if the principal may see it; ERR_NOTFOUND (audited when it exists but
 * lies outside the scope) otherwise. */
int api_node_visible_get(api_ctx_t *ctx, store_t *s, http_req_t *req, long long id,
			 store_node_t *out, err_t *e)
{
	const api_principal_t *p = req->principal;
	bool vis = true;
	int rc = store_node_get(s, req->arena, id, out, e);

	if (rc == ERR_NOTFOUND)
		return node_not_found(e);
	if (rc == 0 && p->scope != ORG_SCOPE_ALL)
		rc = store_node_visible(s, id, p->unit_id, &vis, e);
	if (rc == 0 && !vis) {
		api_denied(ctx, s, req, ERR_NOTFOUND, "node outside the user's units");
		return node_not_found(e);
	}
	return rc;
}

static int etag(http_req_t *req, http_resp_t *resp, long long version)
{
	char v[32];

	snprintf(v, sizeof v, "\"%lld\"", version);
	return http_resp_header(resp, req->arena, "ETag", v);
}

int api_nodes_get(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	store_node_t node;
	long long id;
	store_t *s;
	int rc = api_param_id(req, &id, e);

	if (rc)
		return rc;
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	rc = api_node_visible_get(ctx, s, req, id, &node, e);
	if (rc == 0)
		rc = etag(req, resp, node.version);
	if (rc == 0)
		rc = http_resp_json(resp, 200, api_node_json(&node));
	api_store_put(ctx, s);
	return rc;
}

/* The version in If-Match ("3", W/"3" or 3); ERR_INVALID when unreadable. */
static int if_match_version(str_t v, long long *out)
{
	v = str_trim(v);
	if (str_starts_with(v, STR_LIT("W/")))
		v = str_tail(v, 2);
	if (v.len >= 2 && v.ptr[0] == '"' && v.ptr[v.len - 1] == '"')
		v = str_sub(v, 1, v.len - 2);
	return str_to_ll(v, out) == 0 && *out > 0 ? 0 : ERR_INVALID;
}

/* Applies the members of body to n; ERR_INVALID for anything else. */
static int patch_apply(json_t *body, store_node_t *n, err_t *e)
{
	static const char *const fields[] = { "label", "title", "body", "deadline" };
	str_t *slots[] = { &n->label, &n->title, &n->body, &n->deadline };
	const char *key;
	json_t *v;

	if (!json_is_object(body))
		return err_set(e, ERR_INVALID, "请求内容应为 JSON 对象");
	json_object_foreach(body, key, v)
	{
		size_t i = 0;
		while (i < 4 && strcmp(fields[i], key) != 0)
			i++;
		if (i == 4) {
			err_set(e, ERR_INVALID, "不能修改字段“%s”", key);
			return err_field(e, key);
		}
		if (!json_is_string(v)) {
			err_set(e, ERR_INVALID, "字段“%s”应为字符串", key);
			return err_field(e, key);
		}
		*slots[i] = str_make(json_string_value(v), json_string_length(v));
	}
	return 0;
}

/* May the principal edit n (lead unit in scope, plan editable)?  ERR_DENIED when not. */
int api_node_may_edit(store_t *s, http_req_t *req, const store_node_t *n, err_t *e)
{
	store_plan_t plan;
	plan_state_t st;
	bool ok = false;
	int rc = api_owns(s, req->principal, n->lead_unit_id, &ok, e);

	if (rc == 0 && !ok)
		return err_set(e, ERR_DENIED, "只能修改本单位牵头的任务");
	if (rc == 0)
		rc = store_plan_get(s, req->arena, n->plan_id, &plan, e);
	if (rc == 0 && plan_state_parse(plan.state, &st, NULL) == 0 && !plan_state_editable(st))
		return err_set(e, ERR_CONFLICT, "规划已关闭，不能修改");
	return rc;
}

static int patch_node(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp, long long id,
		      long long want, json_t *body, err_t *e)
{
	const api_principal_t *p = req->principal;
	store_node_t node;
	int rc = api_node_visible_get(ctx, s, req, id, &node, e);

	if (rc == 0 && (rc = api_node_may_edit(s, req, &node, e)) == ERR_DENIED)
		api_denied(ctx, s, req, rc, "edit node");
	if (rc)
		return rc;
	if (node.version != want) {
		resp->flags |= HTTP_RESP_PRECONDITION;
		return err_set(e, ERR_CONFLICT, "任务已被他人修改（当前版本 %lld），请刷新后重试",
			       node.version);
	}
	rc = patch_apply(body, &node, e);
	if (rc == 0)
		rc = store_node_update(s, p->name, &node, e);
	if (rc == ERR_CONFLICT) {
		resp->flags |= HTTP_RESP_PRECONDITION;
		return err_set(e, ERR_CONFLICT, "任务已被他人修改，请刷新后重试");
	}
	if (rc == 0)
		rc = etag(req, resp, node.version);
	if (rc == 0)
		rc = http_resp_json(resp, 200, api_node_json(&node));
	return rc;
}

int api_nodes_patch(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	str_t im = http_req_header(req, "If-Match");
	long long id, want = 0;
	json_t *body = NULL;
	store_t *s;
	int rc = api_param_id(req, &id, e);

	if (rc)
		return rc;
	if (!im.ptr)
		return api_resp_status(resp, 428, "precondition_required",
				       "修改任务需要提供 If-Match（先读取任务，使用其 ETag）");
	if (if_match_version(im, &want) != 0) {
		err_set(e, ERR_INVALID, "If-Match 应为任务的 ETag，例如 \"3\"");
		return err_field(e, "If-Match");
	}
	rc = http_req_json(req, &body, e);
	if (rc)
		return rc;
	if (!(s = api_store_get(ctx, req, e))) {
		json_decref(body);
		return e->code;
	}
	rc = patch_node(ctx, s, req, resp, id, want, body, e);
	api_store_put(ctx, s);
	json_decref(body);
	return rc;
}

static const char *const node_fields[] = { "parent_id",    "seq",           "label",
					   "title",        "body",          "deadline",
					   "lead_unit_id", "coop_unit_ids", NULL };

/* Reads coop_unit_ids (an array of ids) into the arena. */
static int coop_ids(http_req_t *req, json_t *body, store_node_t *n, err_t *e)
{
	json_t *arr = json_object_get(body, "coop_unit_ids"), *v;
	long long *ids;
	size_t i;

	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > 64) {
		err_set(e, ERR_INVALID, "字段“coop_unit_ids”应为至多 64 个单位编号的数组");
		return err_field(e, "coop_unit_ids");
	}
	ids = arena_alloc(req->arena, (json_array_size(arr) + 1) * sizeof *ids);
	if (!ids)
		return err_set(e, ERR_NOMEM, "out of memory");
	json_array_foreach(arr, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			err_set(e, ERR_INVALID, "字段“coop_unit_ids”应为单位编号的数组");
			return err_field(e, "coop_unit_ids");
		}
		ids[i] = json_integer_value(v);
	}
	n->coop_unit_ids = ids;
	n->n_coop = json_array_size(arr);
	return 0;
}

static int node_body(http_req_t *req, json_t *body, store_node_t *n, err_t *e)
{
	long long seq = -1; /* absent: last among its siblings */
	int rc = api_body_need_str(body, "title", &n->title, e);

	if (rc == 0)
		rc = api_body_id(body, "parent_id", &n->parent_id, e);
	if (rc == 0)
		rc = api_body_int(body, "seq", 0, 1000000, &seq, e);
	if (rc == 0)
		rc = api_body_str(body, "label", &n->label, e);
	if (rc == 0)
		rc = api_body_str(body, "body", &n->body, e);
	if (rc == 0)
		rc = api_body_str(body, "deadline", &n->deadline, e);
	if (rc == 0)
		rc = api_body_id(body, "lead_unit_id", &n->lead_unit_id, e);
	if (rc == 0)
		rc = coop_ids(req, body, n, e);
	n->seq = (int)seq;
	return rc;
}

/* Every unit id the new node names must exist. */
static int node_units_exist(store_t *s, http_req_t *req, const store_node_t *n, err_t *e)
{
	store_unit_t u;
	int rc = 0;

	if (n->lead_unit_id > 0 &&
	    (rc = store_unit_get(s, req->arena, n->lead_unit_id, &u, e)) == ERR_NOTFOUND)
		return api_bad_id("lead_unit_id", e);
	for (size_t i = 0; rc == 0 && i < n->n_coop; i++)
		if ((rc = store_unit_get(s, req->arena, n->coop_unit_ids[i], &u, e)) ==
		    ERR_NOTFOUND)
			return api_bad_id("coop_unit_ids", e);
	return rc;
}

/* Where may the principal add n?  Scope ALL: anywhere.  A unit's subtree: under a visible
 * parent it may edit (its lead unit in the subtree), led by a unit of the subtree. */
static int node_add_allowed(api_ctx_t *ctx, store_t *s, http_req_t *req, store_node_t *n, err_t *e)
{
	const api_principal_t *p = req->principal;
	store_node_t parent;
	bool ok = true;
	int rc = 0;

	if (n->parent_id > 0) {
		rc = api_node_visible_get(ctx, s, req, n->parent_id, &parent, e);
		if (rc == ERR_NOTFOUND || (rc == 0 && parent.plan_id != n->plan_id))
			return api_bad_id("parent_id", e);
		if (rc == 0)
			rc = api_node_may_edit(s, req, &parent, e);
		if (rc == 0 && n->lead_unit_id <= 0 && p->scope != ORG_SCOPE_ALL)
			n->lead_unit_id = parent.lead_unit_id;
	} else if (p->scope != ORG_SCOPE_ALL) {
		rc = err_set(e, ERR_DENIED, "只能在本单位牵头的任务下添加子任务");
	}
	if (rc == 0 && p->scope != ORG_SCOPE_ALL)
		rc = api_owns(s, p, n->lead_unit_id, &ok, e);
	if (rc == 0 && !ok)
		rc = err_set(e, ERR_DENIED, "牵头单位须为本单位或下级单位");
	if (rc == ERR_DENIED)
		api_denied(ctx, s, req, rc, "add node");
	return rc;
}

static int node_create(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp, json_t *body,
		       store_node_t *n, err_t *e)
{
	const api_principal_t *p = req->principal;
	store_plan_t plan;
	plan_state_t st;
	int rc = store_plan_get(s, req->arena, n->plan_id, &plan, e);

	if (rc == ERR_NOTFOUND)
		return api_not_found(req, "未找到该规划", e);
	if (rc == 0)
		rc = node_body(req, body, n, e);
	if (rc == 0)
		rc = node_add_allowed(ctx, s, req, n, e);
	if (rc == 0)
		rc = node_units_exist(s, req, n, e);
	if (rc == 0 && n->seq < 0)
		rc = store_node_next_seq(s, n->plan_id, n->parent_id, &n->seq, e);
	if (rc == 0 && plan_state_parse(plan.state, &st, NULL) == 0 && !plan_state_editable(st))
		rc = err_set(e, ERR_CONFLICT, "规划已关闭，不能添加任务");
	if (rc == 0)
		rc = store_node_add(s, p->name, n, e);
	if (rc == 0)
		rc = etag(req, resp, n->version);
	if (rc == 0)
		rc = http_resp_json(resp, 201, api_node_json(n));
	return rc;
}

int api_plans_nodes_create(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	store_node_t n = { 0 };
	json_t *body = NULL;
	store_t *s;
	int rc = api_param_id(req, &n.plan_id, e);

	if (rc == 0)
		rc = api_body_object(req, node_fields, &body, e);
	if (rc)
		return rc;
	if (!(s = api_store_get(ctx, req, e))) {
		json_decref(body);
		return e->code;
	}
	rc = node_create(ctx, s, req, resp, body, &n, e);
	api_store_put(ctx, s);
	json_decref(body);
	return rc;
}
