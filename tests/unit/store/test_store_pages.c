/* test_store_pages.c — the paged lists of the store (store_node_page,
 * store_report_missing_page): every way in (from the plan, from a small unit subtree,
 * from the lead unit) gives the same rows in the same order, with the total on every
 * page, cooperating units with each task, and nothing outside the scope; the administration
 * lists (store_unit_page, store_user_page, store_plan_page) filtered, sorted and paged;
 * run against SQLite and, when DUBAN_TEST_PG_URL is set, PostgreSQL. */
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

#define OK PGTEST_OK

/* city → {dept, county → town}, other (a second root); plans p1, p2. */
typedef struct world {
	long long city, dept, county, town, other, p1, p2;
	long long n[8]; /* nodes of p1 */
} world_t;

static long long add_node(fx_t *f, long long plan, int seq, const char *deadline, long long lead,
			  long long coop)
{
	long long ids[1] = { coop };
	store_node_t n = { .plan_id = plan,
			   .seq = seq,
			   .title = STR_LIT("任务"),
			   .deadline = str_from_cstr(deadline),
			   .lead_unit_id = lead,
			   .coop_unit_ids = coop > 0 ? ids : NULL,
			   .n_coop = coop > 0 ? 1 : 0 };
	OK(store_node_add(f->s, STR_LIT("admin"), &n, &e_));
	return n.id;
}

static void build(fx_t *f, world_t *w)
{
	w->city = pgtest_add_unit(f->s, "市", 0);
	w->dept = pgtest_add_unit(f->s, "市发改委", w->city);
	w->county = pgtest_add_unit(f->s, "涞水县", w->city);
	w->town = pgtest_add_unit(f->s, "某镇", w->county);
	w->other = pgtest_add_unit(f->s, "外市", 0);
	w->p1 = pgtest_add_plan(f->s);
	w->p2 = pgtest_add_plan(f->s);
	/* seq falls as the id rises, deadlines out of both orders */
	w->n[0] = add_node(f, w->p1, 8, "2024-05-01", w->county, 0);
	w->n[1] = add_node(f, w->p1, 7, "2024-02-01", w->town, 0);
	w->n[2] = add_node(f, w->p1, 6, "2024-09-01", w->dept, w->town);
	w->n[3] = add_node(f, w->p1, 5, "2024-01-01", w->dept, 0);
	w->n[4] = add_node(f, w->p1, 4, "2024-03-01", w->county, 0);
	w->n[5] = add_node(f, w->p1, 3, "", 0, 0);
	w->n[6] = add_node(f, w->p1, 2, "2024-03-01", w->other, 0);
	w->n[7] = add_node(f, w->p1, 1, "2024-07-01", w->town, 0);
	add_node(f, w->p2, 1, "2024-01-01", w->county, 0);
	add_node(f, w->p2, 2, "2024-01-01", w->town, w->county);
}

/* The ids of a page, as a string "a b c" in page order, for compact comparisons. */
static void page(fx_t *f, const store_node_query_t *q, char *out, size_t cap, long long *total)
{
	store_node_t *nodes;
	size_t n, used = 0;
	out[0] = '\0';
	OK(store_node_page(f->s, f->a, q, &nodes, &n, total, &e_));
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(nodes[i].plan_id, q->plan_id);
		used += (size_t)snprintf(out + used, cap - used, "%s%lld", i ? " " : "",
					 nodes[i].id);
	}
}

/* The ids of w's nodes idx[0..n-1] as page() writes them. */
static void ids(const world_t *w, const int *idx, size_t n, char *out, size_t cap)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(out + used, cap - used, "%s%lld", i ? " " : "",
					 w->n[idx[i]]);
}

static void test_node_pages(void **state)
{
	fx_t *f = *state;
	world_t w;
	char got[256], want[256];
	long long total;
	build(f, &w);

	/* everything, in tree order (seq): n7 n6 … n0 */
	static const int tree[] = { 7, 6, 5, 4, 3, 2, 1, 0 };
	store_node_query_t q = { .plan_id = w.p1 };
	page(f, &q, got, sizeof got, &total);
	ids(&w, tree, 8, want, sizeof want);
	assert_string_equal(got, want);
	assert_int_equal(total, 8);
	q.limit = 3;
	q.offset = 6;
	page(f, &q, got, sizeof got, &total);
	ids(&w, tree + 6, 2, want, sizeof want);
	assert_string_equal(got, want);
	assert_int_equal(total, 8);

	/* the county (a small subtree: read from its units) and the city (read from the
	 * plan) see the same kind of answer: led or cooperated in the subtree, tree order */
	static const int county_tree[] = { 7, 4, 2, 1, 0 };
	q = (store_node_query_t){ .plan_id = w.p1, .scope_unit_id = w.county };
	page(f, &q, got, sizeof got, &total);
	ids(&w, county_tree, 5, want, sizeof want);
	assert_string_equal(got, want);
	assert_int_equal(total, 5);
	static const int city_tree[] = { 7, 4, 3, 2, 1, 0 };
	q.scope_unit_id = w.city;
	page(f, &q, got, sizeof got, &total);
	ids(&w, city_tree, 6, want, sizeof want);
	assert_string_equal(got, want);
	assert_int_equal(total, 6);

	/* by deadline (then tree order) on every way in */
	static const int all_dl[] = { 5, 3, 1, 6, 4, 0, 7, 2 };
	q = (store_node_query_t){ .plan_id = w.p1, .by_deadline = true };
	page(f, &q, got, sizeof got, &total);
	ids(&w, all_dl, 8, want, sizeof want);
	assert_string_equal(got, want);
	static const int county_dl[] = { 1, 4, 0, 7, 2 };
	q.scope_unit_id = w.county;
	q.limit = 2;
	q.offset = 2;
	page(f, &q, got, sizeof got, &total);
	ids(&w, county_dl + 2, 2, want, sizeof want);
	assert_string_equal(got, want);
	assert_int_equal(total, 5);
	static const int city_dl[] = { 3, 1, 4, 0, 7, 2 };
	q.scope_unit_id = w.city;
	q.offset = 4;
	page(f, &q, got, sizeof got, &total);
	ids(&w, city_dl + 4, 2, want, sizeof want);
	assert_string_equal(got, want);
	assert_int_equal(total, 6);

	/* a page past the end is empty and still counts */
	q.offset = 50;
	page(f, &q, got, sizeof got, &total);
	assert_string_equal(got, "");
	assert_int_equal(total, 6);
	q.scope_unit_id = w.county;
	page(f, &q, got, sizeof got, &total);
	assert_string_equal(got, "");
	assert_int_equal(total, 5);

	/* the lead unit: alone, within a scope, outside it */
	static const int town_dl[] = { 1, 7 };
	q = (store_node_query_t){ .plan_id = w.p1, .lead_unit_id = w.town, .by_deadline = true };
	page(f, &q, got, sizeof got, &total);
	ids(&w, town_dl, 2, want, sizeof want);
	assert_string_equal(got, want);
	assert_int_equal(total, 2);
	q = (store_node_query_t){ .plan_id = w.p1,
				  .lead_unit_id = w.dept,
				  .scope_unit_id = w.county };
	page(f, &q, got, sizeof got, &total);
	ids(&w, (const int[]){ 2 }, 1, want, sizeof want);
	assert_string_equal(got, want); /* only the task the town cooperates on */
	assert_int_equal(total, 1);
	q.lead_unit_id = w.other;
	page(f, &q, got, sizeof got, &total);
	assert_string_equal(got, "");
	assert_int_equal(total, 0);

	/* cooperating units come with the page */
	store_node_t *nodes;
	size_t n;
	q = (store_node_query_t){ .plan_id = w.p1, .scope_unit_id = w.town };
	OK(store_node_page(f->s, f->a, &q, &nodes, &n, &total, &e_));
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		bool coop = nodes[i].id == w.n[2];
		assert_int_equal(nodes[i].n_coop, coop ? 1 : 0);
		if (coop)
			assert_int_equal(nodes[i].coop_unit_ids[0], w.town);
	}
}

static void test_missing_pages(void **state)
{
	fx_t *f = *state;
	world_t w;
	build(f, &w);
	store_project_t pr = { .plan_id = w.p1, .name = STR_LIT("项目"), .owner_unit_id = w.town };
	OK(store_project_add(f->s, STR_LIT("admin"), &pr, &e_));
	store_report_t r = { .unit_id = w.county,
			     .item_kind = STR_LIT("node"),
			     .item_id = w.n[0],
			     .period = STR_LIT("2024-03") };
	OK(store_report_put(f->s, STR_LIT("admin"), &r, true, &e_));

	store_missing_query_t q = { .plan_id = w.p1,
				    .period = STR_LIT("2024-03"),
				    .scope_unit_id = w.county };
	store_missing_t *m;
	size_t n;
	long long total;
	OK(store_report_missing_page(f->s, f->a, &q, &m, &n, &total, &e_));
	/* the county's and the town's, by kind and id; n0 is reported */
	assert_int_equal(total, 4);
	assert_int_equal(n, 4);
	assert_int_equal(m[0].item_id, w.n[1]);
	assert_int_equal(m[1].item_id, w.n[4]);
	assert_int_equal(m[2].item_id, w.n[7]);
	assert_true(str_eq_cstr(m[3].item_kind, "project"));
	assert_int_equal(m[3].item_id, pr.id);
	/* by unit, paged */
	q.by_unit = true;
	q.limit = 2;
	q.offset = 1;
	OK(store_report_missing_page(f->s, f->a, &q, &m, &n, &total, &e_));
	assert_int_equal(total, 4);
	assert_int_equal(n, 2);
	assert_int_equal(m[0].unit_id, w.town);
	assert_int_equal(m[0].item_id, w.n[1]);
	assert_int_equal(m[1].item_id, w.n[7]);
	/* past the end */
	q.offset = 9;
	OK(store_report_missing_page(f->s, f->a, &q, &m, &n, &total, &e_));
	assert_int_equal(n, 0);
	assert_int_equal(total, 4);
	/* the city (from the plan) and everything */
	q = (store_missing_query_t){ .plan_id = w.p1,
				     .period = STR_LIT("2024-03"),
				     .scope_unit_id = w.city };
	OK(store_report_missing_page(f->s, f->a, &q, &m, &n, &total, &e_));
	assert_int_equal(total, 6);
	for (size_t i = 0; i < n; i++)
		assert_true(m[i].unit_id != w.other);
	q.scope_unit_id = 0;
	OK(store_report_missing_page(f->s, f->a, &q, &m, &n, &total, &e_));
	assert_int_equal(total, 7);
	assert_int_equal(n, 7);
	/* nothing when nothing is missing */
	q.scope_unit_id = w.other;
	q.period = STR_LIT("2025-01");
	OK(store_report_missing_page(f->s, f->a, &q, &m, &n, &total, &e_));
	assert_int_equal(total, 1);
	r = (store_report_t){ .unit_id = w.other,
			      .item_kind = STR_LIT("node"),
			      .item_id = w.n[6],
			      .period = STR_LIT("2025-01") };
	OK(store_report_put(f->s, STR_LIT("admin"), &r, true, &e_));
	OK(store_report_missing_page(f->s, f->a, &q, &m, &n, &total, &e_));
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
}

/* The ids of rows (each a struct whose first member is the long long id), "a b c". */
#define IDS(rows, n, out)                                                                          \
	do {                                                                                       \
		size_t used_ = 0;                                                                  \
		(out)[0] = '\0';                                                                   \
		for (size_t i_ = 0; i_ < (n); i_++)                                                \
			used_ += (size_t)snprintf((out) + used_, sizeof(out) - used_, "%s%lld",    \
						  i_ ? " " : "", (rows)[i_].id);                   \
	} while (0)

static void test_unit_pages(void **state)
{
	fx_t *f = *state;
	long long c = pgtest_add_unit(f->s, "市", 0);
	long long b = pgtest_add_unit(f->s, "乙县", c);
	long long a = pgtest_add_unit(f->s, "甲区", c);
	store_unit_t town = { .name = STR_LIT("乙县某镇"),
			      .kind = STR_LIT("town"),
			      .parent_id = b };
	store_unit_query_t q = { .limit = 2 };
	store_unit_t *u;
	size_t n;
	long long total;
	char got[128], want[128];

	OK(store_unit_add(f->s, STR_LIT("admin"), &town, &e_));
	OK(store_unit_page(f->s, f->a, &q, &u, &n, &total, &e_));
	snprintf(want, sizeof want, "%lld %lld", c, b);
	IDS(u, n, got);
	assert_string_equal(got, want);
	assert_int_equal(total, 4);
	q.offset = 3;
	OK(store_unit_page(f->s, f->a, &q, &u, &n, &total, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(u[0].id, town.id);
	assert_int_equal(total, 4);
	q = (store_unit_query_t){ .parent_id = c, .by_name = true };
	OK(store_unit_page(f->s, f->a, &q, &u, &n, &total, &e_));
	IDS(u, n, got);
	/* 乙 (U+4E59) sorts before 甲 (U+7532) by code point */
	snprintf(want, sizeof want, "%lld %lld", b, a);
	assert_string_equal(got, want);
	assert_int_equal(total, 2);
	q = (store_unit_query_t){ .name_part = STR_LIT("乙县") };
	OK(store_unit_page(f->s, f->a, &q, &u, &n, &total, &e_));
	assert_int_equal(total, 2);
	q.kind = STR_LIT("town");
	OK(store_unit_page(f->s, f->a, &q, &u, &n, &total, &e_));
	assert_int_equal(total, 1);
	assert_int_equal(u[0].id, town.id);
}

static void test_user_plan_pages(void **state)
{
	fx_t *f = *state;
	long long unit = pgtest_add_unit(f->s, "市", 0);
	store_user_t us[] = {
		{ .name = STR_LIT("zed"), .role = STR_LIT("unit_viewer"), .unit_id = unit },
		{ .name = STR_LIT("amy"),
		  .role = STR_LIT("unit_editor"),
		  .unit_id = unit,
		  .disabled = true },
		{ .name = STR_LIT("bob"), .role = STR_LIT("supervisor") },
	};
	store_plan_t ps[] = {
		{ .title = STR_LIT("B"), .year = 2023, .state = STR_LIT("active") },
		{ .title = STR_LIT("C"), .year = 2025 },
		{ .title = STR_LIT("A"), .year = 2024 },
	};
	store_user_query_t uq = { .by_name = true };
	store_plan_query_t pq = { .sort = STORE_PLAN_BY_YEAR };
	store_user_t *u;
	store_plan_t *p;
	size_t n;
	long long total;
	char got[128], want[128];

	for (size_t i = 0; i < 3; i++) {
		us[i].pw_hash = STR_LIT("x");
		OK(store_user_add(f->s, STR_LIT("admin"), &us[i], &e_));
		OK(store_plan_add(f->s, STR_LIT("admin"), &ps[i], &e_));
	}
	OK(store_user_page(f->s, f->a, &uq, &u, &n, &total, &e_));
	IDS(u, n, got);
	snprintf(want, sizeof want, "%lld %lld %lld", us[1].id, us[2].id, us[0].id);
	assert_string_equal(got, want);
	assert_int_equal(total, 3);
	uq = (store_user_query_t){ .unit_id = unit, .state = STORE_USERS_ACTIVE };
	OK(store_user_page(f->s, f->a, &uq, &u, &n, &total, &e_));
	assert_int_equal(total, 1);
	assert_int_equal(u[0].id, us[0].id);
	uq = (store_user_query_t){ .role = STR_LIT("unit_editor"), .state = STORE_USERS_DISABLED };
	OK(store_user_page(f->s, f->a, &uq, &u, &n, &total, &e_));
	assert_int_equal(total, 1);
	assert_int_equal(u[0].id, us[1].id);

	OK(store_plan_page(f->s, f->a, &pq, &p, &n, &total, &e_));
	IDS(p, n, got);
	snprintf(want, sizeof want, "%lld %lld %lld", ps[1].id, ps[2].id, ps[0].id);
	assert_string_equal(got, want);
	pq = (store_plan_query_t){ .sort = STORE_PLAN_BY_TITLE, .limit = 1, .offset = 1 };
	OK(store_plan_page(f->s, f->a, &pq, &p, &n, &total, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(p[0].id, ps[0].id);
	assert_int_equal(total, 3);
	pq = (store_plan_query_t){ .state = STR_LIT("draft"), .year = 2025 };
	OK(store_plan_page(f->s, f->a, &pq, &p, &n, &total, &e_));
	assert_int_equal(total, 1);
	assert_int_equal(p[0].id, ps[1].id);
	pq.year = 2023;
	OK(store_plan_page(f->s, f->a, &pq, &p, &n, &total, &e_));
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
}

static const pgtest_case_t contract[] = {
	PGTEST_CASE(test_node_pages),
	PGTEST_CASE(test_missing_pages),
	PGTEST_CASE(test_unit_pages),
	PGTEST_CASE(test_user_plan_pages),
};

int main(void)
{
	return pgtest_run_contract(contract, sizeof contract / sizeof contract[0]) != 0;
}
