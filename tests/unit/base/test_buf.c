/* test_buf.c — the bounded buffer: growth, the hard cap, the sticky error, detach. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"

#include <string.h>

static void test_append_and_grow(void **state)
{
	buf_t b;
	(void)state;
	buf_init(&b, 0);
	assert_string_equal(buf_cstr(&b), "");
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	assert_int_equal(buf_error(&b), 0);
	assert_true(b.len > 3000);
	assert_memory_equal(b.ptr, "0,1,2,", 6);
	assert_int_equal(b.ptr[b.len], '\0');
	buf_free(&b);
}

static void test_cap_is_sticky(void **state)
{
	buf_t b;
	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_append_cstr(&b, "12345678"), 0);
	assert_int_equal(buf_putc(&b, 'x'), ERR_LIMIT);
	/* later appends are no-ops, even small ones that would fit nothing */
	assert_int_equal(buf_append_cstr(&b, ""), ERR_LIMIT);
	assert_int_equal(buf_error(&b), ERR_LIMIT);
	assert_int_equal(b.len, 8);
	assert_string_equal(buf_cstr(&b), "12345678");
	buf_reset(&b);
	assert_int_equal(buf_error(&b), 0);
	assert_int_equal(buf_append_cstr(&b, "ok"), 0);
	buf_free(&b);
}

static void test_printf_over_cap(void **state)
{
	buf_t b;
	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_printf(&b, "%s", "a long string over ten"), ERR_LIMIT);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void test_alloc_failure(void **state)
{
	buf_t b;
	(void)state;
	buf_init(&b, 0);
	mem_fail_after(0);
	assert_int_equal(buf_append_cstr(&b, "x"), ERR_NOMEM);
	mem_fail_after(-1);
	assert_int_equal(buf_append_cstr(&b, "y"), ERR_NOMEM); /* sticky */
	assert_null(buf_detach(&b, NULL));
	buf_free(&b);
}

static void test_detach(void **state)
{
	buf_t b;
	size_t n = 0;
	char *z;
	(void)state;
	buf_init(&b, 0);
	buf_append_str(&b, STR_LIT("中文"));
	z = buf_detach(&b, &n);
	assert_non_null(z);
	assert_int_equal(n, 6);
	assert_string_equal(z, "中文");
	assert_null(b.ptr);
	mem_free(z);
	z = buf_detach(&b, &n); /* an empty buffer detaches as "" */
	assert_non_null(z);
	assert_int_equal(n, 0);
	mem_free(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_grow), cmocka_unit_test(test_cap_is_sticky),
		cmocka_unit_test(test_printf_over_cap), cmocka_unit_test(test_alloc_failure),
		cmocka_unit_test(test_detach),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
