/* sheet.c — spreadsheet output (CSV and xlsx) for exports; see sheet.h.  CSV is written here (a few lines, and the BOM and formula
 * neutralisation must be exact); xlsx through libxlsxwriter. */
#include "api/sheet.h"

#include "base/mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

void api_sheet_book_init(api_sheet_book_t *b, arena_t *a)
{
	memset(b, 0, sizeof *b);
	b->a = a;
}

api_sheet_table_t *api_sheet_table_add(api_sheet_book_t *b, const char *name, size_t ncols,
				       const char *const *head, const double *width)
{
	api_sheet_table_t *t;

	if (b->ntables >= API_SHEET_MAX_TABLES || ncols > API_SHEET_MAX_COLS)
		return NULL;
	t = &b->tables[b->ntables++];
	memset(t, 0, sizeof *t);
	t->name = name;
	t->ncols = ncols;
	for (size_t i = 0; i < ncols; i++) {
		t->head[i] = head[i];
		t->width[i] = width ? width[i] : 0;
	}
	return t;
}

int api_sheet_row(api_sheet_book_t *b, api_sheet_table_t *t, const char *const *cells)
{
	if (b->err)
		return b->err;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		const char **v = arena_alloc(b->a, cap * t->ncols * sizeof *v);
		if (!v)
			return b->err = ERR_NOMEM;
		if (t->nrows)
			memcpy(v, t->cells, t->nrows * t->ncols * sizeof *v);
		t->cells = v;
		t->cap = cap;
	}
	for (size_t i = 0; i < t->ncols; i++) {
		const char *z = cells[i] ? cells[i] : "";
		char *copy = arena_strndup(b->a, z, strlen(z));
		if (!copy)
			return b->err = ERR_NOMEM;
		t->cells[t->nrows * t->ncols + i] = copy;
	}
	t->nrows++;
	return 0;
}

/* A whole finite decimal number: "-3.5", "12", "1e3". */
static bool sheet_is_number(const char *z, double *out_v)
{
	char *end;
	double v;

	if (!z[0] || z[0] == ' ' || z[0] == '\t')
		return false;
	v = strtod(z, &end);
	if (*end != '\0' || !isfinite(v))
		return false;
	if (out_v)
		*out_v = v;
	return true;
}

bool api_sheet_risky(const char *z)
{
	if (!strchr("=+-@\t\r", z[0]) || z[0] == '\0')
		return false;
	return !sheet_is_number(z, NULL);
}

static void csv_cell(buf_t *out, const char *z)
{
	bool quote = strpbrk(z, ",\"\r\n") != NULL;

	if (api_sheet_risky(z)) {
		quote = true;
		buf_append_cstr(out, "\"'");
	} else if (quote) {
		buf_putc(out, '"');
	}
	for (const char *p = z; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	if (quote)
		buf_putc(out, '"');
}

static void csv_row(buf_t *out, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ',');
		csv_cell(out, cells[i]);
	}
	buf_append_cstr(out, "\r\n");
}

int api_sheet_csv(const api_sheet_book_t *b, buf_t *out)
{
	if (b->err)
		return b->err;
	buf_append_cstr(out, "\xEF\xBB\xBF");
	for (size_t k = 0; k < b->ntables; k++) {
		const api_sheet_table_t *t = &b->tables[k];
		if (b->ntables > 1) {
			char title[128];
			const char *cells[1] = { title };
			if (k)
				buf_append_cstr(out, "\r\n");
			snprintf(title, sizeof title, "【%s】", t->name);
			csv_row(out, cells, 1);
		}
		csv_row(out, t->head, t->ncols);
		for (size_t r = 0; r < t->nrows; r++)
			csv_row(out, t->cells + r * t->ncols, t->ncols);
	}
	return buf_error(out);
}

static int write_csv(const api_sheet_book_t *b, const char *path, err_t *e)
{
	buf_t out;
	FILE *f;
	int rc;

	buf_init(&out, 0);
	rc = api_sheet_csv(b, &out);
	if (rc) {
		buf_free(&out);
		return err_set(e, rc, "cannot build the CSV: %s", err_code_name(rc));
	}
	f = fopen(path, "wb");
	if (!f || fwrite(out.ptr, 1, out.len, f) != out.len) {
		if (f)
			fclose(f);
		buf_free(&out);
		return err_set(e, ERR_IO, "cannot write '%s'", path);
	}
	buf_free(&out);
	if (fclose(f) != 0)
		return err_set(e, ERR_IO, "cannot write '%s'", path);
	return 0;
}

static lxw_error xlsx_table(lxw_workbook *wb, const api_sheet_table_t *t, lxw_format *bold)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->name);
	lxw_error err = LXW_NO_ERROR;

	if (!ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	for (size_t c = 0; c < t->ncols && !err; c++) {
		double w = t->width[c] > 0 ? t->width[c] : 12;
		err = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
		if (!err)
			err = worksheet_write_string(ws, 0, (lxw_col_t)c, t->head[c], bold);
	}
	worksheet_freeze_panes(ws, 1, 0);
	for (size_t r = 0; r < t->nrows && !err; r++) {
		for (size_t c = 0; c < t->ncols && !err; c++) {
			const char *z = t->cells[r * t->ncols + c];
			double v;
			lxw_row_t row = (lxw_row_t)(r + 1);
			if (!z[0])
				continue;
			if (t->number[c] && sheet_is_number(z, &v))
				err = worksheet_write_number(ws, row, (lxw_col_t)c, v, NULL);
			else
				err = worksheet_write_string(ws, row, (lxw_col_t)c, z, NULL);
		}
	}
	return err;
}

static int write_xlsx(const api_sheet_book_t *b, const char *path, err_t *e)
{
	lxw_workbook *wb;
	lxw_format *bold;
	lxw_error err = LXW_NO_ERROR, cerr;

	if (b->err)
		return err_set(e, b->err, "cannot build the workbook: %s", err_code_name(b->err));
	wb = workbook_new(path);
	if (!wb)
		return err_set(e, ERR_IO, "cannot create '%s'", path);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (size_t k = 0; k < b->ntables && !err; k++)
		err = xlsx_table(wb, &b->tables[k], bold);
	cerr = workbook_close(wb);
	if (err)
		return err_set(e, ERR_IO, "cannot write '%s': %s", path, lxw_strerror(err));
	if (cerr)
		return err_set(e, ERR_IO, "cannot write '%s': %s", path, lxw_strerror(cerr));
	return 0;
}

int api_sheet_write(const api_sheet_book_t *b, const char *format, const char *path, err_t *e)
{
	if (strcmp(format, "csv") == 0)
		return write_csv(b, path, e);
	if (strcmp(format, "xlsx") == 0)
		return write_xlsx(b, path, e);
	return err_set(e, ERR_USAGE, "unknown format '%s' (csv or xlsx)", format);
}

const char *api_sheet_media_type(const char *format)
{
	return strcmp(format, "xlsx") == 0
		       ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		       : "text/csv; charset=utf-8";
}

/* Appends the whole file at path to out. */
static int read_back(const char *path, buf_t *out, err_t *e)
{
	char chunk[16384];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return err_set(e, ERR_IO, "cannot read the workbook back");
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(out, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return err_set(e, ERR_IO, "cannot read the workbook back");
	return buf_error(out) ? err_set(e, ERR_NOMEM, "out of memory") : 0;
}

int api_sheet_render(const api_sheet_book_t *b, const char *format, buf_t *out, err_t *e)
{
	const char *tmp = getenv("TMPDIR");
	char path[512];
	int fd, rc;

	if (strcmp(format, "csv") == 0) {
		rc = api_sheet_csv(b, out);
		return rc ? err_set(e, rc, "cannot build the CSV: %s", err_code_name(rc)) : 0;
	}
	if (strcmp(format, "xlsx") != 0)
		return err_set(e, ERR_USAGE, "unknown format '%s' (csv or xlsx)", format);
	snprintf(path, sizeof path, "%s/duban-export-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return err_set(e, ERR_IO, "cannot create a temporary file");
	close(fd);
	rc = write_xlsx(b, path, e);
	if (rc == 0)
		rc = read_back(path, out, e);
	unlink(path);
	return rc;
}
