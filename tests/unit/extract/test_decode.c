/* test_decode.c — decode_text: every supported encoding (inputs built with iconv from
 * UTF-8), byte order marks, the exact byte map back to the input, and every error:
 * empty, binary, truncated, mixed, undecidable, over the limit, out of memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "extract/decode.h"

#include <iconv.h>
#include <stdio.h>
#include <string.h>

static const char sample_s[] =
	"政府工作报告：过去一年，全市生产总值增长3.8%，新开工重点项目626个，完成投资1234.3亿元。"
	"今年的主要预期目标是：生产总值增长7%左右，一般公共预算收入增长6%以上。\n"
	"一、推动经济运行整体好转\n（一）扩大有效投资。坚持项目为王，全年实施重点项目500个以上。\n";
static const char sample_t[] =
	"黨的二十屆三中全會緊緊圍繞推進中國式現代化這個主題，擘畫了進一步全面深化改革戰略舉措。"
	"保定市委十二屆七次全會審議通過了進一步全面深化改革的《實施意見》，部署了9方面28條230餘項改"
	"革任務。\n";

/* src in UTF-8 converted to enc; caller frees with mem_free. */
static char *to_enc(const char *enc, const char *src, size_t n, size_t *out_n)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	size_t cap = n * 4 + 16, left = cap;
	char *buf = mem_alloc(cap), *out = buf, *in = (char *)src;
	size_t inleft = n;

	assert_true(cd != (iconv_t)-1);
	assert_non_null(buf);
	assert_true(iconv(cd, &in, &inleft, &out, &left) != (size_t)-1);
	iconv_close(cd);
	*out_n = cap - left;
	return buf;
}

/* Converts orig[s..e) of encoding enc back to UTF-8 and compares with want[0..wn). */
static void assert_slice(const char *enc, const char *orig, size_t s, size_t e, const char *want,
			 size_t wn)
{
	iconv_t cd = iconv_open("UTF-8", enc);
	char buf[64], *out = buf, *in = (char *)orig + s;
	size_t left = sizeof buf, inleft = e - s;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &inleft, &out, &left) != (size_t)-1);
	iconv_close(cd);
	assert_int_equal((size_t)(out - buf), wn);
	assert_memory_equal(buf, want, wn);
}

/* Every decoded character maps to the input bytes that encode it. */
static void assert_map_exact(const char *enc, const char *orig, size_t on, const decode_out_t *d)
{
	size_t j = 0;

	assert_int_equal(decode_orig_at(d, d->n), on);
	while (j < d->n) {
		size_t k = utf8_len_at(d->z, d->n, j), end = j + k;
		for (size_t q = j; q < end; q++)
			assert_int_equal(decode_orig_at(d, q), decode_orig_at(d, j));
		assert_slice(enc, orig, decode_orig_at(d, j), decode_orig_at(d, end), d->z + j, k);
		j = end;
	}
}

static void check_encoding(const char *enc, const char *want_name, const char *text)
{
	arena_t *a = arena_new(0, 0);
	size_t n;
	char *data = to_enc(enc, text, strlen(text), &n);
	decode_out_t d;
	err_t e;

	assert_int_equal(decode_text(a, data, n, 0, &d, &e), 0);
	assert_string_equal(d.encoding, want_name);
	assert_int_equal(d.n, strlen(text));
	assert_memory_equal(d.z, text, d.n);
	assert_int_equal(d.z[d.n], '\0');
	assert_map_exact(enc, data, n, &d);
	mem_free(data);
	arena_free(a);
}

static void test_utf8_plain(void **state)
{
	arena_t *a = arena_new(0, 0);
	decode_out_t d;
	err_t e;

	(void)state;
	assert_int_equal(decode_text(a, sample_s, strlen(sample_s), 0, &d, &e), 0);
	assert_string_equal(d.encoding, "UTF-8");
	assert_int_equal(d.n, strlen(sample_s));
	assert_int_equal(decode_orig_at(&d, 0), 0);
	assert_int_equal(decode_orig_at(&d, 1), 0); /* second byte of 政 */
	assert_int_equal(decode_orig_at(&d, 3), 3);
	assert_int_equal(decode_orig_at(&d, d.n), d.n);
	arena_free(a);
}

static void test_utf8_bom(void **state)
{
	arena_t *a = arena_new(0, 0);
	char buf[64] = "\xEF\xBB\xBF";
	decode_out_t d;
	err_t e;

	(void)state;
	strcat(buf, "生产总值");
	assert_int_equal(decode_text(a, buf, strlen(buf), 0, &d, &e), 0);
	assert_string_equal(d.encoding, "UTF-8");
	assert_string_equal(d.z, "生产总值");
	assert_int_equal(decode_orig_at(&d, 0), 3);
	assert_int_equal(decode_orig_at(&d, 3), 6);
	assert_int_equal(decode_orig_at(&d, d.n), strlen(buf));
	/* a BOM and then bad UTF-8: an error at the offset, not a guess */
	buf[6] = '\xFF';
	assert_int_equal(decode_text(a, buf, strlen(buf), 0, &d, &e), ERR_INVALID);
	assert_int_equal(e.offset, 6);
	assert_non_null(strstr(e.msg, "offset 6"));
	arena_free(a);
}

static void test_gb18030(void **state)
{
	(void)state;
	check_encoding("GB18030", "GB18030", sample_s);
	/* GBK bytes are GB18030 */
	check_encoding("GBK", "GB18030", sample_s);
}

static void test_gb18030_four_byte(void **state)
{
	/* é and ① are four-byte sequences in GB18030 */
	char text[sizeof sample_s + 64];

	(void)state;
	snprintf(text, sizeof text, "%s café ①", sample_s);
	check_encoding("GB18030", "GB18030", text);
}

static void test_big5(void **state)
{
	(void)state;
	check_encoding("BIG5", "BIG5", sample_t);
}

static void test_big5_hkscs(void **state)
{
	char text[sizeof sample_t + 64];

	(void)state;
	/* 嘅 and 啲 are in HKSCS, not in plain Big5 */
	snprintf(text, sizeof text, "%s佢哋嘅改革啲任務。", sample_t);
	check_encoding("BIG5-HKSCS", "BIG5-HKSCS", text);
}

static void check_utf16(const char *enc, const char *name, const char *bom)
{
	arena_t *a = arena_new(0, 0);
	size_t n;
	char *body = to_enc(enc, sample_s, strlen(sample_s), &n);
	char *data = mem_alloc(n + 2);
	decode_out_t d;
	err_t e;

	memcpy(data, bom, 2);
	memcpy(data + 2, body, n);
	assert_int_equal(decode_text(a, data, n + 2, 0, &d, &e), 0);
	assert_string_equal(d.encoding, name);
	assert_string_equal(d.z, sample_s);
	assert_int_equal(decode_orig_at(&d, 0), 2);
	assert_map_exact(enc, data, n + 2, &d);
	/* odd length: truncated code unit at the end */
	assert_int_equal(decode_text(a, data, n + 1, 0, &d, &e), ERR_INVALID);
	assert_int_equal(e.offset, (long long)n);
	mem_free(body);
	mem_free(data);
	arena_free(a);
}

static void test_utf16(void **state)
{
	(void)state;
	check_utf16("UTF-16LE", "UTF-16LE", "\xFF\xFE");
	check_utf16("UTF-16BE", "UTF-16BE", "\xFE\xFF");
}

static void test_utf16_surrogates(void **state)
{
	arena_t *a = arena_new(0, 0);
	/* U+20000 as a pair, then a lone low surrogate at offset 6 */
	const char ok[] = "\xFF\xFE\x40\xD8\x00\xDC", bad[] = "\xFF\xFE\x41\x00\x42\x00\x00\xDC";
	decode_out_t d;
	err_t e;

	(void)state;
	assert_int_equal(decode_text(a, ok, sizeof ok - 1, 0, &d, &e), 0);
	assert_string_equal(d.z, "\xF0\xA0\x80\x80");
	assert_int_equal(decode_text(a, bad, sizeof bad - 1, 0, &d, &e), ERR_INVALID);
	assert_int_equal(e.offset, 6);
	assert_non_null(strstr(e.msg, "surrogate"));
	arena_free(a);
}

static void test_empty(void **state)
{
	arena_t *a = arena_new(0, 0);
	decode_out_t d;
	err_t e;

	(void)state;
	assert_int_equal(decode_text(a, "", 0, 0, &d, &e), ERR_INVALID);
	assert_string_equal(e.msg, "empty document");
	arena_free(a);
}

static void test_binary(void **state)
{
	arena_t *a = arena_new(0, 0);
	const char nul[] = "生产总值\0abc", ctl[] = "abc\x01"
						    "def";
	decode_out_t d;
	err_t e;

	(void)state;
	assert_int_equal(decode_text(a, nul, sizeof nul - 1, 0, &d, &e), ERR_INVALID);
	assert_int_equal(e.offset, 12);
	assert_non_null(strstr(e.msg, "NUL byte at byte offset 12"));
	assert_int_equal(decode_text(a, ctl, sizeof ctl - 1, 0, &d, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "0x01 at byte offset 3"));
	arena_free(a);
}

static void test_truncated(void **state)
{
	arena_t *a = arena_new(0, 0);
	size_t n;
	char *gb = to_enc("GB18030", sample_s, strlen(sample_s), &n);
	const char u8[] = "生产总值增长\xE4\xB8";
	decode_out_t d;
	err_t e;

	(void)state;
	/* a GB18030 document cut inside its last character (drop the final "\n" and one
	 * byte of the full stop before it) */
	assert_int_equal(decode_text(a, gb, n - 2, 0, &d, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "offset"));
	assert_true(e.offset >= 0);
	/* UTF-8 cut inside a character */
	assert_int_equal(decode_text(a, u8, sizeof u8 - 1, 0, &d, &e), ERR_INVALID);
	assert_int_equal(e.offset, 18);
	assert_non_null(strstr(e.msg, "offset 18"));
	mem_free(gb);
	arena_free(a);
}

static void test_mixed(void **state)
{
	arena_t *a = arena_new(0, 0);
	size_t n;
	char *gb = to_enc("GB18030", "生产总值增长", strlen("生产总值增长"), &n);
	char buf[256];
	size_t u;
	decode_out_t d;
	err_t e;

	(void)state;
	memcpy(buf, sample_s, 60);
	memcpy(buf + 60, gb, n);
	u = 60 + n;
	/* 60 bytes of UTF-8 (20 characters) then GB18030 */
	assert_int_equal(decode_text(a, buf, u, 0, &d, &e), ERR_INVALID);
	assert_int_equal(e.offset, 60);
	assert_non_null(strstr(e.msg, "offset 60"));
	mem_free(gb);
	arena_free(a);
}

static void test_undecidable(void **state)
{
	arena_t *a = arena_new(0, 0);
	/* Latin-1 French: valid GB18030 bytes, but not Chinese */
	const char latin1[] = "Le d\xE9veloppement \xE9"
			      "conomique de la r\xE9gion \xE9tait "
			      "tr\xE8s \xE9lev\xE9 cette ann\xE9"
			      "e l\xE0.";
	decode_out_t d;
	err_t e;

	(void)state;
	assert_int_equal(decode_text(a, latin1, sizeof latin1 - 1, 0, &d, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "offset 4"));
	arena_free(a);
}

static void test_limit(void **state)
{
	arena_t *a = arena_new(0, 0);
	decode_out_t d;
	err_t e;

	(void)state;
	assert_int_equal(decode_text(a, sample_s, strlen(sample_s), 100, &d, &e), ERR_LIMIT);
	assert_non_null(strstr(e.msg, "limit is 100 bytes"));
	assert_int_equal(decode_text(a, sample_s, 100, 100, &d, &e), 0);
	arena_free(a);
}

static void test_plausibility(void **state)
{
	arena_t *a = arena_new(0, 0);
	size_t n;
	char *gb = to_enc("GB18030", sample_s, strlen(sample_s), &n);
	iconv_t cd = iconv_open("UTF-8", "BIG5");
	char buf[1024], *in = gb, *out = buf;
	size_t inleft = n, left = sizeof buf;

	(void)state;
	assert_true(decode_plausibility(sample_s, strlen(sample_s)) > 0.6);
	assert_true(decode_plausibility(sample_t, strlen(sample_t)) > 0.6);
	assert_true(decode_plausibility("abc", 3) < 0);
	/* GB18030 bytes read as Big5 (as far as they go) look implausible */
	iconv(cd, &in, &inleft, &out, &left);
	iconv_close(cd);
	assert_true(decode_plausibility(buf, (size_t)(out - buf)) < 0.3);
	mem_free(gb);
	arena_free(a);
}

static void test_nomem(void **state)
{
	size_t n;
	char *gb = to_enc("GB18030", sample_s, strlen(sample_s), &n);

	(void)state;
	for (long k = 0; k < 50; k++) {
		arena_t *a = arena_new(1024, 0);
		decode_out_t d;
		err_t e;
		int rc;
		if (!a)
			continue;
		mem_fail_after(k);
		rc = decode_text(a, gb, n, 0, &d, &e);
		mem_fail_after(-1);
		assert_true(rc == 0 || rc == ERR_NOMEM);
		if (rc == 0)
			assert_string_equal(d.z, sample_s);
		arena_free(a);
	}
	mem_free(gb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_plain),   cmocka_unit_test(test_utf8_bom),
		cmocka_unit_test(test_gb18030),      cmocka_unit_test(test_gb18030_four_byte),
		cmocka_unit_test(test_big5),         cmocka_unit_test(test_big5_hkscs),
		cmocka_unit_test(test_utf16),        cmocka_unit_test(test_utf16_surrogates),
		cmocka_unit_test(test_empty),        cmocka_unit_test(test_binary),
		cmocka_unit_test(test_truncated),    cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_undecidable),  cmocka_unit_test(test_limit),
		cmocka_unit_test(test_plausibility), cmocka_unit_test(test_nomem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
