/* sheet.c — the spreadsheet reader's common part (limits, row builder, entry point) and
 * its CSV half.  The CSV parser is written here rather than taken from a library because
 * it is ~150 lines, must apply our limits and report row/column positions in Chinese, and
 * must decode GB18030 first (see sheet.h). */
#include "extract/sheet.h"

#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "extract/sheet_build.h"

#include <iconv.h>
#include <stdio.h>
#include <string.h>

void sheet_limits_default(sheet_limits_t *lim)
{
	lim->max_input = (size_t)16 << 20;
	lim->max_entries = 1000;
	lim->max_entry_bytes = (size_t)64 << 20;
	lim->max_total_bytes = (size_t)128 << 20;
	lim->max_ratio = 200;
	lim->max_rows = 200000;
	lim->max_cols = 1024;
	lim->max_cell_bytes = (size_t)32 << 10;
	lim->max_cells = 2000000;
}

char *sheet_col_name(size_t col, char *out, size_t cap)
{
	char tmp[16];
	size_t n = 0, v = col + 1;

	while (v > 0 && n < sizeof tmp) {
		tmp[n++] = (char)('A' + (v - 1) % 26);
		v = (v - 1) / 26;
	}
	if (cap == 0)
		return out;
	if (n >= cap)
		n = cap - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	return out;
}

str_t sheet_cell(const sheet_row_t *row, size_t col)
{
	if (!row || col >= row->n)
		return str_make("", 0);
	return row->cells[col];
}

/* ---- the row builder ---- */

int sheet_build_cell(sheet_build_t *b, long line, size_t col, const char *p, size_t n, err_t *e)
{
	char cn[16];

	if (col >= b->lim->max_cols)
		return err_set_at(e, ERR_LIMIT, line, -1, "%s第%ld行: 第%s列超过 %zu 列的上限",
				  b->where, line, sheet_col_name(col, cn, sizeof cn),
				  b->lim->max_cols);
	if (n > b->lim->max_cell_bytes)
		return err_set_at(e, ERR_LIMIT, line, -1,
				  "%s第%ld行 第%s列: 单元格有 %zu 字节, 超过 %zu 字节的上限",
				  b->where, line, sheet_col_name(col, cn, sizeof cn), n,
				  b->lim->max_cell_bytes);
	if (memchr(p, '\0', n))
		return err_set_at(e, ERR_INVALID, line, -1, "%s第%ld行 第%s列: 含有 NUL 字节",
				  b->where, line, sheet_col_name(col, cn, sizeof cn));
	if (col >= b->cap) {
		size_t cap = b->cap ? b->cap : 16;
		while (cap <= col)
			cap *= 2;
		str_t *v = mem_realloc(b->cells, cap * sizeof *v);
		if (!v)
			return err_set(e, ERR_NOMEM, "out of memory");
		b->cells = v;
		b->cap = cap;
	}
	while (b->ncells <= col)
		b->cells[b->ncells++] = str_make("", 0);
	char *copy = arena_strndup(b->sh->arena, p, n);
	if (!copy)
		return err_set(e, ERR_NOMEM, "out of memory");
	b->cells[col] = str_make(copy, n);
	return 0;
}

static bool build_row_blank(const sheet_build_t *b)
{
	for (size_t i = 0; i < b->ncells; i++)
		if (str_trim(b->cells[i]).len > 0)
			return false;
	return true;
}

int sheet_build_row(sheet_build_t *b, long line, err_t *e)
{
	sheet_t *sh = b->sh;

	if (build_row_blank(b)) {
		b->ncells = 0;
		return 0;
	}
	if (sh->nrows >= b->lim->max_rows)
		return err_set_at(e, ERR_LIMIT, line, -1, "%s第%ld行: 超过 %zu 行的上限", b->where,
				  line, b->lim->max_rows);
	if (b->ncells > b->lim->max_cells - b->total_cells)
		return err_set_at(e, ERR_LIMIT, line, -1, "%s第%ld行: 超过 %zu 个单元格的上限",
				  b->where, line, b->lim->max_cells);
	b->total_cells += b->ncells;
	if (sh->nrows == b->rows_cap) {
		size_t cap = b->rows_cap ? b->rows_cap * 2 : 64;
		sheet_row_t *v = arena_alloc(sh->arena, cap * sizeof *v);
		if (!v)
			return err_set(e, ERR_NOMEM, "out of memory");
		if (sh->nrows)
			memcpy(v, sh->rows, sh->nrows * sizeof *v);
		sh->rows = v;
		b->rows_cap = cap;
	}
	str_t *cells = arena_alloc(sh->arena, b->ncells * sizeof *cells);
	if (!cells)
		return err_set(e, ERR_NOMEM, "out of memory");
	memcpy(cells, b->cells, b->ncells * sizeof *cells);
	sh->rows[sh->nrows++] = (sheet_row_t){ .line = line, .cells = cells, .n = b->ncells };
	b->ncells = 0;
	return 0;
}

void sheet_build_fini(sheet_build_t *b)
{
	mem_free(b->cells);
	b->cells = NULL;
	b->ncells = b->cap = 0;
}

/* ---- CSV: decoding ---- */

/* Converts in[0..n) from the encoding from to UTF-8; *out_p is mem_alloc'd (caller frees).
 * ERR_INVALID with the byte offset of the first sequence that does not convert. */
static int csv_iconv(const char *from, const char *in, size_t n, char **out_p, size_t *out_n,
		     err_t *e)
{
	iconv_t cd = iconv_open("UTF-8", from);
	size_t cap = n * 2 + 16, left_in = n, left_out = cap;
	char *out, *ip = (char *)in, *op;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return err_set(e, ERR_INTERNAL, "iconv 不支持 %s", from);
	out = mem_alloc(cap);
	if (!out) {
		iconv_close(cd);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	op = out;
	if (iconv(cd, &ip, &left_in, &op, &left_out) == (size_t)-1)
		rc = err_set_at(e, ERR_INVALID, 0, (long long)(ip - in),
				"文件既不是 UTF-8 也不是 %s 编码 (第 %lld 字节)", from,
				(long long)(ip - in));
	iconv_close(cd);
	if (rc) {
		mem_free(out);
		return rc;
	}
	*out_p = out;
	*out_n = (size_t)(op - out);
	return 0;
}

/* Decodes the CSV bytes to UTF-8: *out_owned is NULL when *out_text points into data. */
static int csv_decode(sheet_t *sh, const char *data, size_t n, const char **out_text, size_t *out_n,
		      char **out_owned, err_t *e)
{
	size_t bad = 0;

	*out_owned = NULL;
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		sh->encoding = "UTF-8";
		if (utf8_validate(data + 3, n - 3, &bad) != 0)
			return err_set_at(e, ERR_INVALID, 0, (long long)(bad + 3),
					  "文件标为 UTF-8 (BOM), 但第 %zu 字节不是有效的 UTF-8",
					  bad + 3);
		*out_text = data + 3;
		*out_n = n - 3;
		return 0;
	}
	if (n >= 2 && memcmp(data, "\xFF\xFE", 2) == 0) {
		sh->encoding = "UTF-16LE";
		*out_n = 0;
		int rc = csv_iconv("UTF-16LE", data + 2, n - 2, out_owned, out_n, e);
		*out_text = *out_owned;
		return rc;
	}
	if (utf8_validate(data, n, &bad) == 0) {
		sh->encoding = "UTF-8";
		*out_text = data;
		*out_n = n;
		return 0;
	}
	sh->encoding = "GB18030";
	int rc = csv_iconv("GB18030", data, n, out_owned, out_n, e);
	*out_text = *out_owned;
	return rc;
}

/* ---- CSV: parsing ---- */

/* The delimiter: the most frequent of , ; TAB outside quotes in the first record. */
static char csv_delim(const char *p, size_t n)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool q = false;

	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == '"')
			q = !q;
		else if (!q && (c == '\n' || c == '\r'))
			break;
		else if (!q && c == ',')
			comma++;
		else if (!q && c == ';')
			semi++;
		else if (!q && c == '\t')
			tab++;
	}
	if (tab > comma && tab >= semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

typedef struct csv {
	const char *p;
	size_t n, i;
	char delim;
	long line; /* record number */
	size_t col;
	buf_t field; /* unescaped quoted field */
} csv_t;

/* Reads a quoted field starting at the opening quote into c->field. */
static int csv_quoted(csv_t *c, sheet_build_t *b, err_t *e)
{
	char cn[16];
	long start = c->line;

	buf_reset(&c->field);
	c->i++;
	for (;;) {
		if (c->i >= c->n)
			return err_set_at(e, ERR_INVALID, start, (long long)c->i,
					  "第%ld行 第%s列: 引号没有闭合", start,
					  sheet_col_name(c->col, cn, sizeof cn));
		ssize_t q = str_find_byte(str_make(c->p, c->n), '"', c->i);
		size_t end = q < 0 ? c->n : (size_t)q;
		buf_append(&c->field, c->p + c->i, end - c->i);
		c->i = end;
		if (q < 0)
			continue;
		if (c->i + 1 < c->n && c->p[c->i + 1] == '"') {
			buf_putc(&c->field, '"');
			c->i += 2;
			continue;
		}
		c->i++;
		break;
	}
	if (c->field.err == ERR_LIMIT)
		return err_set_at(e, ERR_LIMIT, start, -1,
				  "第%ld行 第%s列: 单元格超过 %zu 字节的上限", start,
				  sheet_col_name(c->col, cn, sizeof cn), b->lim->max_cell_bytes);
	if (c->field.err)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (c->i < c->n && c->p[c->i] != c->delim && c->p[c->i] != '\n' && c->p[c->i] != '\r')
		return err_set_at(e, ERR_INVALID, c->line, (long long)c->i,
				  "第%ld行 第%s列: 右引号后面有多余的字符", c->line,
				  sheet_col_name(c->col, cn, sizeof cn));
	return sheet_build_cell(b, start, c->col, c->field.ptr ? c->field.ptr : "", c->field.len,
				e);
}

static int csv_field(csv_t *c, sheet_build_t *b, err_t *e)
{
	size_t start = c->i;

	if (c->i < c->n && c->p[c->i] == '"')
		return csv_quoted(c, b, e);
	while (c->i < c->n && c->p[c->i] != c->delim && c->p[c->i] != '\n' && c->p[c->i] != '\r')
		c->i++;
	return sheet_build_cell(b, c->line, c->col, c->p + start, c->i - start, e);
}

static int csv_parse(sheet_build_t *b, const char *p, size_t n, err_t *e)
{
	csv_t c = { .p = p, .n = n, .delim = csv_delim(p, n), .line = 1 };
	int rc = 0;

	buf_init(&c.field, b->lim->max_cell_bytes);
	while (rc == 0 && c.i < c.n) {
		rc = csv_field(&c, b, e);
		if (rc)
			break;
		if (c.i < c.n && c.p[c.i] == c.delim) {
			c.i++;
			c.col++;
			if (c.i == c.n) /* a trailing delimiter: one more empty cell */
				rc = sheet_build_cell(b, c.line, c.col, "", 0, e);
			continue;
		}
		if (c.i < c.n && c.p[c.i] == '\r') {
			c.i++;
			if (c.i < c.n && c.p[c.i] == '\n')
				c.i++;
		} else if (c.i < c.n && c.p[c.i] == '\n') {
			c.i++;
		}
		rc = sheet_build_row(b, c.line, e);
		c.line++;
		c.col = 0;
	}
	if (rc == 0 && b->ncells > 0)
		rc = sheet_build_row(b, c.line, e);
	buf_free(&c.field);
	return rc;
}

static int sheet_read_csv(sheet_build_t *b, const char *data, size_t n, err_t *e)
{
	const char *text = NULL;
	size_t tn = 0;
	char *owned = NULL;
	int rc = csv_decode(b->sh, data, n, &text, &tn, &owned, e);

	if (rc == 0) {
		b->sh->part = "";
		rc = csv_parse(b, text, tn, e);
	}
	mem_free(owned);
	return rc;
}

/* ---- entry point ---- */

int sheet_read(const char *data, size_t n, sheet_format_t fmt, const sheet_limits_t *lim,
	       sheet_t **out_sheet, err_t *e)
{
	sheet_limits_t def;
	sheet_build_t b = { .where = "" };
	arena_t *a;
	int rc;

	*out_sheet = NULL;
	if (!lim) {
		sheet_limits_default(&def);
		lim = &def;
	}
	if (n > lim->max_input)
		return err_set(e, ERR_LIMIT, "文件有 %zu 字节, 超过 %zu 字节的上限", n,
			       lim->max_input);
	if (fmt == SHEET_AUTO && n >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return err_set(
			e, ERR_INVALID,
			"不支持 Excel 97-2003 (.xls) 格式，请在 Excel 中另存为 .xlsx 或 .csv");
	if (fmt == SHEET_AUTO)
		fmt = n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0 ? SHEET_XLSX : SHEET_CSV;
	a = arena_new(0, 0);
	if (!a)
		return err_set(e, ERR_NOMEM, "out of memory");
	b.sh = arena_zalloc(a, sizeof *b.sh);
	if (!b.sh) {
		arena_free(a);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	b.sh->arena = a;
	b.sh->format = fmt;
	b.lim = lim;
	rc = fmt == SHEET_XLSX ? sheet_read_xlsx(&b, data, n, e) : sheet_read_csv(&b, data, n, e);
	sheet_build_fini(&b);
	if (rc) {
		arena_free(a);
		return rc;
	}
	*out_sheet = b.sh;
	return 0;
}

void sheet_free(sheet_t *sh)
{
	if (sh)
		arena_free(sh->arena);
}
