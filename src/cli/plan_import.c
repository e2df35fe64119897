/* plan_import.c — the plan import shared by `duban import` and `duban demo --seeds`:
 * read a document, and write an extracted draft (extract_run) as a draft plan — the
 * outline as the task tree, targets, key projects — in ONE transaction, so a rejected
 * import changes nothing. */
#include "cli/plan_import.h"

#include "base/buf.h"
#include "base/mem.h"
#include "extract/extract.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int plan_import_read(const char *path, char **out_data, size_t *out_n, err_t *e)
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
static long long plan_import_lead(const draft_t *d, int node, const store_unit_t *u, size_t nu)
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

static int plan_import_nodes(store_t *s, arena_t *a, str_t actor, const draft_t *d,
			     long long plan_id, long long *ids, plan_import_counts_t *c, err_t *e)
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
		nd.lead_unit_id = plan_import_lead(d, dn->id, u, nu);
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
static int plan_import_holder(store_t *s, str_t actor, long long plan_id, long long *io_id,
			      err_t *e)
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

static int plan_import_items(store_t *s, str_t actor, const draft_t *d, long long plan_id,
			     const long long *ids, plan_import_counts_t *c, err_t *e)
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
		else if ((rc = plan_import_holder(s, actor, plan_id, &holder, e)) == 0)
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

int plan_import_write(store_t *s, arena_t *a, str_t actor, const draft_t *d, store_plan_t *plan,
		      plan_import_counts_t *c, err_t *e)
{
	long long *ids = arena_zalloc(a, (d->nodes.n + 1) * sizeof *ids);
	int rc;

	if (!ids)
		return err_set(e, ERR_NOMEM, "out of memory");
	rc = store_begin(s, e);
	if (rc < 0)
		return rc;
	rc = store_plan_add(s, actor, plan, e);
	if (rc == 0)
		rc = plan_import_nodes(s, a, actor, d, plan->id, ids, c, e);
	if (rc == 0)
		rc = plan_import_items(s, actor, d, plan->id, ids, c, e);
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
