/* test_store_edit.c — the store functions behind the API's resources: checked edits of
 * units, targets and projects (a stale "before" changes nothing), paged project lists
 * filtered by scope, plan, owner and stage, and search limited to a unit's subtree in
 * the query.  Run against SQLite and, when DUBAN_TEST_PG_URL is set, PostgreSQL. */
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

static long long audits(fx_t *f)
{
	long long n = pgtest_audit_count(f->s, f->a);
	assert_true(n >= 0);
	return n;
}

static void test_unit_update(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long city = pgtest_add_unit(f->s, "市", 0);
	long long county = pgtest_add_unit(f->s, "涞水县", city);
	long long town = pgtest_add_unit(f->s, "某镇", county);
	store_unit_t before, after, got;
	OK(store_unit_get(f->s, f->a, county, &before, &e_));

	after = before;
	after.name = STR_LIT("涞水县人民政府");
	after.kind = STR_LIT("county");
	long long n0 = audits(f);
	OK(store_unit_update(f->s, STR_LIT("admin"), &before, &after, &e_));
	assert_int_equal(audits(f), n0 + 1);
	OK(store_unit_get(f->s, f->a, county, &got, &e_));
	assert_true(str_eq_cstr(got.name, "涞水县人民政府"));
	assert_int_equal(got.parent_id, city);

	/* stale: before is the old row; nothing is written, no audit row */
	after.name = STR_LIT("覆盖");
	FAILS(ERR_CONFLICT, store_unit_update(f->s, STR_LIT("admin"), &before, &after, &e));
	assert_string_equal(e.field, "version");
	OK(store_unit_get(f->s, f->a, county, &got, &e_));
	assert_true(str_eq_cstr(got.name, "涞水县人民政府"));
	assert_int_equal(audits(f), n0 + 1);

	/* a cycle: the county cannot go under its own town */
	before = got;
	after = got;
	after.parent_id = town;
	FAILS(ERR_INVALID, store_unit_update(f->s, STR_LIT("admin"), &before, &after, &e));
	assert_string_equal(e.field, "parent_id");
	after.parent_id = 987654;
	FAILS(ERR_INVALID, store_unit_update(f->s, STR_LIT("admin"), &before, &after, &e));
	/* a duplicate name */
	after.parent_id = city;
	after.name = STR_LIT("市");
	FAILS(ERR_CONFLICT, store_unit_update(f->s, STR_LIT("admin"), &before, &after, &e));
	assert_string_not_equal(e.field, "version");
	/* gone */
	before.id = 987654;
	after.name = STR_LIT("新名");
	FAILS(ERR_NOTFOUND, store_unit_update(f->s, STR_LIT("admin"), &before, &after, &e));
	assert_int_equal(audits(f), n0 + 1);
}

static void test_target_project_update(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long unit = pgtest_add_unit(f->s, "市发改委", 0);
	long long plan = pgtest_add_plan(f->s);
	long long node = pgtest_add_node(f->s, plan, 0, 1, "稳增长", unit);
	store_target_t t = { .node_id = node,
			     .indicator = STR_LIT("生产总值"),
			     .verb = STR_LIT("增长"),
			     .has_value = true,
			     .value = 7,
			     .unit = STR_LIT("%"),
			     .qualifier = STR_LIT("左右") };
	OK(store_target_add(f->s, STR_LIT("admin"), &t, &e_));
	store_target_t before, after, got;
	OK(store_target_get(f->s, f->a, t.id, &before, &e_));
	after = before;
	after.value = 7.5;
	after.has_baseline = true;
	after.baseline = 3.8;
	after.node_id = node + 100; /* ignored: a target stays on its node */
	OK(store_target_update(f->s, STR_LIT("office"), &before, &after, &e_));
	OK(store_target_get(f->s, f->a, t.id, &got, &e_));
	assert_true(got.value == 7.5 && got.has_baseline && got.baseline == 3.8);
	assert_int_equal(got.node_id, node);
	after.value = 9;
	FAILS(ERR_CONFLICT, store_target_update(f->s, STR_LIT("office"), &before, &after, &e));
	OK(store_target_get(f->s, f->a, t.id, &got, &e_));
	assert_true(got.value == 7.5);

	store_project_t p = { .plan_id = plan,
			      .name = STR_LIT("高铁站改造"),
			      .owner_unit_id = unit,
			      .stage = STR_LIT("前期"),
			      .total_invest = 12.5 };
	OK(store_project_add(f->s, STR_LIT("admin"), &p, &e_));
	store_project_t pb, pa, pg;
	OK(store_project_get(f->s, f->a, p.id, &pb, &e_));
	pa = pb;
	pa.stage = STR_LIT("开工");
	pa.done_invest = 3;
	OK(store_project_update(f->s, STR_LIT("office"), &pb, &pa, &e_));
	OK(store_project_get(f->s, f->a, p.id, &pg, &e_));
	assert_true(str_eq_cstr(pg.stage, "开工") && pg.done_invest == 3);
	pa.stage = STR_LIT("竣工");
	FAILS(ERR_CONFLICT, store_project_update(f->s, STR_LIT("office"), &pb, &pa, &e));
	pa.name = STR_LIT(" ");
	FAILS(ERR_INVALID, store_project_update(f->s, STR_LIT("office"), &pg, &pa, &e));
	/* the new text is searchable, the audit row holds before and after */
	store_hit_t *hits;
	size_t n;
	OK(store_search(f->s, f->a, STR_LIT("高铁站"), 10, &hits, &n, &e_));
	assert_int_equal(n, 1);
	store_audit_query_t q = { .entity = STR_LIT("project"), .entity_id = p.id };
	store_audit_t *rows;
	OK(store_audit_list(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(n, 2);
	assert_true(str_eq_cstr(rows[1].action, "update"));
	assert_non_null(strstr(rows[1].before.ptr, "前期"));
	assert_non_null(strstr(rows[1].after.ptr, "开工"));
}

static void test_plan_move(void **state)
{
	fx_t *f = *state;
	err_t e;
	long long plan = pgtest_add_plan(f->s);
	store_plan_t p;
	OK(store_plan_get(f->s, f->a, plan, &p, &e_));
	long long n0 = audits(f);
	OK(store_plan_move(f->s, STR_LIT("office"), plan, p.state, STR_LIT("closed"), &e_));
	assert_int_equal(audits(f), n0 + 1);
	/* a second mover that read the old state loses, writing nothing */
	FAILS(ERR_CONFLICT,
	      store_plan_move(f->s, STR_LIT("office"), plan, p.state, STR_LIT("active"), &e));
	assert_string_equal(e.field, "state");
	OK(store_plan_get(f->s, f->a, plan, &p, &e_));
	assert_true(str_eq_cstr(p.state, "closed"));
	assert_int_equal(audits(f), n0 + 1);
	FAILS(ERR_NOTFOUND,
	      store_plan_move(f->s, STR_LIT("office"), 987654, p.state, STR_LIT("active"), &e));
}

static void test_node_next_seq(void **state)
{
	fx_t *f = *state;
	long long plan = pgtest_add_plan(f->s), other = pgtest_add_plan(f->s);
	int seq = 0;
	OK(store_node_next_seq(f->s, plan, 0, &seq, &e_));
	assert_int_equal(seq, 1);
	long long top = pgtest_add_node(f->s, plan, 0, 4, "顶层", 0);
	pgtest_add_node(f->s, plan, top, 7, "子", 0);
	pgtest_add_node(f->s, other, 0, 30, "别的规划", 0);
	OK(store_node_next_seq(f->s, plan, 0, &seq, &e_));
	assert_int_equal(seq, 5);
	OK(store_node_next_seq(f->s, plan, top, &seq, &e_));
	assert_int_equal(seq, 8);
}

/* Two units under a city, each with a node, a target and a project named alike. */
typedef struct world {
	long long city, a, b, a_child, plan, plan2;
	long long node_a, node_b, proj_a, proj_b, proj_child, proj_plan2;
} world_t;

static long long add_project(fx_t *f, long long plan, const char *name, long long owner,
			     const char *stage, double total)
{
	store_project_t p = { .plan_id = plan,
			      .name = str_from_cstr(name),
			      .owner_unit_id = owner,
			      .stage = str_from_cstr(stage),
			      .total_invest = total };
	OK(store_project_add(f->s, STR_LIT("admin"), &p, &e_));
	return p.id;
}

static void world(fx_t *f, world_t *w)
{
	w->city = pgtest_add_unit(f->s, "市", 0);
	w->a = pgtest_add_unit(f->s, "甲县", w->city);
	w->b = pgtest_add_unit(f->s, "乙县", w->city);
	w->a_child = pgtest_add_unit(f->s, "甲县某镇", w->a);
	w->plan = pgtest_add_plan(f->s);
	w->plan2 = pgtest_add_plan(f->s);
	w->node_a = pgtest_add_node(f->s, w->plan, 0, 1, "甲县道路建设任务", w->a);
	w->node_b = pgtest_add_node(f->s, w->plan, 0, 2, "乙县道路建设任务", w->b);
	store_target_t t = { .node_id = w->node_b, .indicator = STR_LIT("道路建设里程") };
	OK(store_target_add(f->s, STR_LIT("admin"), &t, &e_));
	w->proj_a = add_project(f, w->plan, "甲县道路建设项目", w->a, "在建", 5);
	w->proj_b = add_project(f, w->plan, "乙县道路建设项目", w->b, "在建", 9);
	w->proj_child = add_project(f, w->plan, "某镇道路建设项目", w->a_child, "前期", 7);
	w->proj_plan2 = add_project(f, w->plan2, "甲县水利项目", w->a, "在建", 1);
}

static void test_project_page(void **state)
{
	fx_t *f = *state;
	world_t w;
	world(f, &w);
	store_project_query_t q = { .scope_unit_id = w.a, .plan_id = w.plan };
	store_project_t *ps;
	size_t n;
	long long total;
	OK(store_project_page(f->s, f->a, &q, &ps, &n, &total, &e_));
	assert_int_equal(total, 2);
	assert_int_equal(n, 2);
	assert_int_equal(ps[0].id, w.proj_a);
	assert_int_equal(ps[1].id, w.proj_child);

	/* every unit, sorted by total investment, paged */
	q = (store_project_query_t){ .sort = STORE_PROJECT_BY_INVEST, .limit = 2, .offset = 1 };
	OK(store_project_page(f->s, f->a, &q, &ps, &n, &total, &e_));
	assert_int_equal(total, 4);
	assert_int_equal(n, 2);
	assert_int_equal(ps[0].id, w.proj_child); /* 9, [7], [5], 1 */
	assert_int_equal(ps[1].id, w.proj_a);

	/* stage and owner filters */
	q = (store_project_query_t){ .stage = STR_LIT("在建"), .owner_unit_id = w.a };
	OK(store_project_page(f->s, f->a, &q, &ps, &n, &total, &e_));
	assert_int_equal(total, 2);
	assert_int_equal(ps[0].id, w.proj_a);
	assert_int_equal(ps[1].id, w.proj_plan2);

	/* another unit's owner filter inside a scope gives nothing, not even a count */
	q = (store_project_query_t){ .scope_unit_id = w.b, .owner_unit_id = w.a };
	OK(store_project_page(f->s, f->a, &q, &ps, &n, &total, &e_));
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);

	q = (store_project_query_t){ .scope_unit_id = w.b, .sort = STORE_PROJECT_BY_NAME };
	OK(store_project_page(f->s, f->a, &q, &ps, &n, &total, &e_));
	assert_int_equal(total, 1);
	assert_int_equal(ps[0].id, w.proj_b);
}

static bool has_hit(const store_hit_t *h, size_t n, const char *kind, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq_cstr(h[i].kind, kind) && h[i].id == id)
			return true;
	return false;
}

static void test_search_scoped(void **state)
{
	fx_t *f = *state;
	err_t e;
	world_t w;
	world(f, &w);
	store_hit_t *h;
	size_t n;
	/* long query (index) and a two-character one (scan) */
	const char *queries[] = { "道路建设", "道路" };
	for (size_t i = 0; i < 2; i++) {
		str_t q = str_from_cstr(queries[i]);
		OK(store_search_scoped(f->s, f->a, q, w.a, 50, &h, &n, &e_));
		assert_int_equal(n, 3);
		assert_true(has_hit(h, n, "node", w.node_a));
		assert_true(has_hit(h, n, "project", w.proj_a));
		assert_true(has_hit(h, n, "project", w.proj_child));
		OK(store_search_scoped(f->s, f->a, q, w.b, 50, &h, &n, &e_));
		assert_int_equal(n, 3); /* node, its target, project */
		assert_true(has_hit(h, n, "node", w.node_b));
		assert_true(has_hit(h, n, "project", w.proj_b));
		assert_false(has_hit(h, n, "node", w.node_a));
		OK(store_search_scoped(f->s, f->a, q, 0, 50, &h, &n, &e_));
		assert_int_equal(n, 6);
	}
	/* the limit applies after the scope filter */
	OK(store_search_scoped(f->s, f->a, STR_LIT("道路建设"), w.b, 1, &h, &n, &e_));
	assert_int_equal(n, 1);
	FAILS(ERR_INVALID, store_search_scoped(f->s, f->a, STR_LIT("  "), 0, 5, &h, &n, &e));
	/* quotes and LIKE wildcards are text */
	OK(store_search_scoped(f->s, f->a, STR_LIT("\"%_"), w.a, 5, &h, &n, &e_));
	assert_int_equal(n, 0);
}

static const pgtest_case_t contract[] = {
	PGTEST_CASE(test_unit_update),  PGTEST_CASE(test_target_project_update),
	PGTEST_CASE(test_project_page), PGTEST_CASE(test_search_scoped),
	PGTEST_CASE(test_plan_move),    PGTEST_CASE(test_node_next_seq),
};

int main(void)
{
	return pgtest_run_contract(contract, sizeof contract / sizeof contract[0]) != 0;
}
