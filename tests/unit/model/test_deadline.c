/* test_deadline.c — deadlines as written (model/deadline.h) and target qualifiers
 * (model/qualifier.h): every accepted form, the plan year as default, bad text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "model/deadline.h"
#include "model/qualifier.h"

#include <string.h>

static date_t ymd(int y, int m, int d)
{
	date_t out = 0;
	assert_int_equal(date_from_ymd(y, m, d, &out, NULL), 0);
	return out;
}

static void test_deadline_forms(void **state)
{
	date_t d;
	err_t e;
	(void)state;
	assert_int_equal(deadline_parse(STR_LIT("2024-06-30"), 2024, &d, &e), 0);
	assert_int_equal(d, ymd(2024, 6, 30));
	assert_int_equal(deadline_parse(STR_LIT(" 2025 "), 2024, &d, &e), 0);
	assert_int_equal(d, ymd(2025, 12, 31));
	assert_int_equal(deadline_parse(STR_LIT("到2025年"), 2024, &d, &e), 0);
	assert_int_equal(d, ymd(2025, 12, 31));
	assert_int_equal(deadline_parse(STR_LIT("2026年前"), 2024, &d, &e), 0);
	assert_int_equal(d, ymd(2026, 12, 31));
	assert_int_equal(deadline_parse(STR_LIT("年底"), 2024, &d, &e), 0);
	assert_int_equal(d, ymd(2024, 12, 31));
	assert_int_equal(deadline_parse(STR_LIT("年内"), 2023, &d, &e), 0);
	assert_int_equal(d, ymd(2023, 12, 31));
	assert_int_equal(deadline_parse(STR_NULL, 2024, &d, &e), 0);
	assert_int_equal(d, ymd(2024, 12, 31));
	/* the first run of exactly four digits is the year */
	assert_int_equal(deadline_parse(STR_LIT("第12345项2027年底"), 2024, &d, &e), 0);
	assert_int_equal(d, ymd(2027, 12, 31));
}

static void test_deadline_bad(void **state)
{
	date_t d;
	err_t e;
	(void)state;
	assert_int_equal(deadline_parse(STR_LIT("尽快"), 2024, &d, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "尽快"));
	assert_int_equal(deadline_parse(STR_LIT("2024-02-30"), 2024, &d, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "2024-02-30"));
	assert_int_equal(deadline_parse(STR_LIT("年底"), 0, &d, &e), ERR_INVALID);
	assert_int_equal(deadline_parse(STR_LIT("9999年"), 2024, &d, NULL),
			 0); /* the last year a date holds */
	assert_int_equal(d, ymd(9999, 12, 31));
}

static void test_qualifier(void **state)
{
	(void)state;
	assert_string_equal(qualifier_code("左右"), "about");
	assert_string_equal(qualifier_code("at_least"), "at_least");
	assert_string_equal(qualifier_code("近"), "nearly");
	assert_string_equal(qualifier_code(""), "");
	assert_string_equal(qualifier_code(NULL), "");
	assert_null(qualifier_code("大约"));
	assert_string_equal(qualifier_label("guarantee"), "确保");
	assert_string_equal(qualifier_label("大约"), "大约");
	assert_string_equal(qualifier_label(NULL), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadline_forms),
		cmocka_unit_test(test_deadline_bad),
		cmocka_unit_test(test_qualifier),
	};
	return cmocka_run_group_tests_name("deadline and qualifier", tests, NULL, NULL);
}
