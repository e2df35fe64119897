/* draft.c — allocation of the draft plan and its growable arrays. */
#include "extract/draft.h"

#include "base/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

draft_t *draft_new(size_t max_bytes)
{
	draft_t *d = mem_calloc(1, sizeof *d);

	if (!d)
		return NULL;
	d->arena = arena_new(0, max_bytes);
	if (!d->arena) {
		mem_free(d);
		return NULL;
	}
	return d;
}

void draft_free(draft_t *d)
{
	if (!d)
		return;
	arena_free(d->arena);
	mem_free(d);
}

void *draft_push(draft_t *d, void **io_v, size_t *io_n, size_t *io_cap, size_t elem)
{
	unsigned char *p;

	if (*io_n == *io_cap) {
		size_t cap = *io_cap ? *io_cap * 2 : 16;
		void *nv = arena_alloc(d->arena, cap * elem);
		if (!nv)
			return NULL;
		if (*io_n)
			memcpy(nv, *io_v, *io_n * elem);
		*io_v = nv;
		*io_cap = cap;
	}
	p = (unsigned char *)*io_v + *io_n * elem;
	memset(p, 0, elem);
	*io_n += 1;
	return p;
}

int draft_warn(draft_t *d, const char *fmt, ...)
{
	char msg[512];
	const char **nv;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	nv = arena_alloc(d->arena, (d->doc.nwarnings + 1) * sizeof *nv);
	if (!nv)
		return ERR_NOMEM;
	if (d->doc.nwarnings)
		memcpy(nv, d->doc.warnings, d->doc.nwarnings * sizeof *nv);
	nv[d->doc.nwarnings] = arena_strndup(d->arena, msg, strlen(msg));
	if (!nv[d->doc.nwarnings])
		return ERR_NOMEM;
	d->doc.warnings = nv;
	d->doc.nwarnings++;
	return 0;
}
