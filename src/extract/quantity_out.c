/* quantity_out.c — what the extraction stages take from the quantity scanner
 * (quantity.c): the list of every quantity of a text, collected once and shared by the
 * statement and project stages (qty_collect, qty_each), and a quantity's unit as written
 * in the document (qty_unit_display). */
#include "extract/quantity.h"

#include "base/mem.h"

#include <string.h>

typedef struct qvec {
	qty_t *v;
	size_t n, cap;
} qvec_t;

static int qty_push(const qty_t *q, void *ctx)
{
	qvec_t *v = ctx;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		qty_t *nv = mem_realloc(v->v, cap * sizeof *nv);
		if (!nv)
			return ERR_NOMEM;
		v->v = nv;
		v->cap = cap;
	}
	v->v[v->n++] = *q;
	return 0;
}

int qty_collect(const char *s, size_t n, qty_t **out_v, size_t *out_n)
{
	qvec_t v = { NULL, 0, 0 };
	int rc = qty_scan(s, n, qty_push, &v);

	if (rc) {
		mem_free(v.v);
		v.v = NULL;
		v.n = 0;
	}
	*out_v = v.v;
	*out_n = v.n;
	return rc;
}

int qty_each(const text_t *t, qty_fn fn, void *ctx)
{
	if (!t->qty)
		return qty_scan(t->z, t->n, fn, ctx);
	for (size_t k = 0; k < t->nqty; k++) {
		int rc = fn(&t->qty[k], ctx);
		if (rc)
			return rc;
	}
	return 0;
}

const char *qty_unit_display(const qty_t *q, const text_t *t, arena_t *a, bool simplified)
{
	const char *m = "", *u = "";
	if (q->mag_end > q->mag_start)
		m = text_display(t, a, q->mag_start, q->mag_end, simplified);
	if (q->unit_end > q->unit_start)
		u = text_display(t, a, q->unit_start, q->unit_end, simplified);
	if (!m || !u)
		return NULL;
	if (!*m)
		return u;
	if (!*u)
		return m;
	return arena_printf(a, "%s%s", m, u);
}
