/* import.h — writing an extracted draft (extract/draft.h) into the store as a draft plan:
 * the one import path under `duban import`, `duban demo` and POST /api/documents. */
#ifndef DUBAN_STORE_IMPORT_H
#define DUBAN_STORE_IMPORT_H

#include "base/arena.h"
#include "base/err.h"
#include "extract/draft.h"
#include "store/store.h"

#include <stddef.h>

/* What an import wrote. */
typedef struct store_import_counts {
	size_t nodes, targets, results, projects, leads, glossary;
	bool document; /* the source document was stored */
} store_import_counts_t;

/* Writes the draft d as a new plan (plan->title, year, source set by the caller; state
 * draft; plan->id set): the outline as the task tree (a node's lead unit is the unit the
 * extractor named when that unit exists), targets (statements outside any node under
 * one top-level node 未归入条目的目标), results, key projects (the owner is the existing
 * unit named as the place), the glossary, and — when
 * src is not empty — the source document: src is the original bytes d was extracted
 * from; they are decoded to UTF-8 again and every span is mapped onto that text.  The
 * document and glossary are indexed for store_search.
 *
 * One transaction (a savepoint inside an explicit one) with the entities' audit rows and
 * one row "import" on the plan: on any error nothing is written.  Adds to *io_counts
 * (may be NULL).  Scratch memory from a. */
int store_import_draft(store_t *s, arena_t *a, str_t actor, const draft_t *d, str_t src,
		       store_plan_t *plan, store_import_counts_t *io_counts, err_t *e);

#endif
