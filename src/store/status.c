/* status.c — the bulk read behind supervision at scale: every node, target and project
 * of a plan (or all plans, or one unit's subtree) with its responsible unit, deadline,
 * target, baseline and latest report with its stage, one query per item kind, streamed
 * row by row.
 *
 * A plan or a unit's subtree: each item's latest report is a primary-key probe on
 * report_latest (which report.c keeps current).  The whole ledger: per kind one ordered
 * merge of the items and report_latest (sql_shared.h, STORE_SQL_STATUS_*_ALL), two
 * sequential scans instead of a probe per item, paired here with each item's
 * responsible unit; targets take their node's plan, lead unit and deadline from a node
 * map read once (one scan of nodes) instead of a join probe per target.  At province
 * size that halves the time of the whole-ledger status (docs/performance.md). */
#include "store/backend.h"
#include "store/rows.h"

#include "base/mem.h"

#include <stdlib.h>
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

/* ---- the whole ledger: ordered merges ---- */

/* A node's plan, lead unit and deadline (the node map of the target merge). */
typedef struct status_node {
	long long id, plan_id, lead;
	unsigned dl; /* index into the map's distinct deadlines */
} status_node_t;

/* The same, packed, in the dense table indexed by id - first id. */
typedef struct status_slot {
	unsigned plan_id, lead, dl; /* plan_id 0: no node of this id */
} status_slot_t;

typedef struct status_map {
	status_node_t *v; /* by id */
	size_t n, cap;
	status_slot_t *slot; /* when ids are dense and small: one lookup, one cache line */
	size_t nslot;
	str_t *dls; /* distinct deadline texts (copies in a) */
	size_t ndl, dlcap;
	unsigned *dlhash; /* open addressing: index + 1 into dls */
	size_t dlhcap;
	arena_t *a;
} status_map_t;

static size_t map_hash(str_t t)
{
	size_t h = 1469598103934665603u;
	for (size_t i = 0; i < t.len; i++)
		h = (h ^ (unsigned char)t.ptr[i]) * 1099511628211u;
	return h;
}

static int map_dl_grow(status_map_t *m)
{
	size_t cap = m->dlhcap ? m->dlhcap * 2 : 256;
	unsigned *h = mem_calloc(cap, sizeof *h);
	str_t *d = mem_realloc(m->dls, cap / 2 * sizeof *d);

	if (!h || !d) {
		mem_free(h);
		if (d)
			m->dls = d;
		return ERR_NOMEM;
	}
	m->dls = d;
	m->dlcap = cap / 2;
	for (size_t i = 0; i < m->ndl; i++) {
		size_t k = map_hash(m->dls[i]) & (cap - 1);
		while (h[k])
			k = (k + 1) & (cap - 1);
		h[k] = (unsigned)i + 1;
	}
	mem_free(m->dlhash);
	m->dlhash = h;
	m->dlhcap = cap;
	return 0;
}

/* The index of deadline text t among the distinct ones (added when new); -1: no memory. */
static long map_dl(status_map_t *m, str_t t)
{
	if (m->ndl == m->dlcap && map_dl_grow(m) < 0)
		return -1;
	size_t k = map_hash(t) & (m->dlhcap - 1);
	for (; m->dlhash[k]; k = (k + 1) & (m->dlhcap - 1)) {
		str_t d = m->dls[m->dlhash[k] - 1];
		if (d.len == t.len && (t.len == 0 || !memcmp(d.ptr, t.ptr, t.len)))
			return (long)m->dlhash[k] - 1;
	}
	if (!(m->dls[m->ndl] = arena_str(m->a, t)).ptr)
		return -1;
	m->dlhash[k] = (unsigned)++m->ndl;
	return (long)m->ndl - 1;
}

static int map_row(store_t *s, const store_row_t *row, void *ud)
{
	status_map_t *m = ud;
	const store_backend_t *be = s->be;
	long dl = map_dl(m, be->col_text(row, 3));

	if (dl < 0)
		return ERR_NOMEM;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 4096;
		status_node_t *v = mem_realloc(m->v, cap * sizeof *v);
		if (!v)
			return ERR_NOMEM;
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = (status_node_t){ be->col_int(row, 0), be->col_int(row, 1),
					be->col_int(row, 2), (unsigned)dl };
	return 0;
}

/* Ids of a ledger are mostly dense: a lookup is then one index into a packed table that
 * stays in the cache, instead of a binary search missing it at every step (300 000
 * targets at province size). */
static int map_index(status_map_t *m)
{
	size_t span = m->n ? (size_t)(m->v[m->n - 1].id - m->v[0].id) + 1 : 0;

	if (m->n == 0 || span > 4 * m->n + 4096)
		return 0; /* sparse: binary search */
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].plan_id <= 0 || m->v[i].plan_id > 0xffffffffll || m->v[i].lead < 0 ||
		    m->v[i].lead > 0xffffffffll)
			return 0;
	if (!(m->slot = mem_calloc(span, sizeof *m->slot)))
		return ERR_NOMEM;
	m->nslot = span;
	for (size_t i = 0; i < m->n; i++)
		m->slot[m->v[i].id - m->v[0].id] =
			(status_slot_t){ (unsigned)m->v[i].plan_id, (unsigned)m->v[i].lead,
					 m->v[i].dl };
	return 0;
}

static int cmp_node(const void *x, const void *y)
{
	long long a = ((const status_node_t *)x)->id, b = ((const status_node_t *)y)->id;
	return (a > b) - (a < b);
}

/* The plan, lead unit and deadline of node id; false when there is no such node. */
static bool map_find(const status_map_t *m, long long id, store_status_row_t *io_row)
{
	long long plan, lead;
	unsigned dl;

	if (m->slot) {
		if (id < m->v[0].id || (size_t)(id - m->v[0].id) >= m->nslot)
			return false;
		const status_slot_t *k = &m->slot[id - m->v[0].id];
		if (k->plan_id == 0)
			return false;
		plan = k->plan_id, lead = k->lead, dl = k->dl;
	} else {
		status_node_t key = { .id = id };
		const status_node_t *n =
			m->n ? bsearch(&key, m->v, m->n, sizeof key, cmp_node) : NULL;
		if (!n)
			return false;
		plan = n->plan_id, lead = n->lead, dl = n->dl;
	}
	io_row->plan_id = plan;
	io_row->unit_id = lead;
	if (io_row->deadline.len == 0)
		io_row->deadline = m->dls[dl];
	return true;
}

static void map_free(status_map_t *m)
{
	mem_free(m->v);
	mem_free(m->slot);
	mem_free(m->dls);
	mem_free(m->dlhash);
	arena_free(m->a);
}

/* The merge of one kind: the pending item (strings copied into a, reset per item) is
 * handed on with its unit's report when that row comes, or bare when the next item or the
 * end comes first. */
typedef struct status_merge {
	status_walk_t w;
	const status_map_t *map; /* targets only */
	arena_t *a;
	store_status_row_t item;
	bool pending; /* item not handed on yet */
	bool target;
} status_merge_t;

static int merge_flush(status_merge_t *m)
{
	if (!m->pending)
		return 0;
	m->pending = false;
	return m->w.fn(&m->item, m->w.ud);
}

static int merge_item(status_merge_t *m, const store_backend_t *be, const store_row_t *row)
{
	store_status_row_t *r = &m->item;
	str_t title = be->col_text(row, 5), verb = be->col_text(row, 8);

	arena_reset(m->a);
	*r = (store_status_row_t){
		.item_kind = m->w.kind,
		.item_id = be->col_int(row, 0),
		.plan_id = be->col_int(row, 2),
		.node_id = be->col_int(row, 3),
		.unit_id = be->col_int(row, 4),
		.deadline = arena_str(m->a, be->col_text(row, 6)),
		.stage = arena_str(m->a, be->col_text(row, 7)),
		.has_target = !be->col_null(row, 9),
		.has_baseline = !be->col_null(row, 10),
		.total_invest = be->col_real(row, 11),
		.plan_invest = be->col_real(row, 12),
		.done_invest = be->col_real(row, 13),
	};
	r->target = r->has_target ? be->col_real(row, 9) : 0;
	r->baseline = r->has_baseline ? be->col_real(row, 10) : 0;
	if (verb.len) { /* "indicator verb", as the probe statements write it */
		char *t = arena_alloc(m->a, title.len + 1 + verb.len + 1);
		if (t) {
			memcpy(t, title.ptr, title.len);
			t[title.len] = ' ';
			memcpy(t + title.len + 1, verb.ptr, verb.len);
			t[title.len + 1 + verb.len] = '\0';
		}
		r->title = (str_t){ t, title.len + 1 + verb.len };
	} else {
		r->title = arena_str(m->a, title);
	}
	if (!r->title.ptr || !r->deadline.ptr || !r->stage.ptr)
		return ERR_NOMEM;
	if (m->target) {
		if (!map_find(m->map, r->node_id, r))
			return 0; /* no such node: not an item of the ledger */
	}
	m->pending = true;
	return 0;
}

static int merge_row(store_t *s, const store_row_t *row, void *ud)
{
	status_merge_t *m = ud;
	const store_backend_t *be = s->be;
	long long unit = be->col_int(row, 1);
	store_status_row_t *r = &m->item;

	if (unit == 0) { /* an item row */
		int rc = merge_flush(m);
		return rc < 0 ? rc : merge_item(m, be, row);
	}
	if (!m->pending || be->col_int(row, 0) != r->item_id || unit != r->unit_id)
		return 0; /* another unit's report, or one of an item not in the ledger */
	r->report_id = be->col_int(row, 2);
	r->period = be->col_text(row, 5);
	r->state = be->col_text(row, 6);
	r->submitted_at = be->col_text(row, 7);
	r->report_stage = be->col_text(row, 8);
	r->has_value = !be->col_null(row, 9);
	r->value = r->has_value ? be->col_real(row, 9) : 0;
	return merge_flush(m);
}

/* One kind of the whole ledger through its merge statement. */
static int status_merge(store_t *s, store_stmt_t st, status_walk_t w, status_map_t *map, err_t *e)
{
	status_merge_t m = { .w = w, .map = map, .a = arena_new(0, 0), .target = map != NULL };
	int rc = m.a ? 0 : ERR_NOMEM;

	if (rc == 0 && map && !map->a) {
		map->a = arena_new(0, 0);
		rc = map->a ? store_q_rows(s, ST_STATUS_NODE_MAP, NULL, 0, map_row, map, e)
			    : ERR_NOMEM;
		if (rc == 0)
			rc = map_index(map);
	}
	if (rc == 0)
		rc = store_q_rows(s, st, NULL, 0, merge_row, &m, e);
	if (rc == 0)
		rc = merge_flush(&m);
	arena_free(m.a);
	return rc;
}

int store_status_each(store_t *s, const store_status_query_t *q, store_status_fn fn, void *ud,
		      err_t *e)
{
	static const struct {
		unsigned bit;
		const char *kind;
		store_stmt_t all, sub, merge;
	} kinds[] = {
		{ STORE_STATUS_NODES, STORE_KIND_NODE, ST_STATUS_NODES, ST_STATUS_NODES_SUB,
		  ST_STATUS_NODES_ALL },
		{ STORE_STATUS_TARGETS, STORE_KIND_TARGET, ST_STATUS_TARGETS, ST_STATUS_TARGETS_SUB,
		  ST_STATUS_TARGETS_ALL },
		{ STORE_STATUS_PROJECTS, STORE_KIND_PROJECT, ST_STATUS_PROJECTS,
		  ST_STATUS_PROJECTS_SUB, ST_STATUS_PROJECTS_ALL },
	};
	unsigned want = q->kinds ? q->kinds : 7u;
	store_val_t p[] = { SV_I(q->plan_id > 0 ? q->plan_id : 0), SV_I(q->unit_id) };
	bool whole = q->plan_id <= 0 && q->unit_id <= 0;
	status_map_t map = { 0 };
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!(want & kinds[i].bit))
			continue;
		status_walk_t w = { kinds[i].kind, fn, ud };
		if (whole)
			rc = status_merge(s, kinds[i].merge, w,
					  kinds[i].bit == STORE_STATUS_TARGETS ? &map : NULL, e);
		else if (q->unit_id > 0)
			rc = store_q_rows(s, kinds[i].sub, p, 2, status_row, &w, e);
		else
			rc = store_q_rows(s, kinds[i].all, p, 1, status_row, &w, e);
	}
	map_free(&map);
	if (rc == ERR_NOMEM)
		err_set(e, rc, "store: out of memory reading status rows");
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
