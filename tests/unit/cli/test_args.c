/* test_args.c — the option parser, "did you mean" suggestions and the exit-status map. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/cli.h"

#include <string.h>

static const cli_opt_t spec[] = {
	{ "json", CLI_FLAG, NULL, "JSON" },
	{ "db", CLI_VALUE, "FILE", "database" },
	{ "help-unit", CLI_MULTI, "UNIT", "cooperating unit" },
};

static void test_parse(void **state)
{
	char *argv[] = {
		"a.txt",       "--json",   "--db", "x.db",           "--help-unit=市住建局",
		"--help-unit", "市财政局", "--",   "--not-an-option"
	};
	cli_args_t a;
	err_t e;
	size_t n;
	const char *const *m;
	(void)state;
	assert_int_equal(cli_args_parse(spec, 3, 9, argv, &a, &e), 0);
	assert_true(cli_flag(&a, "json"));
	assert_string_equal(cli_arg(&a, "db"), "x.db");
	m = cli_arg_multi(&a, "help-unit", &n);
	assert_int_equal(n, 2);
	assert_string_equal(m[0], "市住建局");
	assert_string_equal(m[1], "市财政局");
	assert_int_equal(a.npos, 2);
	assert_string_equal(a.pos[0], "a.txt");
	assert_string_equal(a.pos[1], "--not-an-option");
	assert_null(cli_arg(&a, "nosuch"));
}

static void test_errors(void **state)
{
	char *bad1[] = { "--jsno" };
	char *bad2[] = { "--db" };
	char *bad3[] = { "--json=yes" };
	char *bad4[] = { "-x" };
	cli_args_t a;
	err_t e;
	(void)state;
	assert_int_equal(cli_args_parse(spec, 3, 1, bad1, &a, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "did you mean '--json'"));
	assert_string_equal(e.field, "jsno");
	assert_int_equal(cli_args_parse(spec, 3, 1, bad2, &a, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "needs a value (FILE)"));
	assert_int_equal(cli_args_parse(spec, 3, 1, bad3, &a, &e), ERR_USAGE);
	assert_int_equal(cli_args_parse(spec, 3, 1, bad4, &a, &e), ERR_USAGE);
}

static void test_nearest(void **state)
{
	const char *cands[] = { "extract", "export", "import", "status" };
	(void)state;
	assert_string_equal(cli_nearest("exract", cands, 4), "extract");
	assert_string_equal(cli_nearest("stat", cands, 4), "status");
	assert_null(cli_nearest("zzzzzzzz", cands, 4));
}

static void test_exit_status(void **state)
{
	(void)state;
	assert_int_equal(cli_exit_status(0), CLI_EXIT_OK);
	assert_int_equal(cli_exit_status(ERR_USAGE), CLI_EXIT_USAGE);
	assert_int_equal(cli_exit_status(ERR_INVALID), CLI_EXIT_INVALID);
	assert_int_equal(cli_exit_status(ERR_LIMIT), CLI_EXIT_INVALID);
	assert_int_equal(cli_exit_status(ERR_IO), CLI_EXIT_FAILURE);
	assert_int_equal(cli_exit_status(ERR_NOMEM), CLI_EXIT_FAILURE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nearest),
		cmocka_unit_test(test_exit_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
