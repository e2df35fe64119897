/* test_ledger.c — the ledger commands' shared helpers (cli/ledger.h): display width of
 * CJK text, aligned tables, ids, numbers, qualifiers and deadlines from options, unit
 * resolution by name or id on a temporary SQLite store, the actor's name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cli/ledger.h"
#include "lib/pgtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTOR STR_LIT("tester")

static void test_display_width(void **state)
{
	(void)state;
	assert_int_equal(ledger_display_width("", 0), 0);
	assert_int_equal(ledger_display_width("abc", 3), 3);
	assert_int_equal(ledger_display_width("市发改委", strlen("市发改委")), 8);
	assert_int_equal(ledger_display_width("GDP增长7%", strlen("GDP增长7%")), 9);
	/* full-width punctuation and the ideographic comma are wide */
	assert_int_equal(ledger_display_width("（一）", strlen("（一）")), 6);
	assert_int_equal(ledger_display_width("、", strlen("、")), 2);
	/* a combining mark takes no column; an invalid byte takes one */
	assert_int_equal(ledger_display_width("e\xcc\x81", 3), 1);
	assert_int_equal(ledger_display_width("\xff"
					      "a",
					      2),
			 2);
	/* a truncated sequence counts its bytes */
	assert_int_equal(ledger_display_width("\xe5\xb8", 2), 2);
}

static char *table_text(const ledger_table_t *t)
{
	FILE *f = tmpfile();
	static char buf[1024];
	size_t n;

	assert_non_null(f);
	assert_int_equal(ledger_table_print(t, f), 0);
	rewind(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_table(void **state)
{
	static const char *const head[] = { "ID", "名称", "类型" };
	static const char *const r1[] = { "1", "市发改委", "department" };
	static const char *const r2[] = { "22", "ab", NULL };
	arena_t *a = arena_new(0, 0);
	ledger_table_t t;
	(void)state;
	ledger_table_init(&t, a, 3, head);
	assert_int_equal(ledger_table_row(&t, r1), 0);
	assert_int_equal(ledger_table_row(&t, r2), 0);
	/* columns padded by display width: 市发改委 is 8 columns wide */
	assert_string_equal(table_text(&t), "ID  名称      类型\n"
					    "------------------------\n"
					    "1   市发改委  department\n"
					    "22  ab\n");
	arena_free(a);
}

static void test_table_grows_and_fails(void **state)
{
	static const char *const head[] = { "n" };
	arena_t *a = arena_new(0, 4096);
	ledger_table_t t;
	const char *row[1] = { "0123456789" };
	int rc = 0;
	(void)state;
	ledger_table_init(&t, a, 1, head);
	for (int i = 0; i < 10000 && rc == 0; i++)
		rc = ledger_table_row(&t, row);
	/* the capped arena runs out: the error is sticky and print reports it */
	assert_int_equal(rc, ERR_NOMEM);
	assert_int_equal(ledger_table_row(&t, row), ERR_NOMEM);
	assert_int_equal(ledger_table_print(&t, stdout), ERR_NOMEM);
	arena_free(a);
}

static void test_parse(void **state)
{
	long long id = 0;
	double v = 0;
	err_t e;
	(void)state;
	assert_int_equal(ledger_parse_id("42", "NODE", &id, &e), 0);
	assert_int_equal(id, 42);
	assert_int_equal(ledger_parse_id(" 7 ", "NODE", &id, &e), 0);
	assert_int_equal(id, 7);
	assert_int_equal(ledger_parse_id("0", "NODE", &id, &e), ERR_INVALID);
	assert_int_equal(ledger_parse_id("-3", "NODE", &id, &e), ERR_INVALID);
	setenv("DUBAN_LANG", "zh-CN", 1);
	assert_int_equal(ledger_parse_id("x1", "--plan", &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "--plan");
	assert_non_null(strstr(e.msg, "--plan: 'x1' 不是编号"));
	assert_int_equal(ledger_parse_num("七", "--value", &v, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "--value: '七' 不是数字"));
	setenv("DUBAN_LANG", "en", 1);
	assert_int_equal(ledger_parse_id("x1", "--plan", &id, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "'x1' is not an id"));
	assert_int_equal(ledger_parse_num("七", "--value", &v, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "'七' is not a number"));
	unsetenv("DUBAN_LANG");
	assert_int_equal(ledger_parse_id(NULL, "NODE", &id, &e), ERR_INVALID);
	assert_int_equal(ledger_parse_num("308.12", "--total", &v, &e), 0);
	assert_true(v > 308.11 && v < 308.13);
	assert_int_equal(ledger_parse_num("1e999", "--total", &v, &e), ERR_INVALID);
	assert_int_equal(ledger_parse_num("七", "--value", &v, &e), ERR_INVALID);
	assert_string_equal(e.field, "--value");
}

static void test_qualifier(void **state)
{
	(void)state;
	assert_string_equal(ledger_qualifier_code("左右"), "about");
	assert_string_equal(ledger_qualifier_code("about"), "about");
	assert_string_equal(ledger_qualifier_code("以上"), "at_least");
	assert_string_equal(ledger_qualifier_code("近"), "nearly");
	assert_string_equal(ledger_qualifier_code(""), "");
	assert_string_equal(ledger_qualifier_code(NULL), "");
	assert_null(ledger_qualifier_code("大约"));
	assert_string_equal(ledger_qualifier_label("guarantee"), "确保");
	assert_string_equal(ledger_qualifier_label("xyz"), "xyz");
}

static void test_deadline(void **state)
{
	date_t d = 0, want = 0;
	err_t e;
	(void)state;
	assert_int_equal(date_from_ymd(2024, 12, 31, &want, NULL), 0);
	assert_int_equal(ledger_deadline_date("年底", 2024, "--deadline", &d, &e), 0);
	assert_int_equal(d, want);
	assert_int_equal(ledger_deadline_date("", 2024, "--deadline", &d, &e), 0);
	assert_int_equal(d, want);
	assert_int_equal(ledger_deadline_date(NULL, 2024, "--deadline", &d, &e), 0);
	assert_int_equal(d, want);
	assert_int_equal(date_from_ymd(2025, 12, 31, &want, NULL), 0);
	assert_int_equal(ledger_deadline_date("到2025年", 2024, "--deadline", &d, &e), 0);
	assert_int_equal(d, want);
	assert_int_equal(ledger_deadline_date("2025年前", 2024, "--deadline", &d, &e), 0);
	assert_int_equal(d, want);
	assert_int_equal(ledger_deadline_date("2025", 2024, "--deadline", &d, &e), 0);
	assert_int_equal(d, want);
	assert_int_equal(date_from_ymd(2024, 6, 30, &want, NULL), 0);
	assert_int_equal(ledger_deadline_date("2024-06-30", 2024, "--deadline", &d, &e), 0);
	assert_int_equal(d, want);
	assert_int_equal(ledger_deadline_date("2024-13-01", 2024, "--deadline", &d, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "--deadline");
	assert_int_equal(ledger_deadline_date("尽快", 2024, "--deadline", &d, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "尽快"));
	assert_int_equal(ledger_deadline_date("12345", 2024, "--deadline", &d, &e), ERR_INVALID);
}

static void test_actor_and_url(void **state)
{
	arena_t *a = arena_new(0, 0);
	str_t s;
	(void)state;
	setenv("DUBAN_USER", "督查室小王", 1);
	s = ledger_actor(a);
	assert_true(str_eq_cstr(s, "督查室小王"));
	unsetenv("DUBAN_USER");
	s = ledger_actor(a);
	assert_true(s.len > 0);
	unsetenv("DUBAN_DB");
	assert_string_equal(ledger_db_url(NULL), "duban.db");
	setenv("DUBAN_DB", "/tmp/x.db", 1);
	assert_string_equal(ledger_db_url(NULL), "/tmp/x.db");
	assert_string_equal(ledger_db_url("y.db"), "y.db");
	unsetenv("DUBAN_DB");
	arena_free(a);
}

static void test_unit_resolve(void **state)
{
	pgtest_fx_t *f = *state;
	store_unit_t u;
	err_t e;
	long long city = pgtest_add_unit(f->s, "保定市", 0);
	long long dept = pgtest_add_unit(f->s, "市发改委", city);
	long long num = pgtest_add_unit(f->s, "2024", city); /* a unit named by digits */
	assert_true(city > 0 && dept > 0 && num > 0);

	PGTEST_OK(ledger_unit_resolve(f->s, f->a, "市发改委", "--lead", &u, &e_));
	assert_int_equal(u.id, dept);
	assert_int_equal(u.parent_id, city);
	PGTEST_OK(ledger_unit_resolve(f->s, f->a, "1", "--lead", &u, &e_));
	assert_true(str_eq_cstr(u.name, "保定市"));
	/* digits that are no id fall back to the name */
	PGTEST_OK(ledger_unit_resolve(f->s, f->a, "2024", "--lead", &u, &e_));
	assert_int_equal(u.id, num);
	setenv("DUBAN_LANG", "zh-CN", 1);
	PGTEST_FAILS(ERR_INVALID, ledger_unit_resolve(f->s, f->a, "市教育局", "--lead", &u, &e));
	assert_string_equal(e.field, "--lead");
	assert_non_null(strstr(e.msg, "--lead: 没有单位 '市教育局'"));
	setenv("DUBAN_LANG", "en", 1);
	PGTEST_FAILS(ERR_INVALID, ledger_unit_resolve(f->s, f->a, "市教育局", "--lead", &u, &e));
	assert_non_null(strstr(e.msg, "no unit '市教育局'"));
	unsetenv("DUBAN_LANG");
	PGTEST_FAILS(ERR_INVALID, ledger_unit_resolve(f->s, f->a, "999", "--owner", &u, &e));
	assert_string_equal(e.field, "--owner");
	PGTEST_FAILS(ERR_INVALID, ledger_unit_resolve(f->s, f->a, "", "--unit", &u, &e));
	PGTEST_FAILS(ERR_INVALID, ledger_unit_resolve(f->s, f->a, NULL, "--unit", &u, &e));

	store_unit_t *all = NULL;
	size_t n = 0;
	PGTEST_OK(store_unit_list(f->s, f->a, &all, &n, &e_));
	assert_string_equal(ledger_unit_name(f->a, all, n, dept), "市发改委");
	assert_string_equal(ledger_unit_name(f->a, all, n, 0), "");
	assert_string_equal(ledger_unit_name(f->a, all, n, 77), "#77");
}

static void test_plan_editable(void **state)
{
	pgtest_fx_t *f = *state;
	err_t e;
	long long plan = pgtest_add_plan(f->s);
	assert_true(plan > 0);
	PGTEST_OK(ledger_plan_editable(f->s, f->a, plan, &e_));
	PGTEST_OK(store_plan_set_state(f->s, ACTOR, plan, STR_LIT("closed"), &e_));
	PGTEST_FAILS(ERR_CONFLICT, ledger_plan_editable(f->s, f->a, plan, &e));
	PGTEST_FAILS(ERR_NOTFOUND, ledger_plan_editable(f->s, f->a, plan + 100, &e));
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_display_width),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_grows_and_fails),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_qualifier),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_actor_and_url),
	};
	const struct CMUnitTest store[] = {
		cmocka_unit_test_setup_teardown(test_unit_resolve, pgtest_setup_sqlite,
						pgtest_teardown),
		cmocka_unit_test_setup_teardown(test_plan_editable, pgtest_setup_sqlite,
						pgtest_teardown),
	};
	int rc = cmocka_run_group_tests_name("ledger helpers", pure, NULL, NULL);
	return rc + cmocka_run_group_tests_name("ledger on sqlite", store, NULL, NULL);
}
