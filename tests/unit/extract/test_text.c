/* test_text.c — text_prepare end to end: document facts, Traditional detection and
 * folding on seed 000, spans that map back to the original bytes of a GB18030 input,
 * display text in the original script and width, errors, a 10 MiB single line, and
 * allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/mem.h"
#include "extract/text.h"
#include "lib/extract_fix.h"

#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static char *convert(const char *to, const char *from, const char *src, size_t n, size_t *out_n)
{
	iconv_t cd = iconv_open(to, from);
	size_t cap = n * 4 + 16, left = cap, inleft = n;
	char *buf = mem_alloc(cap), *out = buf, *in = (char *)src;

	assert_true(cd != (iconv_t)-1);
	assert_non_null(buf);
	assert_true(iconv(cd, &in, &inleft, &out, &left) != (size_t)-1);
	iconv_close(cd);
	*out_n = cap - left;
	buf[*out_n] = '\0';
	return buf;
}

static size_t norm_find(const text_t *t, const char *needle)
{
	const char *p = strstr(t->z, needle);

	assert_non_null(p);
	return (size_t)(p - t->z);
}

static void test_seed_000_traditional(void **state)
{
	size_t n, at, len = strlen("加快建设现代化品质生活之城");
	char *src = xfix_read_seed("000_28d01b229fcb1637.txt", &n);
	draft_t *d = draft_new(0);
	text_t t;
	err_t e;
	draft_span_t sp;
	const char *want = "加快建設現代化品質生活之城";

	(void)state;
	assert_int_equal(text_prepare(d, src, n, NULL, &t, &e), 0);
	assert_true(t.traditional);
	assert_string_equal(d->doc.script, "traditional");
	assert_string_equal(d->doc.encoding, "UTF-8");
	assert_int_equal(d->doc.bytes, n);
	at = norm_find(&t, "加快建设现代化品质生活之城");
	sp = text_span(&t, at, at + len);
	assert_int_equal(sp.end - sp.start, strlen(want));
	assert_memory_equal(src + sp.start, want, strlen(want));
	assert_string_equal(text_display(&t, d->arena, at, at + len, false), want);
	assert_string_equal(text_display(&t, d->arena, at, at + len, true),
			    "加快建设现代化品质生活之城");
	at = norm_find(&t, "9方面28条230余项改革任务");
	assert_string_equal(text_display(&t, d->arena, at, at + strlen("9方面28条230余项"), false),
			    "9方面28條230余項");
	draft_free(d);
	mem_free(src);
}

static void test_seed_001_simplified(void **state)
{
	size_t n;
	char *src = xfix_read_seed("001_7d96d8cb6280a8ca.txt", &n);
	draft_t *d = draft_new(0);
	text_t t;
	err_t e;
	size_t at;
	draft_span_t sp;

	(void)state;
	assert_int_equal(text_prepare(d, src, n, NULL, &t, &e), 0);
	assert_false(t.traditional);
	assert_string_equal(d->doc.script, "simplified");
	assert_int_equal(d->doc.ndropped, 0);
	/* a span across a re-joined hard wrap covers both input lines */
	at = norm_find(&t, "统筹有序推进");
	sp = text_span(&t, at, at + strlen("统筹有序推进"));
	assert_memory_equal(src + sp.start, "统筹\n\n有序推进", strlen("统筹\n\n有序推进"));
	assert_int_equal(sp.end - sp.start, strlen("统筹\n\n有序推进"));
	assert_string_equal(text_display(&t, d->arena, at, at + strlen("统筹有序推进"), false),
			    "统筹有序推进");
	draft_free(d);
	mem_free(src);
}

static const char gb_text[] =
	"　　一、回顾过去一年\r\n　　全市生产总值完成３８８０．３亿元，增长3.8%；新开工重点项目\r\n"
	"626个，完成投资1234.3亿元。\r\n— 2 —\r\n　　二、今年的目标\r\n";

static void test_gb18030_spans(void **state)
{
	size_t n, at;
	char *src = convert("GB18030", "UTF-8", gb_text, strlen(gb_text), &n);
	draft_t *d = draft_new(0);
	text_t t;
	err_t e;
	const char *words[] = { "生产总值", "3880.3亿元", "重点项目626个", "二、今年的目标" };
	const char *orig[] = { "生产总值", "３８８０．３亿元", "重点项目\r\n626个",
			       "二、今年的目标" };

	(void)state;
	assert_int_equal(text_prepare(d, src, n, NULL, &t, &e), 0);
	assert_string_equal(d->doc.encoding, "GB18030");
	assert_string_equal(t.z, "一、回顾过去一年\n全市生产总值完成3880.3亿元,增长3.8%;新开工重点"
				 "项目626个,完成投资1234.3亿元。\n二、今年的目标");
	assert_int_equal(d->doc.ndropped, 1);
	assert_int_equal(d->doc.dropped[0].first_line, 4);
	for (int i = 0; i < 4; i++) {
		draft_span_t sp;
		size_t un;
		char *u;
		at = norm_find(&t, words[i]);
		sp = text_span(&t, at, at + strlen(words[i]));
		u = convert("UTF-8", "GB18030", src + sp.start, sp.end - sp.start, &un);
		assert_string_equal(u, orig[i]);
		mem_free(u);
	}
	at = norm_find(&t, "3880.3");
	assert_string_equal(text_display(&t, d->arena, at, at + 6, false), "３８８０．３");
	/* an empty span is a point */
	assert_int_equal(text_span(&t, at, at).start, text_span(&t, at, at).end);
	draft_free(d);
	mem_free(src);
}

static void test_seed_invariants(void **state)
{
	const char *names[] = { "000_28d01b229fcb1637.txt", "001_7d96d8cb6280a8ca.txt",
				"002_c7f7bf300aa76a8f.txt", "003_c30ca89cbd3d2160.txt",
				"004_6851ad60e8c7365d.txt" };

	(void)state;
	for (int s = 0; s < 5; s++) {
		size_t n;
		char *src = xfix_read_seed(names[s], &n);
		draft_t *d = draft_new(0);
		text_t t;
		err_t e;
		assert_int_equal(text_prepare(d, src, n, NULL, &t, &e), 0);
		assert_int_equal(strlen(t.z), t.n);
		assert_null(memchr(t.z, '\r', t.n));
		assert_null(strstr(t.z, "\n\n"));
		assert_int_equal(text_norm_to_dec(&t, t.n), t.dn);
		assert_int_equal(text_dec_to_orig(&t, t.dn), n);
		for (size_t i = 1; i < t.n; i++)
			assert_true(text_norm_to_dec(&t, i) >= text_norm_to_dec(&t, i - 1));
		for (size_t i = 0; i < t.n; i += 97) {
			draft_span_t sp = text_span(&t, i, i + 1);
			assert_true(sp.start <= sp.end && sp.end <= n);
		}
		assert_non_null(text_display(&t, d->arena, 0, t.n, false));
		draft_free(d);
		mem_free(src);
	}
}

static void test_errors(void **state)
{
	draft_t *d = draft_new(0);
	text_t t;
	err_t e;
	text_opts_t o = { 16 };

	(void)state;
	assert_int_equal(text_prepare(d, "", 0, NULL, &t, &e), ERR_INVALID);
	assert_string_equal(e.msg, "empty document");
	assert_int_equal(text_prepare(d, " \r\n\t\n", 5, NULL, &t, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "no text"));
	assert_int_equal(text_prepare(d, "生产总值增长百分之七", 30, &o, &t, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "16"));
	assert_int_equal(text_prepare(d, "abc\0def", 7, NULL, &t, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "offset 3"));
	draft_free(d);
}

static void test_big_single_line(void **state)
{
	const char unit[] = "经济社会发展稳中有进，";
	size_t ul = strlen(unit), n = (size_t)10 << 20, i;
	char *src = mem_alloc(n);
	draft_t *d = draft_new(0);
	text_t t;
	err_t e;

	(void)state;
	assert_non_null(src);
	for (i = 0; i + ul <= n; i += ul)
		memcpy(src + i, unit, ul);
	memset(src + i, 'x', n - i);
	assert_int_equal(text_prepare(d, src, n, NULL, &t, &e), 0);
	assert_int_equal(t.n, n - (i / ul) * 2); /* ， became , */
	assert_null(memchr(t.z, '\n', t.n));
	assert_int_equal(text_span(&t, t.n - 1, t.n).end, n);
	assert_int_equal(text_norm_to_dec(&t, t.n), n);
	assert_int_equal(text_dec_to_orig(&t, t.dn), n);
	draft_free(d);
	mem_free(src);
}

typedef struct job {
	const char *src;
	size_t n;
	int rc;
	char head[64];
} job_t;

static void *job_run(void *arg)
{
	job_t *j = arg;
	draft_t *d = draft_new(0);
	text_t t;
	err_t e;

	j->rc = d ? text_prepare(d, j->src, j->n, NULL, &t, &e) : ERR_NOMEM;
	if (j->rc == 0)
		snprintf(j->head, sizeof j->head, "%.39s", t.z);
	draft_free(d);
	return NULL;
}

static void test_threads(void **state)
{
	/* the first use of OpenCC and of the tables from several threads at once */
	size_t n;
	char *src = xfix_read_seed("000_28d01b229fcb1637.txt", &n);
	pthread_t th[4];
	job_t jobs[4];

	(void)state;
	for (int i = 0; i < 4; i++) {
		jobs[i] = (job_t){ src, n, -1, "" };
		assert_int_equal(pthread_create(&th[i], NULL, job_run, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(jobs[i].rc, 0);
		assert_string_equal(jobs[i].head, "加快建设现代化品质生活之城");
	}
	mem_free(src);
}

static void nomem_run(const char *src, size_t n)
{
	int ok = 0;

	for (long k = 0; k < 200 && !ok; k++) {
		draft_t *d;
		text_t t;
		err_t e;
		int rc;
		mem_fail_after(k);
		d = draft_new(0);
		if (!d) {
			mem_fail_after(-1);
			continue;
		}
		rc = text_prepare(d, src, n, NULL, &t, &e);
		mem_fail_after(-1);
		assert_true(rc == 0 || rc == ERR_NOMEM);
		ok = rc == 0;
		draft_free(d);
	}
	assert_true(ok);
}

static void test_nomem(void **state)
{
	size_t n, gn;
	char *src = xfix_read_seed("000_28d01b229fcb1637.txt", &n);
	char *gb = convert("GB18030", "UTF-8", gb_text, strlen(gb_text), &gn);

	(void)state;
	nomem_run(src, n);
	nomem_run(gb, gn);
	mem_free(src);
	mem_free(gb);
	src = xfix_read_seed("002_c7f7bf300aa76a8f.txt", &n);
	nomem_run(src, n);
	mem_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_seed_000_traditional),
		cmocka_unit_test(test_seed_001_simplified),
		cmocka_unit_test(test_gb18030_spans),
		cmocka_unit_test(test_seed_invariants),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_big_single_line),
		cmocka_unit_test(test_nomem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
