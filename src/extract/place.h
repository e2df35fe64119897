/* place.h — responsible units and places named in a plan: departments (市发改委),
 * development zones (高新区), cities, counties and districts (from the embedded gazetteer
 * data/gazetteer.tsv) and enterprises (…集团, …公司). */
#ifndef DUBAN_EXTRACT_PLACE_H
#define DUBAN_EXTRACT_PLACE_H

#include "base/err.h"
#include "extract/draft.h"
#include "extract/extract.h"
#include "extract/text.h"

/* Appends to d->units every unit or place named in the norm text of t, in document
 * order, each with its outline node (from d->nodes' norm ranges) and original span.
 * Strings are owned by d->arena.  0, ERR_NOMEM, or ERR_INTERNAL when the embedded
 * gazetteer is missing or malformed. */
int place_extract(draft_t *d, const text_t *t, const extract_opts_t *o, err_t *e);

#endif
