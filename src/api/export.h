/* export.h — the exports an office opens in Excel: the ledger (台账), the bulletin (通报)
 * and the key-project table, built as spreadsheet tables (api/sheet.h) from the store and
 * the supervision picture (store/picture.h).  One implementation for `duban export` and
 * GET /api/exports/{ledger|bulletin|projects}; a scope limits every table to what a
 * unit's subtree leads, helps on or owns. */
#ifndef DUBAN_API_EXPORT_H
#define DUBAN_API_EXPORT_H

#include "api/sheet.h"
#include "base/arena.h"
#include "base/err.h"
#include "model/date.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct api_export_query {
	const char *what;  /* "ledger", "bulletin" or "projects" */
	long long plan_id; /* 0: ledger: the only plan (set on return); others: all plans */
	long long unit_id; /* 0: everything; else this unit's subtree */
	date_t as_of;      /* the day statuses are judged on */
} api_export_query_t;

bool api_export_what_valid(const char *what);

/* Builds the export's tables into *out_book (cells in arena a).  ERR_USAGE naming field
 * "plan" when a ledger export has no plan and there are several; ERR_INVALID with field
 * "plan" for an unknown plan (or none at all), ERR_USAGE for an unknown what. */
int api_export_build(store_t *s, arena_t *a, api_export_query_t *q, api_sheet_book_t *out_book,
		     err_t *e);

/* "duban-WHAT-YYYYMMDD.FORMAT" for the day as_of, in arena a (NULL when out of memory). */
const char *api_export_file_name(arena_t *a, const char *what, const char *format, date_t as_of);

/* Rows over every table of the book. */
size_t api_export_rows(const api_sheet_book_t *b);

#endif
