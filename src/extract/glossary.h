/* glossary.h — the numbered notes that explain a report's coined formulas
 * ("[5]“7+18+N”现代产业体系:…", Markdown footnotes "[^5]: …") and the places in the body
 * that cite them. */
#ifndef DUBAN_EXTRACT_GLOSSARY_H
#define DUBAN_EXTRACT_GLOSSARY_H

#include "base/err.h"
#include "extract/draft.h"
#include "extract/extract.h"
#include "extract/text.h"

/* Appends every note of t to d->glossary (label as written, term, definition, spans,
 * norm range) with the body places carrying its mark ([1] never matches [10]).
 * Duplicate labels, unclosed marks and marks without a note become draft warnings.
 * Strings are owned by d->arena.  0 or ERR_NOMEM. */
int glossary_parse(draft_t *d, const text_t *t, const extract_opts_t *o, err_t *e);

#endif
