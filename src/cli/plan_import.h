/* plan_import.h — the file half of a plan import, shared by `duban import` and
 * `duban demo`: read a document, extract it (extract_run) and name the draft plan.  The
 * draft is written into the store by store_import_draft (store/import.h). */
#ifndef DUBAN_CLI_PLAN_IMPORT_H
#define DUBAN_CLI_PLAN_IMPORT_H

#include "base/err.h"
#include "cli/cli.h"
#include "extract/draft.h"
#include "store/store.h"

#include <stddef.h>

/* Reads the whole file at path into *out_data (the caller frees it with mem_free) and its
 * length into *out_n. */
int plan_import_read(const cli_ctx_t *ctx, const char *path, char **out_data, size_t *out_n,
		     err_t *e);

/* Extracts data[0..n) (named source: a file name) into *out_draft (the caller owns it:
 * draft_free) and fills out_plan: title (title, else the document's, else source), year
 * (year when > 0, else the document's; ERR_INVALID on field "year" when neither says),
 * source.  Messages in ctx's language.  The plan's views point into the draft, title or source. */
int plan_import_prepare(const cli_ctx_t *ctx, const char *source, const char *data, size_t n,
			const char *title, int year, draft_t **out_draft, store_plan_t *out_plan,
			err_t *e);

#endif
