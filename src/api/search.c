/* search.c — GET /api/search?q=…&limit=…: tasks, targets and key projects whose text
 * contains q (Traditional folded to Simplified, store_search_scoped), limited in the
 * query to what the user's unit subtree may see, so a hit from another unit never
 * shows, not even in the count. */
#include "api/internal.h"

int api_search(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	store_hit_t *hits;
	json_t *arr = NULL;
	long long limit;
	size_t n = 0;
	str_t q = STR_NULL;
	store_t *s;
	int rc = api_query_int(req, "limit", 50, 200, &limit, e);

	if (rc)
		return rc;
	if (!http_req_query(req, "q", &q) || str_trim(q).len == 0 || q.len > 200) {
		err_set(e, ERR_INVALID, "请提供搜索词 q（1 到 200 字节）");
		return err_field(e, "q");
	}
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	rc = store_search_scoped(s, req->arena, q, api_scope_root(req->principal),
				 (size_t)(limit ? limit : 50), &hits, &n, e);
	if (rc == 0 && !(arr = json_array()))
		rc = ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (json_array_append_new(arr, json_pack("{s:o, s:I, s:o}", "kind",
							 api_str(hits[i].kind), "id",
							 (json_int_t)hits[i].id, "title",
							 api_str(hits[i].title))))
			rc = ERR_NOMEM;
	if (rc == 0)
		rc = http_resp_json(resp, 200, json_pack("{s:O}", "hits", arr));
	json_decref(arr);
	api_store_put(ctx, s);
	return rc;
}
