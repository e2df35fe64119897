/* test_org.c — the policy table, the subtree test, org_check and the names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/org.h"

#include <string.h>

/* 0 city; 1 市发改委, 2 涿州市 (county), 3 涿州市住建局 under 2, 4 涞水县, 5 高新区. */
static const int tree[] = { ORG_NO_PARENT, 0, 0, 2, 0, 0 };
#define NTREE (sizeof tree / sizeof tree[0])

static void test_subtree(void **state)
{
	(void)state;
	assert_true(org_in_subtree(tree, NTREE, 0, 3));
	assert_true(org_in_subtree(tree, NTREE, 2, 3));
	assert_true(org_in_subtree(tree, NTREE, 2, 2));
	assert_false(org_in_subtree(tree, NTREE, 3, 2));
	assert_false(org_in_subtree(tree, NTREE, 4, 3));
	assert_false(org_in_subtree(tree, NTREE, -1, 3));
	assert_false(org_in_subtree(tree, NTREE, 2, 6));
	assert_false(org_in_subtree(tree, 0, 0, 0));
}

static void test_subtree_bad_data(void **state)
{
	static const int cycle[] = { 1, 2, 0, 0 };
	static const int dangling[] = { ORG_NO_PARENT, 7 };
	err_t e;
	(void)state;
	/* A cycle stops after n steps instead of looping for ever. */
	assert_false(org_in_subtree(cycle, 4, 3, 0));
	assert_true(org_in_subtree(cycle, 4, 0, 3));
	assert_false(org_in_subtree(dangling, 2, 0, 1));
	assert_int_equal(org_tree_validate(tree, NTREE, NULL), 0);
	assert_int_equal(org_tree_validate(cycle, 4, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "环"));
	assert_int_equal(org_tree_validate(dangling, 2, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "不存在"));
	assert_int_equal(org_tree_validate(tree, 0, NULL), 0);
}

static void test_policy_table(void **state)
{
	(void)state;
	for (int a = 0; a < ORG_ACT_COUNT; a++)
		assert_int_equal(org_policy(ORG_ROLE_ADMIN, (org_action_t)a), ORG_SCOPE_ALL);
	assert_int_equal(org_policy(ORG_ROLE_SUPERVISOR, ORG_ACT_REVIEW), ORG_SCOPE_ALL);
	assert_int_equal(org_policy(ORG_ROLE_SUPERVISOR, ORG_ACT_READ), ORG_SCOPE_ALL);
	assert_int_equal(org_policy(ORG_ROLE_SUPERVISOR, ORG_ACT_ADMIN), ORG_SCOPE_NONE);
	assert_int_equal(org_policy(ORG_ROLE_LEADER, ORG_ACT_READ), ORG_SCOPE_ALL);
	assert_int_equal(org_policy(ORG_ROLE_LEADER, ORG_ACT_EDIT), ORG_SCOPE_NONE);
	assert_int_equal(org_policy(ORG_ROLE_UNIT_EDITOR, ORG_ACT_REPORT), ORG_SCOPE_SUBTREE);
	assert_int_equal(org_policy(ORG_ROLE_UNIT_EDITOR, ORG_ACT_REVIEW), ORG_SCOPE_NONE);
	assert_int_equal(org_policy(ORG_ROLE_UNIT_VIEWER, ORG_ACT_READ), ORG_SCOPE_SUBTREE);
	assert_int_equal(org_policy(ORG_ROLE_UNIT_VIEWER, ORG_ACT_EDIT), ORG_SCOPE_NONE);
	assert_int_equal(org_policy((org_role_t)99, ORG_ACT_READ), ORG_SCOPE_NONE);
	assert_int_equal(org_policy(ORG_ROLE_ADMIN, (org_action_t)-1), ORG_SCOPE_NONE);
	/* Nobody but admin administers; nobody reviews except admin and supervisor. */
	for (int r = 1; r < ORG_ROLE_COUNT; r++)
		assert_int_equal(org_policy((org_role_t)r, ORG_ACT_ADMIN), ORG_SCOPE_NONE);
}

static void test_check(void **state)
{
	org_user_t county_editor = { 1, 2, ORG_ROLE_UNIT_EDITOR };
	org_user_t county_viewer = { 2, 2, ORG_ROLE_UNIT_VIEWER };
	org_user_t leader = { 3, 0, ORG_ROLE_LEADER };
	org_user_t sup = { 4, 0, ORG_ROLE_SUPERVISOR };
	org_user_t orphan = { 5, ORG_NO_PARENT, ORG_ROLE_UNIT_EDITOR };
	org_user_t bad = { 6, 0, (org_role_t)42 };
	err_t e;
	(void)state;
	assert_int_equal(org_check(&county_editor, ORG_ACT_EDIT, 3, tree, NTREE, NULL), 0);
	assert_int_equal(org_check(&county_editor, ORG_ACT_REPORT, 2, tree, NTREE, NULL), 0);
	assert_int_equal(org_check(&county_editor, ORG_ACT_EDIT, 4, tree, NTREE, &e), ERR_DENIED);
	assert_non_null(strstr(e.msg, "本单位"));
	assert_int_equal(org_check(&county_editor, ORG_ACT_READ, 0, tree, NTREE, NULL), ERR_DENIED);
	assert_int_equal(org_check(&county_editor, ORG_ACT_REVIEW, 3, tree, NTREE, &e), ERR_DENIED);
	assert_non_null(strstr(e.msg, "审核"));
	assert_int_equal(org_check(&county_viewer, ORG_ACT_READ, 3, tree, NTREE, NULL), 0);
	assert_int_equal(org_check(&county_viewer, ORG_ACT_EDIT, 3, tree, NTREE, NULL), ERR_DENIED);
	assert_int_equal(org_check(&leader, ORG_ACT_READ, 5, tree, NTREE, NULL), 0);
	assert_int_equal(org_check(&leader, ORG_ACT_REVIEW, 5, tree, NTREE, NULL), ERR_DENIED);
	assert_int_equal(org_check(&sup, ORG_ACT_REVIEW, 3, tree, NTREE, NULL), 0);
	assert_int_equal(org_check(&sup, ORG_ACT_REPORT, 3, tree, NTREE, NULL), ERR_DENIED);
	/* ALL does not need a valid owner: items with no owning unit are still visible. */
	assert_int_equal(org_check(&leader, ORG_ACT_READ, -1, tree, NTREE, NULL), 0);
	assert_int_equal(org_check(&orphan, ORG_ACT_READ, 0, tree, NTREE, NULL), ERR_DENIED);
	assert_int_equal(org_check(&bad, ORG_ACT_READ, 0, tree, NTREE, &e), ERR_INVALID);
	assert_int_equal(org_check(NULL, ORG_ACT_READ, 0, tree, NTREE, NULL), ERR_INVALID);
	assert_int_equal(org_check(&sup, (org_action_t)9, 0, tree, NTREE, NULL), ERR_INVALID);
}

static void test_names(void **state)
{
	org_role_t r;
	org_action_t a;
	org_unit_kind_t k;
	err_t e;
	(void)state;
	for (int i = 0; i < ORG_ROLE_COUNT; i++) {
		assert_int_equal(
			org_role_parse(str_from_cstr(org_role_name((org_role_t)i)), &r, NULL), 0);
		assert_int_equal(r, i);
	}
	for (int i = 0; i < ORG_ACT_COUNT; i++) {
		assert_int_equal(
			org_action_parse(str_from_cstr(org_action_name((org_action_t)i)), &a, NULL),
			0);
		assert_int_equal(a, i);
	}
	for (int i = 0; i < ORG_UNIT_KIND_COUNT; i++) {
		assert_int_equal(
			org_unit_kind_parse(str_from_cstr(org_unit_kind_name((org_unit_kind_t)i)),
					    &k, NULL),
			0);
		assert_int_equal(k, i);
	}
	assert_int_equal(org_role_parse(STR_LIT("root"), &r, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "root"));
	assert_int_equal(org_action_parse(STR_LIT("delete"), &a, NULL), ERR_INVALID);
	assert_int_equal(org_unit_kind_parse(STR_LIT("village"), &k, NULL), ERR_INVALID);
	assert_string_equal(org_role_name((org_role_t)77), "unknown");
	assert_string_equal(org_scope_name(ORG_SCOPE_SUBTREE), "subtree");
	assert_string_equal(org_role_label(ORG_ROLE_LEADER, "zh-CN"), "领导");
	assert_string_equal(org_role_label(ORG_ROLE_LEADER, NULL), "领导");
	assert_string_equal(org_role_label(ORG_ROLE_LEADER, "en"), "Leader");
	assert_string_equal(org_action_label(ORG_ACT_REPORT, "zh"), "填报");
	assert_string_equal(org_unit_kind_label(ORG_UNIT_ZONE, "zh_CN"), "开发区");
	assert_string_equal(org_unit_kind_label(ORG_UNIT_ZONE, "en-US"), "Zone");
	assert_string_equal(org_unit_kind_label((org_unit_kind_t)9, "en"), "?");
	assert_false(org_lang_is_zh("zhx"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subtree),      cmocka_unit_test(test_subtree_bad_data),
		cmocka_unit_test(test_policy_table), cmocka_unit_test(test_check),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
