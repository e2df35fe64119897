/* sheet.h — the spreadsheet reader: bytes of a CSV or .xlsx file in, rows of text cells out.
 *
 * CSV: RFC 4180 (quoted fields, "" escapes, CRLF/LF/CR line ends, cells spanning lines),
 * UTF-8 with or without BOM, UTF-16LE with BOM, else GB18030 (iconv) when the bytes are not
 * UTF-8; the delimiter (',' ';' or tab) is guessed from the first record.
 * XLSX: the zip is opened from memory (libzip) and only the parts needed are inflated —
 * workbook.xml and its rels to find the FIRST worksheet, sharedStrings.xml and the sheet —
 * each parsed with expat (no DTD allowed).  Shared strings, inline strings, formula string
 * results, booleans and numbers (printed with %.15g) become cell text.
 *
 * Every input is hostile: the limits below bound the zip entry count, the inflated size of
 * each entry and of all of them, the inflation ratio (zip bombs), the rows, the columns and
 * the bytes of one cell and the cells in all (sparse rows cannot blow up memory).  A violation is ERR_LIMIT, malformed input ERR_INVALID; both name
 * the entry, row and column (messages in Chinese, for the office staff who import).
 *
 * Rows with no non-empty cell are skipped; every kept row carries its 1-based row number
 * as a spreadsheet program shows it (the CSV record number, the xlsx r attribute). */
#ifndef DUBAN_EXTRACT_SHEET_H
#define DUBAN_EXTRACT_SHEET_H

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"

#include <stddef.h>

typedef struct sheet_limits {
	size_t max_input;       /* bytes of the file itself (16 MiB) */
	size_t max_entries;     /* entries in the zip (1000) */
	size_t max_entry_bytes; /* inflated bytes of one entry (64 MiB) */
	size_t max_total_bytes; /* inflated bytes of all entries read (128 MiB) */
	size_t max_ratio;       /* inflated / compressed, checked above 64 KiB (200) */
	size_t max_rows;        /* rows kept (200000) */
	size_t max_cols;        /* columns (1024) */
	size_t max_cell_bytes;  /* bytes of one cell's text (32 KiB) */
	size_t max_cells;       /* cells kept in all, empty ones in a row included (2000000) */
} sheet_limits_t;

/* The entry size above which the ratio is checked: small parts compress very well. */
#define SHEET_RATIO_MIN_BYTES ((size_t)64 << 10)

void sheet_limits_default(sheet_limits_t *lim);

typedef enum sheet_format { SHEET_AUTO = 0, SHEET_CSV = 1, SHEET_XLSX = 2 } sheet_format_t;

typedef struct sheet_row {
	long line;    /* 1-based row number */
	str_t *cells; /* n cells, NUL-terminated copies; empty view for an empty cell */
	size_t n;
} sheet_row_t;

typedef struct sheet {
	arena_t *arena; /* owns everything below */
	sheet_format_t format;
	const char *encoding; /* "UTF-8", "GB18030", "UTF-16LE"; "xlsx" for xlsx */
	const char *part;     /* xlsx: the worksheet entry read; "" for CSV */
	sheet_row_t *rows;
	size_t nrows;
} sheet_t;

/* Reads data[0..n) as fmt (SHEET_AUTO: xlsx when it starts with the zip magic "PK\3\4",
 * else CSV; an old binary .xls is refused with a hint).  lim may be NULL (defaults).  On
 * success *out_sheet is owned by the caller (sheet_free). */
int sheet_read(const char *data, size_t n, sheet_format_t fmt, const sheet_limits_t *lim,
	       sheet_t **out_sheet, err_t *e);
void sheet_free(sheet_t *sh);

/* Cell col (0-based) of row, or the empty view past its end. */
str_t sheet_cell(const sheet_row_t *row, size_t col);

/* Writes the spreadsheet column name of col (0-based: 0 → "A", 27 → "AB") into out
 * (cap >= 8); returns out. */
char *sheet_col_name(size_t col, char *out, size_t cap);

#endif
