/* cli.h — the command-line framework: the command table, the per-command context, the
 * option parser and the one place that maps error codes to exit statuses.
 *
 * Exit statuses (documented in `duban --help` and docs/cli.md):
 *   0 success, 1 runtime failure, 2 usage error, 3 invalid input. */
#ifndef DUBAN_CLI_CLI_H
#define DUBAN_CLI_CLI_H

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"

#include <stdbool.h>
#include <stdio.h>

enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILURE = 1, CLI_EXIT_USAGE = 2, CLI_EXIT_INVALID = 3 };

/* One option a command accepts. */
typedef enum cli_opt_kind {
	CLI_FLAG,  /* --name */
	CLI_VALUE, /* --name VALUE or --name=VALUE; the last one wins */
	CLI_MULTI  /* --name VALUE, may repeat */
} cli_opt_kind_t;

typedef struct cli_opt {
	const char *name; /* without the dashes */
	cli_opt_kind_t kind;
	const char *metavar; /* "FILE", for the help text; NULL for flags */
	const char *help;    /* bilingual: "中文" CLI_EN "English" */
} cli_opt_t;

#define CLI_MAX_OPTS  32
#define CLI_MAX_POS   16
#define CLI_MAX_MULTI 64

/* Parsed arguments: values point into argv (borrowed). */
typedef struct cli_args {
	const cli_opt_t *spec;
	size_t nspec;
	const char *values[CLI_MAX_OPTS]; /* CLI_VALUE: value or NULL; CLI_FLAG: "1" or NULL */
	const char *multi[CLI_MAX_OPTS][CLI_MAX_MULTI];
	size_t nmulti[CLI_MAX_OPTS];
	const char *pos[CLI_MAX_POS];
	size_t npos;
} cli_args_t;

/* What a command runs with. */
typedef struct cli_ctx {
	const char *command; /* the command's name, for messages */
	FILE *out;           /* data goes here */
	FILE *errf;          /* messages go here */
	arena_t *arena;      /* freed when the command returns */
	cli_args_t args;
	bool json; /* --json was given */
	bool en;   /* messages in English (DUBAN_LANG=en); zh-CN otherwise */
} cli_ctx_t;

/* The message language: English when DUBAN_LANG (else LC_ALL, LC_MESSAGES, LANG) starts
 * with "en", Simplified Chinese otherwise (the default: the users are Chinese offices). */
bool cli_lang_en(void);

/* A message for people in the context's language: zh or en (both static literals). */
static inline const char *cli_tr(const cli_ctx_t *ctx, const char *zh, const char *en)
{
	return ctx && ctx->en ? en : zh;
}

/* The lang argument of the model's label functions (org_role_label …): "en" or "zh-CN". */
static inline const char *cli_lang(const cli_ctx_t *ctx)
{
	return ctx && ctx->en ? "en" : "zh-CN";
}

/* Like cli_tr for code that has no context (the option parser, shared helpers): the
 * language of the process, cli_lang_en(). */
const char *cli_msg(const char *zh, const char *en);

/* Help text in both languages, one literal: "中文说明" CLI_EN "English help".  Used for
 * command summaries and help paragraphs and option help, so each command keeps one
 * table.  A text without CLI_EN is shown as it is in both languages. */
#define CLI_EN "\x1f"

/* The part of a bilingual text for the language: a view into text (borrowed); an empty
 * view for NULL. */
str_t cli_text(bool en, const char *text);

/* The Chinese lead that says what kind of error code is ("输入无效", "未找到", …);
 * static storage. */
const char *cli_err_lead(int code);

typedef struct cli_command {
	const char *name;
	const char *summary; /* one line; bilingual ("中文" CLI_EN "English") */
	const char *usage;   /* "FILE [--json]" */
	const char *help;    /* paragraphs after the usage line, bilingual; may be NULL */
	const cli_opt_t *opts;
	size_t nopts;
	size_t min_pos, max_pos; /* positional argument counts */
	/* Runs the command; returns 0 or a negative ERR_* code with e filled in. */
	int (*run)(cli_ctx_t *ctx, err_t *e);
} cli_command_t;

/* The table of every command, ended by NULL (commands.c). */
extern const cli_command_t *const cli_commands[];

/* Runs duban with argv; returns the process exit status.  Never calls exit(). */
int cli_main(int argc, char **argv, FILE *out, FILE *errf);

/* Prints the error line of a failed command: "duban: <command>: <message>".  In Chinese
 * (en false) the message is led by the kind of error from its code (输入无效：…), so an
 * English detail from a lower layer still says what happened, with the line and byte
 * offset when known (第3行（字节偏移 120）：) and the field when the message does not
 * name it; in English the message as it is ("line 3: " when known).  A usage error adds
 * a pointer to the command's help. */
void cli_print_error(FILE *errf, const char *command, bool en, int rc, const err_t *e);

/* The exit status for an error code (the one mapping). */
int cli_exit_status(int code);

/* Parses argv (after the command name) against spec; 0 or ERR_USAGE with a message that
 * names the nearest valid option, in the language of the process (cli_lang_en). */
int cli_args_parse(const cli_opt_t *spec, size_t nspec, int argc, char **argv, cli_args_t *out_args,
		   err_t *e);
/* The value of a CLI_VALUE option (or "1" for a given flag), NULL when absent. */
const char *cli_arg(const cli_args_t *a, const char *name);
bool cli_flag(const cli_args_t *a, const char *name);
/* The values of a CLI_MULTI option; *out_n gets the count.  Borrowed from argv. */
const char *const *cli_arg_multi(const cli_args_t *a, const char *name, size_t *out_n);

/* The candidate nearest to word by edit distance, or NULL when none is close. */
const char *cli_nearest(const char *word, const char *const *cands, size_t ncands);

/* The command name nearest to name, or NULL when none is close. */
const char *cli_nearest_command(const char *name);

/* Prints the help of one command in Chinese, or in English when en. */
void cli_print_command_help(FILE *f, const cli_command_t *c, bool en);
/* Prints "  name  summary" for every command, in Chinese or in English when en. */
void cli_print_commands(FILE *f, bool en);
const cli_command_t *cli_find_command(const char *name);

#endif
