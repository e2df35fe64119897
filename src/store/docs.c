/* docs.c — reading back what an import stored beside the task tree (schema v5: the
 * source document, results, glossary) and recording promise checks with their audit
 * rows.  The writes of the import itself are in import.c. */
#include "store/docs.h"

#include "store/backend.h"
#include "store/rows.h"

#include <string.h>

static int doc_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_document_t *d = store_vec_push(v);
	if (d == NULL)
		return ERR_NOMEM;
	d->plan_id = s->be->col_int(row, 0);
	d->file_name = store_col_str(s, v->a, row, 1);
	d->encoding = store_col_str(s, v->a, row, 2);
	d->script = store_col_str(s, v->a, row, 3);
	d->bytes = s->be->col_int(row, 4);
	d->dropped_json = store_col_str(s, v->a, row, 5);
	d->text = store_col_str(s, v->a, row, 6);
	d->created_at = store_col_str(s, v->a, row, 7);
	return d->file_name.ptr && d->encoding.ptr && d->script.ptr && d->dropped_json.ptr &&
			       d->text.ptr && d->created_at.ptr
		       ? 0
		       : ERR_NOMEM;
}

int store_document_get(store_t *s, arena_t *a, long long plan_id, store_document_t *out_doc,
		       err_t *e)
{
	store_val_t p[] = { SV_I(plan_id) };
	return store_get_one(s, a, ST_DOC_GET, p, 1, doc_row, sizeof *out_doc, out_doc, "document",
			     e);
}

static int result_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_result_t *r = store_vec_push(v);
	if (r == NULL)
		return ERR_NOMEM;
	r->id = s->be->col_int(row, 0);
	r->plan_id = s->be->col_int(row, 1);
	r->node_id = s->be->col_int(row, 2);
	r->indicator = store_col_str(s, v->a, row, 3);
	r->verb = store_col_str(s, v->a, row, 4);
	r->value = s->be->col_real(row, 5);
	r->value_max = s->be->col_real(row, 6);
	r->unit = store_col_str(s, v->a, row, 7);
	r->has_base = !s->be->col_null(row, 8);
	r->base_value = r->has_base ? s->be->col_real(row, 8) : 0;
	r->base_unit = store_col_str(s, v->a, row, 9);
	r->qualifier = store_col_str(s, v->a, row, 10);
	r->year = (int)s->be->col_int(row, 11);
	r->text = store_col_str(s, v->a, row, 12);
	r->span_start = s->be->col_int(row, 13);
	r->span_end = s->be->col_int(row, 14);
	return r->indicator.ptr && r->verb.ptr && r->unit.ptr && r->base_unit.ptr &&
			       r->qualifier.ptr && r->text.ptr
		       ? 0
		       : ERR_NOMEM;
}

int store_result_list(store_t *s, arena_t *a, long long plan_id, store_result_t **out_results,
		      size_t *out_n, err_t *e)
{
	store_val_t p[] = { SV_I(plan_id) };
	return store_list(s, a, ST_RESULT_LIST, p, 1, result_row, sizeof **out_results,
			  (void **)out_results, out_n, e);
}

static int gloss_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_gloss_t *g = store_vec_push(v);
	if (g == NULL)
		return ERR_NOMEM;
	g->id = s->be->col_int(row, 0);
	g->plan_id = s->be->col_int(row, 1);
	g->seq = (int)s->be->col_int(row, 2);
	g->label = store_col_str(s, v->a, row, 3);
	g->term = store_col_str(s, v->a, row, 4);
	g->definition = store_col_str(s, v->a, row, 5);
	g->span_start = s->be->col_int(row, 6);
	g->span_end = s->be->col_int(row, 7);
	g->cited_json = store_col_str(s, v->a, row, 8);
	return g->label.ptr && g->term.ptr && g->definition.ptr && g->cited_json.ptr ? 0
										     : ERR_NOMEM;
}

int store_glossary_list(store_t *s, arena_t *a, long long plan_id, store_gloss_t **out_gloss,
			size_t *out_n, err_t *e)
{
	store_val_t p[] = { SV_I(plan_id) };
	return store_list(s, a, ST_GLOSS_LIST, p, 1, gloss_row, sizeof **out_gloss,
			  (void **)out_gloss, out_n, e);
}

/* ---- promise checks ---- */

static int promise_row(store_t *s, const store_row_t *row, void *ud)
{
	store_vec_t *v = ud;
	store_promise_t *p = store_vec_push(v);
	if (p == NULL)
		return ERR_NOMEM;
	p->target_id = s->be->col_int(row, 0);
	p->against_plan_id = s->be->col_int(row, 1);
	p->result_id = s->be->col_int(row, 2);
	p->verdict = store_col_str(s, v->a, row, 3);
	p->reason = store_col_str(s, v->a, row, 4);
	p->checked_at = store_col_str(s, v->a, row, 5);
	return p->verdict.ptr && p->reason.ptr && p->checked_at.ptr ? 0 : ERR_NOMEM;
}

static char *promise_json(const store_promise_t *p)
{
	json_t *j = json_object();
	if (j == NULL)
		return NULL;
	json_object_set_new(j, "target_id", json_integer(p->target_id));
	json_object_set_new(j, "against_plan_id", json_integer(p->against_plan_id));
	json_object_set_new(j, "result_id", store_json_id(p->result_id));
	json_object_set_new(j, "verdict", store_json_str(p->verdict));
	json_object_set_new(j, "reason", store_json_str(p->reason));
	return store_json_take(j);
}

static bool promise_verdict_ok(str_t v)
{
	return str_eq_cstr(v, "met") || str_eq_cstr(v, "missed") || str_eq_cstr(v, "unverified");
}

int store_promise_put(store_t *s, str_t actor, store_promise_t *p, err_t *e)
{
	if (!promise_verdict_ok(p->verdict))
		return err_set(e, ERR_INVALID,
			       "store: promise verdict '%.*s' is not met, missed "
			       "or unverified",
			       STR_FMT(p->verdict));
	char now[32];
	store_now(now, sizeof(now));
	p->checked_at = str_from_cstr(now);
	arena_t *a = arena_new(0, 0);
	if (a == NULL)
		return err_set(e, ERR_NOMEM, "store: out of memory");
	int rc = store_w_begin(s, e);
	if (rc < 0) {
		arena_free(a);
		return rc;
	}
	store_val_t key[] = { SV_I(p->target_id), SV_I(p->against_plan_id) };
	store_vec_t before = { .a = a, .size = sizeof(store_promise_t) };
	rc = store_q_rows(s, ST_PROMISE_GET, key, 2, promise_row, &before, e);
	store_val_t put[] = { SV_I(p->target_id), SV_I(p->against_plan_id), SV_ID(p->result_id),
			      SV_S(p->verdict),   SV_S(p->reason),          SV_S(p->checked_at) };
	if (rc == 0)
		rc = store_q(s, ST_PROMISE_PUT, put, 6, NULL, e);
	if (rc == 0) {
		char *b = before.n ? promise_json(before.items) : NULL;
		rc = before.n && b == NULL ? err_set(e, ERR_NOMEM, "store: out of memory")
					   : store_audit_json(s, actor, "promise_check", "target",
							      p->target_id, b, promise_json(p), e);
	}
	rc = store_w_end(s, rc, e);
	p->checked_at = STR_NULL;
	arena_free(a);
	return rc;
}

int store_promise_list(store_t *s, arena_t *a, long long plan_id, long long against_plan_id,
		       store_promise_t **out_rows, size_t *out_n, err_t *e)
{
	store_val_t p[] = { SV_I(plan_id), SV_I(against_plan_id) };
	return store_list(s, a, ST_PROMISE_LIST, p, 2, promise_row, sizeof **out_rows,
			  (void **)out_rows, out_n, e);
}
