/* plan_import.h — writing an extracted plan (extract/draft.h) into the store as a draft
 * plan: the code path of `duban import`, shared with `duban demo --seeds`. */
#ifndef DUBAN_CLI_PLAN_IMPORT_H
#define DUBAN_CLI_PLAN_IMPORT_H

#include "base/arena.h"
#include "base/err.h"
#include "extract/draft.h"
#include "store/store.h"

#include <stddef.h>

/* What an import wrote (results are counted, not stored). */
typedef struct plan_import_counts {
	size_t nodes, targets, results, projects, leads;
} plan_import_counts_t;

/* Reads the whole file at path into *out_data (the caller frees it with mem_free) and its
 * length into *out_n. */
int plan_import_read(const char *path, char **out_data, size_t *out_n, err_t *e);

/* Writes the draft d as plan (title, year, source set by the caller; plan->id set) in one
 * transaction under actor; nodes get the lead unit the extractor named when that unit
 * exists.  Adds to *c.  Rolls back on any error, so nothing is written then. */
int plan_import_write(store_t *s, arena_t *a, str_t actor, const draft_t *d, store_plan_t *plan,
		      plan_import_counts_t *c, err_t *e);

#endif
