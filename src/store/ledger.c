/* ledger.c — units, users and plans: rows, JSON for the audit trail, and the write
 * functions that pair each change with its audit row in one transaction. */
#include "base/mem.h"
#include "store/backend.h"
#include "store/rows.h"

#include <string.h>

/* ---- row readers ---- */

int store_unit_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_unit_t *u = store_vec_push(v);
	if (u == NULL)
		return ERR_NOMEM;
	u->id = s->be->col_int(row, 0);
	u->parent_id = s->be->col_int(row, 1);
	u->name = store_col_str(s, v->a, row, 2);
	u->kind = store_col_str(s, v->a, row, 3);
	return u->kind.ptr == NULL || u->name.ptr == NULL ? ERR_NOMEM : 0;
}

int store_user_fill(store_t *s, arena_t *a, const store_row_t *row, int col0, store_user_t *u)
{
	u->id = s->be->col_int(row, col0);
	u->name = store_col_str(s, a, row, col0 + 1);
	u->display_name = store_col_str(s, a, row, col0 + 2);
	u->pw_hash = store_col_str(s, a, row, col0 + 3);
	u->role = store_col_str(s, a, row, col0 + 4);
	u->unit_id = s->be->col_int(row, col0 + 5);
	u->disabled = s->be->col_int(row, col0 + 6) != 0;
	return u->name.ptr && u->display_name.ptr && u->pw_hash.ptr && u->role.ptr ? 0 : ERR_NOMEM;
}

static int user_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_user_t *u = store_vec_push(v);
	return u == NULL ? ERR_NOMEM : store_user_fill(s, v->a, row, 0, u);
}

static int plan_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_plan_t *p = store_vec_push(v);
	if (p == NULL)
		return ERR_NOMEM;
	p->id = s->be->col_int(row, 0);
	p->title = store_col_str(s, v->a, row, 1);
	p->source = store_col_str(s, v->a, row, 2);
	p->year = (int)s->be->col_int(row, 3);
	p->state = store_col_str(s, v->a, row, 4);
	p->created_at = store_col_str(s, v->a, row, 5);
	return p->title.ptr && p->source.ptr && p->state.ptr && p->created_at.ptr ? 0 : ERR_NOMEM;
}

/* Runs a listing statement into a fresh vector. */
int store_list(store_t *s, arena_t *a, store_stmt_t st, const store_val_t *p, int n,
	       store_row_fn fn, size_t size, void **out_items, size_t *out_n, err_t *e)
{
	store_vec_t v = { .a = a, .size = size };
	int rc = store_q_rows(s, st, p, n, fn, &v, e);
	if (rc == ERR_NOMEM)
		err_set(e, rc, "store: out of memory reading rows");
	*out_items = rc == 0 ? v.items : NULL;
	*out_n = rc == 0 ? v.n : 0;
	return rc;
}

/* Runs a statement expected to give one row and copies it to out. */
int store_get_one(store_t *s, arena_t *a, store_stmt_t st, const store_val_t *p, int n,
		  store_row_fn fn, size_t size, void *out, const char *what, err_t *e)
{
	void *items;
	size_t count;
	int rc = store_list(s, a, st, p, n, fn, size, &items, &count, e);
	if (rc < 0)
		return rc;
	if (count == 0)
		return err_set(e, ERR_NOTFOUND, "store: no such %s", what);
	memcpy(out, items, size);
	return 0;
}

/* ---- JSON of rows ---- */

static char *unit_json(const store_unit_t *u)
{
	json_t *j = json_object();
	if (j == NULL)
		return NULL;
	json_object_set_new(j, "id", json_integer(u->id));
	json_object_set_new(j, "parent_id", store_json_id(u->parent_id));
	json_object_set_new(j, "name", store_json_str(u->name));
	json_object_set_new(j, "kind", store_json_str(u->kind));
	return store_json_take(j);
}

/* The password hash never goes into the audit trail. */
static char *user_json(const store_user_t *u)
{
	json_t *j = json_object();
	if (j == NULL)
		return NULL;
	json_object_set_new(j, "id", json_integer(u->id));
	json_object_set_new(j, "name", store_json_str(u->name));
	json_object_set_new(j, "display_name", store_json_str(u->display_name));
	json_object_set_new(j, "role", store_json_str(u->role));
	json_object_set_new(j, "unit_id", store_json_id(u->unit_id));
	json_object_set_new(j, "disabled", json_boolean(u->disabled));
	return store_json_take(j);
}

static char *plan_json(const store_plan_t *p)
{
	json_t *j = json_object();
	if (j == NULL)
		return NULL;
	json_object_set_new(j, "id", json_integer(p->id));
	json_object_set_new(j, "title", store_json_str(p->title));
	json_object_set_new(j, "source", store_json_str(p->source));
	json_object_set_new(j, "year", json_integer(p->year));
	json_object_set_new(j, "state", store_json_str(p->state));
	json_object_set_new(j, "created_at", store_json_str(p->created_at));
	return store_json_take(j);
}

/* Appends the audit row of an add (after = json) and frees json. */
int store_audit_json(store_t *s, str_t actor, const char *action, const char *entity, long long id,
		     char *before, char *after, err_t *e)
{
	int rc = after == NULL ? err_set(e, ERR_NOMEM, "store: out of memory writing audit JSON")
			       : store_audit_in_tx(s, actor, action, entity, id, before, after, e);
	mem_free(before);
	mem_free(after);
	return rc;
}

int store_need(str_t v, const char *field, err_t *e)
{
	if (str_trim(v).len > 0)
		return 0;
	err_set(e, ERR_INVALID, "store: %s is required", field);
	err_field(e, field);
	return ERR_INVALID;
}

/* ---- units ---- */

int store_unit_add(store_t *s, str_t actor, store_unit_t *unit, err_t *e)
{
	unit->id = 0; /* stays 0 unless the add succeeds */
	int rc = store_need(unit->name, "name", e);
	if (rc < 0 || (rc = store_w_begin(s, e)) < 0)
		return rc;
	store_val_t p[] = { SV_ID(unit->parent_id), SV_S(unit->name), SV_S(unit->kind) };
	rc = store_q_id(s, ST_UNIT_ADD, p, 3, &unit->id, e);
	if (rc == 0)
		rc = store_audit_json(s, actor, "add", "unit", unit->id, NULL, unit_json(unit), e);
	return store_w_end(s, rc, e);
}

int store_unit_get(store_t *s, arena_t *a, long long id, store_unit_t *out_unit, err_t *e)
{
	store_val_t p[] = { SV_I(id) };
	return store_get_one(s, a, ST_UNIT_GET, p, 1, store_unit_row, sizeof(*out_unit), out_unit,
			     "unit", e);
}

int store_unit_list(store_t *s, arena_t *a, store_unit_t **out_units, size_t *out_n, err_t *e)
{
	return store_list(s, a, ST_UNIT_LIST, NULL, 0, store_unit_row, sizeof(**out_units),
			  (void **)out_units, out_n, e);
}

int store_unit_children(store_t *s, arena_t *a, long long parent_id, store_unit_t **out_units,
			size_t *out_n, err_t *e)
{
	store_val_t p[] = { SV_I(parent_id > 0 ? parent_id : 0) };
	return store_list(s, a, ST_UNIT_CHILDREN, p, 1, store_unit_row, sizeof(**out_units),
			  (void **)out_units, out_n, e);
}

/* Sets *ud to the first column (a count). */
static int page_count_row(store_t *s, const store_row_t *row, void *ud)
{
	*(long long *)ud = s->be->col_int(row, 0);
	return 0;
}

static long long page_limit(size_t limit)
{
	return (long long)(limit > 0 && limit < STORE_PAGE_MAX ? limit : STORE_PAGE_MAX);
}

/* The total with count_st (the first nfilter parameters of p), then the page with page_st. */
static int page_read(store_t *s, arena_t *a, store_stmt_t count_st, store_stmt_t page_st,
		     const store_val_t *p, int nfilter, int n, store_row_fn row, size_t size,
		     void **out_rows, size_t *out_n, long long *out_total, err_t *e)
{
	*out_total = 0;
	*out_rows = NULL;
	*out_n = 0;
	int rc = store_q_rows(s, count_st, p, nfilter, page_count_row, out_total, e);
	if (rc < 0)
		return rc;
	return store_list(s, a, page_st, p, n, row, size, out_rows, out_n, e);
}

int store_unit_page(store_t *s, arena_t *a, const store_unit_query_t *q, store_unit_t **out_units,
		    size_t *out_n, long long *out_total, err_t *e)
{
	store_val_t p[] = { SV_I(q->parent_id > 0 ? q->parent_id : 0),
			    SV_S(q->kind.ptr ? q->kind : STR_LIT("")),
			    SV_S(q->name_part.ptr ? q->name_part : STR_LIT("")),
			    SV_I(q->by_name ? 1 : 0),
			    SV_I(page_limit(q->limit)),
			    SV_I((long long)q->offset) };
	return page_read(s, a, ST_UNIT_PAGE_COUNT, ST_UNIT_PAGE, p, 3, 6, store_unit_row,
			 sizeof(**out_units), (void **)out_units, out_n, out_total, e);
}

/* ---- users ---- */

int store_user_add(store_t *s, str_t actor, store_user_t *user, err_t *e)
{
	user->id = 0; /* stays 0 unless the add succeeds */
	int rc = store_need(user->name, "name", e);
	if (rc == 0)
		rc = store_need(user->pw_hash, "pw_hash", e);
	if (rc == 0)
		rc = store_need(user->role, "role", e);
	if (rc < 0 || (rc = store_w_begin(s, e)) < 0)
		return rc;
	store_val_t p[] = {
		SV_S(user->name), SV_S(user->display_name), SV_S(user->pw_hash),
		SV_S(user->role), SV_ID(user->unit_id),     SV_I(user->disabled ? 1 : 0)
	};
	rc = store_q_id(s, ST_USER_ADD, p, 6, &user->id, e);
	if (rc == 0)
		rc = store_audit_json(s, actor, "add", "user", user->id, NULL, user_json(user), e);
	return store_w_end(s, rc, e);
}

int store_user_get_by_name(store_t *s, arena_t *a, str_t name, store_user_t *out_user, err_t *e)
{
	store_val_t p[] = { SV_S(name) };
	return store_get_one(s, a, ST_USER_GET_NAME, p, 1, user_row, sizeof(*out_user), out_user,
			     "user", e);
}

int store_user_list(store_t *s, arena_t *a, store_user_t **out_users, size_t *out_n, err_t *e)
{
	return store_list(s, a, ST_USER_LIST, NULL, 0, user_row, sizeof(**out_users),
			  (void **)out_users, out_n, e);
}

int store_user_page(store_t *s, arena_t *a, const store_user_query_t *q, store_user_t **out_users,
		    size_t *out_n, long long *out_total, err_t *e)
{
	/* the statement's disabled filter: -1 any, else the column's value */
	long long disabled = q->state == STORE_USERS_DISABLED ? 1
			     : q->state == STORE_USERS_ACTIVE ? 0
							      : -1;
	store_val_t p[] = { SV_I(q->unit_id > 0 ? q->unit_id : 0),
			    SV_S(q->role.ptr ? q->role : STR_LIT("")),
			    SV_I(disabled),
			    SV_I(q->by_name ? 1 : 0),
			    SV_I(page_limit(q->limit)),
			    SV_I((long long)q->offset) };
	return page_read(s, a, ST_USER_PAGE_COUNT, ST_USER_PAGE, p, 3, 6, user_row,
			 sizeof(**out_users), (void **)out_users, out_n, out_total, e);
}

int store_user_get(store_t *s, arena_t *a, long long id, store_user_t *out_user, err_t *e)
{
	store_val_t p[] = { SV_I(id) };
	return store_get_one(s, a, ST_USER_GET, p, 1, user_row, sizeof(*out_user), out_user, "user",
			     e);
}

/* Reads the user inside the write, runs st with p, audits before/after. */
static bool user_same(const store_user_t *a, const store_user_t *b)
{
	return str_eq(a->display_name, b->display_name) && str_eq(a->role, b->role) &&
	       a->unit_id == b->unit_id && a->disabled == b->disabled;
}

/* Runs st on user id inside one transaction with its audit row; when expect is not NULL,
 * only if the user is still as expect says (ERR_CONFLICT, field "version", otherwise). */
static int user_write(store_t *s, str_t actor, const char *action, long long id,
		      const store_user_t *expect, const store_user_t *change, store_stmt_t st,
		      const store_val_t *p, int n, err_t *e)
{
	arena_t *a = arena_new(0, 0);
	if (a == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	store_user_t before;
	int rc = store_w_begin(s, e);
	if (rc < 0)
		goto out;
	rc = store_user_get(s, a, id, &before, e);
	if (rc == 0 && expect != NULL && !user_same(&before, expect))
		rc = store_stale("user", id, e);
	if (rc == 0)
		rc = store_q(s, st, p, n, NULL, e);
	if (rc == 0) {
		store_user_t after = before;
		if (change != NULL) {
			after.display_name = change->display_name;
			after.role = change->role;
			after.unit_id = change->unit_id;
			after.disabled = change->disabled;
		}
		rc = store_audit_json(s, actor, action, "user", id, user_json(&before),
				      user_json(&after), e);
	}
	rc = store_w_end(s, rc, e);
out:
	arena_free(a);
	return rc;
}

static int user_update(store_t *s, str_t actor, const store_user_t *expect,
		       const store_user_t *user, err_t *e)
{
	int rc = store_need(user->role, "role", e);
	if (rc < 0)
		return rc;
	store_val_t p[] = { SV_S(user->display_name), SV_S(user->role), SV_ID(user->unit_id),
			    SV_I(user->disabled ? 1 : 0), SV_I(user->id) };
	return user_write(s, actor, "update", user->id, expect, user, ST_USER_UPDATE, p, 5, e);
}

int store_user_update(store_t *s, str_t actor, const store_user_t *user, err_t *e)
{
	return user_update(s, actor, NULL, user, e);
}

int store_user_update_if(store_t *s, str_t actor, const store_user_t *before,
			 const store_user_t *after, err_t *e)
{
	return user_update(s, actor, before, after, e);
}

int store_user_set_pw_hash(store_t *s, str_t actor, long long id, str_t pw_hash, err_t *e)
{
	int rc = store_need(pw_hash, "pw_hash", e);
	if (rc < 0)
		return rc;
	store_val_t p[] = { SV_S(pw_hash), SV_I(id) };
	return user_write(s, actor, "set_password", id, NULL, NULL, ST_USER_SET_HASH, p, 2, e);
}

/* ---- plans ---- */

int store_plan_add(store_t *s, str_t actor, store_plan_t *plan, err_t *e)
{
	plan->id = 0; /* stays 0 unless the add succeeds */
	char now[32];
	store_now(now, sizeof(now));
	if (plan->state.len == 0)
		plan->state = STR_LIT("draft");
	int rc = store_need(plan->title, "title", e);
	if (rc < 0 || (rc = store_w_begin(s, e)) < 0)
		return rc;
	store_val_t p[] = { SV_S(plan->title), SV_S(plan->source), SV_I(plan->year),
			    SV_S(plan->state), SV_S(str_from_cstr(now)) };
	rc = store_q_id(s, ST_PLAN_ADD, p, 5, &plan->id, e);
	str_t created = plan->created_at;
	plan->created_at = str_from_cstr(now);
	if (rc == 0)
		rc = store_audit_json(s, actor, "add", "plan", plan->id, NULL, plan_json(plan), e);
	plan->created_at = created; /* now is on this stack frame */
	return store_w_end(s, rc, e);
}

int store_plan_get(store_t *s, arena_t *a, long long id, store_plan_t *out_plan, err_t *e)
{
	store_val_t p[] = { SV_I(id) };
	return store_get_one(s, a, ST_PLAN_GET, p, 1, plan_row, sizeof(*out_plan), out_plan, "plan",
			     e);
}

int store_plan_list(store_t *s, arena_t *a, store_plan_t **out_plans, size_t *out_n, err_t *e)
{
	return store_list(s, a, ST_PLAN_LIST, NULL, 0, plan_row, sizeof(**out_plans),
			  (void **)out_plans, out_n, e);
}

int store_plan_page(store_t *s, arena_t *a, const store_plan_query_t *q, store_plan_t **out_plans,
		    size_t *out_n, long long *out_total, err_t *e)
{
	store_val_t p[] = { SV_S(q->state.ptr ? q->state : STR_LIT("")),
			    SV_I(q->year > 0 ? q->year : 0), SV_I((long long)q->sort),
			    SV_I(page_limit(q->limit)), SV_I((long long)q->offset) };
	return page_read(s, a, ST_PLAN_PAGE_COUNT, ST_PLAN_PAGE, p, 2, 5, plan_row,
			 sizeof(**out_plans), (void **)out_plans, out_n, out_total, e);
}

/* Sets the state with st (p: the statement's parameters), auditing before and after;
 * ERR_CONFLICT (field "state") when st changed no row. */
static int plan_state_write(store_t *s, str_t actor, long long id, str_t state, store_stmt_t st,
			    const store_val_t *p, int n, err_t *e)
{
	int rc = store_need(state, "state", e);
	arena_t *a = rc == 0 ? arena_new(0, 0) : NULL;
	long long changes = 0;
	if (rc < 0)
		return rc;
	if (a == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	store_plan_t before;
	if ((rc = store_w_begin(s, e)) < 0)
		goto out;
	rc = store_plan_get(s, a, id, &before, e);
	if (rc == 0)
		rc = store_q(s, st, p, n, &changes, e);
	if (rc == 0 && changes == 0) {
		err_set(e, ERR_CONFLICT, "store: plan %lld is no longer in state %.*s", id,
			STR_FMT(before.state));
		rc = err_field(e, "state");
	}
	if (rc == 0) {
		store_plan_t after = before;
		after.state = state;
		rc = store_audit_json(s, actor, "set_state", "plan", id, plan_json(&before),
				      plan_json(&after), e);
	}
	rc = store_w_end(s, rc, e);
out:
	arena_free(a);
	return rc;
}

int store_plan_set_state(store_t *s, str_t actor, long long id, str_t state, err_t *e)
{
	store_val_t p[] = { SV_S(state), SV_I(id) };
	return plan_state_write(s, actor, id, state, ST_PLAN_SET_STATE, p, 2, e);
}

int store_plan_move(store_t *s, str_t actor, long long id, str_t from, str_t to, err_t *e)
{
	store_val_t p[] = { SV_S(to), SV_I(id), SV_S(from) };
	return plan_state_write(s, actor, id, to, ST_PLAN_MOVE, p, 3, e);
}

/* ---- checked edits ---- */

int store_stale(const char *what, long long id, err_t *e)
{
	err_set(e, ERR_CONFLICT, "store: %s %lld was changed by someone else", what, id);
	return err_field(e, "version");
}

static bool unit_same(const store_unit_t *a, const store_unit_t *b)
{
	return a->parent_id == b->parent_id && str_eq(a->name, b->name) && str_eq(a->kind, b->kind);
}

/* The new parent must exist and must not be the unit or lie below it. */
static int unit_parent_check(store_t *s, arena_t *a, long long id, long long parent, err_t *e)
{
	store_unit_t p;
	bool below = false;
	int rc = parent > 0 ? store_unit_get(s, a, parent, &p, e) : 0;

	if (rc == ERR_NOTFOUND)
		rc = err_set(e, ERR_INVALID, "store: no unit %lld to go under", parent);
	if (rc == 0 && parent > 0)
		rc = store_unit_in_subtree(s, id, parent, &below, e);
	if (rc == 0 && below)
		rc = err_set(e, ERR_INVALID, "store: unit %lld cannot go under unit %lld", id,
			     parent);
	return rc < 0 && rc != ERR_DB ? err_field(e, "parent_id") : rc;
}

int store_unit_update(store_t *s, str_t actor, const store_unit_t *before,
		      const store_unit_t *after, err_t *e)
{
	int rc = store_need(after->name, "name", e);
	arena_t *a = rc == 0 ? arena_new(0, 0) : NULL;
	store_unit_t cur, next = *after;
	if (rc < 0)
		return rc;
	if (a == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	next.id = before->id;
	store_val_t key[] = { SV_I(before->id) };
	store_val_t p[] = { SV_ID(next.parent_id), SV_S(next.name), SV_S(next.kind),
			    SV_I(next.id) };
	if ((rc = store_w_begin(s, e)) < 0)
		goto out;
	rc = store_q(s, ST_UNIT_LOCK, key, 1, NULL, e);
	if (rc == 0)
		rc = store_unit_get(s, a, before->id, &cur, e);
	if (rc == 0 && !unit_same(&cur, before))
		rc = store_stale("unit", before->id, e);
	if (rc == 0 && next.parent_id != cur.parent_id)
		rc = unit_parent_check(s, a, next.id, next.parent_id, e);
	if (rc == 0)
		rc = store_q(s, ST_UNIT_UPDATE, p, 4, NULL, e);
	if (rc == 0)
		rc = store_audit_json(s, actor, "update", "unit", next.id, unit_json(&cur),
				      unit_json(&next), e);
	rc = store_w_end(s, rc, e);
out:
	arena_free(a);
	return rc;
}
