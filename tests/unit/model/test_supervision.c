/* test_supervision.c — the supervision settings: keys, defaults, text values, validation
 * naming the offending key. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/supervision.h"

#include <string.h>

static void test_keys_and_defaults(void **state)
{
	supervision_cfg_t c;
	char buf[64];
	(void)state;
	supervision_cfg_default(&c);
	assert_int_equal(c.status.lag_points, STATUS_LAG_POINTS_DEFAULT);
	assert_true(c.rank.w_invest == RANK_W_INVEST_DEFAULT);
	assert_int_equal(supervision_cfg_validate(&c, NULL), 0);
	for (size_t i = 0; i < SUPERVISION_NKEYS; i++) {
		assert_non_null(supervision_key(i));
		assert_non_null(supervision_key_label(i, NULL));
		assert_non_null(supervision_key_label(i, "en"));
		assert_int_equal(supervision_cfg_get(&c, i, buf, sizeof buf), 0);
	}
	assert_null(supervision_key(SUPERVISION_NKEYS));
	assert_null(supervision_key_label(SUPERVISION_NKEYS, "en"));
	assert_int_equal(supervision_cfg_get(&c, SUPERVISION_NKEYS, buf, sizeof buf), ERR_NOTFOUND);
	assert_int_equal(supervision_cfg_get(&c, 0, buf, 2), ERR_LIMIT);
	assert_string_equal(supervision_key(0), "status.lag_points");
	assert_int_equal(supervision_cfg_get(&c, 4, buf, sizeof buf), 0);
	assert_string_equal(buf, "0.4"); /* rank.w_ontime, shortest form */
}

static void test_set(void **state)
{
	supervision_cfg_t c, d;
	err_t e;
	char buf[64];
	(void)state;
	supervision_cfg_default(&c);
	d = c;
	assert_true(supervision_cfg_equal(&c, &d));
	assert_int_equal(
		supervision_cfg_set(&c, STR_LIT("status.lag_points"), STR_LIT(" 12.5 "), &e), 0);
	assert_true(c.status.lag_points == 12.5);
	assert_false(supervision_cfg_equal(&c, &d));
	assert_int_equal(
		supervision_cfg_set(&c, STR_LIT("status.overdue_grace_days"), STR_LIT("3"), &e), 0);
	assert_int_equal(c.status.overdue_grace_days, 3);
	assert_int_equal(supervision_cfg_get(&c, 3, buf, sizeof buf), 0);
	assert_string_equal(buf, "3");
	/* unknown key, not a number, not an integer: named */
	assert_int_equal(supervision_cfg_set(&c, STR_LIT("status.nope"), STR_LIT("1"), &e),
			 ERR_NOTFOUND);
	assert_string_equal(e.field, "key");
	assert_int_equal(supervision_cfg_set(&c, STR_LIT("rank.w_invest"), STR_LIT("abc"), &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "rank.w_invest");
	assert_int_equal(supervision_cfg_set(&c, STR_LIT("rank.w_invest"), STR_LIT("inf"), &e),
			 ERR_INVALID);
	assert_int_equal(
		supervision_cfg_set(&c, STR_LIT("status.overdue_grace_days"), STR_LIT("1.5"), &e),
		ERR_INVALID);
	assert_string_equal(e.field, "status.overdue_grace_days");
	assert_int_equal(c.status.overdue_grace_days, 3); /* unchanged on failure */
	assert_int_equal(supervision_cfg_set(&c, STR_LIT("rank.w_invest"), STR_LIT("x"), NULL),
			 ERR_INVALID);
}

/* Each broken constraint names its key. */
static void test_validate_names_the_key(void **state)
{
	static const struct {
		const char *key, *value, *field;
	} bad[] = {
		{ "status.lag_points", "-1", "status.lag_points" },
		{ "status.serious_points", "5", "status.serious_points" },
		{ "status.done_pct", "0", "status.done_pct" },
		{ "status.overdue_grace_days", "-2", "status.overdue_grace_days" },
		{ "rank.w_ontime", "-0.1", "rank.w_ontime" },
		{ "rank.w_schedule", "-1", "rank.w_schedule" },
		{ "rank.w_invest", "-1", "rank.w_invest" },
		{ "rank.invest_cap", "0", "rank.invest_cap" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		supervision_cfg_t c;
		err_t e;
		supervision_cfg_default(&c);
		assert_int_equal(supervision_cfg_set(&c, str_from_cstr(bad[i].key),
						     str_from_cstr(bad[i].value), &e),
				 0);
		assert_int_equal(supervision_cfg_validate(&c, &e), ERR_INVALID);
		assert_string_equal(e.field, bad[i].field);
		assert_true(e.msg[0] != '\0');
		assert_int_equal(supervision_cfg_validate(&c, NULL), ERR_INVALID);
	}
	/* weights summing to 0 */
	supervision_cfg_t c;
	err_t e;
	supervision_cfg_default(&c);
	c.rank.w_ontime = c.rank.w_schedule = c.rank.w_invest = 0;
	assert_int_equal(supervision_cfg_validate(&c, &e), ERR_INVALID);
	assert_string_equal(e.field, "rank.w_ontime");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_and_defaults),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_validate_names_the_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
