/* test_store_migrate.c — migrations from every earlier schema: for each version k = 1 ..
 * STORE_SCHEMA_VERSION - 1 a database is built as a program of version k left it
 * (store_migrate_to, the internal hook of store/backend.h), rows are written the way
 * that program wrote them (literal SQL of that schema: search keys id * 4 + kind before
 * v5, no submitted_at before v4 ...), then store_migrate brings it to the latest
 * version and the rows must be intact and usable through the store's functions.  On
 * SQLite and, with DUBAN_TEST_PG_URL, on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/mem.h"
#include "extract/extract.h"
#include "lib/pgtest.h"
#include "store/backend.h"
#include "store/docs.h"
#include "store/import.h"
#include "store/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTOR STR_LIT("admin")
#define OK    PGTEST_OK
#define FAILS PGTEST_FAILS

typedef struct mfx {
	store_t *s;
	arena_t *a;
	bool pg;
	char path[512];
} mfx_t;

static int open_sqlite(void **state)
{
	mfx_t *f = calloc(1, sizeof *f);
	char url[600];
	err_t e;
	err_clear(&e);
	if (f == NULL || pgtest_sqlite_path(f->path, sizeof f->path) != 0)
		return -1;
	snprintf(url, sizeof url, "sqlite:%s", f->path);
	f->s = store_open(url, &e);
	f->a = arena_new(0, 0);
	*state = f;
	return f->s && f->a ? 0 : -1;
}

static int open_pg(void **state)
{
	mfx_t *f = calloc(1, sizeof *f);
	err_t e;
	err_clear(&e);
	if (f == NULL || pgtest_url() == NULL)
		return -1;
	f->pg = true;
	f->s = store_open(pgtest_url(), &e);
	f->a = arena_new(0, 0);
	*state = f;
	return f->s && f->a && pgtest_reset(f->s, &e) == 0 ? 0 : -1;
}

static int close_fx(void **state)
{
	mfx_t *f = *state;
	if (f == NULL)
		return 0;
	store_close(f->s);
	arena_free(f->a);
	if (f->path[0])
		pgtest_sqlite_remove(f->path);
	free(f);
	return 0;
}

static void exec(mfx_t *f, const char *sql)
{
	err_t e;
	err_clear(&e);
	if (store_exec_literal(f->s, sql, &e) != 0)
		fail_msg("%s: %s", sql, e.msg);
}

/* ---- rows as the program of schema version k wrote them ---- */

static const char seed_v1[] =
	"INSERT INTO units (parent_id, name, kind) VALUES (NULL, '保定市', 'city');"
	"INSERT INTO units (parent_id, name, kind) SELECT id, '市发改委', 'department'"
	" FROM units WHERE name = '保定市';"
	"INSERT INTO users (name, display_name, pw_hash, role, unit_id, disabled)"
	" SELECT 'zhang', '张三', '$argon2id$v=19$old', 'unit_editor', id, 0 FROM units"
	" WHERE name = '市发改委';"
	"INSERT INTO plans (title, source, year, state, created_at)"
	" VALUES ('旧计划', 'old.txt', 2024, 'active', '2024-01-02T00:00:00Z');"
	"INSERT INTO nodes (plan_id, seq, label, title, body, deadline, lead_unit_id, version)"
	" SELECT p.id, 1, '一、', '旧任务甲乙', '', '年底', u.id, 1 FROM plans p, units u"
	" WHERE u.name = '市发改委';"
	"INSERT INTO node_units (node_id, unit_id) SELECT n.id, u.id FROM nodes n, units u"
	" WHERE u.name = '保定市';"
	"INSERT INTO targets (node_id, indicator, verb, value, unit, qualifier, deadline, text)"
	" SELECT id, '生产总值', '增长', 6, '%', 'about', '年底', '生产总值增长6%左右'"
	" FROM nodes;"
	"INSERT INTO projects (plan_id, name, owner_unit_id, place, stage, total_invest,"
	" plan_invest, done_invest) SELECT p.id, '旧项目戊己', u.id, '涿州市', '在建', 10, 5, 1"
	" FROM plans p, units u WHERE u.name = '市发改委';"
	/* a quarterly report first: as text "2024-Q1" sorted after "2024-03", so before v7
	 * report_latest took it for the latest (the v4 seed below does the same) */
	"INSERT INTO reports (unit_id, item_kind, item_id, period, state, actual_value, stage,"
	" narrative, comment, updated_at) SELECT u.id, 'node', n.id, '2024-Q1', 'submitted',"
	" 30, '在建', '', '', '2024-04-02T00:00:00Z' FROM units u, nodes n"
	" WHERE u.name = '市发改委';"
	"INSERT INTO reports (unit_id, item_kind, item_id, period, state, actual_value, stage,"
	" narrative, comment, updated_at) SELECT u.id, 'node', n.id, '2024-03', 'submitted',"
	" 40, '竣工', '进展顺利', '', '2024-04-03T00:00:00Z' FROM units u, nodes n"
	" WHERE u.name = '市发改委';"
	"INSERT INTO audit (at, actor, action, entity, entity_id, before_json, after_json)"
	" VALUES ('2024-01-02T00:00:00Z', 'old', 'add', 'plan', 1, NULL, '{}');";

/* search documents keyed id * 4 + kind (1 node, 2 target, 3 project) before v5 */
static const char seed_v2_sqlite[] =
	"INSERT INTO search_fts (rowid, kind, item_id, title, body) SELECT id * 4 + 1, 'node',"
	" id, title, title FROM nodes;"
	"INSERT INTO search_fts (rowid, kind, item_id, title, body) SELECT id * 4 + 2,"
	" 'target', id, indicator, indicator || ' ' || text FROM targets;"
	"INSERT INTO search_fts (rowid, kind, item_id, title, body) SELECT id * 4 + 3,"
	" 'project', id, name, name FROM projects;";
static const char seed_v2_pg[] =
	"INSERT INTO search_docs (doc_id, kind, item_id, title, body) SELECT id * 4 + 1, 'node',"
	" id, title, title FROM nodes;"
	"INSERT INTO search_docs (doc_id, kind, item_id, title, body) SELECT id * 4 + 2,"
	" 'target', id, indicator, indicator || ' ' || text FROM targets;"
	"INSERT INTO search_docs (doc_id, kind, item_id, title, body) SELECT id * 4 + 3,"
	" 'project', id, name, name FROM projects;";

static const char seed_v3[] =
	"INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at, csrf,"
	" client) SELECT 'abc123', id, 100, 200, 9999999999, 'csrf1', '127.0.0.1' FROM users;"
	"INSERT INTO login_failures (key, count, window_start) VALUES ('user:zhang', 2, 100);";

/* v4 kept submitted_at and report_latest itself (without the report's stage until v6),
 * and had target baselines */
static const char seed_v4[] = "UPDATE reports SET submitted_at = updated_at;"
			      "INSERT INTO report_latest (item_kind, item_id, unit_id, report_id,"
			      " period, state, actual_value, submitted_at) SELECT item_kind,"
			      " item_id, unit_id, id, period, state, actual_value, submitted_at"
			      " FROM reports WHERE period = '2024-Q1';"
			      "UPDATE targets SET baseline = 2;";

/* v5 keyed the search documents id * 8 + kind (rewritten as migration 5 does) */
static const char seed_v5_sqlite[] = "UPDATE search_fts SET rowid = -((rowid / 4) * 8 + rowid % 4);"
				     "UPDATE search_fts SET rowid = -rowid;";
static const char seed_v5_pg[] = "UPDATE search_docs SET doc_id = -((doc_id / 4) * 8 + doc_id % 4);"
				 "UPDATE search_docs SET doc_id = -doc_id;";

/* v6 kept the latest report's stage in report_latest itself */
static const char seed_v6[] = "UPDATE report_latest SET stage = (SELECT r.stage FROM reports r"
			      " WHERE r.id = report_latest.report_id);";

static void build_at(mfx_t *f, int k)
{
	int v = 0;
	OK(store_migrate_to(f->s, k, &v, &e_));
	assert_int_equal(v, k);
	exec(f, seed_v1);
	if (k >= 2)
		exec(f, f->pg ? seed_v2_pg : seed_v2_sqlite);
	if (k >= 3)
		exec(f, seed_v3);
	if (k >= 4)
		exec(f, seed_v4);
	if (k >= 5)
		exec(f, f->pg ? seed_v5_pg : seed_v5_sqlite);
	if (k >= 6)
		exec(f, seed_v6);
}

/* ---- after the migration ---- */

static size_t hits(mfx_t *f, const char *q, const char *kind)
{
	store_hit_t *h;
	size_t n, m = 0;
	OK(store_search(f->s, f->a, str_from_cstr(q), 0, &h, &n, &e_));
	for (size_t i = 0; i < n; i++)
		m += str_eq_cstr(h[i].kind, kind);
	return m;
}

static void check_rows(mfx_t *f, int k, long long *out_node, long long *out_unit)
{
	store_unit_t *u;
	store_plan_t *p;
	store_node_t *nodes;
	store_target_t *t;
	store_project_t *pr;
	store_report_t *r;
	store_user_t user;
	size_t n;
	OK(store_unit_list(f->s, f->a, &u, &n, &e_));
	assert_int_equal(n, 2);
	assert_int_equal(u[1].parent_id, u[0].id);
	OK(store_user_get_by_name(f->s, f->a, STR_LIT("zhang"), &user, &e_));
	assert_int_equal(user.unit_id, u[1].id);
	OK(store_plan_list(f->s, f->a, &p, &n, &e_));
	assert_true(n == 1 && str_eq_cstr(p[0].state, "active") && p[0].year == 2024);
	OK(store_node_list(f->s, f->a, p[0].id, &nodes, &n, &e_));
	assert_int_equal(n, 1);
	store_node_t nd;
	OK(store_node_get(f->s, f->a, nodes[0].id, &nd, &e_));
	assert_true(str_eq_cstr(nd.title, "旧任务甲乙") && nd.lead_unit_id == u[1].id);
	assert_true(nd.n_coop == 1 && nd.coop_unit_ids[0] == u[0].id);
	OK(store_target_list(f->s, f->a, nd.id, &t, &n, &e_));
	assert_true(n == 1 && t[0].has_value && t[0].value == 6);
	assert_true(t[0].has_baseline == (k >= 4));
	OK(store_project_list(f->s, f->a, p[0].id, &pr, &n, &e_));
	assert_true(n == 1 && pr[0].plan_invest == 5);
	OK(store_report_list(f->s, f->a, STR_LIT("2024-03"), 0, &r, &n, &e_));
	assert_true(n == 1 && str_eq_cstr(r[0].state, "submitted") && r[0].actual_value == 40);
	assert_true(str_eq_cstr(r[0].submitted_at, "2024-04-03T00:00:00Z")); /* v4 back-fill */
	/* the latest counted report (report_latest, filled by migration 4 or kept by v4, and
	 * rebuilt by v7 with periods ordered by their ends: the month, not the quarter) */
	store_status_row_t *rows;
	store_status_query_t q = { .kinds = STORE_STATUS_NODES };
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_true(n == 1 && rows[0].report_id == r[0].id && rows[0].value == 40);
	assert_true(str_eq_cstr(rows[0].report_stage, "竣工")); /* v6 back-fill */
	/* search: documents written under the old keys are found and replaced, not doubled */
	assert_int_equal(hits(f, "旧任务甲乙", STORE_KIND_NODE), k >= 2 ? 1 : 0);
	assert_int_equal(hits(f, "旧项目戊己", STORE_KIND_PROJECT), k >= 2 ? 1 : 0);
	if (k >= 3) {
		store_session_t sess;
		OK(store_session_get(f->s, f->a, STR_LIT("abc123"), &sess, &e_));
		assert_int_equal(sess.user_id, user.id);
	}
	*out_node = nd.id;
	*out_unit = u[1].id;
}

static void check_usable(mfx_t *f, long long node, long long unit)
{
	err_t e;
	err_clear(&e);
	store_node_t nd;
	OK(store_node_get(f->s, f->a, node, &nd, &e_));
	nd.title = STR_LIT("新任务丙丁");
	store_set_client(f->s, STR_LIT("10.0.0.9"));
	OK(store_node_update(f->s, ACTOR, &nd, &e_));
	store_set_client(f->s, STR_NULL);
	/* v7: the row written before it has no client, the new one says from where */
	store_audit_t *au;
	size_t na;
	store_audit_query_t aq = { .entity = STR_LIT("node"), .entity_id = node };
	OK(store_audit_list(f->s, f->a, &aq, &au, &na, &e_));
	assert_true(na >= 1 && str_eq_cstr(au[na - 1].client, "10.0.0.9"));
	store_audit_query_t old = { .entity = STR_LIT("plan"), .limit = 1 };
	OK(store_audit_list(f->s, f->a, &old, &au, &na, &e_));
	assert_true(na == 1 && str_eq_cstr(au[0].actor, "old") && au[0].client.len == 0);
	assert_int_equal(hits(f, "旧任务甲乙", STORE_KIND_NODE), 0);
	assert_int_equal(hits(f, "新任务丙丁", STORE_KIND_NODE), 1);
	store_report_t rep = { .unit_id = unit,
			       .item_kind = STR_LIT("node"),
			       .item_id = node,
			       .period = STR_LIT("2024-04"),
			       .has_value = true,
			       .actual_value = 55,
			       .stage = STR_LIT("在建") };
	OK(store_report_put(f->s, ACTOR, &rep, true, &e_));
	store_status_row_t *rows;
	size_t n;
	store_status_query_t q = { .kinds = STORE_STATUS_NODES };
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_true(n == 1 && rows[0].value == 55 && str_eq_cstr(rows[0].report_stage, "在建"));
	/* v7: the settings table, empty: the defaults; a save with its audit row */
	supervision_cfg_t cfg, def;
	OK(store_supervision_load(f->s, &cfg, &e_));
	supervision_cfg_default(&def);
	assert_true(supervision_cfg_equal(&cfg, &def));
	cfg.status.lag_points = 15;
	OK(store_supervision_save(f->s, ACTOR, &def, &cfg, &e_));
	OK(store_supervision_load(f->s, &def, &e_));
	assert_true(def.status.lag_points == 15);
	/* the old audit rows and the new ones are still immutable after the ALTER of v7 */
	FAILS(ERR_DENIED, store_exec_literal(f->s, "UPDATE audit SET actor = 'x'", &e));
	FAILS(ERR_DENIED, store_exec_literal(f->s, "UPDATE audit SET client = 'x'", &e));
	FAILS(ERR_DENIED, store_exec_literal(f->s, "DELETE FROM audit", &e));
	/* v5: an import with its document */
	static const char doc[] = "2024年工作报告\n一、主要目标\n全市生产总值增长6%左右。\n";
	extract_opts_t o = { .year = 2024 };
	draft_t *d = NULL;
	OK(extract_run(doc, strlen(doc), &o, &d, &e_));
	store_plan_t plan = { .title = STR_LIT("新计划"),
			      .source = STR_LIT("new.txt"),
			      .year = 2024 };
	OK(store_import_draft(f->s, f->a, ACTOR, d, str_make(doc, strlen(doc)), &plan, NULL, &e_));
	draft_free(d);
	store_document_t sd;
	OK(store_document_get(f->s, f->a, plan.id, &sd, &e_));
	assert_true(str_eq_cstr(sd.file_name, "new.txt"));
	assert_int_equal(hits(f, "生产总值增长", STORE_KIND_DOCUMENT), 1);
}

static void migrate_from(void **state, int k)
{
	mfx_t *f = *state;
	build_at(f, k);
	int v = 0;
	OK(store_migrate(f->s, &v, &e_));
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	OK(store_migrate(f->s, &v, &e_)); /* again: nothing to do */
	long long node = 0, unit = 0;
	check_rows(f, k, &node, &unit);
	check_usable(f, node, unit);
}

static void test_from_v1(void **state)
{
	migrate_from(state, 1);
}
static void test_from_v2(void **state)
{
	migrate_from(state, 2);
}
static void test_from_v3(void **state)
{
	migrate_from(state, 3);
}
static void test_from_v4(void **state)
{
	migrate_from(state, 4);
}
static void test_from_v5(void **state)
{
	migrate_from(state, 5);
}
static void test_from_v6(void **state)
{
	migrate_from(state, 6);
}

/* The hook refuses versions the program does not have. */
static void test_migrate_to_bounds(void **state)
{
	mfx_t *f = *state;
	err_t e;
	err_clear(&e);
	int v = -1;
	FAILS(ERR_USAGE, store_migrate_to(f->s, 0, &v, &e));
	FAILS(ERR_USAGE, store_migrate_to(f->s, STORE_SCHEMA_VERSION + 1, &v, &e));
	OK(store_migrate_to(f->s, 2, &v, &e_));
	assert_int_equal(v, 2);
	OK(store_migrate_to(f->s, 1, &v, &e_)); /* never goes back */
	assert_int_equal(v, 2);
}

_Static_assert(STORE_SCHEMA_VERSION == 7, "add a test_from_v<k> for the new version");

#define T(fn)                                                                                      \
	{                                                                                          \
#fn, fn                                                                            \
	}
static const struct {
	const char *name;
	CMUnitTestFunction fn;
} tests[] = {
	T(test_from_v1), T(test_from_v2), T(test_from_v3),           T(test_from_v4),
	T(test_from_v5), T(test_from_v6), T(test_migrate_to_bounds),
};
#define N_TESTS (sizeof(tests) / sizeof(tests[0]))

static void tests_for(struct CMUnitTest *out, CMFixtureFunction setup)
{
	for (size_t i = 0; i < N_TESTS; i++)
		out[i] = (struct CMUnitTest){ tests[i].name, tests[i].fn, setup, close_fx, NULL };
}

int main(void)
{
	struct CMUnitTest on_sqlite[N_TESTS], on_pg[N_TESTS];
	tests_for(on_sqlite, open_sqlite);
	tests_for(on_pg, open_pg);
	int failed = cmocka_run_group_tests_name("sqlite", on_sqlite, NULL, NULL);
	if (pgtest_url() != NULL)
		failed += cmocka_run_group_tests_name("postgres", on_pg, NULL, NULL);
	else
		printf("[  SKIPPED ] postgres (DUBAN_TEST_PG_URL not set)\n");
	return failed != 0;
}
