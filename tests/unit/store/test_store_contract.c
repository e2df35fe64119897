/* test_store_contract.c — the store's contract for every entity: one set of tests, run
 * against SQLite (a temporary file) and, when DUBAN_TEST_PG_URL names a server
 * (scripts/pg-test.sh), against PostgreSQL.  Every test starts from an empty, freshly
 * migrated database.  Audit, transactions, search and concurrency: test_store_tx.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/mem.h"
#include "lib/pgtest.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef pgtest_fx_t fx_t;

#define ACTOR STR_LIT("admin")
#define OK    PGTEST_OK
#define FAILS PGTEST_FAILS

static long long add_unit(fx_t *f, const char *name, long long parent)
{
	long long id = pgtest_add_unit(f->s, name, parent);
	assert_true(id > 0);
	return id;
}

static long long add_plan(fx_t *f)
{
	long long id = pgtest_add_plan(f->s);
	assert_true(id > 0);
	return id;
}

static long long add_node(fx_t *f, long long plan, long long parent, int seq, const char *title,
			  long long lead)
{
	long long id = pgtest_add_node(f->s, plan, parent, seq, title, lead);
	assert_true(id > 0);
	return id;
}

static size_t audit_count(fx_t *f)
{
	long long n = pgtest_audit_count(f->s, f->a);
	assert_true(n >= 0);
	return (size_t)n;
}

/* ---- opening (backend-independent) ---- */

/* A NULL store and the code in e. */
static void open_fails(const char *url, int code)
{
	err_t e;
	err_clear(&e);
	store_t *s = store_open(url, &e);
	if (s != NULL || e.code != code)
		fail_msg("store_open(%s): code %d (want %d): %s", url, e.code, code, e.msg);
}

static void test_open(void **state)
{
	(void)state;
	open_fails("", ERR_INVALID);
	open_fails("sqlite:", ERR_INVALID);
	open_fails("/nonexistent-dir/x/ledger.db", ERR_DB);
	open_fails("postgresql:///duban?host=/nonexistent-socket-dir", ERR_IO);
	open_fails("postgres://127.0.0.1:1/duban?connect_timeout=2", ERR_IO);
	char path[512];
	assert_int_equal(pgtest_sqlite_path(path, sizeof(path)), 0);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("这不是数据库文件，而是一段文字。this is not a database file, padding padding.\n",
	      fp);
	fclose(fp);
	open_fails(path, ERR_DB);
	pgtest_sqlite_remove(path);

	/* an in-memory SQLite store works like a file */
	err_t e;
	store_t *s = store_open("sqlite::memory:", &e);
	assert_non_null(s);
	assert_string_equal(store_backend_name(s), "sqlite");
	int version = 0;
	PGTEST_OK(store_migrate(s, &version, &e_));
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	assert_true(pgtest_add_unit(s, "市发改委", 0) > 0);
	store_close(s);
	store_close(NULL);

	for (long k = 0; k < 2; k++) { /* the store, then the backend's connection state */
		mem_fail_after(k);
		s = store_open("sqlite::memory:", &e);
		mem_fail_after(-1);
		assert_null(s);
		assert_int_equal(e.code, ERR_NOMEM);
	}
}

static void test_open_kinds(void **state)
{
	fx_t *f = *state;
	assert_string_equal(store_backend_name(f->s), f->path[0] ? "sqlite" : "postgres");
}

/* ---- migrations ---- */

static void test_migrate_again(void **state)
{
	fx_t *f = *state;
	err_t e;
	int version = 0;
	OK(store_migrate(f->s, &version, &e_));
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	OK(store_migrate(f->s, &version, &e_));
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	add_unit(f, "市发改委", 0);
	FAILS(ERR_USAGE, (store_begin(f->s, &e), store_migrate(f->s, NULL, &e)));
	OK(store_rollback(f->s, &e_));

	/* a schema from a newer program is refused */
	OK(store_exec_literal(
		f->s, "INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'x')", &e_));
	FAILS(ERR_DB, store_migrate(f->s, &version, &e));
	assert_non_null(strstr(e.msg, "99"));
}

/* ---- units ---- */

static void test_units(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long city = add_unit(f, "保定市", 0);
	long long drc = add_unit(f, "市发改委", city);
	long long county = add_unit(f, "涞水县", city);
	store_unit_t u;
	OK(store_unit_get(f->s, f->a, drc, &u, &e_));
	assert_true(str_eq_cstr(u.name, "市发改委"));
	assert_true(str_eq_cstr(u.kind, "department"));
	assert_int_equal(u.parent_id, city);

	store_unit_t *list;
	size_t n;
	OK(store_unit_list(f->s, f->a, &list, &n, &e_));
	assert_int_equal(n, 3);
	OK(store_unit_children(f->s, f->a, city, &list, &n, &e_));
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, drc);
	assert_int_equal(list[1].id, county);
	OK(store_unit_children(f->s, f->a, 0, &list, &n, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, city);

	store_unit_t dup = { .name = STR_LIT("市发改委") };
	FAILS(ERR_CONFLICT, store_unit_add(f->s, ACTOR, &dup, &e));
	store_unit_t orphan = { .name = STR_LIT("无上级"), .parent_id = 9999 };
	FAILS(ERR_INVALID, store_unit_add(f->s, ACTOR, &orphan, &e));
	store_unit_t empty = { .name = STR_LIT("  ") };
	FAILS(ERR_INVALID, store_unit_add(f->s, ACTOR, &empty, &e));
	assert_string_equal(e.field, "name");
	FAILS(ERR_NOTFOUND, store_unit_get(f->s, f->a, 9999, &u, &e));
	assert_int_equal(audit_count(f), 3);
}

/* ---- users ---- */

static void test_users(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long unit = add_unit(f, "市住建局", 0);
	store_user_t u = { .name = STR_LIT("zhangsan"),
			   .display_name = STR_LIT("张三"),
			   .pw_hash = STR_LIT("$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"),
			   .role = STR_LIT("unit"),
			   .unit_id = unit,
			   .disabled = true };
	OK(store_user_add(f->s, ACTOR, &u, &e_));
	store_user_t lead = { .name = STR_LIT("lisi"),
			      .pw_hash = STR_LIT("h"),
			      .role = STR_LIT("leader") };
	OK(store_user_add(f->s, ACTOR, &lead, &e_));

	store_user_t got;
	OK(store_user_get_by_name(f->s, f->a, STR_LIT("zhangsan"), &got, &e_));
	assert_int_equal(got.id, u.id);
	assert_true(str_eq(got.pw_hash, u.pw_hash));
	assert_true(str_eq_cstr(got.display_name, "张三"));
	assert_true(str_eq_cstr(got.role, "unit"));
	assert_int_equal(got.unit_id, unit);
	assert_true(got.disabled);
	OK(store_user_get_by_name(f->s, f->a, STR_LIT("lisi"), &got, &e_));
	assert_int_equal(got.unit_id, 0);
	assert_false(got.disabled);

	store_user_t *list;
	size_t n;
	OK(store_user_list(f->s, f->a, &list, &n, &e_));
	assert_int_equal(n, 2);
	FAILS(ERR_NOTFOUND, store_user_get_by_name(f->s, f->a, STR_LIT("nobody"), &got, &e));
	store_user_t dup = lead;
	FAILS(ERR_CONFLICT, store_user_add(f->s, ACTOR, &dup, &e));
	assert_int_equal(dup.id, 0);
	store_user_t nohash = { .name = STR_LIT("wang"), .role = STR_LIT("unit") };
	FAILS(ERR_INVALID, store_user_add(f->s, ACTOR, &nohash, &e));

	/* update and password change */
	got.role = STR_LIT("office");
	got.disabled = false;
	got.unit_id = 0;
	got.name = STR_LIT("ignored");
	OK(store_user_update(f->s, ACTOR, &got, &e_));
	OK(store_user_set_pw_hash(f->s, ACTOR, got.id, STR_LIT("$argon2id$new"), &e_));
	OK(store_user_get(f->s, f->a, got.id, &got, &e_));
	assert_true(str_eq_cstr(got.name, "lisi"));
	assert_true(str_eq_cstr(got.role, "office"));
	assert_true(str_eq_cstr(got.pw_hash, "$argon2id$new"));
	OK(store_user_get(f->s, f->a, u.id, &got, &e_));
	got.unit_id = 999;
	FAILS(ERR_INVALID, store_user_update(f->s, ACTOR, &got, &e));
	FAILS(ERR_NOTFOUND, store_user_set_pw_hash(f->s, ACTOR, 999, STR_LIT("h"), &e));
	FAILS(ERR_INVALID, store_user_set_pw_hash(f->s, ACTOR, u.id, STR_NULL, &e));
	OK(store_user_get(f->s, f->a, u.id, &got, &e_));
	assert_int_equal(got.unit_id, unit);
	assert_true(got.disabled);

	/* checked update: only while the user is as the caller read it */
	store_user_t seen = got, next = got;
	next.display_name = STR_LIT("李四（新）");
	OK(store_user_update_if(f->s, ACTOR, &seen, &next, &e_));
	next.display_name = STR_LIT("覆盖");
	FAILS(ERR_CONFLICT, store_user_update_if(f->s, ACTOR, &seen, &next, &e));
	assert_string_equal(e.field, "version");
	OK(store_user_get(f->s, f->a, u.id, &got, &e_));
	assert_true(str_eq_cstr(got.display_name, "李四（新）"));

	/* the audit trail records the user but never the password hash */
	store_audit_t *rows;
	OK(store_audit_list(f->s, f->a,
			    &(store_audit_query_t){ .entity = STR_LIT("user"), .entity_id = u.id },
			    &rows, &n, &e_));
	assert_int_equal(n, 2); /* add, the checked update (the stale one wrote nothing) */
	assert_true(str_eq_cstr(rows[1].action, "update"));
	assert_null(strstr(rows[0].after.ptr, "argon2"));
	assert_non_null(strstr(rows[0].after.ptr, "zhangsan"));
	OK(store_audit_list(
		f->s, f->a,
		&(store_audit_query_t){ .entity = STR_LIT("user"), .entity_id = lead.id }, &rows,
		&n, &e_));
	assert_int_equal(n, 3); /* add, update, set_password */
	assert_true(str_eq_cstr(rows[1].action, "update"));
	assert_non_null(strstr(rows[1].before.ptr, "\"role\":\"leader\""));
	assert_non_null(strstr(rows[1].after.ptr, "\"role\":\"office\""));
	assert_true(str_eq_cstr(rows[2].action, "set_password"));
	for (size_t i = 0; i < n; i++)
		assert_null(strstr(rows[i].after.ptr, "argon2"));
}

/* ---- plans ---- */

static void test_plans(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long id = add_plan(f);
	store_plan_t p;
	OK(store_plan_get(f->s, f->a, id, &p, &e_));
	assert_true(str_eq_cstr(p.state, "draft"));
	assert_int_equal(p.year, 2023);
	assert_int_equal(p.created_at.len, 20);
	OK(store_plan_set_state(f->s, ACTOR, id, STR_LIT("active"), &e_));
	OK(store_plan_get(f->s, f->a, id, &p, &e_));
	assert_true(str_eq_cstr(p.state, "active"));
	FAILS(ERR_NOTFOUND, store_plan_set_state(f->s, ACTOR, 999, STR_LIT("active"), &e));

	store_plan_t *list;
	size_t n;
	OK(store_plan_list(f->s, f->a, &list, &n, &e_));
	assert_int_equal(n, 1);

	store_audit_t *rows;
	OK(store_audit_list(f->s, f->a,
			    &(store_audit_query_t){ .entity = STR_LIT("plan"), .entity_id = id },
			    &rows, &n, &e_));
	assert_int_equal(n, 2);
	assert_true(str_eq_cstr(rows[1].action, "set_state"));
	assert_non_null(strstr(rows[1].before.ptr, "\"state\":\"draft\""));
	assert_non_null(strstr(rows[1].after.ptr, "\"state\":\"active\""));
	assert_true(str_eq_cstr(rows[1].actor, "admin"));
}

/* ---- nodes ---- */

static void test_nodes(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long plan = add_plan(f);
	long long drc = add_unit(f, "市发改委", 0);
	long long fin = add_unit(f, "市财政局", 0);
	long long edu = add_unit(f, "市教育局", 0);
	long long top = add_node(f, plan, 0, 1, "全力以赴稳增长", 0);
	long long coop[] = { fin, edu };
	store_node_t n = { .plan_id = plan,
			   .parent_id = top,
			   .seq = 2,
			   .title = STR_LIT("扩大有效投资"),
			   .body = STR_LIT("实施重点项目626个"),
			   .deadline = STR_LIT("年底"),
			   .lead_unit_id = drc,
			   .coop_unit_ids = coop,
			   .n_coop = 2 };
	OK(store_node_add(f->s, ACTOR, &n, &e_));
	long long first = add_node(f, plan, top, 1, "促进消费", 0);

	store_node_t got;
	OK(store_node_get(f->s, f->a, n.id, &got, &e_));
	assert_int_equal(got.parent_id, top);
	assert_int_equal(got.lead_unit_id, drc);
	assert_int_equal(got.n_coop, 2);
	assert_int_equal(got.coop_unit_ids[0], fin);
	assert_int_equal(got.coop_unit_ids[1], edu);
	assert_true(str_eq_cstr(got.deadline, "年底"));

	store_node_t *list;
	size_t count;
	OK(store_node_list(f->s, f->a, plan, &list, &count, &e_));
	assert_int_equal(count, 3);
	assert_int_equal(list[0].id, top);
	assert_int_equal(list[1].id, first);
	assert_int_equal(list[2].id, n.id);
	assert_int_equal(list[2].n_coop, 2);

	store_node_t badplan = { .plan_id = 999, .title = STR_LIT("x") };
	FAILS(ERR_INVALID, store_node_add(f->s, ACTOR, &badplan, &e));
	assert_int_equal(badplan.id, 0);

	/* the tree stays a tree within one plan */
	long long plan2 = add_plan(f);
	store_node_t stray = { .plan_id = plan2, .parent_id = top, .title = STR_LIT("x") };
	FAILS(ERR_INVALID, store_node_add(f->s, ACTOR, &stray, &e));
	assert_string_equal(e.field, "parent_id");
	store_node_t root;
	OK(store_node_get(f->s, f->a, top, &root, &e_));
	root.parent_id = n.id; /* under its own child */
	FAILS(ERR_INVALID, store_node_update(f->s, ACTOR, &root, &e));
	root.parent_id = top;
	FAILS(ERR_INVALID, store_node_update(f->s, ACTOR, &root, &e));
	root.parent_id = 0;
	root.seq = 5;
	OK(store_node_update(f->s, ACTOR, &root, &e_));

	/* a unit's own tasks: led or cooperating, across plans */
	long long other = add_node(f, plan2, 0, 1, "另一规划的任务", edu);
	OK(store_node_list_by_unit(f->s, f->a, edu, &list, &count, &e_));
	assert_int_equal(count, 2);
	assert_int_equal(list[0].id, n.id);
	assert_int_equal(list[0].n_coop, 2);
	assert_int_equal(list[1].id, other);
	OK(store_node_list_by_unit(f->s, f->a, drc, &list, &count, &e_));
	assert_int_equal(count, 1);
	OK(store_node_list_by_unit(f->s, f->a, 999, &list, &count, &e_));
	assert_int_equal(count, 0);
	/* the cooperating units come in id order, whatever order they were given in */
	long long rev[] = { edu, drc, fin };
	store_node_t n3 = { .plan_id = plan,
			    .seq = 3,
			    .title = STR_LIT("稳就业"),
			    .body = STR_LIT(""),
			    .deadline = STR_LIT(""),
			    .coop_unit_ids = rev,
			    .n_coop = 3 };
	OK(store_node_add(f->s, ACTOR, &n3, &e_));
	OK(store_node_get(f->s, f->a, n3.id, &got, &e_));
	assert_int_equal(got.n_coop, 3);
	assert_true(got.coop_unit_ids[0] < got.coop_unit_ids[1] &&
		    got.coop_unit_ids[1] < got.coop_unit_ids[2]);
	assert_int_equal(got.lead_unit_id, 0);
	/* and a node without any has none */
	OK(store_node_get(f->s, f->a, top, &got, &e_));
	assert_int_equal(got.n_coop, 0);
}

/* Updates and assignments check the version the caller read. */
static void test_node_versions(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long plan = add_plan(f);
	long long drc = add_unit(f, "市发改委", 0);
	long long fin = add_unit(f, "市财政局", 0);
	long long edu = add_unit(f, "市教育局", 0);
	long long coop[] = { fin, edu };
	store_node_t n = { .plan_id = plan,
			   .title = STR_LIT("扩大有效投资"),
			   .lead_unit_id = drc,
			   .coop_unit_ids = coop,
			   .n_coop = 2 };
	OK(store_node_add(f->s, ACTOR, &n, &e_));
	store_node_t got;
	size_t count;
	OK(store_node_get(f->s, f->a, n.id, &got, &e_));

	/* update with the current version, then with the stale one */
	store_node_t stale = got;
	got.title = STR_LIT("扩大有效投资（修订）");
	OK(store_node_update(f->s, ACTOR, &got, &e_));
	assert_int_equal(got.version, 2);
	stale.title = STR_LIT("另一人的修改");
	FAILS(ERR_CONFLICT, store_node_update(f->s, ACTOR, &stale, &e));
	OK(store_node_get(f->s, f->a, n.id, &got, &e_));
	assert_true(str_eq_cstr(got.title, "扩大有效投资（修订）"));
	assert_int_equal(got.version, 2);
	assert_int_equal(got.n_coop, 2); /* an update keeps the assignment */

	/* assignment: new lead, one cooperating unit */
	long long version = 2;
	OK(store_node_assign(f->s, ACTOR, n.id, &version, fin, &edu, 1, &e_));
	assert_int_equal(version, 3);
	long long old = 2;
	FAILS(ERR_CONFLICT, store_node_assign(f->s, ACTOR, n.id, &old, edu, NULL, 0, &e));
	OK(store_node_get(f->s, f->a, n.id, &got, &e_));
	assert_int_equal(got.lead_unit_id, fin);
	assert_int_equal(got.n_coop, 1);
	assert_int_equal(got.coop_unit_ids[0], edu);
	assert_int_equal(got.version, 3);
	assert_true(str_eq_cstr(got.title, "扩大有效投资（修订）"));

	store_node_t ghost = { .id = 999, .title = STR_LIT("x"), .version = 1 };
	FAILS(ERR_NOTFOUND, store_node_update(f->s, ACTOR, &ghost, &e));
	long long bad = 999;
	version = 3;
	FAILS(ERR_INVALID, store_node_assign(f->s, ACTOR, n.id, &version, drc, &bad, 1, &e));
	OK(store_node_get(f->s, f->a, n.id, &got, &e_));
	assert_int_equal(got.version, 3);
	assert_int_equal(got.n_coop, 1);

	store_audit_t *rows;
	OK(store_audit_list(f->s, f->a,
			    &(store_audit_query_t){ .entity = STR_LIT("node"), .entity_id = n.id },
			    &rows, &count, &e_));
	assert_int_equal(count, 3); /* add, update, assign */
	assert_true(str_eq_cstr(rows[2].action, "assign"));
	assert_non_null(strstr(rows[2].before.ptr, "\"version\":2"));
	assert_non_null(strstr(rows[2].after.ptr, "\"version\":3"));
}

/* ---- targets and projects ---- */

static void test_targets_projects(void **state)
{
	fx_t *f = *state;
	long long plan = add_plan(f);
	long long node = add_node(f, plan, 0, 1, "稳增长", 0);
	store_target_t t = { .node_id = node,
			     .indicator = STR_LIT("生产总值"),
			     .verb = STR_LIT("增长"),
			     .has_value = true,
			     .value = 7,
			     .unit = STR_LIT("%"),
			     .qualifier = STR_LIT("左右"),
			     .text = STR_LIT("生产总值增长7%左右") };
	OK(store_target_add(f->s, ACTOR, &t, &e_));
	store_target_t t2 = { .node_id = node, .indicator = STR_LIT("营商环境") };
	OK(store_target_add(f->s, ACTOR, &t2, &e_));
	store_target_t *ts;
	size_t n;
	OK(store_target_list(f->s, f->a, node, &ts, &n, &e_));
	assert_int_equal(n, 2);
	assert_true(ts[0].has_value);
	assert_true(ts[0].value == 7.0);
	assert_true(str_eq_cstr(ts[0].qualifier, "左右"));
	assert_false(ts[1].has_value);
	store_target_t one;
	OK(store_target_get(f->s, f->a, t.id, &one, &e_));
	assert_int_equal(one.id, t.id);
	assert_int_equal(one.node_id, node);
	assert_true(str_eq_cstr(one.indicator, "生产总值"));
	assert_true(str_eq_cstr(one.unit, "%"));
	assert_true(one.has_value && one.value == 7.0);
	err_t e;
	FAILS(ERR_NOTFOUND, store_target_get(f->s, f->a, t2.id + 100, &one, &e));

	long long drc = add_unit(f, "市发改委", 0);
	store_project_t p = { .plan_id = plan,
			      .name = STR_LIT("京雄高速连接线"),
			      .owner_unit_id = drc,
			      .place = STR_LIT("涞水县"),
			      .stage = STR_LIT("在建"),
			      .total_invest = 308.12,
			      .plan_invest = 62,
			      .done_invest = 34.2 };
	OK(store_project_add(f->s, ACTOR, &p, &e_));
	store_project_t other = { .name = STR_LIT("无归属项目") };
	OK(store_project_add(f->s, ACTOR, &other, &e_));
	store_project_t got;
	OK(store_project_get(f->s, f->a, p.id, &got, &e_));
	assert_true(str_eq_cstr(got.stage, "在建"));
	assert_true(got.total_invest == 308.12);
	assert_true(got.done_invest == 34.2);
	assert_int_equal(got.owner_unit_id, drc);
	store_project_t *ps;
	OK(store_project_list(f->s, f->a, plan, &ps, &n, &e_));
	assert_int_equal(n, 1);
	OK(store_project_list(f->s, f->a, 0, &ps, &n, &e_));
	assert_int_equal(n, 2);
	assert_int_equal(ps[1].plan_id, 0);
}

/* ---- reports ---- */

static void test_reports(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long plan = add_plan(f);
	long long unit = add_unit(f, "涿州市", 0);
	long long node = add_node(f, plan, 0, 1, "脱贫攻坚", unit);
	store_report_t r = { .unit_id = unit,
			     .item_kind = STR_LIT("node"),
			     .item_id = node,
			     .period = STR_LIT("2024-03"),
			     .narrative = STR_LIT("初稿") };
	OK(store_report_put(f->s, ACTOR, &r, false, &e_));
	long long id = r.id;
	r.narrative = STR_LIT("改稿");
	r.has_value = true;
	r.actual_value = 18.5;
	OK(store_report_put(f->s, ACTOR, &r, false, &e_));
	assert_int_equal(r.id, id);
	store_report_t got;
	OK(store_report_get(f->s, f->a, id, &got, &e_));
	assert_int_equal(got.submitted_at.len, 0); /* a draft */
	FAILS(ERR_CONFLICT, store_report_review(f->s, ACTOR, id, true, STR_NULL, &e));
	OK(store_report_put(f->s, ACTOR, &r, true, &e_));
	OK(store_report_get(f->s, f->a, id, &got, &e_));
	assert_true(str_eq_cstr(got.state, "submitted"));
	assert_true(got.submitted_at.len >= 10);
	assert_true(str_eq(got.submitted_at, got.updated_at));
	FAILS(ERR_NOTFOUND, store_report_get(f->s, f->a, id + 100, &got, &e));
	FAILS(ERR_CONFLICT, store_report_put(f->s, ACTOR, &r, false, &e));
	OK(store_report_review(f->s, ACTOR, id, false, STR_LIT("数据缺少佐证"), &e_));

	store_report_t *list;
	size_t n;
	OK(store_report_list(f->s, f->a, STR_LIT("2024-03"), 0, &list, &n, &e_));
	assert_int_equal(n, 1);
	assert_true(str_eq_cstr(list[0].state, "returned"));
	assert_true(str_eq_cstr(list[0].comment, "数据缺少佐证"));
	assert_true(list[0].has_value && list[0].actual_value == 18.5);

	/* a returned report can be corrected and submitted again, then accepted */
	OK(store_report_put(f->s, ACTOR, &r, true, &e_));
	OK(store_report_review(f->s, ACTOR, id, true, STR_LIT("同意"), &e_));
	FAILS(ERR_CONFLICT, store_report_review(f->s, ACTOR, id, false, STR_NULL, &e));
	FAILS(ERR_CONFLICT, store_report_put(f->s, ACTOR, &r, true, &e));
	OK(store_report_list(f->s, f->a, STR_LIT("2024-03"), 0, &list, &n, &e_));
	assert_true(str_eq_cstr(list[0].state, "accepted"));
	assert_true(list[0].submitted_at.len >= 10); /* kept by the review */
	OK(store_report_list(f->s, f->a, STR_LIT("2024-04"), 0, &list, &n, &e_));
	assert_int_equal(n, 0);
	FAILS(ERR_NOTFOUND, store_report_review(f->s, ACTOR, 999, true, STR_NULL, &e));

	store_report_t bad = r;
	bad.item_id = 999;
	FAILS(ERR_INVALID, store_report_put(f->s, ACTOR, &bad, false, &e));
	bad = r;
	bad.item_kind = STR_LIT("plan");
	FAILS(ERR_INVALID, store_report_put(f->s, ACTOR, &bad, false, &e));
	assert_string_equal(e.field, "item_kind");

	store_audit_t *rows;
	OK(store_audit_list(f->s, f->a,
			    &(store_audit_query_t){ .entity = STR_LIT("report"), .entity_id = id },
			    &rows, &n, &e_));
	assert_int_equal(n, 6); /* draft, draft, submit, return, submit, accept */
	assert_true(str_eq_cstr(rows[0].action, "draft"));
	assert_int_equal(rows[0].before.len, 0);
	assert_true(str_eq_cstr(rows[3].action, "return"));
	assert_true(str_eq_cstr(rows[5].action, "accept"));
}

/* A submission with a given time (historical import, demo): the report keeps the given
 * submitted_at, updated_at and the audit row are the real time of the write, and the
 * audit after-image carries the given time and "backdated"; bad times are refused. */
static void test_report_submit_at(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long plan = add_plan(f);
	long long unit = add_unit(f, "涞水县", 0);
	long long node = add_node(f, plan, 0, 1, "农村改厕", unit);
	store_report_t r = { .unit_id = unit,
			     .item_kind = STR_LIT("node"),
			     .item_id = node,
			     .period = STR_LIT("2024-03"),
			     .has_value = true,
			     .actual_value = 30,
			     .stage = STR_LIT("竣工") };
	static const char *const bad[] = { "2024-04-03",           "2024-04-03 08:00:00Z",
					   "2024-13-03T08:00:00Z", "2024-04-03T24:00:00Z",
					   "2024-04-03T08:00:00",  "2999-01-01T00:00:00Z" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		FAILS(ERR_INVALID,
		      store_report_submit_at(f->s, ACTOR, &r, str_from_cstr(bad[i]), &e));
		assert_string_equal(e.field, "submitted_at");
	}
	store_report_t *list;
	size_t n;
	OK(store_report_list(f->s, f->a, STR_LIT("2024-03"), 0, &list, &n, &e_));
	assert_int_equal(n, 0); /* nothing written by the refusals */

	OK(store_report_submit_at(f->s, ACTOR, &r, STR_LIT("2024-04-03T08:30:00Z"), &e_));
	store_report_t got;
	OK(store_report_get(f->s, f->a, r.id, &got, &e_));
	assert_true(str_eq_cstr(got.state, "submitted"));
	assert_true(str_eq_cstr(got.submitted_at, "2024-04-03T08:30:00Z"));
	assert_false(str_eq(got.updated_at, got.submitted_at));
	/* the latest report, with its time and stage, as the status rows read it */
	store_status_row_t *rows;
	store_status_query_t q = { .kinds = STORE_STATUS_NODES };
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(n, 1);
	assert_true(str_eq_cstr(rows[0].submitted_at, "2024-04-03T08:30:00Z"));
	assert_true(str_eq_cstr(rows[0].report_stage, "竣工"));
	store_audit_t *au;
	OK(store_audit_list(
		f->s, f->a,
		&(store_audit_query_t){ .entity = STR_LIT("report"), .entity_id = r.id }, &au, &n,
		&e_));
	assert_int_equal(n, 1);
	assert_true(str_eq_cstr(au[0].action, "submit"));
	assert_true(au[0].at.len >= 10 && memcmp(au[0].at.ptr, "2024-04-03", 10) != 0); /* now */
	assert_non_null(strstr(au[0].after.ptr, "\"submitted_at\":\"2024-04-03T08:30:00Z\""));
	assert_non_null(strstr(au[0].after.ptr, "\"backdated\":true"));
	/* like any submission, it cannot be overwritten */
	FAILS(ERR_CONFLICT,
	      store_report_submit_at(f->s, ACTOR, &r, STR_LIT("2024-04-04T00:00:00Z"), &e));
	/* a later ordinary submission moves the latest report and its stage */
	store_report_t r2 = r;
	r2.period = STR_LIT("2024-04");
	r2.stage = STR_LIT("在建");
	OK(store_report_put(f->s, ACTOR, &r2, true, &e_));
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_true(n == 1 && str_eq_cstr(rows[0].report_stage, "在建"));
	/* the history (the picture's source for earlier months) keeps each submission time */
	store_report_t *hist;
	OK(store_report_history(f->s, f->a, STR_LIT("node"), node, &hist, &n, &e_));
	assert_int_equal(n, 2);
	assert_true(str_eq_cstr(hist[0].submitted_at, "2024-04-03T08:30:00Z"));
	assert_true(str_eq(hist[1].submitted_at, hist[1].updated_at));
}

static void test_not_reported(void **state)
{
	fx_t *f = *state;
	long long plan = add_plan(f);
	long long a = add_unit(f, "涞水县", 0);
	long long b = add_unit(f, "涿州市", 0);
	long long n1 = add_node(f, plan, 0, 1, "任务一", a);
	long long n2 = add_node(f, plan, 0, 2, "任务二", b);
	long long n3 = add_node(f, plan, 0, 3, "任务三", a);
	add_node(f, plan, 0, 4, "未分配任务", 0);
	store_project_t p = { .plan_id = plan, .name = STR_LIT("重点项目"), .owner_unit_id = b };
	OK(store_project_add(f->s, ACTOR, &p, &e_));

	store_report_t r = { .unit_id = a,
			     .item_kind = STR_LIT("node"),
			     .item_id = n1,
			     .period = STR_LIT("2024-Q1") };
	OK(store_report_put(f->s, ACTOR, &r, true, &e_)); /* submitted: counts */
	r = (store_report_t){ .unit_id = b,
			      .item_kind = STR_LIT("node"),
			      .item_id = n2,
			      .period = STR_LIT("2024-Q1") };
	OK(store_report_put(f->s, ACTOR, &r, false, &e_)); /* a draft does not */
	r = (store_report_t){ .unit_id = a,
			      .item_kind = STR_LIT("node"),
			      .item_id = n3,
			      .period = STR_LIT("2023-Q4") };
	OK(store_report_put(f->s, ACTOR, &r, true, &e_)); /* another period does not */
	r = (store_report_t){ .unit_id = b,
			      .item_kind = STR_LIT("project"),
			      .item_id = p.id,
			      .period = STR_LIT("2024-Q1") };
	OK(store_report_put(f->s, ACTOR, &r, true, &e_));
	OK(store_report_review(f->s, ACTOR, r.id, true, STR_NULL, &e_)); /* accepted: counts */

	store_report_t *reps;
	size_t n;
	OK(store_report_list(f->s, f->a, STR_LIT("2024-Q1"), a, &reps, &n, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(reps[0].item_id, n1);
	OK(store_report_list(f->s, f->a, STR_LIT("2024-Q1"), b, &reps, &n, &e_));
	assert_int_equal(n, 2);
	assert_true(str_eq_cstr(reps[0].item_kind, "node"));
	assert_true(str_eq_cstr(reps[1].item_kind, "project"));
	OK(store_report_list(f->s, f->a, STR_LIT("2024-Q1"), 0, &reps, &n, &e_));
	assert_int_equal(n, 3);

	store_missing_t *m;
	OK(store_report_missing(f->s, f->a, plan, STR_LIT("2024-Q1"), &m, &n, &e_));
	assert_int_equal(n, 2);
	assert_true(str_eq_cstr(m[0].item_kind, "node"));
	assert_int_equal(m[0].item_id, n2);
	assert_int_equal(m[0].unit_id, b);
	assert_true(str_eq_cstr(m[0].title, "任务二"));
	assert_int_equal(m[1].item_id, n3);
	assert_int_equal(m[1].unit_id, a);
	OK(store_report_missing(f->s, f->a, plan, STR_LIT("2025-01"), &m, &n, &e_));
	assert_int_equal(n, 4); /* three assigned nodes and the project */
}

/* The contract: each test runs once per backend. */
static const pgtest_case_t contract[] = {
	PGTEST_CASE(test_open_kinds),    PGTEST_CASE(test_migrate_again),
	PGTEST_CASE(test_units),         PGTEST_CASE(test_users),
	PGTEST_CASE(test_plans),         PGTEST_CASE(test_nodes),
	PGTEST_CASE(test_node_versions), PGTEST_CASE(test_targets_projects),
	PGTEST_CASE(test_reports),       PGTEST_CASE(test_report_submit_at),
	PGTEST_CASE(test_not_reported),
};

int main(void)
{
	const struct CMUnitTest common[] = { cmocka_unit_test(test_open) };
	int failed = cmocka_run_group_tests_name("store", common, NULL, NULL);

	failed += pgtest_run_contract(contract, sizeof contract / sizeof contract[0]);
	return failed != 0;
}
