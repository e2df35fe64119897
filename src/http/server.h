/* server.h — the HTTP server: libmicrohttpd with an internal thread pool, limits,
 * overload shedding, security headers, the access log and a draining stop; plus the
 * built-in routes (/healthz, /api/openapi.json) and the OpenAPI description generated
 * from the route table.  See docs/http.md. */
#ifndef DUBAN_HTTP_SERVER_H
#define DUBAN_HTTP_SERVER_H

#include "base/err.h"
#include "http/http.h"

#include <stddef.h>

typedef struct http_server_config {
	const char *listen;         /* "127.0.0.1:8080", "[::1]:0"; NULL = 127.0.0.1:8080 */
	const http_route_t *routes; /* the application's routes (built-ins are added) */
	size_t nroutes;
	http_authorize_fn authorize; /* NULL: routes with a permission answer 401 */
	void *app;                   /* handed to handlers as req->app */
	const char *version;         /* for the OpenAPI description; NULL = "0" */
	unsigned threads;            /* thread pool size; 0 = 4 per core (at most 64) */
	unsigned connection_limit;   /* 0 = 256 */
	unsigned per_ip_limit;       /* 0 = 64 */
	unsigned timeout_s;          /* idle connection timeout; 0 = 30 */
	size_t header_limit;         /* per-connection memory for the headers; 0 = 32 KiB */
	unsigned max_inflight;       /* more requests at once answer 503; 0 = 64 */
	size_t max_depth;            /* JSON nesting limit; 0 = HTTP_JSON_MAX_DEPTH */
} http_server_config_t;

typedef struct http_server http_server_t;

/* Validates the routes, binds and starts serving.  *out_srv is owned by the caller, who
 * ends it with http_server_stop.  ERR_USAGE (bad listen address), ERR_INVALID (bad
 * route table), ERR_IO (could not bind), ERR_NOMEM. */
int http_server_start(const http_server_config_t *cfg, http_server_t **out_srv, err_t *e);
/* The port actually bound (useful after listening on port 0). */
unsigned http_server_port(const http_server_t *srv);
/* "http://127.0.0.1:PORT" (IPv6 in brackets); owned by srv. */
const char *http_server_url(const http_server_t *srv);
/* Requests being served right now. */
unsigned http_server_inflight(const http_server_t *srv);
/* Stops accepting connections, waits up to drain_ms for the requests in flight, then
 * stops and frees srv.  0, or ERR_UNAVAILABLE when requests were still running at the
 * deadline (they are cut). */
int http_server_stop(http_server_t *srv, unsigned drain_ms);

/* Parses "HOST:PORT" ("127.0.0.1:8080", "localhost:0", "[::1]:8080") into out_addr (a
 * struct sockaddr_storage) and its length.  0 or ERR_USAGE. */
int http_listen_parse(const char *listen, void *out_addr, unsigned *out_len, err_t *e);

/* What the API layer plugs into `duban serve`. */
typedef struct http_app {
	const http_route_t *routes;
	size_t nroutes;
	http_authorize_fn authorize;
	/* Opens what the routes need (storage) from --db and --config; *out_ctx becomes
	 * req->app.  May be NULL. */
	int (*open)(const char *db, const char *config_file, void **out_ctx, err_t *e);
	void (*close)(void *ctx);
} http_app_t;

/* The built-in routes every server answers: GET /healthz, GET /api/openapi.json. */
extern const http_route_t http_builtin_routes[];
extern const size_t http_builtin_nroutes;

/* The OpenAPI 3 description of routes: paths, methods, path and query parameters,
 * request size limits and permissions.  New reference, NULL when out of memory. */
json_t *http_openapi(const http_route_t *routes, size_t nroutes, const char *version);

#endif
