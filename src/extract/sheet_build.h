/* sheet_build.h — internal to the spreadsheet reader (sheet.c, sheet_xlsx.c): the row
 * builder both formats feed, with the row, column and cell limits checked in one place. */
#ifndef DUBAN_EXTRACT_SHEET_BUILD_H
#define DUBAN_EXTRACT_SHEET_BUILD_H

#include "extract/sheet.h"

typedef struct sheet_build {
	sheet_t *sh;
	const sheet_limits_t *lim;
	str_t *cells; /* the current row, mem_alloc'd */
	size_t ncells, cap;
	size_t rows_cap;
	size_t total_cells; /* cells kept so far */
	const char *where;  /* prefix for messages: "" or "工作表 xl/worksheets/sheet1.xml " */
} sheet_build_t;

/* Sets cell col of the row being built to a copy of p[0..n). */
int sheet_build_cell(sheet_build_t *b, long line, size_t col, const char *p, size_t n, err_t *e);
/* Ends the row being built: kept (as row number line) when any cell is non-empty. */
int sheet_build_row(sheet_build_t *b, long line, err_t *e);
void sheet_build_fini(sheet_build_t *b);

/* The xlsx half of sheet_read (sheet_xlsx.c). */
int sheet_read_xlsx(sheet_build_t *b, const char *data, size_t n, err_t *e);

#endif
