/* test_glossary.c — glossary_parse: numbered notes and footnotes, terms and definitions,
 * cites ([1] never matching [10]), spans, and invalid notes turning into warnings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/mem.h"
#include "extract/glossary.h"
#include "extract/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static draft_t *parse(const char *src)
{
	draft_t *d = draft_new(0);
	extract_opts_t o = { 0 };
	text_opts_t to = { 0 };
	text_t t;
	err_t e;

	assert_non_null(d);
	assert_int_equal(text_prepare(d, src, strlen(src), &to, &t, &e), 0);
	assert_int_equal(glossary_parse(d, &t, &o, &e), 0);
	return d;
}

static void expect_slice(const char *src, draft_span_t s, const char *want)
{
	assert_true(s.start <= s.end && s.end <= strlen(src));
	assert_int_equal(s.end - s.start, strlen(want));
	assert_memory_equal(src + s.start, want, strlen(want));
}

static bool has_warning(const draft_t *d, const char *part)
{
	for (size_t i = 0; i < d->doc.nwarnings; i++)
		if (strstr(d->doc.warnings[i], part))
			return true;
	return false;
}

static void test_notes_and_cites(void **state)
{
	(void)state;
	const char *src = "出台“1+11+1”政策体系[1],推进“双千工程”[10],再次强调政策体系[1]。\n"
			  "名词解释\n"
			  "[1]“1+11+1”政策体系:稳经济运行的政策。\n"
			  "[10]“双千工程”:即每年招商入库1000个以上项目。\n";
	draft_t *d = parse(src);
	const draft_gloss_t *g;

	assert_int_equal(d->glossary.n, 2);
	g = &d->glossary.v[0];
	assert_string_equal(g->label, "[1]");
	assert_string_equal(g->term, "“1+11+1”政策体系");
	assert_string_equal(g->definition, "稳经济运行的政策。");
	expect_slice(src, g->span, "[1]“1+11+1”政策体系:稳经济运行的政策。");
	assert_int_equal(g->ncited, 2);
	expect_slice(src, g->cited[0], "[1]");
	expect_slice(src, g->cited[1], "[1]");
	assert_true(g->cited[0].start < g->cited[1].start);
	g = &d->glossary.v[1];
	assert_string_equal(g->label, "[10]");
	assert_string_equal(g->term, "“双千工程”");
	assert_int_equal(g->ncited, 1);
	expect_slice(src, g->cited[0], "[10]");
	assert_true(g->norm_start < g->norm_end);
	assert_int_equal(d->doc.nwarnings, 0);
	draft_free(d);
}

static void test_fullwidth_as_written(void **state)
{
	(void)state;
	const char *src = "正文内容引用［3］说明。\n［3］术语：定义内容。\n";
	draft_t *d = parse(src);

	assert_int_equal(d->glossary.n, 1);
	assert_string_equal(d->glossary.v[0].label, "［3］");
	assert_string_equal(d->glossary.v[0].term, "术语");
	assert_string_equal(d->glossary.v[0].definition, "定义内容。");
	assert_int_equal(d->glossary.v[0].ncited, 1);
	expect_slice(src, d->glossary.v[0].cited[0], "［3］");
	draft_free(d);
}

static void test_markdown_footnote(void **state)
{
	(void)state;
	const char *src = "正文提到新机制[^5],详见注释。\n\n[^5]: 由分管领导统筹的工作机制。\n";
	draft_t *d = parse(src);

	assert_int_equal(d->glossary.n, 1);
	assert_string_equal(d->glossary.v[0].label, "[^5]");
	assert_string_equal(d->glossary.v[0].term, "");
	assert_string_equal(d->glossary.v[0].definition, "由分管领导统筹的工作机制。");
	assert_int_equal(d->glossary.v[0].ncited, 1);
	expect_slice(src, d->glossary.v[0].cited[0], "[^5]");
	draft_free(d);
}

static void test_no_colon(void **state)
{
	(void)state;
	draft_t *d = parse("正文内容,说明情况[2]。\n[2]只有术语没有定义\n");

	assert_int_equal(d->glossary.n, 1);
	assert_string_equal(d->glossary.v[0].term, "只有术语没有定义");
	assert_string_equal(d->glossary.v[0].definition, "");
	draft_free(d);
}

static void test_invalid_notes_warn(void **state)
{
	(void)state;
	draft_t *d = parse("正文引用[1]和[7],以及[^9]。\n名词解释\n[1]术语一:定义一。\n"
			   "[1]术语重复:定义重复。\n[3 没有闭合:定义。\n[2]术语二:定义二。\n");

	assert_int_equal(d->glossary.n, 2);
	assert_string_equal(d->glossary.v[0].term, "术语一");
	assert_string_equal(d->glossary.v[1].label, "[2]");
	assert_int_equal(d->glossary.v[0].ncited, 1);
	assert_int_equal(d->glossary.v[1].ncited, 0);
	assert_true(has_warning(d, "duplicate note [1]"));
	assert_true(has_warning(d, "malformed note mark"));
	assert_true(has_warning(d, "mark without a note [7]"));
	assert_true(has_warning(d, "mark without a note [^9]"));
	draft_free(d);
}

static void test_no_notes_no_noise(void **state)
{
	(void)state;
	draft_t *d = parse("[河北] 2023年报告\n正文引用文献[1],还有[LV.9]和[12345678]。\n");

	assert_int_equal(d->glossary.n, 0);
	assert_int_equal(d->doc.nwarnings, 0);
	draft_free(d);
}

static void test_many_notes_and_warnings_bounded(void **state)
{
	(void)state;
	size_t cap = 4 << 20, n = 0;
	char *src = malloc(cap);
	draft_t *d;

	assert_non_null(src);
	for (int i = 0; i < 20000; i++)
		n += (size_t)snprintf(src + n, cap - n, "正文[%d]和[%d]。\n", i, i + 50000);
	for (int i = 0; i < 20000; i++)
		n += (size_t)snprintf(src + n, cap - n, "[%d]术语%d:定义。\n", i, i);
	src[n] = '\0';
	d = parse(src);
	assert_int_equal(d->glossary.n, 20000);
	assert_int_equal(d->glossary.v[19999].ncited, 1);
	assert_true(d->doc.nwarnings <= 16);
	draft_free(d);
	free(src);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	const char *src = "正文[1][2]。\n[1]甲:乙。\n[2]丙:丁。\n";
	int ok = 0;

	for (long k = 0; k < 400 && !ok; k++) {
		draft_t *d = draft_new(0);
		text_opts_t to = { 0 };
		extract_opts_t o = { 0 };
		text_t t;
		err_t e;
		int rc;

		if (!d || text_prepare(d, src, strlen(src), &to, &t, &e) != 0) {
			draft_free(d);
			continue;
		}
		mem_fail_after(k);
		rc = glossary_parse(d, &t, &o, &e);
		mem_fail_after(-1);
		assert_true(rc == 0 || rc == ERR_NOMEM);
		ok = rc == 0;
		draft_free(d);
	}
	assert_true(ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notes_and_cites),
		cmocka_unit_test(test_fullwidth_as_written),
		cmocka_unit_test(test_markdown_footnote),
		cmocka_unit_test(test_no_colon),
		cmocka_unit_test(test_invalid_notes_warn),
		cmocka_unit_test(test_no_notes_no_noise),
		cmocka_unit_test(test_many_notes_and_warnings_bounded),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
