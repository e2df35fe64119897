/* audit.c — GET /api/audit (administrators and supervisors): the audit trail, oldest
 * first, paged by id (?after=LAST_ID&limit=N), optionally one entity (?entity=node) or
 * one row's history (&entity_id=7).  Each row says who, when, what, before and after, and
 * from where (client: the request's address, "cli" for the command line).  The API has no route that changes audit rows, and
 * the database refuses UPDATE and DELETE on them. */
#include "api/internal.h"

static json_t *audit_json(const store_audit_t *r)
{
	json_error_t jerr;
	json_t *before = r->before.len ? json_loadb(r->before.ptr, r->before.len, 0, &jerr) : NULL;
	json_t *after = r->after.len ? json_loadb(r->after.ptr, r->after.len, 0, &jerr) : NULL;

	/* a row written by a caller with non-JSON text keeps it as a string */
	if (r->before.len && !before)
		before = api_str(r->before);
	if (r->after.len && !after)
		after = api_str(r->after);
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:o}", "id", (json_int_t)r->id,
			 "at", api_str(r->at), "actor", api_str(r->actor), "action",
			 api_str(r->action), "entity", api_str(r->entity), "entity_id",
			 (json_int_t)r->entity_id, "before", before ? before : json_null(), "after",
			 after ? after : json_null(), "client", api_str(r->client));
}

int api_audit_list(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	store_audit_query_t q = { 0 };
	long long after = 0, limit = 0, eid = 0;
	store_audit_t *rows;
	json_t *arr = NULL;
	size_t n;
	store_t *s;
	int rc = api_query_int(req, "after", 0, (1LL << 62), &after, e);

	if (rc == 0)
		rc = api_query_int(req, "limit", 100, STORE_AUDIT_MAX, &limit, e);
	if (rc == 0)
		rc = api_query_int(req, "entity_id", 0, (1LL << 62), &eid, e);
	if (rc)
		return rc;
	http_req_query(req, "entity", &q.entity);
	q.after_id = after;
	q.limit = (size_t)(limit ? limit : 100);
	q.entity_id = eid;
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	rc = store_audit_list(s, req->arena, &q, &rows, &n, e);
	if (rc == 0 && !(arr = json_array()))
		rc = ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (json_array_append_new(arr, audit_json(&rows[i])))
			rc = ERR_NOMEM;
	if (rc == 0)
		rc = http_resp_json(resp, 200,
				    json_pack("{s:O, s:I}", "rows", arr, "next_after",
					      (json_int_t)(n ? rows[n - 1].id : after)));
	json_decref(arr);
	api_store_put(ctx, s);
	return rc;
}
