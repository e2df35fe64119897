/* test_utf8.c — strict UTF-8: valid text, overlongs, surrogates, truncation, CJK classes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/err.h"
#include "base/utf8.h"

#include <string.h>

static void test_decode_valid(void **state)
{
	uint32_t cp = 0;
	(void)state;
	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_decode("督", 3, &cp), 3);
	assert_int_equal(cp, 0x7763);
	assert_int_equal(utf8_decode("\xf0\xa0\x80\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x20000);
	assert_true(utf8_is_han(0x20000));
}

static void test_decode_invalid(void **state)
{
	uint32_t cp = 7;
	(void)state;
	assert_int_equal(utf8_decode("\xc0\xaf", 2, &cp), -1);         /* overlong */
	assert_int_equal(utf8_decode("\xe0\x80\xaf", 3, &cp), -1);     /* overlong */
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), -1);     /* surrogate */
	assert_int_equal(utf8_decode("\xf4\x90\x80\x80", 4, &cp), -1); /* > U+10FFFF */
	assert_int_equal(utf8_decode("\xe7\x9d", 2, &cp), -1);         /* truncated */
	assert_int_equal(utf8_decode("\x80", 1, &cp), -1);             /* stray continuation */
	assert_int_equal(utf8_decode("", 0, &cp), -1);
	assert_int_equal(cp, 7);
}

static void test_validate_offset(void **state)
{
	const char bad[] = "督办\xe7\x9d"; /* truncated at the end */
	const char gbk[] = "ok\xb6\xbd\xb0\xec";
	size_t off = 0;
	(void)state;
	assert_int_equal(utf8_validate("督办台账", strlen("督办台账"), &off), 0);
	assert_int_equal(utf8_validate(bad, sizeof bad - 1, &off), ERR_INVALID);
	assert_int_equal(off, 6);
	assert_int_equal(utf8_validate(gbk, sizeof gbk - 1, &off), ERR_INVALID);
	assert_int_equal(off, 2);
}

static void test_encode_roundtrip(void **state)
{
	char out[4];
	(void)state;
	for (uint32_t cp = 1; cp < 0x110000; cp += 97) {
		uint32_t back = 0;
		size_t n = utf8_encode(cp, out);
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_true(n >= 1 && n <= 4);
		assert_int_equal(utf8_decode(out, n, &back), (int)n);
		assert_int_equal(back, cp);
	}
	assert_int_equal(utf8_encode(0x110000, out), 0);
}

static void test_count_and_back(void **state)
{
	const char *s = "a督b";
	(void)state;
	assert_int_equal(utf8_count(s, strlen(s)), 3);
	assert_int_equal(utf8_back(s, 2), 1);
	assert_int_equal(utf8_len_at(s, strlen(s), 1), 3);
	assert_true(utf8_is_cjk_punct(0x3002));  /* 。 */
	assert_true(utf8_is_cjk_punct(0xFF0C));  /* ， */
	assert_false(utf8_is_cjk_punct(0xFF10)); /* ０ is a digit */
	assert_false(utf8_is_han('A'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),    cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_validate_offset), cmocka_unit_test(test_encode_roundtrip),
		cmocka_unit_test(test_count_and_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
