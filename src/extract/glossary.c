/* glossary.c — numbered notes ("[5]term:definition", "[^5]: definition") and the body
 * places that cite them (see glossary.h).
 *
 * Two passes over the norm lines: the first collects the notes, the second the marks in
 * every other line.  Labels are matched as whole marks through a sorted index, so the
 * work is O(n log n) however many notes and marks there are. */
#include "extract/glossary.h"

#include "extract/outline.h"

#include <stdlib.h>
#include <string.h>

#define GL_MAX_WARNINGS 16
#define GL_PUSH(st, field)                                                                         \
	draft_push((st)->d, (void **)&(st)->field.v, &(st)->field.n, &(st)->field.cap,             \
		   sizeof *(st)->field.v)

typedef struct gl_key {
	const char *p; /* the label in the norm text: "[5]", "[^5]" */
	size_t len;
	size_t note; /* index into the note array */
} gl_key_t;

typedef struct gl_note {
	size_t ls, le;   /* label */
	size_t line_end; /* end of the note's line */
	bool dup;
	size_t ncited;
} gl_note_t;

typedef struct gl_cite {
	size_t note;
	size_t s, e;
} gl_cite_t;

typedef struct gl_state {
	draft_t *d;
	const text_t *t;
	const extract_opts_t *o;
	DRAFT_VEC(gl_note_t) notes;
	DRAFT_VEC(gl_cite_t) cites;
	gl_key_t *keys; /* one per note, sorted by label then position */
	int nwarn;
} gl_state_t;

static int gl_warn(gl_state_t *st, const char *what, size_t len, const char *mark, size_t at)
{
	if (st->nwarn >= GL_MAX_WARNINGS)
		return 0;
	if (++st->nwarn == GL_MAX_WARNINGS)
		return draft_warn(st->d, "glossary: more problems not reported");
	return draft_warn(st->d, "glossary: %s %.*s at byte %zu", what, (int)len, mark,
			  text_span(st->t, at, at).start);
}

/* A mark "[12]" or "[^12]" at s[i]: the offset after it, or 0 (and *out_unclosed when
 * the digits are followed by neither ']' nor more text, or are too many). */
static size_t gl_mark(const char *s, size_t n, size_t i, bool *out_unclosed)
{
	size_t j = i + 1, d;

	*out_unclosed = false;
	if (j < n && s[j] == '^')
		j++;
	d = j;
	while (j < n && j - d < 7 && s[j] >= '0' && s[j] <= '9')
		j++;
	if (j == d)
		return 0;
	if (j - d > 6) {
		*out_unclosed = true; /* a number no note carries */
		return 0;
	}
	if (j >= n || s[j] != ']') {
		*out_unclosed = j >= n || s[j] == '\n' || s[j] == ' ' || s[j] == ':';
		return 0;
	}
	return j + 1;
}

static int gl_key_cmp(const void *pa, const void *pb)
{
	const gl_key_t *a = pa, *b = pb;
	int c = memcmp(a->p, b->p, a->len < b->len ? a->len : b->len);

	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->note < b->note ? -1 : a->note > b->note;
}

static size_t gl_skip_space(const char *s, size_t i, size_t e)
{
	while (i < e && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Pass 1: every note line, in document order. */
static int gl_collect(gl_state_t *st)
{
	const char *s = st->t->z;
	size_t n = st->t->n, pos = 0;

	while (pos < n) {
		const char *nl = memchr(s + pos, '\n', n - pos);
		size_t le = nl ? (size_t)(nl - s) : n, i = gl_skip_space(s, pos, le), end;
		bool unclosed;

		pos = le + 1;
		if (i >= le || s[i] != '[')
			continue;
		end = gl_mark(s, le, i, &unclosed);
		if (end && outline_is_note_line(s + i, le - i)) {
			gl_note_t *g = GL_PUSH(st, notes);
			if (!g)
				return ERR_NOMEM;
			*g = (gl_note_t){ .ls = i, .le = end, .line_end = le };
		} else if ((unclosed || (!end && !memchr(s + i, ']', le - i))) &&
			   gl_warn(st, "malformed note mark", 1, s + i, i) < 0) {
			return ERR_NOMEM;
		}
	}
	return 0;
}

/* Sorts the labels and marks every repeated label after its first note. */
static int gl_index(gl_state_t *st)
{
	size_t nn = st->notes.n;

	if (nn == 0)
		return 0;
	st->keys = arena_alloc(st->d->arena, nn * sizeof *st->keys);
	if (!st->keys)
		return ERR_NOMEM;
	for (size_t k = 0; k < nn; k++) {
		gl_note_t *g = &st->notes.v[k];
		st->keys[k] = (gl_key_t){ st->t->z + g->ls, g->le - g->ls, k };
	}
	qsort(st->keys, nn, sizeof *st->keys, gl_key_cmp);
	for (size_t k = 1; k < nn; k++) {
		gl_key_t *a = &st->keys[k - 1], *b = &st->keys[k];
		if (a->len == b->len && memcmp(a->p, b->p, a->len) == 0) {
			gl_note_t *g = &st->notes.v[b->note];
			g->dup = true;
			if (gl_warn(st, "duplicate note", b->len, b->p, g->ls) < 0)
				return ERR_NOMEM;
		}
	}
	return 0;
}

/* The first (non-duplicate) note labelled p[0..len), or -1. */
static long gl_find(const gl_state_t *st, const char *p, size_t len)
{
	size_t lo = 0, hi = st->notes.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const gl_key_t *k = &st->keys[mid];
		int c = memcmp(k->p, p, k->len < len ? k->len : len);
		if (c == 0)
			c = k->len < len ? -1 : k->len > len;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < st->notes.n && st->keys[lo].len == len && memcmp(st->keys[lo].p, p, len) == 0)
		return (long)st->keys[lo].note;
	return -1;
}

/* The marks of one body line s[i, le). */
static int gl_cites_in_line(gl_state_t *st, size_t i, size_t le)
{
	const char *s = st->t->z;

	for (const char *q; i < le && (q = memchr(s + i, '[', le - i));) {
		size_t at = (size_t)(q - s), end;
		bool unclosed;
		long k;

		end = gl_mark(s, le, at, &unclosed);
		if (!end) {
			i = at + 1;
			continue;
		}
		k = gl_find(st, s + at, end - at);
		if (k >= 0) {
			gl_cite_t *c = GL_PUSH(st, cites);
			if (!c)
				return ERR_NOMEM;
			*c = (gl_cite_t){ (size_t)k, at, end };
			st->notes.v[k].ncited++;
		} else if ((st->notes.n || s[at + 1] == '^') &&
			   gl_warn(st, "mark without a note", end - at, s + at, at) < 0) {
			return ERR_NOMEM;
		}
		i = end;
	}
	return 0;
}

/* Pass 2: the marks in every line that is not a note. */
static int gl_scan_cites(gl_state_t *st)
{
	const char *s = st->t->z;
	size_t n = st->t->n, pos = 0;
	int rc = 0;

	while (pos < n && rc == 0) {
		const char *nl = memchr(s + pos, '\n', n - pos);
		size_t le = nl ? (size_t)(nl - s) : n, i = gl_skip_space(s, pos, le);

		pos = le + 1;
		if (!outline_is_note_line(s + i, le - i))
			rc = gl_cites_in_line(st, i, le);
	}
	return rc;
}

/* The display text of norm bytes [a, b) without surrounding blanks; owned by the
 * draft's arena, NULL when out of memory. */
static const char *gl_display(gl_state_t *st, size_t a, size_t b, bool simplified)
{
	while (a < b && (st->t->z[a] == ' ' || st->t->z[a] == '\t'))
		a++;
	while (b > a && (st->t->z[b - 1] == ' ' || st->t->z[b - 1] == '\t'))
		b--;
	if (a >= b)
		return arena_strndup(st->d->arena, "", 0);
	return text_display(st->t, st->d->arena, a, b, simplified);
}

/* One glossary entry from note k, with room for its cites. */
static int gl_emit(gl_state_t *st, const gl_note_t *g)
{
	const char *s = st->t->z;
	bool simp = st->o && st->o->simplified;
	const char *colon = memchr(s + g->le, ':', g->line_end - g->le);
	size_t te = colon ? (size_t)(colon - s) : g->line_end;
	draft_gloss_t *out = DRAFT_PUSH(st->d, glossary);

	if (!out)
		return ERR_NOMEM;
	out->label = gl_display(st, g->ls, g->le, false);
	out->term = gl_display(st, g->le, te, simp);
	out->definition = gl_display(st, colon ? te + 1 : te, g->line_end, simp);
	out->span = text_span(st->t, g->ls, g->line_end);
	out->norm_start = g->ls;
	out->norm_end = g->line_end;
	if (g->ncited) {
		out->cited = arena_alloc(st->d->arena, g->ncited * sizeof *out->cited);
		if (!out->cited)
			return ERR_NOMEM;
	}
	return out->label && out->term && out->definition ? 0 : ERR_NOMEM;
}

/* Appends the entries in document order and hands each its cites. */
static int gl_output(gl_state_t *st)
{
	size_t *entry_of;
	int rc = 0;

	if (st->notes.n == 0)
		return 0;
	entry_of = arena_alloc(st->d->arena, st->notes.n * sizeof *entry_of);
	if (!entry_of)
		return ERR_NOMEM;
	for (size_t k = 0; k < st->notes.n && rc == 0; k++) {
		if (st->notes.v[k].dup)
			continue;
		entry_of[k] = st->d->glossary.n;
		rc = gl_emit(st, &st->notes.v[k]);
	}
	for (size_t c = 0; c < st->cites.n && rc == 0; c++) {
		const gl_cite_t *ci = &st->cites.v[c];
		draft_gloss_t *g = &st->d->glossary.v[entry_of[ci->note]];
		g->cited[g->ncited++] = text_span(st->t, ci->s, ci->e);
	}
	return rc;
}

int glossary_parse(draft_t *d, const text_t *t, const extract_opts_t *o, err_t *e)
{
	gl_state_t st = { .d = d, .t = t, .o = o };
	int rc = gl_collect(&st);

	if (rc == 0)
		rc = gl_index(&st);
	if (rc == 0)
		rc = gl_scan_cites(&st);
	if (rc == 0)
		rc = gl_output(&st);
	if (rc < 0)
		return err_set(e, rc, "glossary: out of memory");
	return 0;
}
