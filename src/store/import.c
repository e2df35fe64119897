/* import.c — an extracted draft (extract/draft.h) written as a draft plan: the outline as
 * the task tree, targets, results, key projects, the glossary and the source document,
 * in ONE transaction (a savepoint inside an explicit one), so a rejected import changes
 * nothing.  Nodes, targets and projects go through their own store functions (each with
 * its audit row); results, glossary and the document are written here and summed up in
 * one audit row "import" on the plan. */
#include "store/import.h"

#include "base/mem.h"
#include "extract/decode.h"
#include "store/backend.h"
#include "store/docs.h"
#include "store/rows.h"

#include <string.h>

/* Where spans land: the original bytes mapped onto the stored UTF-8 text. */
typedef struct imp_map {
	const uint32_t *to_orig; /* NULL: spans are kept as they are */
	size_t n;
} imp_map_t;

/* The first byte of the stored text at or after original offset o. */
static long long imp_off(const imp_map_t *m, size_t o)
{
	if (m->to_orig == NULL)
		return (long long)o;
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->to_orig[mid] < o)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long long)lo;
}

/* The existing unit named in the draft for node (draft id), or 0. */
static long long imp_lead(const draft_t *d, int node, const store_unit_t *u, size_t nu)
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

/* The existing unit with this name, or 0. */
static long long imp_unit(const char *name, const store_unit_t *u, size_t nu)
{
	for (size_t k = 0; name && name[0] && k < nu; k++)
		if (str_eq_cstr(u[k].name, name))
			return u[k].id;
	return 0;
}

static int imp_nodes(store_t *s, arena_t *a, str_t actor, const draft_t *d, long long plan_id,
		     const store_unit_t *u, size_t nu, long long *ids, store_import_counts_t *c,
		     err_t *e)
{
	int *seq = arena_zalloc(a, (d->nodes.n + 1) * sizeof *seq);
	int rc = 0;

	if (!seq)
		rc = err_set(e, ERR_NOMEM, "store: out of memory");
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
		nd.lead_unit_id = imp_lead(d, dn->id, u, nu);
		rc = store_node_add(s, actor, &nd, e);
		if (rc < 0)
			err_prefix(e, "node %d '%s' (byte %zu)", dn->id, dn->title ? dn->title : "",
				   dn->span.start);
		if (dn->id > 0 && (size_t)dn->id <= d->nodes.n)
			ids[dn->id] = nd.id;
		c->nodes += rc == 0;
		c->leads += rc == 0 && nd.lead_unit_id != 0;
	}
	return rc;
}

/* The node a target of no node goes under: one top-level holder, made once. */
static int imp_holder(store_t *s, str_t actor, long long plan_id, long long *io_id, err_t *e)
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

static long long imp_node(const draft_t *d, const long long *ids, int node)
{
	return node > 0 && (size_t)node <= d->nodes.n ? ids[node] : 0;
}

static int imp_result(store_t *s, const draft_t *d, const long long *ids, long long plan_id,
		      const draft_stmt_t *st, const imp_map_t *m, err_t *e)
{
	bool has_base = st->base_unit && st->base_unit[0];
	store_val_t p[] = {
		SV_I(plan_id),
		SV_ID(imp_node(d, ids, st->node)),
		SV_S(str_from_cstr(st->indicator)),
		SV_S(str_from_cstr(st->verb)),
		SV_R(st->value),
		SV_R(st->is_range ? st->value_max : st->value),
		SV_S(str_from_cstr(st->unit)),
		has_base ? SV_R(st->base_value) : SV_N(),
		SV_S(str_from_cstr(st->base_unit)),
		SV_S(str_from_cstr(st->qualifier)),
		SV_I(st->year),
		SV_S(str_from_cstr(st->text)),
		SV_I(imp_off(m, st->span.start)),
		SV_I(imp_off(m, st->span.end)),
	};
	long long id = 0;
	int rc = store_q_id(s, ST_RESULT_ADD, p, 14, &id, e);
	if (rc == 0)
		rc = store_search_put(s, STORE_KIND_RESULT, id, str_from_cstr(st->indicator),
				      str_from_cstr(st->text), e);
	return rc;
}

static int imp_target(store_t *s, str_t actor, const draft_t *d, const long long *ids,
		      long long plan_id, long long *io_holder, const draft_stmt_t *st, err_t *e)
{
	store_target_t t = { 0 };
	int rc = 0;
	t.node_id = imp_node(d, ids, st->node);
	if (t.node_id == 0 && (rc = imp_holder(s, actor, plan_id, io_holder, e)) == 0)
		t.node_id = *io_holder;
	t.indicator =
		str_from_cstr(st->indicator && st->indicator[0] ? st->indicator : "（未识别指标）");
	t.verb = str_from_cstr(st->verb);
	t.has_value = true;
	t.value = st->value;
	t.unit = str_from_cstr(st->unit);
	t.qualifier = str_from_cstr(st->qualifier);
	t.deadline = str_from_cstr(st->deadline);
	t.text = str_from_cstr(st->text);
	return rc == 0 ? store_target_add(s, actor, &t, e) : rc;
}

static int imp_stmts(store_t *s, str_t actor, const draft_t *d, long long plan_id,
		     const long long *ids, const imp_map_t *m, store_import_counts_t *c, err_t *e)
{
	long long holder = 0;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < d->stmts.n; i++) {
		const draft_stmt_t *st = &d->stmts.v[i];
		if (st->kind == DRAFT_RESULT)
			rc = imp_result(s, d, ids, plan_id, st, m, e);
		else
			rc = imp_target(s, actor, d, ids, plan_id, &holder, st, e);
		if (rc < 0)
			err_prefix(e, "%s '%s' (byte %zu)",
				   st->kind == DRAFT_RESULT ? "result" : "target",
				   st->text ? st->text : "", st->span.start);
		else if (st->kind == DRAFT_RESULT)
			c->results++;
		else
			c->targets++;
	}
	return rc;
}

/* Key projects; the owner is the existing unit named as the project's place. */
static int imp_projects(store_t *s, str_t actor, const draft_t *d, long long plan_id,
			const store_unit_t *u, size_t nu, store_import_counts_t *c, err_t *e)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < d->projects.n; i++) {
		const draft_project_t *dp = &d->projects.v[i];
		store_project_t p = { 0 };
		p.plan_id = plan_id;
		p.name = str_from_cstr(dp->name);
		p.place = str_from_cstr(dp->place);
		p.owner_unit_id = imp_unit(dp->place, u, nu);
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

static int imp_glossary(store_t *s, arena_t *a, const draft_t *d, long long plan_id,
			const imp_map_t *m, store_import_counts_t *c, err_t *e)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < d->glossary.n; i++) {
		const draft_gloss_t *g = &d->glossary.v[i];
		json_t *cited = json_array();
		for (size_t k = 0; cited && k < g->ncited; k++)
			json_array_append_new(cited,
					      json_pack("[I, I]",
							(json_int_t)imp_off(m, g->cited[k].start),
							(json_int_t)imp_off(m, g->cited[k].end)));
		char *cj = store_json_take(cited);
		if (cj == NULL)
			return err_set(e, ERR_NOMEM, "store: out of memory");
		store_val_t p[] = { SV_I(plan_id),
				    SV_I((long long)i + 1),
				    SV_S(str_from_cstr(g->label)),
				    SV_S(str_from_cstr(g->term)),
				    SV_S(str_from_cstr(g->definition)),
				    SV_I(imp_off(m, g->span.start)),
				    SV_I(imp_off(m, g->span.end)),
				    SV_S(str_from_cstr(cj)) };
		long long id = 0;
		rc = store_q_id(s, ST_GLOSS_ADD, p, 8, &id, e);
		mem_free(cj);
		char *title = rc == 0 ? arena_printf(a, "%s %s", g->label ? g->label : "",
						     g->term ? g->term : "")
				      : NULL;
		if (rc == 0 && !title)
			rc = err_set(e, ERR_NOMEM, "store: out of memory");
		if (rc == 0)
			rc = store_search_put(s, STORE_KIND_GLOSSARY, id, str_from_cstr(title),
					      str_from_cstr(g->definition), e);
		if (rc < 0)
			err_prefix(e, "glossary note %zu '%s'", i + 1, g->label ? g->label : "");
		c->glossary += rc == 0;
	}
	return rc;
}

static char *imp_dropped_json(const draft_t *d)
{
	json_t *j = json_array();
	for (size_t i = 0; j && i < d->doc.ndropped; i++)
		json_array_append_new(
			j, json_pack("{s:I, s:I, s:s}", "first_line",
				     (json_int_t)d->doc.dropped[i].first_line, "last_line",
				     (json_int_t)d->doc.dropped[i].last_line, "why",
				     d->doc.dropped[i].why ? d->doc.dropped[i].why : ""));
	return store_json_take(j);
}

static int imp_document(store_t *s, const draft_t *d, const store_plan_t *plan, str_t text,
			err_t *e)
{
	char *dropped = imp_dropped_json(d);
	char now[32];
	store_now(now, sizeof now);
	if (dropped == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	store_val_t p[] = { SV_I(plan->id),
			    SV_S(plan->source),
			    SV_S(str_from_cstr(d->doc.encoding)),
			    SV_S(str_from_cstr(d->doc.script)),
			    SV_I((long long)d->doc.bytes),
			    SV_S(str_from_cstr(dropped)),
			    SV_S(text),
			    SV_S(str_from_cstr(now)) };
	int rc = store_q(s, ST_DOC_PUT, p, 8, NULL, e);
	mem_free(dropped);
	if (rc == 0)
		rc = store_search_put(s, STORE_KIND_DOCUMENT, plan->id,
				      plan->source.len ? plan->source : plan->title, text, e);
	if (rc < 0)
		err_prefix(e, "source document");
	return rc;
}

static char *imp_audit_json(const store_plan_t *plan, const draft_t *d,
			    const store_import_counts_t *c)
{
	return store_json_take(json_pack(
		"{s:I, s:o, s:s, s:I, s:{s:I, s:I, s:I, s:I, s:I}}", "plan_id",
		(json_int_t)plan->id, "file_name", store_json_str(plan->source), "encoding",
		d->doc.encoding ? d->doc.encoding : "", "bytes", (json_int_t)d->doc.bytes, "counts",
		"nodes", (json_int_t)c->nodes, "targets", (json_int_t)c->targets, "results",
		(json_int_t)c->results, "projects", (json_int_t)c->projects, "glossary",
		(json_int_t)c->glossary));
}

/* Everything after the plan row, inside the transaction. */
static int imp_body(store_t *s, arena_t *a, str_t actor, const draft_t *d, str_t text,
		    const imp_map_t *m, const store_plan_t *plan, store_import_counts_t *c,
		    err_t *e)
{
	long long *ids = arena_zalloc(a, (d->nodes.n + 1) * sizeof *ids);
	store_unit_t *u = NULL;
	size_t nu = 0;
	if (!ids)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	int rc = store_unit_list(s, a, &u, &nu, e);
	if (rc == 0)
		rc = imp_nodes(s, a, actor, d, plan->id, u, nu, ids, c, e);
	if (rc == 0)
		rc = imp_stmts(s, actor, d, plan->id, ids, m, c, e);
	if (rc == 0)
		rc = imp_projects(s, actor, d, plan->id, u, nu, c, e);
	if (rc == 0)
		rc = imp_glossary(s, a, d, plan->id, m, c, e);
	if (rc == 0 && text.ptr != NULL) {
		rc = imp_document(s, d, plan, text, e);
		c->document = rc == 0;
	}
	if (rc == 0)
		rc = store_audit_json(s, actor, "import", "plan", plan->id, NULL,
				      imp_audit_json(plan, d, c), e);
	return rc;
}

int store_import_draft(store_t *s, arena_t *a, str_t actor, const draft_t *d, str_t src,
		       store_plan_t *plan, store_import_counts_t *io_counts, err_t *e)
{
	store_import_counts_t c = { 0 };
	imp_map_t m = { 0 };
	str_t text = STR_NULL;
	int rc = 0;

	if (src.len > 0) {
		decode_out_t dec;
		rc = decode_text(a, src.ptr, src.len, 0, &dec, e);
		if (rc < 0) {
			err_prefix(e, "store: source document");
			return rc;
		}
		m.to_orig = dec.to_orig;
		m.n = dec.n;
		text = str_make(dec.z, dec.n);
	}
	rc = store_w_begin(s, e);
	if (rc < 0)
		return rc;
	plan->id = 0;
	rc = store_plan_add(s, actor, plan, e);
	if (rc == 0)
		rc = imp_body(s, a, actor, d, text, &m, plan, &c, e);
	rc = store_w_end(s, rc, e);
	if (rc < 0) {
		plan->id = 0;
		err_prefix(e, "import rolled back, nothing written");
		return rc;
	}
	if (io_counts) {
		io_counts->nodes += c.nodes;
		io_counts->targets += c.targets;
		io_counts->results += c.results;
		io_counts->projects += c.projects;
		io_counts->leads += c.leads;
		io_counts->glossary += c.glossary;
		io_counts->document = io_counts->document || c.document;
	}
	return 0;
}
