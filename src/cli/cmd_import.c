/* cmd_import.c — `duban import FILE [--title T] [--year N]`: runs the extraction
 * pipeline (extract_run) over a published plan and writes what it found as a draft plan
 * with store_import_draft (store/import.h): the outline as the task tree, targets,
 * results, key projects, the glossary and the source document, in ONE transaction, so a
 * rejected import changes nothing. */
#include "cli/ledger.h"
#include "cli/plan_import.h"

#include "base/mem.h"
#include "store/import.h"

#include <string.h>

static const cli_opt_t import_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "title", CLI_VALUE, "TEXT",
	  "规划标题（默认取文件标题）" CLI_EN "the plan's title (default: the document's)" },
	{ "year", CLI_VALUE, "N",
	  "规划年度（默认取文件中的年度）" CLI_EN "the plan's year (default: the document's)" },
};

static int import_print_json(cli_ctx_t *ctx, const draft_t *d, const store_plan_t *plan,
			     const store_import_counts_t *c, err_t *e)
{
	json_t *outline = json_array(), *warn = json_array();
	for (size_t i = 0; i < d->nodes.n; i++)
		json_array_append_new(
			outline,
			json_pack("{s:i, s:i, s:i, s:s, s:s}", "id", d->nodes.v[i].id, "parent",
				  d->nodes.v[i].parent, "level", d->nodes.v[i].level, "label",
				  d->nodes.v[i].label ? d->nodes.v[i].label : "", "title",
				  d->nodes.v[i].title ? d->nodes.v[i].title : ""));
	for (size_t i = 0; i < d->doc.nwarnings; i++)
		json_array_append_new(warn, json_string(d->doc.warnings[i]));
	return ledger_json_print(
		ctx->out,
		json_pack("{s:I, s:o, s:i, s:s, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:b, s:o, "
			  "s:o}",
			  "plan_id", (json_int_t)plan->id, "title", ledger_json_str(plan->title),
			  "year", plan->year, "state", "draft", "counts", "nodes",
			  (json_int_t)c->nodes, "targets", (json_int_t)c->targets, "results",
			  (json_int_t)c->results, "projects", (json_int_t)c->projects, "lead_units",
			  (json_int_t)c->leads, "units_named", (json_int_t)d->units.n, "glossary",
			  (json_int_t)c->glossary, "document", c->document, "outline", outline,
			  "warnings", warn),
		e);
}

static int import_print(cli_ctx_t *ctx, const draft_t *d, const store_plan_t *plan,
			const store_import_counts_t *c, err_t *e)
{
	if (ctx->json)
		return import_print_json(ctx, d, plan, c, e);
	fprintf(ctx->out,
		cli_tr(ctx, "已导入计划 %lld《%.*s》%d 年（草稿）\n",
		       "imported plan %lld 《%.*s》 %d (draft)\n"),
		plan->id, STR_FMT(plan->title), plan->year);
	fprintf(ctx->out,
		cli_tr(ctx,
		       "  任务 %zu 项（%zu 项已有牵头单位），目标 %zu 个，完成情况 %zu 条，"
		       "重点项目 %zu 个，提及单位 %zu 个，名词解释 %zu 条\n",
		       "  %zu tasks (%zu with a lead unit), %zu targets, %zu results, %zu key "
		       "projects, %zu units named, %zu glossary notes\n"),
		c->nodes, c->leads, c->targets, c->results, c->projects, d->units.n, c->glossary);
	if (c->document)
		fprintf(ctx->out,
			cli_tr(ctx, "  原文已保存（%s，%zu 字节），可用于核对\n",
			       "  source document stored (%s, %zu bytes) for review\n"),
			d->doc.encoding ? d->doc.encoding : "?", d->doc.bytes);
	for (size_t i = 0; i < d->doc.nwarnings; i++)
		fprintf(ctx->out, "  %s: %s\n", cli_tr(ctx, "提示", "warning"), d->doc.warnings[i]);
	fputc('\n', ctx->out);
	for (size_t i = 0; i < d->nodes.n; i++) {
		const draft_node_t *n = &d->nodes.v[i];
		for (int k = 1; k < n->level && k < 16; k++)
			fputs("  ", ctx->out);
		fprintf(ctx->out, "%s%s\n", n->label ? n->label : "", n->title ? n->title : "");
	}
	return 0;
}

static int import_run(cli_ctx_t *ctx, err_t *e)
{
	const char *path = ctx->args.pos[0];
	const char *title = cli_arg(&ctx->args, "title");
	const char *year = cli_arg(&ctx->args, "year");
	store_import_counts_t c = { 0 };
	store_plan_t plan = { 0 };
	draft_t *d = NULL;
	store_t *s = NULL;
	char *data = NULL;
	size_t n = 0;
	long long y = 0;
	int rc = 0;

	if (year && (str_to_ll(str_trim(str_from_cstr(year)), &y) < 0 || y < DATE_YEAR_MIN ||
		     y > DATE_YEAR_MAX)) {
		err_set(e, ERR_INVALID,
			cli_tr(ctx, "--year：'%s' 不是年份", "--year: '%s' is not a year"), year);
		return err_field(e, "year");
	}
	rc = plan_import_read(ctx, path, &data, &n, e);
	if (rc == 0)
		rc = plan_import_prepare(ctx, path, data, n, title, (int)y, &d, &plan, e);
	if (rc == 0)
		rc = ledger_open(ctx, &s, NULL, e);
	if (rc == 0)
		rc = store_import_draft(s, ctx->arena, ledger_actor(ctx->arena), d,
					str_make(data, n), &plan, &c, e);
	if (rc == 0)
		rc = import_print(ctx, d, &plan, &c, e);
	store_close(s);
	draft_free(d);
	mem_free(data);
	return rc;
}

const cli_command_t cmd_import = {
	.name = "import",
	.summary = "从公开发布的文件生成规划草稿（任务树、目标、项目）" CLI_EN
		   "draft a plan from a published document (task tree, targets, projects)",
	.usage = "FILE [--title T] [--year N] [--db FILE|URL] [--json]",
	.help = "读取 FILE（UTF-8、GB18030 或 Big5 文本），提取提纲、量化目标、完成情况、重点\n"
		"项目和名词解释，连同原文在一个事务中写为规划草稿：任何一项被拒绝，就什么都\n"
		"不写入。修改草稿（assign、target set、plan add-node）后执行\n"
		"'duban plan activate ID'。" CLI_EN
		"Reads FILE (UTF-8, GB18030 or Big5 text), extracts the outline, quantified\n"
		"targets, results, key projects and the glossary, and writes them with the\n"
		"source document as a draft plan in one transaction: if anything is\n"
		"rejected, nothing is written.  Correct the draft (assign, target set, plan\n"
		"add-node), then 'duban plan activate ID'.",
	.opts = import_opts,
	.nopts = sizeof import_opts / sizeof import_opts[0],
	.min_pos = 1,
	.max_pos = 1,
	.run = import_run,
};
