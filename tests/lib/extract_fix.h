/* extract_fix.h — fixtures shared by the extract unit tests: reading a seed document,
 * and a hand-built text_t (norm = decoded = original, identity maps) with a draft, so a
 * stage is tested without the text layer's rules.  Every function asserts (cmocka) on
 * failure. */
#ifndef DUBAN_TESTS_EXTRACT_FIX_H
#define DUBAN_TESTS_EXTRACT_FIX_H

#include "extract/draft.h"
#include "extract/text.h"

#include <stddef.h>

/* tests/data/name (run from the repository root), NUL-terminated; the caller frees it
 * with mem_free. */
char *xfix_read_seed(const char *name, size_t *out_n);

typedef struct xfix {
	draft_t *d;
	text_t t;
} xfix_t;

/* A draft (arena capped at arena_max, 0 = none) and a text whose norm text is norm and
 * whose decoded and original text is dec (the same byte length: Traditional and
 * Simplified ideographs are both 3 bytes); both strings are borrowed. */
void xfix_init(xfix_t *f, const char *norm, const char *dec, size_t arena_max);

/* Frees the draft. */
void xfix_free(xfix_t *f);

/* Adds an outline node whose heading starts at the first occurrence of head and whose
 * body runs to the end of the text or to the next node (level 1 when parent is 0). */
void xfix_add_node(xfix_t *f, int parent, const char *head);

#endif
