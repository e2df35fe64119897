/* sheet.h — spreadsheet output for exports (`duban export` and GET /api/exports/…): a workbook of one or more
 * tables written as CSV (UTF-8 with BOM, CRLF, RFC 4180 quoting) or .xlsx (libxlsxwriter:
 * bold header, column widths, frozen header row).
 *
 * Formula injection: a cell whose text starts with = + - @ (or TAB/CR) and is not a plain
 * number could be run as a formula by a spreadsheet program.  In CSV it is written with a
 * leading apostrophe; in xlsx every text cell is written as a string, never a formula. */
#ifndef DUBAN_API_SHEET_H
#define DUBAN_API_SHEET_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

#include <stdbool.h>
#include <stddef.h>

#define API_SHEET_MAX_COLS   16
#define API_SHEET_MAX_TABLES 4

typedef struct api_sheet_table {
	const char *name; /* worksheet name (<= 31 characters), section title in CSV */
	size_t ncols;
	const char *head[API_SHEET_MAX_COLS];
	double width[API_SHEET_MAX_COLS]; /* in characters; 0: 12 */
	bool number[API_SHEET_MAX_COLS];  /* xlsx: a cell that parses as a number is one */
	const char **cells;               /* nrows * ncols, row-major, in the arena */
	size_t nrows, cap;
} api_sheet_table_t;

typedef struct api_sheet_book {
	arena_t *a;
	api_sheet_table_t tables[API_SHEET_MAX_TABLES];
	size_t ntables;
	int err; /* sticky: ERR_NOMEM */
} api_sheet_book_t;

void api_sheet_book_init(api_sheet_book_t *b, arena_t *a);
/* Adds a table with ncols headings (borrowed, static) and widths (may be NULL); returns
 * it (owned by the book), or NULL when the book is full. */
api_sheet_table_t *api_sheet_table_add(api_sheet_book_t *b, const char *name, size_t ncols,
				       const char *const *head, const double *width);
/* Appends one row of t->ncols cells, copied into the arena (NULL is ""). */
int api_sheet_row(api_sheet_book_t *b, api_sheet_table_t *t, const char *const *cells);

/* True when text could be taken for a formula (see above). */
bool api_sheet_risky(const char *z);
/* The book as CSV bytes appended to out: BOM, then each table (preceded by a title row
 * "【name】" and a blank line between tables when there is more than one). */
int api_sheet_csv(const api_sheet_book_t *b, buf_t *out);
/* The book's bytes as "csv" or "xlsx" appended to out (xlsx: libxlsxwriter writes a
 * temporary file under $TMPDIR, read back and removed).  ERR_USAGE for another format,
 * ERR_IO when the temporary file fails. */
int api_sheet_render(const api_sheet_book_t *b, const char *format, buf_t *out, err_t *e);
/* The media type of a format: text/csv; charset=utf-8, or the xlsx type (static). */
const char *api_sheet_media_type(const char *format);
/* Writes the book to path as "csv" or "xlsx"; ERR_IO naming the path on failure. */
int api_sheet_write(const api_sheet_book_t *b, const char *format, const char *path, err_t *e);

#endif
