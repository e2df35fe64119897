/* sheet_xlsx.c — the .xlsx half of the spreadsheet reader: the zip is opened from memory
 * with libzip, only workbook.xml, its rels, sharedStrings.xml and the first worksheet are
 * inflated (each under the entry, total and ratio limits of sheet.h), and each part is
 * parsed with expat (allocations through base/mem.h, DTDs refused).  See sheet.h. */
#include "base/buf.h"
#include "base/mem.h"
#include "extract/sheet_build.h"

#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

typedef struct xlsx {
	sheet_build_t *b;
	zip_t *z;
	size_t total; /* inflated bytes read so far */
	str_t *sst;   /* shared strings (text in the sheet's arena), mem_alloc'd array */
	size_t nsst, capsst;
} xlsx_t;

/* One expat parse: the state of every part's handlers. */
typedef struct xp {
	XML_Parser p;
	int rc; /* first error raised by a handler */
	err_t *e;
	const char *entry;
	xlsx_t *x;
	buf_t text;
	/* workbook and rels */
	const char *rid;
	const char *target;
	/* shared strings and sheet */
	int in_si, in_t, in_rph, in_v, in_is, in_c;
	/* sheet */
	long line, last_line;
	size_t col, next_col;
	char ctype[16];
	char num[40]; /* a number cell reprinted with %.15g */
} xp_t;

static const XML_Memory_Handling_Suite xp_mem = { mem_alloc, mem_realloc, mem_free };

static void xp_fail(xp_t *xp, int rc)
{
	if (xp->rc == 0)
		xp->rc = rc;
	XML_StopParser(xp->p, XML_FALSE);
}

static const char *xp_local(const char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

static const char *xp_attr(const char **atts, const char *local)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(xp_local(atts[i]), local) == 0)
			return atts[i + 1];
	return NULL;
}

static void XMLCALL xp_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal)
{
	xp_t *xp = ud;
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	err_set(xp->e, ERR_INVALID, "xlsx 条目 %s: 不允许 DTD (DOCTYPE)", xp->entry);
	xp_fail(xp, ERR_INVALID);
}

static void XMLCALL xp_chars(void *ud, const XML_Char *s, int len)
{
	xp_t *xp = ud;
	if (xp->in_v || (xp->in_t && !xp->in_rph))
		buf_append(&xp->text, s, (size_t)len);
}

/* Parses data[0..n) with the handlers; 0 or the handler's error or ERR_INVALID. */
static int xp_parse(xp_t *xp, const char *data, size_t n, XML_StartElementHandler start,
		    XML_EndElementHandler end)
{
	const size_t chunk = (size_t)1 << 20;
	int rc = 0;

	xp->p = XML_ParserCreate_MM(NULL, &xp_mem, "|");
	if (!xp->p)
		return err_set(xp->e, ERR_NOMEM, "out of memory");
	XML_SetUserData(xp->p, xp);
	XML_SetElementHandler(xp->p, start, end);
	XML_SetCharacterDataHandler(xp->p, xp_chars);
	XML_SetStartDoctypeDeclHandler(xp->p, xp_doctype);
	for (size_t off = 0; rc == 0;) {
		size_t k = n - off < chunk ? n - off : chunk;
		bool last = off + k == n;
		if (XML_Parse(xp->p, data + off, (int)k, last) == XML_STATUS_ERROR) {
			enum XML_Error code = XML_GetErrorCode(xp->p);
			if (xp->rc)
				rc = xp->rc;
			else if (code == XML_ERROR_NO_MEMORY)
				rc = err_set(xp->e, ERR_NOMEM, "out of memory");
			else
				rc = err_set(xp->e, ERR_INVALID,
					     "xlsx 条目 %s 第%lu行: XML 错误: %s", xp->entry,
					     (unsigned long)XML_GetCurrentLineNumber(xp->p),
					     XML_ErrorString(code));
		}
		off += k;
		if (last)
			break;
	}
	if (rc == 0 && xp->rc)
		rc = xp->rc;
	XML_ParserFree(xp->p);
	xp->p = NULL;
	return rc;
}

/* ---- zip entries ---- */

static int xlsx_check_size(xlsx_t *x, const char *name, zip_uint64_t size, zip_uint64_t comp,
			   err_t *e)
{
	const sheet_limits_t *lim = x->b->lim;

	if (size > lim->max_entry_bytes)
		return err_set(e, ERR_LIMIT, "xlsx 条目 %s 解压后超过 %zu 字节的上限", name,
			       lim->max_entry_bytes);
	if (size > lim->max_total_bytes - x->total)
		return err_set(e, ERR_LIMIT, "xlsx 解压总量超过 %zu 字节的上限 (条目 %s)",
			       lim->max_total_bytes, name);
	if (comp > 0 && size > SHEET_RATIO_MIN_BYTES && size / comp > lim->max_ratio)
		return err_set(e, ERR_LIMIT,
			       "xlsx 条目 %s 的压缩比超过 %zu:1 的上限 (疑似压缩炸弹)", name,
			       lim->max_ratio);
	return 0;
}

static int xlsx_inflate(xlsx_t *x, zip_file_t *f, const char *name, zip_uint64_t comp, buf_t *out,
			err_t *e)
{
	char chunk[16384];
	int rc = 0;

	for (;;) {
		zip_int64_t k = zip_fread(f, chunk, sizeof chunk);
		if (k < 0)
			return err_set(e, ERR_INVALID, "xlsx 条目 %s 已损坏: %s", name,
				       zip_file_strerror(f));
		if (k == 0)
			break;
		if ((rc = xlsx_check_size(x, name, out->len + (size_t)k, comp, e)) != 0)
			return rc;
		if (buf_append(out, chunk, (size_t)k) != 0)
			return err_set(e, ERR_NOMEM, "out of memory");
	}
	x->total += out->len;
	return 0;
}

/* Inflates the entry name into out (buf_init'd here; caller frees).  A missing entry is
 * ERR_NOTFOUND, with a message only when required. */
static int xlsx_entry(xlsx_t *x, const char *name, bool required, buf_t *out, err_t *e)
{
	zip_int64_t idx = zip_name_locate(x->z, name, ZIP_FL_NOCASE);
	zip_stat_t st;
	zip_file_t *f;
	int rc;

	buf_init(out, 0);
	if (idx < 0)
		return required ? err_set(e, ERR_INVALID, "xlsx 文件缺少 %s", name) : ERR_NOTFOUND;
	zip_stat_init(&st);
	if (zip_stat_index(x->z, (zip_uint64_t)idx, 0, &st) != 0)
		return err_set(e, ERR_INVALID, "xlsx 条目 %s 无法读取: %s", name,
			       zip_strerror(x->z));
	if ((st.valid & ZIP_STAT_SIZE) &&
	    (rc = xlsx_check_size(x, name, st.size,
				  (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0, e)))
		return rc;
	f = zip_fopen_index(x->z, (zip_uint64_t)idx, 0);
	if (!f)
		return err_set(e, ERR_INVALID, "xlsx 条目 %s 无法打开: %s", name,
			       zip_strerror(x->z));
	rc = xlsx_inflate(x, f, name, (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0, out, e);
	zip_fclose(f);
	return rc;
}

/* ---- workbook.xml and its rels: where the first worksheet is ---- */

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xp_t *xp = ud;
	const char *id;

	if (xp->rid || strcmp(xp_local(name), "sheet") != 0)
		return;
	id = xp_attr(atts, "id");
	xp->rid = arena_strndup(xp->x->b->sh->arena, id ? id : "", id ? strlen(id) : 0);
	if (!xp->rid) {
		err_set(xp->e, ERR_NOMEM, "out of memory");
		xp_fail(xp, ERR_NOMEM);
	}
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xp_t *xp = ud;
	const char *id, *target;

	if (xp->target || strcmp(xp_local(name), "Relationship") != 0)
		return;
	id = xp_attr(atts, "Id");
	target = xp_attr(atts, "Target");
	if (!id || !target || strcmp(id, xp->rid) != 0)
		return;
	if (target[0] == '/')
		xp->target = arena_strndup(xp->x->b->sh->arena, target + 1, strlen(target + 1));
	else
		xp->target = arena_printf(xp->x->b->sh->arena, "xl/%s", target);
	if (!xp->target) {
		err_set(xp->e, ERR_NOMEM, "out of memory");
		xp_fail(xp, ERR_NOMEM);
	}
}

static void XMLCALL xp_end_none(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

/* Finds the entry name of the first worksheet: *out_part (in the sheet's arena). */
static int xlsx_first_sheet(xlsx_t *x, const char **out_part, err_t *e)
{
	xp_t xp = { .e = e, .x = x, .entry = "xl/workbook.xml" };
	buf_t data;
	int rc = xlsx_entry(x, xp.entry, true, &data, e);

	if (rc == 0)
		rc = xp_parse(&xp, data.ptr ? data.ptr : "", data.len, wb_start, xp_end_none);
	buf_free(&data);
	if (rc)
		return rc;
	if (!xp.rid)
		return err_set(e, ERR_INVALID, "xlsx 文件没有工作表 (xl/workbook.xml 中无 sheet)");
	xp.entry = "xl/_rels/workbook.xml.rels";
	rc = xlsx_entry(x, xp.entry, false, &data, e);
	if (rc == 0)
		rc = xp_parse(&xp, data.ptr ? data.ptr : "", data.len, rels_start, xp_end_none);
	buf_free(&data);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	*out_part = xp.target ? xp.target : "xl/worksheets/sheet1.xml";
	return 0;
}

/* ---- sharedStrings.xml ---- */

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xp_t *xp = ud;
	const char *l = xp_local(name);
	(void)atts;

	if (strcmp(l, "si") == 0) {
		xp->in_si = 1;
		buf_reset(&xp->text);
	} else if (strcmp(l, "rPh") == 0) {
		xp->in_rph++;
	} else if (strcmp(l, "t") == 0 && xp->in_si) {
		xp->in_t = 1;
	}
}

static int sst_push(xp_t *xp)
{
	xlsx_t *x = xp->x;
	size_t max = x->b->lim->max_cell_bytes;

	if (xp->text.err == ERR_LIMIT || xp->text.len > max)
		return err_set(xp->e, ERR_LIMIT, "xlsx 共享字符串第 %zu 项超过 %zu 字节的上限",
			       x->nsst + 1, max);
	if (xp->text.err)
		return err_set(xp->e, ERR_NOMEM, "out of memory");
	if (x->nsst >= x->b->lim->max_cells)
		return err_set(xp->e, ERR_LIMIT, "xlsx 共享字符串超过 %zu 项的上限",
			       x->b->lim->max_cells);
	if (x->nsst == x->capsst) {
		size_t cap = x->capsst ? x->capsst * 2 : 256;
		str_t *v = mem_realloc(x->sst, cap * sizeof *v);
		if (!v)
			return err_set(xp->e, ERR_NOMEM, "out of memory");
		x->sst = v;
		x->capsst = cap;
	}
	str_t s = arena_str(x->b->sh->arena, buf_str(&xp->text));
	if (!s.ptr)
		return err_set(xp->e, ERR_NOMEM, "out of memory");
	x->sst[x->nsst++] = s;
	return 0;
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	xp_t *xp = ud;
	const char *l = xp_local(name);
	int rc;

	if (strcmp(l, "t") == 0) {
		xp->in_t = 0;
	} else if (strcmp(l, "rPh") == 0) {
		xp->in_rph--;
	} else if (strcmp(l, "si") == 0) {
		xp->in_si = 0;
		if ((rc = sst_push(xp)) != 0)
			xp_fail(xp, rc);
	}
}

static int xlsx_shared_strings(xlsx_t *x, err_t *e)
{
	xp_t xp = { .e = e, .x = x, .entry = "xl/sharedStrings.xml" };
	buf_t data;
	int rc = xlsx_entry(x, xp.entry, false, &data, e);

	buf_init(&xp.text, x->b->lim->max_cell_bytes + 1);
	if (rc == 0)
		rc = xp_parse(&xp, data.ptr ? data.ptr : "", data.len, sst_start, sst_end);
	buf_free(&data);
	buf_free(&xp.text);
	return rc == ERR_NOTFOUND ? 0 : rc;
}

/* ---- the worksheet ---- */

/* The 0-based column of a cell reference "AB12"; false when it has no valid letters. */
static bool ref_col(const char *ref, size_t *out_col)
{
	size_t col = 0, k = 0;

	for (; ref[k] >= 'A' && ref[k] <= 'Z'; k++) {
		if (k >= 3)
			return false;
		col = col * 26 + (size_t)(ref[k] - 'A' + 1);
	}
	if (k == 0 || col > 16384)
		return false;
	*out_col = col - 1;
	return true;
}

static void ws_start_cell(xp_t *xp, const XML_Char **atts)
{
	const char *r = xp_attr(atts, "r"), *t = xp_attr(atts, "t");
	size_t col;

	xp->in_c = 1;
	xp->col = xp->next_col;
	if (r && ref_col(r, &col))
		xp->col = col;
	snprintf(xp->ctype, sizeof xp->ctype, "%s", t ? t : "n");
	buf_reset(&xp->text);
}

static void XMLCALL ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xp_t *xp = ud;
	const char *l = xp_local(name);

	if (strcmp(l, "row") == 0) {
		const char *r = xp_attr(atts, "r");
		long long v;
		xp->line = xp->last_line + 1;
		if (r && str_to_ll(str_from_cstr(r), &v) == 0 && v > 0 && v <= 1048576)
			xp->line = (long)v;
		xp->next_col = 0;
	} else if (strcmp(l, "c") == 0) {
		ws_start_cell(xp, atts);
	} else if (strcmp(l, "v") == 0 && xp->in_c) {
		xp->in_v = 1;
	} else if (strcmp(l, "is") == 0 && xp->in_c) {
		xp->in_is = 1;
	} else if (strcmp(l, "t") == 0 && xp->in_is) {
		xp->in_t = 1;
	} else if (strcmp(l, "rPh") == 0) {
		xp->in_rph++;
	}
}

/* The cell's text by its type; *out is a view into the text buffer, the sst or static. */
static int ws_value(xp_t *xp, str_t *out)
{
	const char *z = buf_cstr(&xp->text);
	char cn[16];
	long long idx;

	*out = buf_str(&xp->text);
	if (strcmp(xp->ctype, "s") == 0) {
		if (str_to_ll(str_trim(*out), &idx) != 0 || idx < 0 || (size_t)idx >= xp->x->nsst)
			return err_set_at(xp->e, ERR_INVALID, xp->line, -1,
					  "工作表 %s 第%ld行 第%s列: 共享字符串序号 '%.20s' 无效",
					  xp->entry, xp->line,
					  sheet_col_name(xp->col, cn, sizeof cn), z);
		*out = xp->x->sst[idx];
	} else if (strcmp(xp->ctype, "b") == 0) {
		*out = strcmp(z, "1") == 0 ? STR_LIT("TRUE") : STR_LIT("FALSE");
	} else if (strcmp(xp->ctype, "n") == 0 && out->len > 0) {
		char *end;
		double v = strtod(z, &end);
		if (*end == '\0' && isfinite(v)) {
			int k = snprintf(xp->num, sizeof xp->num, "%.15g", v);
			if (k > 0 && (size_t)k < sizeof xp->num)
				*out = str_make(xp->num, (size_t)k);
		}
	}
	return 0;
}

static int ws_end_cell(xp_t *xp)
{
	str_t v;
	char cn[16];
	int rc;

	xp->in_c = xp->in_v = xp->in_is = xp->in_t = 0;
	xp->next_col = xp->col + 1;
	if (xp->text.err == ERR_LIMIT)
		return err_set_at(xp->e, ERR_LIMIT, xp->line, -1,
				  "工作表 %s 第%ld行 第%s列: 单元格超过 %zu 字节的上限", xp->entry,
				  xp->line, sheet_col_name(xp->col, cn, sizeof cn),
				  xp->x->b->lim->max_cell_bytes);
	if (xp->text.err)
		return err_set(xp->e, ERR_NOMEM, "out of memory");
	if ((rc = ws_value(xp, &v)) != 0)
		return rc;
	if (v.len == 0)
		return 0;
	return sheet_build_cell(xp->x->b, xp->line, xp->col, v.ptr, v.len, xp->e);
}

static void XMLCALL ws_end(void *ud, const XML_Char *name)
{
	xp_t *xp = ud;
	const char *l = xp_local(name);
	int rc = 0;

	if (strcmp(l, "c") == 0 && xp->in_c) {
		rc = ws_end_cell(xp);
	} else if (strcmp(l, "row") == 0) {
		rc = sheet_build_row(xp->x->b, xp->line, xp->e);
		xp->last_line = xp->line;
	} else if (strcmp(l, "v") == 0) {
		xp->in_v = 0;
	} else if (strcmp(l, "is") == 0) {
		xp->in_is = 0;
	} else if (strcmp(l, "t") == 0) {
		xp->in_t = 0;
	} else if (strcmp(l, "rPh") == 0) {
		xp->in_rph--;
	}
	if (rc)
		xp_fail(xp, rc);
}

static int xlsx_worksheet(xlsx_t *x, const char *part, err_t *e)
{
	xp_t xp = { .e = e, .x = x, .entry = part };
	char where[300];
	buf_t data;
	int rc = xlsx_entry(x, part, false, &data, e);

	if (rc == ERR_NOTFOUND)
		rc = err_set(e, ERR_INVALID, "xlsx 文件缺少工作表 %s", part);
	snprintf(where, sizeof where, "工作表 %s ", part);
	x->b->where = where;
	buf_init(&xp.text, x->b->lim->max_cell_bytes + 1);
	if (rc == 0)
		rc = xp_parse(&xp, data.ptr ? data.ptr : "", data.len, ws_start, ws_end);
	x->b->where = "";
	buf_free(&data);
	buf_free(&xp.text);
	return rc;
}

int sheet_read_xlsx(sheet_build_t *b, const char *data, size_t n, err_t *e)
{
	xlsx_t x = { .b = b };
	zip_error_t ze;
	zip_source_t *src;
	const char *part = NULL;
	int rc = 0;

	b->sh->encoding = "xlsx";
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, n, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	x.z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!x.z) {
		rc = err_set(e, ERR_INVALID, "不是有效的 xlsx 文件 (zip: %s)",
			     zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_int64_t nent = zip_get_num_entries(x.z, 0);
	if (nent < 0 || (zip_uint64_t)nent > b->lim->max_entries)
		rc = err_set(e, ERR_LIMIT, "xlsx 文件有 %lld 个条目, 超过 %zu 个的上限",
			     (long long)nent, b->lim->max_entries);
	if (rc == 0)
		rc = xlsx_first_sheet(&x, &part, e);
	if (rc == 0)
		rc = xlsx_shared_strings(&x, e);
	if (rc == 0) {
		b->sh->part = part;
		rc = xlsx_worksheet(&x, part, e);
	}
	mem_free(x.sst);
	zip_discard(x.z);
	zip_error_fini(&ze);
	return rc;
}
