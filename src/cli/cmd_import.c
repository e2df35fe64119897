/* cmd_import.c — `duban import FILE [--title T] [--year N]`: runs the
 * extraction pipeline (extract_run) over a published plan and writes what it
 * found as a draft plan (cli/plan_import.h: the outline as the task tree,
 * targets, key projects, in ONE transaction, so a rejected import changes
 * nothing).  Results (完成情况) are counted but not stored: the store's targets
 * have no kind to tell a result from a target. */
#include "cli/ledger.h"
#include "cli/plan_import.h"

#include "base/mem.h"
#include "extract/extract.h"

#include <string.h>

static const cli_opt_t import_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "title", CLI_VALUE, "TEXT", "the plan's title (default: the document's)" },
	{ "year", CLI_VALUE, "N", "the plan's year (default: the document's)" },
};

static int import_print(cli_ctx_t *ctx, const draft_t *d, const store_plan_t *plan,
			const plan_import_counts_t *c, err_t *e)
{
	if (ctx->json) {
		json_t *outline = json_array(), *warn = json_array();
		for (size_t i = 0; i < d->nodes.n; i++)
			json_array_append_new(
				outline,
				json_pack("{s:i, s:i, s:i, s:s, s:s}", "id", d->nodes.v[i].id,
					  "parent", d->nodes.v[i].parent, "level",
					  d->nodes.v[i].level, "label",
					  d->nodes.v[i].label ? d->nodes.v[i].label : "", "title",
					  d->nodes.v[i].title ? d->nodes.v[i].title : ""));
		for (size_t i = 0; i < d->doc.nwarnings; i++)
			json_array_append_new(warn, json_string(d->doc.warnings[i]));
		return ledger_json_print(
			ctx->out,
			json_pack(
				"{s:I, s:o, s:i, s:s, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:o, "
				"s:o}",
				"plan_id", (json_int_t)plan->id, "title",
				ledger_json_str(plan->title), "year", plan->year, "state", "draft",
				"counts", "nodes", (json_int_t)c->nodes, "targets",
				(json_int_t)c->targets, "results_not_stored",
				(json_int_t)c->results, "projects", (json_int_t)c->projects,
				"lead_units", (json_int_t)c->leads, "units_named",
				(json_int_t)d->units.n, "glossary", (json_int_t)d->glossary.n,
				"outline", outline, "warnings", warn),
			e);
	}
	fprintf(ctx->out, "imported plan %lld 《%.*s》 %d (draft)\n", plan->id,
		STR_FMT(plan->title), plan->year);
	fprintf(ctx->out,
		"  %zu tasks (%zu with a lead unit), %zu targets, %zu key projects, "
		"%zu units "
		"named, %zu glossary notes\n",
		c->nodes, c->leads, c->targets, c->projects, d->units.n, d->glossary.n);
	if (c->results)
		fprintf(ctx->out,
			"  %zu results (完成情况) found but not stored: the store has no "
			"kind for results\n",
			c->results);
	for (size_t i = 0; i < d->doc.nwarnings; i++)
		fprintf(ctx->out, "  warning: %s\n", d->doc.warnings[i]);
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
	extract_opts_t opts = { 0 };
	plan_import_counts_t c = { 0 };
	store_plan_t plan = { 0 };
	draft_t *d = NULL;
	store_t *s = NULL;
	char *data = NULL;
	size_t n = 0;
	long long y = 0;
	int rc = 0;

	if (year && (str_to_ll(str_trim(str_from_cstr(year)), &y) < 0 || y < DATE_YEAR_MIN ||
		     y > DATE_YEAR_MAX)) {
		err_set(e, ERR_INVALID, "--year: '%s' is not a year", year);
		return err_field(e, "year");
	}
	opts.year = (int)y;
	rc = plan_import_read(path, &data, &n, e);
	if (rc == 0) {
		rc = extract_run(data, n, &opts, &d, e);
		if (rc < 0)
			err_prefix(e, "%s", path);
	}
	mem_free(data);
	if (rc == 0) {
		plan.year = y ? (int)y : d->doc.year;
		plan.title = str_trim(str_from_cstr(title ? title : d->doc.title));
		if (plan.title.len == 0)
			plan.title = str_from_cstr(path);
		plan.source = str_from_cstr(path);
		if (plan.year <= 0) {
			err_set(e, ERR_INVALID, "the document does not say its year: give --year");
			rc = err_field(e, "year");
		}
	}
	if (rc == 0)
		rc = ledger_open(ctx, &s, NULL, e);
	if (rc == 0)
		rc = plan_import_write(s, ctx->arena, ledger_actor(ctx->arena), d, &plan, &c, e);
	if (rc == 0)
		rc = import_print(ctx, d, &plan, &c, e);
	store_close(s);
	draft_free(d);
	return rc;
}

const cli_command_t cmd_import = {
	.name = "import",
	.summary = "draft a plan from a published document (task tree, targets, projects)",
	.usage = "FILE [--title T] [--year N] [--db FILE|URL] [--json]",
	.help = "Reads FILE (UTF-8, GB18030 or Big5 text), extracts the outline, "
		"quantified\n"
		"targets and key projects, and writes them as a draft plan in one "
		"transaction:\n"
		"if anything is rejected, nothing is written.  Correct the draft "
		"(assign, target\n"
		"set, plan add-node), then 'duban plan activate ID'.",
	.opts = import_opts,
	.nopts = sizeof import_opts / sizeof import_opts[0],
	.min_pos = 1,
	.max_pos = 1,
	.run = import_run,
};
