/* cli.c — dispatch: finds the command, parses its options, runs it, reports errors as
 * "duban: <command>: <message>" (in Chinese led by the kind of error) and maps error
 * codes to exit statuses (the one place); the message language and bilingual help
 * texts (cli_lang_en, cli_text). */
#include "cli/cli.h"

#include "base/log.h"
#include "cli/version.h"

#include <stdlib.h>
#include <string.h>

int cli_exit_status(int code)
{
	switch (code) {
	case 0: return CLI_EXIT_OK;
	case ERR_USAGE: return CLI_EXIT_USAGE;
	case ERR_INVALID:
	case ERR_LIMIT: return CLI_EXIT_INVALID;
	default: return CLI_EXIT_FAILURE;
	}
}

const cli_command_t *cli_find_command(const char *name)
{
	for (size_t i = 0; cli_commands[i]; i++)
		if (strcmp(cli_commands[i]->name, name) == 0)
			return cli_commands[i];
	return NULL;
}

str_t cli_text(bool en, const char *text)
{
	const char *sep = text ? strchr(text, CLI_EN[0]) : NULL;

	if (!text)
		return str_make("", 0);
	if (!sep)
		return str_from_cstr(text);
	return en ? str_from_cstr(sep + 1) : str_make(text, (size_t)(sep - text));
}

const char *cli_msg(const char *zh, const char *en)
{
	return cli_lang_en() ? en : zh;
}

const char *cli_err_lead(int code)
{
	switch (code) {
	case ERR_NOMEM: return "内存不足";
	case ERR_INVALID: return "输入无效";
	case ERR_NOTFOUND: return "未找到";
	case ERR_LIMIT: return "超出限制";
	case ERR_IO: return "读写失败";
	case ERR_CONFLICT: return "冲突";
	case ERR_DENIED: return "无权操作";
	case ERR_DB: return "存储错误";
	case ERR_USAGE: return "用法错误";
	case ERR_AUTH: return "身份验证失败";
	case ERR_UNAVAILABLE: return "暂不可用";
	default: return "内部错误";
	}
}

void cli_print_command_help(FILE *f, const cli_command_t *c, bool en)
{
	str_t summary = cli_text(en, c->summary);

	fprintf(f, "%s duban %s %s\n\n%.*s\n", en ? "usage:" : "用法:", c->name,
		c->usage ? c->usage : "", STR_FMT(summary));
	if (c->help) {
		str_t help = cli_text(en, c->help);
		fprintf(f, "\n%.*s\n", STR_FMT(help));
	}
	if (c->nopts)
		fprintf(f, "\n%s\n", en ? "options:" : "选项:");
	for (size_t i = 0; i < c->nopts; i++) {
		const cli_opt_t *o = &c->opts[i];
		str_t help = cli_text(en, o->help);
		char head[64];
		snprintf(head, sizeof head, "%s%s%s%s", o->name[1] ? "--" : "-", o->name,
			 o->metavar ? " " : "", o->metavar ? o->metavar : "");
		fprintf(f, "  %-24s %.*s%s\n", head, STR_FMT(help),
			o->kind == CLI_MULTI ? (en ? " (may repeat)" : "（可重复）") : "");
	}
}

void cli_print_commands(FILE *f, bool en)
{
	for (size_t i = 0; cli_commands[i]; i++) {
		str_t summary = cli_text(en, cli_commands[i]->summary);
		fprintf(f, "  %-16s %.*s\n", cli_commands[i]->name, STR_FMT(summary));
	}
}

static void cli_print_usage(FILE *f, bool en)
{
	if (en)
		fprintf(f,
			"duban %s — 督办: turns a published plan into a ledger of record and "
			"follows it.\n\nusage: duban <command> [options]\n       duban help "
			"<command>\n       duban --version\n\ncommands:\n",
			DUBAN_VERSION);
	else
		fprintf(f,
			"duban %s — 督办：把发布的规划、工作报告转为督办台账，并跟踪落实进度。\n\n"
			"用法: duban <命令> [选项]\n      duban help <命令>\n      duban "
			"--version\n\n命令:\n",
			DUBAN_VERSION);
	cli_print_commands(f, en);
	if (en)
		fprintf(f, "\nexit status: 0 success, 1 runtime failure, 2 usage error, 3 invalid "
			   "input.\nEvery command that prints data takes --json.\nMessages are in "
			   "Chinese unless DUBAN_LANG (or LANG) starts with \"en\".\n");
	else
		fprintf(f, "\n退出状态: 0 成功，1 运行失败，2 用法错误，3 输入无效。\n"
			   "输出数据的命令都接受 --json。\n"
			   "提示信息默认为中文；DUBAN_LANG=en（或 LANG 以 en 开头）时为英文。\n");
}

const char *cli_nearest_command(const char *name)
{
	const char *names[128];
	size_t n = 0;

	for (; n < 128 && cli_commands[n]; n++)
		names[n] = cli_commands[n]->name;
	return cli_nearest(name, names, n);
}

bool cli_lang_en(void)
{
	static const char *const vars[] = { "DUBAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "en", 2) == 0;
	}
	return false;
}

static int cli_unknown_command(const char *name, FILE *errf, bool en)
{
	const char *near = cli_nearest_command(name);

	if (near)
		fprintf(errf,
			en ? "duban: unknown command '%s' (did you mean '%s'?)\n"
			   : "duban: 用法错误：没有命令 '%s'（是否要用 '%s'？）\n",
			name, near);
	else
		fprintf(errf,
			en ? "duban: unknown command '%s'; see 'duban --help'\n"
			   : "duban: 用法错误：没有命令 '%s'；参见 'duban --help'\n",
			name);
	return CLI_EXIT_USAGE;
}

static bool cli_wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	}
	return false;
}

static int cli_check_positional(const cli_ctx_t *ctx, const cli_command_t *c, err_t *e)
{
	const cli_args_t *a = &ctx->args;

	if (a->npos < c->min_pos)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "缺少参数；用法: duban %s %s",
				      "missing argument; usage: duban %s %s"),
			       c->name, c->usage ? c->usage : "");
	if (a->npos > c->max_pos)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "多余的参数 '%s'；用法: duban %s %s",
				      "unexpected argument '%s'; usage: duban %s %s"),
			       a->pos[c->max_pos], c->name, c->usage ? c->usage : "");
	return 0;
}

void cli_print_error(FILE *errf, const char *command, bool en, int rc, const err_t *e)
{
	const char *msg = e->msg[0] ? e->msg : err_code_name(rc);

	if (en) {
		if (e->line > 0)
			fprintf(errf, "duban: %s: line %ld: %s\n", command, e->line, msg);
		else
			fprintf(errf, "duban: %s: %s\n", command, msg);
		if (rc == ERR_USAGE)
			fprintf(errf, "see 'duban help %s'\n", command);
		return;
	}
	fprintf(errf, "duban: %s: %s：", command, cli_err_lead(rc));
	if (e->line > 0 && e->offset >= 0)
		fprintf(errf, "第%ld行（字节偏移 %lld）：", e->line, e->offset);
	else if (e->line > 0)
		fprintf(errf, "第%ld行：", e->line);
	fputs(e->msg[0] ? e->msg : "（无详细信息）", errf);
	if (e->field[0] && !strstr(e->msg, e->field))
		fprintf(errf, "（字段 %s）", e->field);
	fputc('\n', errf);
	if (rc == ERR_USAGE)
		fprintf(errf, "参见 'duban help %s'\n", command);
}

static int cli_run_command(const cli_command_t *c, int argc, char **argv, FILE *out, FILE *errf)
{
	cli_ctx_t ctx = { .command = c->name, .out = out, .errf = errf, .en = cli_lang_en() };
	err_t e;
	int rc;

	err_clear(&e);
	if (cli_wants_help(argc, argv)) {
		cli_print_command_help(out, c, ctx.en);
		return CLI_EXIT_OK;
	}
	ctx.arena = arena_new(0, 0);
	if (!ctx.arena) {
		rc = err_set(&e, ERR_NOMEM, "%s", cli_tr(&ctx, "内存不足", "out of memory"));
		goto done;
	}
	rc = cli_args_parse(c->opts, c->nopts, argc, argv, &ctx.args, &e);
	if (rc == 0)
		rc = cli_check_positional(&ctx, c, &e);
	if (rc == 0) {
		ctx.json = cli_flag(&ctx.args, "json");
		rc = c->run(&ctx, &e);
	}
done:
	if (rc)
		cli_print_error(errf, c->name, ctx.en, rc, &e);
	arena_free(ctx.arena);
	return cli_exit_status(rc);
}

int cli_main(int argc, char **argv, FILE *out, FILE *errf)
{
	const char *lvl = getenv("DUBAN_LOG");
	log_level_t level;
	const cli_command_t *c;
	bool en = cli_lang_en();

	if (lvl && log_level_parse(lvl, &level) == 0)
		log_set_level(level);
	if (argc < 2) {
		cli_print_usage(errf, en);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_print_usage(out, en);
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		fprintf(out, "duban %s\n", DUBAN_VERSION);
		return CLI_EXIT_OK;
	}
	if (argv[1][0] == '-') {
		fprintf(errf,
			en ? "duban: unknown option '%s'; see 'duban --help'\n"
			   : "duban: 用法错误：没有选项 '%s'；参见 'duban --help'\n",
			argv[1]);
		return CLI_EXIT_USAGE;
	}
	c = cli_find_command(argv[1]);
	if (!c)
		return cli_unknown_command(argv[1], errf, en);
	return cli_run_command(c, argc - 2, argv + 2, out, errf);
}
