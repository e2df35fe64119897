/* status.c — the bulk read behind supervision at scale: every node, target and project
 * of a plan (or all plans, or one unit's subtree) with its responsible unit, deadline,
 * target, baseline and latest report with its stage, one query per item kind (the latest
 * report is a primary-key join on report_latest, which report.c keeps current), streamed
 * row by row. */
#include "store/backend.h"
#include "store/rows.h"

#include <string.h>

typedef struct status_walk {
	const char *kind;
	store_status_fn fn;
	void *ud;
} status_walk_t;

static int status_row(store_t *s, const store_row_t *row, void *ud)
{
	status_walk_t *w = ud;
	const store_backend_t *be = s->be;
	store_status_row_t r = {
		.item_kind = w->kind,
		.item_id = be->col_int(row, 0),
		.plan_id = be->col_int(row, 1),
		.node_id = be->col_int(row, 2),
		.unit_id = be->col_int(row, 3),
		.title = be->col_text(row, 4),
		.deadline = be->col_text(row, 5),
		.has_target = !be->col_null(row, 6),
		.has_baseline = !be->col_null(row, 7),
		.total_invest = be->col_real(row, 8),
		.plan_invest = be->col_real(row, 9),
		.done_invest = be->col_real(row, 10),
		.stage = be->col_text(row, 11),
		.report_id = be->col_null(row, 12) ? 0 : be->col_int(row, 12),
	};
	r.target = r.has_target ? be->col_real(row, 6) : 0;
	r.baseline = r.has_baseline ? be->col_real(row, 7) : 0;
	if (r.report_id > 0) {
		r.period = be->col_text(row, 13);
		r.state = be->col_text(row, 14);
		r.has_value = !be->col_null(row, 15);
		r.value = r.has_value ? be->col_real(row, 15) : 0;
		r.submitted_at = be->col_text(row, 16);
		r.report_stage = be->col_text(row, 17);
	}
	return w->fn(&r, w->ud);
}

int store_status_each(store_t *s, const store_status_query_t *q, store_status_fn fn, void *ud,
		      err_t *e)
{
	static const struct {
		unsigned bit;
		const char *kind;
		store_stmt_t all, sub;
	} kinds[] = {
		{ STORE_STATUS_NODES, STORE_KIND_NODE, ST_STATUS_NODES, ST_STATUS_NODES_SUB },
		{ STORE_STATUS_TARGETS, STORE_KIND_TARGET, ST_STATUS_TARGETS,
		  ST_STATUS_TARGETS_SUB },
		{ STORE_STATUS_PROJECTS, STORE_KIND_PROJECT, ST_STATUS_PROJECTS,
		  ST_STATUS_PROJECTS_SUB },
	};
	unsigned want = q->kinds ? q->kinds : 7u;
	store_val_t p[] = { SV_I(q->plan_id > 0 ? q->plan_id : 0), SV_I(q->unit_id) };
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!(want & kinds[i].bit))
			continue;
		status_walk_t w = { kinds[i].kind, fn, ud };
		rc = q->unit_id > 0 ? store_q_rows(s, kinds[i].sub, p, 2, status_row, &w, e)
				    : store_q_rows(s, kinds[i].all, p, 1, status_row, &w, e);
	}
	return rc;
}

typedef struct status_collect {
	store_vec_t v;
	store_t *s;
} status_collect_t;

static int collect_row(const store_status_row_t *row, void *ud)
{
	status_collect_t *c = ud;
	store_status_row_t *r = store_vec_push(&c->v);
	if (r == NULL)
		return ERR_NOMEM;
	*r = *row;
	arena_t *a = c->v.a;
	r->title = arena_str(a, row->title);
	r->deadline = arena_str(a, row->deadline);
	r->stage = arena_str(a, row->stage);
	r->period = arena_str(a, row->period);
	r->state = arena_str(a, row->state);
	r->submitted_at = arena_str(a, row->submitted_at);
	r->report_stage = arena_str(a, row->report_stage);
	return r->title.ptr && r->deadline.ptr && r->stage.ptr && r->period.ptr && r->state.ptr &&
			       r->submitted_at.ptr && r->report_stage.ptr
		       ? 0
		       : ERR_NOMEM;
}

int store_status_rows(store_t *s, arena_t *a, const store_status_query_t *q,
		      store_status_row_t **out_rows, size_t *out_n, err_t *e)
{
	status_collect_t c = { .v = { .a = a, .size = sizeof(store_status_row_t) }, .s = s };
	int rc = store_status_each(s, q, collect_row, &c, e);
	if (rc == ERR_NOMEM)
		err_set(e, rc, "store: out of memory listing status rows");
	*out_rows = rc == 0 ? c.v.items : NULL;
	*out_n = rc == 0 ? c.v.n : 0;
	return rc;
}
