/* stmt.h — quantified targets and results: turns each quantity in the body that states
 * an amount into a draft statement with its kind (target or result), indicator, verb,
 * value, unit, qualifier, deadline and outline node. */
#ifndef DUBAN_EXTRACT_STMT_H
#define DUBAN_EXTRACT_STMT_H

#include "base/err.h"
#include "extract/draft.h"
#include "extract/extract.h"
#include "extract/text.h"

/* Appends the statements of t to d->stmts.  d->nodes and d->glossary must be filled
 * already (quantities inside glossary notes are skipped).  0 or ERR_NOMEM. */
int stmt_extract(draft_t *d, const text_t *t, const extract_opts_t *o, err_t *e);

#endif
