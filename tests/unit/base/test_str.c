/* test_str.c — string views: comparison, search, trimming, splitting, number parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/err.h"
#include "base/str.h"

static void test_views_are_not_nul_terminated(void **state)
{
	const char raw[] = { 'a', 'b', 'c', 'd' }; /* no NUL */
	str_t s = str_make(raw, 3);
	(void)state;
	assert_true(str_eq_cstr(s, "abc"));
	assert_false(str_eq_cstr(s, "abcd"));
	assert_true(str_eq(str_sub(s, 1, 100), STR_LIT("bc")));
	assert_true(str_eq(str_tail(s, 5), STR_LIT("")));
	assert_int_equal(str_find(s, STR_LIT("d"), 0), -1); /* beyond the view */
}

static void test_find(void **state)
{
	str_t s = STR_LIT("生产总值增长7%左右,增长7%");
	(void)state;
	assert_int_equal(str_find(s, STR_LIT("增长"), 0), 12);
	assert_int_equal(str_find(s, STR_LIT("增长"), 13), 27);
	assert_int_equal(str_find(s, STR_LIT("减少"), 0), -1);
	assert_int_equal(str_find(s, STR_LIT(""), 3), 3);
	assert_int_equal(str_find_byte(s, '%', 0), 19);
	assert_true(str_starts_with(s, STR_LIT("生产")));
	assert_true(str_ends_with(s, STR_LIT("7%")));
	assert_true(str_eq_nocase(STR_LIT("JSON"), STR_LIT("json")));
}

static void test_trim_and_split(void **state)
{
	str_t head, rest;
	(void)state;
	assert_true(str_eq(str_trim(STR_LIT("  \t abc \n")), STR_LIT("abc")));
	assert_true(str_eq(str_trim(STR_LIT("\xe3\x80\x80标题\xe3\x80\x80")), STR_LIT("标题")));
	assert_true(str_eq(str_trim(STR_LIT("   ")), STR_LIT("")));
	rest = str_split(STR_LIT("key=value=x"), '=', &head);
	assert_true(str_eq(head, STR_LIT("key")));
	assert_true(str_eq(rest, STR_LIT("value=x")));
	rest = str_split(STR_LIT("novalue"), '=', &head);
	assert_null(rest.ptr);
	assert_true(str_eq(head, STR_LIT("novalue")));
}

static void test_numbers(void **state)
{
	long long v;
	double d;
	(void)state;
	assert_int_equal(str_to_ll(STR_LIT("-42"), &v), 0);
	assert_int_equal(v, -42);
	assert_int_equal(str_to_ll(STR_LIT("42x"), &v), ERR_INVALID);
	assert_int_equal(str_to_ll(STR_LIT(""), &v), ERR_INVALID);
	assert_int_equal(str_to_ll(STR_LIT("99999999999999999999"), &v), ERR_INVALID);
	assert_int_equal(str_to_double(STR_LIT("3880.3"), &d), 0);
	assert_true(d > 3880.29 && d < 3880.31);
	assert_int_equal(str_to_double(STR_LIT("1e5"), &d), ERR_INVALID);
	assert_int_equal(str_to_double(STR_LIT("."), &d), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_views_are_not_nul_terminated),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_trim_and_split),
		cmocka_unit_test(test_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
