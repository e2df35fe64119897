/* test_args.c — the option parser, "did you mean" suggestions, the exit-status map, and
 * the message language: cli_lang_en, bilingual help texts (cli_text), the Chinese lead
 * by error code, and the error line cli_main prints in each language. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
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
	setenv("DUBAN_LANG", "en", 1);
	assert_int_equal(cli_args_parse(spec, 3, 1, bad1, &a, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "did you mean '--json'"));
	assert_string_equal(e.field, "jsno");
	assert_int_equal(cli_args_parse(spec, 3, 1, bad2, &a, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "needs a value (FILE)"));
	assert_int_equal(cli_args_parse(spec, 3, 1, bad3, &a, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "takes no value"));
	assert_int_equal(cli_args_parse(spec, 3, 1, bad4, &a, &e), ERR_USAGE);
	/* the same errors in Chinese, the default */
	unsetenv("DUBAN_LANG");
	setenv("LANG", "C.UTF-8", 1);
	assert_int_equal(cli_args_parse(spec, 3, 1, bad1, &a, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "没有选项 '--jsno'（是否要用 '--json'？）"));
	assert_string_equal(e.field, "jsno");
	assert_int_equal(cli_args_parse(spec, 3, 1, bad2, &a, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "选项 '--db' 需要一个取值（FILE）"));
	assert_int_equal(cli_args_parse(spec, 3, 1, bad3, &a, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "选项 '--json' 不带取值"));
	assert_int_equal(cli_args_parse(spec, 3, 1, bad4, &a, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "没有选项 '-x'"));
}

static void test_lang(void **state)
{
	(void)state;
	unsetenv("DUBAN_LANG");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
	assert_false(cli_lang_en()); /* nothing set: Chinese */
	setenv("LANG", "en_US.UTF-8", 1);
	assert_true(cli_lang_en());
	setenv("LC_MESSAGES", "zh_CN.UTF-8", 1); /* LC_MESSAGES before LANG */
	assert_false(cli_lang_en());
	setenv("LC_ALL", "en_GB.UTF-8", 1); /* LC_ALL before LC_MESSAGES */
	assert_true(cli_lang_en());
	setenv("DUBAN_LANG", "zh-CN", 1); /* DUBAN_LANG first */
	assert_false(cli_lang_en());
	assert_string_equal(cli_msg("中文", "English"), "中文");
	setenv("DUBAN_LANG", "en", 1);
	assert_true(cli_lang_en());
	assert_string_equal(cli_msg("中文", "English"), "English");
	setenv("DUBAN_LANG", "", 1); /* empty: the next variable decides */
	assert_true(cli_lang_en());
	unsetenv("DUBAN_LANG");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "C.UTF-8", 1);
	assert_false(cli_lang_en());
}

static void test_text(void **state)
{
	cli_ctx_t zh = { .en = false }, en = { .en = true };
	str_t s;
	(void)state;
	s = cli_text(false, "以 JSON 输出" CLI_EN "print as JSON");
	assert_true(str_eq_cstr(s, "以 JSON 输出"));
	s = cli_text(true, "以 JSON 输出" CLI_EN "print as JSON");
	assert_true(str_eq_cstr(s, "print as JSON"));
	/* a text in one language only is the same in both */
	assert_true(str_eq_cstr(cli_text(false, "only English"), "only English"));
	assert_true(str_eq_cstr(cli_text(true, "only English"), "only English"));
	assert_int_equal(cli_text(true, NULL).len, 0);
	assert_string_equal(cli_tr(&zh, "中文", "English"), "中文");
	assert_string_equal(cli_tr(&en, "中文", "English"), "English");
	assert_string_equal(cli_tr(NULL, "中文", "English"), "中文");
	assert_string_equal(cli_lang(&en), "en");
	assert_string_equal(cli_lang(&zh), "zh-CN");
	assert_string_equal(cli_err_lead(ERR_INVALID), "输入无效");
	assert_string_equal(cli_err_lead(ERR_NOTFOUND), "未找到");
	assert_string_equal(cli_err_lead(ERR_CONFLICT), "冲突");
	assert_string_equal(cli_err_lead(ERR_DB), "存储错误");
	assert_string_equal(cli_err_lead(ERR_USAGE), "用法错误");
	assert_string_equal(cli_err_lead(12345), "内部错误");
	/* every command has a Chinese and an English summary */
	for (size_t i = 0; cli_commands[i]; i++) {
		str_t z = cli_text(false, cli_commands[i]->summary);
		str_t n = cli_text(true, cli_commands[i]->summary);
		assert_true(z.len > 0 && n.len > 0);
	}
}

/* Runs cli_main on argv; the text written to stdout and stderr goes to out and err. */
static int run_main(int argc, char **argv, char *out, size_t nout, char *err, size_t nerr)
{
	FILE *fo = tmpfile(), *fe = tmpfile();
	int rc;
	size_t k;

	assert_non_null(fo);
	assert_non_null(fe);
	rc = cli_main(argc, argv, fo, fe);
	rewind(fo);
	rewind(fe);
	k = fread(out, 1, nout - 1, fo);
	out[k] = '\0';
	k = fread(err, 1, nerr - 1, fe);
	err[k] = '\0';
	fclose(fo);
	fclose(fe);
	return rc;
}

/* cli_print_error into a string. */
static void error_line(bool en, int rc, const err_t *e, char *out, size_t nout)
{
	FILE *f = tmpfile();
	size_t k;

	assert_non_null(f);
	cli_print_error(f, "extract", en, rc, e);
	rewind(f);
	k = fread(out, 1, nout - 1, f);
	out[k] = '\0';
	fclose(f);
}

static void test_error_line(void **state)
{
	char out[1024];
	err_t e;
	(void)state;
	/* a lower layer's English detail with a location */
	err_set_at(&e, ERR_INVALID, 3, 120, "bad UTF-8 sequence");
	error_line(false, ERR_INVALID, &e, out, sizeof out);
	assert_string_equal(
		out, "duban: extract: 输入无效：第3行（字节偏移 120）：bad UTF-8 sequence\n");
	error_line(true, ERR_INVALID, &e, out, sizeof out);
	assert_string_equal(out, "duban: extract: line 3: bad UTF-8 sequence\n");
	err_set_at(&e, ERR_LIMIT, 7, -1, "too deep");
	error_line(false, ERR_LIMIT, &e, out, sizeof out);
	assert_string_equal(out, "duban: extract: 超出限制：第7行：too deep\n");
	/* the field, when the message does not name it */
	err_set(&e, ERR_CONFLICT, "changed by someone else");
	err_field(&e, "version");
	error_line(false, ERR_CONFLICT, &e, out, sizeof out);
	assert_string_equal(out, "duban: extract: 冲突：changed by someone else（字段 version）\n");
	err_set(&e, ERR_NOTFOUND, "--plan: no such plan");
	err_field(&e, "plan");
	error_line(false, ERR_NOTFOUND, &e, out, sizeof out);
	assert_string_equal(out, "duban: extract: 未找到：--plan: no such plan\n");
	/* a usage error points to the help; no message falls back */
	err_clear(&e);
	error_line(false, ERR_USAGE, &e, out, sizeof out);
	assert_string_equal(
		out, "duban: extract: 用法错误：（无详细信息）\n参见 'duban help extract'\n");
	error_line(true, ERR_USAGE, &e, out, sizeof out);
	assert_string_equal(out, "duban: extract: usage\nsee 'duban help extract'\n");
	err_set(&e, ERR_DB, "sqlite: disk I/O error");
	error_line(false, ERR_DB, &e, out, sizeof out);
	assert_string_equal(out, "duban: extract: 存储错误：sqlite: disk I/O error\n");
}

static void test_main_language(void **state)
{
	char *bad_opt[] = { "duban", "version", "--jsn", NULL };
	char *bad_cmd[] = { "duban", "versoin", NULL };
	char *help[] = { "duban", "help", "version", NULL };
	char *db[] = { "duban", "init", "--db", "/nonexistent-dir/x/y.db", NULL };
	char out[4096], err[4096];
	(void)state;
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "C.UTF-8", 1);
	unsetenv("DUBAN_LANG");

	assert_int_equal(run_main(3, bad_opt, out, sizeof out, err, sizeof err), CLI_EXIT_USAGE);
	assert_non_null(strstr(err,
			       "duban: version: 用法错误：没有选项 '--jsn'（是否要用 '--json'？）\n"
			       "参见 'duban help version'\n"));
	assert_int_equal(run_main(2, bad_cmd, out, sizeof out, err, sizeof err), CLI_EXIT_USAGE);
	assert_non_null(strstr(err, "没有命令 'versoin'（是否要用 'version'？）"));
	assert_int_equal(run_main(3, help, out, sizeof out, err, sizeof err), CLI_EXIT_OK);
	assert_non_null(strstr(out, "用法: duban version [--json]\n\n显示版本号\n"));
	assert_non_null(strstr(out, "  --json                   以 JSON 输出\n"));
	/* a lower layer's English detail is led by the kind of error in Chinese */
	assert_int_equal(run_main(4, db, out, sizeof out, err, sizeof err), CLI_EXIT_FAILURE);
	assert_non_null(
		strstr(err, "duban: init: 存储错误：无法打开数据库 '/nonexistent-dir/x/y.db'"));

	setenv("DUBAN_LANG", "en", 1);
	assert_int_equal(run_main(3, bad_opt, out, sizeof out, err, sizeof err), CLI_EXIT_USAGE);
	assert_non_null(strstr(err,
			       "duban: version: unknown option '--jsn' (did you mean '--json'?)\n"
			       "see 'duban help version'\n"));
	assert_int_equal(run_main(2, bad_cmd, out, sizeof out, err, sizeof err), CLI_EXIT_USAGE);
	assert_non_null(strstr(err, "unknown command 'versoin' (did you mean 'version'?)"));
	assert_int_equal(run_main(3, help, out, sizeof out, err, sizeof err), CLI_EXIT_OK);
	assert_non_null(strstr(out, "usage: duban version [--json]\n\nprint the version\n"));
	assert_non_null(strstr(out, "  --json                   print as JSON\n"));
	assert_int_equal(run_main(4, db, out, sizeof out, err, sizeof err), CLI_EXIT_FAILURE);
	assert_non_null(strstr(err, "duban: init: cannot open database '/nonexistent-dir/x/y.db'"));
	unsetenv("DUBAN_LANG");
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
		cmocka_unit_test(test_parse),      cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nearest),    cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_lang),       cmocka_unit_test(test_text),
		cmocka_unit_test(test_error_line), cmocka_unit_test(test_main_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
