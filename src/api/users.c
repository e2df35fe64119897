/* users.c — accounts, for administrators: GET /api/users (never password hashes; paged,
 * filtered by unit, role and disabled, sorted by id or name in the query, with the total),
 * POST /api/users (the password policy and an argon2id hash, see edit.c),
 * GET /api/users/{id} and PATCH /api/users/{id} (display name, role, unit, disabled;
 * If-Match required, with the ETag GET gives: 428 when missing, 412 when stale, the
 * comparison repeated inside the store's write transaction).  Disabling takes effect on the user's
 * next request: every request reads the user again (auth.c).
 * POST /api/users/{id}/password: a user changes their own password (the current one
 * required) or an administrator sets anyone's. */
#include "api/internal.h"

#include <string.h>

static json_t *user_json(const store_user_t *u)
{
	return json_pack(
		"{s:I, s:o, s:o, s:o, s:o, s:b}", "id", (json_int_t)u->id, "name", api_str(u->name),
		"display_name", api_str(u->display_name), "role", api_str(u->role), "unit_id",
		u->unit_id > 0 ? json_integer(u->unit_id) : json_null(), "disabled", u->disabled);
}

static const char *const user_sorts[] = { "id", "name", NULL };
static const char *const bools[] = { "false", "true", NULL };

/* Reads unit, role, disabled, sort, limit and offset into q. */
static int list_query(const http_req_t *req, store_user_query_t *q, err_t *e)
{
	long long unit;
	org_role_t role;
	int by = 0, disabled = -1;
	int rc = api_query_page(req, &q->limit, &q->offset, e);

	if (rc == 0)
		rc = api_query_int(req, "unit", 0, 1LL << 62, &unit, e);
	if (rc == 0)
		rc = api_query_choice(req, "disabled", bools,
				      "查询参数“disabled”应为 true 或 false", &disabled, e);
	if (rc == 0)
		rc = api_query_choice(req, "sort", user_sorts, "排序方式应为 id 或 name", &by, e);
	if (rc)
		return rc;
	if (http_req_query(req, "role", &q->role) && org_role_parse(q->role, &role, NULL) != 0) {
		err_set(e, ERR_INVALID,
			"角色应为 admin、supervisor、leader、unit_editor 或 unit_viewer");
		return err_field(e, "role");
	}
	q->unit_id = unit;
	q->state = disabled < 0    ? STORE_USERS_ALL
		   : disabled == 1 ? STORE_USERS_DISABLED
				   : STORE_USERS_ACTIVE;
	q->by_name = by == 1;
	return 0;
}

int api_users_list(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	store_user_query_t q = { 0 };
	store_user_t *users;
	json_t *arr = NULL;
	long long total = 0;
	size_t n = 0;
	store_t *s;
	int rc = list_query(req, &q, e);

	if (rc)
		return rc;
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	rc = store_user_page(s, req->arena, &q, &users, &n, &total, e);
	if (rc == 0 && !(arr = json_array()))
		rc = ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (json_array_append_new(arr, user_json(&users[i])))
			rc = ERR_NOMEM;
	if (rc == 0)
		rc = api_page_answer(resp, "users", arr, total, q.limit, q.offset);
	json_decref(arr);
	api_store_put(ctx, s);
	return rc;
}

/* Role and unit of u must make sense: a known role; unit roles need an existing unit. */
static int user_check(store_t *s, http_req_t *req, const store_user_t *u, err_t *e)
{
	org_role_t role;
	store_unit_t unit;
	int rc;

	if (org_role_parse(u->role, &role, NULL) != 0) {
		err_set(e, ERR_INVALID,
			"角色应为 admin、supervisor、leader、unit_editor 或 unit_viewer");
		return err_field(e, "role");
	}
	if (u->unit_id <= 0) {
		if (role != ORG_ROLE_UNIT_EDITOR && role != ORG_ROLE_UNIT_VIEWER)
			return 0;
		err_set(e, ERR_INVALID, "单位角色必须指定所属单位");
		return err_field(e, "unit_id");
	}
	rc = store_unit_get(s, req->arena, u->unit_id, &unit, e);
	return rc == ERR_NOTFOUND ? api_bad_id("unit_id", e) : rc;
}

static const char *const create_fields[] = { "name",    "display_name", "password", "role",
					     "unit_id", "disabled",     NULL };

static int user_create(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp, long long id,
		       json_t *body, err_t *e)
{
	const api_principal_t *p = req->principal;
	char hash[crypto_pwhash_STRBYTES];
	store_user_t u = { 0 };
	str_t pw = STR_NULL;
	int rc = api_body_need_str(body, "name", &u.name, e);

	(void)ctx;
	(void)id;
	if (rc == 0)
		rc = api_body_need_str(body, "password", &pw, e);
	if (rc == 0)
		rc = api_body_need_str(body, "role", &u.role, e);
	if (rc == 0)
		rc = api_body_str(body, "display_name", &u.display_name, e);
	if (rc == 0)
		rc = api_body_id(body, "unit_id", &u.unit_id, e);
	if (rc == 0)
		rc = api_body_bool(body, "disabled", &u.disabled, e);
	if (rc == 0 && (u.name.len > 64 || memchr(u.name.ptr, ' ', u.name.len))) {
		err_set(e, ERR_INVALID, "登录名至多 64 字节，且不能含空格");
		rc = err_field(e, "name");
	}
	if (rc == 0)
		rc = user_check(s, req, &u, e);
	if (rc == 0)
		rc = api_password_hash(u.name, pw, hash, e);
	if (rc)
		return rc;
	if (u.display_name.len == 0)
		u.display_name = u.name;
	u.pw_hash = str_from_cstr(hash);
	rc = store_user_add(s, p->name, &u, e);
	sodium_memzero(hash, sizeof hash);
	if (rc == ERR_CONFLICT) {
		err_set(e, ERR_CONFLICT, "登录名已被使用");
		return err_field(e, "name");
	}
	return rc ? rc : api_resp_etag_json(req, resp, 201, user_json(&u));
}

int api_users_create(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, false, create_fields, user_create, e);
}

static int user_get(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp, long long id,
		    json_t *body, err_t *e)
{
	store_user_t u;
	int rc = store_user_get(s, req->arena, id, &u, e);

	(void)ctx;
	(void)body;
	if (rc == ERR_NOTFOUND)
		return api_not_found(req, "未找到该用户", e);
	return rc ? rc : api_resp_etag_json(req, resp, 200, user_json(&u));
}

int api_users_get(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, NULL, user_get, e);
}

static const char *const patch_fields[] = { "display_name", "role", "unit_id", "disabled", NULL };

static int user_patch(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp, long long id,
		      json_t *body, err_t *e)
{
	const api_principal_t *p = req->principal;
	store_user_t before, u;
	int rc = store_user_get(s, req->arena, id, &before, e);

	(void)ctx;
	if (rc == ERR_NOTFOUND)
		return api_not_found(req, "未找到该用户", e);
	if (rc == 0)
		rc = api_if_match_take(req, resp, user_json(&before), e);
	if (rc)
		return rc == API_ANSWERED ? 0 : rc;
	u = before;
	rc = api_body_str(body, "display_name", &u.display_name, e);
	if (rc == 0 && json_object_get(body, "role"))
		rc = api_body_need_str(body, "role", &u.role, e);
	if (rc == 0)
		rc = api_body_id(body, "unit_id", &u.unit_id, e);
	if (rc == 0)
		rc = api_body_bool(body, "disabled", &u.disabled, e);
	if (rc == 0)
		rc = user_check(s, req, &u, e);
	if (rc == 0 && u.id == p->user_id && (u.disabled || !str_eq_cstr(u.role, "admin")))
		rc = err_set(e, ERR_CONFLICT, "不能停用自己的账号或取消自己的管理员角色");
	if (rc == 0)
		rc = store_user_update_if(s, p->name, &before, &u, e);
	if (rc == ERR_CONFLICT && strcmp(e->field, "version") == 0)
		return api_stale(resp, req, e);
	return rc ? rc : api_resp_etag_json(req, resp, 200, user_json(&u));
}

int api_users_patch(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, patch_fields, user_patch, e);
}

static const char *const password_fields[] = { "current_password", "new_password", NULL };

/* Whether the principal may set user u's password: themself with the current password,
 * or an administrator.  ERR_DENIED (audited by the caller) or ERR_INVALID. */
static int may_set_password(http_req_t *req, const store_user_t *u, json_t *body, err_t *e)
{
	const api_principal_t *p = req->principal;
	str_t cur = STR_NULL;
	int rc;

	if (u->id != p->user_id)
		return p->role == ORG_ROLE_ADMIN
			       ? 0
			       : err_set(e, ERR_DENIED, "只有管理员可以重设他人的密码");
	rc = api_body_need_str(body, "current_password", &cur, e);
	if (rc)
		return rc;
	if (u->pw_hash.len == 0 || cur.len > 1024 ||
	    crypto_pwhash_str_verify(u->pw_hash.ptr, cur.ptr, cur.len) != 0) {
		err_set(e, ERR_DENIED, "当前密码不正确");
		return err_field(e, "current_password");
	}
	return 0;
}

static int set_password(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp,
			long long id, json_t *body, err_t *e)
{
	const api_principal_t *p = req->principal;
	char hash[crypto_pwhash_STRBYTES];
	store_user_t u;
	str_t pw = STR_NULL;
	int rc = store_user_get(s, req->arena, id, &u, e);

	(void)resp;
	if (rc == ERR_NOTFOUND)
		return api_not_found(req, "未找到该用户", e);
	if (rc == 0 && (rc = may_set_password(req, &u, body, e)) == ERR_DENIED)
		api_denied(ctx, s, req, rc, "set another user's password or wrong current one");
	if (rc == 0)
		rc = api_body_need_str(body, "new_password", &pw, e);
	if (rc == ERR_INVALID && strcmp(e->field, "password") == 0)
		err_field(e, "new_password");
	if (rc == 0 && (rc = api_password_hash(u.name, pw, hash, e)) != 0)
		return err_field(e, "new_password");
	if (rc == 0)
		rc = store_user_set_pw_hash(s, p->name, id, str_from_cstr(hash), e);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

int api_users_password(http_req_t *req, http_resp_t *resp, err_t *e)
{
	int rc = api_run(req, resp, true, password_fields, set_password, e);

	if (rc == 0)
		resp->status = 204;
	return rc;
}
