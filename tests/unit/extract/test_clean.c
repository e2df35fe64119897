/* test_clean.c — clean_text: HTML to text (tags, block breaks, entities, script and
 * style), width folding, line endings and indentation, page footers, re-joining of
 * hard-wrapped lines, headings kept apart, and page chrome on the seeds 002 and 003. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/mem.h"
#include "extract/clean.h"
#include "lib/extract_fix.h"

#include <stdio.h>
#include <string.h>

typedef struct cleaned {
	arena_t *a;
	clean_out_t c;
} cleaned_t;

static cleaned_t run(const char *src, size_t n)
{
	cleaned_t r;
	err_t e;

	r.a = arena_new(0, 0);
	assert_non_null(r.a);
	assert_int_equal(clean_text(r.a, src, n, &r.c, &e), 0);
	assert_int_equal(r.c.z[r.c.n], '\0');
	assert_int_equal(clean_to_dec(&r.c, r.c.n), n);
	for (size_t i = 0; i < r.c.n; i++)
		assert_true(clean_to_dec(&r.c, i) < n);
	return r;
}

static void test_html(void **state)
{
	const char src[] =
		"<!DOCTYPE html><html><head><title>报告</title><style>p{color:red}</style>"
		"<script>var s = '<p>不要</p>';</script></head><body>"
		"<p>第一段&amp;内容&#x4E2D;&#22269;&ldquo;好&rdquo;</p><!-- 注释 -->"
		"<div>第二<b>段</b>&lt;b&gt;&nbsp;&unknown;</div></body></html>";
	cleaned_t r = run(src, sizeof src - 1);

	(void)state;
	assert_true(r.c.html);
	assert_string_equal(r.c.z, "报告\n第一段&内容中国“好”\n第二段<b> &unknown;");
	/* 中 comes from the entity &#x4E2D; */
	assert_int_equal(clean_to_dec(&r.c, (size_t)(strstr(r.c.z, "中") - r.c.z)),
			 strstr(src, "&#x4E2D;") - src);
	arena_free(r.a);
}

static void test_not_html(void **state)
{
	const char src[] = "指标 a<b 且 c>d &amp; 不是网页";
	cleaned_t r = run(src, sizeof src - 1);

	(void)state;
	assert_false(r.c.html);
	assert_string_equal(r.c.z, src);
	arena_free(r.a);
}

static void test_width_and_lines(void **state)
{
	const char src[] =
		"    ＡＢＣ１２３，　测试。\r\n\r\n\t第二行：１００％\r最后\xE2\x80\x8B行  ";
	cleaned_t r = run(src, sizeof src - 1);

	(void)state;
	assert_string_equal(r.c.z, "ABC123, 测试。\n第二行:100%\n最后行");
	/* 'A' maps to the full-width Ａ after the four spaces */
	assert_int_equal(clean_to_dec(&r.c, (size_t)(0)), 4);
	assert_int_equal(clean_to_dec(&r.c, (size_t)(1)), 7);
	arena_free(r.a);
}

static void test_footer(void **state)
{
	const char src[] =
		"全市上下要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建\n"
		"\n— 12 —\n\n"
		"新发展格局，着力推动高质量发展。\n- 13 -\n第 14 页\n下一段。\n";
	cleaned_t r = run(src, sizeof src - 1);

	(void)state;
	assert_string_equal(r.c.z, "全市上下要坚持稳中求进工作总基调,完整准确全面贯彻新发展理念,"
				   "加快构建新发展格局,着力推动高质量发展。\n下一段。");
	assert_int_equal(r.c.ndropped, 2);
	assert_int_equal(r.c.dropped[0].first_line, 3);
	assert_int_equal(r.c.dropped[0].last_line, 3);
	assert_string_equal(r.c.dropped[0].why, "page footer");
	assert_int_equal(r.c.dropped[1].first_line, 6);
	assert_int_equal(r.c.dropped[1].last_line, 7);
	arena_free(r.a);
}

static void test_rejoin(void **state)
{
	/* as in seed 001: sentences broken across lines, once with a blank line between */
	const char src[] = "# 改革攻坚 锐意创新\n\n"
			   "比如,要坚持体制机制改革和功能性改革并举,统筹\n\n"
			   "有序推进各项改革任务落地;充分发挥国有资本投资运营平台作用。\n\n"
			   "市工信局机关干部一致表示,要围绕加快推进产业转型升级,因地制\n"
			   "宜发展新质生产力等部署要求。\n"
			   "The report was written in English and wrapped in\n"
			   "the middle of a sentence, like this one.\n"
			   "河北日报、河北新闻网记者葛西劝、徐国栋\n"
			   "记者:不久前,保定市委召开了全委会。\n";
	cleaned_t r = run(src, sizeof src - 1);
	const char *j;

	(void)state;
	assert_string_equal(
		r.c.z, "# 改革攻坚 锐意创新\n"
		       "比如,要坚持体制机制改革和功能性改革并举,统筹有序推进各项改革任务落地;"
		       "充分发挥国有资本投资运营平台作用。\n"
		       "市工信局机关干部一致表示,要围绕加快推进产业转型升级,因地制宜发展新质生产"
		       "力等部署要求。\n"
		       "The report was written in English and wrapped in the middle of a "
		       "sentence, like this one.\n"
		       "河北日报、河北新闻网记者葛西劝、徐国栋\n"
		       "记者:不久前,保定市委召开了全委会。");
	/* the joined 有 maps to its own place in the input */
	j = strstr(r.c.z, "统筹有序") + 6;
	assert_int_equal(clean_to_dec(&r.c, (size_t)(j - r.c.z)), strstr(src, "有序推进") - src);
	arena_free(r.a);
}

static void test_headings_kept(void **state)
{
	const char src[] = "一、总体要求\n（一）指导思想\n坚持稳中求进工作总基调，全面贯彻新发展理"
			   "念，加快构建\n"
			   "1. 扩大有效投资\n一是实施重点项目\n[1]“双千工程”：即每年招商\n"
			   "在深化区域产业协作上下功夫\n";
	cleaned_t r = run(src, sizeof src - 1);

	(void)state;
	assert_string_equal(
		r.c.z, "一、总体要求\n(一)指导思想\n坚持稳中求进工作总基调,全面贯彻新发展理念,"
		       "加快构建\n1. 扩大有效投资\n一是实施重点项目\n[1]“双千工程”:即每年招商\n"
		       "在深化区域产业协作上下功夫");
	assert_int_equal(r.c.ndropped, 0);
	arena_free(r.a);
}

static void test_seed_002_chrome(void **state)
{
	size_t n;
	char *src = xfix_read_seed("002_c7f7bf300aa76a8f.txt", &n);
	cleaned_t r = run(src, n);

	(void)state;
	/* the body starts with the report's title; the glossary is kept to its last note */
	assert_memory_equal(r.c.z, "2023年保定市政府工作报告\n",
			    strlen("2023年保定市政府工作报告\n"));
	assert_non_null(strstr(r.c.z, "\n[31]新时代“枫桥经验”"));
	assert_non_null(strstr(r.c.z, "\n[1]"));
	assert_null(strstr(r.c.z, "发表于"));
	assert_null(strstr(r.c.z, "积分"));
	assert_null(strstr(r.c.z, "Powered by"));
	assert_null(strstr(r.c.z, "返回顶部"));
	assert_null(strstr(r.c.z, "立即注册"));
	assert_int_equal(r.c.ndropped, 2);
	assert_int_equal(r.c.dropped[0].first_line, 1);
	assert_int_equal(r.c.dropped[0].last_line, 32);
	assert_string_equal(r.c.dropped[0].why, "page chrome before the body");
	assert_int_equal(r.c.dropped[1].first_line, 152);
	assert_int_equal(r.c.dropped[1].last_line, 168);
	assert_string_equal(r.c.dropped[1].why, "page chrome after the body");
	/* indentation is gone */
	assert_null(strstr(r.c.z, "\n "));
	arena_free(r.a);
	mem_free(src);
}

static void test_seed_003_chrome(void **state)
{
	size_t n;
	char *src = xfix_read_seed("003_c30ca89cbd3d2160.txt", &n);
	cleaned_t r = run(src, n);
	const char *last;

	(void)state;
	assert_memory_equal(r.c.z, "聂瑞平:推动京津保地区率先联动发展\n以最佳状态推动",
			    strlen("聂瑞平:推动京津保地区率先联动发展\n以最佳状态推动"));
	last = strrchr(r.c.z, '\n') + 1;
	assert_memory_equal(last, "“十三五”将是保定发展的关键五年",
			    strlen("“十三五”将是保定发展的关键五年"));
	assert_null(strstr(r.c.z, "分享到"));
	assert_null(strstr(r.c.z, "相關文章"));
	assert_int_equal(r.c.ndropped, 1);
	assert_int_equal(r.c.dropped[0].first_line, 50);
	assert_int_equal(r.c.dropped[0].last_line, 53);
	arena_free(r.a);
	mem_free(src);
}

static void test_html_chrome(void **state)
{
	const char src[] =
		"<html><head><title>保定市人民政府</title></head><body>\n"
		"<div>首页 | 政务公开 | 登录 | 注册</div>\n<div>当前位置：首页 > 新闻</div>\n"
		"<h1>关于印发2024年重点工作任务的通知</h1>\n<p>各县（市、区）人民政府：</p>\n"
		"<p>现将《2024年重点工作任务》印发给你们，请认真贯彻落实，确保全年生产总值增长"
		"6%左右。</p>\n<p>一、扩大有效投资</p>\n"
		"<div>分享到：微信 微博</div>\n<div>版权所有：保定市人民政府 "
		"备案号：冀ICP备12345号</div>\n<div>联系电话：0312-1234567</div></body></html>";
	cleaned_t r = run(src, sizeof src - 1);

	(void)state;
	assert_string_equal(r.c.z, "关于印发2024年重点工作任务的通知\n各县(市、区)人民政府:\n"
				   "现将《2024年重点工作任务》印发给你们,请认真贯彻落实,确保全年"
				   "生产总值增长6%左右。\n一、扩大有效投资");
	assert_int_equal(r.c.ndropped, 2);
	assert_int_equal(r.c.dropped[0].first_line, 1);
	assert_int_equal(r.c.dropped[0].last_line, 3);
	assert_int_equal(r.c.dropped[1].first_line, 8);
	assert_int_equal(r.c.dropped[1].last_line, 10);
	arena_free(r.a);
}

static void test_no_false_chrome(void **state)
{
	/* one navigation word in a title is no page chrome */
	const char src[] = "关于对市政协提案的回复\n\n市政协：\n\n"
			   "你们提出的关于加快发展数字经济的提案收悉，现答复如下。\n"
			   "一、总体情况\n全市数字经济规模达到1200亿元，同比增长12%。\n"
			   "欢迎分享\n";
	cleaned_t r = run(src, sizeof src - 1);

	(void)state;
	assert_int_equal(r.c.ndropped, 0);
	assert_memory_equal(r.c.z, "关于对市政协提案的回复\n", strlen("关于对市政协提案的回复\n"));
	arena_free(r.a);
}

static void test_seeds_without_chrome(void **state)
{
	const char *names[] = { "000_28d01b229fcb1637.txt", "001_7d96d8cb6280a8ca.txt",
				"004_6851ad60e8c7365d.txt" };

	(void)state;
	for (int i = 0; i < 3; i++) {
		size_t n;
		char *src = xfix_read_seed(names[i], &n);
		cleaned_t r = run(src, n);
		assert_int_equal(r.c.ndropped, 0);
		arena_free(r.a);
		mem_free(src);
	}
}

static void test_nomem(void **state)
{
	size_t n;
	char *src = xfix_read_seed("002_c7f7bf300aa76a8f.txt", &n);

	(void)state;
	for (long k = 0; k < 30; k++) {
		arena_t *a = arena_new(1024, 0);
		clean_out_t c;
		err_t e;
		int rc;
		if (!a)
			continue;
		mem_fail_after(k);
		rc = clean_text(a, src, n, &c, &e);
		mem_fail_after(-1);
		assert_true(rc == 0 || rc == ERR_NOMEM);
		arena_free(a);
	}
	mem_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_not_html),
		cmocka_unit_test(test_width_and_lines),
		cmocka_unit_test(test_footer),
		cmocka_unit_test(test_rejoin),
		cmocka_unit_test(test_headings_kept),
		cmocka_unit_test(test_seed_002_chrome),
		cmocka_unit_test(test_seed_003_chrome),
		cmocka_unit_test(test_html_chrome),
		cmocka_unit_test(test_no_false_chrome),
		cmocka_unit_test(test_seeds_without_chrome),
		cmocka_unit_test(test_nomem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
