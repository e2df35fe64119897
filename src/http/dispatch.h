/* dispatch.h — one request's way through the route table, independent of the transport:
 * routing (404/405), declared query parameters (400), authorization (401/403), body size
 * (413) and media type (415), then the handler, with every error turned into the one
 * error body.  server.c drives it from libmicrohttpd's callbacks; the in-process fuzz
 * driver (tests/fuzz/fuzz_api.c) drives it with requests it builds itself, so both go
 * through exactly the same checks.  See docs/http.md. */
#ifndef DUBAN_HTTP_DISPATCH_H
#define DUBAN_HTTP_DISPATCH_H

#include "http/http.h"

typedef struct http_dispatch {
	http_route_t *routes; /* the built-in routes, then the application's (owned) */
	size_t nroutes;
	http_authorize_fn authorize; /* NULL: routes with a permission answer 401 */
	void *app;                   /* handed to handlers as req->app */
	const char *version;         /* for the OpenAPI description */
	size_t max_depth;            /* JSON nesting limit for http_req_json */
} http_dispatch_t;

/* Joins the built-in routes (server.h) and routes into d and validates the table.  0,
 * ERR_INVALID (bad route table) or ERR_NOMEM; release with http_dispatch_free. */
int http_dispatch_init(http_dispatch_t *d, const http_route_t *routes, size_t nroutes,
		       http_authorize_fn authorize, void *app, const char *version,
		       size_t max_depth, err_t *e);
void http_dispatch_free(http_dispatch_t *d);

/* Fills the fields of req that come from the dispatcher (app, route table, version,
 * JSON depth).  The transport sets method, path, query, headers, lang, client and id. */
void http_dispatch_req_init(const http_dispatch_t *d, http_req_t *req);

/* Whether the headers announce a body (a non-zero Content-Length, or chunked). */
bool http_req_has_body(const http_req_t *req);

/* The first stage, from the request line and headers: finds the route (req->route and
 * its path parameters), checks the query parameters, authorizes, and checks the
 * announced Content-Length and the Content-Type.  true when the handler may run; false
 * with resp holding the error answer (status, error body, Allow or Retry-After). */
bool http_dispatch_begin(const http_dispatch_t *d, http_req_t *req, http_resp_t *resp);

/* The second stage, with req->body: runs the route's handler (413 when the body is over
 * the route's limit).  resp gets the handler's answer or the error body. */
void http_dispatch_run(http_req_t *req, http_resp_t *resp);

/* resp becomes the error answer for code (with e's message and field when given; 503
 * adds Retry-After). */
void http_dispatch_error(http_req_t *req, http_resp_t *resp, int code, const err_t *e);
/* resp becomes the 413 answer for a body over the route's limit. */
void http_dispatch_too_large(http_req_t *req, http_resp_t *resp);

#endif
