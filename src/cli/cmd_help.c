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
		fprintf(ctx->out, "usage: duban <command> [options]\n\ncommands:\n");
		for (size_t i = 0; cli_commands[i]; i++)
			fprintf(ctx->out, "  %-16s %s\n", cli_commands[i]->name,
				cli_commands[i]->summary);
		return 0;
	}
	c = cli_find_command(ctx->args.pos[0]);
	if (c) {
		cli_print_command_help(ctx->out, c);
		return 0;
	}
	near = cli_nearest_command(ctx->args.pos[0]);
	if (near)
		return err_set(e, ERR_USAGE, "no command '%s' (did you mean '%s'?)",
			       ctx->args.pos[0], near);
	return err_set(e, ERR_USAGE, "no command '%s'", ctx->args.pos[0]);
}

const cli_command_t cmd_help = {
	.name = "help",
	.summary = "show the commands, or the help of one command",
	.usage = "[COMMAND]",
	.max_pos = 1,
	.run = help_run,
};

static const cli_opt_t version_opts[] = {
	{ "json", CLI_FLAG, NULL, "print as JSON" },
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
		return err_set(e, ERR_NOMEM, "out of memory");
	fprintf(ctx->out, "%s\n", z);
	free(z);
	return 0;
}

const cli_command_t cmd_version = {
	.name = "version",
	.summary = "print the version",
	.usage = "[--json]",
	.opts = version_opts,
	.nopts = 1,
	.run = version_run,
};
