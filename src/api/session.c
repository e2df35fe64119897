/* session.c — the session resource: POST /api/session (log in), GET /api/session (who
 * am I, with the CSRF token), DELETE /api/session (log out).
 *
 * Login verifies an argon2id hash (libsodium crypto_pwhash_str_verify).  An unknown or
 * disabled user is verified against a dummy hash of the same cost, so the answer and its
 * timing do not tell whether the account exists.  Failed logins are counted per account
 * and per address; past the limit within the window the answer is 429.  Every login
 * makes a new 256-bit token (randombytes_buf); only its BLAKE2b hash is stored. */
#include "api/internal.h"

#include <stdio.h>
#include <string.h>

#define NAME_MAX_BYTES 64
#define PW_MAX_BYTES   1024

static const char bad_login_zh[] = "用户名或密码错误";
static const char bad_login_en[] = "wrong user name or password";

/* The two throttling keys of a login attempt. */
static void fail_keys(const http_req_t *req, str_t name, char *ukey, size_t usz, char *akey,
		      size_t asz)
{
	snprintf(ukey, usz, "user:%.*s", STR_FMT(name));
	snprintf(akey, asz, "addr:%s", req->client);
}

/* The after-image of a failed login's audit row: why it failed (the address is the row's
 * client column).  Only auditors read it; the answer to the client never tells. */
static str_t fail_reason(bool found, bool disabled)
{
	if (!found)
		return STR_LIT("{\"reason\":\"unknown_user\"}");
	return disabled ? STR_LIT("{\"reason\":\"disabled\"}")
			: STR_LIT("{\"reason\":\"wrong_password\"}");
}

/* Whether either key has reached the limit in the window. */
static int throttled(api_ctx_t *ctx, store_t *s, const char *ukey, const char *akey, bool *out_yes,
		     err_t *e)
{
	long long since = api_now() - ctx->cfg.fail_window_s, nu = 0, na = 0;
	int rc = store_login_failure_count(s, str_from_cstr(ukey), since, &nu, e);

	if (rc == 0)
		rc = store_login_failure_count(s, str_from_cstr(akey), since, &na, e);
	*out_yes = nu >= ctx->cfg.fail_max || na >= ctx->cfg.fail_max_addr;
	return rc;
}

/* Verifies the password against the user's hash, or against the dummy hash when there is
 * no usable user, so that both paths cost one argon2id verification. */
static bool password_ok(api_ctx_t *ctx, const store_user_t *u, bool usable, str_t pw)
{
	char hash[crypto_pwhash_STRBYTES];
	const char *h = ctx->dummy_hash;
	bool ok;

	if (usable && u->pw_hash.len < sizeof hash) {
		memcpy(hash, u->pw_hash.ptr, u->pw_hash.len);
		hash[u->pw_hash.len] = '\0';
		h = hash;
	}
	ok = crypto_pwhash_str_verify(h, pw.ptr, pw.len) == 0;
	return ok && usable && h != ctx->dummy_hash;
}

static int set_cookie(api_ctx_t *ctx, http_req_t *req, http_resp_t *resp, const char *token,
		      long long max_age)
{
	char *c = arena_printf(
		req->arena, "duban_session=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%lld%s",
		token, max_age, ctx->cfg.tls ? "; Secure" : "");

	return c ? http_resp_header(resp, req->arena, "Set-Cookie", c) : ERR_NOMEM;
}

/* Makes the session of user u; fills the token (hex, 65 bytes) and the CSRF token. */
static int session_new(api_ctx_t *ctx, store_t *s, const http_req_t *req, const store_user_t *u,
		       char *token, char *csrf, err_t *e)
{
	unsigned char raw[32], hash[32], c[32];
	char hex[65];
	long long now = api_now();
	store_session_t sess;
	int rc;

	randombytes_buf(raw, sizeof raw);
	randombytes_buf(c, sizeof c);
	sodium_bin2hex(token, 65, raw, sizeof raw);
	sodium_bin2hex(csrf, 65, c, sizeof c);
	crypto_generichash(hash, sizeof hash, (const unsigned char *)token, 64, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	sess = (store_session_t){ .token_hash = str_from_cstr(hex),
				  .user_id = u->id,
				  .created_at = now,
				  .last_seen = now,
				  .expires_at = now + ctx->cfg.max_s,
				  .csrf = str_from_cstr(csrf),
				  .client = str_from_cstr(req->client) };
	rc = store_session_create(s, u->name, &sess, e);
	sodium_memzero(raw, sizeof raw);
	return rc;
}

static json_t *me_json(store_t *s, const http_req_t *req, const store_user_t *u, str_t csrf)
{
	store_unit_t unit;
	org_role_t role = ORG_ROLE_UNIT_VIEWER;
	json_t *unit_j = json_null();

	if (u->unit_id > 0 && store_unit_get(s, req->arena, u->unit_id, &unit, NULL) == 0)
		unit_j = json_pack("{s:I, s:o}", "id", (json_int_t)unit.id, "name",
				   api_str(unit.name));
	org_role_parse(u->role, &role, NULL);
	return json_pack("{s:{s:I, s:o, s:o, s:o, s:s}, s:o*, s:o}", "user", "id",
			 (json_int_t)u->id, "name", api_str(u->name), "display_name",
			 api_str(u->display_name), "role", api_str(u->role), "role_label",
			 org_role_label(role, req->lang == HTTP_LANG_EN ? "en" : NULL), "unit",
			 unit_j, "csrf_token", api_str(csrf));
}

/* Parses {"name":…, "password":…}. */
static int login_body(const http_req_t *req, json_t **out_body, str_t *name, str_t *pw, err_t *e)
{
	int rc = http_req_json(req, out_body, e);

	if (rc == 0)
		rc = api_body_str(*out_body, "name", name, e);
	if (rc == 0)
		rc = api_body_str(*out_body, "password", pw, e);
	if (rc == 0 && (name->len == 0 || name->len > NAME_MAX_BYTES)) {
		err_set(e, ERR_INVALID, "请输入用户名（不超过 %d 字节）", NAME_MAX_BYTES);
		rc = err_field(e, "name");
	}
	if (rc == 0 && (pw->len == 0 || pw->len > PW_MAX_BYTES)) {
		err_set(e, ERR_INVALID, "请输入密码");
		rc = err_field(e, "password");
	}
	return rc;
}

int api_session_login(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	char ukey[NAME_MAX_BYTES + 8], akey[80], token[65], csrf[65];
	str_t name = STR_NULL, pw = STR_NULL;
	json_t *body = NULL;
	store_user_t u = { 0 };
	store_t *s = NULL;
	bool limited = false, usable = false, found = false;
	int rc;

	api_client_resolve(ctx, req);
	rc = api_check_origin(ctx, req, e);
	if (rc == 0)
		rc = login_body(req, &body, &name, &pw, e);
	if (rc == 0 && !(s = api_store_get(ctx, req, e)))
		rc = e->code;
	if (rc)
		goto done;
	fail_keys(req, name, ukey, sizeof ukey, akey, sizeof akey);
	rc = throttled(ctx, s, ukey, akey, &limited, e);
	if (rc == 0 && limited) {
		rc = api_resp_status(resp, 429, "too_many_requests",
				     req->lang == HTTP_LANG_EN
					     ? "too many failed logins; try again later"
					     : "登录失败次数过多，请稍后再试");
		if (rc == 0)
			rc = http_resp_header(resp, req->arena, "Retry-After", "60");
		goto done;
	}
	if (rc)
		goto done;
	rc = store_user_get_by_name(s, req->arena, name, &u, e);
	if (rc && rc != ERR_NOTFOUND)
		goto done;
	found = rc == 0;
	usable = found && !u.disabled;
	rc = 0;
	if (!password_ok(ctx, &u, usable, pw)) {
		store_login_failure_add(s, str_from_cstr(ukey), api_now(), ctx->cfg.fail_window_s,
					NULL);
		store_login_failure_add(s, str_from_cstr(akey), api_now(), ctx->cfg.fail_window_s,
					NULL);
		store_audit_append(s, name, STR_LIT("login_failed"), STR_LIT("user"),
				   usable ? u.id : 0, STR_NULL, fail_reason(found, u.disabled),
				   NULL);
		rc = err_set(e, ERR_AUTH, "%s",
			     req->lang == HTTP_LANG_EN ? bad_login_en : bad_login_zh);
		goto done;
	}
	store_login_failure_clear(s, str_from_cstr(ukey), NULL);
	rc = session_new(ctx, s, req, &u, token, csrf, e);
	if (rc == 0)
		rc = set_cookie(ctx, req, resp, token, ctx->cfg.max_s);
	if (rc == 0)
		rc = http_resp_json(resp, 201, me_json(s, req, &u, str_from_cstr(csrf)));
done:
	sodium_memzero(token, sizeof token);
	api_store_put(ctx, s);
	json_decref(body);
	return rc;
}

int api_session_me(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	const api_principal_t *p = req->principal;
	store_t *s = api_store_get(ctx, req, e);
	store_user_t u;
	int rc;

	if (!s)
		return e->code;
	rc = store_user_get(s, req->arena, p->user_id, &u, e);
	if (rc == 0)
		rc = http_resp_json(resp, 200, me_json(s, req, &u, p->csrf));
	api_store_put(ctx, s);
	return rc;
}

int api_session_logout(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	const api_principal_t *p = req->principal;
	store_t *s = api_store_get(ctx, req, e);
	int rc;

	if (!s)
		return e->code;
	rc = store_session_delete(s, p->name, p->session_id, e);
	if (rc == ERR_NOTFOUND)
		rc = err_set(e, ERR_AUTH, "会话已结束，请重新登录");
	if (rc == 0)
		rc = set_cookie(ctx, req, resp, "", 0);
	if (rc == 0)
		resp->status = 204;
	api_store_put(ctx, s);
	return rc;
}
