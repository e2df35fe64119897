/* app.c — the API application: its route table (data), opening the store (migrated on
 * start) with a small pool of connections (a store_t is one connection, and the server
 * runs a thread pool), the settings read from the serve config file, the first admin,
 * and the small helpers the resource files share. */
#include "api/internal.h"

#include "base/log.h"
#include "base/mem.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- routes -------------------------------------------------------------------------- */

static const char *const q_nodes[] = { "limit", "offset", "lead_unit", "sort", NULL };
static const char *const q_missing[] = {
	"plan", "period", "unit", "sort", "limit", "offset", NULL
};
static const char *const q_reports[] = { "period", "state", "limit", "offset", NULL };
static const char *const q_audit[] = { "after", "limit", "entity", "entity_id", NULL };
static const char *const q_upload[] = { "name", "title", "year", NULL };
static const char *const q_projects[] = {
	"plan", "unit", "stage", "sort", "limit", "offset", NULL
};
static const char *const q_search[] = { "q", "limit", NULL };
static const char *const q_units[] = { "parent", "kind", "q", "sort", "limit", "offset", NULL };
static const char *const q_users[] = {
	"unit", "role", "disabled", "sort", "limit", "offset", NULL
};
static const char *const q_plans[] = { "state", "year", "sort", "limit", "offset", NULL };
/* the supervision picture (status.c, rankings.c) */
static const char *const q_status[] = { "plan",  "unit", "kind",  "status", "warning",
					"as_of", "sort", "limit", "offset", NULL };
static const char *const q_warnings[] = { "plan", "unit",  "kind",   "warning", "as_of",
					  "sort", "limit", "offset", NULL };
static const char *const q_rankings[] = { "plan", "period", NULL };
static const char *const q_exports[] = { "plan", "format", "as_of", NULL };

#define KB(n) ((size_t)(n) << 10)
#define MB(n) ((size_t)(n) << 20)

static const http_route_t routes[] = {
	/* method     pattern                       handler             permission max_body query */
	{ HTTP_POST, "/api/session", api_session_login, NULL, KB(4), NULL, "log in", NULL },
	{ HTTP_GET, "/api/session", api_session_me, "session", 0, NULL, "who am I", NULL },
	{ HTTP_DELETE, "/api/session", api_session_logout, "session", 0, NULL, "log out", NULL },
	{ HTTP_GET, "/api/units", api_units_tree, "read", 0, q_units,
	  "the unit tree (nested) without parameters; with any, a flat page of units filtered by"
	  " parent, kind and name, sorted, with the total",
	  NULL },
	{ HTTP_GET, "/api/users", api_users_list, "admin", 0, q_users,
	  "users filtered by unit, role and disabled, sorted, paged", NULL },
	{ HTTP_GET, "/api/plans", api_plans_list, "read", 0, q_plans,
	  "plans filtered by state and year, sorted, paged", NULL },
	{ HTTP_GET, "/api/plans/{id}", api_plans_get, "read", 0, NULL, "a plan", NULL },
	{ HTTP_GET, "/api/plans/{id}/nodes", api_plans_nodes, "read", 0, q_nodes,
	  "a plan's tasks visible to the user with their cooperating units, filtered by lead"
	  " unit, sorted (tree|deadline), paged with the total",
	  NULL },
	{ HTTP_GET, "/api/nodes/{id}", api_nodes_get, "read", 0, NULL, "a task (ETag = version)",
	  NULL },
	{ HTTP_PATCH, "/api/nodes/{id}", api_nodes_patch, "edit", KB(64), NULL,
	  "edit a task (If-Match required)", NULL },
	{ HTTP_POST, "/api/reports", api_reports_submit, "report", KB(64), NULL,
	  "file or submit a progress report", NULL },
	{ HTTP_GET, "/api/reports", api_reports_list, "read", 0, q_reports,
	  "the reports of a period visible to the user, paged", NULL },
	{ HTTP_POST, "/api/reports/{id}/accept", api_reports_accept, "review", KB(16), NULL,
	  "accept a submitted report", NULL },
	{ HTTP_POST, "/api/reports/{id}/return", api_reports_return, "review", KB(16), NULL,
	  "return a submitted report with a comment", NULL },
	{ HTTP_GET, "/api/not-reported", api_not_reported, "read", 0, q_missing,
	  "items without a submitted report for a period, in the user's units (or unit=ID's"
	  " subtree), sorted by item or unit, paged",
	  NULL },
	{ HTTP_GET, "/api/policy", api_policy_get, "session", 0, NULL,
	  "the access policy: role × action → scope, and what each permission needs", NULL },
	/* the supervision picture: status, warnings, rankings */
	{ HTTP_GET, "/api/status", api_status_list, "read", 0, q_status,
	  "every item's progress, status, warning and reason, filtered, sorted, paged", NULL },
	{ HTTP_GET, "/api/warnings", api_warnings_list, "read", 0, q_warnings,
	  "the items with a yellow or red warning, most severe first, paged", NULL },
	{ HTTP_GET, "/api/rankings", api_rankings, "overview", 0, q_rankings,
	  "responsible units ranked for a month (on time, on schedule, investment)", NULL },
	{ HTTP_GET, "/api/exports/{what}", api_exports_get, "read", 0, q_exports,
	  "the ledger, bulletin or projects as a CSV or xlsx download, scoped", NULL },
	{ HTTP_GET, "/api/audit", api_audit_list, "audit", 0, q_audit,
	  "the audit trail, paged: who, when, what, before, after and from where (client)", NULL },
	/* supervision settings: warning thresholds and ranking weights (settings.c) */
	{ HTTP_GET, "/api/settings", api_settings_get, "read", 0, NULL,
	  "the warning thresholds and ranking weights (with defaults and an ETag)", NULL },
	{ HTTP_PUT, "/api/settings", api_settings_put, "admin", KB(4), NULL,
	  "change thresholds or weights (If-Match; 412 when stale, 400 naming a bad key)", NULL },
	/* plan documents (documents.c) */
	{ HTTP_POST, "/api/documents", api_documents_upload, "manage", MB(16), q_upload,
	  "upload a plan document: a draft plan with its results, glossary and source text",
	  "application/octet-stream" },
	{ HTTP_GET, "/api/plans/{id}/document", api_plans_document, "read", 0, NULL,
	  "the source document a plan was imported from", NULL },
	{ HTTP_GET, "/api/plans/{id}/glossary", api_plans_glossary, "read", 0, NULL,
	  "a plan's glossary (名词解释) with the spans citing it", NULL },
	{ HTTP_GET, "/api/plans/{id}/results", api_plans_results, "read", 0, NULL,
	  "the results (完成情况) found in a plan's document", NULL },
	/* ---- units, users, plans, nodes, targets, projects, search: create and edit ---- */
	{ HTTP_POST, "/api/units", api_units_create, "admin", KB(4), NULL, "add a unit", NULL },
	{ HTTP_GET, "/api/units/{id}", api_units_get, "read", 0, NULL, "a unit (ETag)", NULL },
	{ HTTP_PATCH, "/api/units/{id}", api_units_patch, "admin", KB(4), NULL,
	  "rename or move a unit (If-Match required)", NULL },
	{ HTTP_POST, "/api/users", api_users_create, "admin", KB(4), NULL,
	  "add a user (password policy, argon2id)", NULL },
	{ HTTP_GET, "/api/users/{id}", api_users_get, "admin", 0, NULL, "a user (ETag)", NULL },
	{ HTTP_PATCH, "/api/users/{id}", api_users_patch, "admin", KB(4), NULL,
	  "change a user's display name, role, unit or disabled flag", NULL },
	{ HTTP_POST, "/api/users/{id}/password", api_users_password, "session", KB(4), NULL,
	  "change one's own password (current one required) or, as admin, anyone's", NULL },
	{ HTTP_POST, "/api/plans", api_plans_create, "manage", KB(16), NULL, "add a draft plan",
	  NULL },
	{ HTTP_POST, "/api/plans/{id}/activate", api_plans_activate, "manage", 0, NULL,
	  "activate a draft plan", NULL },
	{ HTTP_POST, "/api/plans/{id}/close", api_plans_close, "manage", 0, NULL,
	  "close an active plan", NULL },
	{ HTTP_POST, "/api/plans/{id}/nodes", api_plans_nodes_create, "edit", KB(64), NULL,
	  "add a task (under a parent the user's units lead)", NULL },
	{ HTTP_GET, "/api/nodes/{id}/targets", api_targets_list, "read", 0, NULL,
	  "a task's quantified targets", NULL },
	{ HTTP_POST, "/api/nodes/{id}/targets", api_targets_create, "edit", KB(16), NULL,
	  "add a target to a task", NULL },
	{ HTTP_GET, "/api/targets/{id}", api_targets_get, "read", 0, NULL, "a target (ETag)",
	  NULL },
	{ HTTP_PATCH, "/api/targets/{id}", api_targets_patch, "edit", KB(16), NULL,
	  "edit a target (If-Match required)", NULL },
	{ HTTP_GET, "/api/projects", api_projects_list, "read", 0, q_projects,
	  "key projects visible to the user, filtered, sorted, paged", NULL },
	{ HTTP_POST, "/api/projects", api_projects_create, "edit", KB(16), NULL,
	  "add a key project", NULL },
	{ HTTP_GET, "/api/projects/{id}", api_projects_get, "read", 0, NULL, "a key project (ETag)",
	  NULL },
	{ HTTP_PATCH, "/api/projects/{id}", api_projects_patch, "edit", KB(16), NULL,
	  "edit a key project (If-Match required)", NULL },
	{ HTTP_GET, "/api/search", api_search, "read", 0, q_search,
	  "search tasks, targets and projects visible to the user", NULL },
	/* ---- end of units … search ---- */
};

const char *const api_config_keys[] = {
	"session_idle_seconds",
	"session_max_seconds",
	"tls",
	"origin",
	"login_max_failures",
	"login_window_seconds",
	"login_max_failures_per_address",
	"trusted_proxies",
	NULL,
};

/* ---- the store pool ------------------------------------------------------------------ */

/* An idle connection, or a new one when fewer than API_POOL_MAX are open. */
static store_t *pool_take(api_ctx_t *ctx, err_t *e)
{
	store_t *s = NULL;
	bool open_new = false;

	pthread_mutex_lock(&ctx->mu);
	while (ctx->nidle == 0 && ctx->nopen >= API_POOL_MAX)
		pthread_cond_wait(&ctx->cv, &ctx->mu);
	if (ctx->nidle > 0) {
		s = ctx->idle[--ctx->nidle];
	} else {
		ctx->nopen++; /* reserved; opened outside the lock */
		open_new = true;
	}
	pthread_mutex_unlock(&ctx->mu);
	if (!open_new)
		return s;
	s = store_open(ctx->db, e);
	if (!s) {
		pthread_mutex_lock(&ctx->mu);
		ctx->nopen--;
		pthread_cond_signal(&ctx->cv);
		pthread_mutex_unlock(&ctx->mu);
	}
	return s;
}

store_t *api_store_get(api_ctx_t *ctx, const http_req_t *req, err_t *e)
{
	store_t *s = pool_take(ctx, e);

	if (s)
		store_set_client(s, req ? str_from_cstr(req->client) : STR_NULL);
	return s;
}

void api_store_put(api_ctx_t *ctx, store_t *s)
{
	if (!s)
		return;
	store_set_client(s, STR_NULL);
	pthread_mutex_lock(&ctx->mu);
	if (store_healthy(s)) {
		ctx->idle[ctx->nidle++] = s;
	} else { /* a lost connection: the next request opens a new one */
		store_close(s);
		ctx->nopen--;
	}
	pthread_cond_signal(&ctx->cv);
	pthread_mutex_unlock(&ctx->mu);
}

long long api_now(void)
{
	return (long long)time(NULL);
}

/* ---- settings -------------------------------------------------------------------------- */

static int config_int(json_t *doc, const char *key, long long min, long long max, long long *out,
		      err_t *e)
{
	json_t *v = json_object_get(doc, key);

	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		err_set(e, ERR_INVALID, "config: '%s' must be an integer from %lld to %lld", key,
			min, max);
		return err_field(e, key);
	}
	*out = json_integer_value(v);
	return 0;
}

/* "trusted_proxies": ["127.0.0.1", …] — the addresses of reverse proxies. */
static int config_proxies(json_t *v, api_config_t *c, err_t *e)
{
	size_t i;
	json_t *x;

	if (!json_is_array(v) || json_array_size(v) > API_MAX_PROXIES)
		goto bad;
	json_array_foreach(v, i, x)
	{
		if (!json_is_string(x) || json_string_length(x) >= sizeof c->proxies[0])
			goto bad;
		snprintf(c->proxies[i], sizeof c->proxies[i], "%s", json_string_value(x));
	}
	c->nproxies = json_array_size(v);
	return 0;
bad:
	err_set(e, ERR_INVALID, "config: 'trusted_proxies' must be a list of at most %d addresses",
		API_MAX_PROXIES);
	return err_field(e, "trusted_proxies");
}

static int config_read(const char *path, api_config_t *c, err_t *e)
{
	json_error_t jerr;
	json_t *doc, *v;
	int rc;

	c->idle_s = 30 * 60;
	c->max_s = 12 * 3600;
	c->fail_max = 5;
	c->fail_max_addr = 20;
	c->fail_window_s = 15 * 60;
	if (!path)
		return 0;
	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc || !json_is_object(doc)) {
		json_decref(doc);
		return err_set(e, ERR_INVALID, "config %s: not a JSON object", path);
	}
	rc = config_int(doc, "session_idle_seconds", 60, 7 * 86400, &c->idle_s, e);
	if (rc == 0)
		rc = config_int(doc, "session_max_seconds", 60, 90 * 86400, &c->max_s, e);
	if (rc == 0)
		rc = config_int(doc, "login_max_failures", 1, 1000, &c->fail_max, e);
	if (rc == 0)
		rc = config_int(doc, "login_max_failures_per_address", 1, 100000, &c->fail_max_addr,
				e);
	if (rc == 0)
		rc = config_int(doc, "login_window_seconds", 1, 86400, &c->fail_window_s, e);
	if (rc == 0 && (v = json_object_get(doc, "tls")) != NULL) {
		if (!json_is_boolean(v))
			rc = err_set(e, ERR_INVALID, "config: 'tls' must be true or false");
		c->tls = json_is_true(v);
	}
	if (rc == 0 && (v = json_object_get(doc, "trusted_proxies")) != NULL)
		rc = config_proxies(v, c, e);
	if (rc == 0 && (v = json_object_get(doc, "origin")) != NULL) {
		if (!json_is_string(v) || json_string_length(v) >= sizeof c->origin)
			rc = err_set(
				e, ERR_INVALID,
				"config: 'origin' must be a string like https://duban.example");
		else
			snprintf(c->origin, sizeof c->origin, "%s", json_string_value(v));
	}
	json_decref(doc);
	return rc;
}

/* ---- open and close -------------------------------------------------------------------- */

static void app_close(void *p)
{
	api_ctx_t *ctx = p;

	if (!ctx)
		return;
	for (size_t i = 0; i < ctx->nidle; i++)
		store_close(ctx->idle[i]);
	pthread_mutex_destroy(&ctx->mu);
	pthread_cond_destroy(&ctx->cv);
	mem_free(ctx->db);
	mem_free(ctx);
}

static int app_open(const char *db, const char *config_file, void **out_ctx, err_t *e)
{
	static const char dummy[] = "duban: no such user";
	api_ctx_t *ctx;
	store_t *s;
	int rc, version = 0;

	*out_ctx = NULL;
	if (sodium_init() < 0)
		return err_set(e, ERR_INTERNAL, "api: libsodium failed to initialise");
	if (!db || !db[0])
		return err_set(e, ERR_USAGE, "api: no database given");
	ctx = mem_calloc(1, sizeof *ctx);
	if (!ctx)
		return err_set(e, ERR_NOMEM, "out of memory");
	pthread_mutex_init(&ctx->mu, NULL);
	pthread_cond_init(&ctx->cv, NULL);
	ctx->db = mem_strndup(db, strlen(db));
	rc = ctx->db ? config_read(config_file, &ctx->cfg, e) : err_set(e, ERR_NOMEM, "oom");
	if (rc == 0 && crypto_pwhash_str(ctx->dummy_hash, dummy, sizeof dummy - 1,
					 crypto_pwhash_OPSLIMIT_INTERACTIVE,
					 crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		rc = err_set(e, ERR_NOMEM, "api: out of memory hashing");
	s = rc == 0 ? api_store_get(ctx, NULL, e) : NULL;
	if (rc == 0 && !s)
		rc = e ? e->code : ERR_DB;
	if (rc == 0)
		rc = store_migrate(s, &version, e);
	api_store_put(ctx, s);
	if (rc) {
		app_close(ctx);
		return rc;
	}
	log_info("api: %s database at schema version %d", store_backend_name(s), version);
	*out_ctx = ctx;
	return 0;
}

const http_app_t api_app = {
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
	.authorize = api_authorize,
	.open = app_open,
	.close = app_close,
};

/* ---- the first admin ----------------------------------------------------------------- */

static int admin_exists(store_t *s, arena_t *a, bool *out_exists, err_t *e)
{
	store_user_t *users;
	size_t n;
	int rc = store_user_list(s, a, &users, &n, e);

	*out_exists = false;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (str_eq_cstr(users[i].role, "admin") && !users[i].disabled)
			*out_exists = true;
	return rc;
}

int api_bootstrap_admin(void *p, const char *name, const char *password, bool *out_created,
			err_t *e)
{
	api_ctx_t *ctx = p;
	char hash[crypto_pwhash_STRBYTES];
	arena_t *a = NULL;
	store_t *s = NULL;
	bool exists = false;
	int rc = 0;

	*out_created = false;
	if (!name || !name[0])
		return err_set(e, ERR_INVALID, "bootstrap: empty admin name");
	if (!password || strlen(password) < 8)
		return err_set(e, ERR_INVALID, "bootstrap: the password needs at least 8 bytes");
	a = arena_new(0, 0);
	s = a ? api_store_get(ctx, NULL, e) : NULL;
	if (s) /* asked for on the command line (duban serve), not by a request */
		store_set_client(s, STR_LIT("cli"));
	if (!a || !s) {
		rc = a ? (e ? e->code : ERR_DB) : err_set(e, ERR_NOMEM, "out of memory");
		goto done;
	}
	rc = admin_exists(s, a, &exists, e);
	if (rc || exists)
		goto done;
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		rc = err_set(e, ERR_NOMEM, "bootstrap: out of memory hashing");
		goto done;
	}
	store_user_t u = { .name = str_from_cstr(name),
			   .display_name = str_from_cstr(name),
			   .pw_hash = str_from_cstr(hash),
			   .role = STR_LIT("admin") };
	rc = store_user_add(s, STR_LIT("bootstrap"), &u, e);
	*out_created = rc == 0;
done:
	sodium_memzero(hash, sizeof hash);
	api_store_put(ctx, s);
	arena_free(a);
	return rc;
}

/* ---- helpers ----------------------------------------------------------------------- */

int api_param_id(const http_req_t *req, long long *out_id, err_t *e)
{
	long long id;

	if (str_to_ll(http_req_param(req, "id"), &id) != 0 || id <= 0)
		return err_set(e, ERR_NOTFOUND,
			       req->lang == HTTP_LANG_EN ? "no such item" : "未找到请求的内容");
	*out_id = id;
	return 0;
}

int api_query_int(const http_req_t *req, const char *name, long long def, long long max,
		  long long *out_value, err_t *e)
{
	str_t v;
	long long n;

	*out_value = def;
	if (!http_req_query(req, name, &v))
		return 0;
	if (str_to_ll(v, &n) != 0 || n < 0 || n > max) {
		err_set(e, ERR_INVALID, "查询参数“%s”应为 0 到 %lld 之间的整数", name, max);
		return err_field(e, name);
	}
	*out_value = n;
	return 0;
}

int api_query_page(const http_req_t *req, size_t *out_limit, size_t *out_offset, err_t *e)
{
	long long limit, offset;
	int rc = api_query_int(req, "limit", 50, STORE_PAGE_MAX, &limit, e);

	if (rc == 0)
		rc = api_query_int(req, "offset", 0, 1LL << 40, &offset, e);
	if (rc)
		return rc;
	*out_limit = (size_t)(limit ? limit : 50);
	*out_offset = (size_t)offset;
	return 0;
}

int api_query_choice(const http_req_t *req, const char *name, const char *const *choices,
		     const char *msg, int *out_index, err_t *e)
{
	str_t v;
	int i = 0;

	if (!http_req_query(req, name, &v))
		return 0;
	while (choices[i] && !str_eq_cstr(v, choices[i]))
		i++;
	if (!choices[i]) {
		err_set(e, ERR_INVALID, "%s", msg);
		return err_field(e, name);
	}
	*out_index = i;
	return 0;
}

int api_page_answer(http_resp_t *resp, const char *key, json_t *items, long long total,
		    size_t limit, size_t offset)
{
	return http_resp_json(resp, 200,
			      json_pack("{s:O, s:I, s:I, s:I}", key, items, "total",
					(json_int_t)total, "limit", (json_int_t)limit, "offset",
					(json_int_t)offset));
}

bool api_query_any(const http_req_t *req, const char *const *names)
{
	str_t v;

	for (size_t i = 0; names[i]; i++)
		if (http_req_query(req, names[i], &v))
			return true;
	return false;
}

json_t *api_str(str_t s)
{
	return json_stringn(s.ptr ? s.ptr : "", s.len);
}

int api_resp_status(http_resp_t *resp, int status, const char *code, const char *msg)
{
	return http_resp_json(resp, status, http_error_body(code, msg, NULL));
}

int api_body_str(json_t *body, const char *field, str_t *out, err_t *e)
{
	json_t *v = json_object_get(body, field);

	if (!v)
		return 0;
	if (!json_is_string(v)) {
		err_set(e, ERR_INVALID, "字段“%s”应为字符串", field);
		return err_field(e, field);
	}
	*out = str_make(json_string_value(v), json_string_length(v));
	return 0;
}
