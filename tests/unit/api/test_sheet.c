/* test_sheet.c — spreadsheet output for exports (api/sheet.h): formula neutralisation,
 * CSV bytes (BOM, quoting, CRLF, section titles), xlsx written and read back with the
 * sheet reader (text stays text, numbers become numbers), bad formats and paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/mem.h"
#include "api/sheet.h"
#include "extract/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_risky(void **state)
{
	(void)state;
	assert_true(api_sheet_risky("=1+1"));
	assert_true(api_sheet_risky("+cmd"));
	assert_true(api_sheet_risky("-危险"));
	assert_true(api_sheet_risky("@SUM(A1)"));
	assert_true(api_sheet_risky("\t=1"));
	assert_false(api_sheet_risky("-3.5"));
	assert_false(api_sheet_risky("+12"));
	assert_false(api_sheet_risky(""));
	assert_false(api_sheet_risky("市发改委 =1"));
}

static void test_csv_bytes(void **state)
{
	arena_t *a = arena_new(0, 0);
	api_sheet_book_t b;
	static const char *const head[] = { "序号", "任务" };
	const char *r1[] = { "1", "a,\"b\"" };
	const char *r2[] = { "=1+1", NULL };
	buf_t out;
	(void)state;
	api_sheet_book_init(&b, a);
	api_sheet_table_t *t = api_sheet_table_add(&b, "台账", 2, head, NULL);
	assert_non_null(t);
	assert_int_equal(api_sheet_row(&b, t, r1), 0);
	assert_int_equal(api_sheet_row(&b, t, r2), 0);
	buf_init(&out, 0);
	assert_int_equal(api_sheet_csv(&b, &out), 0);
	assert_string_equal(buf_cstr(&out),
			    "\xEF\xBB\xBF序号,任务\r\n1,\"a,\"\"b\"\"\"\r\n\"'=1+1\",\r\n");
	/* a second table: titled sections */
	t = api_sheet_table_add(&b, "预警", 1, head, NULL);
	assert_int_equal(api_sheet_row(&b, t, r1), 0);
	buf_reset(&out);
	assert_int_equal(api_sheet_csv(&b, &out), 0);
	assert_non_null(strstr(buf_cstr(&out), "【台账】\r\n序号,任务\r\n"));
	assert_non_null(strstr(buf_cstr(&out), "\r\n\r\n【预警】\r\n序号\r\n1\r\n"));
	buf_free(&out);
	arena_free(a);
}

static void test_xlsx_round_trip(void **state)
{
	arena_t *a = arena_new(0, 0);
	api_sheet_book_t b;
	static const char *const head[] = { "项目", "投资" };
	const char *r1[] = { "=HYPERLINK(\"x\")", "12.5" };
	const char *r2[] = { "园区", "n/a" };
	char path[] = "/tmp/duban-test-ledger-sheet-XXXXXX";
	err_t e;
	(void)state;
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	api_sheet_book_init(&b, a);
	api_sheet_table_t *t = api_sheet_table_add(&b, "重点项目", 2, head, NULL);
	t->number[1] = true;
	api_sheet_row(&b, t, r1);
	api_sheet_row(&b, t, r2);
	assert_int_equal(api_sheet_write(&b, "xlsx", path, &e), 0);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *data = malloc(1 << 20);
	size_t n = fread(data, 1, 1 << 20, f);
	fclose(f);
	unlink(path);
	sheet_t *sh = NULL;
	assert_int_equal(sheet_read(data, n, SHEET_XLSX, NULL, &sh, &e), 0);
	assert_int_equal(sh->nrows, 3);
	assert_true(str_eq_cstr(sheet_cell(&sh->rows[0], 0), "项目"));
	assert_true(str_eq_cstr(sheet_cell(&sh->rows[1], 0), "=HYPERLINK(\"x\")"));
	assert_true(str_eq_cstr(sheet_cell(&sh->rows[1], 1), "12.5"));
	assert_true(str_eq_cstr(sheet_cell(&sh->rows[2], 1), "n/a"));
	sheet_free(sh);
	free(data);
	assert_int_equal(api_sheet_write(&b, "pdf", path, &e), ERR_USAGE);
	assert_int_equal(api_sheet_write(&b, "csv", "/nonexistent-dir/x.csv", &e), ERR_IO);
	assert_non_null(strstr(e.msg, "/nonexistent-dir/x.csv"));
	assert_int_equal(api_sheet_write(&b, "xlsx", "/nonexistent-dir/x.xlsx", &e), ERR_IO);
	arena_free(a);
}

static void test_full_book(void **state)
{
	arena_t *a = arena_new(0, 0);
	api_sheet_book_t b;
	static const char *const head[] = { "x" };
	(void)state;
	api_sheet_book_init(&b, a);
	for (int i = 0; i < API_SHEET_MAX_TABLES; i++)
		assert_non_null(api_sheet_table_add(&b, "t", 1, head, NULL));
	assert_null(api_sheet_table_add(&b, "t", 1, head, NULL));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_risky),
		cmocka_unit_test(test_csv_bytes),
		cmocka_unit_test(test_xlsx_round_trip),
		cmocka_unit_test(test_full_book),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
