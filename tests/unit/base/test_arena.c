/* test_arena.c — the region allocator: alignment, large allocations, the cap, reset,
 * allocation failure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/mem.h"

#include <stdalign.h>
#include <string.h>

static void test_alloc_aligned(void **state)
{
	arena_t *a = arena_new(128, 0);
	(void)state;
	assert_non_null(a);
	for (int i = 1; i < 200; i++) {
		unsigned char *p = arena_alloc(a, (size_t)i);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		memset(p, 0xAB, (size_t)i);
	}
	assert_non_null(arena_alloc(a, 1 << 20)); /* larger than a block */
	arena_free(a);
}

static void test_strings(void **state)
{
	arena_t *a = arena_new(0, 0);
	str_t s;
	(void)state;
	assert_string_equal(arena_strndup(a, "督办台账", 6), "督办");
	s = arena_str(a, STR_LIT("序时进度"));
	assert_true(str_eq(s, STR_LIT("序时进度")));
	assert_int_equal(s.ptr[s.len], '\0');
	assert_string_equal(arena_printf(a, "%d项", 230), "230项");
	arena_free(a);
}

static void test_cap(void **state)
{
	arena_t *a = arena_new(1024, 4096);
	int n = 0;
	(void)state;
	while (arena_alloc(a, 512))
		n++;
	assert_true(n >= 4 && n <= 8);
	assert_null(arena_alloc(a, 100000));
	arena_reset(a);
	assert_non_null(arena_alloc(a, 512)); /* usable again after reset */
	arena_free(a);
}

static void test_alloc_failure(void **state)
{
	arena_t *a;
	(void)state;
	mem_fail_after(0);
	assert_null(arena_new(0, 0));
	mem_fail_after(-1);
	a = arena_new(64, 0);
	assert_non_null(a);
	mem_fail_after(0);
	assert_null(arena_alloc(a, 10));
	mem_fail_after(-1);
	assert_non_null(arena_alloc(a, 10));
	arena_free(a);
	arena_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_aligned),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_alloc_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
