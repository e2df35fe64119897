/* test_sheet.c — the spreadsheet reader: CSV quoting, BOM, GB18030, delimiters, xlsx
 * written by libxlsxwriter (shared and inline strings, numbers) and zips built with libzip
 * (rich text, booleans, relationship lookup), every limit (cell, rows, columns, entries,
 * entry size, total size, a zip bomb), malformed XML, DTDs, missing parts, allocation
 * failures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/err.h"
#include "base/mem.h"
#include "extract/sheet.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

static void assert_cell(const sheet_t *sh, size_t row, size_t col, const char *want)
{
	assert_true(row < sh->nrows);
	str_t c = sheet_cell(&sh->rows[row], col);
	if (!str_eq_cstr(c, want))
		fail_msg("row %zu col %zu: got '%.*s', want '%s'", row, col, STR_FMT(c), want);
}

static sheet_t *read_ok(const char *data, size_t n, const sheet_limits_t *lim)
{
	sheet_t *sh = NULL;
	err_t e;
	err_clear(&e);
	int rc = sheet_read(data, n, SHEET_AUTO, lim, &sh, &e);
	if (rc != 0)
		fail_msg("sheet_read: %d %s", rc, e.msg);
	return sh;
}

static int read_err(const char *data, size_t n, const sheet_limits_t *lim, err_t *e)
{
	sheet_t *sh = NULL;
	err_clear(e);
	int rc = sheet_read(data, n, SHEET_AUTO, lim, &sh, e);
	assert_null(sh);
	return rc;
}

/* ---- CSV ---- */

static void test_csv_quoting(void **state)
{
	const char *in = "a,\"b,c\",\"d \"\"q\"\"\"\r\n1,\"two\nlines\",3\n\n,x,\n";
	sheet_t *sh = read_ok(in, strlen(in), NULL);
	(void)state;
	assert_int_equal(sh->format, SHEET_CSV);
	assert_string_equal(sh->encoding, "UTF-8");
	assert_int_equal(sh->nrows, 3);
	assert_cell(sh, 0, 0, "a");
	assert_cell(sh, 0, 1, "b,c");
	assert_cell(sh, 0, 2, "d \"q\"");
	assert_cell(sh, 1, 1, "two\nlines");
	assert_int_equal(sh->rows[1].line, 2);
	/* the blank record 3 is skipped, record 4 keeps its number */
	assert_int_equal(sh->rows[2].line, 4);
	assert_int_equal(sh->rows[2].n, 3);
	assert_cell(sh, 2, 1, "x");
	assert_cell(sh, 2, 7, "");
	sheet_free(sh);
}

static void test_csv_bom_and_delims(void **state)
{
	const char *bom = "\xEF\xBB\xBF序号,任务\r1,推进\r";
	const char *tab = "序号\t任务,名\t时限\n1\t甲";
	const char *semi = "a;b;c\n1;2;3";
	(void)state;
	sheet_t *sh = read_ok(bom, strlen(bom), NULL);
	assert_cell(sh, 0, 0, "序号");
	assert_cell(sh, 1, 1, "推进");
	sheet_free(sh);
	sh = read_ok(tab, strlen(tab), NULL);
	assert_cell(sh, 0, 1, "任务,名");
	assert_cell(sh, 1, 1, "甲");
	sheet_free(sh);
	sh = read_ok(semi, strlen(semi), NULL);
	assert_cell(sh, 1, 2, "3");
	sheet_free(sh);
}

static void test_csv_gb18030(void **state)
{
	char in[] = "序号,牵头单位\n1,市发改委\n";
	char out[128];
	char *ip = in, *op = out;
	size_t il = strlen(in), ol = sizeof out;
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	(void)state;
	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	iconv_close(cd);
	sheet_t *sh = read_ok(out, (size_t)(op - out), NULL);
	assert_string_equal(sh->encoding, "GB18030");
	assert_cell(sh, 0, 1, "牵头单位");
	assert_cell(sh, 1, 1, "市发改委");
	sheet_free(sh);
	/* bytes that are neither UTF-8 nor GB18030 */
	err_t e;
	assert_int_equal(read_err("a,\x80\xFF", 5, NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "GB18030"));
	/* a BOM promises UTF-8 */
	assert_int_equal(read_err("\xEF\xBB\xBF\xC3(", 5, NULL, &e), ERR_INVALID);
}

static void test_csv_errors(void **state)
{
	err_t e;
	const char *open = "a,b\n1,\"never closed\n";
	const char *junk = "a,b\n1,\"x\"y\n";
	(void)state;
	assert_int_equal(read_err(open, strlen(open), NULL, &e), ERR_INVALID);
	assert_int_equal(e.line, 2);
	assert_non_null(strstr(e.msg, "第2行 第B列"));
	assert_int_equal(read_err(junk, strlen(junk), NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "第2行 第B列"));
	assert_int_equal(read_err("a,\0b", 4, NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "NUL"));
}

static void test_csv_limits(void **state)
{
	sheet_limits_t lim;
	err_t e;
	(void)state;
	sheet_limits_default(&lim);
	lim.max_cell_bytes = 4;
	assert_int_equal(read_err("ab,abcde\n", 9, &lim, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "第1行 第B列"));
	assert_int_equal(read_err("ab,\"abcde\"\n", 11, &lim, &e), ERR_LIMIT);
	sheet_limits_default(&lim);
	lim.max_rows = 2;
	assert_int_equal(read_err("1\n2\n3\n", 6, &lim, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "第3行"));
	sheet_limits_default(&lim);
	lim.max_cols = 2;
	assert_int_equal(read_err("1,2,3\n", 6, &lim, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "第C列"));
	sheet_limits_default(&lim);
	lim.max_cells = 5;
	assert_int_equal(read_err("1,2,3\n4,,6\n", 11, &lim, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "第2行"));
	assert_non_null(strstr(e.msg, "5 个单元格"));
	sheet_limits_default(&lim);
	lim.max_input = 3;
	assert_int_equal(read_err("1,2,3\n", 6, &lim, &e), ERR_LIMIT);
}

/* ---- xlsx helpers ---- */

static char *slurp(const char *path, size_t *out_n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*out_n = (size_t)n;
	return p;
}

static void tmp_path(char *path, size_t cap, const char *suffix)
{
	char tmpl[] = "/tmp/duban-test-sheet-XXXXXX";
	int fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	close(fd);
	unlink(tmpl);
	snprintf(path, cap, "%s%s", tmpl, suffix);
}

typedef struct part {
	const char *name;
	const char *data;
	size_t len; /* 0: strlen(data) */
} part_t;

/* A zip with the given entries (deflated); malloc'd bytes. */
static char *zip_make(const part_t *parts, size_t n, size_t *out_n)
{
	char path[64];
	int zerr = 0;
	tmp_path(path, sizeof path, ".zip");
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_EXCL, &zerr);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
		zip_source_t *s = zip_source_buffer(z, parts[i].data, len, 0);
		assert_non_null(s);
		assert_true(zip_file_add(z, parts[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	char *p = slurp(path, out_n);
	unlink(path);
	return p;
}

static const char wb_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"台账\" sheetId=\"1\" r:id=\"rId7\"/>"
	"<sheet name=\"b\" sheetId=\"2\" r:id=\"rId8\"/></sheets></workbook>";
static const char rels_xml[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId8\" Type=\"ws\" Target=\"worksheets/other.xml\"/>"
	"<Relationship Id=\"rId7\" Type=\"ws\" Target=\"/xl/worksheets/ledger.xml\"/>"
	"</Relationships>";
static const char sst_xml[] =
	"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<si><t>序号</t></si>"
	"<si><r><t>重点</t></r><r><t xml:space=\"preserve\">任务 </t></r>"
	"<rPh><t>ジュウテン</t></rPh></si></sst>";
static const char ws_xml[] =
	"<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c>"
	"<x:c r=\"C1\" t=\"s\"><x:v>1</x:v></x:c></x:row>"
	"<x:row r=\"4\"><x:c r=\"A4\"><x:v>1.1000000000000001</x:v></x:c>"
	"<x:c r=\"B4\" t=\"inlineStr\"><x:is><x:t>内联&amp;文本</x:t></x:is></x:c>"
	"<x:c r=\"C4\" t=\"b\"><x:v>1</x:v></x:c>"
	"<x:c r=\"D4\" t=\"str\"><x:f>A1&amp;\"x\"</x:f><x:v>=1+1</x:v></x:c>"
	"<x:c r=\"E4\"><x:v>45657</x:v></x:c></x:row>"
	"<x:row r=\"5\"><x:c r=\"A5\" s=\"3\"/></x:row>"
	"</x:sheetData></x:worksheet>";

static char *xlsx_make(const char *ws, const char *sst, size_t *out_n)
{
	part_t parts[] = { { "[Content_Types].xml", "<Types/>", 0 },
			   { "xl/workbook.xml", wb_xml, 0 },
			   { "xl/_rels/workbook.xml.rels", rels_xml, 0 },
			   { "xl/worksheets/ledger.xml", ws, 0 },
			   { "xl/sharedStrings.xml", sst ? sst : "", 0 } };
	return zip_make(parts, sst ? 5 : 4, out_n);
}

/* ---- xlsx ---- */

static void test_xlsx_parts(void **state)
{
	size_t n;
	char *zip = xlsx_make(ws_xml, sst_xml, &n);
	sheet_t *sh = read_ok(zip, n, NULL);
	(void)state;
	assert_int_equal(sh->format, SHEET_XLSX);
	assert_string_equal(sh->part, "xl/worksheets/ledger.xml");
	assert_int_equal(sh->nrows, 2); /* row 5 holds only a styled empty cell */
	assert_cell(sh, 0, 0, "序号");
	assert_cell(sh, 0, 1, "");
	assert_cell(sh, 0, 2, "重点任务 "); /* rich text runs joined, phonetic run left out */
	assert_int_equal(sh->rows[1].line, 4);
	assert_cell(sh, 1, 0, "1.1");
	assert_cell(sh, 1, 1, "内联&文本");
	assert_cell(sh, 1, 2, "TRUE");
	assert_cell(sh, 1, 3, "=1+1");
	assert_cell(sh, 1, 4, "45657");
	sheet_free(sh);
	free(zip);
}

static void test_xlsx_from_xlsxwriter(void **state)
{
	char path[64];
	(void)state;
	for (int constant = 0; constant < 2; constant++) {
		lxw_workbook_options opt = { .constant_memory = constant ? LXW_TRUE : LXW_FALSE };
		tmp_path(path, sizeof path, ".xlsx");
		lxw_workbook *wb = workbook_new_opt(path, &opt);
		lxw_worksheet *ws = workbook_add_worksheet(wb, "台账");
		worksheet_write_string(ws, 0, 0, "序号", NULL);
		worksheet_write_string(ws, 0, 1, "牵头单位", NULL);
		worksheet_write_number(ws, 1, 0, 2, NULL);
		worksheet_write_string(ws, 1, 1, "=1+1", NULL);
		worksheet_write_number(ws, 2, 0, 3.25, NULL);
		worksheet_write_string(ws, 2, 1, "市住建局", NULL);
		assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
		size_t n;
		char *data = slurp(path, &n);
		unlink(path);
		sheet_t *sh = read_ok(data, n, NULL);
		assert_int_equal(sh->nrows, 3);
		assert_cell(sh, 0, 1, "牵头单位");
		assert_cell(sh, 1, 0, "2");
		assert_cell(sh, 1, 1, "=1+1");
		assert_cell(sh, 2, 0, "3.25");
		assert_cell(sh, 2, 1, "市住建局");
		assert_int_equal(sh->rows[2].line, 3);
		sheet_free(sh);
		free(data);
	}
}

static void test_xlsx_malformed(void **state)
{
	size_t n;
	err_t e;
	char *zip;
	(void)state;
	zip = xlsx_make("<worksheet><sheetData><row><c><v>1</v></row>", NULL, &n);
	assert_int_equal(read_err(zip, n, NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "XML"));
	assert_non_null(strstr(e.msg, "ledger.xml"));
	free(zip);
	zip = xlsx_make("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet>&a;</worksheet>", NULL, &n);
	assert_int_equal(read_err(zip, n, NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "DTD"));
	free(zip);
	zip = xlsx_make("<worksheet><sheetData><row r=\"2\"><c r=\"B2\" t=\"s\"><v>9</v></c>"
			"</row></sheetData></worksheet>",
			sst_xml, &n);
	assert_int_equal(read_err(zip, n, NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "第2行 第B列"));
	free(zip);
	assert_int_equal(read_err("PK\x03\x04garbage", 11, NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "xlsx"));
	assert_int_equal(read_err("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....", 12, NULL, &e),
			 ERR_INVALID);
	assert_non_null(strstr(e.msg, ".xls"));
}

static void test_xlsx_missing_parts(void **state)
{
	size_t n;
	err_t e;
	(void)state;
	part_t no_sheet[] = { { "xl/workbook.xml", wb_xml, 0 },
			      { "xl/_rels/workbook.xml.rels", rels_xml, 0 } };
	char *zip = zip_make(no_sheet, 2, &n);
	assert_int_equal(read_err(zip, n, NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "缺少工作表 xl/worksheets/ledger.xml"));
	free(zip);
	part_t no_wb[] = { { "xl/worksheets/sheet1.xml", ws_xml, 0 } };
	zip = zip_make(no_wb, 1, &n);
	assert_int_equal(read_err(zip, n, NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "xl/workbook.xml"));
	free(zip);
	part_t empty_wb[] = { { "xl/workbook.xml", "<workbook><sheets/></workbook>", 0 } };
	zip = zip_make(empty_wb, 1, &n);
	assert_int_equal(read_err(zip, n, NULL, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "没有工作表"));
	free(zip);
	/* no rels: the conventional sheet1.xml is used */
	part_t no_rels[] = { { "xl/workbook.xml", wb_xml, 0 },
			     { "xl/worksheets/sheet1.xml",
			       "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>ok</t></is>"
			       "</c></row></sheetData></worksheet>",
			       0 } };
	zip = zip_make(no_rels, 2, &n);
	sheet_t *sh = read_ok(zip, n, NULL);
	assert_cell(sh, 0, 0, "ok");
	assert_int_equal(sh->rows[0].line, 1);
	sheet_free(sh);
	free(zip);
}

static void test_xlsx_limits(void **state)
{
	sheet_limits_t lim;
	size_t n;
	err_t e;
	char *zip;
	(void)state;
	/* too many entries */
	part_t many[40];
	char names[40][24];
	for (int i = 0; i < 40; i++) {
		snprintf(names[i], sizeof names[i], "junk/%02d.txt", i);
		many[i] = (part_t){ names[i], "x", 0 };
	}
	zip = zip_make(many, 40, &n);
	sheet_limits_default(&lim);
	lim.max_entries = 20;
	assert_int_equal(read_err(zip, n, &lim, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "40 个条目"));
	free(zip);
	/* one entry too big, then the total too big */
	zip = xlsx_make(ws_xml, sst_xml, &n);
	sheet_limits_default(&lim);
	lim.max_entry_bytes = 300;
	assert_int_equal(read_err(zip, n, &lim, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "xl/workbook.xml"));
	sheet_limits_default(&lim);
	lim.max_total_bytes = 1200;
	assert_int_equal(read_err(zip, n, &lim, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "总量"));
	/* rows, columns, cell bytes in the sheet */
	sheet_limits_default(&lim);
	lim.max_rows = 1;
	assert_int_equal(read_err(zip, n, &lim, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "第4行"));
	sheet_limits_default(&lim);
	lim.max_cols = 4;
	assert_int_equal(read_err(zip, n, &lim, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "第E列"));
	sheet_limits_default(&lim);
	lim.max_cell_bytes = 5;
	assert_int_equal(read_err(zip, n, &lim, &e), ERR_LIMIT);
	sheet_limits_default(&lim);
	lim.max_cells = 1;
	assert_int_equal(read_err(zip, n, &lim, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "共享字符串"));
	free(zip);
}

static void test_xlsx_zip_bomb(void **state)
{
	size_t big = (size_t)8 << 20, n;
	char *zeros = calloc(1, big);
	err_t e;
	(void)state;
	assert_non_null(zeros);
	memcpy(zeros, "<worksheet>", 11);
	part_t parts[] = { { "xl/workbook.xml", wb_xml, 0 },
			   { "xl/_rels/workbook.xml.rels", rels_xml, 0 },
			   { "xl/worksheets/ledger.xml", zeros, big } };
	char *zip = zip_make(parts, 3, &n);
	assert_true(n < big / 200);
	assert_int_equal(read_err(zip, n, NULL, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "压缩炸弹"));
	assert_non_null(strstr(e.msg, "ledger.xml"));
	free(zip);
	free(zeros);
}

static void test_alloc_failures(void **state)
{
	size_t n;
	char *zip = xlsx_make(ws_xml, sst_xml, &n);
	const char *csv = "a,\"b\"\"c\",d\n1,2,3\n";
	(void)state;
	for (long i = 0; i < 400; i++) {
		sheet_t *sh = NULL;
		err_t e;
		mem_fail_after(i);
		int rc1 = sheet_read(zip, n, SHEET_AUTO, NULL, &sh, &e);
		mem_fail_after(-1);
		assert_true(rc1 == 0 || rc1 == ERR_NOMEM);
		sheet_free(sh);
		sh = NULL;
		mem_fail_after(i);
		int rc2 = sheet_read(csv, strlen(csv), SHEET_AUTO, NULL, &sh, &e);
		mem_fail_after(-1);
		assert_true(rc2 == 0 || rc2 == ERR_NOMEM);
		sheet_free(sh);
		if (rc1 == 0 && rc2 == 0)
			break;
	}
	free(zip);
}

static void test_col_names(void **state)
{
	char b[8];
	(void)state;
	assert_string_equal(sheet_col_name(0, b, sizeof b), "A");
	assert_string_equal(sheet_col_name(25, b, sizeof b), "Z");
	assert_string_equal(sheet_col_name(26, b, sizeof b), "AA");
	assert_string_equal(sheet_col_name(27, b, sizeof b), "AB");
	assert_string_equal(sheet_col_name(16383, b, sizeof b), "XFD");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_bom_and_delims),
		cmocka_unit_test(test_csv_gb18030),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_csv_limits),
		cmocka_unit_test(test_xlsx_parts),
		cmocka_unit_test(test_xlsx_from_xlsxwriter),
		cmocka_unit_test(test_xlsx_malformed),
		cmocka_unit_test(test_xlsx_missing_parts),
		cmocka_unit_test(test_xlsx_limits),
		cmocka_unit_test(test_xlsx_zip_bomb),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_col_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
