/* users.c — GET /api/users (administrators): the accounts, never their password hashes. */
#include "api/internal.h"

int api_users_list(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	store_t *s = api_store_get(ctx, e);
	store_user_t *users;
	json_t *arr = NULL;
	size_t n;
	int rc;

	if (!s)
		return e->code;
	rc = store_user_list(s, req->arena, &users, &n, e);
	if (rc == 0 && !(arr = json_array()))
		rc = ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const store_user_t *u = &users[i];
		if (json_array_append_new(
			    arr,
			    json_pack("{s:I, s:o, s:o, s:o, s:o, s:b}", "id", (json_int_t)u->id,
				      "name", api_str(u->name), "display_name",
				      api_str(u->display_name), "role", api_str(u->role), "unit_id",
				      u->unit_id > 0 ? json_integer(u->unit_id) : json_null(),
				      "disabled", u->disabled)))
			rc = ERR_NOMEM;
	}
	if (rc == 0)
		rc = http_resp_json(resp, 200, json_pack("{s:O}", "users", arr));
	json_decref(arr);
	api_store_put(ctx, s);
	return rc;
}
