/* test_store_session.c — the store's sessions, login-failure counters and access-scope
 * queries (unit subtree in SQL, paged node lists, scoped "not reported"): one set of
 * tests, run against SQLite and, when DUBAN_TEST_PG_URL is set, PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "lib/pgtest.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

typedef pgtest_fx_t fx_t;

#define OK    PGTEST_OK
#define FAILS PGTEST_FAILS

static long long add_user(fx_t *f, const char *name)
{
	store_user_t u = { .name = str_from_cstr(name),
			   .pw_hash = STR_LIT("$argon2id$x"),
			   .role = STR_LIT("unit_editor") };
	OK(store_user_add(f->s, STR_LIT("admin"), &u, &e_));
	assert_true(u.id > 0);
	return u.id;
}

static size_t audit_count(fx_t *f)
{
	long long n = pgtest_audit_count(f->s, f->a);
	assert_true(n >= 0);
	return (size_t)n;
}

static void test_session_lifecycle(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long uid = add_user(f, "zhangsan");
	size_t audits = audit_count(f);
	store_session_t s = { .token_hash = STR_LIT("ab12"),
			      .user_id = uid,
			      .created_at = 1000,
			      .last_seen = 1000,
			      .expires_at = 9000,
			      .csrf = STR_LIT("csrf-1"),
			      .client = STR_LIT("10.0.0.7") };
	OK(store_session_create(f->s, STR_LIT("zhangsan"), &s, &e_));
	assert_true(s.id > 0);
	assert_int_equal(audit_count(f), audits + 1);

	store_session_t got;
	OK(store_session_get(f->s, f->a, STR_LIT("ab12"), &got, &e_));
	assert_int_equal(got.id, s.id);
	assert_int_equal(got.user_id, uid);
	assert_int_equal(got.expires_at, 9000);
	assert_true(str_eq_cstr(got.csrf, "csrf-1"));
	assert_true(str_eq_cstr(got.client, "10.0.0.7"));
	FAILS(ERR_NOTFOUND, store_session_get(f->s, f->a, STR_LIT("nope"), &got, &e));

	/* the audit row names the user and the address, never the token or CSRF token */
	store_audit_query_t q = { .entity = STR_LIT("session") };
	store_audit_t *rows;
	size_t n;
	OK(store_audit_list(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(n, 1);
	assert_true(str_eq_cstr(rows[0].action, "login"));
	assert_true(str_eq_cstr(rows[0].actor, "zhangsan"));
	assert_null(strstr(rows[0].after.ptr, "ab12"));
	assert_null(strstr(rows[0].after.ptr, "csrf-1"));

	OK(store_session_touch(f->s, s.id, 2000, &e_));
	OK(store_session_get(f->s, f->a, STR_LIT("ab12"), &got, &e_));
	assert_int_equal(got.last_seen, 2000);

	/* a duplicate hash is refused and leaves nothing */
	store_session_t dup = s;
	FAILS(ERR_CONFLICT, store_session_create(f->s, STR_LIT("zhangsan"), &dup, &e));
	assert_int_equal(dup.id, 0);
	assert_int_equal(audit_count(f), audits + 1);
	/* required fields */
	store_session_t bad = s;
	bad.csrf = STR_LIT("");
	FAILS(ERR_INVALID, store_session_create(f->s, STR_LIT("zhangsan"), &bad, &e));
	bad = s;
	bad.user_id = 0;
	FAILS(ERR_INVALID, store_session_create(f->s, STR_LIT("zhangsan"), &bad, &e));

	OK(store_session_delete(f->s, STR_LIT("zhangsan"), s.id, &e_));
	assert_int_equal(audit_count(f), audits + 2);
	FAILS(ERR_NOTFOUND, store_session_get(f->s, f->a, STR_LIT("ab12"), &got, &e));
	FAILS(ERR_NOTFOUND, store_session_delete(f->s, STR_LIT("zhangsan"), s.id, &e));
	FAILS(ERR_NOTFOUND, store_session_touch(f->s, s.id, 3000, &e));
	assert_int_equal(audit_count(f), audits + 2);
}

static void test_session_purge(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long uid = add_user(f, "lisi");
	store_session_t a = { .token_hash = STR_LIT("h1"),
			      .user_id = uid,
			      .created_at = 0,
			      .last_seen = 100,
			      .expires_at = 500,
			      .csrf = STR_LIT("c") };
	store_session_t b = a, c = a;
	b.token_hash = STR_LIT("h2");
	b.last_seen = 400;
	b.expires_at = 5000;
	c.token_hash = STR_LIT("h3");
	c.last_seen = 10;
	c.expires_at = 5000;
	OK(store_session_create(f->s, STR_LIT("lisi"), &a, &e_));
	OK(store_session_create(f->s, STR_LIT("lisi"), &b, &e_));
	OK(store_session_create(f->s, STR_LIT("lisi"), &c, &e_));
	long long n = 0;
	/* at 600: a expired, c idle since before 50; b stays */
	OK(store_session_purge(f->s, 600, 50, &n, &e_));
	assert_int_equal(n, 2);
	store_session_t got;
	OK(store_session_get(f->s, f->a, STR_LIT("h2"), &got, &e_));
	FAILS(ERR_NOTFOUND, store_session_get(f->s, f->a, STR_LIT("h1"), &got, &e));
	FAILS(ERR_NOTFOUND, store_session_get(f->s, f->a, STR_LIT("h3"), &got, &e));
}

static void test_login_failures(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long n = -1;
	str_t key = STR_LIT("user:zhangsan");
	OK(store_login_failure_count(f->s, key, 0, &n, &e_));
	assert_int_equal(n, 0);
	OK(store_login_failure_add(f->s, key, 1000, 300, &e_));
	OK(store_login_failure_add(f->s, key, 1010, 300, &e_));
	OK(store_login_failure_add(f->s, key, 1200, 300, &e_));
	OK(store_login_failure_count(f->s, key, 1200 - 300, &n, &e_));
	assert_int_equal(n, 3);
	/* the window started at 1000: seen from 1301 on it is over */
	OK(store_login_failure_count(f->s, key, 1301 - 300, &n, &e_));
	assert_int_equal(n, 0);
	/* a failure after the window starts a new one */
	OK(store_login_failure_add(f->s, key, 1400, 300, &e_));
	OK(store_login_failure_count(f->s, key, 1400 - 300, &n, &e_));
	assert_int_equal(n, 1);
	/* keys are independent; clearing one leaves the other */
	OK(store_login_failure_add(f->s, STR_LIT("addr:10.0.0.7"), 1400, 300, &e_));
	OK(store_login_failure_clear(f->s, key, &e_));
	OK(store_login_failure_count(f->s, key, 0, &n, &e_));
	assert_int_equal(n, 0);
	OK(store_login_failure_count(f->s, STR_LIT("addr:10.0.0.7"), 0, &n, &e_));
	assert_int_equal(n, 1);
	FAILS(ERR_INVALID, store_login_failure_add(f->s, STR_LIT(""), 1, 300, &e));
}

/* city → {dept, county → town}; other is a second root. */
static void test_scope(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long city = pgtest_add_unit(f->s, "市", 0);
	long long dept = pgtest_add_unit(f->s, "市发改委", city);
	long long county = pgtest_add_unit(f->s, "涞水县", city);
	long long town = pgtest_add_unit(f->s, "某镇", county);
	long long other = pgtest_add_unit(f->s, "外市", 0);
	assert_true(city > 0 && dept > 0 && county > 0 && town > 0 && other > 0);
	bool in = false;
	OK(store_unit_in_subtree(f->s, county, town, &in, &e_));
	assert_true(in);
	OK(store_unit_in_subtree(f->s, county, county, &in, &e_));
	assert_true(in);
	OK(store_unit_in_subtree(f->s, county, dept, &in, &e_));
	assert_false(in);
	OK(store_unit_in_subtree(f->s, city, town, &in, &e_));
	assert_true(in);
	OK(store_unit_in_subtree(f->s, city, other, &in, &e_));
	assert_false(in);

	long long plan = pgtest_add_plan(f->s);
	long long n_dept = pgtest_add_node(f->s, plan, 0, 1, "发改任务", dept);
	long long n_town = pgtest_add_node(f->s, plan, 0, 2, "乡镇任务", town);
	long long n_none = pgtest_add_node(f->s, plan, 0, 3, "未分配", 0);
	/* a dept-led node on which the county cooperates */
	store_node_t coop = {
		.plan_id = plan, .seq = 4, .title = STR_LIT("协同任务"), .lead_unit_id = dept
	};
	long long coop_ids[] = { county };
	coop.coop_unit_ids = coop_ids;
	coop.n_coop = 1;
	OK(store_node_add(f->s, STR_LIT("admin"), &coop, &e_));
	assert_true(n_dept > 0 && n_town > 0 && n_none > 0);

	bool vis = true;
	OK(store_node_visible(f->s, n_town, county, &vis, &e_));
	assert_true(vis);
	OK(store_node_visible(f->s, n_dept, county, &vis, &e_));
	assert_false(vis);
	OK(store_node_visible(f->s, coop.id, county, &vis, &e_));
	assert_true(vis);
	OK(store_node_visible(f->s, n_none, county, &vis, &e_));
	assert_false(vis);
	OK(store_node_visible(f->s, 999999, city, &vis, &e_));
	assert_false(vis);

	store_node_query_t q = { .plan_id = plan, .scope_unit_id = county };
	store_node_t *nodes;
	size_t n;
	long long total;
	OK(store_node_page(f->s, f->a, &q, &nodes, &n, &total, &e_));
	assert_int_equal(total, 2);
	assert_int_equal(n, 2);
	assert_int_equal(nodes[0].id, n_town);
	assert_int_equal(nodes[1].id, coop.id);
	/* everything, paged */
	q.scope_unit_id = 0;
	q.limit = 2;
	q.offset = 1;
	OK(store_node_page(f->s, f->a, &q, &nodes, &n, &total, &e_));
	assert_int_equal(total, 4);
	assert_int_equal(n, 2);
	assert_int_equal(nodes[0].id, n_town);
	assert_int_equal(nodes[1].id, n_none);
	/* filtered by lead unit */
	q = (store_node_query_t){ .plan_id = plan, .lead_unit_id = dept };
	OK(store_node_page(f->s, f->a, &q, &nodes, &n, &total, &e_));
	assert_int_equal(total, 2);
	assert_int_equal(nodes[0].id, n_dept);
	assert_int_equal(nodes[1].id, coop.id);
	/* scope and lead filter together: the county sees no dept-led node but coop */
	q.scope_unit_id = county;
	OK(store_node_page(f->s, f->a, &q, &nodes, &n, &total, &e_));
	assert_int_equal(total, 1);
	assert_int_equal(nodes[0].id, coop.id);

	store_missing_t *m;
	OK(store_report_missing_scoped(f->s, f->a, plan, STR_LIT("2024-03"), county, &m, &n, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(m[0].item_id, n_town);
	OK(store_report_missing_scoped(f->s, f->a, plan, STR_LIT("2024-03"), 0, &m, &n, &e_));
	assert_int_equal(n, 3);

	store_report_t r = { .unit_id = town,
			     .item_kind = STR_LIT("node"),
			     .item_id = n_town,
			     .period = STR_LIT("2024-03") };
	OK(store_report_put(f->s, STR_LIT("admin"), &r, true, &e_));
	store_report_t got;
	OK(store_report_get(f->s, f->a, r.id, &got, &e_));
	assert_true(str_eq_cstr(got.state, "submitted"));
	assert_int_equal(got.unit_id, town);
	FAILS(ERR_NOTFOUND, store_report_get(f->s, f->a, r.id + 100, &got, &e));
	OK(store_report_missing_scoped(f->s, f->a, plan, STR_LIT("2024-03"), county, &m, &n, &e_));
	assert_int_equal(n, 0);

	/* reports listed by subtree and state, in the query */
	store_report_t r2 = { .unit_id = dept,
			      .item_kind = STR_LIT("node"),
			      .item_id = n_dept,
			      .period = STR_LIT("2024-03") };
	OK(store_report_put(f->s, STR_LIT("admin"), &r2, false, &e_));
	store_report_t *reps;
	OK(store_report_list_scoped(f->s, f->a, STR_LIT("2024-03"), county, STR_LIT(""), 0, 0,
				    &reps, &n, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(reps[0].id, r.id);
	OK(store_report_list_scoped(f->s, f->a, STR_LIT("2024-03"), 0, STR_LIT(""), 0, 0, &reps, &n,
				    &e_));
	assert_int_equal(n, 2);
	OK(store_report_list_scoped(f->s, f->a, STR_LIT("2024-03"), 0, STR_LIT("draft"), 0, 0,
				    &reps, &n, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(reps[0].id, r2.id);
	OK(store_report_list_scoped(f->s, f->a, STR_LIT("2024-03"), 0, STR_LIT(""), 1, 1, &reps, &n,
				    &e_));
	assert_int_equal(n, 1);
	OK(store_report_list_scoped(f->s, f->a, STR_LIT("2024-04"), 0, STR_LIT(""), 0, 0, &reps, &n,
				    &e_));
	assert_int_equal(n, 0);

	/* per-unit counts for rankings: dept leads two nodes and owns a project */
	store_project_t pr = { .plan_id = plan,
			       .name = STR_LIT("产业园"),
			       .owner_unit_id = dept,
			       .plan_invest = 10,
			       .done_invest = 4 };
	OK(store_project_add(f->s, STR_LIT("admin"), &pr, &e_));
	store_unit_counts_t *c;
	OK(store_unit_report_counts(f->s, f->a, plan, STR_LIT("2024-03"), &c, &n, &e_));
	assert_int_equal(n, 2);
	assert_int_equal(c[0].unit_id, dept);
	assert_int_equal(c[0].items, 3);
	assert_int_equal(c[0].filed, 0); /* a draft is not filed */
	assert_true(c[0].plan_invest == 10 && c[0].done_invest == 4);
	assert_int_equal(c[1].unit_id, town);
	assert_int_equal(c[1].items, 1);
	assert_int_equal(c[1].filed, 1);
	assert_true(c[1].plan_invest == 0);
	OK(store_unit_report_counts(f->s, f->a, plan, STR_LIT("2024-04"), &c, &n, &e_));
	assert_int_equal(c[1].filed, 0);
}

/* A connection reports whether it is usable; on PostgreSQL a terminated backend makes it
 * unusable (the API pool then replaces it). */
static void test_healthy(void **state)
{
	fx_t *f = *state;
	err_t e;
	assert_true(store_healthy(f->s));
	OK(store_begin(f->s, &e_));
	assert_false(store_healthy(f->s)); /* an open transaction is not handed on */
	OK(store_rollback(f->s, &e_));
	assert_true(store_healthy(f->s));
	if (strcmp(store_backend_name(f->s), "postgres") != 0)
		return;
	store_t *other = store_open(f->url, &e);
	assert_non_null(other);
	OK(store_exec_literal(other,
			      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
			      " WHERE pid <> pg_backend_pid() AND datname = current_database()",
			      &e_));
	store_close(other);
	long long n;
	int rc = store_login_failure_count(f->s, STR_LIT("k"), 0, &n, &e);
	assert_true(rc < 0);
	assert_false(store_healthy(f->s));
}

/* The session and its user in one read: what every API request checks first. */
static void test_session_user(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long unit = pgtest_add_unit(f->s, "市发改委", 0);
	store_user_t u = { .name = STR_LIT("lisi"),
			   .display_name = STR_LIT("李四"),
			   .pw_hash = STR_LIT("$argon2id$y"),
			   .role = STR_LIT("unit_editor"),
			   .unit_id = unit };
	OK(store_user_add(f->s, STR_LIT("admin"), &u, &e_));
	add_user(f, "other"); /* a second user, so the join must pick the right one */
	store_session_t s = { .token_hash = STR_LIT("cd34"),
			      .user_id = u.id,
			      .created_at = 1000,
			      .last_seen = 1500,
			      .expires_at = 9000,
			      .csrf = STR_LIT("csrf-2"),
			      .client = STR_LIT("10.0.0.8") };
	OK(store_session_create(f->s, STR_LIT("lisi"), &s, &e_));

	store_session_t gs;
	store_user_t gu;
	OK(store_session_user_get(f->s, f->a, STR_LIT("cd34"), &gs, &gu, &e_));
	assert_int_equal(gs.id, s.id);
	assert_int_equal(gs.user_id, u.id);
	assert_int_equal(gs.created_at, 1000);
	assert_int_equal(gs.last_seen, 1500);
	assert_int_equal(gs.expires_at, 9000);
	assert_true(str_eq_cstr(gs.token_hash, "cd34"));
	assert_true(str_eq_cstr(gs.csrf, "csrf-2"));
	assert_true(str_eq_cstr(gs.client, "10.0.0.8"));
	assert_int_equal(gu.id, u.id);
	assert_true(str_eq_cstr(gu.name, "lisi"));
	assert_true(str_eq_cstr(gu.display_name, "李四"));
	assert_true(str_eq_cstr(gu.role, "unit_editor"));
	assert_int_equal(gu.unit_id, unit);
	assert_false(gu.disabled);
	FAILS(ERR_NOTFOUND, store_session_user_get(f->s, f->a, STR_LIT("nope"), &gs, &gu, &e));

	/* disabling the user shows in the very next read */
	u.disabled = true;
	OK(store_user_update(f->s, STR_LIT("admin"), &u, &e_));
	OK(store_session_user_get(f->s, f->a, STR_LIT("cd34"), &gs, &gu, &e_));
	assert_true(gu.disabled);
	/* and so does a logout */
	OK(store_session_delete(f->s, STR_LIT("lisi"), s.id, &e_));
	FAILS(ERR_NOTFOUND, store_session_user_get(f->s, f->a, STR_LIT("cd34"), &gs, &gu, &e));
}

static const pgtest_case_t contract[] = {
	PGTEST_CASE(test_session_lifecycle),
	PGTEST_CASE(test_session_user),
	PGTEST_CASE(test_session_purge),
	PGTEST_CASE(test_login_failures),
	PGTEST_CASE(test_scope),
	PGTEST_CASE(test_healthy),
};

int main(void)
{
	return pgtest_run_contract(contract, sizeof contract / sizeof contract[0]) != 0;
}
