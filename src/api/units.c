/* units.c — the organisation tree (city → departments, counties, zones …):
 * GET /api/units and GET /api/units/{id} for every reader (the tree itself is not
 * secret).  GET /api/units without parameters answers the whole tree nested, as it always
 * did; with any of parent, kind, q, sort, limit, offset a flat page of units filtered,
 * sorted and paged in the query (store_unit_page), with the total.  POST /api/units and
 * PATCH /api/units/{id} (If-Match with the unit's ETag) for administrators.  Moving a unit
 * under one of its own descendants is refused. */
#include "api/internal.h"

#include "base/mem.h"

#include <string.h>

static json_t *unit_json(const store_unit_t *u)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:[]}", "id", (json_int_t)u->id, "parent_id",
			 u->parent_id > 0 ? json_integer(u->parent_id) : json_null(), "name",
			 api_str(u->name), "kind", api_str(u->kind), "children");
}

/* Nests the flat list (parents before or after children) under its roots. */
static json_t *units_tree(const store_unit_t *units, size_t n)
{
	json_t **objs = NULL, *roots = json_array();
	size_t i, j;

	if (!roots || (n && !(objs = mem_calloc(n, sizeof *objs))))
		goto fail;
	for (i = 0; i < n; i++)
		if (!(objs[i] = unit_json(&units[i])))
			goto fail;
	for (i = 0; i < n; i++) {
		json_t *into = roots;
		for (j = 0; units[i].parent_id > 0 && j < n; j++)
			if (units[j].id == units[i].parent_id && j != i) {
				into = json_object_get(objs[j], "children");
				break;
			}
		if (json_array_append(into, objs[i]))
			goto fail;
	}
	for (i = 0; i < n; i++)
		json_decref(objs[i]);
	mem_free(objs);
	return roots;
fail:
	for (i = 0; objs && i < n; i++)
		json_decref(objs[i]);
	mem_free(objs);
	json_decref(roots);
	return NULL;
}

/* One unit without children: what GET, POST and PATCH answer (and the ETag covers). */
static json_t *unit_one_json(const store_unit_t *u)
{
	return json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)u->id, "parent_id",
			 u->parent_id > 0 ? json_integer(u->parent_id) : json_null(), "name",
			 api_str(u->name), "kind", api_str(u->kind));
}

static const char *const page_params[] = { "parent", "kind", "q", "sort", "limit", "offset", NULL };
static const char *const unit_sorts[] = { "id", "name", NULL };

/* Reads parent, kind, q, sort, limit and offset into q. */
static int page_query(const http_req_t *req, store_unit_query_t *q, err_t *e)
{
	long long parent;
	int by = 0;
	int rc = api_query_page(req, &q->limit, &q->offset, e);

	if (rc == 0)
		rc = api_query_int(req, "parent", 0, 1LL << 62, &parent, e);
	if (rc == 0)
		rc = api_query_choice(req, "sort", unit_sorts, "排序方式应为 id 或 name", &by, e);
	if (rc)
		return rc;
	http_req_query(req, "kind", &q->kind);
	if (http_req_query(req, "q", &q->name_part) && q->name_part.len > 100) {
		err_set(e, ERR_INVALID, "查询参数“q”至多 100 字节");
		return err_field(e, "q");
	}
	q->parent_id = parent;
	q->by_name = by == 1;
	return 0;
}

/* GET /api/units with a list parameter: a flat page of units with the total. */
static int units_page(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	store_unit_query_t q = { 0 };
	store_unit_t *units;
	json_t *arr = NULL;
	long long total = 0;
	size_t n = 0;
	store_t *s;
	int rc = page_query(req, &q, e);

	if (rc)
		return rc;
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	rc = store_unit_page(s, req->arena, &q, &units, &n, &total, e);
	if (rc == 0 && !(arr = json_array()))
		rc = ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (json_array_append_new(arr, unit_one_json(&units[i])))
			rc = ERR_NOMEM;
	if (rc == 0)
		rc = api_page_answer(resp, "units", arr, total, q.limit, q.offset);
	json_decref(arr);
	api_store_put(ctx, s);
	return rc;
}

int api_units_tree(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	store_unit_t *units;
	size_t n;
	store_t *s;
	int rc;

	if (api_query_any(req, page_params))
		return units_page(req, resp, e);
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	rc = store_unit_list(s, req->arena, &units, &n, e);
	if (rc == 0)
		rc = http_resp_json(resp, 200,
				    json_pack("{s:o*, s:I}", "units", units_tree(units, n), "total",
					      (json_int_t)n));
	api_store_put(ctx, s);
	return rc;
}

static const char *const unit_fields[] = { "name", "kind", "parent_id", NULL };

/* Reads the members of body into u; ERR_INVALID naming a bad one. */
static int unit_body(json_t *body, store_unit_t *u, bool create, err_t *e)
{
	int rc = create ? api_body_need_str(body, "name", &u->name, e)
			: (json_object_get(body, "name")
				   ? api_body_need_str(body, "name", &u->name, e)
				   : 0);

	if (rc == 0)
		rc = api_body_str(body, "kind", &u->kind, e);
	if (rc == 0)
		rc = api_body_id(body, "parent_id", &u->parent_id, e);
	return rc;
}

/* The store's answer to a unit write, in words for people. */
static int unit_write_error(int rc, err_t *e)
{
	if (rc == ERR_CONFLICT) {
		err_set(e, ERR_CONFLICT, "已有同名单位");
		return err_field(e, "name");
	}
	if (rc == ERR_INVALID && strcmp(e->field, "parent_id") == 0) {
		err_set(e, ERR_INVALID, "上级单位不存在，或是该单位自身或其下级");
		return err_field(e, "parent_id");
	}
	return rc;
}

int api_units_create(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	const api_principal_t *p = req->principal;
	store_unit_t u = { 0 }, parent;
	json_t *body = NULL;
	store_t *s = NULL;
	int rc = api_body_object(req, unit_fields, &body, e);

	if (rc == 0)
		rc = unit_body(body, &u, true, e);
	if (rc == 0 && !(s = api_store_get(ctx, req, e)))
		rc = e->code;
	if (rc == 0 && u.parent_id > 0 &&
	    (rc = store_unit_get(s, req->arena, u.parent_id, &parent, e)) == ERR_NOTFOUND)
		rc = api_bad_id("parent_id", e);
	if (rc == 0)
		rc = unit_write_error(store_unit_add(s, p->name, &u, e), e);
	if (rc == 0)
		rc = api_resp_etag_json(req, resp, 201, unit_one_json(&u));
	api_store_put(ctx, s);
	json_decref(body);
	return rc;
}

static int unit_get(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp, long long id,
		    json_t *body, err_t *e)
{
	store_unit_t u;
	int rc = store_unit_get(s, req->arena, id, &u, e);

	(void)ctx;
	(void)body;
	if (rc == ERR_NOTFOUND)
		return api_not_found(req, "未找到该单位", e);
	return rc ? rc : api_resp_etag_json(req, resp, 200, unit_one_json(&u));
}

int api_units_get(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, NULL, unit_get, e);
}

static int unit_patch(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp, long long id,
		      json_t *body, err_t *e)
{
	const api_principal_t *p = req->principal;
	store_unit_t before, after;
	int rc = store_unit_get(s, req->arena, id, &before, e);

	(void)ctx;
	if (rc == ERR_NOTFOUND)
		return api_not_found(req, "未找到该单位", e);
	if (rc == 0)
		rc = api_if_match_take(req, resp, unit_one_json(&before), e);
	if (rc)
		return rc == API_ANSWERED ? 0 : rc;
	after = before;
	rc = unit_body(body, &after, false, e);
	if (rc == 0)
		rc = store_unit_update(s, p->name, &before, &after, e);
	if (rc == ERR_CONFLICT && strcmp(e->field, "version") == 0)
		return api_stale(resp, req, e);
	if (rc)
		return unit_write_error(rc, e);
	return api_resp_etag_json(req, resp, 200, unit_one_json(&after));
}

int api_units_patch(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, unit_fields, unit_patch, e);
}
