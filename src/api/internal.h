/* internal.h — what the files of src/api/ share (internal): the application context
 * with its pool of store connections, the logged-in principal, the handlers the route
 * table in app.c names, and small helpers for ids, queries and JSON answers. */
#ifndef DUBAN_API_INTERNAL_H
#define DUBAN_API_INTERNAL_H

#include "api/api.h"
#include "http/http.h"
#include "model/date.h"
#include "model/org.h"
#include "store/store.h"

#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>

#define API_POOL_MAX    16 /* store connections at most; a request holds one at a time */
#define API_MAX_PROXIES 8

typedef struct api_config {
	long long idle_s;        /* session idle timeout (default 30 min) */
	long long max_s;         /* session absolute lifetime (default 12 h) */
	bool tls;                /* served behind TLS: cookies are Secure, origin https */
	char origin[256];        /* the allowed Origin; "" = this server's own (from Host) */
	long long fail_max;      /* failed logins per account (default 5) ... */
	long long fail_max_addr; /* ... or per client address (default 20) ... */
	long long fail_window_s; /* ... within this window (default 15 min) → 429 */
	/* peers (reverse proxies) whose X-Forwarded-For names the real client */
	char proxies[API_MAX_PROXIES][64];
	size_t nproxies;
} api_config_t;

typedef struct api_ctx {
	char *db; /* the store URL (owned) */
	api_config_t cfg;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	store_t *idle[API_POOL_MAX];
	size_t nidle, nopen;
	char dummy_hash[crypto_pwhash_STRBYTES]; /* verified against for unknown users */
} api_ctx_t;

/* Who is asking, set by the authorize hook (in the request's arena). */
typedef struct api_principal {
	long long user_id;
	str_t name;
	org_role_t role;
	long long unit_id; /* 0: none */
	long long session_id;
	str_t csrf;
	org_scope_t scope; /* for the route's action: ALL, or SUBTREE of unit_id */
} api_principal_t;

/* ---- app.c ---- */
/* A store connection from the pool (waits when all are busy); NULL with e on failure.
 * Its audit rows record req->client (resolved by api_client_resolve; req NULL: no
 * client).  Give it back with api_store_put, which clears the client and closes it
 * instead when it is no longer usable (a lost PostgreSQL connection), so the pool
 * recovers after a database failover and no request's address reaches another's rows. */
store_t *api_store_get(api_ctx_t *ctx, const http_req_t *req, err_t *e);
void api_store_put(api_ctx_t *ctx, store_t *s);
/* Now in Unix seconds. */
long long api_now(void);

/* ---- auth.c ---- */
int api_authorize(void *app, http_req_t *req, const char *permission, err_t *e);
/* When the peer is a trusted proxy, replaces req->client by the last address of its
 * X-Forwarded-For (if that is a valid IP address); else leaves it. */
void api_client_resolve(const api_ctx_t *ctx, http_req_t *req);
/* 0 when the request's Origin is the allowed one, else ERR_DENIED. */
int api_check_origin(const api_ctx_t *ctx, const http_req_t *req, err_t *e);
/* Appends an audit row "denied" for req (who; what in after_json; from where in its client
 * column) and returns code. */
int api_denied(api_ctx_t *ctx, store_t *s, const http_req_t *req, int code, const char *what);
/* The subtree root for list filters: 0 for scope ALL, else the principal's unit. */
long long api_scope_root(const api_principal_t *p);
/* Whether the principal's scope covers an item owned by unit (0: nobody). */
int api_owns(store_t *s, const api_principal_t *p, long long unit, bool *out_ok, err_t *e);

/* ---- helpers (app.c) ---- */
/* The path parameter "id" as a positive id; ERR_NOTFOUND when it is not one. */
int api_param_id(const http_req_t *req, long long *out_id, err_t *e);
/* A non-negative integer query parameter (def when absent); ERR_INVALID naming it. */
int api_query_int(const http_req_t *req, const char *name, long long def, long long max,
		  long long *out_value, err_t *e);
/* The paging parameters of a list: limit (1 .. STORE_PAGE_MAX, default 50; 0 also
 * means 50) and offset; ERR_INVALID naming the bad one. */
int api_query_page(const http_req_t *req, size_t *out_limit, size_t *out_offset, err_t *e);
/* Query parameter name, when present, as the index of its value in choices (NULL-ended);
 * *out_index untouched when absent; ERR_INVALID with msg and the field otherwise. */
int api_query_choice(const http_req_t *req, const char *name, const char *const *choices,
		     const char *msg, int *out_index, err_t *e);
/* Answers 200 with one page of a list: {key: items, total, limit, offset}; items stays
 * the caller's (it takes its own reference). */
int api_page_answer(http_resp_t *resp, const char *key, json_t *items, long long total,
		    size_t limit, size_t offset);
/* Whether any of the NULL-ended names is a query parameter of req. */
bool api_query_any(const http_req_t *req, const char *const *names);
/* A JSON string of a view (NULL view: ""). */
json_t *api_str(str_t s);
/* An answer with no ERR_* code of its own (428, 429): status and the one error shape. */
int api_resp_status(http_resp_t *resp, int status, const char *code, const char *msg);
/* Reads an optional string member of a JSON body into *out (untouched when absent);
 * ERR_INVALID naming the field when it is not a string. */
int api_body_str(json_t *body, const char *field, str_t *out, err_t *e);

/* ---- edit.c: ETags, If-Match, typed body members, passwords ---- */
#define API_ETAG_SIZE    32 /* "\"" + 24 hex + "\"" + NUL */
#define API_ANSWERED     1  /* a helper filled the response itself: the handler returns 0 */
#define API_PASSWORD_MIN 8  /* characters */
/* The content ETag of j (a hash of its sorted compact text), quoted, into out. */
int api_etag_of(const json_t *j, char out[API_ETAG_SIZE]);
/* Answers j (stolen) with status and its ETag header. */
int api_resp_etag_json(http_req_t *req, http_resp_t *resp, int status, json_t *j);
/* Checks If-Match against current's ETag: 0 when it matches; API_ANSWERED after filling
 * a 428 when the header is missing; ERR_CONFLICT with the 412 flag set when stale. */
int api_if_match(const http_req_t *req, http_resp_t *resp, const json_t *current, err_t *e);
/* The answer to the store's ERR_CONFLICT on a checked edit: 412, nothing written. */
int api_stale(http_resp_t *resp, const http_req_t *req, err_t *e);
/* Parses the body as a JSON object whose members are all in allowed (NULL-terminated);
 * ERR_INVALID naming the first other member.  *out_body is a new reference. */
int api_body_object(const http_req_t *req, const char *const *allowed, json_t **out_body, err_t *e);
/* A required non-blank string member (a view into body). */
int api_body_need_str(json_t *body, const char *field, str_t *out, err_t *e);
/* Optional members, *out untouched when absent; ERR_INVALID naming the field when of the
 * wrong type.  An id is a positive integer or null (0); a number may be null only when
 * io_has is given (then *io_has says whether it is set). */
int api_body_id(json_t *body, const char *field, long long *out, err_t *e);
int api_body_int(json_t *body, const char *field, long long min, long long max, long long *out,
		 err_t *e);
int api_body_num(json_t *body, const char *field, bool *io_has, double *out, err_t *e);
int api_body_bool(json_t *body, const char *field, bool *out, err_t *e);
/* The password policy (at least API_PASSWORD_MIN characters, at most 1024 bytes, not a
 * common password, not the user name), then its argon2id hash into out.  ERR_INVALID
 * (field "password") with a Chinese message when refused. */
int api_password_hash(str_t name, str_t pw, char out[crypto_pwhash_STRBYTES], err_t *e);
/* A handler's work once its store is open: id is the route's {id} (0 when the route has
 * none), body the request's JSON object (NULL when the route reads none). */
typedef int (*api_store_fn)(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp,
			    long long id, json_t *body, err_t *e);
/* The frame of the one-item handlers: reads {id} when with_id, the JSON body when fields
 * (the members it accepts) is not NULL, opens the store, runs fn, gives the store back. */
int api_run(http_req_t *req, http_resp_t *resp, bool with_id, const char *const *fields,
	    api_store_fn fn, err_t *e);
/* api_if_match against current, which it takes (NULL: out of memory). */
int api_if_match_take(const http_req_t *req, http_resp_t *resp, json_t *current, err_t *e);
/* The answer of a checked update that ended in rc: stale (412), not found (404, zh), an
 * error, or 200 with after (taken; NULL when rc is not 0) and its ETag. */
int api_patch_answer(http_req_t *req, http_resp_t *resp, int rc, const char *zh, json_t *after,
		     err_t *e);
/* ERR_NOTFOUND with the message zh (English "not found" with Accept-Language: en). */
int api_not_found(const http_req_t *req, const char *zh, err_t *e);
/* ERR_INVALID: the id in field names nothing (never says whose it is). */
int api_bad_id(const char *field, err_t *e);

/* ---- handlers ---- */
int api_session_login(http_req_t *req, http_resp_t *resp, err_t *e);
int api_session_logout(http_req_t *req, http_resp_t *resp, err_t *e);
int api_session_me(http_req_t *req, http_resp_t *resp, err_t *e);
int api_units_tree(http_req_t *req, http_resp_t *resp, err_t *e);
int api_users_list(http_req_t *req, http_resp_t *resp, err_t *e);
int api_plans_list(http_req_t *req, http_resp_t *resp, err_t *e);
int api_plans_get(http_req_t *req, http_resp_t *resp, err_t *e);
int api_plans_nodes(http_req_t *req, http_resp_t *resp, err_t *e);
int api_nodes_get(http_req_t *req, http_resp_t *resp, err_t *e);
int api_nodes_patch(http_req_t *req, http_resp_t *resp, err_t *e);
int api_reports_submit(http_req_t *req, http_resp_t *resp, err_t *e);
int api_reports_list(http_req_t *req, http_resp_t *resp, err_t *e);
int api_reports_accept(http_req_t *req, http_resp_t *resp, err_t *e);
int api_reports_return(http_req_t *req, http_resp_t *resp, err_t *e);
int api_not_reported(http_req_t *req, http_resp_t *resp, err_t *e);
int api_audit_list(http_req_t *req, http_resp_t *resp, err_t *e);
int api_settings_get(http_req_t *req, http_resp_t *resp, err_t *e);
int api_settings_put(http_req_t *req, http_resp_t *resp, err_t *e);
int api_policy_get(http_req_t *req, http_resp_t *resp, err_t *e);
int api_rankings(http_req_t *req, http_resp_t *resp, err_t *e);
/* documents.c */
int api_documents_upload(http_req_t *req, http_resp_t *resp, err_t *e);
int api_plans_document(http_req_t *req, http_resp_t *resp, err_t *e);
int api_plans_glossary(http_req_t *req, http_resp_t *resp, err_t *e);
int api_plans_results(http_req_t *req, http_resp_t *resp, err_t *e);
/* resources with create and update (units.c, users.c, plans.c, nodes.c, targets.c,
 * projects.c, search.c) */
int api_units_create(http_req_t *req, http_resp_t *resp, err_t *e);
int api_units_get(http_req_t *req, http_resp_t *resp, err_t *e);
int api_units_patch(http_req_t *req, http_resp_t *resp, err_t *e);
int api_users_create(http_req_t *req, http_resp_t *resp, err_t *e);
int api_users_get(http_req_t *req, http_resp_t *resp, err_t *e);
int api_users_patch(http_req_t *req, http_resp_t *resp, err_t *e);
int api_users_password(http_req_t *req, http_resp_t *resp, err_t *e);
int api_plans_create(http_req_t *req, http_resp_t *resp, err_t *e);
int api_plans_activate(http_req_t *req, http_resp_t *resp, err_t *e);
int api_plans_close(http_req_t *req, http_resp_t *resp, err_t *e);
int api_plans_nodes_create(http_req_t *req, http_resp_t *resp, err_t *e);
int api_targets_list(http_req_t *req, http_resp_t *resp, err_t *e);
int api_targets_create(http_req_t *req, http_resp_t *resp, err_t *e);
int api_targets_get(http_req_t *req, http_resp_t *resp, err_t *e);
int api_targets_patch(http_req_t *req, http_resp_t *resp, err_t *e);
int api_projects_list(http_req_t *req, http_resp_t *resp, err_t *e);
int api_projects_create(http_req_t *req, http_resp_t *resp, err_t *e);
int api_projects_get(http_req_t *req, http_resp_t *resp, err_t *e);
int api_projects_patch(http_req_t *req, http_resp_t *resp, err_t *e);
int api_search(http_req_t *req, http_resp_t *resp, err_t *e);

/* ---- the supervision picture over the API (status.c, rankings.c, export.c) ---- */
int api_status_list(http_req_t *req, http_resp_t *resp, err_t *e);
int api_warnings_list(http_req_t *req, http_resp_t *resp, err_t *e);
int api_exports_get(http_req_t *req, http_resp_t *resp, err_t *e);
/* Today's date (local time); ERR_INTERNAL when the clock fails. */
int api_today(date_t *out_date, err_t *e);
/* The query parameter as_of (YYYY-MM-DD), today when absent; ERR_INVALID naming it. */
int api_query_as_of(const http_req_t *req, date_t *out_date, err_t *e);
/* The unit subtree a list is limited to: the query parameter unit when it lies in the
 * caller's scope (else ERR_NOTFOUND: another unit's existence does not show), else the
 * caller's scope root (0: everything). */
int api_scoped_unit(store_t *s, const http_req_t *req, long long *out_unit, err_t *e);
/* The name of unit id among units[0..n), or an empty view. */
str_t api_unit_name(const store_unit_t *units, size_t n, long long id);

/* The route permissions (auth.c) and what each needs: an org action, at least min_scope. */
typedef struct api_perm {
	const char *name;
	org_action_t action;
	org_scope_t min_scope;
} api_perm_t;
extern const api_perm_t api_perms[];
extern const size_t api_nperms;

/* Loads node id if the principal may see it; ERR_NOTFOUND (audited when it exists but
 * lies outside the scope) otherwise (nodes.c). */
int api_node_visible_get(api_ctx_t *ctx, store_t *s, http_req_t *req, long long id,
			 store_node_t *out, err_t *e);
/* May the principal edit n (lead unit in scope: ERR_DENIED; plan closed: ERR_CONFLICT)? */
int api_node_may_edit(store_t *s, http_req_t *req, const store_node_t *n, err_t *e);

/* JSON of rows (nodes.c, reports.c); new references, NULL when out of memory. */
json_t *api_node_json(const store_node_t *n);
json_t *api_report_json(const store_report_t *r);
json_t *api_target_json(const store_target_t *t);
json_t *api_project_json(const store_project_t *p);

#endif
