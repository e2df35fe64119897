/* cmd_import.c — `duban import FILE [--title T] [--year N]`: runs the
 * extraction pipeline (extract_run) over a published plan and writes what it
 * found as a draft plan: the outline as the task tree, targets, key projects.
 * Everything is written in ONE transaction, so a rejected import changes
 * nothing.  Results (完成情况) are counted but not stored: the store's targets
 * have no kind to tell a result from a target. */
#include "cli/ledger.h"

#include "base/buf.h"
#include "base/mem.h"
#include "extract/extract.h"

#include <errno.h>
#include <string.h>

static const cli_opt_t import_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "title", CLI_VALUE, "TEXT", "the plan's title (default: the document's)" },
	{ "year", CLI_VALUE, "N", "the plan's year (default: the document's)" },
};

typedef struct import_counts {
	size_t nodes, targets, results, projects, leads;
} import_counts_t;

/* Reads the whole file into *out_data (caller frees with mem_free). */
static int import_read(const char *path, char **out_data, size_t *out_n, err_t *e)
{
	FILE *f = fopen(path, "rb");
	buf_t b;
	char chunk[65536];
	size_t got;

	*out_data = NULL;
	if (!f)
		return err_set(e, ERR_IO, "cannot open '%s': %s", path, strerror(errno));
	buf_init(&b, EXTRACT_DEFAULT_MAX + 1);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, got);
	if (ferror(f)) {
		fclose(f);
		buf_free(&b);
		return err_set(e, ERR_IO, "cannot read '%s'", path);
	}
	fclose(f);
	if (buf_error(&b)) {
		int rc = buf_error(&b);
		buf_free(&b);
		return err_set(e, rc == ERR_LIMIT ? ERR_LIMIT : ERR_NOMEM,
			       "'%s' is larger than %zu bytes", path, EXTRACT_DEFAULT_MAX);
	}
	*out_data = buf_detach(&b, out_n);
	if (!*out_data) {
		*out_data = mem_strndup("", 0);
		*out_n = 0;
	}
	return *out_data ? 0 : err_set(e, ERR_NOMEM, "out of memory");
}

/* The existing unit named in the draft for node (draft id), or 0. */
static long long import_lead(const draft_t *d, int node, const store_unit_t *u, size_t nu)
{
	for (size_t i = 0; i < d->units.n; i++) {
		if (d->units.v[i].node != node || !d->units.v[i].name)
			continue;
		for (size_t k = 0; k < nu; k++)
			if (str_eq_cstr(u[k].name, d->units.v[i].name))
				return u[k].id;
	}
	return 0;
}

static int import_nodes(store_t *s, arena_t *a, str_t actor, const draft_t *d, long long plan_id,
			long long *ids, import_counts_t *c, err_t *e)
{
	store_unit_t *u = NULL;
	size_t nu = 0;
	int *seq = arena_zalloc(a, (d->nodes.n + 1) * sizeof *seq);
	int rc = store_unit_list(s, a, &u, &nu, e);

	if (rc == 0 && !seq)
		rc = err_set(e, ERR_NOMEM, "out of memory");
	for (size_t i = 0; rc == 0 && i < d->nodes.n; i++) {
		const draft_node_t *dn = &d->nodes.v[i];
		store_node_t nd = { 0 };
		int parent = dn->parent > 0 && (size_t)dn->parent <= d->nodes.n ? dn->parent : 0;
		nd.plan_id = plan_id;
		nd.parent_id = parent ? ids[parent] : 0;
		nd.seq = ++seq[parent];
		nd.label = str_from_cstr(dn->label);
		nd.title = str_trim(str_from_cstr(dn->title));
		if (nd.title.len == 0)
			nd.title = nd.label.len ? nd.label : STR_LIT("（无标题）");
		nd.lead_unit_id = import_lead(d, dn->id, u, nu);
		rc = store_node_add(s, actor, &nd, e);
		if (rc < 0)
			err_prefix(e, "node %d '%s' (byte %zu)", dn->id, dn->title ? dn->title : "",
				   dn->span.start);
		if (dn->id > 0 && (size_t)dn->id <= d->nodes.n)
			ids[dn->id] = nd.id;
		c->nodes++;
		c->leads += nd.lead_unit_id != 0;
	}
	return rc;
}

/* The node a statement of no node goes under: one top-level holder, made once.
 */
static int import_holder(store_t *s, str_t actor, long long plan_id, long long *io_id, err_t *e)
{
	store_node_t nd = { 0 };
	int rc;

	if (*io_id)
		return 0;
	nd.plan_id = plan_id;
	nd.seq = 1000000;
	nd.title = STR_LIT("未归入条目的目标");
	rc = store_node_add(s, actor, &nd, e);
	*io_id = nd.id;
	return rc;
}

static int import_items(store_t *s, str_t actor, const draft_t *d, long long plan_id,
			const long long *ids, import_counts_t *c, err_t *e)
{
	long long holder = 0;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < d->stmts.n; i++) {
		const draft_stmt_t *st = &d->stmts.v[i];
		store_target_t t = { 0 };
		if (st->kind == DRAFT_RESULT) {
			c->results++;
			continue;
		}
		if (st->node > 0 && (size_t)st->node <= d->nodes.n && ids[st->node])
			t.node_id = ids[st->node];
		else if ((rc = import_holder(s, actor, plan_id, &holder, e)) == 0)
			t.node_id = holder;
		t.indicator = str_from_cstr(st->indicator && st->indicator[0] ? st->indicator
									      : "（未识别指标）");
		t.verb = str_from_cstr(st->verb);
		t.has_value = true;
		t.value = st->value;
		t.unit = str_from_cstr(st->unit);
		t.qualifier = str_from_cstr(st->qualifier);
		t.deadline = str_from_cstr(st->deadline);
		t.text = str_from_cstr(st->text);
		if (rc == 0 && (rc = store_target_add(s, actor, &t, e)) < 0)
			err_prefix(e, "target '%s' (byte %zu)", st->text ? st->text : "",
				   st->span.start);
		c->targets += rc == 0;
	}
	for (size_t i = 0; rc == 0 && i < d->projects.n; i++) {
		const draft_project_t *dp = &d->projects.v[i];
		store_project_t p = { 0 };
		p.plan_id = plan_id;
		p.name = str_from_cstr(dp->name);
		p.place = str_from_cstr(dp->place);
		p.stage = str_from_cstr(dp->stage);
		p.total_invest = dp->base_investment / 1e8; /* 元 → 亿元 */
		rc = store_project_add(s, actor, &p, e);
		if (rc < 0)
			err_prefix(e, "project '%s' (byte %zu)", dp->name ? dp->name : "",
				   dp->span.start);
		c->projects += rc == 0;
	}
	return rc;
}

/* Writes the draft as plan title/year in one transaction; rolls back on any
 * error. */
static int import_write(store_t *s, arena_t *a, const draft_t *d, store_plan_t *plan,
			import_counts_t *c, err_t *e)
{
	str_t actor = ledger_actor(a);
	long long *ids = arena_zalloc(a, (d->nodes.n + 1) * sizeof *ids);
	int rc;

	if (!ids)
		return err_set(e, ERR_NOMEM, "out of memory");
	rc = store_begin(s, e);
	if (rc < 0)
		return rc;
	rc = store_plan_add(s, actor, plan, e);
	if (rc == 0)
		rc = import_nodes(s, a, actor, d, plan->id, ids, c, e);
	if (rc == 0)
		rc = import_items(s, actor, d, plan->id, ids, c, e);
	if (rc == 0)
		rc = store_commit(s, e);
	if (rc < 0) {
		err_t e2;
		err_clear(&e2);
		store_rollback(s, &e2);
		err_prefix(e, "import rolled back, nothing written");
	}
	return rc;
}

static int import_print(cli_ctx_t *ctx, const draft_t *d, const store_plan_t *plan,
			const import_counts_t *c, err_t *e)
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
	import_counts_t c = { 0 };
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
	rc = import_read(path, &data, &n, e);
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
		rc = import_write(s, ctx->arena, d, &plan, &c, e);
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
