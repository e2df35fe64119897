/* test_offmap.c — unit tests of the segment map of byte offsets (offmap.h): segments only
 * where the offsets stop advancing together, look-ups at character starts and inside
 * multi-byte characters, the end mark, and allocation failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/mem.h"
#include "extract/offmap.h"

#include <string.h>

static void test_merge_and_get(void **state)
{
	arena_t *a = arena_new(0, 0);
	offmap_t m = { NULL, 0, 0, 0 };
	const offmap_seg_t *v;
	size_t n;

	(void)state;
	/* "ab" copied from 10, then a 3-byte sign folded to 1 byte, then copied again */
	offmap_add(&m, 0, 10);
	offmap_add(&m, 1, 11); /* same advance: no new segment */
	offmap_add(&m, 2, 12);
	offmap_add(&m, 3, 15); /* after the folded sign */
	offmap_add(&m, 4, 16);
	assert_int_equal(m.n, 2);
	assert_int_equal(offmap_seal(&m, a, 6, 18, &v, &n), 0);
	assert_null(m.v);       /* the builder is emptied */
	assert_int_equal(n, 2); /* the end follows the last segment: no mark needed */
	assert_int_equal(offmap_get(v, n, 0), 10);
	assert_int_equal(offmap_get(v, n, 2), 12);
	assert_int_equal(offmap_get(v, n, 3), 15);
	assert_int_equal(offmap_get(v, n, 6), 18);
	assert_int_equal(offmap_find(v, n, 2), 0);
	assert_int_equal(offmap_find(v, n, 3), 1);
	arena_free(a);
}

static void test_end_mark_and_empty_segment(void **state)
{
	arena_t *a = arena_new(0, 0);
	offmap_t m = { NULL, 0, 0, 0 };
	const offmap_seg_t *v;
	size_t n;

	(void)state;
	offmap_add(&m, 0, 4);
	offmap_add(&m, 2, 9); /* replaced by the next one at the same offset */
	offmap_push(&m, 2, 20);
	assert_int_equal(m.n, 2);
	assert_int_equal(offmap_seal(&m, a, 5, 40, &v, &n), 0);
	assert_int_equal(n, 3); /* the end does not follow: a mark at 5 */
	assert_int_equal(offmap_get(v, n, 1), 5);
	assert_int_equal(offmap_get(v, n, 2), 20);
	assert_int_equal(offmap_get(v, n, 5), 40);
	/* an empty builder seals to a map from 0 */
	assert_int_equal(offmap_seal(&m, a, 0, 7, &v, &n), 0);
	assert_int_equal(offmap_get(v, n, 0), 7);
	/* no segments at all: the identity */
	assert_int_equal(offmap_get(NULL, 0, 33), 33);
	arena_free(a);
}

static void test_get_char(void **state)
{
	static const char z[] = "A生产B"; /* A at 0, 生 1-3, 产 4-6, B at 7 */
	offmap_seg_t v[] = { { 0, 100 }, { 4, 200 } };

	(void)state;
	assert_int_equal(offmap_get_char(v, 2, z, 0), 100);
	assert_int_equal(offmap_get_char(v, 2, z, 1), 101);
	assert_int_equal(offmap_get_char(v, 2, z, 2), 101); /* inside 生 */
	assert_int_equal(offmap_get_char(v, 2, z, 3), 101);
	assert_int_equal(offmap_get_char(v, 2, z, 5), 200); /* inside 产 */
	assert_int_equal(offmap_get_char(v, 2, z, 7), 203);
	assert_int_equal(offmap_get_char(NULL, 0, z, 5), 5);
}

static void test_nomem(void **state)
{
	(void)state;
	for (long k = 0; k < 6; k++) {
		arena_t *a = arena_new(0, 0);
		offmap_t m = { NULL, 0, 0, 0 };
		const offmap_seg_t *v;
		size_t n;
		int rc;
		assert_non_null(a);
		mem_fail_after(k);
		for (size_t i = 0; i < 1000; i++)
			offmap_add(&m, i, 2 * i); /* a segment per offset */
		rc = offmap_seal(&m, a, 1000, 2000, &v, &n);
		mem_fail_after(-1);
		assert_true(rc == 0 || rc == ERR_NOMEM);
		if (rc == 0) {
			assert_int_equal(n, 1001); /* and the end mark */
			assert_int_equal(offmap_get(v, n, 999), 1998);
		} else {
			assert_null(v);
		}
		offmap_free(&m);
		arena_free(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_and_get),
		cmocka_unit_test(test_end_mark_and_empty_segment),
		cmocka_unit_test(test_get_char),
		cmocka_unit_test(test_nomem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
