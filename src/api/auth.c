/* auth.c — the authorization hook: resolves the session cookie to a user (401 without a
 * valid one: unknown, expired, idle too long, user disabled), checks CSRF token and
 * Origin on every state-changing request, and asks the model's policy table (role ×
 * action → scope) whether the route's permission is granted (403, audited, when not).
 * Item-level scope (a unit's subtree) is checked by the handlers with api_owns and the
 * store's subtree queries. */
#include "api/internal.h"

#include "base/log.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The route permissions and what they need ("session": any logged-in user). */
const api_perm_t api_perms[] = {
	{ "read", ORG_ACT_READ, ORG_SCOPE_SUBTREE },
	{ "edit", ORG_ACT_EDIT, ORG_SCOPE_SUBTREE },
	{ "report", ORG_ACT_REPORT, ORG_SCOPE_SUBTREE },
	{ "review", ORG_ACT_REVIEW, ORG_SCOPE_SUBTREE },
	{ "admin", ORG_ACT_ADMIN, ORG_SCOPE_ALL },
	/* across every unit (rankings): those who read everything */
	{ "overview", ORG_ACT_READ, ORG_SCOPE_ALL },
	/* the audit trail: those who review every unit (admin, supervisor) */
	{ "audit", ORG_ACT_REVIEW, ORG_SCOPE_ALL },
	/* the plans themselves (create, import a document, activate, close): those who edit
	 * every unit's items */
	{ "manage", ORG_ACT_EDIT, ORG_SCOPE_ALL },
};
const size_t api_nperms = sizeof api_perms / sizeof api_perms[0];

static bool state_changing(http_method_t m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

/* The value of cookie name in the Cookie header; empty view when absent. */
static str_t cookie_value(const http_req_t *req, const char *name)
{
	str_t rest = http_req_header(req, "Cookie"), item;

	while (rest.ptr && rest.len > 0) {
		str_t k, v;
		rest = str_split(rest, ';', &item);
		v = str_split(str_trim(item), '=', &k);
		if (v.ptr && str_eq_cstr(str_trim(k), name))
			return str_trim(v);
	}
	return STR_NULL;
}

void api_client_resolve(const api_ctx_t *ctx, http_req_t *req)
{
	str_t xff = http_req_header(req, "X-Forwarded-For"), last = xff, item;
	unsigned char addr[16];
	char ip[64];
	bool trusted = false;

	for (size_t i = 0; i < ctx->cfg.nproxies; i++)
		trusted = trusted || strcmp(ctx->cfg.proxies[i], req->client) == 0;
	if (!trusted || !xff.ptr)
		return;
	while (xff.ptr) { /* the last hop is the one the proxy saw */
		xff = str_split(xff, ',', &item);
		last = item;
	}
	last = str_trim(last);
	if (last.len == 0 || last.len >= sizeof ip)
		return;
	memcpy(ip, last.ptr, last.len);
	ip[last.len] = '\0';
	if (inet_pton(AF_INET, ip, addr) == 1 || inet_pton(AF_INET6, ip, addr) == 1)
		memcpy(req->client, ip, last.len + 1);
}

int api_check_origin(const api_ctx_t *ctx, const http_req_t *req, err_t *e)
{
	str_t origin = http_req_header(req, "Origin");
	str_t host = http_req_header(req, "Host");
	char own[300];

	if (ctx->cfg.origin[0])
		snprintf(own, sizeof own, "%s", ctx->cfg.origin);
	else
		snprintf(own, sizeof own, "%s://%.*s", ctx->cfg.tls ? "https" : "http",
			 STR_FMT(host));
	if (origin.ptr && (ctx->cfg.origin[0] || host.len > 0) && str_eq_cstr(origin, own))
		return 0;
	return err_set(e, ERR_DENIED,
		       req->lang == HTTP_LANG_EN ? "request refused: missing or foreign Origin"
						 : "请求来源（Origin）缺失或不被允许");
}

int api_denied(api_ctx_t *ctx, store_t *s, const http_req_t *req, int code, const char *what)
{
	const api_principal_t *p = req->principal;
	json_t *j = json_pack("{s:s, s:s%, s:s, s:i}", "method", http_method_name(req->method),
			      "path", req->path.ptr, req->path.len, "what", what, "status",
			      http_status_for(code, 0));
	char *after =
		j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15)) : NULL;
	err_t ae;

	json_decref(j);
	store_set_client(s, str_from_cstr(req->client)); /* from where: the audit row's client */
	if (!after || store_audit_append(s, p ? p->name : STR_LIT("anonymous"), STR_LIT("denied"),
					 STR_LIT("request"), p ? p->user_id : 0, STR_NULL,
					 str_from_cstr(after), &ae) != 0)
		log_warn("api: could not audit a denied request %s %s", req->id, what);
	free(after);
	(void)ctx;
	return code;
}

long long api_scope_root(const api_principal_t *p)
{
	return p->scope == ORG_SCOPE_ALL ? 0 : p->unit_id;
}

int api_owns(store_t *s, const api_principal_t *p, long long unit, bool *out_ok, err_t *e)
{
	*out_ok = false;
	if (p->scope == ORG_SCOPE_ALL) {
		*out_ok = true;
		return 0;
	}
	if (p->scope != ORG_SCOPE_SUBTREE || unit <= 0 || p->unit_id <= 0)
		return 0;
	return store_unit_in_subtree(s, p->unit_id, unit, out_ok, e);
}

static int unauthorized(const http_req_t *req, err_t *e)
{
	return err_set(e, ERR_AUTH,
		       req->lang == HTTP_LANG_EN ? "please log in" : "请先登录或重新登录");
}

/* Resolves the session cookie into *p; ERR_AUTH when there is no valid session. */
static int resolve_session(api_ctx_t *ctx, store_t *s, http_req_t *req, api_principal_t *p,
			   err_t *e)
{
	unsigned char hash[32];
	char hex[65];
	str_t tok = cookie_value(req, "duban_session");
	store_session_t sess;
	store_user_t user;
	long long now = api_now();
	err_t ie;
	int rc;

	if (tok.len != 64)
		return unauthorized(req, e);
	crypto_generichash(hash, sizeof hash, (const unsigned char *)tok.ptr, tok.len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	/* the session and its user in one statement, read from the store on every request:
	 * a logout or a disabled user (on any server process) counts from the next one */
	rc = store_session_user_get(s, req->arena, str_from_cstr(hex), &sess, &user, &ie);
	if (rc == ERR_NOTFOUND)
		return unauthorized(req, e);
	if (rc)
		return err_set(e, rc, "%s", ie.msg);
	if (now >= sess.expires_at || now - sess.last_seen > ctx->cfg.idle_s) {
		store_session_purge(s, now, now - ctx->cfg.idle_s, NULL, NULL);
		return unauthorized(req, e);
	}
	if (user.disabled)
		return unauthorized(req, e);
	if (org_role_parse(user.role, &p->role, NULL) != 0)
		return unauthorized(req, e);
	if (now > sess.last_seen)
		store_session_touch(s, sess.id, now, NULL);
	p->user_id = user.id;
	p->name = user.name;
	p->unit_id = user.unit_id;
	p->session_id = sess.id;
	p->csrf = sess.csrf;
	return 0;
}

/* The CSRF token and Origin of a state-changing request; ERR_DENIED when wrong. */
static int check_csrf(api_ctx_t *ctx, const http_req_t *req, const api_principal_t *p, err_t *e)
{
	str_t tok = http_req_header(req, "X-CSRF-Token");

	if (!tok.ptr || tok.len != p->csrf.len || sodium_memcmp(tok.ptr, p->csrf.ptr, tok.len) != 0)
		return err_set(e, ERR_DENIED,
			       req->lang == HTTP_LANG_EN
				       ? "missing or wrong X-CSRF-Token"
				       : "缺少或错误的 CSRF 令牌（X-CSRF-Token）");
	return api_check_origin(ctx, req, e);
}

/* Checks the role's scope for permission; ERR_DENIED (with a Chinese message) when none. */
static int check_policy(const http_req_t *req, api_principal_t *p, const char *permission, err_t *e)
{
	if (strcmp(permission, "session") == 0) {
		p->scope = ORG_SCOPE_SUBTREE;
		return 0;
	}
	for (size_t i = 0; i < api_nperms; i++) {
		if (strcmp(api_perms[i].name, permission) != 0)
			continue;
		p->scope = org_policy(p->role, api_perms[i].action);
		if (p->scope < api_perms[i].min_scope)
			return err_set(e, ERR_DENIED, "%s无权进行“%s”操作",
				       org_role_label(p->role, NULL),
				       org_action_label(api_perms[i].action, NULL));
		if (p->scope == ORG_SCOPE_SUBTREE && p->unit_id <= 0)
			return err_set(e, ERR_DENIED, "该账号未分配单位，无权访问单位事项");
		return 0;
	}
	return err_set(e, ERR_INTERNAL, "api: unknown permission '%s' (%s)", permission,
		       req->path.ptr);
}

int api_authorize(void *app, http_req_t *req, const char *permission, err_t *e)
{
	api_ctx_t *ctx = app;
	api_principal_t *p = arena_zalloc(req->arena, sizeof *p);
	store_t *s;
	int rc;

	if (!p)
		return err_set(e, ERR_NOMEM, "out of memory");
	api_client_resolve(ctx, req);
	s = api_store_get(ctx, req, e);
	if (!s)
		return e ? e->code : ERR_DB;
	rc = resolve_session(ctx, s, req, p, e);
	if (rc == 0)
		req->principal = p;
	if (rc == 0 && state_changing(req->method))
		rc = check_csrf(ctx, req, p, e);
	if (rc == 0)
		rc = check_policy(req, p, permission, e);
	if (rc == ERR_DENIED)
		api_denied(ctx, s, req, rc, permission);
	api_store_put(ctx, s);
	return rc;
}
