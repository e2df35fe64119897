/* cli.c — dispatch: finds the command, parses its options, runs it, reports errors as
 * "duban: <command>: <message>" and maps error codes to exit statuses (the one place). */
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

void cli_print_command_help(FILE *f, const cli_command_t *c)
{
	fprintf(f, "usage: duban %s %s\n\n%s\n", c->name, c->usage ? c->usage : "", c->summary);
	if (c->help)
		fprintf(f, "\n%s\n", c->help);
	if (c->nopts)
		fprintf(f, "\noptions:\n");
	for (size_t i = 0; i < c->nopts; i++) {
		const cli_opt_t *o = &c->opts[i];
		char head[64];
		snprintf(head, sizeof head, "%s%s%s%s", o->name[1] ? "--" : "-", o->name,
			 o->metavar ? " " : "", o->metavar ? o->metavar : "");
		fprintf(f, "  %-24s %s%s\n", head, o->help ? o->help : "",
			o->kind == CLI_MULTI ? " (may repeat)" : "");
	}
}

static void cli_print_usage(FILE *f)
{
	fprintf(f,
		"duban %s — 督办: turns a published plan into a ledger of record and follows "
		"it.\n\nusage: duban <command> [options]\n       duban help <command>\n"
		"       duban --version\n\ncommands:\n",
		DUBAN_VERSION);
	for (size_t i = 0; cli_commands[i]; i++)
		fprintf(f, "  %-16s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
	fprintf(f, "\nexit status: 0 success, 1 runtime failure, 2 usage error, 3 invalid "
		   "input.\nEvery command that prints data takes --json.\n");
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

static int cli_unknown_command(const char *name, FILE *errf)
{
	const char *near = cli_nearest_command(name);

	if (near)
		fprintf(errf, "duban: unknown command '%s' (did you mean '%s'?)\n", name, near);
	else
		fprintf(errf, "duban: unknown command '%s'; see 'duban --help'\n", name);
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

static int cli_check_positional(const cli_command_t *c, const cli_args_t *a, err_t *e)
{
	if (a->npos < c->min_pos)
		return err_set(e, ERR_USAGE, "missing argument; usage: duban %s %s", c->name,
			       c->usage ? c->usage : "");
	if (a->npos > c->max_pos)
		return err_set(e, ERR_USAGE, "unexpected argument '%s'; usage: duban %s %s",
			       a->pos[c->max_pos], c->name, c->usage ? c->usage : "");
	return 0;
}

static int cli_run_command(const cli_command_t *c, int argc, char **argv, FILE *out, FILE *errf)
{
	cli_ctx_t ctx = { .command = c->name, .out = out, .errf = errf, .en = cli_lang_en() };
	err_t e;
	int rc;

	err_clear(&e);
	if (cli_wants_help(argc, argv)) {
		cli_print_command_help(out, c);
		return CLI_EXIT_OK;
	}
	ctx.arena = arena_new(0, 0);
	if (!ctx.arena) {
		rc = err_set(&e, ERR_NOMEM, "out of memory");
		goto done;
	}
	rc = cli_args_parse(c->opts, c->nopts, argc, argv, &ctx.args, &e);
	if (rc == 0)
		rc = cli_check_positional(c, &ctx.args, &e);
	if (rc == 0) {
		ctx.json = cli_flag(&ctx.args, "json");
		rc = c->run(&ctx, &e);
	}
done:
	if (rc) {
		if (e.line > 0)
			fprintf(errf, "duban: %s: line %ld: %s\n", c->name, e.line, e.msg);
		else
			fprintf(errf, "duban: %s: %s\n", c->name,
				e.msg[0] ? e.msg : err_code_name(rc));
		if (rc == ERR_USAGE)
			fprintf(errf, "see 'duban help %s'\n", c->name);
	}
	arena_free(ctx.arena);
	return cli_exit_status(rc);
}

int cli_main(int argc, char **argv, FILE *out, FILE *errf)
{
	const char *lvl = getenv("DUBAN_LOG");
	log_level_t level;
	const cli_command_t *c;

	if (lvl && log_level_parse(lvl, &level) == 0)
		log_set_level(level);
	if (argc < 2) {
		cli_print_usage(errf);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_print_usage(out);
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		fprintf(out, "duban %s\n", DUBAN_VERSION);
		return CLI_EXIT_OK;
	}
	if (argv[1][0] == '-') {
		fprintf(errf, "duban: unknown option '%s'; see 'duban --help'\n", argv[1]);
		return CLI_EXIT_USAGE;
	}
	c = cli_find_command(argv[1]);
	if (!c)
		return cli_unknown_command(argv[1], errf);
	return cli_run_command(c, argc - 2, argv + 2, out, errf);
}
