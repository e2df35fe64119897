/* test_export.c — the exports (api/export.h) on a small SQLite ledger: the ledger, the
 * bulletin and the project table built from the store and the supervision picture,
 * rendered as xlsx bytes (api_sheet_render) and read back with the repo's spreadsheet
 * reader (extract/sheet.h) with their Chinese text; a unit scope keeps other units'
 * rows out; bad requests (unknown export, unknown plan, several plans). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/export.h"
#include "base/buf.h"
#include "extract/sheet.h"
#include "lib/pgtest.h"

#include <string.h>

#define ACTOR STR_LIT("tester")

typedef struct fixture {
	long long city, dept, county, plan;
} fixture_t;

static void build(pgtest_fx_t *f, fixture_t *x)
{
	x->city = pgtest_add_unit(f->s, "保定市", 0);
	x->dept = pgtest_add_unit(f->s, "市发改委", x->city);
	x->county = pgtest_add_unit(f->s, "涿州市", x->city);
	store_plan_t p = { .title = STR_LIT("2024年计划"), .year = 2024 };
	PGTEST_OK(store_plan_add(f->s, ACTOR, &p, &e_));
	PGTEST_OK(store_plan_set_state(f->s, ACTOR, p.id, STR_LIT("active"), &e_));
	x->plan = p.id;
	long long n1 = pgtest_add_node(f->s, p.id, 0, 1, "抓投资", x->dept);
	pgtest_add_node(f->s, p.id, 0, 2, "物流枢纽建设", x->county);
	store_target_t t = { .node_id = n1,
			     .indicator = STR_LIT("固定资产投资"),
			     .has_value = true,
			     .value = 100,
			     .unit = STR_LIT("亿元"),
			     .qualifier = STR_LIT("about") };
	PGTEST_OK(store_target_add(f->s, ACTOR, &t, &e_));
	store_project_t pr = { .plan_id = p.id,
			       .name = STR_LIT("物流园"),
			       .owner_unit_id = x->county,
			       .plan_invest = 10,
			       .stage = STR_LIT("在建") };
	PGTEST_OK(store_project_add(f->s, ACTOR, &pr, &e_));
}

/* Renders the book as xlsx and reads its first worksheet back. */
static sheet_t *read_back(const api_sheet_book_t *b)
{
	err_t e;
	buf_t out;
	sheet_t *sh = NULL;

	buf_init(&out, 0);
	assert_int_equal(api_sheet_render(b, "xlsx", &out, &e), 0);
	assert_true(out.len > 4 && memcmp(out.ptr, "PK\3\4", 4) == 0);
	assert_int_equal(sheet_read(out.ptr, out.len, SHEET_XLSX, NULL, &sh, &e), 0);
	buf_free(&out);
	return sh;
}

static void test_export_ledger(void **state)
{
	pgtest_fx_t *f = *state;
	fixture_t x;
	api_sheet_book_t book;
	err_t e;

	build(f, &x);
	api_export_query_t q = { .what = "ledger", .plan_id = x.plan };
	PGTEST_OK(date_from_ymd(2024, 4, 10, &q.as_of, &e_));
	PGTEST_OK(api_export_build(f->s, f->a, &q, &book, &e_));
	assert_int_equal(book.ntables, 1);
	assert_int_equal(api_export_rows(&book), 2);
	sheet_t *sh = read_back(&book);
	assert_int_equal(sh->nrows, 3);
	assert_true(str_eq_cstr(sheet_cell(&sh->rows[0], 0), "序号"));
	assert_true(str_eq_cstr(sheet_cell(&sh->rows[1], 1), "抓投资"));
	assert_true(str_eq_cstr(sheet_cell(&sh->rows[1], 2), "市发改委"));
	assert_true(str_eq_cstr(sheet_cell(&sh->rows[1], 5), "固定资产投资 100亿元 左右"));
	assert_true(str_eq_cstr(sheet_cell(&sh->rows[1], 7), "未填报"));
	assert_true(str_eq_cstr(sheet_cell(&sh->rows[2], 1), "物流枢纽建设"));
	sheet_free(sh);

	/* the county sees its own task only */
	q.unit_id = x.county;
	PGTEST_OK(api_export_build(f->s, f->a, &q, &book, &e_));
	assert_int_equal(api_export_rows(&book), 1);
	assert_string_equal(book.tables[0].cells[1], "物流枢纽建设");

	/* a CSV starts with the BOM */
	buf_t out;
	buf_init(&out, 0);
	PGTEST_OK(api_sheet_render(&book, "csv", &out, &e_));
	assert_true(out.len > 3 && memcmp(out.ptr, "\xEF\xBB\xBF", 3) == 0);
	buf_free(&out);
	buf_init(&out, 0);
	assert_int_equal(api_sheet_render(&book, "pdf", &out, &e), ERR_USAGE);
	buf_free(&out);
	assert_string_equal(api_sheet_media_type("csv"), "text/csv; charset=utf-8");

	/* errors: an unknown export, an unknown plan, several plans without one named */
	q = (api_export_query_t){ .what = "widgets", .as_of = q.as_of };
	PGTEST_FAILS(ERR_USAGE, api_export_build(f->s, f->a, &q, &book, &e));
	q.what = "ledger";
	q.plan_id = 999;
	PGTEST_FAILS(ERR_INVALID, api_export_build(f->s, f->a, &q, &book, &e));
	assert_string_equal(e.field, "plan");
	q.plan_id = 0;
	PGTEST_OK(api_export_build(f->s, f->a, &q, &book, &e_)); /* the only plan */
	assert_int_equal(q.plan_id, x.plan);
	q.plan_id = 0;
	pgtest_add_plan(f->s);
	PGTEST_FAILS(ERR_USAGE, api_export_build(f->s, f->a, &q, &book, &e));
	assert_string_equal(e.field, "plan");
	assert_string_equal(api_export_file_name(f->a, "ledger", "xlsx", q.as_of),
			    "duban-ledger-20240410.xlsx");
}

static void test_export_bulletin_projects(void **state)
{
	pgtest_fx_t *f = *state;
	fixture_t x;
	api_sheet_book_t book;

	build(f, &x);
	api_export_query_t q = { .what = "bulletin" };
	PGTEST_OK(date_from_ymd(2024, 4, 10, &q.as_of, &e_));
	PGTEST_OK(api_export_build(f->s, f->a, &q, &book, &e_));
	assert_int_equal(book.ntables, 3);
	assert_string_equal(book.tables[0].name, "汇总");
	assert_int_equal(book.tables[0].nrows, 2); /* the two responsible units */
	assert_int_equal(book.tables[2].nrows, 3); /* two tasks and the project: no March report */
	sheet_t *sh = read_back(&book);
	assert_true(str_eq_cstr(sheet_cell(&sh->rows[0], 0), "单位"));
	sheet_free(sh);

	q.what = "projects";
	PGTEST_OK(api_export_build(f->s, f->a, &q, &book, &e_));
	assert_int_equal(api_export_rows(&book), 1);
	assert_string_equal(book.tables[0].cells[0], "物流园");
	q.unit_id = x.dept; /* another unit's project is not exported */
	PGTEST_OK(api_export_build(f->s, f->a, &q, &book, &e_));
	assert_int_equal(api_export_rows(&book), 0);
	q.what = "bulletin";
	PGTEST_OK(api_export_build(f->s, f->a, &q, &book, &e_));
	assert_int_equal(book.tables[0].nrows, 1);
	assert_string_equal(book.tables[0].cells[0], "市发改委");
	assert_int_equal(book.tables[2].nrows, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_export_ledger, pgtest_setup_sqlite,
						pgtest_teardown),
		cmocka_unit_test_setup_teardown(test_export_bulletin_projects, pgtest_setup_sqlite,
						pgtest_teardown),
	};
	return cmocka_run_group_tests_name("exports on sqlite", tests, NULL, NULL);
}
