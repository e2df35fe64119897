/* test_extract.c — extract_run and extract_to_json end to end: small documents, the
 * seeds, the JSON shape of docs/extract-format.md, spans that slice the original bytes,
 * the document year, input limits and allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/mem.h"
#include "extract/extract.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char k_report[] = "2023年某市政府工作报告\n"
			       "一、回顾2022年工作\n"
			       "全市生产总值完成3880.3亿元,增长3.8%。出台政策体系[1]。\n"
			       "二、2023年主要工作\n"
			       "（一）加力推进协同发展，让一体化更加紧密。坚决落实，推进工作。\n"
			       "强化对接承接。力争新增10家企业,推进工作。\n"
			       "名词解释\n"
			       "[1]“1+11+1”政策体系:稳经济运行的政策。\n";

static draft_t *run(const char *src, size_t n, const extract_opts_t *o)
{
	draft_t *d = NULL;
	err_t e;
	int rc = extract_run(src, n, o, &d, &e);

	if (rc)
		fail_msg("extract_run: %s", e.msg);
	assert_non_null(d);
	return d;
}

static void test_small_report(void **state)
{
	(void)state;
	draft_t *d = run(k_report, strlen(k_report), NULL);

	assert_string_equal(d->doc.title, "2023年某市政府工作报告");
	assert_int_equal(d->doc.year, 2023);
	assert_int_equal(d->nodes.n, 5);
	assert_string_equal(d->nodes.v[2].label, "（一）");
	assert_string_equal(d->nodes.v[3].title, "强化对接承接");
	assert_int_equal(d->nodes.v[3].level, 3);
	assert_string_equal(d->nodes.v[4].title, "名词解释");
	assert_int_equal(d->nodes.v[4].level, 1);
	assert_int_equal(d->glossary.n, 1);
	assert_int_equal(d->glossary.v[0].ncited, 1);
	assert_int_equal(d->doc.bytes, strlen(k_report));
	draft_free(d);
}

static void test_year(void **state)
{
	(void)state;
	extract_opts_t o = { .year = 2019 };
	const char *a = "正文开始,说明情况。\n一、任务\n";
	const char *b = "正文开始,说明情况。\n三、2024年主要工作\n推进,落实。\n";
	draft_t *d = run(a, strlen(a), &o);

	assert_int_equal(d->doc.year, 2019);
	draft_free(d);
	d = run(a, strlen(a), NULL);
	assert_int_equal(d->doc.year, 0);
	draft_free(d);
	d = run(b, strlen(b), &o);
	assert_int_equal(d->doc.year, 2024);
	draft_free(d);
}

static void test_bad_input(void **state)
{
	(void)state;
	extract_opts_t o = { .max_bytes = 16 };
	draft_t *d = (draft_t *)1;
	err_t e;

	assert_int_equal(extract_run("", 0, NULL, &d, &e), ERR_INVALID);
	assert_null(d);
	assert_int_equal(extract_run(" \n\n  \n", 6, NULL, &d, &e), ERR_INVALID);
	assert_null(d);
	assert_int_equal(extract_run(k_report, strlen(k_report), &o, &d, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "16"));
	assert_null(d);
}

static void expect_keys(json_t *o, const char *const *keys, size_t n)
{
	assert_true(json_is_object(o));
	for (size_t i = 0; i < n; i++)
		if (!json_object_get(o, keys[i]))
			fail_msg("missing key %s", keys[i]);
}

static void test_json_shape(void **state)
{
	(void)state;
	static const char *const top[] = { "document", "outline", "statements",
					   "projects", "units",   "glossary" };
	static const char *const doc[] = { "title", "encoding", "script",  "year",
					   "bytes", "dropped",  "warnings" };
	static const char *const node[] = { "id", "parent", "level", "label", "title", "span" };
	static const char *const gl[] = { "label", "term", "definition", "span", "cited_at" };
	draft_t *d = run(k_report, strlen(k_report), NULL);
	json_t *j = extract_to_json(d), *n, *span;
	char *z;

	assert_non_null(j);
	expect_keys(j, top, 6);
	expect_keys(json_object_get(j, "document"), doc, 7);
	assert_int_equal(
		json_integer_value(json_object_get(json_object_get(j, "document"), "year")), 2023);
	n = json_array_get(json_object_get(j, "outline"), 2);
	expect_keys(n, node, 6);
	assert_string_equal(json_string_value(json_object_get(n, "label")), "（一）");
	assert_int_equal(json_integer_value(json_object_get(n, "parent")), 2);
	assert_true(json_is_null(
		json_object_get(json_array_get(json_object_get(j, "outline"), 0), "parent")));
	span = json_object_get(n, "span");
	assert_int_equal(json_array_size(span), 2);
	assert_memory_equal(k_report + json_integer_value(json_array_get(span, 0)), "（一）",
			    strlen("（一）"));
	n = json_array_get(json_object_get(j, "glossary"), 0);
	expect_keys(n, gl, 5);
	assert_int_equal(json_array_size(json_object_get(n, "cited_at")), 1);
	assert_true(json_is_array(json_object_get(j, "statements")));
	z = json_dumps(j, JSON_COMPACT);
	assert_non_null(z);
	free(z);
	json_decref(j);
	draft_free(d);
}

static char *read_seed(const char *path, size_t *out_n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*out_n = (size_t)n;
	return buf;
}

/* Every heading span starts with its label and ends with its title (original bytes,
 * original script), every cite slices its label, nodes nest properly. */
static void check_spans(const char *src, size_t n, const draft_t *d)
{
	for (size_t i = 0; i < d->nodes.n; i++) {
		const draft_node_t *nd = &d->nodes.v[i];
		size_t ll = strlen(nd->label), tl = strlen(nd->title);
		assert_true(nd->span.start <= nd->span.end && nd->span.end <= n);
		assert_true(nd->span.end - nd->span.start >= ll + tl);
		assert_memory_equal(src + nd->span.start, nd->label, ll);
		assert_memory_equal(src + nd->span.end - tl, nd->title, tl);
		assert_true(nd->parent < nd->id);
		assert_true(nd->norm_start <= nd->norm_end);
		if (nd->parent)
			assert_int_equal(d->nodes.v[nd->parent - 1].level + 1, nd->level);
		else
			assert_int_equal(nd->level, 1);
	}
	for (size_t i = 0; i < d->glossary.n; i++) {
		const draft_gloss_t *g = &d->glossary.v[i];
		for (size_t k = 0; k < g->ncited; k++) {
			assert_int_equal(g->cited[k].end - g->cited[k].start, strlen(g->label));
			assert_memory_equal(src + g->cited[k].start, g->label, strlen(g->label));
		}
	}
}

static void test_seeds(void **state)
{
	(void)state;
	static const char *const seeds[] = {
		"tests/data/000_28d01b229fcb1637.txt", "tests/data/001_7d96d8cb6280a8ca.txt",
		"tests/data/002_c7f7bf300aa76a8f.txt", "tests/data/003_c30ca89cbd3d2160.txt",
		"tests/data/004_6851ad60e8c7365d.txt",
	};
	for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
		size_t n = 0;
		char *src = read_seed(seeds[i], &n);
		draft_t *d;
		json_t *j;

		if (!src)
			fail_msg("cannot read %s (run from the repository root)", seeds[i]);
		d = run(src, n, NULL);
		assert_true(d->nodes.n > 0);
		check_spans(src, n, d);
		j = extract_to_json(d);
		assert_non_null(j);
		json_decref(j);
		if (strstr(seeds[i], "002_")) {
			assert_int_equal(d->doc.year, 2023);
			assert_int_equal(d->glossary.n, 31);
		}
		draft_free(d);
		free(src);
	}
}

/* k_report converted to GB18030 (caller frees). */
static char *to_gb18030(size_t *out_n)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t inl = strlen(k_report), outl = inl * 2;
	char *in = (char *)k_report, *buf = malloc(outl), *out = buf;

	assert_true(cd != (iconv_t)-1);
	assert_non_null(buf);
	assert_true(iconv(cd, &in, &inl, &out, &outl) != (size_t)-1);
	iconv_close(cd);
	*out_n = (size_t)(out - buf);
	return buf;
}

/* The UTF-8 form of GB18030 bytes p[0..n) (caller frees). */
static char *from_gb18030(const char *p, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t outl = n * 2 + 1;
	char *in = (char *)p, *buf = calloc(1, outl), *out = buf;

	assert_true(cd != (iconv_t)-1);
	assert_non_null(buf);
	assert_true(iconv(cd, &in, &n, &out, &outl) != (size_t)-1);
	iconv_close(cd);
	return buf;
}

static void test_spans_in_gb18030(void **state)
{
	(void)state;
	size_t n = 0;
	char *src = to_gb18030(&n);
	draft_t *d = run(src, n, NULL);

	assert_int_equal(d->nodes.n, 5);
	for (size_t i = 0; i < d->nodes.n; i++) {
		const draft_node_t *nd = &d->nodes.v[i];
		char *head = from_gb18030(src + nd->span.start, nd->span.end - nd->span.start);
		assert_memory_equal(head, nd->label, strlen(nd->label));
		assert_non_null(strstr(head, nd->title));
		free(head);
	}
	assert_int_equal(d->glossary.n, 1);
	assert_int_equal(d->glossary.v[0].ncited, 1);
	{
		const draft_span_t c = d->glossary.v[0].cited[0];
		char *mark = from_gb18030(src + c.start, c.end - c.start);
		assert_string_equal(mark, "[1]");
		free(mark);
	}
	draft_free(d);
	free(src);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	int ok = 0;

	for (long k = 0; k < 2000 && !ok; k++) {
		draft_t *d = NULL;
		err_t e;
		int rc;
		json_t *j;

		mem_fail_after(k);
		rc = extract_run(k_report, strlen(k_report), NULL, &d, &e);
		mem_fail_after(-1);
		assert_true(rc == 0 || rc == ERR_NOMEM);
		if (rc) {
			assert_null(d);
			continue;
		}
		ok = 1;
		j = extract_to_json(d);
		json_decref(j);
		draft_free(d);
	}
	assert_true(ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_report),  cmocka_unit_test(test_year),
		cmocka_unit_test(test_bad_input),     cmocka_unit_test(test_json_shape),
		cmocka_unit_test(test_seeds),         cmocka_unit_test(test_spans_in_gb18030),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
