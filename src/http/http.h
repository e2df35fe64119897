/* http.h — the request/response abstraction the JSON API handlers are written against,
 * the route table (routes are data), the router, the one mapping of ERR_* codes to HTTP
 * statuses, the one error body shape and JSON request-body parsing under limits.
 *
 * Nothing here talks to libmicrohttpd: that is server.c alone, so handlers and the
 * router can be unit-tested without a socket.  See docs/http.md. */
#ifndef DUBAN_HTTP_HTTP_H
#define DUBAN_HTTP_HTTP_H

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- methods --------------------------------------------------------------------- */

typedef enum http_method {
	HTTP_GET = 0,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_METHOD_COUNT,
	HTTP_METHOD_OTHER = HTTP_METHOD_COUNT /* any other token */
} http_method_t;

/* "GET", "POST" …; "OTHER" for HTTP_METHOD_OTHER.  Static storage. */
const char *http_method_name(http_method_t m);
/* The method for a request-line token (case-sensitive, as RFC 9110 says). */
http_method_t http_method_parse(str_t s);

/* ---- request and response -------------------------------------------------------- */

/* A name/value pair (path parameter, query parameter, header).  Views into the request
 * or the pattern; alive until the request completes. */
typedef struct http_kv {
	str_t name;
	str_t value;
} http_kv_t;

#define HTTP_MAX_PARAMS       8  /* path parameters per pattern */
#define HTTP_MAX_QUERY        32 /* query parameters per request */
#define HTTP_MAX_RESP_HEADERS 16

/* The language of the messages shown to people: Chinese unless the client asks for
 * English with Accept-Language. */
typedef enum http_lang { HTTP_LANG_ZH = 0, HTTP_LANG_EN = 1 } http_lang_t;

typedef struct http_route http_route_t;

typedef struct http_req {
	http_method_t method;
	str_t path;                /* decoded path, without the query */
	const http_route_t *route; /* the matched route */
	http_kv_t params[HTTP_MAX_PARAMS];
	size_t nparams;
	http_kv_t query[HTTP_MAX_QUERY];
	size_t nquery;
	http_kv_t *headers; /* in the arena */
	size_t nheaders;
	str_t body;                 /* the request body (empty when none) */
	arena_t *arena;             /* per request: freed when the request completes */
	char client[64];            /* client address as text ("127.0.0.1") */
	char id[24];                /* request id, also in X-Request-Id and the access log */
	http_lang_t lang;           /* from Accept-Language */
	size_t max_depth;           /* JSON nesting limit for http_req_json */
	void *app;                  /* the server's application context (storage later) */
	void *principal;            /* whatever the authorize hook attached; NULL when none */
	const http_route_t *routes; /* the server's whole route table (for OpenAPI) */
	size_t nroutes;
	const char *version; /* the program's version, for OpenAPI */
} http_req_t;

/* Response flags. */
enum {
	HTTP_RESP_PRECONDITION = 1, /* an ERR_CONFLICT is a stale If-Match: answer 412 */
	HTTP_RESP_MEDIA_TYPE = 2    /* an ERR_INVALID is a wrong Content-Type: answer 415 */
};

typedef struct http_resp {
	int status; /* 200 unless set */
	unsigned flags;
	http_kv_t headers[HTTP_MAX_RESP_HEADERS];
	size_t nheaders;
	json_t *json; /* the body, owned (decref'd by the server); NULL = no body */
	/* a body that is not JSON (a file download), sent when json is NULL: bytes that stay
	 * valid until the request completes (e.g. in the request's arena) and their media type */
	str_t raw;
	const char *raw_type;
} http_resp_t;

/* A handler fills resp and returns 0, or returns a negative ERR_* code with e filled in;
 * the server then answers with the error body (http_error_json). */
typedef int (*http_handler_fn)(http_req_t *req, http_resp_t *resp, err_t *e);

/* Decides whether req may use a route that requires permission.  Returns 0 (allowed),
 * ERR_AUTH (401: who are you?) or ERR_DENIED (403), with e filled in.  May set
 * req->principal.  Supplied by the API layer; with none, such routes answer 401. */
typedef int (*http_authorize_fn)(void *app, http_req_t *req, const char *permission, err_t *e);

/* The view of the path parameter name ("id" for "{id}"); ptr NULL when absent. */
str_t http_req_param(const http_req_t *req, const char *name);
/* Whether query parameter name was given; *out_value gets its (decoded) value. */
bool http_req_query(const http_req_t *req, const char *name, str_t *out_value);
/* The value of header name (case-insensitive); ptr NULL when absent. */
str_t http_req_header(const http_req_t *req, const char *name);
/* Parses the body as JSON under the route's size limit and req->max_depth.  *out_json is
 * a new reference owned by the caller.  0, ERR_INVALID (malformed: line, column and byte
 * in the message), ERR_LIMIT or ERR_NOMEM. */
int http_req_json(const http_req_t *req, json_t **out_json, err_t *e);

/* Sets the status and the body (steals the reference to json, even on failure). */
int http_resp_json(http_resp_t *resp, int status, json_t *json);
/* Adds a header; name and value are copied into arena.  ERR_LIMIT past
 * HTTP_MAX_RESP_HEADERS, ERR_NOMEM. */
/* Sets a body that is not JSON: bytes (copied when sent; see http_resp_t.raw) of media
 * type (static storage), with status.  Drops a JSON body set before. */
void http_resp_raw(http_resp_t *resp, int status, const char *type, str_t bytes);
int http_resp_header(http_resp_t *resp, arena_t *arena, const char *name, const char *value);
/* Releases the body. */
void http_resp_clear(http_resp_t *resp);

/* ---- routes ------------------------------------------------------------------------ */

/* One route: data, not code.  The API layer declares a static array of them. */
struct http_route {
	http_method_t method;
	const char *pattern; /* "/api/plans/{id}/nodes"; a parameter is a whole segment */
	http_handler_fn handler;
	const char *permission;   /* NULL: public; else checked by the authorize hook */
	size_t max_body;          /* bytes; 0: the route takes no body */
	const char *const *query; /* accepted query parameter names, NULL-terminated; NULL: none */
	const char *summary;      /* one line, for the OpenAPI description */
	const char *content_type; /* media type of the body; NULL = application/json */
};

typedef enum http_match_result {
	HTTP_MATCH_OK = 0,
	HTTP_MATCH_NO_PATH,  /* 404 */
	HTTP_MATCH_NO_METHOD /* 405; allow lists the methods the path has */
} http_match_result_t;

typedef struct http_match {
	const http_route_t *route;
	http_kv_t params[HTTP_MAX_PARAMS];
	size_t nparams;
	unsigned allow; /* bit (1u << method) for every method the path answers */
} http_match_t;

/* Finds the route for method and path; allocates nothing.  HEAD matches a GET route.
 * Parameter values are views into path. */
http_match_result_t http_route_match(const http_route_t *routes, size_t nroutes,
				     http_method_t method, str_t path, http_match_t *out);
/* Writes the Allow header value for an allow mask ("GET, HEAD, POST") into out. */
void http_allow_string(unsigned allow, char *out, size_t outsz);
/* Checks a request's query names against route->query: 0, or ERR_INVALID naming the
 * first undeclared parameter (field = its name). */
int http_route_check_query(const http_route_t *route, const http_kv_t *query, size_t nquery,
			   http_lang_t lang, err_t *e);
/* Checks the route table itself: patterns start with '/', parameters are whole segments,
 * at most HTTP_MAX_PARAMS, no duplicate method+pattern.  0 or ERR_INVALID. */
int http_routes_validate(const http_route_t *routes, size_t nroutes, err_t *e);

/* ---- errors ------------------------------------------------------------------------ */

/* The HTTP status for an ERR_* code (the one mapping); flags are HTTP_RESP_*. */
int http_status_for(int code, unsigned flags);
/* The default message for a code in lang; static storage. */
const char *http_error_message(int code, http_lang_t lang);
/* The language asked for by an Accept-Language value (highest q wins; zh by default). */
http_lang_t http_lang_from_header(str_t accept_language);
/* The one error body: {"error":{"code":…,"message":…,"field":…}}.  code is
 * err_code_name(code); message is e->msg when the handler gave one, else the table's;
 * field only when e names one.  New reference, NULL when out of memory. */
json_t *http_error_json(int code, const err_t *e, http_lang_t lang);
/* The same shape from parts, for the errors with no ERR_* code (405 method_not_allowed);
 * field may be NULL.  New reference, NULL when out of memory. */
json_t *http_error_body(const char *code_name, const char *message, const char *field);
/* Fills resp with the error body and its status (clearing a previous body). */
int http_resp_error(http_resp_t *resp, int code, const err_t *e, http_lang_t lang);

/* ---- JSON bodies ------------------------------------------------------------------- */

#define HTTP_JSON_MAX_DEPTH 32

/* Parses body as one JSON value: ERR_LIMIT when longer than max_size, ERR_INVALID when
 * nested deeper than max_depth or malformed (message with line, column and byte
 * position; e->line and e->offset set).  *out_json is a new reference. */
int http_json_parse(str_t body, size_t max_size, size_t max_depth, http_lang_t lang,
		    json_t **out_json, err_t *e);

#endif
