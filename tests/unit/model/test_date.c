/* test_date.c — civil dates, parsing and formatting, periods and reporting windows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/date.h"

#include <string.h>

static date_t ymd(int y, int m, int d)
{
	date_t out = 0;

	assert_int_equal(date_from_ymd(y, m, d, &out, NULL), 0);
	return out;
}

static void test_epoch_and_round_trip(void **state)
{
	int y, m, d;
	char buf[DATE_STR_SIZE];
	(void)state;
	assert_int_equal(ymd(1970, 1, 1), 0);
	assert_int_equal(ymd(1970, 1, 2), 1);
	assert_int_equal(ymd(1969, 12, 31), -1);
	assert_int_equal(ymd(2000, 3, 1) - ymd(2000, 2, 28), 2);
	assert_int_equal(ymd(1900, 3, 1) - ymd(1900, 2, 28), 1);
	assert_int_equal(ymd(2024, 12, 31) - ymd(2024, 1, 1), 365);
	/* Every day from year 1 to 9999 maps back to itself. */
	for (date_t t = ymd(1, 1, 1); t <= ymd(9999, 12, 31); t += 97) {
		date_to_ymd(t, &y, &m, &d);
		assert_int_equal(ymd(y, m, d), t);
	}
	assert_string_equal(date_format(ymd(2024, 2, 29), buf), "2024-02-29");
	assert_string_equal(date_format(ymd(1, 1, 1), buf), "0001-01-01");
	assert_string_equal(date_format(ymd(9999, 12, 31), buf), "9999-12-31");
	assert_string_equal(date_format(ymd(1, 1, 1) - 400, buf), "0000-00-00");
	assert_int_equal(date_weekday(ymd(2024, 3, 4)), 1); /* a Monday */
	assert_int_equal(date_weekday(ymd(1970, 1, 1)), 4);
	assert_int_equal(date_weekday(ymd(1969, 12, 28)), 7);
}

static void test_leap_and_validity(void **state)
{
	(void)state;
	assert_true(date_is_leap(2024));
	assert_true(date_is_leap(2000));
	assert_false(date_is_leap(1900));
	assert_false(date_is_leap(2023));
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2024, 13), 0);
	assert_true(date_valid_ymd(2024, 2, 29));
	assert_false(date_valid_ymd(2023, 2, 29));
	assert_false(date_valid_ymd(0, 1, 1));
	assert_false(date_valid_ymd(10000, 1, 1));
	assert_false(date_valid_ymd(2024, 4, 31));
}

static void test_parse(void **state)
{
	date_t d = 0;
	err_t e;
	(void)state;
	assert_int_equal(date_parse(STR_LIT(" 2024-03-31 "), &d, NULL), 0);
	assert_int_equal(d, ymd(2024, 3, 31));
	assert_int_equal(date_parse(STR_LIT("2023-02-29"), &d, &e), ERR_INVALID);
	assert_string_equal(e.field, "day");
	assert_non_null(strstr(e.msg, "2023年2月没有29日"));
	assert_int_equal(date_parse(STR_LIT("2024-13-01"), &d, &e), ERR_INVALID);
	assert_string_equal(e.field, "month");
	assert_int_equal(date_parse(STR_LIT("2024-3-1"), &d, &e), ERR_INVALID);
	assert_int_equal(date_parse(STR_LIT("2024/03/01"), &d, &e), ERR_INVALID);
	assert_int_equal(date_parse(STR_LIT("2024-0a-01"), &d, &e), ERR_INVALID);
	assert_int_equal(date_parse(STR_LIT("0000-01-01"), &d, &e), ERR_INVALID);
	assert_string_equal(e.field, "year");
	assert_int_equal(date_parse(STR_LIT(""), &d, &e), ERR_INVALID);
	assert_int_equal(date_parse(STR_NULL, &d, NULL), ERR_INVALID);
}

static void test_period_parse_format(void **state)
{
	period_t p;
	char buf[16];
	err_t e;
	(void)state;
	assert_int_equal(period_parse(STR_LIT("2024-03"), &p, NULL), 0);
	assert_int_equal(p.kind, PERIOD_MONTH);
	assert_int_equal(p.year, 2024);
	assert_int_equal(p.index, 3);
	assert_int_equal(period_format(p, buf, sizeof buf), 0);
	assert_string_equal(buf, "2024-03");
	assert_int_equal(period_parse(STR_LIT("2024-q4"), &p, NULL), 0);
	assert_int_equal(p.kind, PERIOD_QUARTER);
	assert_int_equal(p.index, 4);
	assert_int_equal(period_format(p, buf, sizeof buf), 0);
	assert_string_equal(buf, "2024-Q4");
	assert_int_equal(period_parse(STR_LIT("2025"), &p, NULL), 0);
	assert_int_equal(p.kind, PERIOD_YEAR);
	assert_int_equal(period_format(p, buf, sizeof buf), 0);
	assert_string_equal(buf, "2025");
	assert_int_equal(period_format(p, buf, 4), ERR_LIMIT);
	assert_int_equal(period_parse(STR_LIT("2024-Q5"), &p, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "2024-Q5"));
	assert_int_equal(period_parse(STR_LIT("2024-13"), &p, NULL), ERR_INVALID);
	assert_int_equal(period_parse(STR_LIT("2024-00"), &p, NULL), ERR_INVALID);
	assert_int_equal(period_parse(STR_LIT("2024-1"), &p, NULL), ERR_INVALID);
	assert_int_equal(period_parse(STR_LIT("2024Q1"), &p, NULL), ERR_INVALID);
	assert_int_equal(period_parse(STR_LIT("24"), &p, NULL), ERR_INVALID);
	assert_int_equal(period_parse(STR_LIT("2024-Q1x"), &p, NULL), ERR_INVALID);
	p.kind = PERIOD_MONTH;
	p.index = 0;
	assert_int_equal(period_format(p, buf, sizeof buf), ERR_INVALID);
}

static void test_period_bounds(void **state)
{
	period_t p = { PERIOD_MONTH, 2024, 2 };
	period_t q = { PERIOD_QUARTER, 2024, 1 };
	period_t y = { PERIOD_YEAR, 2024, 0 };
	(void)state;
	assert_int_equal(period_start(p), ymd(2024, 2, 1));
	assert_int_equal(period_end(p), ymd(2024, 2, 29));
	assert_int_equal(period_start(q), ymd(2024, 1, 1));
	assert_int_equal(period_end(q), ymd(2024, 3, 31));
	assert_int_equal(period_end((period_t){ PERIOD_QUARTER, 2024, 4 }), ymd(2024, 12, 31));
	assert_int_equal(period_start(y), ymd(2024, 1, 1));
	assert_int_equal(period_end(y), ymd(2024, 12, 31));
	q = period_of(PERIOD_QUARTER, ymd(2024, 7, 1));
	assert_int_equal(q.index, 3);
	q = period_of(PERIOD_QUARTER, ymd(2024, 6, 30));
	assert_int_equal(q.index, 2);
	p = period_next((period_t){ PERIOD_MONTH, 2024, 12 });
	assert_int_equal(p.year, 2025);
	assert_int_equal(p.index, 1);
	q = period_prev((period_t){ PERIOD_QUARTER, 2024, 1 });
	assert_int_equal(q.year, 2023);
	assert_int_equal(q.index, 4);
	y = period_next(y);
	assert_int_equal(y.year, 2025);
	assert_int_equal(y.index, 0);
	assert_false(period_valid(period_prev((period_t){ PERIOD_YEAR, 1, 0 })));
}

static void test_kind_names(void **state)
{
	period_kind_t k;
	(void)state;
	assert_string_equal(period_kind_name(PERIOD_QUARTER), "quarter");
	assert_int_equal(period_kind_parse(STR_LIT("month"), &k, NULL), 0);
	assert_int_equal(k, PERIOD_MONTH);
	assert_int_equal(period_kind_parse(STR_LIT("week"), &k, NULL), ERR_INVALID);
}

static void test_window(void **state)
{
	period_window_cfg_t cfg;
	date_t open, due;
	period_t p;
	err_t e;
	(void)state;
	period_window_cfg_default(&cfg);
	assert_int_equal(
		period_window(&cfg, (period_t){ PERIOD_MONTH, 2024, 3 }, &open, &due, NULL), 0);
	assert_int_equal(open, ymd(2024, 4, 1));
	assert_int_equal(due, ymd(2024, 4, 5));
	assert_int_equal(
		period_window(&cfg, (period_t){ PERIOD_QUARTER, 2024, 4 }, &open, &due, NULL), 0);
	assert_int_equal(due, ymd(2025, 1, 5));
	/* The report on March is due 5 April: on 5 April March is the last period due. */
	assert_int_equal(period_last_due(&cfg, PERIOD_MONTH, ymd(2024, 4, 5), &p, NULL), 0);
	assert_int_equal(p.index, 3);
	/* On 4 April it is still February's. */
	assert_int_equal(period_last_due(&cfg, PERIOD_MONTH, ymd(2024, 4, 4), &p, NULL), 0);
	assert_int_equal(p.index, 2);
	assert_int_equal(period_last_due(&cfg, PERIOD_QUARTER, ymd(2024, 4, 4), &p, NULL), 0);
	assert_int_equal(p.year, 2023);
	assert_int_equal(p.index, 4);
	cfg.close_day = 0;
	cfg.open_day = 0;
	assert_int_equal(period_last_due(&cfg, PERIOD_MONTH, ymd(2024, 3, 31), &p, NULL), 0);
	assert_int_equal(p.index, 3);
	cfg.open_day = 6;
	cfg.close_day = 5;
	assert_int_equal(period_window(&cfg, (period_t){ PERIOD_MONTH, 2024, 3 }, &open, &due, &e),
			 ERR_INVALID);
	assert_int_equal(period_last_due(&cfg, PERIOD_MONTH, 0, &p, NULL), ERR_INVALID);
	period_window_cfg_default(&cfg);
	assert_int_equal(period_window(&cfg, (period_t){ PERIOD_MONTH, 2024, 0 }, &open, &due, &e),
			 ERR_INVALID);
	assert_int_equal(period_last_due(&cfg, PERIOD_YEAR, ymd(1, 6, 1), &p, &e), ERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_round_trip),
		cmocka_unit_test(test_leap_and_validity),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_period_parse_format),
		cmocka_unit_test(test_period_bounds),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
