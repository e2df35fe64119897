/* cmd_extract.c — `duban extract [FILE|-]`: runs the plan-import engine over one document
 * and prints the draft: a readable outline with the targets and results under their
 * headings, then projects and glossary; or, with --json, the object of
 * docs/extract-format.md. */
#include "cli/cli.h"

#include "base/buf.h"
#include "base/str.h"
#include "extract/extract.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt_t extract_opts[] = {
	{ "json", CLI_FLAG, NULL,
	  "以 JSON 输出草稿（见 docs/extract-format.md）" CLI_EN
	  "print the draft as JSON (docs/extract-format.md)" },
	{ "simplified", CLI_FLAG, NULL,
	  "标题和条目以简体显示" CLI_EN "show titles and items in Simplified script" },
	{ "year", CLI_VALUE, "N",
	  "文件未写明年度时使用的规划年度" CLI_EN
	  "the plan's year when the document does not say it" },
	{ "max-bytes", CLI_VALUE, "N",
	  "拒绝超过 N 字节的输入（默认 32 MiB）" CLI_EN
	  "refuse input larger than N bytes (default 32 MiB)" },
};

/* Parses a whole number option in [lo, hi]; ERR_USAGE naming the option otherwise. */
static int ex_num_opt(const cli_args_t *a, const char *name, long long lo, long long hi,
		      long long *io_v, err_t *e)
{
	const char *z = cli_arg(a, name);
	long long v;

	if (!z)
		return 0;
	if (str_to_ll(str_from_cstr(z), &v) != 0 || v < lo || v > hi)
		return err_set(e, ERR_USAGE,
			       cli_msg("--%s 必须是 %lld 到 %lld 之间的整数，不能是 '%s'",
				       "--%s must be a whole number from %lld to %lld, not '%s'"),
			       name, lo, hi, z);
	*io_v = v;
	return 0;
}

/* Reads all of path ("-" = stdin) into b, refusing more than max bytes. */
static int ex_read_input(const cli_ctx_t *ctx, const char *path, size_t max, buf_t *b, err_t *e)
{
	const char *in = cli_tr(ctx, "标准输入", "stdin");
	bool is_stdin = !path || strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t got;
	int rc = 0;

	if (!f)
		return err_set(e, ERR_IO, cli_tr(ctx, "无法打开 %s: %s", "cannot open %s: %s"),
			       path, strerror(errno));
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (buf_append(b, chunk, got) != 0)
			break;
	}
	if (buf_error(b) == ERR_LIMIT)
		rc = err_set(e, ERR_LIMIT,
			     cli_tr(ctx, "%s 超过 %zu 字节的上限（--max-bytes）",
				    "%s is larger than the limit of %zu bytes (--max-bytes)"),
			     is_stdin ? cli_tr(ctx, "输入", "the input") : path, max);
	else if (buf_error(b))
		rc = err_set(e, ERR_NOMEM,
			     cli_tr(ctx, "读取 %s 时内存不足", "out of memory reading %s"),
			     is_stdin ? in : path);
	else if (ferror(f))
		rc = err_set(e, ERR_IO, cli_tr(ctx, "无法读取 %s: %s", "cannot read %s: %s"),
			     is_stdin ? in : path, strerror(errno));
	if (!is_stdin)
		fclose(f);
	return rc;
}

static void ex_print_stmt(const cli_ctx_t *ctx, FILE *f, const draft_stmt_t *s, int depth)
{
	fprintf(f, "%*s%s %s%s%s %g", depth * 2, "",
		s->kind == DRAFT_TARGET ? cli_tr(ctx, "[目标]", "[target]")
					: cli_tr(ctx, "[结果]", "[result]"),
		s->indicator ? s->indicator : "", s->verb && *s->verb ? " " : "",
		s->verb ? s->verb : "", s->value);
	if (s->is_range)
		fprintf(f, "-%g", s->value_max);
	fprintf(f, "%s", s->unit ? s->unit : "");
	if (s->qualifier)
		fprintf(f, " (%s)", s->qualifier);
	if (s->deadline)
		fprintf(f, " [%s]", s->deadline);
	fputc('\n', f);
}

/* The outline, each node followed by its statements (bucketed per node through two
 * index arrays from the arena; statements of no known node come first). */
static int ex_print_outline(const cli_ctx_t *ctx, FILE *f, const draft_t *d, arena_t *a)
{
	size_t nn = d->nodes.n, ns = d->stmts.n;
	size_t *first = arena_alloc(a, (nn + 1) * sizeof *first);
	size_t *next = arena_alloc(a, (ns + 1) * sizeof *next);
	size_t *last = arena_alloc(a, (nn + 1) * sizeof *last);

	if (!first || !next || !last)
		return ERR_NOMEM;
	for (size_t i = 0; i <= nn; i++)
		first[i] = last[i] = SIZE_MAX;
	for (size_t j = 0; j < ns; j++) {
		int node = d->stmts.v[j].node;
		size_t b = node > 0 && (size_t)node <= nn ? (size_t)node : 0;
		next[j] = SIZE_MAX;
		if (first[b] == SIZE_MAX)
			first[b] = j;
		else
			next[last[b]] = j;
		last[b] = j;
	}
	for (size_t j = first[0]; j != SIZE_MAX; j = next[j])
		ex_print_stmt(ctx, f, &d->stmts.v[j], 0);
	for (size_t i = 0; i < nn; i++) {
		const draft_node_t *n = &d->nodes.v[i];
		int depth = n->level - 1;
		fprintf(f, "%*s%s%s%s\n", depth * 2, "", n->label ? n->label : "",
			n->label && *n->label ? " " : "", n->title ? n->title : "");
		for (size_t j = first[i + 1]; j != SIZE_MAX; j = next[j])
			ex_print_stmt(ctx, f, &d->stmts.v[j], depth + 1);
	}
	return 0;
}

/* The document's script for people: 简体 / 繁体 in Chinese, the code in English. */
static const char *ex_script_label(const cli_ctx_t *ctx, const char *script)
{
	if (!script)
		return "?";
	if (!ctx->en && strcmp(script, "simplified") == 0)
		return "简体";
	if (!ctx->en && strcmp(script, "traditional") == 0)
		return "繁体";
	return script;
}

static int ex_print_text(const cli_ctx_t *ctx, FILE *f, const draft_t *d, arena_t *a)
{
	const draft_doc_t *doc = &d->doc;
	int rc;

	fprintf(f, "%s\n", doc->title ? doc->title : cli_tr(ctx, "（无标题）", "(untitled)"));
	fprintf(f, cli_tr(ctx, "编码 %s，字形 %s，%zu 字节", "encoding %s, script %s, %zu bytes"),
		doc->encoding ? doc->encoding : "?", ex_script_label(ctx, doc->script), doc->bytes);
	if (doc->year)
		fprintf(f, cli_tr(ctx, "，年度 %d", ", year %d"), doc->year);
	fprintf(f, "\n\n");
	rc = ex_print_outline(ctx, f, d, a);
	if (rc)
		return rc;
	if (d->projects.n)
		fputs(cli_tr(ctx, "\n重点项目:\n", "\nkey projects:\n"), f);
	for (size_t i = 0; i < d->projects.n; i++) {
		const draft_project_t *p = &d->projects.v[i];
		fprintf(f, "  %s %g%s%s%s%s%s\n", p->name ? p->name : "", p->investment,
			p->unit ? p->unit : "", p->stage ? " " : "", p->stage ? p->stage : "",
			p->place ? " " : "", p->place ? p->place : "");
	}
	if (d->glossary.n)
		fputs(cli_tr(ctx, "\n名词解释:\n", "\nglossary:\n"), f);
	for (size_t i = 0; i < d->glossary.n; i++) {
		const draft_gloss_t *g = &d->glossary.v[i];
		fprintf(f, "  %s %s (%zu)\n", g->label ? g->label : "", g->term ? g->term : "",
			g->ncited);
	}
	for (size_t i = 0; i < doc->nwarnings; i++)
		fprintf(f, cli_tr(ctx, "%s警告: %s\n", "%swarning: %s\n"), i ? "" : "\n",
			doc->warnings[i]);
	return 0;
}

static int ex_print_json(const cli_ctx_t *ctx, FILE *f, const draft_t *d, err_t *e)
{
	json_t *o = extract_to_json(d);
	char *z = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))
		    : NULL;

	json_decref(o);
	if (!z)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(ctx, "内存不足", "out of memory"));
	fprintf(f, "%s\n", z);
	free(z);
	return 0;
}

static int extract_cmd_run(cli_ctx_t *ctx, err_t *e)
{
	extract_opts_t o = { .max_bytes = EXTRACT_DEFAULT_MAX };
	long long year = 0, max = (long long)EXTRACT_DEFAULT_MAX;
	const char *path = ctx->args.npos ? ctx->args.pos[0] : "-";
	draft_t *d = NULL;
	buf_t b;
	int rc;

	rc = ex_num_opt(&ctx->args, "year", 1900, 2199, &year, e);
	if (rc == 0)
		rc = ex_num_opt(&ctx->args, "max-bytes", 1, (long long)1 << 40, &max, e);
	if (rc)
		return rc;
	o.max_bytes = (size_t)max;
	o.year = (int)year;
	o.simplified = cli_flag(&ctx->args, "simplified");
	buf_init(&b, o.max_bytes);
	rc = ex_read_input(ctx, path, o.max_bytes, &b, e);
	if (rc == 0)
		rc = extract_run(b.ptr ? b.ptr : "", b.len, &o, &d, e);
	if (rc == 0 && ctx->json)
		rc = ex_print_json(ctx, ctx->out, d, e);
	else if (rc == 0 && ex_print_text(ctx, ctx->out, d, ctx->arena) != 0)
		rc = err_set(e, ERR_NOMEM, "%s", cli_tr(ctx, "内存不足", "out of memory"));
	draft_free(d);
	buf_free(&b);
	return rc;
}

const cli_command_t cmd_extract = {
	.name = "extract",
	.summary = "从规划文件起草台账：大纲、目标、重点项目、名词解释" CLI_EN
		   "draft a ledger from a plan document: outline, targets, projects, glossary",
	.usage = "[FILE|-] [--json] [--simplified] [--year N] [--max-bytes N]",
	.help = "从 FILE 读取规划文件（UTF-8、GB18030 或 Big5；简体或繁体），FILE 为 '-' 或\n"
		"省略时从标准输入读取，并输出生成的草稿。JSON 中的位置是输入原文的字节范围。" CLI_EN
		"Reads a plan (UTF-8, GB18030 or Big5; Simplified or Traditional) from FILE, or\n"
		"from standard input when FILE is '-' or absent, and prints the draft it makes.\n"
		"Spans in the JSON are byte ranges of the input as given.",
	.opts = extract_opts,
	.nopts = sizeof extract_opts / sizeof extract_opts[0],
	.max_pos = 1,
	.run = extract_cmd_run,
};
