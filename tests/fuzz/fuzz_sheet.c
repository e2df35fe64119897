/* fuzz_sheet.c — libFuzzer target: the spreadsheet reader (CSV and xlsx) on any bytes must
 * return 0 or an error code, never crash, and what it returns must respect the limits:
 * cells within max_cols and max_cell_bytes, valid UTF-8, no NUL, rows numbered > 0. */
#include "base/err.h"
#include "base/utf8.h"
#include "extract/sheet.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const sheet_t *sh, const sheet_limits_t *lim)
{
	size_t cells = 0;
	if (sh->nrows > lim->max_rows)
		__builtin_trap();
	for (size_t i = 0; i < sh->nrows; i++) {
		const sheet_row_t *r = &sh->rows[i];
		cells += r->n;
		if (r->line <= 0 || r->n > lim->max_cols || cells > lim->max_cells)
			__builtin_trap();
		for (size_t j = 0; j < r->n; j++) {
			str_t c = r->cells[j];
			if (c.len > lim->max_cell_bytes || memchr(c.ptr, '\0', c.len) ||
			    utf8_validate(c.ptr, c.len, NULL) != 0 || c.ptr[c.len] != '\0')
				__builtin_trap();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sheet_limits_t lim;
	sheet_t *sh = NULL;
	err_t e;
	static const sheet_format_t fmts[] = { SHEET_AUTO, SHEET_CSV };

	sheet_limits_default(&lim);
	lim.max_entry_bytes = (size_t)4 << 20;
	lim.max_total_bytes = (size_t)8 << 20;
	lim.max_rows = 2000;
	lim.max_cols = 64;
	lim.max_cell_bytes = 4096;
	lim.max_cells = 20000;
	for (size_t k = 0; k < 2; k++) {
		int rc = sheet_read((const char *)data, size, fmts[k], &lim, &sh, &e);
		if (rc > 0 || (rc == 0) != (sh != NULL))
			__builtin_trap();
		if (sh)
			check(sh, &lim);
		sheet_free(sh);
		sh = NULL;
	}
	return 0;
}
