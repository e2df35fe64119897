/* offmap.c — the segment map of byte offsets (see offmap.h). */
#include "extract/offmap.h"

#include "base/err.h"
#include "base/mem.h"

#include <string.h>

void offmap_push(offmap_t *m, size_t from, size_t to)
{
	if (m->err)
		return;
	if (m->n && m->v[m->n - 1].from == from) { /* an empty segment: replace it */
		m->v[m->n - 1].to = (uint32_t)to;
		return;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		offmap_seg_t *v = mem_realloc(m->v, cap * sizeof *v);
		if (!v) {
			m->err = ERR_NOMEM;
			return;
		}
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n].from = (uint32_t)from;
	m->v[m->n].to = (uint32_t)to;
	m->n++;
}

int offmap_seal(offmap_t *m, arena_t *a, size_t end_from, size_t end_to, const offmap_seg_t **out_v,
		size_t *out_n)
{
	offmap_seg_t *v = NULL;

	if (m->n == 0)
		offmap_push(m, 0, 0);
	offmap_add(m, end_from, end_to);
	if (!m->err) {
		v = arena_alloc(a, m->n * sizeof *v);
		if (v)
			memcpy(v, m->v, m->n * sizeof *v);
	}
	*out_v = v;
	*out_n = v ? m->n : 0;
	offmap_free(m);
	return v ? 0 : ERR_NOMEM;
}

void offmap_free(offmap_t *m)
{
	mem_free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

size_t offmap_find(const offmap_seg_t *v, size_t n, size_t f)
{
	size_t lo = 0, hi = n;

	while (hi - lo > 1) { /* v[lo].from <= f < v[hi].from */
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].from <= f)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

size_t offmap_get(const offmap_seg_t *v, size_t n, size_t f)
{
	size_t k;

	if (n == 0)
		return f;
	k = offmap_find(v, n, f);
	return v[k].to + (f - v[k].from);
}

size_t offmap_get_char(const offmap_seg_t *v, size_t n, const char *z, size_t f)
{
	size_t k, c = f;

	if (n == 0)
		return f;
	k = offmap_find(v, n, f);
	while (c > v[k].from && ((unsigned char)z[c] & 0xC0) == 0x80)
		c--;
	return v[k].to + (c - v[k].from);
}
