/* test_api_auth.c — the API application without a socket: opening (settings, migration),
 * the first admin, the store pool, and the authorization hook on hand-made requests
 * (session cookie, timeouts, disabled users, CSRF token and Origin, the policy table, the
 * audit row of a denied request).  Runs on a temporary SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/internal.h"
#include "base/arena.h"
#include "base/mem.h"
#include "lib/pgtest.h"

#include <stdio.h>
#include <string.h>

typedef struct fx {
	char path[512];
	char cfg[600];
	api_ctx_t *ctx;
	arena_t *a;
	long long unit, editor;
} fx_t;

static int setup(void **state)
{
	fx_t *f = mem_calloc(1, sizeof *f);
	err_t e;
	if (!f || pgtest_sqlite_path(f->path, sizeof f->path) != 0)
		return -1;
	snprintf(f->cfg, sizeof f->cfg, "%s.json", f->path);
	FILE *fp = fopen(f->cfg, "w");
	if (!fp)
		return -1;
	fputs("{\"origin\": \"https://duban.example\", \"session_idle_seconds\": 600}", fp);
	fclose(fp);
	if (api_app.open(f->path, f->cfg, (void **)&f->ctx, &e) != 0) {
		fprintf(stderr, "open: %s\n", e.msg);
		return -1;
	}
	f->a = arena_new(0, 0);
	store_t *s = api_store_get(f->ctx, NULL, &e);
	f->unit = pgtest_add_unit(s, "涞水县", 0);
	store_user_t u = { .name = STR_LIT("ed"),
			   .pw_hash = STR_LIT("x"),
			   .role = STR_LIT("unit_editor"),
			   .unit_id = f->unit };
	store_user_add(s, STR_LIT("test"), &u, &e);
	f->editor = u.id;
	api_store_put(f->ctx, s);
	*state = f;
	return f->unit > 0 && f->editor > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	fx_t *f = *state;
	api_app.close(f->ctx);
	arena_free(f->a);
	pgtest_sqlite_remove(f->path);
	remove(f->cfg);
	mem_free(f);
	return 0;
}

/* Makes a session for user with the token "aa…a" (64 hex) and the given times. */
static void make_session(fx_t *f, long long user, long long last_seen, long long expires)
{
	unsigned char hash[32];
	char hex[65], tok[65];
	err_t e;
	memset(tok, 'a', 64);
	tok[64] = '\0';
	crypto_generichash(hash, sizeof hash, (const unsigned char *)tok, 64, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	store_t *s = api_store_get(f->ctx, NULL, &e);
	assert_non_null(s);
	store_session_t sess = { .token_hash = str_from_cstr(hex),
				 .user_id = user,
				 .created_at = last_seen,
				 .last_seen = last_seen,
				 .expires_at = expires,
				 .csrf = STR_LIT("the-csrf-token"),
				 .client = STR_LIT("127.0.0.1") };
	PGTEST_OK(store_session_create(s, STR_LIT("ed"), &sess, &e_));
	api_store_put(f->ctx, s);
}

/* A request with the session cookie and the given headers (name, value pairs). */
static http_req_t request(fx_t *f, http_method_t m, http_kv_t *h, size_t nh)
{
	http_req_t req = { .method = m, .path = STR_LIT("/api/x"), .arena = f->a, .app = f->ctx };
	h[0] = (http_kv_t){
		STR_LIT("Cookie"),
		STR_LIT("other=1; duban_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			"aaaaaaaaaaaaaaaaaaaaaaaa")
	};
	req.headers = h;
	req.nheaders = nh;
	snprintf(req.client, sizeof req.client, "10.1.2.3");
	return req;
}

static long long denied_rows(fx_t *f)
{
	err_t e;
	store_t *s = api_store_get(f->ctx, NULL, &e);
	store_audit_query_t q = { .entity = STR_LIT("request") };
	store_audit_t *rows;
	size_t n = 0;
	PGTEST_OK(store_audit_list(s, f->a, &q, &rows, &n, &e_));
	api_store_put(f->ctx, s);
	return (long long)n;
}

static void test_open_and_bootstrap(void **state)
{
	fx_t *f = *state;
	err_t e;
	bool created = true;
	assert_string_equal(f->ctx->cfg.origin, "https://duban.example");
	assert_int_equal(f->ctx->cfg.idle_s, 600);
	assert_int_equal(f->ctx->cfg.max_s, 12 * 3600);
	assert_int_equal(api_bootstrap_admin(f->ctx, "root", "short", &created, &e), ERR_INVALID);
	assert_false(created);
	PGTEST_OK(api_bootstrap_admin(f->ctx, "root", "a long password", &created, &e_));
	assert_true(created);
	PGTEST_OK(api_bootstrap_admin(f->ctx, "root2", "a long password", &created, &e_));
	assert_false(created); /* an admin exists */

	/* a bad setting is refused, naming it */
	char bad[600];
	snprintf(bad, sizeof bad, "%s.bad.json", f->path);
	FILE *fp = fopen(bad, "w");
	assert_non_null(fp);
	fputs("{\"session_idle_seconds\": 5}", fp);
	fclose(fp);
	void *ctx = NULL;
	assert_int_equal(api_app.open(f->path, bad, &ctx, &e), ERR_INVALID);
	assert_string_equal(e.field, "session_idle_seconds");
	assert_null(ctx);
	remove(bad);
	assert_int_equal(api_app.open("", NULL, &ctx, &e), ERR_USAGE);
}

static void test_pool(void **state)
{
	fx_t *f = *state;
	err_t e;
	store_t *a = api_store_get(f->ctx, NULL, &e), *b = api_store_get(f->ctx, NULL, &e);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	size_t open = f->ctx->nopen;
	api_store_put(f->ctx, a);
	api_store_put(f->ctx, b);
	assert_int_equal(f->ctx->nidle, open);
	/* a connection carries the request's address for its audit rows, and drops it when
	 * it goes back to the pool */
	http_req_t req = { .arena = f->a, .app = f->ctx };
	snprintf(req.client, sizeof req.client, "192.0.2.8");
	a = api_store_get(f->ctx, &req, &e);
	assert_non_null(a);
	assert_true(str_eq_cstr(store_client(a), "192.0.2.8"));
	api_store_put(f->ctx, a);
	assert_int_equal(store_client(a).len, 0); /* idle in the pool, no address */
	a = api_store_get(f->ctx, NULL, &e);
	assert_int_equal(store_client(a).len, 0);
	api_store_put(f->ctx, a);
	/* a connection left inside a transaction is not handed on */
	a = api_store_get(f->ctx, NULL, &e);
	PGTEST_OK(store_begin(a, &e_));
	api_store_put(f->ctx, a);
	assert_int_equal(f->ctx->nopen, open - 1);
}

static void test_authorize(void **state)
{
	fx_t *f = *state;
	err_t e;
	http_kv_t h[4];
	long long now = api_now();

	/* no cookie */
	http_req_t req = request(f, HTTP_GET, h, 1);
	req.nheaders = 0;
	assert_int_equal(api_authorize(f->ctx, &req, "read", &e), ERR_AUTH);

	make_session(f, f->editor, now, now + 3600);
	req = request(f, HTTP_GET, h, 1);
	PGTEST_OK(api_authorize(f->ctx, &req, "read", &e_));
	const api_principal_t *p = req.principal;
	assert_non_null(p);
	assert_int_equal(p->user_id, f->editor);
	assert_int_equal(p->unit_id, f->unit);
	assert_int_equal(p->scope, ORG_SCOPE_SUBTREE);
	assert_int_equal(api_scope_root(p), f->unit);

	/* the policy table: a unit editor may not review or administer; audited */
	long long before = denied_rows(f);
	req = request(f, HTTP_GET, h, 1);
	assert_int_equal(api_authorize(f->ctx, &req, "admin", &e), ERR_DENIED);
	assert_non_null(strstr(e.msg, "无权"));
	req = request(f, HTTP_GET, h, 1);
	assert_int_equal(api_authorize(f->ctx, &req, "audit", &e), ERR_DENIED);
	assert_int_equal(denied_rows(f), before + 2);

	/* state-changing: CSRF token and Origin */
	req = request(f, HTTP_POST, h, 1);
	assert_int_equal(api_authorize(f->ctx, &req, "report", &e), ERR_DENIED);
	h[1] = (http_kv_t){ STR_LIT("X-CSRF-Token"), STR_LIT("the-csrf-token") };
	req = request(f, HTTP_POST, h, 2);
	assert_int_equal(api_authorize(f->ctx, &req, "report", &e), ERR_DENIED); /* no Origin */
	h[2] = (http_kv_t){ STR_LIT("Origin"), STR_LIT("https://evil.example") };
	req = request(f, HTTP_POST, h, 3);
	assert_int_equal(api_authorize(f->ctx, &req, "report", &e), ERR_DENIED);
	h[2] = (http_kv_t){ STR_LIT("Origin"), STR_LIT("https://duban.example") };
	req = request(f, HTTP_POST, h, 3);
	PGTEST_OK(api_authorize(f->ctx, &req, "report", &e_));
	h[1] = (http_kv_t){ STR_LIT("X-CSRF-Token"), STR_LIT("the-csrf-tokem") };
	req = request(f, HTTP_DELETE, h, 3);
	assert_int_equal(api_authorize(f->ctx, &req, "session", &e), ERR_DENIED);
	assert_int_equal(denied_rows(f), before + 6);

	/* a disabled user is refused on the next request */
	store_t *s = api_store_get(f->ctx, NULL, &e);
	store_user_t u;
	PGTEST_OK(store_user_get(s, f->a, f->editor, &u, &e_));
	u.disabled = true;
	PGTEST_OK(store_user_update(s, STR_LIT("test"), &u, &e_));
	api_store_put(f->ctx, s);
	req = request(f, HTTP_GET, h, 1);
	assert_int_equal(api_authorize(f->ctx, &req, "read", &e), ERR_AUTH);
}

static void test_timeouts(void **state)
{
	fx_t *f = *state;
	err_t e;
	http_kv_t h[1];
	long long now = api_now();

	make_session(f, f->editor, now - 601, now + 3600); /* idle 601 s > 600 */
	http_req_t req = request(f, HTTP_GET, h, 1);
	assert_int_equal(api_authorize(f->ctx, &req, "read", &e), ERR_AUTH);
	/* the expired session was purged: the same token can be made again */
	make_session(f, f->editor, now, now); /* absolute end reached */
	req = request(f, HTTP_GET, h, 1);
	assert_int_equal(api_authorize(f->ctx, &req, "read", &e), ERR_AUTH);
}

static void test_client_resolve(void **state)
{
	fx_t *f = *state;
	http_kv_t h[2] = { { STR_LIT("X-Forwarded-For"), STR_LIT("198.51.100.1, 2001:db8::7 ") } };
	http_req_t req = { .headers = h, .nheaders = 1 };

	/* no proxy configured: the peer stays */
	snprintf(req.client, sizeof req.client, "127.0.0.1");
	api_client_resolve(f->ctx, &req);
	assert_string_equal(req.client, "127.0.0.1");
	snprintf(f->ctx->cfg.proxies[0], sizeof f->ctx->cfg.proxies[0], "127.0.0.1");
	f->ctx->cfg.nproxies = 1;
	api_client_resolve(f->ctx, &req);
	assert_string_equal(req.client, "2001:db8::7");
	/* a peer that is not a trusted proxy cannot choose its address */
	snprintf(req.client, sizeof req.client, "10.9.9.9");
	api_client_resolve(f->ctx, &req);
	assert_string_equal(req.client, "10.9.9.9");
	/* garbage is ignored */
	h[0].value = STR_LIT("1.2.3.4, evil\nline");
	snprintf(req.client, sizeof req.client, "127.0.0.1");
	api_client_resolve(f->ctx, &req);
	assert_string_equal(req.client, "127.0.0.1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_and_bootstrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_authorize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeouts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_resolve, setup, teardown),
	};
	return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
