/* dispatch.c — one request's way through the route table, independent of the transport
 * (see dispatch.h): the checks decided from the headers, then the handler, and every
 * error as the one error body.  server.c and the in-process fuzz driver both use it. */
#include "http/dispatch.h"

#include "base/log.h"
#include "base/mem.h"
#include "http/server.h"

#include <stdio.h>
#include <string.h>

int http_dispatch_init(http_dispatch_t *d, const http_route_t *routes, size_t nroutes,
		       http_authorize_fn authorize, void *app, const char *version,
		       size_t max_depth, err_t *e)
{
	size_t n = http_builtin_nroutes + nroutes;
	int rc;

	memset(d, 0, sizeof *d);
	d->routes = mem_calloc(n, sizeof *d->routes);
	if (!d->routes)
		return err_set(e, ERR_NOMEM, "out of memory");
	memcpy(d->routes, http_builtin_routes, http_builtin_nroutes * sizeof *d->routes);
	if (nroutes)
		memcpy(d->routes + http_builtin_nroutes, routes, nroutes * sizeof *d->routes);
	d->nroutes = n;
	d->authorize = authorize;
	d->app = app;
	d->version = version ? version : "0";
	d->max_depth = max_depth ? max_depth : HTTP_JSON_MAX_DEPTH;
	rc = http_routes_validate(d->routes, n, e);
	if (rc)
		http_dispatch_free(d);
	return rc;
}

void http_dispatch_free(http_dispatch_t *d)
{
	mem_free(d->routes);
	d->routes = NULL;
	d->nroutes = 0;
}

void http_dispatch_req_init(const http_dispatch_t *d, http_req_t *req)
{
	req->max_depth = d->max_depth;
	req->app = d->app;
	req->routes = d->routes;
	req->nroutes = d->nroutes;
	req->version = d->version;
}

bool http_req_has_body(const http_req_t *req)
{
	str_t cl = http_req_header(req, "Content-Length");

	return http_req_header(req, "Transfer-Encoding").ptr != NULL ||
	       (cl.ptr && !str_eq_cstr(str_trim(cl), "0"));
}

void http_dispatch_error(http_req_t *req, http_resp_t *resp, int code, const err_t *e)
{
	http_resp_error(resp, code, e, req->lang);
	if (code == ERR_UNAVAILABLE)
		http_resp_header(resp, req->arena, "Retry-After", "1");
}

void http_dispatch_too_large(http_req_t *req, http_resp_t *resp)
{
	err_t e;

	err_clear(&e);
	err_set(&e, ERR_LIMIT,
		req->lang == HTTP_LANG_EN ? "the body is larger than the %zu bytes allowed"
					  : "请求内容超过上限 %zu 字节",
		req->route ? req->route->max_body : 0);
	resp->flags = 0;
	http_dispatch_error(req, resp, ERR_LIMIT, &e);
}

/* ---- the first stage --------------------------------------------------------------- */

static void answer_405(http_req_t *req, http_resp_t *resp, unsigned allow)
{
	char methods[64];
	char msg[160];

	http_allow_string(allow, methods, sizeof methods);
	if (req->lang == HTTP_LANG_EN)
		snprintf(msg, sizeof msg, "method %s is not allowed here; allowed: %s",
			 http_method_name(req->method), methods);
	else
		snprintf(msg, sizeof msg, "此地址不支持 %s 方法，可用：%s",
			 http_method_name(req->method), methods);
	http_resp_json(resp, 405, http_error_body("method_not_allowed", msg, NULL));
	http_resp_header(resp, req->arena, "Allow", methods);
}

/* The announced Content-Length against the route's limit. */
static int check_length(const http_req_t *req, err_t *e)
{
	str_t cl = http_req_header(req, "Content-Length");
	long long n;

	if (!cl.ptr || str_to_ll(str_trim(cl), &n) != 0 || n <= 0)
		return 0;
	if ((unsigned long long)n > req->route->max_body)
		return err_set(e, ERR_LIMIT,
			       req->lang == HTTP_LANG_EN
				       ? "the body has %lld bytes, more than the %zu allowed"
				       : "请求内容为 %lld 字节，超过上限 %zu 字节",
			       n, req->route->max_body);
	return 0;
}

/* A body must come with the route's media type (JSON unless it says otherwise): a
 * cross-site form cannot send application/json without a CORS preflight. */
static int check_media_type(const http_req_t *req, err_t *e)
{
	const char *want = req->route->content_type ? req->route->content_type : "application/json";
	str_t ct = http_req_header(req, "Content-Type"), type;

	if (req->route->max_body == 0 || !http_req_has_body(req))
		return 0;
	str_split(ct, ';', &type);
	if (ct.ptr && str_eq_nocase(str_trim(type), str_from_cstr(want)))
		return 0;
	err_set(e, ERR_INVALID,
		req->lang == HTTP_LANG_EN ? "the body must be sent as Content-Type: %s"
					  : "请求内容类型（Content-Type）应为 %s",
		want);
	err_field(e, "Content-Type");
	return ERR_INVALID;
}

static int authorize(const http_dispatch_t *d, http_req_t *req, err_t *e)
{
	const http_route_t *r = req->route;

	if (!r->permission)
		return 0;
	if (!d->authorize)
		return err_set(e, ERR_AUTH, "%s", http_error_message(ERR_AUTH, req->lang));
	return d->authorize(d->app, req, r->permission, e);
}

bool http_dispatch_begin(const http_dispatch_t *d, http_req_t *req, http_resp_t *resp)
{
	http_match_t m;
	err_t e;
	int rc;

	err_clear(&e);
	switch (http_route_match(d->routes, d->nroutes, req->method, req->path, &m)) {
	case HTTP_MATCH_NO_PATH:
		err_set(&e, ERR_NOTFOUND,
			req->lang == HTTP_LANG_EN ? "no such address: %.*s" : "没有此地址：%.*s",
			STR_FMT(req->path));
		http_dispatch_error(req, resp, ERR_NOTFOUND, &e);
		return false;
	case HTTP_MATCH_NO_METHOD: answer_405(req, resp, m.allow); return false;
	case HTTP_MATCH_OK: break;
	}
	req->route = m.route;
	memcpy(req->params, m.params, m.nparams * sizeof m.params[0]);
	req->nparams = m.nparams;
	rc = http_route_check_query(m.route, req->query, req->nquery, req->lang, &e);
	if (rc == 0)
		rc = authorize(d, req, &e);
	if (rc == 0)
		rc = check_length(req, &e);
	if (rc == 0 && (rc = check_media_type(req, &e)) != 0)
		resp->flags |= HTTP_RESP_MEDIA_TYPE;
	if (rc == 0)
		return true;
	http_dispatch_error(req, resp, rc, &e);
	return false;
}

/* ---- the second stage -------------------------------------------------------------- */

void http_dispatch_run(http_req_t *req, http_resp_t *resp)
{
	err_t e;
	int rc;

	if (req->body.len > req->route->max_body) {
		http_dispatch_too_large(req, resp);
		return;
	}
	err_clear(&e);
	resp->status = 200;
	rc = req->route->handler(req, resp, &e);
	if (rc) {
		log_debug("http: %s %.*s: %s", http_method_name(req->method), STR_FMT(req->path),
			  e.msg);
		http_dispatch_error(req, resp, rc, &e);
	}
}
