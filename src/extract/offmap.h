/* offmap.h — a compact, monotone map of byte offsets from a derived text back to its
 * source (norm text to decoded text), part of the text layer (text.h).
 *
 * The map is a list of segments, each the start of a run in which both texts advance
 * together: offset f in the segment starting at (from, to) maps to to + (f - from).
 * Copying text adds nothing; only a character that changes its byte length, and text
 * dropped or inserted, starts a segment.  A byte inside a multi-byte character maps to
 * the source offset of its character (offmap_get_char).  A 4-byte entry per byte made
 * the text layer write several times the input; this costs about one segment per
 * folded full-width sign. */
#ifndef DUBAN_EXTRACT_OFFMAP_H
#define DUBAN_EXTRACT_OFFMAP_H

#include "base/arena.h"

#include <stddef.h>
#include <stdint.h>

typedef struct offmap_seg {
	uint32_t from, to;
} offmap_seg_t;

/* A map under construction (heap memory, offmap_free) or finished (offmap_seal: arena
 * memory, the builder emptied).  err is sticky: set when growing failed. */
typedef struct offmap {
	offmap_seg_t *v;
	size_t n, cap;
	int err;
} offmap_t;

/* Appends a segment (out of line: offmap_add decides whether one is needed). */
void offmap_push(offmap_t *m, size_t from, size_t to);

/* Records that offset from (a character start) maps to to; offsets increase. */
static inline void offmap_add(offmap_t *m, size_t from, size_t to)
{
	if (m->n && (uint32_t)(to - from) == (uint32_t)(m->v[m->n - 1].to - m->v[m->n - 1].from))
		return;
	offmap_push(m, from, to);
}

/* Ends the map at (end_from, end_to), moves it into the arena and frees the builder's
 * heap memory.  The segments (owned by the arena) in *out_v, their count in *out_n.
 * 0 or ERR_NOMEM (also when an earlier offmap_add failed). */
int offmap_seal(offmap_t *m, arena_t *a, size_t end_from, size_t end_to, const offmap_seg_t **out_v,
		size_t *out_n);

/* Frees a builder's heap memory (after a failure; offmap_seal frees it otherwise). */
void offmap_free(offmap_t *m);

/* Index of the segment holding offset f (the last with from <= f); 0 when n is 0. */
size_t offmap_find(const offmap_seg_t *v, size_t n, size_t f);

/* The mapped offset of f, f being a character start (f itself when n is 0). */
size_t offmap_get(const offmap_seg_t *v, size_t n, size_t f);

/* The mapped offset of the character holding byte f of the UTF-8 text z. */
size_t offmap_get_char(const offmap_seg_t *v, size_t n, const char *z, size_t f);

#endif
