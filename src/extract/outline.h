/* outline.h — the task tree of a plan: headings and enumeration items of the norm text
 * become outline nodes (docs/annotation.md, "Outline"), and the title block at the top
 * gives the document's title. */
#ifndef DUBAN_EXTRACT_OUTLINE_H
#define DUBAN_EXTRACT_OUTLINE_H

#include "base/err.h"
#include "extract/draft.h"
#include "extract/extract.h"
#include "extract/text.h"

/* Deepest nesting kept; deeper items are attached at this level with a warning. */
#define OUTLINE_MAX_DEPTH 16

/* Appends the outline nodes of t to d->nodes in document order (ids 1..n, parents,
 * levels, labels as written, titles honouring o->simplified, original spans, norm
 * ranges) and sets d->doc.title from the title block when there is one.  Strings are
 * owned by d->arena.  0 or ERR_NOMEM. */
int outline_parse(draft_t *d, const text_t *t, const extract_opts_t *o, err_t *e);

/* True when the norm line s[0..n) is a glossary note: "[5]…" or "[^5]:…" at its start.
 * Used by the outline and the glossary so that both agree on what a note is. */
bool outline_is_note_line(const char *s, size_t n);

#endif
