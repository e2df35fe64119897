/* nodes.c — the task tree (nodes with lead and cooperating units, version-checked
 * updates), quantified targets and key projects; each write carries its audit row and
 * refreshes the item's search document in the same transaction. */
#include "base/mem.h"
#include "store/backend.h"
#include "store/rows.h"

#include <stdlib.h>
#include <string.h>

/* ---- rows ---- */

static int node_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_node_t *n = store_vec_push(v);
	if (n == NULL)
		return ERR_NOMEM;
	n->id = s->be->col_int(row, 0);
	n->plan_id = s->be->col_int(row, 1);
	n->parent_id = s->be->col_int(row, 2);
	n->seq = (int)s->be->col_int(row, 3);
	n->label = store_col_str(s, v->a, row, 4);
	n->title = store_col_str(s, v->a, row, 5);
	n->body = store_col_str(s, v->a, row, 6);
	n->deadline = store_col_str(s, v->a, row, 7);
	n->lead_unit_id = s->be->col_int(row, 8);
	n->version = s->be->col_int(row, 9);
	return n->label.ptr && n->title.ptr && n->body.ptr && n->deadline.ptr ? 0 : ERR_NOMEM;
}

static int target_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_target_t *t = store_vec_push(v);
	if (t == NULL)
		return ERR_NOMEM;
	t->id = s->be->col_int(row, 0);
	t->node_id = s->be->col_int(row, 1);
	t->indicator = store_col_str(s, v->a, row, 2);
	t->verb = store_col_str(s, v->a, row, 3);
	t->has_value = !s->be->col_null(row, 4);
	t->value = t->has_value ? s->be->col_real(row, 4) : 0;
	t->unit = store_col_str(s, v->a, row, 5);
	t->qualifier = store_col_str(s, v->a, row, 6);
	t->deadline = store_col_str(s, v->a, row, 7);
	t->text = store_col_str(s, v->a, row, 8);
	t->has_baseline = !s->be->col_null(row, 9);
	t->baseline = t->has_baseline ? s->be->col_real(row, 9) : 0;
	return t->indicator.ptr && t->verb.ptr && t->unit.ptr && t->qualifier.ptr &&
			       t->deadline.ptr && t->text.ptr
		       ? 0
		       : ERR_NOMEM;
}

static int project_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_project_t *p = store_vec_push(v);
	if (p == NULL)
		return ERR_NOMEM;
	p->id = s->be->col_int(row, 0);
	p->plan_id = s->be->col_int(row, 1);
	p->name = store_col_str(s, v->a, row, 2);
	p->owner_unit_id = s->be->col_int(row, 3);
	p->place = store_col_str(s, v->a, row, 4);
	p->stage = store_col_str(s, v->a, row, 5);
	p->total_invest = s->be->col_real(row, 6);
	p->plan_invest = s->be->col_real(row, 7);
	p->done_invest = s->be->col_real(row, 8);
	return p->name.ptr && p->place.ptr && p->stage.ptr ? 0 : ERR_NOMEM;
}

/* ---- JSON ---- */

static char *node_json(const store_node_t *n)
{
	json_t *j = json_object();
	json_t *coop = json_array();
	if (j == NULL || coop == NULL) {
		json_decref(j);
		json_decref(coop);
		return NULL;
	}
	for (size_t i = 0; i < n->n_coop; i++)
		json_array_append_new(coop, json_integer(n->coop_unit_ids[i]));
	json_object_set_new(j, "id", json_integer(n->id));
	json_object_set_new(j, "plan_id", json_integer(n->plan_id));
	json_object_set_new(j, "parent_id", store_json_id(n->parent_id));
	json_object_set_new(j, "seq", json_integer(n->seq));
	json_object_set_new(j, "label", store_json_str(n->label));
	json_object_set_new(j, "title", store_json_str(n->title));
	json_object_set_new(j, "body", store_json_str(n->body));
	json_object_set_new(j, "deadline", store_json_str(n->deadline));
	json_object_set_new(j, "lead_unit_id", store_json_id(n->lead_unit_id));
	json_object_set_new(j, "coop_unit_ids", coop);
	json_object_set_new(j, "version", json_integer(n->version));
	return store_json_take(j);
}

static char *target_json(const store_target_t *t)
{
	json_t *j = json_object();
	if (j == NULL)
		return NULL;
	json_object_set_new(j, "id", json_integer(t->id));
	json_object_set_new(j, "node_id", json_integer(t->node_id));
	json_object_set_new(j, "indicator", store_json_str(t->indicator));
	json_object_set_new(j, "verb", store_json_str(t->verb));
	json_object_set_new(j, "value", t->has_value ? json_real(t->value) : json_null());
	json_object_set_new(j, "unit", store_json_str(t->unit));
	json_object_set_new(j, "qualifier", store_json_str(t->qualifier));
	json_object_set_new(j, "deadline", store_json_str(t->deadline));
	json_object_set_new(j, "text", store_json_str(t->text));
	json_object_set_new(j, "baseline", t->has_baseline ? json_real(t->baseline) : json_null());
	return store_json_take(j);
}

static char *project_json(const store_project_t *p)
{
	json_t *j = json_object();
	if (j == NULL)
		return NULL;
	json_object_set_new(j, "id", json_integer(p->id));
	json_object_set_new(j, "plan_id", store_json_id(p->plan_id));
	json_object_set_new(j, "name", store_json_str(p->name));
	json_object_set_new(j, "owner_unit_id", store_json_id(p->owner_unit_id));
	json_object_set_new(j, "place", store_json_str(p->place));
	json_object_set_new(j, "stage", store_json_str(p->stage));
	json_object_set_new(j, "total_invest", json_real(p->total_invest));
	json_object_set_new(j, "plan_invest", json_real(p->plan_invest));
	json_object_set_new(j, "done_invest", json_real(p->done_invest));
	return store_json_take(j);
}

/* ---- nodes ---- */

static int coop_write(store_t *s, long long node_id, const long long *ids, size_t n, err_t *e)
{
	store_val_t p[2] = { SV_I(node_id) };
	int rc = store_q(s, ST_NODE_COOP_CLEAR, p, 1, NULL, e);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		p[1] = SV_I(ids[i]);
		rc = store_q(s, ST_NODE_COOP_ADD, p, 2, NULL, e);
	}
	return rc;
}

static int id_cmp(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;
	return (a > b) - (a < b);
}

/* A node row of ST_NODE_GET: the node columns, then its cooperating units' ids as one
 * comma-separated text (NULL when none), read in the same statement so that node and
 * units come from one snapshot; the ids are sorted (ascending).  The lists (ST_NODE_LIST,
 * ST_NODE_LIST_UNIT, the pages of sqlite_list.h / pg_list.h) give the same column. */
static int node_coop_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	int rc = node_row(s, row, ud);
	if (rc < 0 || s->be->col_null(row, 10))
		return rc;
	store_node_t *n = (store_node_t *)((char *)v->items + (v->n - 1) * v->size);
	str_t ids = s->be->col_text(row, 10), item;
	size_t cap = 1;
	for (size_t i = 0; i < ids.len; i++)
		cap += ids.ptr[i] == ',';
	long long *out = arena_alloc(v->a, cap * sizeof(long long));
	if (out == NULL)
		return ERR_NOMEM;
	while (ids.ptr && ids.len > 0) {
		ids = str_split(ids, ',', &item);
		long long id = 0;
		if (str_to_ll(str_trim(item), &id) != 0 || n->n_coop >= cap)
			return ERR_DB;
		out[n->n_coop++] = id;
	}
	qsort(out, n->n_coop, sizeof(long long), id_cmp);
	n->coop_unit_ids = out;
	return 0;
}

#define NODE_MAX_DEPTH 32

/* The parent of node id (0 for a new node) must be in the same plan and must not be the
 * node itself or one of its descendants. */
static int parent_check(store_t *s, long long plan_id, long long id, long long parent_id, err_t *e)
{
	if (parent_id <= 0)
		return 0;
	arena_t *a = arena_new(0, 0);
	if (a == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	int rc = 0;
	long long at = parent_id;
	for (int depth = 0; rc == 0 && at > 0; depth++) {
		store_node_t p;
		if (at == id || depth > NODE_MAX_DEPTH) {
			rc = err_set(e, ERR_INVALID, "store: node %lld cannot go under node %lld",
				     id, parent_id);
			break;
		}
		rc = store_node_get(s, a, at, &p, e);
		if (rc == ERR_NOTFOUND || (rc == 0 && p.plan_id != plan_id))
			rc = err_set(e, ERR_INVALID, "store: parent node %lld is not in plan %lld",
				     parent_id, plan_id);
		if (rc == 0)
			at = p.parent_id;
	}
	arena_free(a);
	return rc < 0 ? err_field(e, "parent_id") : 0;
}

int store_node_add(store_t *s, str_t actor, store_node_t *node, err_t *e)
{
	node->id = 0; /* stays 0 unless the add succeeds */
	int rc = store_need(node->title, "title", e);
	if (rc < 0 || (rc = store_w_begin(s, e)) < 0)
		return rc;
	store_val_t p[] = { SV_I(node->plan_id),  SV_ID(node->parent_id),   SV_I(node->seq),
			    SV_S(node->label),    SV_S(node->title),        SV_S(node->body),
			    SV_S(node->deadline), SV_ID(node->lead_unit_id) };
	rc = parent_check(s, node->plan_id, 0, node->parent_id, e);
	if (rc == 0)
		rc = store_q_id(s, ST_NODE_ADD, p, 8, &node->id, e);
	node->version = 1; /* what the schema starts with */
	if (rc == 0)
		rc = coop_write(s, node->id, node->coop_unit_ids, node->n_coop, e);
	if (rc == 0)
		rc = store_search_put(s, STORE_KIND_NODE, node->id, node->title, node->body, e);
	if (rc == 0)
		rc = store_audit_json(s, actor, "add", "node", node->id, NULL, node_json(node), e);
	return store_w_end(s, rc, e);
}

int store_node_get(store_t *s, arena_t *a, long long id, store_node_t *out_node, err_t *e)
{
	store_val_t p[] = { SV_I(id) };
	int rc = store_get_one(s, a, ST_NODE_GET, p, 1, node_coop_row, sizeof(*out_node), out_node,
			       "node", e);
	return rc;
}

int store_node_list(store_t *s, arena_t *a, long long plan_id, store_node_t **out_nodes,
		    size_t *out_n, err_t *e)
{
	store_val_t p[] = { SV_I(plan_id) };
	return store_list(s, a, ST_NODE_LIST, p, 1, node_coop_row, sizeof(**out_nodes),
			  (void **)out_nodes, out_n, e);
}

int store_node_list_by_unit(store_t *s, arena_t *a, long long unit_id, store_node_t **out_nodes,
			    size_t *out_n, err_t *e)
{
	store_val_t p[] = { SV_I(unit_id) };
	return store_list(s, a, ST_NODE_LIST_UNIT, p, 1, node_coop_row, sizeof(**out_nodes),
			  (void **)out_nodes, out_n, e);
}

/* After an UPDATE ... WHERE version = ? touched no row: gone or stale? */
static int stale_or_gone(store_t *s, arena_t *a, long long id, err_t *e)
{
	store_node_t cur;
	int rc = store_node_get(s, a, id, &cur, e);
	if (rc < 0)
		return rc;
	return err_set(e, ERR_CONFLICT,
		       "store: node %lld was changed by someone else (version %lld)", id,
		       cur.version);
}

/* Shared by update and assign: reads the node, applies the change, audits. */
typedef int (*node_change_fn)(store_t *s, const store_node_t *before, store_node_t *after,
			      long long *out_changes, err_t *e);

static int node_write(store_t *s, str_t actor, const char *action, long long id, long long version,
		      store_node_t *after, node_change_fn change, err_t *e)
{
	arena_t *a = arena_new(0, 0);
	if (a == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	store_node_t before;
	long long changes = 0;
	int rc = store_w_begin(s, e);
	if (rc < 0)
		goto out;
	rc = store_node_get(s, a, id, &before, e);
	if (rc == 0 && before.version != version)
		rc = err_set(
			e, ERR_CONFLICT,
			"store: node %lld was changed by someone else (version %lld, not %lld)", id,
			before.version, version);
	if (rc == 0)
		rc = change(s, &before, after, &changes, e);
	if (rc == 0 && changes == 0)
		rc = stale_or_gone(s, a, id, e);
	if (rc == 0) {
		after->id = id;
		after->plan_id = before.plan_id;
		after->version = version + 1;
		rc = store_search_put(s, STORE_KIND_NODE, id, after->title, after->body, e);
	}
	if (rc == 0)
		rc = store_audit_json(s, actor, action, "node", id, node_json(&before),
				      node_json(after), e);
	rc = store_w_end(s, rc, e);
out:
	arena_free(a);
	return rc;
}

static int update_change(store_t *s, const store_node_t *before, store_node_t *after,
			 long long *out_changes, err_t *e)
{
	after->lead_unit_id = before->lead_unit_id;
	after->coop_unit_ids = before->coop_unit_ids;
	after->n_coop = before->n_coop;
	if (after->parent_id != before->parent_id) {
		int rc = parent_check(s, before->plan_id, before->id, after->parent_id, e);
		if (rc < 0)
			return rc;
	}
	store_val_t p[] = { SV_ID(after->parent_id), SV_I(after->seq),     SV_S(after->label),
			    SV_S(after->title),      SV_S(after->body),    SV_S(after->deadline),
			    SV_I(before->id),        SV_I(before->version) };
	return store_q(s, ST_NODE_UPDATE, p, 8, out_changes, e);
}

int store_node_update(store_t *s, str_t actor, store_node_t *node, err_t *e)
{
	int rc = store_need(node->title, "title", e);
	if (rc < 0)
		return rc;
	store_node_t after = *node;
	rc = node_write(s, actor, "update", node->id, node->version, &after, update_change, e);
	if (rc == 0) {
		node->version = after.version;
		node->plan_id = after.plan_id;
	}
	return rc;
}

static int assign_change(store_t *s, const store_node_t *before, store_node_t *after,
			 long long *out_changes, err_t *e)
{
	long long lead = after->lead_unit_id;
	const long long *ids = after->coop_unit_ids;
	size_t n = after->n_coop;
	*after = *before;
	after->lead_unit_id = lead;
	after->coop_unit_ids = ids;
	after->n_coop = n;
	store_val_t p[] = { SV_ID(lead), SV_I(before->id), SV_I(before->version) };
	int rc = store_q(s, ST_NODE_SET_LEAD, p, 3, out_changes, e);
	if (rc == 0 && *out_changes > 0)
		rc = coop_write(s, before->id, ids, n, e);
	return rc;
}

int store_node_assign(store_t *s, str_t actor, long long node_id, long long *io_version,
		      long long lead_unit_id, const long long *coop_ids, size_t n_coop, err_t *e)
{
	store_node_t after = { .lead_unit_id = lead_unit_id,
			       .coop_unit_ids = coop_ids,
			       .n_coop = n_coop };
	int rc = node_write(s, actor, "assign", node_id, *io_version, &after, assign_change, e);
	if (rc == 0)
		*io_version = after.version;
	return rc;
}

/* ---- targets ---- */

int store_target_add(store_t *s, str_t actor, store_target_t *t, err_t *e)
{
	t->id = 0; /* stays 0 unless the add succeeds */
	int rc = store_need(t->indicator, "indicator", e);
	if (rc < 0 || (rc = store_w_begin(s, e)) < 0)
		return rc;
	store_val_t p[] = { SV_I(t->node_id),
			    SV_S(t->indicator),
			    SV_S(t->verb),
			    t->has_value ? SV_R(t->value) : SV_N(),
			    SV_S(t->unit),
			    SV_S(t->qualifier),
			    SV_S(t->deadline),
			    SV_S(t->text),
			    t->has_baseline ? SV_R(t->baseline) : SV_N() };
	rc = store_q_id(s, ST_TARGET_ADD, p, 9, &t->id, e);
	if (rc == 0)
		rc = store_search_put(s, STORE_KIND_TARGET, t->id, t->indicator, t->text, e);
	if (rc == 0)
		rc = store_audit_json(s, actor, "add", "target", t->id, NULL, target_json(t), e);
	return store_w_end(s, rc, e);
}

int store_target_list(store_t *s, arena_t *a, long long node_id, store_target_t **out_targets,
		      size_t *out_n, err_t *e)
{
	store_val_t p[] = { SV_I(node_id) };
	return store_list(s, a, ST_TARGET_LIST, p, 1, target_row, sizeof(**out_targets),
			  (void **)out_targets, out_n, e);
}

int store_target_get(store_t *s, arena_t *a, long long id, store_target_t *out_target, err_t *e)
{
	store_val_t p[] = { SV_I(id) };
	return store_get_one(s, a, ST_TARGET_GET, p, 1, target_row, sizeof(*out_target), out_target,
			     "target", e);
}

int store_target_exists(store_t *s, long long id, err_t *e)
{
	arena_t *a = arena_new(0, 0);
	if (a == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	store_target_t t;
	store_val_t p[] = { SV_I(id) };
	int rc = store_get_one(s, a, ST_TARGET_GET, p, 1, target_row, sizeof(t), &t, "target", e);
	arena_free(a);
	return rc;
}

/* ---- projects ---- */

int store_project_add(store_t *s, str_t actor, store_project_t *pr, err_t *e)
{
	pr->id = 0; /* stays 0 unless the add succeeds */
	int rc = store_need(pr->name, "name", e);
	if (rc < 0 || (rc = store_w_begin(s, e)) < 0)
		return rc;
	store_val_t p[] = { SV_ID(pr->plan_id),    SV_S(pr->name),       SV_ID(pr->owner_unit_id),
			    SV_S(pr->place),       SV_S(pr->stage),      SV_R(pr->total_invest),
			    SV_R(pr->plan_invest), SV_R(pr->done_invest) };
	rc = store_q_id(s, ST_PROJECT_ADD, p, 8, &pr->id, e);
	if (rc == 0)
		rc = store_search_put(s, STORE_KIND_PROJECT, pr->id, pr->name, pr->place, e);
	if (rc == 0)
		rc = store_audit_json(s, actor, "add", "project", pr->id, NULL, project_json(pr),
				      e);
	return store_w_end(s, rc, e);
}

int store_project_get(store_t *s, arena_t *a, long long id, store_project_t *out_project, err_t *e)
{
	store_val_t p[] = { SV_I(id) };
	return store_get_one(s, a, ST_PROJECT_GET, p, 1, project_row, sizeof(*out_project),
			     out_project, "project", e);
}

int store_project_list(store_t *s, arena_t *a, long long plan_id, store_project_t **out_projects,
		       size_t *out_n, err_t *e)
{
	store_val_t p[] = { SV_I(plan_id) };
	return store_list(s, a, plan_id > 0 ? ST_PROJECT_LIST : ST_PROJECT_LIST_ALL, p,
			  plan_id > 0 ? 1 : 0, project_row, sizeof(**out_projects),
			  (void **)out_projects, out_n, e);
}

/* ---- access scope ---- */

static int count_row(store_t *s, const store_row_t *row, void *ud)
{
	*(long long *)ud = s->be->col_int(row, 0);
	return 0;
}

int store_unit_in_subtree(store_t *s, long long root, long long unit, bool *out_in, err_t *e)
{
	long long n = 0;
	store_val_t p[] = { SV_I(root), SV_I(unit) };
	int rc = store_q_rows(s, ST_UNIT_IN_SUBTREE, p, 2, count_row, &n, e);
	*out_in = rc == 0 && n > 0 && root > 0;
	return rc;
}

int store_node_visible(store_t *s, long long node_id, long long root, bool *out_visible, err_t *e)
{
	long long n = 0;
	store_val_t p[] = { SV_I(root), SV_I(node_id) };
	int rc = store_q_rows(s, ST_NODE_VISIBLE, p, 2, count_row, &n, e);
	*out_visible = rc == 0 && n > 0 && root > 0;
	return rc;
}

static int share_row(store_t *s, const store_row_t *row, void *ud)
{
	long long *v = ud;
	for (int i = 0; i < 3; i++)
		v[i] = s->be->col_int(row, i);
	return 0;
}

int store_subtree_small(store_t *s, long long root, bool *out_small, err_t *e)
{
	long long v[3] = { 0, 0, 0 }; /* units in the subtree, units, plans */
	store_val_t p[] = { SV_I(root) };
	int rc = root > 0 ? store_q_rows(s, ST_UNIT_SUBTREE_SHARE, p, 1, share_row, v, e) : 0;
	*out_small = rc == 0 && root > 0 && v[0] * (v[2] > 0 ? v[2] : 1) <= v[1];
	return rc;
}

/* The rows of a one-pass page statement: the node columns, then the total; a row
 * whose node columns are NULL only carries the total (see sqlite_list.h). */
typedef struct node_page_acc {
	store_vec_t v; /* first: node_coop_row fills it */
	long long total;
} node_page_acc_t;

static int node_page_row(store_t *s, const store_row_t *row, void *ud)
{
	node_page_acc_t *acc = ud;
	acc->total = s->be->col_int(row, 11);
	return s->be->col_null(row, 0) ? 0 : node_coop_row(s, row, &acc->v);
}

int store_node_page(store_t *s, arena_t *a, const store_node_query_t *q, store_node_t **out_nodes,
		    size_t *out_n, long long *out_total, err_t *e)
{
	long long root = q->scope_unit_id > 0 ? q->scope_unit_id : 0;
	long long limit =
		(long long)(q->limit > 0 && q->limit < STORE_PAGE_MAX ? q->limit : STORE_PAGE_MAX);
	long long offset = (long long)q->offset, dl = q->by_deadline ? 1 : 0;
	node_page_acc_t acc = { .v = { .a = a, .size = sizeof(store_node_t) } };
	bool small = false;
	int rc = q->lead_unit_id > 0 ? 0 : store_subtree_small(s, root, &small, e);

	*out_nodes = NULL;
	*out_n = 0;
	*out_total = 0;
	if (rc == 0 && q->lead_unit_id > 0) { /* from the lead unit's nodes */
		store_val_t p[] = { SV_I(root),  SV_I(q->plan_id), SV_I(q->lead_unit_id),
				    SV_I(limit), SV_I(offset),     SV_I(dl) };
		rc = store_q_rows(s, ST_NODE_PAGE_LEAD, p, 6, node_page_row, &acc, e);
	} else if (rc == 0 && small) { /* from the subtree's units */
		store_val_t p[] = { SV_I(root), SV_I(q->plan_id), SV_I(limit), SV_I(offset),
				    SV_I(dl) };
		rc = store_q_rows(s, ST_NODE_PAGE_SUB, p, 5, node_page_row, &acc, e);
	} else if (rc == 0) { /* from the plan: a tree-order page stops early */
		store_val_t p[] = { SV_I(root), SV_I(q->plan_id), SV_I(limit), SV_I(offset) };
		rc = store_q_rows(s, ST_NODE_PAGE_COUNT, p, 2, count_row, &acc.total, e);
		if (rc == 0)
			rc = store_q_rows(s, dl ? ST_NODE_PAGE_DEADLINE : ST_NODE_PAGE, p, 4,
					  node_coop_row, &acc.v, e);
	}
	if (rc == ERR_NOMEM)
		err_set(e, rc, "store: out of memory reading rows");
	if (rc < 0)
		return rc;
	*out_nodes = acc.v.items;
	*out_n = acc.v.n;
	*out_total = acc.total;
	return 0;
}

/* ---- checked edits of targets and projects ---- */

static bool opt_same(bool has_a, double a, bool has_b, double b)
{
	return has_a == has_b && (!has_a || a == b);
}

static bool target_same(const store_target_t *a, const store_target_t *b)
{
	return a->node_id == b->node_id && str_eq(a->indicator, b->indicator) &&
	       str_eq(a->verb, b->verb) &&
	       opt_same(a->has_value, a->value, b->has_value, b->value) &&
	       str_eq(a->unit, b->unit) && str_eq(a->qualifier, b->qualifier) &&
	       str_eq(a->deadline, b->deadline) && str_eq(a->text, b->text) &&
	       opt_same(a->has_baseline, a->baseline, b->has_baseline, b->baseline);
}

static bool project_same(const store_project_t *a, const store_project_t *b)
{
	return a->plan_id == b->plan_id && str_eq(a->name, b->name) &&
	       a->owner_unit_id == b->owner_unit_id && str_eq(a->place, b->place) &&
	       str_eq(a->stage, b->stage) && a->total_invest == b->total_invest &&
	       a->plan_invest == b->plan_invest && a->done_invest == b->done_invest;
}

int store_target_update(store_t *s, str_t actor, const store_target_t *before,
			const store_target_t *after, err_t *e)
{
	int rc = store_need(after->indicator, "indicator", e);
	arena_t *a = rc == 0 ? arena_new(0, 0) : NULL;
	store_target_t cur, next = *after;
	if (rc < 0)
		return rc;
	if (a == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	next.id = before->id;
	next.node_id = before->node_id;
	store_val_t key[] = { SV_I(next.id) };
	store_val_t p[] = { SV_S(next.indicator),
			    SV_S(next.verb),
			    next.has_value ? SV_R(next.value) : SV_N(),
			    SV_S(next.unit),
			    SV_S(next.qualifier),
			    SV_S(next.deadline),
			    SV_S(next.text),
			    next.has_baseline ? SV_R(next.baseline) : SV_N(),
			    SV_I(next.id) };
	if ((rc = store_w_begin(s, e)) < 0)
		goto out;
	rc = store_q(s, ST_TARGET_LOCK, key, 1, NULL, e);
	if (rc == 0)
		rc = store_target_get(s, a, next.id, &cur, e);
	if (rc == 0 && !target_same(&cur, before))
		rc = store_stale("target", next.id, e);
	if (rc == 0)
		rc = store_q(s, ST_TARGET_UPDATE, p, 9, NULL, e);
	if (rc == 0)
		rc = store_search_put(s, STORE_KIND_TARGET, next.id, next.indicator, next.text, e);
	if (rc == 0)
		rc = store_audit_json(s, actor, "update", "target", next.id, target_json(&cur),
				      target_json(&next), e);
	rc = store_w_end(s, rc, e);
out:
	arena_free(a);
	return rc;
}

int store_project_update(store_t *s, str_t actor, const store_project_t *before,
			 const store_project_t *after, err_t *e)
{
	int rc = store_need(after->name, "name", e);
	arena_t *a = rc == 0 ? arena_new(0, 0) : NULL;
	store_project_t cur, next = *after;
	if (rc < 0)
		return rc;
	if (a == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	next.id = before->id;
	store_val_t key[] = { SV_I(next.id) };
	store_val_t p[] = {
		SV_ID(next.plan_id),    SV_S(next.name),        SV_ID(next.owner_unit_id),
		SV_S(next.place),       SV_S(next.stage),       SV_R(next.total_invest),
		SV_R(next.plan_invest), SV_R(next.done_invest), SV_I(next.id)
	};
	if ((rc = store_w_begin(s, e)) < 0)
		goto out;
	rc = store_q(s, ST_PROJECT_LOCK, key, 1, NULL, e);
	if (rc == 0)
		rc = store_project_get(s, a, next.id, &cur, e);
	if (rc == 0 && !project_same(&cur, before))
		rc = store_stale("project", next.id, e);
	if (rc == 0)
		rc = store_q(s, ST_PROJECT_UPDATE, p, 9, NULL, e);
	if (rc == 0)
		rc = store_search_put(s, STORE_KIND_PROJECT, next.id, next.name, next.place, e);
	if (rc == 0)
		rc = store_audit_json(s, actor, "update", "project", next.id, project_json(&cur),
				      project_json(&next), e);
	rc = store_w_end(s, rc, e);
out:
	arena_free(a);
	return rc;
}

int store_node_next_seq(store_t *s, long long plan_id, long long parent_id, int *out_seq, err_t *e)
{
	long long n = 1;
	store_val_t p[] = { SV_I(plan_id), SV_I(parent_id > 0 ? parent_id : 0) };
	int rc = store_q_rows(s, ST_NODE_NEXT_SEQ, p, 2, count_row, &n, e);
	*out_seq = rc == 0 && n > 0 && n < 1000000000 ? (int)n : 1;
	return rc;
}

int store_project_page(store_t *s, arena_t *a, const store_project_query_t *q,
		       store_project_t **out_projects, size_t *out_n, long long *out_total,
		       err_t *e)
{
	size_t limit = q->limit > 0 && q->limit < STORE_PAGE_MAX ? q->limit : STORE_PAGE_MAX;
	store_val_t p[] = { SV_I(q->scope_unit_id > 0 ? q->scope_unit_id : 0),
			    SV_I(q->plan_id > 0 ? q->plan_id : 0),
			    SV_I(q->owner_unit_id > 0 ? q->owner_unit_id : 0),
			    SV_S(q->stage.ptr ? q->stage : STR_LIT("")),
			    SV_I((long long)q->sort),
			    SV_I((long long)limit),
			    SV_I((long long)q->offset) };
	*out_total = 0;
	int rc = store_q_rows(s, ST_PROJECT_PAGE_COUNT, p, 4, count_row, out_total, e);
	if (rc < 0) {
		*out_projects = NULL;
		*out_n = 0;
		return rc;
	}
	return store_list(s, a, ST_PROJECT_PAGE, p, 7, project_row, sizeof(**out_projects),
			  (void **)out_projects, out_n, e);
}
