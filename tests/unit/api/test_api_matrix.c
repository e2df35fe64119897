/* test_api_matrix.c — the authorization matrix of issue 5, generated at test time from
 * the API's route table and the model's policy table: every route × principal
 * (anonymous, each role, a disabled user, an expired session) × ownership (an item of
 * the user's own unit, of another unit, of none).  Each request goes in process through
 * what the server does (route match, query check, the authorize hook, the handler) and
 * the answer must be the policy's decision: 401 without a valid session, 403 when the
 * role lacks the route's permission, 404 for another unit's item (with the same body as
 * for an id that does not exist: guessing ids tells nothing), else the route's success.
 * No answer to a unit role may contain another unit's item text (marker 乙机密).
 *
 * A route without an entry in fixtures[] fails the test ("no fixture for route …"), so
 * a route added later cannot escape the matrix.  Runs on a temporary SQLite file; fresh
 * items are made for each request that changes one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/internal.h"
#include "base/arena.h"
#include "base/mem.h"
#include "extract/extract.h"
#include "store/import.h"
#include "lib/pgtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECRET  "乙机密" /* in every title of the other unit's items */
#define GHOST   99999999 /* an id nothing has */
#define ORIGIN  "https://duban.example"
#define PERIOD  "2024-03"
#define PW      "matrix pass phrase"
#define PW_NEXT "another pass phrase"

typedef enum own { OWN = 0, OTHER = 1, NONE = 2, OWN_COUNT = 3 } own_t;
static const char *const own_names[] = { "own", "other", "none" };

/* A principal: a role, or none (anonymous), a disabled user, an expired session. */
typedef struct who {
	const char *name;
	int role; /* org_role_t; -1: anonymous */
	bool disabled, expired;
	long long user_id;
	char token[65];
	char csrf[16];
} who_t;

typedef struct fx {
	char path[512];
	api_ctx_t *ctx;
	store_t *s; /* the test's own connection, for fixtures */
	arena_t *a;
	long long city, unit_a, unit_b, plan;
	long long doc_plan; /* a plan imported from a document (it has one stored) */
	long long node_a, node_b, node_none;
	long long serial;
	char pw_hash[crypto_pwhash_STRBYTES];
	who_t who[8];
	size_t nwho;
} fx_t;

/* ---- fixtures: what each route is called with ----------------------------------- */

/* A request to make: the {id} of the path, query, body, If-Match. */
typedef struct call {
	long long id;
	char query[256];
	char body[512];
	char if_match[64];
	char what[32]; /* the {what} of the path, for routes that name a kind, not an id */
} call_t;

/* Fills c for ownership o as principal w; false when o does not apply to the route. */
typedef bool (*make_fn)(fx_t *f, own_t o, const who_t *w, call_t *c);
/* The expected status for a principal that has the route's permission with scope. */
typedef int (*expect_fn)(const who_t *w, org_scope_t scope, own_t o);

typedef struct fixture {
	http_method_t method;
	const char *pattern;
	make_fn make;
	int ok;        /* status on success */
	int sub_other; /* status for a unit's-subtree scope on OTHER, NONE */
	int sub_none;
	expect_fn expect; /* overrides the three above; may be NULL */
} fixture_t;

static long long next(fx_t *f)
{
	return ++f->serial;
}

static long long unit_of(fx_t *f, own_t o)
{
	return o == OWN ? f->unit_a : o == OTHER ? f->unit_b : 0;
}

static long long add_node(fx_t *f, long long plan, own_t o)
{
	char title[64];
	snprintf(title, sizeof title, "%s任务%lld", o == OTHER ? SECRET : "", next(f));
	long long id = pgtest_add_node(f->s, plan, 0, 1, title, unit_of(f, o));
	assert_true(id > 0);
	return id;
}

static long long add_target(fx_t *f, own_t o, store_target_t *out)
{
	long long node = o == OWN ? f->node_a : o == OTHER ? f->node_b : f->node_none;
	char ind[64];
	snprintf(ind, sizeof ind, "%s指标%lld", o == OTHER ? SECRET : "", next(f));
	store_target_t t = { .node_id = node, .indicator = str_from_cstr(ind) };
	PGTEST_OK(store_target_add(f->s, STR_LIT("test"), &t, &e_));
	PGTEST_OK(store_target_get(f->s, f->a, t.id, out, &e_));
	return t.id;
}

static long long add_project(fx_t *f, own_t o, store_project_t *out)
{
	char name[64];
	snprintf(name, sizeof name, "%s项目%lld", o == OTHER ? SECRET : "", next(f));
	store_project_t p = { .plan_id = f->plan,
			      .name = str_from_cstr(name),
			      .owner_unit_id = unit_of(f, o) };
	PGTEST_OK(store_project_add(f->s, STR_LIT("test"), &p, &e_));
	PGTEST_OK(store_project_get(f->s, f->a, p.id, out, &e_));
	return p.id;
}

static void etag_of(json_t *j, call_t *c)
{
	assert_int_equal(api_etag_of(j, c->if_match), 0);
	json_decref(j);
}

static bool only_none(own_t o)
{
	return o == NONE;
}

static bool mk_plain(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)f, (void)w, (void)c;
	return only_none(o);
}

static bool mk_login(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	snprintf(c->body, sizeof c->body, "{\"name\":\"nobody%lld\",\"password\":\"wrong\"}",
		 next(f));
	return only_none(o);
}

static bool mk_plan(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	c->id = f->plan;
	return only_none(o);
}

static bool mk_plan_query(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	snprintf(c->query, sizeof c->query, "plan=%lld&period=" PERIOD, f->plan);
	return only_none(o);
}

/* not-reported narrowed to a unit (own: the principal's, other: another's; none: no
 * unit), paged and sorted: another unit answers 404 for a subtree scope. */
static bool mk_missing(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	if (o == NONE)
		snprintf(c->query, sizeof c->query, "plan=%lld&period=" PERIOD, f->plan);
	else
		snprintf(c->query, sizeof c->query,
			 "plan=%lld&period=" PERIOD "&unit=%lld&sort=unit&limit=10&offset=0",
			 f->plan, unit_of(f, o));
	return true;
}

static bool mk_plan_only(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	snprintf(c->query, sizeof c->query, "plan=%lld", f->plan);
	return only_none(o);
}

/* The ledger as CSV: every row a unit may see, nothing else (the text is checked). */
static bool mk_export(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	snprintf(c->what, sizeof c->what, "ledger");
	snprintf(c->query, sizeof c->query, "plan=%lld&format=csv", f->plan);
	return only_none(o);
}

static bool mk_reports_list(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)f, (void)w;
	snprintf(c->query, sizeof c->query, "period=" PERIOD);
	return only_none(o);
}

static bool mk_search(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)f, (void)w;
	snprintf(c->query, sizeof c->query, "q=" SECRET);
	return only_none(o);
}

/* An upload: a short plan document (plan-level: no unit owns it). */
static bool mk_document(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	snprintf(c->query, sizeof c->query, "name=plan%lld.txt&year=2025", next(f));
	snprintf(c->body, sizeof c->body,
		 "2025年工作要点\n一、扩大有效投资\n（一）全年完成固定资产投资增长6%%。\n");
	return only_none(o);
}

static bool mk_doc_plan(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	c->id = f->doc_plan;
	return only_none(o);
}

/* Imports a short document as a draft plan with its stored text: the id, or -1. */
static long long add_doc_plan(fx_t *f)
{
	static const char doc[] = "2025年工作要点\n一、扩大有效投资\n"
				  "（一）全年完成固定资产投资增长6%。\n";
	extract_opts_t o = { .year = 2025 };
	draft_t *d = NULL;
	err_t e;
	err_clear(&e);
	if (extract_run(doc, sizeof doc - 1, &o, &d, &e) != 0)
		return -1;
	store_plan_t p = { .title = STR_LIT("2025年工作要点") };
	int rc = store_import_draft(f->s, f->a, STR_LIT("test"), d, (str_t){ doc, sizeof doc - 1 },
				    &p, NULL, &e);
	draft_free(d);
	return rc == 0 ? p.id : -1;
}

static bool mk_node(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	c->id = o == OWN ? f->node_a : o == OTHER ? f->node_b : f->node_none;
	return true;
}

static bool mk_node_patch(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	c->id = add_node(f, f->plan, o);
	snprintf(c->if_match, sizeof c->if_match, "\"1\"");
	snprintf(c->body, sizeof c->body, "{\"deadline\":\"2024-12-31\"}");
	return true;
}

static bool mk_node_create(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	c->id = f->plan;
	if (o == NONE)
		snprintf(c->body, sizeof c->body, "{\"title\":\"新任务\"}");
	else
		snprintf(c->body, sizeof c->body, "{\"title\":\"子任务\",\"parent_id\":%lld}",
			 o == OWN ? f->node_a : f->node_b);
	return true;
}

static bool mk_report(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	if (o == NONE)
		return false;
	snprintf(c->body, sizeof c->body,
		 "{\"item_kind\":\"node\",\"item_id\":%lld,\"period\":\"" PERIOD "\"}",
		 add_node(f, f->plan, o));
	return true;
}

/* A fresh submitted report on a fresh node of the unit. */
static bool mk_review(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	if (o == NONE)
		return false;
	store_report_t r = { .unit_id = unit_of(f, o),
			     .item_kind = STR_LIT("node"),
			     .item_id = add_node(f, f->plan, o),
			     .period = STR_LIT(PERIOD) };
	PGTEST_OK(store_report_put(f->s, STR_LIT("test"), &r, true, &e_));
	c->id = r.id;
	snprintf(c->body, sizeof c->body, "{\"comment\":\"请补充佐证材料\"}");
	return true;
}

static bool mk_unit(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	c->id = o == OWN ? f->unit_a : o == OTHER ? f->unit_b : f->city;
	return true;
}

static bool mk_unit_create(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	snprintf(c->body, sizeof c->body, "{\"name\":\"新单位%lld\",\"parent_id\":%lld}", next(f),
		 f->city);
	return only_none(o);
}

static bool mk_unit_patch(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	char name[64];
	(void)w;
	snprintf(name, sizeof name, "待改单位%lld", next(f));
	c->id = pgtest_add_unit(f->s, name, unit_of(f, o) ? unit_of(f, o) : f->city);
	snprintf(c->if_match, sizeof c->if_match, "*");
	snprintf(c->body, sizeof c->body, "{\"kind\":\"zone\"}");
	return true;
}

static bool mk_settings_put(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	snprintf(c->if_match, sizeof c->if_match, "*");
	snprintf(c->body, sizeof c->body, "{\"status.lag_points\":%lld}", 5 + next(f) % 10);
	return only_none(o);
}

static long long add_user(fx_t *f, const char *role, long long unit)
{
	char name[32];
	snprintf(name, sizeof name, "u%lld", next(f));
	store_user_t u = { .name = str_from_cstr(name),
			   .pw_hash = str_from_cstr(f->pw_hash),
			   .role = str_from_cstr(role),
			   .unit_id = unit };
	PGTEST_OK(store_user_add(f->s, STR_LIT("test"), &u, &e_));
	return u.id;
}

static bool mk_user_create(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	snprintf(c->body, sizeof c->body,
		 "{\"name\":\"new%lld\",\"password\":\"" PW "\",\"role\":\"leader\"}", next(f));
	return only_none(o);
}

static bool mk_user(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	c->id = add_user(f, "unit_viewer", unit_of(f, o) ? unit_of(f, o) : f->city);
	return true;
}

static bool mk_user_patch(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	mk_user(f, o, w, c);
	snprintf(c->body, sizeof c->body, "{\"display_name\":\"改名\"}");
	snprintf(c->if_match, sizeof c->if_match, "*");
	return true;
}

/* own: the principal's own password (with the current one); other: another user's. */
static bool mk_password(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	if (o == NONE)
		return false;
	if (o == OWN && w->user_id <= 0)
		return false;
	if (o == OWN)
		PGTEST_OK(store_user_set_pw_hash(f->s, STR_LIT("test"), w->user_id,
						 str_from_cstr(f->pw_hash), &e_));
	c->id = o == OWN ? w->user_id : add_user(f, "unit_viewer", f->unit_b);
	snprintf(c->body, sizeof c->body,
		 o == OWN ? "{\"current_password\":\"" PW "\",\"new_password\":\"" PW_NEXT "\"}"
			  : "{\"new_password\":\"" PW_NEXT "\"}");
	return true;
}

/* Changing one's own password is for everyone; another's for administrators only. */
static int ex_password(const who_t *w, org_scope_t scope, own_t o)
{
	(void)scope;
	return o == OWN || w->role == ORG_ROLE_ADMIN ? 204 : 403;
}

static bool mk_plan_create(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)f, (void)w;
	snprintf(c->body, sizeof c->body, "{\"title\":\"新规划\",\"year\":2025}");
	return only_none(o);
}

static bool mk_plan_move(fx_t *f, own_t o, const who_t *w, call_t *c, const char *state)
{
	store_plan_t p = { .title = STR_LIT("待转规划"), .state = str_from_cstr(state) };
	(void)w;
	PGTEST_OK(store_plan_add(f->s, STR_LIT("test"), &p, &e_));
	c->id = p.id;
	return only_none(o);
}

static bool mk_activate(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	return mk_plan_move(f, o, w, c, "draft");
}

static bool mk_close(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	return mk_plan_move(f, o, w, c, "active");
}

static bool mk_targets_create(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	mk_node(f, o, w, c);
	snprintf(c->body, sizeof c->body, "{\"indicator\":\"新增企业\",\"value\":10}");
	return true;
}

static bool mk_target(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	store_target_t t;
	(void)w;
	c->id = add_target(f, o, &t);
	return true;
}

static bool mk_target_patch(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	store_target_t t;
	(void)w;
	c->id = add_target(f, o, &t);
	etag_of(api_target_json(&t), c);
	snprintf(c->body, sizeof c->body, "{\"value\":12.5}");
	return true;
}

static bool mk_project_create(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	(void)w;
	if (o == NONE)
		snprintf(c->body, sizeof c->body, "{\"name\":\"新项目\"}");
	else
		snprintf(c->body, sizeof c->body, "{\"name\":\"新项目\",\"owner_unit_id\":%lld}",
			 unit_of(f, o));
	return true;
}

static bool mk_project(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	store_project_t p;
	(void)w;
	c->id = add_project(f, o, &p);
	return true;
}

static bool mk_project_patch(fx_t *f, own_t o, const who_t *w, call_t *c)
{
	store_project_t p;
	(void)w;
	c->id = add_project(f, o, &p);
	etag_of(api_project_json(&p), c);
	snprintf(c->body, sizeof c->body, "{\"stage\":\"开工\",\"done_invest\":2}");
	return true;
}

/* method, pattern, make, ok, status for a subtree scope on another unit's item / none */
static const fixture_t fixtures[] = {
	{ HTTP_POST, "/api/session", mk_login, 401, 401, 401, NULL },
	{ HTTP_GET, "/api/session", mk_plain, 200, 0, 200, NULL },
	{ HTTP_DELETE, "/api/session", mk_plain, 204, 0, 204, NULL },
	{ HTTP_GET, "/api/units", mk_plain, 200, 0, 200, NULL },
	{ HTTP_GET, "/api/users", mk_plain, 200, 0, 200, NULL },
	{ HTTP_GET, "/api/plans", mk_plain, 200, 0, 200, NULL },
	{ HTTP_GET, "/api/plans/{id}", mk_plan, 200, 0, 200, NULL },
	{ HTTP_GET, "/api/plans/{id}/nodes", mk_plan, 200, 0, 200, NULL },
	{ HTTP_GET, "/api/nodes/{id}", mk_node, 200, 404, 404, NULL },
	{ HTTP_PATCH, "/api/nodes/{id}", mk_node_patch, 200, 404, 404, NULL },
	{ HTTP_POST, "/api/reports", mk_report, 201, 404, 0, NULL },
	{ HTTP_GET, "/api/reports", mk_reports_list, 200, 0, 200, NULL },
	{ HTTP_POST, "/api/reports/{id}/accept", mk_review, 200, 404, 0, NULL },
	{ HTTP_POST, "/api/reports/{id}/return", mk_review, 200, 404, 0, NULL },
	{ HTTP_GET, "/api/not-reported", mk_missing, 200, 404, 200, NULL },
	{ HTTP_GET, "/api/policy", mk_plain, 200, 0, 200, NULL },
	{ HTTP_GET, "/api/rankings", mk_plan_query, 200, 0, 200, NULL },
	{ HTTP_GET, "/api/audit", mk_plain, 200, 0, 200, NULL },
	{ HTTP_GET, "/api/settings", mk_plain, 200, 0, 200, NULL },
	{ HTTP_PUT, "/api/settings", mk_settings_put, 200, 0, 200, NULL },
	{ HTTP_POST, "/api/units", mk_unit_create, 201, 0, 201, NULL },
	{ HTTP_GET, "/api/units/{id}", mk_unit, 200, 200, 200, NULL },
	{ HTTP_PATCH, "/api/units/{id}", mk_unit_patch, 200, 200, 200, NULL },
	{ HTTP_POST, "/api/users", mk_user_create, 201, 0, 201, NULL },
	{ HTTP_GET, "/api/users/{id}", mk_user, 200, 200, 200, NULL },
	{ HTTP_PATCH, "/api/users/{id}", mk_user_patch, 200, 200, 200, NULL },
	{ HTTP_POST, "/api/users/{id}/password", mk_password, 204, 0, 0, ex_password },
	{ HTTP_POST, "/api/plans", mk_plan_create, 201, 0, 201, NULL },
	{ HTTP_POST, "/api/plans/{id}/activate", mk_activate, 200, 0, 200, NULL },
	{ HTTP_POST, "/api/plans/{id}/close", mk_close, 200, 0, 200, NULL },
	/* another unit's parent task answers as a missing one does: 400 naming parent_id */
	{ HTTP_POST, "/api/plans/{id}/nodes", mk_node_create, 201, 400, 403, NULL },
	{ HTTP_GET, "/api/nodes/{id}/targets", mk_node, 200, 404, 404, NULL },
	{ HTTP_POST, "/api/nodes/{id}/targets", mk_targets_create, 201, 404, 404, NULL },
	{ HTTP_GET, "/api/targets/{id}", mk_target, 200, 404, 404, NULL },
	{ HTTP_PATCH, "/api/targets/{id}", mk_target_patch, 200, 404, 404, NULL },
	{ HTTP_GET, "/api/projects", mk_plain, 200, 0, 200, NULL },
	{ HTTP_POST, "/api/projects", mk_project_create, 201, 403, 403, NULL },
	{ HTTP_GET, "/api/projects/{id}", mk_project, 200, 404, 404, NULL },
	{ HTTP_PATCH, "/api/projects/{id}", mk_project_patch, 200, 404, 404, NULL },
	{ HTTP_GET, "/api/search", mk_search, 200, 0, 200, NULL },
	/* the supervision picture: scoped lists and downloads */
	{ HTTP_GET, "/api/status", mk_plan_only, 200, 0, 200, NULL },
	{ HTTP_GET, "/api/warnings", mk_plan_only, 200, 0, 200, NULL },
	{ HTTP_GET, "/api/exports/{what}", mk_export, 200, 0, 200, NULL },
	/* plan documents: published text, read by every reader; upload needs "manage" */
	{ HTTP_POST, "/api/documents", mk_document, 201, 0, 201, NULL },
	{ HTTP_GET, "/api/plans/{id}/document", mk_doc_plan, 200, 0, 200, NULL },
	{ HTTP_GET, "/api/plans/{id}/glossary", mk_plan, 200, 0, 200, NULL },
	{ HTTP_GET, "/api/plans/{id}/results", mk_plan, 200, 0, 200, NULL },
};
#define NFIXTURES (sizeof fixtures / sizeof fixtures[0])

/* ---- the request, as the server makes it -------------------------------------------- */

typedef struct answer {
	int status;
	char body[4096];
} answer_t;

static void parse_query(http_req_t *req, char *q)
{
	char *save = NULL;
	for (char *kv = strtok_r(q, "&", &save); kv && req->nquery < HTTP_MAX_QUERY;
	     kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');
		if (eq)
			*eq = '\0';
		req->query[req->nquery].name = str_from_cstr(kv);
		req->query[req->nquery].value = str_from_cstr(eq ? eq + 1 : "");
		req->nquery++;
	}
}

static void dispatch(fx_t *f, const http_route_t *r, const who_t *w, long long id, call_t *c,
		     answer_t *out)
{
	char path[256], cookie[96], *brace;
	http_kv_t h[8];
	size_t nh = 0;
	http_match_t m;
	http_resp_t resp = { .status = 200 };
	err_t e;
	arena_t *a = arena_new(0, 0);
	assert_non_null(a);

	snprintf(path, sizeof path, "%s", r->pattern);
	if ((brace = strstr(path, "{id}")) != NULL) {
		char rest[128];
		snprintf(rest, sizeof rest, "%s", brace + 4);
		snprintf(brace, sizeof path - (size_t)(brace - path), "%lld%s", id, rest);
	}
	if ((brace = strstr(path, "{what}")) != NULL) {
		char rest[128];
		snprintf(rest, sizeof rest, "%s", brace + 6);
		snprintf(brace, sizeof path - (size_t)(brace - path), "%s%s", c->what, rest);
	}
	http_req_t req = { .method = r->method,
			   .path = str_from_cstr(path),
			   .arena = a,
			   .app = f->ctx,
			   .routes = api_app.routes,
			   .nroutes = api_app.nroutes };
	snprintf(req.client, sizeof req.client, "127.0.0.1");
	assert_int_equal(http_route_match(api_app.routes, api_app.nroutes, r->method, req.path, &m),
			 HTTP_MATCH_OK);
	assert_ptr_equal(m.route, r);
	req.route = r;
	memcpy(req.params, m.params, sizeof m.params);
	req.nparams = m.nparams;
	parse_query(&req, c->query);
	if (w->token[0]) {
		snprintf(cookie, sizeof cookie, "duban_session=%s", w->token);
		h[nh++] = (http_kv_t){ STR_LIT("Cookie"), str_from_cstr(cookie) };
		h[nh++] = (http_kv_t){ STR_LIT("X-CSRF-Token"), str_from_cstr(w->csrf) };
	}
	h[nh++] = (http_kv_t){ STR_LIT("Origin"), STR_LIT(ORIGIN) };
	if (c->if_match[0])
		h[nh++] = (http_kv_t){ STR_LIT("If-Match"), str_from_cstr(c->if_match) };
	req.headers = h;
	req.nheaders = nh;
	req.body = c->body[0] ? str_from_cstr(c->body) : STR_NULL;

	err_clear(&e);
	int rc = http_route_check_query(r, req.query, req.nquery, req.lang, &e);
	if (rc == 0 && r->permission)
		rc = api_authorize(f->ctx, &req, r->permission, &e);
	if (rc == 0)
		rc = r->handler(&req, &resp, &e);
	if (rc)
		http_resp_error(&resp, rc, &e, req.lang);
	out->status = resp.status;
	out->body[0] = '\0';
	if (resp.json) {
		char *z = json_dumps(resp.json, JSON_COMPACT | JSON_SORT_KEYS);
		snprintf(out->body, sizeof out->body, "%s", z ? z : "");
		free(z);
	} else if (resp.raw_type && resp.raw.ptr) {
		snprintf(out->body, sizeof out->body, "%.*s", STR_FMT(resp.raw));
	}
	http_resp_clear(&resp);
	arena_free(a);
}

/* ---- expectations from the policy table ------------------------------------------- */

/* The scope the role has for permission, or NONE when the permission is not granted. */
static org_scope_t granted(const who_t *w, const char *permission)
{
	if (strcmp(permission, "session") == 0)
		return ORG_SCOPE_SUBTREE;
	for (size_t i = 0; i < api_nperms; i++)
		if (strcmp(api_perms[i].name, permission) == 0) {
			org_scope_t sc = org_policy((org_role_t)w->role, api_perms[i].action);
			return sc >= api_perms[i].min_scope ? sc : ORG_SCOPE_NONE;
		}
	fail_msg("permission %s is not in api_perms", permission);
	return ORG_SCOPE_NONE;
}

static int expected(const fixture_t *fx, const http_route_t *r, const who_t *w, own_t o)
{
	if (!r->permission)
		return fx->ok;
	if (w->role < 0 || w->disabled || w->expired)
		return 401;
	org_scope_t sc = granted(w, r->permission);
	if (sc == ORG_SCOPE_NONE)
		return 403;
	if (fx->expect)
		return fx->expect(w, sc, o);
	if (sc == ORG_SCOPE_ALL || o == OWN || strcmp(r->permission, "session") == 0)
		return fx->ok;
	return o == OTHER ? fx->sub_other : fx->sub_none;
}

/* ---- principals and their sessions ------------------------------------------------ */

static void add_who(fx_t *f, const char *name, int role, long long unit, bool disabled,
		    bool expired)
{
	who_t *w = &f->who[f->nwho++];
	w->name = name;
	w->role = role;
	w->disabled = disabled;
	w->expired = expired;
	if (role < 0)
		return;
	store_user_t u = { .name = str_from_cstr(name),
			   .pw_hash = str_from_cstr(f->pw_hash),
			   .role = str_from_cstr(org_role_name((org_role_t)role)),
			   .unit_id = unit,
			   .disabled = disabled };
	PGTEST_OK(store_user_add(f->s, STR_LIT("test"), &u, &e_));
	w->user_id = u.id;
	memset(w->token, 'a' + (int)f->nwho, 64);
	snprintf(w->csrf, sizeof w->csrf, "csrf-%zu", f->nwho);
}

/* Makes sure every principal's session exists (a logout deletes one, an expired one is
 * purged when presented). */
static void ensure_sessions(fx_t *f)
{
	long long now = api_now();
	for (size_t i = 0; i < f->nwho; i++) {
		who_t *w = &f->who[i];
		unsigned char hash[32];
		char hex[65];
		store_session_t sess;
		err_t e;
		if (!w->token[0])
			continue;
		crypto_generichash(hash, sizeof hash, (const unsigned char *)w->token, 64, NULL, 0);
		sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
		if (store_session_get(f->s, f->a, str_from_cstr(hex), &sess, &e) == 0)
			continue;
		sess = (store_session_t){ .token_hash = str_from_cstr(hex),
					  .user_id = w->user_id,
					  .created_at = now - 100,
					  .last_seen = w->expired ? now - 50 : now,
					  .expires_at = w->expired ? now - 10 : now + 3600,
					  .csrf = str_from_cstr(w->csrf),
					  .client = STR_LIT("127.0.0.1") };
		PGTEST_OK(store_session_create(f->s, str_from_cstr(w->name), &sess, &e_));
	}
}

static int setup(void **state)
{
	fx_t *f = mem_calloc(1, sizeof *f);
	char cfg[600];
	err_t e;
	if (!f || pgtest_sqlite_path(f->path, sizeof f->path) != 0)
		return -1;
	snprintf(cfg, sizeof cfg, "%s.json", f->path);
	FILE *fp = fopen(cfg, "w");
	if (!fp)
		return -1;
	fputs("{\"origin\": \"" ORIGIN "\", \"login_max_failures_per_address\": 100000}", fp);
	fclose(fp);
	int rc = api_app.open(f->path, cfg, (void **)&f->ctx, &e);
	remove(cfg);
	if (rc != 0) {
		fprintf(stderr, "open: %s\n", e.msg);
		return -1;
	}
	f->a = arena_new(0, 0);
	f->s = store_open(f->path, &e);
	if (!f->a || !f->s ||
	    crypto_pwhash_str(f->pw_hash, PW, strlen(PW), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -1;
	f->city = pgtest_add_unit(f->s, "市", 0);
	f->unit_a = pgtest_add_unit(f->s, "甲县", f->city);
	f->unit_b = pgtest_add_unit(f->s, "乙县", f->city);
	store_plan_t p = { .title = STR_LIT("2024年政府工作报告"), .state = STR_LIT("active") };
	if (store_plan_add(f->s, STR_LIT("test"), &p, &e) != 0)
		return -1;
	f->plan = p.id;
	if ((f->doc_plan = add_doc_plan(f)) < 0)
		return -1;
	*state = f;
	f->node_a = add_node(f, f->plan, OWN);
	f->node_b = add_node(f, f->plan, OTHER);
	f->node_none = add_node(f, f->plan, NONE);
	store_project_t pr;
	add_project(f, OTHER, &pr);
	store_target_t t;
	add_target(f, OTHER, &t);
	add_who(f, "anonymous", -1, 0, false, false);
	add_who(f, "admin", ORG_ROLE_ADMIN, 0, false, false);
	add_who(f, "supervisor", ORG_ROLE_SUPERVISOR, f->city, false, false);
	add_who(f, "leader", ORG_ROLE_LEADER, f->city, false, false);
	add_who(f, "editor", ORG_ROLE_UNIT_EDITOR, f->unit_a, false, false);
	add_who(f, "viewer", ORG_ROLE_UNIT_VIEWER, f->unit_a, false, false);
	add_who(f, "disabled", ORG_ROLE_UNIT_EDITOR, f->unit_a, true, false);
	add_who(f, "expired", ORG_ROLE_UNIT_EDITOR, f->unit_a, false, true);
	return 0;
}

static int teardown(void **state)
{
	fx_t *f = *state;
	store_close(f->s);
	api_app.close(f->ctx);
	arena_free(f->a);
	pgtest_sqlite_remove(f->path);
	mem_free(f);
	return 0;
}

static const fixture_t *fixture_for(const http_route_t *r)
{
	for (size_t i = 0; i < NFIXTURES; i++)
		if (fixtures[i].method == r->method && strcmp(fixtures[i].pattern, r->pattern) == 0)
			return &fixtures[i];
	return NULL;
}

/* Every route has a fixture, and every fixture a route (a renamed route shows). */
static void test_every_route_has_a_fixture(void **state)
{
	(void)state;
	for (size_t i = 0; i < api_app.nroutes; i++) {
		const http_route_t *r = &api_app.routes[i];
		if (!fixture_for(r))
			fail_msg("no fixture for route %s %s: add one to fixtures[] in %s",
				 http_method_name(r->method), r->pattern, __FILE__);
	}
	for (size_t i = 0; i < NFIXTURES; i++) {
		bool found = false;
		for (size_t j = 0; j < api_app.nroutes; j++)
			found = found ||
				(api_app.routes[j].method == fixtures[i].method &&
				 strcmp(api_app.routes[j].pattern, fixtures[i].pattern) == 0);
		if (!found)
			fail_msg("fixture for %s %s names no route",
				 http_method_name(fixtures[i].method), fixtures[i].pattern);
	}
}

/* GET /api/openapi.json describes exactly the API's routes: every route's path and
 * method, its permission and its query parameters, and nothing else besides the
 * server's built-in routes. */
static void test_openapi_matches_routes(void **state)
{
	json_t *doc = http_openapi(api_app.routes, api_app.nroutes, "test"), *paths;
	size_t nops = 0;
	const char *key;
	json_t *item;
	(void)state;
	assert_non_null(doc);
	paths = json_object_get(doc, "paths");
	for (size_t i = 0; i < api_app.nroutes; i++) {
		const http_route_t *r = &api_app.routes[i];
		char method[16];
		size_t k;
		snprintf(method, sizeof method, "%s", http_method_name(r->method));
		for (k = 0; method[k]; k++)
			method[k] = (char)(method[k] - 'A' + 'a');
		json_t *op = json_object_get(json_object_get(paths, r->pattern), method);
		if (!op)
			fail_msg("OpenAPI lacks %s %s", method, r->pattern);
		const char *perm = json_string_value(json_object_get(op, "x-permission"));
		if (r->permission)
			assert_string_equal(perm ? perm : "", r->permission);
		else
			assert_null(perm);
		for (k = 0; r->query && r->query[k]; k++) {
			size_t j;
			json_t *prm;
			bool found = false;
			json_array_foreach(json_object_get(op, "parameters"), j, prm) found =
				found || (strcmp(json_string_value(json_object_get(prm, "name")),
						 r->query[k]) == 0);
			if (!found)
				fail_msg("OpenAPI %s %s lacks query parameter %s", method,
					 r->pattern, r->query[k]);
		}
	}
	json_object_foreach(paths, key, item) nops += json_object_size(item);
	assert_int_equal(nops, api_app.nroutes);
	json_decref(doc);
}

static bool unit_scoped(const who_t *w)
{
	return w->role == ORG_ROLE_UNIT_EDITOR || w->role == ORG_ROLE_UNIT_VIEWER;
}

static void test_matrix(void **state)
{
	fx_t *f = *state;
	size_t cells = 0, wrong = 0;
	for (size_t i = 0; i < api_app.nroutes; i++) {
		const http_route_t *r = &api_app.routes[i];
		const fixture_t *fx = fixture_for(r);
		if (!fx)
			fail_msg("no fixture for route %s %s", http_method_name(r->method),
				 r->pattern);
		for (size_t k = 0; k < f->nwho; k++) {
			const who_t *w = &f->who[k];
			for (int o = 0; o < OWN_COUNT; o++) {
				call_t c = { 0 };
				answer_t ans;
				ensure_sessions(f);
				if (!fx->make(f, (own_t)o, w, &c))
					continue;
				int want = expected(fx, r, w, (own_t)o);
				dispatch(f, r, w, c.id, &c, &ans);
				cells++;
				if (ans.status != want) {
					wrong++;
					print_message("# %s %s as %s, %s: %d, want %d: %.300s\n",
						      http_method_name(r->method), r->pattern,
						      w->name, own_names[o], ans.status, want,
						      ans.body);
				}
				if (unit_scoped(w) && strstr(ans.body, SECRET)) {
					wrong++;
					print_message("# LEAK %s %s as %s, %s: %.300s\n",
						      http_method_name(r->method), r->pattern,
						      w->name, own_names[o], ans.body);
				}
				/* a guessed id of another unit answers as a missing one */
				if (o == OTHER && want == 404 && strstr(r->pattern, "{id}")) {
					answer_t ghost;
					dispatch(f, r, w, GHOST, &c, &ghost);
					if (ghost.status != ans.status ||
					    strcmp(ghost.body, ans.body) != 0) {
						wrong++;
						print_message("# ORACLE %s %s as %s: other %d %s, "
							      "missing %d %s\n",
							      http_method_name(r->method),
							      r->pattern, w->name, ans.status,
							      ans.body, ghost.status, ghost.body);
					}
				}
			}
		}
	}
	print_message("# authorization matrix: %zu cells over %zu routes, %zu wrong\n", cells,
		      api_app.nroutes, wrong);
	assert_int_equal(wrong, 0);
	assert_true(cells > api_app.nroutes * 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_has_a_fixture),
		cmocka_unit_test(test_openapi_matches_routes),
		cmocka_unit_test_setup_teardown(test_matrix, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
