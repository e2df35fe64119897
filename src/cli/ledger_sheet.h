/* ledger_sheet.h — spreadsheet output for `duban export`: a workbook of one or more
 * tables written as CSV (UTF-8 with BOM, CRLF, RFC 4180 quoting) or .xlsx (libxlsxwriter:
 * bold header, column widths, frozen header row).
 *
 * Formula injection: a cell whose text starts with = + - @ (or TAB/CR) and is not a plain
 * number could be run as a formula by a spreadsheet program.  In CSV it is written with a
 * leading apostrophe; in xlsx every text cell is written as a string, never a formula. */
#ifndef DUBAN_CLI_LEDGER_SHEET_H
#define DUBAN_CLI_LEDGER_SHEET_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

#include <stdbool.h>
#include <stddef.h>

#define LEDGER_SHEET_MAX_COLS   16
#define LEDGER_SHEET_MAX_TABLES 4

typedef struct ledger_sheet_table {
	const char *name; /* worksheet name (<= 31 characters), section title in CSV */
	size_t ncols;
	const char *head[LEDGER_SHEET_MAX_COLS];
	double width[LEDGER_SHEET_MAX_COLS]; /* in characters; 0: 12 */
	bool number[LEDGER_SHEET_MAX_COLS];  /* xlsx: a cell that parses as a number is one */
	const char **cells;                  /* nrows * ncols, row-major, in the arena */
	size_t nrows, cap;
} ledger_sheet_table_t;

typedef struct ledger_sheet_book {
	arena_t *a;
	ledger_sheet_table_t tables[LEDGER_SHEET_MAX_TABLES];
	size_t ntables;
	int err; /* sticky: ERR_NOMEM */
} ledger_sheet_book_t;

void ledger_sheet_book_init(ledger_sheet_book_t *b, arena_t *a);
/* Adds a table with ncols headings (borrowed, static) and widths (may be NULL); returns
 * it (owned by the book), or NULL when the book is full. */
ledger_sheet_table_t *ledger_sheet_table_add(ledger_sheet_book_t *b, const char *name, size_t ncols,
					     const char *const *head, const double *width);
/* Appends one row of t->ncols cells, copied into the arena (NULL is ""). */
int ledger_sheet_row(ledger_sheet_book_t *b, ledger_sheet_table_t *t, const char *const *cells);

/* True when text could be taken for a formula (see above). */
bool ledger_sheet_risky(const char *z);
/* The book as CSV bytes appended to out: BOM, then each table (preceded by a title row
 * "【name】" and a blank line between tables when there is more than one). */
int ledger_sheet_csv(const ledger_sheet_book_t *b, buf_t *out);
/* Writes the book to path as "csv" or "xlsx"; ERR_IO naming the path on failure. */
int ledger_sheet_write(const ledger_sheet_book_t *b, const char *format, const char *path,
		       err_t *e);

#endif
