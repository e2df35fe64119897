/* cmd_help.c — `duban help [COMMAND]` and `duban version`. */
#include "cli/cli.h"

#include "cli/version.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int help_run(cli_ctx_t *ctx, err_t *e)
{
	const cli_command_t *c;
	const char *near;

	if (ctx->args.npos == 0) {
		fputs(cli_tr(ctx, "用法: duban <命令> [选项]\n\n命令:\n",
			     "usage: duban <command> [options]\n\ncommands:\n"),
		      ctx->out);
		cli_print_commands(ctx->out, ctx->en);
		return 0;
	}
	c = cli_find_command(ctx->args.pos[0]);
	if (c) {
		cli_print_command_help(ctx->out, c, ctx->en);
		return 0;
	}
	near = cli_nearest_command(ctx->args.pos[0]);
	if (near)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "没有命令 '%s'（是否要用 '%s'？）",
				      "no command '%s' (did you mean '%s'?)"),
			       ctx->args.pos[0], near);
	return err_set(e, ERR_USAGE, cli_tr(ctx, "没有命令 '%s'", "no command '%s'"),
		       ctx->args.pos[0]);
}

const cli_command_t cmd_help = {
	.name = "help",
	.summary = "列出全部命令，或显示某个命令的说明" CLI_EN
		   "show the commands, or the help of one command",
	.usage = "[COMMAND]",
	.max_pos = 1,
	.run = help_run,
};

static const cli_opt_t version_opts[] = {
	{ "json", CLI_FLAG, NULL, "以 JSON 输出" CLI_EN "print as JSON" },
};

static int version_run(cli_ctx_t *ctx, err_t *e)
{
	json_t *o;
	char *z;

	if (!ctx->json) {
		fprintf(ctx->out, "duban %s\n", DUBAN_VERSION);
		return 0;
	}
	o = json_pack("{s:s, s:s}", "name", "duban", "version", DUBAN_VERSION);
	z = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!z)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(ctx, "内存不足", "out of memory"));
	fprintf(ctx->out, "%s\n", z);
	free(z);
	return 0;
}

const cli_command_t cmd_version = {
	.name = "version",
	.summary = "显示版本号" CLI_EN "print the version",
	.usage = "[--json]",
	.opts = version_opts,
	.nopts = 1,
	.run = version_run,
};
