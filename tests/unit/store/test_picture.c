/* test_picture.c — the supervision picture (store/picture.h) on a small ledger: items
 * with their unit, expected and actual progress, status and warning; the unit-subtree
 * and plan filters; reports of later periods judged from the item's history; the
 * not-reported list; "done" from a latest report's stage; the ranking inputs.  Run against SQLite and, when
 * DUBAN_TEST_PG_URL is set, PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/pgtest.h"
#include "store/picture.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define ACTOR STR_LIT("tester")

typedef struct ledger {
	long long city, dept, county, plan, node, target, project;
} ledger_t;

/* A small active plan: a task led by a department with one target, a project owned by a
 * county; reports for March. */
static void ledger_build(pgtest_fx_t *f, ledger_t *l)
{
	l->city = pgtest_add_unit(f->s, "保定市", 0);
	l->dept = pgtest_add_unit(f->s, "市发改委", l->city);
	l->county = pgtest_add_unit(f->s, "涿州市", l->city);
	store_plan_t p = { .title = STR_LIT("2024年计划"), .year = 2024 };
	PGTEST_OK(store_plan_add(f->s, ACTOR, &p, &e_));
	PGTEST_OK(store_plan_set_state(f->s, ACTOR, p.id, STR_LIT("active"), &e_));
	l->plan = p.id;
	l->node = pgtest_add_node(f->s, p.id, 0, 1, "抓投资", l->dept);
	store_target_t t = { .node_id = l->node,
			     .indicator = STR_LIT("固定资产投资"),
			     .verb = STR_LIT("增长"),
			     .has_value = true,
			     .value = 100,
			     .unit = STR_LIT("亿元") };
	PGTEST_OK(store_target_add(f->s, ACTOR, &t, &e_));
	l->target = t.id;
	store_project_t pr = { .plan_id = p.id,
			       .name = STR_LIT("物流园"),
			       .owner_unit_id = l->county,
			       .plan_invest = 10 };
	PGTEST_OK(store_project_add(f->s, ACTOR, &pr, &e_));
	l->project = pr.id;
	store_report_t r1 = { .unit_id = l->dept,
			      .item_kind = STR_LIT("target"),
			      .item_id = t.id,
			      .period = STR_LIT("2024-03"),
			      .has_value = true,
			      .actual_value = 5 };
	PGTEST_OK(store_report_put(f->s, ACTOR, &r1, true, &e_));
	store_report_t r2 = { .unit_id = l->county,
			      .item_kind = STR_LIT("project"),
			      .item_id = pr.id,
			      .period = STR_LIT("2024-03"),
			      .has_value = true,
			      .actual_value = 2.5 };
	PGTEST_OK(store_report_put(f->s, ACTOR, &r2, true, &e_));
}

/* Judged on 10 April (March due on 5 April). */
static void test_picture_items(void **state)
{
	pgtest_fx_t *f = *state;
	err_t e;
	ledger_t l;
	store_picture_query_t q = { 0 };
	store_picture_t pic;
	store_picture_item_t *it = NULL;
	size_t n = 0;
	store_missing_t *m = NULL;
	size_t nm = 0;

	ledger_build(f, &l);
	PGTEST_OK(date_from_ymd(2024, 4, 10, &q.as_of, &e_));
	PGTEST_OK(store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e_));
	assert_true(pic.has_due);
	assert_string_equal(pic.due_text, "2024-03");
	assert_int_equal(n, 2); /* the task has a target: no item of its own */
	assert_string_equal(it[0].kind, "target");
	assert_string_equal(it[0].title.ptr, "固定资产投资 增长");
	assert_int_equal(it[0].unit_id, l.dept);
	assert_true(it[0].has_actual);
	assert_true(it[0].actual_pct > 4.99 && it[0].actual_pct < 5.01);
	assert_true(it[0].reported);
	/* 101 of 366 days: 27.6% expected, 5% actual, 22.6 points behind: lagging, yellow */
	assert_true(it[0].expected_pct > 27.5 && it[0].expected_pct < 27.7);
	assert_int_equal(it[0].st.code, STATUS_LAGGING);
	assert_int_equal(it[0].st.warn, STATUS_WARN_YELLOW);
	assert_string_equal(it[1].kind, "project");
	assert_true(it[1].actual_pct > 24.99 && it[1].actual_pct < 25.01);
	assert_int_equal(it[1].st.code, STATUS_NORMAL);
	assert_ptr_equal(store_picture_find(it, n, "project", l.project), &it[1]);
	assert_null(store_picture_find(it, n, "node", l.node));
	/* the task was not reported on */
	PGTEST_OK(store_picture_missing(f->s, f->a, &pic, 0, &m, &nm, &e_));
	assert_int_equal(nm, 1);
	assert_int_equal(m[0].unit_id, l.dept);

	/* only the county's items */
	q.unit_id = l.county;
	PGTEST_OK(store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e_));
	assert_int_equal(n, 1);
	assert_string_equal(it[0].kind, "project");
	PGTEST_OK(store_picture_missing(f->s, f->a, &pic, l.county, &m, &nm, &e_));
	assert_int_equal(nm, 0);
	/* an unknown plan or unit is named */
	q.unit_id = 0;
	q.plan_id = 999;
	PGTEST_FAILS(ERR_INVALID, store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e));
	assert_string_equal(e.field, "plan");
	q.plan_id = 0;
	q.unit_id = 999;
	PGTEST_FAILS(ERR_INVALID, store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e));
	assert_string_equal(e.field, "unit");
	q.unit_id = 0;
	/* in May with no April report, both are not reported (yellow) */
	PGTEST_OK(date_from_ymd(2024, 5, 6, &q.as_of, &e_));
	PGTEST_OK(store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e_));
	assert_int_equal(it[0].st.code, STATUS_NOT_REPORTED);
	assert_int_equal(it[1].st.code, STATUS_NOT_REPORTED);
	/* after the year, unfinished items are overdue */
	PGTEST_OK(date_from_ymd(2025, 1, 2, &q.as_of, &e_));
	PGTEST_OK(store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e_));
	assert_int_equal(it[0].st.code, STATUS_OVERDUE);
	assert_int_equal(it[0].st.warn, STATUS_WARN_RED);
	/* a plan stored without a year is judged in the year of the day */
	store_plan_t p0 = { .title = STR_LIT("无年度"), .year = 0 };
	PGTEST_OK(store_plan_add(f->s, ACTOR, &p0, &e_));
	PGTEST_OK(store_plan_set_state(f->s, ACTOR, p0.id, STR_LIT("active"), &e_));
	pgtest_add_node(f->s, p0.id, 0, 1, "无年度任务", l.county);
	q.plan_id = p0.id;
	PGTEST_OK(store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e_));
	assert_int_equal(pic.plans[0].year, 2025);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].kind, "node");
	assert_string_equal(it[0].st.reason, "尚无填报");
}

/* A report for a later period: judged on an earlier day, the picture reads the item's
 * history (the March report, not the May one); the due month's report decides
 * "reported" even when a later month was filed too. */
static void test_picture_history(void **state)
{
	pgtest_fx_t *f = *state;
	ledger_t l;
	store_picture_query_t q = { 0 };
	store_picture_t pic;
	store_picture_item_t *it = NULL;
	size_t n = 0;

	ledger_build(f, &l);
	store_report_t r = { .unit_id = l.dept,
			     .item_kind = STR_LIT("target"),
			     .item_id = l.target,
			     .period = STR_LIT("2024-05"),
			     .has_value = true,
			     .actual_value = 60 };
	PGTEST_OK(store_report_put(f->s, ACTOR, &r, true, &e_));
	PGTEST_OK(date_from_ymd(2024, 4, 10, &q.as_of, &e_));
	PGTEST_OK(store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e_));
	assert_int_equal(n, 2);
	assert_string_equal(it[0].kind, "target");
	assert_true(it[0].actual_pct > 4.99 && it[0].actual_pct < 5.01);
	assert_string_equal(it[0].last_period.ptr, "2024-03");
	assert_true(it[0].reported);
	/* on 6 June May is due and reported: May is the latest */
	PGTEST_OK(date_from_ymd(2024, 6, 6, &q.as_of, &e_));
	PGTEST_OK(store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e_));
	assert_string_equal(pic.due_text, "2024-05");
	assert_true(it[0].reported);
	assert_true(it[0].actual_pct > 59.9 && it[0].actual_pct < 60.1);
	assert_false(it[1].reported);
}

/* A latest counted report at stage 竣工 / 投产 makes its item done whatever its value (the
 * stage read from report_latest); from the history too; a returned one does not count. */
static void test_picture_report_stage(void **state)
{
	pgtest_fx_t *f = *state;
	ledger_t l;
	store_picture_query_t q = { 0 };
	store_picture_t pic;
	store_picture_item_t *it = NULL;
	size_t n = 0;

	ledger_build(f, &l);
	PGTEST_OK(date_from_ymd(2024, 5, 6, &q.as_of, &e_));
	store_report_t r = { .unit_id = l.county,
			     .item_kind = STR_LIT("project"),
			     .item_id = l.project,
			     .period = STR_LIT("2024-04"),
			     .has_value = true,
			     .actual_value = 3,
			     .stage = STR_LIT("竣工") };
	PGTEST_OK(store_report_put(f->s, ACTOR, &r, true, &e_));
	store_report_t t = { .unit_id = l.dept,
			     .item_kind = STR_LIT("target"),
			     .item_id = l.target,
			     .period = STR_LIT("2024-04"),
			     .has_value = true,
			     .actual_value = 6,
			     .stage = STR_LIT("在建") };
	PGTEST_OK(store_report_put(f->s, ACTOR, &t, true, &e_));
	PGTEST_OK(store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e_));
	assert_int_equal(n, 2);
	assert_string_equal(it[1].kind, "project");
	assert_int_equal(it[1].st.code, STATUS_DONE); /* 30 % invested, but 竣工 */
	assert_int_not_equal(it[0].st.code, STATUS_DONE);
	/* judged from the history: a May report (still 在建) is later than the day */
	store_report_t m = r;
	m.period = STR_LIT("2024-05");
	m.stage = STR_LIT("在建");
	PGTEST_OK(store_report_put(f->s, ACTOR, &m, true, &e_));
	PGTEST_OK(date_from_ymd(2024, 4, 30, &q.as_of, &e_));
	PGTEST_OK(store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e_));
	assert_int_equal(it[1].st.code, STATUS_DONE); /* on 30 April, April is the latest */
	PGTEST_OK(date_from_ymd(2024, 6, 6, &q.as_of, &e_));
	PGTEST_OK(store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e_));
	assert_int_not_equal(it[1].st.code, STATUS_DONE); /* May says 在建 */
	/* 投产 in a returned report does not count; accepted, it does */
	store_report_t j = m;
	j.period = STR_LIT("2024-06");
	j.stage = STR_LIT("投产");
	PGTEST_OK(store_report_put(f->s, ACTOR, &j, true, &e_));
	PGTEST_OK(store_report_review(f->s, ACTOR, j.id, false, STR_LIT("缺少佐证"), &e_));
	PGTEST_OK(date_from_ymd(2024, 7, 6, &q.as_of, &e_));
	PGTEST_OK(store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e_));
	assert_int_not_equal(it[1].st.code, STATUS_DONE);
	PGTEST_OK(store_report_put(f->s, ACTOR, &j, true, &e_));
	PGTEST_OK(store_report_review(f->s, ACTOR, j.id, true, STR_LIT("同意"), &e_));
	PGTEST_OK(store_picture_items(f->s, f->a, &q, &pic, &it, &n, &e_));
	assert_int_equal(it[1].st.code, STATUS_DONE);
}

/* Ranking inputs: duties (the task and the project), on time, items on schedule and
 * investment per unit; ranked with the default weights. */
static void test_picture_rank(void **state)
{
	pgtest_fx_t *f = *state;
	ledger_t l;
	store_picture_query_t q = { 0 };
	store_picture_t pic;
	rank_input_t *in = NULL;
	rank_row_t *rows = NULL;
	size_t n = 0;

	ledger_build(f, &l);
	PGTEST_OK(date_from_ymd(2024, 4, 5, &q.as_of, &e_));
	PGTEST_OK(store_picture_rank_inputs(f->s, f->a, &q, &pic, NULL, NULL, &in, &n, &e_));
	assert_int_equal(n, 2);
	assert_int_equal(in[0].unit, l.dept);
	assert_int_equal(in[0].reports_due, 1); /* the task */
	assert_int_equal(in[0].reports_on_time, 0);
	assert_int_equal(in[0].items, 1); /* the target */
	assert_int_equal(in[1].unit, l.county);
	assert_int_equal(in[1].reports_due, 1);
	assert_int_equal(in[1].reports_on_time, 0); /* submitted today, long after 5 April */
	assert_true(in[1].invest_planned > 9.99 && in[1].invest_completed > 2.49);
	PGTEST_OK(store_picture_rank(f->a, NULL, in, n, &rows, &e_));
	assert_int_equal(rows[0].unit, l.county);
	assert_int_equal(rows[0].rank, 1);
	assert_true(rows[0].has[RANK_INVEST] && rows[0].has[RANK_SCHEDULE]);
	/* scoped to the department */
	q.unit_id = l.dept;
	PGTEST_OK(store_picture_rank_inputs(f->s, f->a, &q, &pic, NULL, NULL, &in, &n, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(in[0].unit, l.dept);
	/* a report for this month, judged on its due day (the 5th of next month): on time */
	time_t now = time(NULL);
	struct tm tm;
	char month[16];
	gmtime_r(&now, &tm);
	period_t cur = { PERIOD_MONTH, tm.tm_year + 1900, tm.tm_mon + 1 };
	PGTEST_OK(period_format(cur, month, sizeof month));
	store_report_t r = { .unit_id = l.county,
			     .item_kind = STR_LIT("project"),
			     .item_id = l.project,
			     .period = str_from_cstr(month),
			     .has_value = true,
			     .actual_value = 4 };
	PGTEST_OK(store_report_put(f->s, ACTOR, &r, true, &e_));
	q.unit_id = l.county;
	q.as_of = period_end(cur) + PERIOD_WINDOW_CLOSE_DEFAULT;
	PGTEST_OK(store_picture_rank_inputs(f->s, f->a, &q, &pic, NULL, NULL, &in, &n, &e_));
	assert_string_equal(pic.due_text, month);
	assert_int_equal(n, 1);
	assert_int_equal(in[0].reports_on_time, 1);
	assert_true(in[0].invest_completed > 3.99 && in[0].invest_completed < 4.01);
	/* stages that finish */
	assert_true(store_picture_stage_done(STR_LIT("竣工")));
	assert_false(store_picture_stage_done(STR_LIT("在建")));
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_picture_items),
	cmocka_unit_test(test_picture_history),
	cmocka_unit_test(test_picture_report_stage),
	cmocka_unit_test(test_picture_rank),
};
#define N_TESTS (sizeof(tests) / sizeof(tests[0]))

int main(void)
{
	struct CMUnitTest on_sqlite[N_TESTS], on_pg[N_TESTS];
	for (size_t i = 0; i < N_TESTS; i++) {
		on_sqlite[i] = (struct CMUnitTest){ tests[i].name, tests[i].test_func,
						    pgtest_setup_sqlite, pgtest_teardown, NULL };
		on_pg[i] = (struct CMUnitTest){ tests[i].name, tests[i].test_func, pgtest_setup_pg,
						pgtest_teardown, NULL };
	}
	int failed = cmocka_run_group_tests_name("picture on sqlite", on_sqlite, NULL, NULL);
	if (pgtest_url() != NULL)
		failed += cmocka_run_group_tests_name("picture on postgres", on_pg, NULL, NULL);
	else
		printf("[  SKIPPED ] postgres (DUBAN_TEST_PG_URL not set)\n");
	return failed != 0;
}
