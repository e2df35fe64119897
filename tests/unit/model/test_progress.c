/* test_progress.c — expected progress (linear, milestones), actual progress share with
 * increasing and decreasing indicators, investment completion rates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/progress.h"

#include <math.h>
#include <string.h>

static date_t ymd(int y, int m, int d)
{
	date_t out = 0;

	assert_int_equal(date_from_ymd(y, m, d, &out, NULL), 0);
	return out;
}

#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-6)

static void test_expected_time(void **state)
{
	double p = -1;
	err_t e;
	date_t s = ymd(2023, 1, 1), dl = ymd(2023, 12, 31);
	(void)state;
	assert_int_equal(progress_expected_time(s, dl, ymd(2022, 12, 31), &p, NULL), 0);
	assert_near(p, 0);
	assert_int_equal(progress_expected_time(s, dl, s, &p, NULL), 0);
	assert_near(p, 100.0 / 365);
	/* End of June in a 365-day year: 181 days done. */
	assert_int_equal(progress_expected_time(s, dl, ymd(2023, 6, 30), &p, NULL), 0);
	assert_near(p, 100.0 * 181 / 365);
	assert_int_equal(progress_expected_time(s, dl, dl, &p, NULL), 0);
	assert_near(p, 100);
	assert_int_equal(progress_expected_time(s, dl, dl + 40, &p, NULL), 0);
	assert_near(p, 100);
	/* Zero span: a one-day task is 0 before and 100 on its day. */
	assert_int_equal(progress_expected_time(s, s, s - 1, &p, NULL), 0);
	assert_near(p, 0);
	assert_int_equal(progress_expected_time(s, s, s, &p, NULL), 0);
	assert_near(p, 100);
	assert_int_equal(progress_expected_time(dl, s, s, &p, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "截止日期"));
}

static void test_expected_linear(void **state)
{
	double v = 0;
	date_t s = ymd(2024, 1, 1), dl = ymd(2024, 12, 31);
	(void)state;
	/* PM2.5 from 50 down to 40 over 2024: half way by 1 July (183 of 366 days). */
	assert_int_equal(progress_expected_linear(50, 40, s, dl, ymd(2024, 7, 1), &v, NULL), 0);
	assert_near(v, 45);
	assert_int_equal(progress_expected_linear(0, 62, s, dl, dl, &v, NULL), 0);
	assert_near(v, 62);
	assert_int_equal(progress_expected_linear(NAN, 62, s, dl, dl, &v, NULL), ERR_INVALID);
	assert_int_equal(progress_expected_linear(0, INFINITY, s, dl, dl, &v, NULL), ERR_INVALID);
	assert_int_equal(progress_expected_linear(0, 1, dl, s, dl, &v, NULL), ERR_INVALID);
}

static void test_milestones(void **state)
{
	/* Quarterly cumulative values of 62亿 planned investment. */
	progress_milestone_t m[4];
	double v = 0;
	date_t s = ymd(2024, 1, 1);
	err_t e;
	(void)state;
	m[0] = (progress_milestone_t){ ymd(2024, 3, 31), 10 };
	m[1] = (progress_milestone_t){ ymd(2024, 6, 30), 30 };
	m[2] = (progress_milestone_t){ ymd(2024, 9, 30), 45 };
	m[3] = (progress_milestone_t){ ymd(2024, 12, 31), 62 };
	assert_int_equal(
		progress_expected_milestones(m, 4, 0, s, PROGRESS_STEP, ymd(2024, 3, 30), &v, NULL),
		0);
	assert_near(v, 0);
	assert_int_equal(
		progress_expected_milestones(m, 4, 0, s, PROGRESS_STEP, ymd(2024, 3, 31), &v, NULL),
		0);
	assert_near(v, 10);
	assert_int_equal(
		progress_expected_milestones(m, 4, 0, s, PROGRESS_STEP, ymd(2024, 8, 15), &v, NULL),
		0);
	assert_near(v, 30);
	assert_int_equal(
		progress_expected_milestones(m, 4, 0, s, PROGRESS_STEP, ymd(2025, 2, 1), &v, NULL),
		0);
	assert_near(v, 62);
	/* Interpolated: from (31 Dec 2023, 0) to (31 Mar, 10) over 91 days. */
	assert_int_equal(progress_expected_milestones(m, 4, 0, s, PROGRESS_INTERP, ymd(2024, 1, 1),
						      &v, NULL),
			 0);
	assert_near(v, 10.0 / 91);
	assert_int_equal(progress_expected_milestones(m, 4, 0, s, PROGRESS_INTERP, ymd(2024, 3, 31),
						      &v, NULL),
			 0);
	assert_near(v, 10);
	assert_int_equal(progress_expected_milestones(m, 4, 0, s, PROGRESS_INTERP, ymd(2024, 5, 15),
						      &v, NULL),
			 0);
	assert_near(v, 10 + 20.0 * 45 / 91);
	assert_int_equal(progress_expected_milestones(m, 4, 5, s, PROGRESS_INTERP, ymd(2023, 6, 1),
						      &v, NULL),
			 0);
	assert_near(v, 5);
	/* Failures: none, unsorted, before start, bad mode, NaN. */
	assert_int_equal(progress_expected_milestones(m, 0, 0, s, PROGRESS_STEP, s, &v, &e),
			 ERR_INVALID);
	assert_int_equal(
		progress_expected_milestones(m, 4, 0, ymd(2024, 4, 1), PROGRESS_STEP, s, &v, &e),
		ERR_INVALID);
	assert_non_null(strstr(e.msg, "早于开始日期"));
	m[2].date = m[1].date;
	assert_int_equal(progress_expected_milestones(m, 4, 0, s, PROGRESS_STEP, s, &v, &e),
			 ERR_INVALID);
	assert_non_null(strstr(e.msg, "第 3 个"));
	m[2].date = ymd(2024, 9, 30);
	assert_int_equal(progress_expected_milestones(m, 4, 0, s, (progress_mode_t)5, s, &v, &e),
			 ERR_INVALID);
	m[3].value = NAN;
	assert_int_equal(progress_expected_milestones(m, 4, 0, s, PROGRESS_STEP, s, &v, &e),
			 ERR_INVALID);
}

static void test_milestones_from_periods(void **state)
{
	period_t p[2] = { { PERIOD_QUARTER, 2024, 1 }, { PERIOD_MONTH, 2024, 6 } };
	double v[2] = { 10, 30 };
	progress_milestone_t m[2];
	double out = 0;
	err_t e;
	(void)state;
	assert_int_equal(progress_milestones_from_periods(p, v, 2, m, NULL), 0);
	assert_int_equal(m[0].date, ymd(2024, 3, 31));
	assert_int_equal(m[1].date, ymd(2024, 6, 30));
	assert_int_equal(progress_expected_milestones(m, 2, 0, ymd(2024, 1, 1), PROGRESS_STEP,
						      ymd(2024, 5, 1), &out, NULL),
			 0);
	assert_true(fabs(out - 10) < 1e-9);
	v[1] = NAN;
	assert_int_equal(progress_milestones_from_periods(p, v, 2, m, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "第 2 个"));
	v[1] = 30;
	p[0].index = 5;
	assert_int_equal(progress_milestones_from_periods(p, v, 2, m, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "周期"));
}

static void test_share(void **state)
{
	double p = 0;
	err_t e;
	(void)state;
	assert_int_equal(progress_share(0, 62, 34.2, PROGRESS_AUTO, &p, NULL), 0);
	assert_near(p, 100 * 34.2 / 62);
	assert_int_equal(progress_share(100, 200, 250, PROGRESS_UP, &p, NULL), 0);
	assert_near(p, 150);
	assert_int_equal(progress_share(100, 200, 90, PROGRESS_UP, &p, NULL), 0);
	assert_near(p, -10);
	/* Poverty incidence 32% → 18.5%: at 25.25% half of the way is done. */
	assert_int_equal(progress_share(32, 18.5, 25.25, PROGRESS_DOWN, &p, NULL), 0);
	assert_near(p, 50);
	assert_int_equal(progress_share(32, 18.5, 25.25, PROGRESS_AUTO, &p, NULL), 0);
	assert_near(p, 50);
	assert_int_equal(progress_share(32, 18.5, 35, PROGRESS_DOWN, &p, NULL), 0);
	assert_true(p < 0);
	/* Zero span: keep at the level. */
	assert_int_equal(progress_share(95, 95, 96, PROGRESS_UP, &p, NULL), 0);
	assert_near(p, 100);
	assert_int_equal(progress_share(95, 95, 94, PROGRESS_UP, &p, NULL), 0);
	assert_near(p, 0);
	assert_int_equal(progress_share(35, 35, 34, PROGRESS_DOWN, &p, NULL), 0);
	assert_near(p, 100);
	assert_int_equal(progress_share(35, 35, 36, PROGRESS_DOWN, &p, NULL), 0);
	assert_near(p, 0);
	assert_int_equal(progress_share(35, 35, 36, PROGRESS_AUTO, &p, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "方向"));
	/* A direction that contradicts the numbers. */
	assert_int_equal(progress_share(32, 18.5, 20, PROGRESS_UP, &p, &e), ERR_INVALID);
	assert_int_equal(progress_share(1, 2, 1.5, PROGRESS_DOWN, &p, &e), ERR_INVALID);
	assert_int_equal(progress_share(1, 2, NAN, PROGRESS_UP, &p, &e), ERR_INVALID);
	assert_int_equal(progress_share(1, 2, 1, (progress_dir_t)7, &p, &e), ERR_INVALID);
}

static void test_invest(void **state)
{
	double p = 0;
	progress_milestone_t plan[3];
	err_t e;
	(void)state;
	/* 626 key projects: 1234.3亿 invested, 122.8% of plan. */
	assert_int_equal(progress_invest_rate(1234.3, 1005.1, &p, NULL), 0);
	assert_true(fabs(p - 122.8) < 0.05);
	assert_int_equal(progress_invest_rate(34.2, 62, &p, NULL), 0);
	assert_near(p, 100 * 34.2 / 62);
	assert_int_equal(progress_invest_rate(0, 62, &p, NULL), 0);
	assert_near(p, 0);
	assert_int_equal(progress_invest_rate(1, 0, &p, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "计划投资"));
	assert_int_equal(progress_invest_rate(-1, 10, &p, &e), ERR_INVALID);
	assert_int_equal(progress_invest_rate(1, NAN, &p, &e), ERR_INVALID);
	plan[0] = (progress_milestone_t){ ymd(2024, 3, 31), 0 };
	plan[1] = (progress_milestone_t){ ymd(2024, 6, 30), 20 };
	plan[2] = (progress_milestone_t){ ymd(2024, 12, 31), 62 };
	assert_int_equal(progress_invest_phased(plan, 3, 15, ymd(2024, 7, 10), &p, NULL), 0);
	assert_near(p, 75);
	assert_int_equal(progress_invest_phased(plan, 3, 62, ymd(2025, 1, 10), &p, NULL), 0);
	assert_near(p, 100);
	assert_int_equal(progress_invest_phased(plan, 3, 5, ymd(2024, 4, 10), &p, &e),
			 ERR_NOTFOUND);
	assert_int_equal(progress_invest_phased(plan, 0, 5, ymd(2024, 4, 10), &p, &e), ERR_INVALID);
	assert_int_equal(progress_invest_phased(plan, 3, -5, ymd(2024, 8, 10), &p, &e),
			 ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expected_time),
		cmocka_unit_test(test_expected_linear),
		cmocka_unit_test(test_milestones),
		cmocka_unit_test(test_share),
		cmocka_unit_test(test_milestones_from_periods),
		cmocka_unit_test(test_invest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
