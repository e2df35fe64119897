/* test_status.c — status rules and thresholds, warnings, labels, roll-up. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/mem.h"
#include "model/status.h"

#include <math.h>
#include <string.h>

#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-6)

static status_input_t reported(double actual, double expected)
{
	status_input_t in;

	memset(&in, 0, sizeof in);
	in.reported = true;
	in.actual_pct = actual;
	in.expected_pct = expected;
	in.has_deadline = true;
	in.deadline = 1000;
	in.today = 500;
	return in;
}

static status_code_t eval(const status_cfg_t *cfg, status_input_t in)
{
	status_result_t r;

	assert_int_equal(status_eval(cfg, &in, &r, NULL), 0);
	assert_int_equal(r.warn, status_warn_of(r.code));
	return r.code;
}

static void test_thresholds(void **state)
{
	status_cfg_t cfg;
	status_result_t r;
	status_input_t in;
	(void)state;
	status_cfg_default(&cfg);
	assert_near(cfg.lag_points, 10);
	assert_near(cfg.serious_points, 25);
	assert_int_equal(eval(&cfg, reported(50, 50)), STATUS_NORMAL);
	assert_int_equal(eval(&cfg, reported(60, 50)), STATUS_NORMAL);
	/* Exactly 10 points behind is still normal; lag needs actual < expected - 10. */
	assert_int_equal(eval(&cfg, reported(40, 50)), STATUS_NORMAL);
	assert_int_equal(eval(&cfg, reported(39.9, 50)), STATUS_LAGGING);
	assert_int_equal(eval(&cfg, reported(25, 50)), STATUS_LAGGING);
	assert_int_equal(eval(&cfg, reported(24.9, 50)), STATUS_SERIOUS);
	assert_int_equal(eval(&cfg, reported(100, 50)), STATUS_DONE);
	assert_int_equal(eval(&cfg, reported(-5, 0)), STATUS_NORMAL);
	in = reported(30, 50);
	assert_int_equal(status_eval(&cfg, &in, &r, NULL), 0);
	assert_int_equal(r.code, STATUS_LAGGING);
	assert_int_equal(r.warn, STATUS_WARN_YELLOW);
	assert_near(r.gap_points, 20);
	assert_non_null(strstr(r.reason, "落后 20.0 个百分点"));
	cfg.lag_points = 5;
	cfg.serious_points = 15;
	assert_int_equal(eval(&cfg, reported(44, 50)), STATUS_LAGGING);
	assert_int_equal(eval(&cfg, reported(34, 50)), STATUS_SERIOUS);
	cfg.done_pct = 95;
	assert_int_equal(eval(&cfg, reported(95, 100)), STATUS_DONE);
}

static void test_done_overdue_not_reported(void **state)
{
	status_cfg_t cfg;
	status_result_t r;
	status_input_t in;
	(void)state;
	status_cfg_default(&cfg);
	in = reported(80, 100);
	in.today = 1001;
	assert_int_equal(status_eval(&cfg, &in, &r, NULL), 0);
	assert_int_equal(r.code, STATUS_OVERDUE);
	assert_int_equal(r.warn, STATUS_WARN_RED);
	assert_non_null(strstr(r.reason, "逾期 1 天"));
	in.today = 1000;
	assert_int_equal(eval(&cfg, in), STATUS_LAGGING); /* the deadline day itself */
	cfg.overdue_grace_days = 3;
	in.today = 1003;
	assert_int_equal(eval(&cfg, in), STATUS_LAGGING);
	in.today = 1004;
	assert_int_equal(eval(&cfg, in), STATUS_OVERDUE);
	/* Done wins over overdue; completed wins over everything. */
	in.actual_pct = 100;
	assert_int_equal(eval(&cfg, in), STATUS_DONE);
	in = reported(0, 90);
	in.completed = true;
	in.reported = false;
	in.today = 5000;
	assert_int_equal(status_eval(&cfg, &in, &r, NULL), 0);
	assert_int_equal(r.code, STATUS_DONE);
	assert_string_equal(r.reason, "已标记完成");
	/* Not reported, before the deadline. */
	in = reported(NAN, 50);
	in.reported = false;
	assert_int_equal(status_eval(&cfg, &in, &r, NULL), 0);
	assert_int_equal(r.code, STATUS_NOT_REPORTED);
	assert_int_equal(r.warn, STATUS_WARN_YELLOW);
	assert_near(r.gap_points, 0);
	/* Not reported and past the deadline: overdue. */
	in.today = 2000;
	assert_int_equal(eval(&cfg, in), STATUS_OVERDUE);
	/* No deadline: never overdue. */
	in = reported(0, 10);
	in.has_deadline = false;
	in.today = 99999;
	assert_int_equal(eval(&cfg, in), STATUS_NORMAL);
}

static void test_bad_input(void **state)
{
	status_cfg_t cfg;
	status_result_t r;
	status_input_t in = reported(NAN, 50);
	err_t e;
	(void)state;
	status_cfg_default(&cfg);
	assert_int_equal(status_eval(&cfg, &in, &r, &e), ERR_INVALID);
	in = reported(50, 50);
	cfg.serious_points = 5;
	assert_int_equal(status_eval(&cfg, &in, &r, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "预警阈值"));
	status_cfg_default(&cfg);
	cfg.lag_points = -1;
	assert_int_equal(status_cfg_validate(&cfg, NULL), ERR_INVALID);
	status_cfg_default(&cfg);
	cfg.done_pct = 0;
	assert_int_equal(status_cfg_validate(&cfg, NULL), ERR_INVALID);
	status_cfg_default(&cfg);
	cfg.overdue_grace_days = -2;
	assert_int_equal(status_cfg_validate(&cfg, NULL), ERR_INVALID);
	status_cfg_default(&cfg);
	cfg.lag_points = NAN;
	assert_int_equal(status_cfg_validate(&cfg, NULL), ERR_INVALID);
	status_cfg_default(&cfg);
	assert_int_equal(status_cfg_validate(&cfg, NULL), 0);
}

static void test_labels(void **state)
{
	status_code_t c;
	static const char *const zh[] = { "已完成", "正常", "滞后", "未填报", "严重滞后", "逾期" };
	(void)state;
	for (int i = 0; i < STATUS_COUNT; i++) {
		assert_string_equal(status_label((status_code_t)i, "zh-CN"), zh[i]);
		assert_int_equal(
			status_parse(str_from_cstr(status_name((status_code_t)i)), &c, NULL), 0);
		assert_int_equal(c, i);
		assert_int_equal(status_severity((status_code_t)i), i);
	}
	assert_string_equal(status_name(STATUS_SERIOUS), "seriously_lagging");
	assert_string_equal(status_label(STATUS_SERIOUS, "en"), "Seriously lagging");
	assert_string_equal(status_label((status_code_t)42, "en"), "?");
	assert_string_equal(status_name((status_code_t)42), "unknown");
	assert_int_equal(status_severity((status_code_t)42), -1);
	assert_int_equal(status_parse(STR_LIT("late"), &c, NULL), ERR_INVALID);
	assert_string_equal(status_warn_name(STATUS_WARN_RED), "red");
	assert_string_equal(status_warn_label(STATUS_WARN_YELLOW, NULL), "黄色预警");
	assert_string_equal(status_warn_label(STATUS_WARN_NONE, "en"), "None");
	assert_int_equal(status_warn_of(STATUS_DONE), STATUS_WARN_NONE);
	assert_int_equal(status_warn_of(STATUS_NORMAL), STATUS_WARN_NONE);
	assert_int_equal(status_warn_of(STATUS_NOT_REPORTED), STATUS_WARN_YELLOW);
	assert_int_equal(status_warn_of(STATUS_OVERDUE), STATUS_WARN_RED);
}

static void test_rollup_progress(void **state)
{
	status_child_t c[3];
	double p = 0;
	err_t e;
	(void)state;
	/* All weighted. */
	c[0] = (status_child_t){ 2, 50, true };
	c[1] = (status_child_t){ 1, 80, true };
	c[2] = (status_child_t){ 1, 100, true };
	assert_int_equal(status_rollup_progress(c, 3, &p, NULL), 0);
	assert_near(p, 70);
	/* No weights: equal. */
	c[0].weight = 0;
	c[1].weight = NAN;
	c[2].weight = 0;
	assert_int_equal(status_rollup_progress(c, 3, &p, NULL), 0);
	assert_near(p, (50 + 80 + 100) / 3.0);
	/* Mixed: the missing weight is the mean of the given ones (3). */
	c[0].weight = 4;
	c[1].weight = 2;
	c[2].weight = 0;
	assert_int_equal(status_rollup_progress(c, 3, &p, NULL), 0);
	assert_near(p, (4 * 50 + 2 * 80 + 3 * 100) / 9.0);
	/* Clamped to [0, 100]; not reported counts as 0. */
	c[0] = (status_child_t){ 1, 150, true };
	c[1] = (status_child_t){ 1, -20, true };
	c[2] = (status_child_t){ 1, 90, false };
	assert_int_equal(status_rollup_progress(c, 3, &p, NULL), 0);
	assert_near(p, 100 / 3.0);
	assert_int_equal(status_rollup_progress(c, 0, &p, &e), ERR_INVALID);
	c[1].weight = -1;
	assert_int_equal(status_rollup_progress(c, 3, &p, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "第 2 个"));
	c[1].weight = INFINITY;
	assert_int_equal(status_rollup_progress(c, 3, &p, &e), ERR_INVALID);
}

static void test_rollup_codes(void **state)
{
	status_code_t codes[] = { STATUS_DONE, STATUS_NORMAL, STATUS_LAGGING, STATUS_NORMAL };
	status_code_t all_done[] = { STATUS_DONE, STATUS_DONE };
	status_code_t bad[] = { STATUS_DONE, (status_code_t)17 };
	status_rollup_t r;
	(void)state;
	assert_int_equal(status_rollup_codes(codes, 4, &r, NULL), 0);
	assert_int_equal(r.worst, STATUS_LAGGING);
	assert_int_equal(r.count[STATUS_NORMAL], 2);
	assert_int_equal(r.count[STATUS_DONE], 1);
	assert_int_equal(r.total, 4);
	codes[3] = STATUS_OVERDUE;
	codes[1] = STATUS_NOT_REPORTED;
	assert_int_equal(status_rollup_codes(codes, 4, &r, NULL), 0);
	assert_int_equal(r.worst, STATUS_OVERDUE);
	assert_int_equal(status_rollup_codes(all_done, 2, &r, NULL), 0);
	assert_int_equal(r.worst, STATUS_DONE);
	assert_int_equal(status_rollup_codes(codes, 0, &r, NULL), ERR_INVALID);
	assert_int_equal(status_rollup_codes(bad, 2, &r, NULL), ERR_INVALID);
}

static void test_rollup_tree(void **state)
{
	/* 0 area { 1 task { 3 measure 60, 4 measure 100 (weight 3) }, 2 task 20 };
	 * 5 area with no children, not reported; 6 area { 7 task 40 }. */
	const int parent[] = { -1, 0, 0, 1, 1, -1, -1, 6 };
	const double weight[] = { 0, 1, 1, 1, 3, 0, 0, 0 };
	double pct[] = { 0, 0, 20, 60, 100, 0, 0, 40 };
	bool has[] = { false, false, true, true, true, false, false, true };
	double pct2[8];
	bool has2[8];
	const int bad_parent[] = { -1, 1 };
	const double bad_weight[] = { 0, -1 };
	err_t e;
	(void)state;
	memcpy(pct2, pct, sizeof pct);
	memcpy(has2, has, sizeof has);
	assert_int_equal(status_rollup_tree(parent, weight, pct, has, 8, NULL), 0);
	assert_true(has[1]);
	assert_near(pct[1], (60 + 3 * 100) / 4.0);
	assert_near(pct[0], (pct[1] + 20) / 2);
	assert_false(has[5]);
	assert_near(pct[6], 40);
	assert_near(pct[3], 60);
	/* Without weights every child counts the same. */
	assert_int_equal(status_rollup_tree(parent, NULL, pct2, has2, 8, NULL), 0);
	assert_near(pct2[1], 80);
	assert_near(pct2[0], 50);
	/* Same rule as status_rollup_progress for a mixed set of weights. */
	{
		const int p3[] = { -1, 0, 0, 0 };
		const double w3[] = { 0, 4, 2, 0 };
		double v3[] = { 0, 50, 80, 100 };
		bool h3[] = { false, true, true, true };
		status_child_t c[3] = { { 4, 50, true }, { 2, 80, true }, { 0, 100, true } };
		double expect = 0;

		assert_int_equal(status_rollup_progress(c, 3, &expect, NULL), 0);
		assert_int_equal(status_rollup_tree(p3, w3, v3, h3, 4, NULL), 0);
		assert_near(v3[0], expect);
	}
	assert_int_equal(status_rollup_tree(parent, weight, pct, has, 0, NULL), 0);
	assert_int_equal(status_rollup_tree(bad_parent, NULL, pct, has, 2, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "节点 1"));
	assert_int_equal(status_rollup_tree(parent, bad_weight, pct, has, 2, &e), ERR_INVALID);
	mem_fail_after(0);
	assert_int_equal(status_rollup_tree(parent, weight, pct, has, 8, &e), ERR_NOMEM);
	mem_fail_after(-1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_done_overdue_not_reported),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_rollup_progress),
		cmocka_unit_test(test_rollup_codes),
		cmocka_unit_test(test_rollup_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
