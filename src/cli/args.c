/* args.c — the option parser shared by every command, with "did you mean" suggestions.
 * It runs before the command's context exists, so it looks the message language up once
 * per parse (cli_lang_en). */
#include "cli/cli.h"

#include <string.h>

static size_t args_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

const char *cli_nearest(const char *word, const char *const *cands, size_t ncands)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	size_t limit = strlen(word) / 2 + 1;

	for (size_t i = 0; i < ncands; i++) {
		size_t d = args_edit_distance(word, cands[i]);
		if (strncmp(word, cands[i], strlen(word)) == 0 && strlen(word) >= 2)
			d = 1;
		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	return best_d <= limit ? best : NULL;
}

static int args_unknown(const cli_opt_t *spec, size_t nspec, const char *name, bool en, err_t *e)
{
	const char *names[CLI_MAX_OPTS];
	const char *near;

	for (size_t i = 0; i < nspec; i++)
		names[i] = spec[i].name;
	near = cli_nearest(name, names, nspec);
	if (near)
		err_set(e, ERR_USAGE,
			en ? "unknown option '--%s' (did you mean '--%s'?)"
			   : "没有选项 '--%s'（是否要用 '--%s'？）",
			name, near);
	else
		err_set(e, ERR_USAGE, en ? "unknown option '--%s'" : "没有选项 '--%s'", name);
	return err_field(e, name);
}

static int args_take(cli_args_t *a, size_t k, const char *value, bool en, err_t *e)
{
	const cli_opt_t *o = &a->spec[k];

	if (o->kind == CLI_MULTI) {
		if (a->nmulti[k] >= CLI_MAX_MULTI)
			return err_set(e, ERR_USAGE,
				       en ? "too many '--%s' options" : "选项 '--%s' 给得太多",
				       o->name);
		a->multi[k][a->nmulti[k]++] = value;
	}
	a->values[k] = value;
	return 0;
}

static int args_option(cli_args_t *a, int argc, char **argv, int *io_i, bool en, err_t *e)
{
	char name[64];
	const char *arg = argv[*io_i] + 2;
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);

	if (n >= sizeof name)
		return err_set(e, ERR_USAGE,
			       en ? "option name too long: '%.20s…'" : "选项名太长: '%.20s…'",
			       argv[*io_i]);
	memcpy(name, arg, n);
	name[n] = '\0';
	for (size_t k = 0; k < a->nspec; k++) {
		if (strcmp(a->spec[k].name, name) != 0)
			continue;
		if (a->spec[k].kind == CLI_FLAG) {
			if (eq)
				return err_set(e, ERR_USAGE,
					       en ? "option '--%s' takes no value"
						  : "选项 '--%s' 不带取值",
					       name);
			a->values[k] = "1";
			return 0;
		}
		if (eq)
			return args_take(a, k, eq + 1, en, e);
		if (*io_i + 1 >= argc)
			return err_set(e, ERR_USAGE,
				       en ? "option '%s%s' needs a value (%s)"
					  : "选项 '%s%s' 需要一个取值（%s）",
				       name[1] ? "--" : "-", name,
				       a->spec[k].metavar ? a->spec[k].metavar : "VALUE");
		*io_i += 1;
		return args_take(a, k, argv[*io_i], en, e);
	}
	return args_unknown(a->spec, a->nspec, name, en, e);
}

/* Whether spec has a one-letter option named c. */
static bool args_short(const cli_args_t *a, char c)
{
	for (size_t k = 0; k < a->nspec; k++)
		if (a->spec[k].name[0] == c && a->spec[k].name[1] == '\0')
			return true;
	return false;
}

int cli_args_parse(const cli_opt_t *spec, size_t nspec, int argc, char **argv, cli_args_t *out_args,
		   err_t *e)
{
	bool only_pos = false, en = cli_lang_en();

	memset(out_args, 0, sizeof *out_args);
	if (nspec > CLI_MAX_OPTS)
		return err_set(e, ERR_INTERNAL, "too many options declared");
	out_args->spec = spec;
	out_args->nspec = nspec;
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (!only_pos && strcmp(s, "--") == 0) {
			only_pos = true;
		} else if (!only_pos && s[0] == '-' && s[1] == '-' && s[2]) {
			int rc = args_option(out_args, argc, argv, &i, en, e);
			if (rc)
				return rc;
		} else if (!only_pos && s[0] == '-' && s[1] && !s[2] &&
			   args_short(out_args, s[1])) {
			/* "-o FILE": a one-letter option may be spelled with one dash */
			char *argv_long[2] = { NULL, NULL };
			char name[4] = { '-', '-', s[1], '\0' };
			int j = 0, rc;
			argv_long[0] = name;
			argv_long[1] = i + 1 < argc ? argv[i + 1] : NULL;
			rc = args_option(out_args, argv_long[1] ? 2 : 1, argv_long, &j, en, e);
			if (rc)
				return rc;
			i += j;
		} else if (!only_pos && s[0] == '-' && s[1] && strcmp(s, "-") != 0) {
			return err_set(e, ERR_USAGE,
				       en ? "unknown option '%s' (options are spelled --name)"
					  : "没有选项 '%s'（选项的写法是 --名称）",
				       s);
		} else {
			if (out_args->npos >= CLI_MAX_POS)
				return err_set(e, ERR_USAGE, "%s",
					       en ? "too many arguments" : "参数太多");
			out_args->pos[out_args->npos++] = s;
		}
	}
	return 0;
}

static ssize_t args_index(const cli_args_t *a, const char *name)
{
	for (size_t k = 0; k < a->nspec; k++)
		if (strcmp(a->spec[k].name, name) == 0)
			return (ssize_t)k;
	return -1;
}

const char *cli_arg(const cli_args_t *a, const char *name)
{
	ssize_t k = args_index(a, name);

	return k < 0 ? NULL : a->values[k];
}

bool cli_flag(const cli_args_t *a, const char *name)
{
	return cli_arg(a, name) != NULL;
}

const char *const *cli_arg_multi(const cli_args_t *a, const char *name, size_t *out_n)
{
	ssize_t k = args_index(a, name);

	*out_n = k < 0 ? 0 : a->nmulti[k];
	return k < 0 ? NULL : a->multi[k];
}
