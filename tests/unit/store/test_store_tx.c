/* test_store_tx.c — the store's contract for what spans entities: the audit trail (one
 * row per write, immutable in the database), rollback of failed writes, explicit
 * transactions, two connections racing on one row, allocation failures, text checks and
 * search.  Run against SQLite and, when DUBAN_TEST_PG_URL is set, PostgreSQL. */
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

/* ---- audit ---- */

static void test_audit_every_write_and_immutable(void **state)
{
	fx_t *f = *state;
	err_t e;
	size_t before = audit_count(f);
	long long unit = add_unit(f, "市审计局", 0);
	assert_int_equal(audit_count(f), before + 1);
	long long plan = add_plan(f);
	long long node = add_node(f, plan, 0, 1, "任务", unit);
	assert_int_equal(audit_count(f), before + 3);
	OK(store_audit_append(f->s, STR_LIT("zhangsan"), STR_LIT("login"), STR_LIT("user"), 7,
			      STR_NULL, STR_LIT("{}"), &e_));
	assert_int_equal(audit_count(f), before + 4);

	store_audit_t *rows;
	size_t n;
	OK(store_audit_list(f->s, f->a,
			    &(store_audit_query_t){ .entity = STR_LIT("node"), .entity_id = node },
			    &rows, &n, &e_));
	assert_int_equal(n, 1);
	assert_true(str_eq_cstr(rows[0].actor, "test")); /* pgtest_add_node's actor */
	assert_true(str_eq_cstr(rows[0].action, "add"));
	assert_int_equal(rows[0].at.len, 20);
	assert_int_equal(rows[0].before.len, 0);
	assert_non_null(strstr(rows[0].after.ptr, "\"title\":\"任务\""));
	OK(store_audit_list(f->s, f->a,
			    &(store_audit_query_t){ .entity = STR_LIT("unit"), .entity_id = 0 },
			    &rows, &n, &e_));
	assert_int_equal(n, 1);

	/* paging: two at a time, oldest first, no row twice */
	store_audit_query_t q = { .limit = 2 };
	long long last = 0;
	size_t seen = 0;
	do {
		OK(store_audit_list(f->s, f->a, &q, &rows, &n, &e_));
		assert_true(n <= 2);
		for (size_t i = 0; i < n; i++) {
			assert_true(rows[i].id > last);
			last = rows[i].id;
		}
		seen += n;
		q.after_id = last;
	} while (n > 0);
	assert_int_equal(seen, before + 4);

	FAILS(ERR_DENIED, store_exec_literal(f->s, "UPDATE audit SET actor = 'mallory'", &e));
	FAILS(ERR_DENIED, store_exec_literal(f->s, "DELETE FROM audit", &e));
	if (strcmp(store_backend_name(f->s), "postgres") == 0)
		FAILS(ERR_DENIED, store_exec_literal(f->s, "TRUNCATE audit", &e));
	assert_int_equal(audit_count(f), before + 4);
	OK(store_audit_list(f->s, f->a,
			    &(store_audit_query_t){ .entity = STR_LIT("node"), .entity_id = node },
			    &rows, &n, &e_));
	assert_true(str_eq_cstr(rows[0].actor, "test"));

	/* no actor, no write */
	store_unit_t u = { .name = STR_LIT("匿名单位") };
	FAILS(ERR_INVALID, store_unit_add(f->s, STR_NULL, &u, &e));
	store_unit_t *units;
	OK(store_unit_list(f->s, f->a, &units, &n, &e_));
	assert_int_equal(n, 1);
}

/* The last audit row's client. */
static str_t last_client(fx_t *f, store_t *s)
{
	store_audit_t *rows;
	size_t n;
	store_audit_query_t q = { .limit = STORE_AUDIT_MAX };
	OK(store_audit_list(s, f->a, &q, &rows, &n, &e_));
	assert_true(n > 0);
	return rows[n - 1].client;
}

/* Every audit row says from where: the handle's client (store_set_client) as it was at
 * the write, in the store's own writes and in store_audit_append; a backup keeps it. */
static void test_audit_client(void **state)
{
	fx_t *f = *state;
	err_t e;
	add_unit(f, "市审计局", 0);
	assert_int_equal(last_client(f, f->s).len, 0); /* none set */
	assert_int_equal(store_client(f->s).len, 0);
	store_set_client(f->s, STR_LIT("192.0.2.4"));
	assert_true(str_eq_cstr(store_client(f->s), "192.0.2.4"));
	long long plan = add_plan(f);
	assert_true(str_eq_cstr(last_client(f, f->s), "192.0.2.4"));
	OK(store_audit_append(f->s, STR_LIT("zhangsan"), STR_LIT("login"), STR_LIT("user"), 7,
			      STR_NULL, STR_LIT("{}"), &e_));
	assert_true(str_eq_cstr(last_client(f, f->s), "192.0.2.4"));
	store_set_client(f->s, STR_LIT("cli"));
	OK(store_plan_set_state(f->s, ACTOR, plan, STR_LIT("active"), &e_));
	assert_true(str_eq_cstr(last_client(f, f->s), "cli"));
	/* cleared: nothing of the last caller's address stays in the handle */
	store_set_client(f->s, STR_NULL);
	add_unit(f, "市统计局", 0);
	assert_int_equal(last_client(f, f->s).len, 0);
	/* bounded, and never cut inside a character (else the write would be refused) */
	char big[200] = "";
	for (int i = 0; i < 40; i++)
		strcat(big, "中");
	store_set_client(f->s, str_from_cstr(big));
	str_t c = store_client(f->s);
	assert_true(c.len < STORE_CLIENT_MAX && c.len % 3 == 0 && c.len > 0);
	add_unit(f, "市水利局", 0);
	assert_int_equal(last_client(f, f->s).len, c.len);
	store_set_client(f->s, STR_NULL);
	FAILS(ERR_DENIED, store_exec_literal(f->s, "UPDATE audit SET client = ''", &e));

	/* a backup (PostgreSQL: the logical copy) keeps every row's client */
	char path[512], url[600];
	assert_int_equal(pgtest_sqlite_path(path, sizeof path), 0);
	OK(store_backup(f->s, path, &e_));
	snprintf(url, sizeof url, "sqlite:%s", path);
	store_t *copy = store_open(url, NULL);
	assert_non_null(copy);
	store_audit_t *rows;
	size_t n;
	store_audit_query_t q = { .entity = STR_LIT("plan") };
	OK(store_audit_list(copy, f->a, &q, &rows, &n, &e_));
	assert_true(n == 2 && str_eq_cstr(rows[0].client, "192.0.2.4") &&
		    str_eq_cstr(rows[1].client, "cli"));
	store_close(copy);
	pgtest_sqlite_remove(path);
}

/* ---- transactions ---- */

static void test_failed_write_leaves_nothing(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long plan = add_plan(f);
	size_t before = audit_count(f);

	/* a node whose cooperating unit does not exist: the node row, its search document and
	 * its audit row must all be gone */
	long long bad = 4242;
	store_node_t n = { .plan_id = plan,
			   .title = STR_LIT("不应留下的任务"),
			   .coop_unit_ids = &bad,
			   .n_coop = 1 };
	FAILS(ERR_INVALID, store_node_add(f->s, ACTOR, &n, &e));
	store_node_t *nodes;
	size_t count;
	OK(store_node_list(f->s, f->a, plan, &nodes, &count, &e_));
	assert_int_equal(count, 0);
	store_hit_t *hits;
	OK(store_search(f->s, f->a, STR_LIT("不应留下"), 10, &hits, &count, &e_));
	assert_int_equal(count, 0);
	assert_int_equal(audit_count(f), before);

	/* inside an explicit transaction a failed write is undone on its own */
	OK(store_begin(f->s, &e_));
	add_unit(f, "市商务局", 0);
	store_unit_t dup = { .name = STR_LIT("市商务局") };
	FAILS(ERR_CONFLICT, store_unit_add(f->s, ACTOR, &dup, &e));
	add_unit(f, "市统计局", 0);
	OK(store_commit(f->s, &e_));
	store_unit_t *units;
	OK(store_unit_list(f->s, f->a, &units, &count, &e_));
	assert_int_equal(count, 2);
	assert_int_equal(audit_count(f), before + 2);

	/* and a rolled back transaction leaves nothing */
	OK(store_begin(f->s, &e_));
	add_unit(f, "市水利局", 0);
	OK(store_rollback(f->s, &e_));
	OK(store_unit_list(f->s, f->a, &units, &count, &e_));
	assert_int_equal(count, 2);
	assert_int_equal(audit_count(f), before + 2);
	FAILS(ERR_USAGE, store_commit(f->s, &e));
	FAILS(ERR_USAGE, store_rollback(f->s, &e));
}

/* ---- search ---- */

static void test_search(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long plan = add_plan(f);
	long long n1 = add_node(f, plan, 0, 1, "推进京津冀协同发展", 0);
	long long n2 = add_node(f, plan, 0, 2, "優化營商環境", 0); /* Traditional */
	store_target_t t = { .node_id = n1,
			     .indicator = STR_LIT("高新技术企业"),
			     .text = STR_LIT("新增高新技术企业210家") };
	OK(store_target_add(f->s, ACTOR, &t, &e_));
	store_project_t p = { .name = STR_LIT("雄安新区配套工程"), .place = STR_LIT("涞水县") };
	OK(store_project_add(f->s, ACTOR, &p, &e_));

	store_hit_t *h;
	size_t n;
	OK(store_search(f->s, f->a, STR_LIT("京津冀"), 10, &h, &n, &e_));
	assert_int_equal(n, 1);
	assert_true(str_eq_cstr(h[0].kind, "node"));
	assert_int_equal(h[0].id, n1);
	assert_true(str_eq_cstr(h[0].title, "推进京津冀协同发展"));

	/* Simplified query, Traditional text; and the other way round */
	OK(store_search(f->s, f->a, STR_LIT("营商环境"), 10, &h, &n, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(h[0].id, n2);
	OK(store_search(f->s, f->a, STR_LIT("協同發展"), 10, &h, &n, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(h[0].id, n1);

	OK(store_search(f->s, f->a, STR_LIT("高新技术"), 10, &h, &n, &e_));
	assert_int_equal(n, 1);
	assert_true(str_eq_cstr(h[0].kind, "target"));
	assert_int_equal(h[0].id, t.id);
	OK(store_search(f->s, f->a, STR_LIT("涞水县"), 10, &h, &n, &e_));
	assert_int_equal(n, 1);
	assert_true(str_eq_cstr(h[0].kind, "project"));

	/* two characters: found by scanning */
	OK(store_search(f->s, f->a, STR_LIT("雄安"), 10, &h, &n, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(h[0].id, p.id);

	/* a node update refreshes its document */
	store_node_t node;
	OK(store_node_get(f->s, f->a, n1, &node, &e_));
	node.title = STR_LIT("推进区域协调发展");
	OK(store_node_update(f->s, ACTOR, &node, &e_));
	OK(store_search(f->s, f->a, STR_LIT("京津冀"), 10, &h, &n, &e_));
	assert_int_equal(n, 0);
	OK(store_search(f->s, f->a, STR_LIT("区域协调"), 10, &h, &n, &e_));
	assert_int_equal(n, 1);

	/* query syntax characters are text, never syntax */
	OK(store_search(f->s, f->a, STR_LIT("\"% OR _\""), 10, &h, &n, &e_));
	assert_int_equal(n, 0);
	OK(store_search(f->s, f->a, STR_LIT("发展"), 1, &h, &n, &e_));
	assert_int_equal(n, 1);
	FAILS(ERR_INVALID, store_search(f->s, f->a, STR_LIT("   "), 10, &h, &n, &e));
}

/* Two connections on one database: the second sees the first's commits, migrating again
 * changes nothing, and a node edited through one is a conflict through the other. */
static void test_two_connections(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long plan = add_plan(f);
	long long id = add_node(f, plan, 0, 1, "优化营商环境", 0);
	int version = 0;
	store_t *other = store_open(f->url, &e);
	assert_non_null(other);
	OK(store_migrate(other, &version, &e_));
	assert_int_equal(version, STORE_SCHEMA_VERSION);

	store_node_t mine, theirs;
	OK(store_node_get(f->s, f->a, id, &mine, &e_));
	OK(store_node_get(other, f->a, id, &theirs, &e_));
	theirs.title = STR_LIT("持续优化营商环境");
	OK(store_node_update(other, STR_LIT("lisi"), &theirs, &e_));
	mine.body = STR_LIT("我的修改");
	FAILS(ERR_CONFLICT, store_node_update(f->s, ACTOR, &mine, &e));
	OK(store_node_get(f->s, f->a, id, &mine, &e_));
	assert_true(str_eq_cstr(mine.title, "持续优化营商环境"));
	assert_int_equal(mine.body.len, 0);
	assert_int_equal(mine.version, 2);
	store_close(other);
}

/* Text must be valid UTF-8 without NUL bytes, on every backend alike. */
static void test_text_checked(void **state)
{
	fx_t *f = *state;
	err_t e;
	size_t before = audit_count(f);
	store_unit_t u = { .name = str_make("\xe5\xb8\x82\xff", 4) };
	FAILS(ERR_INVALID, store_unit_add(f->s, ACTOR, &u, &e));
	assert_int_equal(e.offset, 3);
	u.name = str_make("a\0b", 3);
	FAILS(ERR_INVALID, store_unit_add(f->s, ACTOR, &u, &e));
	store_hit_t *h;
	size_t n;
	FAILS(ERR_INVALID, store_search(f->s, f->a, str_make("\xc3", 1), 5, &h, &n, &e));
	assert_int_equal(audit_count(f), before);
}

/* ---- allocation failures ---- */

typedef struct oom_ctx {
	long long plan, unit, node, report;
} oom_ctx_t;

static int oom_unit(fx_t *f, oom_ctx_t *c, err_t *e)
{
	store_unit_t u = { .name = STR_LIT("市数据局") };
	(void)c;
	return store_unit_add(f->s, ACTOR, &u, e);
}

static int oom_node(fx_t *f, oom_ctx_t *c, err_t *e)
{
	long long coop[] = { c->unit };
	store_node_t n = { .plan_id = c->plan,
			   .title = STR_LIT("內存不足測試"),
			   .lead_unit_id = c->unit,
			   .coop_unit_ids = coop,
			   .n_coop = 1 };
	int rc = store_node_add(f->s, ACTOR, &n, e);
	c->node = n.id;
	return rc;
}

static int oom_assign(fx_t *f, oom_ctx_t *c, err_t *e)
{
	long long version = 1;
	return store_node_assign(f->s, ACTOR, c->node, &version, c->unit, NULL, 0, e);
}

static int oom_plan_state(fx_t *f, oom_ctx_t *c, err_t *e)
{
	return store_plan_set_state(f->s, ACTOR, c->plan, STR_LIT("active"), e);
}

static int oom_target(fx_t *f, oom_ctx_t *c, err_t *e)
{
	store_target_t t = { .node_id = c->node, .indicator = STR_LIT("投资完成率") };
	return store_target_add(f->s, ACTOR, &t, e);
}

static int oom_report(fx_t *f, oom_ctx_t *c, err_t *e)
{
	store_report_t r = { .unit_id = c->unit,
			     .item_kind = STR_LIT("node"),
			     .item_id = c->node,
			     .period = STR_LIT("2024-05") };
	int rc = store_report_put(f->s, ACTOR, &r, true, e);
	c->report = r.id;
	return rc;
}

static int oom_review(fx_t *f, oom_ctx_t *c, err_t *e)
{
	return store_report_review(f->s, ACTOR, c->report, true, STR_LIT("同意"), e);
}

static int oom_lists(fx_t *f, oom_ctx_t *c, err_t *e)
{
	store_node_t *nodes;
	store_missing_t *m;
	store_hit_t *h;
	size_t n;
	arena_reset(f->a);
	int rc = store_node_list(f->s, f->a, c->plan, &nodes, &n, e);
	if (rc == 0)
		rc = store_report_missing(f->s, f->a, c->plan, STR_LIT("2024-06"), &m, &n, e);
	if (rc == 0)
		rc = store_search(f->s, f->a, STR_LIT("内存不足"), 5, &h, &n, e);
	if (rc == 0 && n != 1)
		rc = ERR_INTERNAL;
	return rc;
}

/* Every operation, with the k-th allocation failing for k = 0, 1, ... until it succeeds:
 * each failure is ERR_NOMEM and leaves no audit row behind; then it succeeds once. */
static void test_out_of_memory(void **state)
{
	fx_t *f = *state;
	int (*const ops[])(fx_t *, oom_ctx_t *, err_t *) = {
		oom_unit,   oom_node,   oom_assign, oom_plan_state,
		oom_target, oom_report, oom_review, oom_lists,
	};
	oom_ctx_t c = { .plan = add_plan(f), .unit = add_unit(f, "市工信局", 0) };
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		int failed = 0, rc = -1;
		for (long k = 0; k < 200 && rc != 0; k++) {
			size_t before = audit_count(f);
			err_t e;
			mem_fail_after(k);
			rc = ops[i](f, &c, &e);
			mem_fail_after(-1);
			if (rc != 0) {
				if (rc != ERR_NOMEM)
					fail_msg("op %zu, k %ld: %d %s", i, k, rc, e.msg);
				assert_int_equal(audit_count(f), before);
				failed++;
			}
		}
		assert_int_equal(rc, 0);
		assert_true(failed > 0);
	}
}

/* The contract: each test runs once per backend. */
static const pgtest_case_t contract[] = {
	PGTEST_CASE(test_audit_every_write_and_immutable),
	PGTEST_CASE(test_audit_client),
	PGTEST_CASE(test_failed_write_leaves_nothing),
	PGTEST_CASE(test_search),
	PGTEST_CASE(test_out_of_memory),
	PGTEST_CASE(test_two_connections),
	PGTEST_CASE(test_text_checked),
};

int main(void)
{
	return pgtest_run_contract(contract, sizeof contract / sizeof contract[0]) != 0;
}
