/* test_script.c — script_is_traditional on the seeds and on short texts; script_fold
 * converts Traditional to Simplified and carries the byte map over character by
 * character. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/mem.h"
#include "extract/script.h"
#include "lib/extract_fix.h"

#include <stdio.h>
#include <string.h>

/* The map the cleaner makes for text copied unchanged from decoded offset base. */
static const offmap_seg_t *base_map(uint32_t base)
{
	static offmap_seg_t seg;

	seg.from = 0;
	seg.to = base;
	return &seg;
}

static void test_detect_seeds(void **state)
{
	const char *names[] = { "000_28d01b229fcb1637.txt", "001_7d96d8cb6280a8ca.txt",
				"002_c7f7bf300aa76a8f.txt", "003_c30ca89cbd3d2160.txt",
				"004_6851ad60e8c7365d.txt" };

	(void)state;
	for (int i = 0; i < 5; i++) {
		size_t n;
		char *src = xfix_read_seed(names[i], &n);
		/* seed 003 has two Traditional words in its page chrome, still Simplified */
		assert_int_equal(script_is_traditional(src, n), i == 0);
		mem_free(src);
	}
}

static void test_detect_short(void **state)
{
	(void)state;
	assert_false(script_is_traditional("", 0));
	assert_false(script_is_traditional("abc", 3));
	assert_true(script_is_traditional("這個國家的經濟發展", strlen("這個國家的經濟發展")));
	assert_false(script_is_traditional("这个国家的经济发展", strlen("这个国家的经济发展")));
	/* one Traditional character is not enough */
	assert_false(script_is_traditional("我們", strlen("我們")));
}

static void test_fold(void **state)
{
	char src[] = "黨的二十屆三中全會\n經濟發展ABC，為人民\n";
	size_t n = sizeof src - 1, on, nm;
	arena_t *a = arena_new(0, 0);
	char *oz;
	const offmap_seg_t *om;
	err_t e;

	(void)state;
	assert_int_equal(script_fold(a, src, n, base_map(1000), 1, &oz, &om, &nm, &on, &e), 0);
	assert_string_equal(oz, "党的二十届三中全会\n经济发展ABC，为人民\n");
	assert_int_equal(on, n);
	assert_int_equal(offmap_get_char(om, nm, oz, on), 1000 + n);
	/* 经 maps to 經 (byte 28 of the input), every byte of it */
	assert_int_equal(offmap_get_char(om, nm, oz, 28), 1028);
	assert_int_equal(offmap_get_char(om, nm, oz, 29), 1028);
	assert_int_equal(offmap_get_char(om, nm, oz, 30), 1028);
	/* A after 经济发展 */
	assert_int_equal(offmap_get_char(om, nm, oz, (size_t)(strstr(oz, "A") - oz)),
			 1000 + (strstr(src, "A") - src));
	arena_free(a);
}

static void test_fold_length_changes(void **state)
{
	/* U+21ED5 (four bytes) folds to 岁 (three): a new buffer, the map follows */
	char src[] = "一\xF0\xA1\xBB\x95歲";
	size_t n = sizeof src - 1, on, nm;
	arena_t *a = arena_new(0, 0);
	char *oz;
	const offmap_seg_t *om;
	err_t e;

	(void)state;
	assert_int_equal(script_fold(a, src, n, base_map(0), 1, &oz, &om, &nm, &on, &e), 0);
	assert_true(oz != src);
	assert_string_equal(oz, "一岁岁");
	assert_int_equal(on, 9);
	assert_int_equal(offmap_get_char(om, nm, oz, 0), 0);
	assert_int_equal(offmap_get_char(om, nm, oz, 3), 3);
	assert_int_equal(offmap_get_char(om, nm, oz, 5), 3);
	assert_int_equal(offmap_get_char(om, nm, oz, 6), 7);
	assert_int_equal(offmap_get_char(om, nm, oz, 9), n);
	arena_free(a);
}

static void test_fold_seed(void **state)
{
	size_t n, on, nm;
	char *src = xfix_read_seed("000_28d01b229fcb1637.txt", &n);
	arena_t *a = arena_new(0, 0);
	char *oz;
	const offmap_seg_t *om;
	err_t e;

	(void)state;
	assert_int_equal(script_fold(a, src, n, base_map(0), 1, &oz, &om, &nm, &on, &e), 0);
	assert_non_null(strstr(oz, "加快建设现代化品质生活之城"));
	assert_non_null(strstr(oz, "党晓龙"));
	assert_false(script_is_traditional(oz, on));
	/* every output character maps to the start of a source character */
	for (size_t i = 0; i < on; i++) {
		size_t o = offmap_get_char(om, nm, oz, i);
		assert_true(o < n && ((unsigned char)src[o] & 0xC0) != 0x80);
	}
	mem_free(src);
	arena_free(a);
}

static void test_fold_nomem(void **state)
{
	static const char text[] = "黨的二十屆\xF0\xA1\xBB\x95三中全會"; /* U+21ED5 */
	char src[sizeof text];
	size_t on, nm;
	char *oz;
	const offmap_seg_t *om;
	err_t e;

	(void)state;
	for (long k = 0; k < 6; k++) {
		arena_t *a = arena_new(16, 0);
		int rc;
		assert_non_null(a);
		memcpy(src, text, sizeof text);
		mem_fail_after(k);
		rc = script_fold(a, src, sizeof src - 1, base_map(0), 1, &oz, &om, &nm, &on, &e);
		mem_fail_after(-1);
		assert_true(rc == 0 || rc == ERR_NOMEM);
		arena_free(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_seeds), cmocka_unit_test(test_detect_short),
		cmocka_unit_test(test_fold),         cmocka_unit_test(test_fold_length_changes),
		cmocka_unit_test(test_fold_seed),    cmocka_unit_test(test_fold_nomem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
