/* extract.h — the plan-import engine: bytes of a published plan in, a draft plan out.
 *
 * Pipeline (each stage a module with its own tests):
 *   text_prepare   decode, clean, fold script and width        (text.h)
 *   outline_parse  headings and enumerations -> nodes           (outline.h)
 *   glossary_parse numbered notes and their citations           (glossary.h)
 *   stmt_extract   quantified targets and results               (stmt.h, quantity.h)
 *   project_extract named projects with investments             (project.h)
 *   place_extract  responsible units and places                 (place.h)
 * No database, no HTTP. */
#ifndef DUBAN_EXTRACT_EXTRACT_H
#define DUBAN_EXTRACT_EXTRACT_H

#include "base/err.h"
#include "extract/draft.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct extract_opts {
	size_t max_bytes; /* input limit; 0 = 32 MiB */
	bool simplified;  /* show items in Simplified script */
	int year;         /* the plan's year when the document does not say; 0 = guess */
} extract_opts_t;

#define EXTRACT_DEFAULT_MAX ((size_t)32 << 20)

/* Runs the whole pipeline over data[0..n).  On success *out_draft is a new draft the
 * caller owns (draft_free).  Bad input gives ERR_INVALID or ERR_LIMIT and a message with
 * the byte offset or the limit; recoverable oddities become draft warnings instead. */
int extract_run(const char *data, size_t n, const extract_opts_t *opts, draft_t **out_draft,
		err_t *e);

/* The draft as the JSON object of docs/extract-format.md; the caller owns the reference
 * (json_decref).  NULL when out of memory. */
json_t *extract_to_json(const draft_t *d);

#endif
