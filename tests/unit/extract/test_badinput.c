/* test_badinput.c — the extraction pipeline on hostile or broken input: empty, binary,
 * NUL bytes, truncated and mixed encodings, a 10 MiB line, 100 000 nested enumeration
 * markers, malformed footnotes, over the size limit.  Every case must end in ERR_INVALID
 * or ERR_LIMIT with a message, or in a draft that carries warnings and converts to
 * JSON; never a crash (run under the sanitizers by `make SANITIZE=address,undefined`). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/mem.h"
#include "extract/extract.h"

#include <stdio.h>
#include <string.h>

#define BIG_LINE_BYTES ((size_t)10 << 20)
#define NESTED_REPEAT  100000

/* A growing test buffer (through mem.h); aborts the test when out of memory. */
typedef struct tbuf {
	char *p;
	size_t n, cap;
} tbuf_t;

static void tb_add(tbuf_t *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n)
			cap *= 2;
		b->p = mem_realloc(b->p, cap);
		assert_non_null(b->p);
		b->cap = cap;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void tb_str(tbuf_t *b, const char *s)
{
	tb_add(b, s, strlen(s));
}

/* Runs the pipeline with opts and checks the contract: an error code with a message, or
 * a draft with at least one warning that converts to JSON.  Returns the code. */
static int check_opts(const char *data, size_t n, const extract_opts_t *o)
{
	draft_t *d = NULL;
	err_t e;
	int rc;

	err_clear(&e);
	rc = extract_run(data, n, o, &d, &e);
	if (rc) {
		if (rc != ERR_INVALID && rc != ERR_LIMIT)
			fail_msg("unexpected code %d (%s): %s", rc, err_code_name(rc), e.msg);
		assert_true(strlen(e.msg) > 0);
		assert_null(d);
		return rc;
	}
	assert_non_null(d);
	if (d->doc.nwarnings == 0)
		fail_msg("input of %zu bytes gave a draft without warnings (%zu nodes, %zu "
			 "statements)",
			 n, d->nodes.n, d->stmts.n);
	for (size_t i = 0; i < d->doc.nwarnings; i++)
		assert_non_null(d->doc.warnings[i]);
	{
		json_t *j = extract_to_json(d);
		assert_non_null(j);
		json_decref(j);
	}
	draft_free(d);
	return 0;
}

static int check(const char *data, size_t n)
{
	extract_opts_t o = { 0 };
	return check_opts(data, n, &o);
}

static void test_empty(void **state)
{
	(void)state;
	check("", 0);
	check(" \n\r\n\t　\n", strlen(" \n\r\n\t　\n"));
}

static void test_binary(void **state)
{
	static const char elf[] = "\x7f"
				  "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0";
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	char rnd[4096];
	uint32_t x = 2463534242u;
	(void)state;

	for (size_t i = 0; i < sizeof rnd; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5; /* xorshift32 */
		rnd[i] = (char)(x >> 24);
	}
	check(elf, sizeof elf - 1);
	check(png, sizeof png - 1);
	check(rnd, sizeof rnd);
}

static void test_nul_bytes(void **state)
{
	static const char s[] = "一、总体要求\0\0（一）目标。\0生产总值增长7%左右。\0";
	char zeros[1024] = { 0 };
	(void)state;

	check(s, sizeof s - 1);
	check(zeros, sizeof zeros);
}

static void test_truncated_utf8(void **state)
{
	const char *s = "一、总体要求\n生产总值增长7%左右";
	size_t n = strlen(s);
	tbuf_t b = { 0 };
	(void)state;

	check(s, n - 1); /* cut inside 右 */
	check(s, n - 2);
	tb_add(&b, s, 5); /* 一 and a broken 、 in the middle */
	tb_str(&b, "\n完成投资1234.3亿元");
	tb_add(&b, "\xe4\xb8", 2);
	check(b.p, b.n);
	check("\xf0\x9f\x98", 3);
	check("\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80", 9); /* overlong, surrogate, > U+10FFFF */
	mem_free(b.p);
}

static void test_mixed_encodings(void **state)
{
	/* UTF-8 "一、总体要求" then GB18030 "生产总值增长7%" then Big5 "經濟" */
	static const char s[] = "一、总体要求\n"
				"\xc9\xfa\xb2\xfa\xd7\xdc\xd6\xb5\xd4\xf6\xb3\xa4"
				"7%\n"
				"\xb8\x67\xc0\xd9\n";
	/* UTF-16LE BOM, 一, then an unpaired high surrogate and an odd byte */
	static const char bom16[] = "\xff\xfe\x00\x4e\x00\xd8\x41";
	(void)state;

	check(s, sizeof s - 1);
	check(bom16, sizeof bom16 - 1);
	check("\xef\xbb\xbf\xff\xfe", 5);
}

static void test_big_line(void **state)
{
	static const char unit[] = "全市生产总值增长7%左右，新增高新技术企业210家，";
	size_t ul = sizeof unit - 1;
	char *p = mem_alloc(BIG_LINE_BYTES);
	(void)state;

	assert_non_null(p);
	for (size_t i = 0; i + ul <= BIG_LINE_BYTES; i += ul)
		memcpy(p + i, unit, ul);
	memset(p + BIG_LINE_BYTES / ul * ul, 'x', BIG_LINE_BYTES % ul);
	check(p, BIG_LINE_BYTES);
	mem_free(p);
}

static void test_nested_markers(void **state)
{
	tbuf_t b = { 0 };
	(void)state;

	for (int i = 0; i < NESTED_REPEAT; i++)
		tb_str(&b, "一、（一）1.（1）");
	check(b.p, b.n);
	b.n = 0;
	for (int i = 0; i < NESTED_REPEAT; i++)
		tb_str(&b, "一、\n（一）\n1.\n（1）\n");
	check(b.p, b.n);
	b.n = 0;
	for (int i = 0; i < NESTED_REPEAT; i++)
		tb_str(&b, "第一，");
	check(b.p, b.n);
	b.n = 0;
	for (int i = 0; i < NESTED_REPEAT; i++)
		tb_str(&b, "一是");
	check(b.p, b.n);
	mem_free(b.p);
}

static void test_bad_footnotes(void **state)
{
	static const char *const cases[] = {
		"正文[1]。\n名词解释\n[",
		"正文[99999999999999999999]。\n名词解释\n[99999999999999999999]术语:定义",
		"正文[^]: \n[^1]: \n[^1]: 重复",
		"正文[1]\n名词解释\n[0]\n[1]\n[1]:\n[2]：\n[-3]术语：x\n[1a]b",
		"正文[5][5][5][5]\n名词解释\n[5]“7+18+N”现代产业体系\n[5]重复：x",
		"正文[7]，没有注释。",
	};
	tbuf_t b = { 0 };
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		check(cases[i], strlen(cases[i]));
	tb_str(&b, "正文[1]。\n名词解释\n");
	for (int i = 0; i < 40000; i++) { /* every label twice */
		char note[64];
		snprintf(note, sizeof note, "[%d]术语%d：定义\n", i % 20000 + 1, i);
		tb_str(&b, note);
	}
	check(b.p, b.n);
	mem_free(b.p);
}

/* Every allocation of the pipeline failing in turn: ERR_NOMEM with a message, no leak
 * (LeakSanitizer in the sanitizer build), until the run succeeds. */
static void test_alloc_failures(void **state)
{
	static const char *const docs[] = {
		"一、总体要求\n（一）目标\n1.生产总值增长7%左右，市发改委牵头，涞水县配合[1]。\n"
		"强化对接承接。总投资128亿元的中国电科涞水产业园开工。\n名词解释\n"
		"[1]“7+18+N”现代产业体系:指……\n",
		"一、總體要求\n生產總值增長7%左右，市發改委牽頭。\n",
	};
	(void)state;

	for (size_t k = 0; k < sizeof docs / sizeof *docs; k++) {
		long fail;
		for (fail = 0; fail < 10000; fail++) {
			draft_t *d = NULL;
			err_t e;
			int rc;
			err_clear(&e);
			mem_fail_after(fail);
			rc = extract_run(docs[k], strlen(docs[k]), NULL, &d, &e);
			mem_fail_after(-1);
			if (rc == 0) {
				draft_free(d);
				break;
			}
			if (rc != ERR_NOMEM)
				fail_msg("allocation %ld failing gave %d: %s", fail, rc, e.msg);
			assert_true(strlen(e.msg) > 0);
			assert_null(d);
		}
		assert_true(fail < 10000);
	}
}

static void test_over_limit(void **state)
{
	extract_opts_t o = { .max_bytes = 1024 };
	char p[2048];
	(void)state;

	memset(p, 'a', sizeof p);
	assert_int_equal(check_opts(p, sizeof p, &o), ERR_LIMIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),           cmocka_unit_test(test_binary),
		cmocka_unit_test(test_nul_bytes),       cmocka_unit_test(test_truncated_utf8),
		cmocka_unit_test(test_mixed_encodings), cmocka_unit_test(test_big_line),
		cmocka_unit_test(test_nested_markers),  cmocka_unit_test(test_bad_footnotes),
		cmocka_unit_test(test_alloc_failures),  cmocka_unit_test(test_over_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
