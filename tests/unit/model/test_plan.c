/* test_plan.c — plan and report state machines, node kinds and names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/plan.h"

#include <string.h>

static void test_plan_transitions(void **state)
{
	err_t e;
	(void)state;
	assert_int_equal(plan_transition(PLAN_DRAFT, PLAN_ACTIVE, NULL), 0);
	assert_int_equal(plan_transition(PLAN_ACTIVE, PLAN_CLOSED, NULL), 0);
	assert_int_equal(plan_transition(PLAN_DRAFT, PLAN_CLOSED, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "草稿"));
	assert_non_null(strstr(e.msg, "已关闭"));
	assert_int_equal(plan_transition(PLAN_CLOSED, PLAN_ACTIVE, NULL), ERR_CONFLICT);
	assert_int_equal(plan_transition(PLAN_ACTIVE, PLAN_DRAFT, NULL), ERR_CONFLICT);
	assert_int_equal(plan_transition(PLAN_ACTIVE, PLAN_ACTIVE, NULL), ERR_CONFLICT);
	assert_int_equal(plan_transition((plan_state_t)3, PLAN_ACTIVE, &e), ERR_INVALID);
	assert_int_equal(plan_transition(PLAN_DRAFT, (plan_state_t)-1, &e), ERR_INVALID);
	assert_true(plan_state_editable(PLAN_DRAFT));
	assert_true(plan_state_editable(PLAN_ACTIVE));
	assert_false(plan_state_editable(PLAN_CLOSED));
	assert_true(plan_state_accepts_reports(PLAN_ACTIVE));
	assert_false(plan_state_accepts_reports(PLAN_DRAFT));
	assert_false(plan_state_accepts_reports(PLAN_CLOSED));
}

static void test_report_transitions(void **state)
{
	err_t e;
	str_t none = STR_NULL;
	(void)state;
	assert_int_equal(
		plan_report_transition(PLAN_REPORT_DRAFT, PLAN_REPORT_SUBMITTED, none, NULL), 0);
	assert_int_equal(
		plan_report_transition(PLAN_REPORT_SUBMITTED, PLAN_REPORT_ACCEPTED, none, NULL), 0);
	assert_int_equal(plan_report_transition(PLAN_REPORT_SUBMITTED, PLAN_REPORT_RETURNED,
						STR_LIT("请补充佐证材料"), NULL),
			 0);
	assert_int_equal(
		plan_report_transition(PLAN_REPORT_RETURNED, PLAN_REPORT_SUBMITTED, none, NULL), 0);
	/* Returning needs a comment. */
	assert_int_equal(plan_report_transition(PLAN_REPORT_SUBMITTED, PLAN_REPORT_RETURNED,
						STR_LIT("  "), &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "comment");
	assert_int_equal(plan_report_transition(PLAN_REPORT_DRAFT, PLAN_REPORT_ACCEPTED, none, &e),
			 ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "已通过"));
	assert_int_equal(plan_report_transition(PLAN_REPORT_ACCEPTED, PLAN_REPORT_RETURNED,
						STR_LIT("x"), NULL),
			 ERR_CONFLICT);
	assert_int_equal(
		plan_report_transition(PLAN_REPORT_RETURNED, PLAN_REPORT_ACCEPTED, none, NULL),
		ERR_CONFLICT);
	assert_int_equal(
		plan_report_transition(PLAN_REPORT_SUBMITTED, PLAN_REPORT_SUBMITTED, none, NULL),
		ERR_CONFLICT);
	assert_int_equal(
		plan_report_transition((plan_report_state_t)4, PLAN_REPORT_DRAFT, none, NULL),
		ERR_INVALID);
	assert_int_equal(plan_report_action(PLAN_REPORT_SUBMITTED), ORG_ACT_REPORT);
	assert_int_equal(plan_report_action(PLAN_REPORT_ACCEPTED), ORG_ACT_REVIEW);
	assert_int_equal(plan_report_action(PLAN_REPORT_RETURNED), ORG_ACT_REVIEW);
	assert_true(plan_report_editable(PLAN_REPORT_DRAFT));
	assert_true(plan_report_editable(PLAN_REPORT_RETURNED));
	assert_false(plan_report_editable(PLAN_REPORT_SUBMITTED));
	assert_false(plan_report_editable(PLAN_REPORT_ACCEPTED));
}

static void test_node_kinds(void **state)
{
	plan_node_kind_t k;
	(void)state;
	assert_true(plan_node_may_contain(-1, PLAN_NODE_AREA));
	assert_true(plan_node_may_contain(-1, PLAN_NODE_TASK));
	assert_true(plan_node_may_contain(PLAN_NODE_AREA, PLAN_NODE_ARTICLE));
	assert_true(plan_node_may_contain(PLAN_NODE_AREA, PLAN_NODE_TASK));
	assert_true(plan_node_may_contain(PLAN_NODE_TASK, PLAN_NODE_MEASURE));
	assert_false(plan_node_may_contain(PLAN_NODE_TASK, PLAN_NODE_ARTICLE));
	assert_false(plan_node_may_contain(PLAN_NODE_MEASURE, PLAN_NODE_MEASURE));
	assert_false(plan_node_may_contain(PLAN_NODE_AREA, (plan_node_kind_t)7));
	assert_false(plan_node_may_contain(9, PLAN_NODE_MEASURE));
	assert_int_equal(plan_node_kind_for_level(1, &k, NULL), 0);
	assert_int_equal(k, PLAN_NODE_AREA);
	assert_int_equal(plan_node_kind_for_level(3, &k, NULL), 0);
	assert_int_equal(k, PLAN_NODE_TASK);
	assert_int_equal(plan_node_kind_for_level(7, &k, NULL), 0);
	assert_int_equal(k, PLAN_NODE_MEASURE);
	assert_int_equal(plan_node_kind_for_level(0, &k, NULL), ERR_INVALID);
}

static void test_names(void **state)
{
	plan_state_t s;
	plan_node_kind_t k;
	plan_report_state_t r;
	err_t e;
	(void)state;
	for (int i = 0; i < PLAN_STATE_COUNT; i++) {
		assert_int_equal(
			plan_state_parse(str_from_cstr(plan_state_name((plan_state_t)i)), &s, NULL),
			0);
		assert_int_equal(s, i);
	}
	for (int i = 0; i < PLAN_NODE_KIND_COUNT; i++) {
		assert_int_equal(
			plan_node_kind_parse(
				str_from_cstr(plan_node_kind_name((plan_node_kind_t)i)), &k, NULL),
			0);
		assert_int_equal(k, i);
	}
	for (int i = 0; i < PLAN_REPORT_STATE_COUNT; i++) {
		assert_int_equal(plan_report_state_parse(str_from_cstr(plan_report_state_name(
								 (plan_report_state_t)i)),
							 &r, NULL),
				 0);
		assert_int_equal(r, i);
	}
	assert_int_equal(plan_state_parse(STR_LIT("open"), &s, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "open"));
	assert_int_equal(plan_node_kind_parse(STR_LIT(""), &k, NULL), ERR_INVALID);
	assert_int_equal(plan_report_state_parse(STR_LIT("rejected"), &r, NULL), ERR_INVALID);
	assert_string_equal(plan_state_name((plan_state_t)9), "unknown");
	assert_string_equal(plan_state_label(PLAN_ACTIVE, "zh-CN"), "执行中");
	assert_string_equal(plan_node_kind_label(PLAN_NODE_MEASURE, "en"), "Measure");
	assert_string_equal(plan_report_state_label(PLAN_REPORT_RETURNED, NULL), "已退回");
	assert_string_equal(plan_report_state_label((plan_report_state_t)8, NULL), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_transitions),
		cmocka_unit_test(test_report_transitions),
		cmocka_unit_test(test_node_kinds),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
