/* test_outline.c — outline_parse: every marker family, nesting, titles, the title block,
 * interview turns, lead phrases against ordinary sentences, bare heading lines, spans and
 * norm ranges, and pathological input (deep nesting, a 10 MiB line). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/mem.h"
#include "extract/outline.h"
#include "extract/text.h"

#include <stdlib.h>
#include <string.h>

typedef struct parsed {
	draft_t *d;
	text_t t;
} parsed_t;

static parsed_t parse_opts(const char *src, size_t n, bool simplified)
{
	parsed_t p = { 0 };
	extract_opts_t o = { .simplified = simplified };
	text_opts_t to = { 0 };
	err_t e;

	p.d = draft_new(0);
	assert_non_null(p.d);
	assert_int_equal(text_prepare(p.d, src, n, &to, &p.t, &e), 0);
	assert_int_equal(outline_parse(p.d, &p.t, &o, &e), 0);
	return p;
}

static parsed_t parse(const char *src)
{
	return parse_opts(src, strlen(src), false);
}

static void expect_node(const parsed_t *p, size_t i, int level, const char *label,
			const char *title)
{
	assert_true(i < p->d->nodes.n);
	assert_int_equal(p->d->nodes.v[i].level, level);
	assert_string_equal(p->d->nodes.v[i].label, label);
	assert_string_equal(p->d->nodes.v[i].title, title);
	assert_int_equal(p->d->nodes.v[i].id, (int)i + 1);
}

static void test_families_nest(void **state)
{
	(void)state;
	parsed_t p = parse("正文开始,说明情况。\n"
			   "一、总体要求\n"
			   "(一)发展目标。到年底,完成任务。\n"
			   "1.稳增长。保持增长,推进工作。\n"
			   "(1)扩投资。扩大投资,推进项目。\n"
			   "(2)促消费\n"
			   "2、保就业。\n"
			   "(二)重点任务\n"
			   "二、保障措施\n");
	assert_int_equal(p.d->nodes.n, 8);
	expect_node(&p, 0, 1, "一、", "总体要求");
	expect_node(&p, 1, 2, "(一)", "发展目标");
	expect_node(&p, 2, 3, "1.", "稳增长");
	expect_node(&p, 3, 4, "(1)", "扩投资");
	expect_node(&p, 4, 4, "(2)", "促消费");
	expect_node(&p, 5, 3, "2、", "保就业");
	expect_node(&p, 6, 2, "(二)", "重点任务");
	expect_node(&p, 7, 1, "二、", "保障措施");
	assert_int_equal(p.d->nodes.v[0].parent, 0);
	assert_int_equal(p.d->nodes.v[3].parent, 3);
	assert_int_equal(p.d->nodes.v[5].parent, 2);
	assert_int_equal(p.d->nodes.v[7].parent, 0);
	draft_free(p.d);
}

static void test_fullwidth_label_as_written(void **state)
{
	(void)state;
	const char *src =
		"正文开始，说明情况。\n（一）加力推进协同发展，让一体化更加紧密。坚决落实，推进。\n"
		"（２）细化任务。落实，推进。\n";
	parsed_t p = parse(src);
	const draft_node_t *n;

	assert_int_equal(p.d->nodes.n, 2);
	expect_node(&p, 0, 1, "（一）", "加力推进协同发展，让一体化更加紧密");
	expect_node(&p, 1, 2, "（２）", "细化任务");
	n = &p.d->nodes.v[0];
	assert_true(n->span.end <= strlen(src));
	assert_memory_equal(src + n->span.start, "（一）加力推进协同发展",
			    strlen("（一）加力推进协同发展"));
	assert_int_equal(n->span.end - n->span.start,
			 strlen("（一）加力推进协同发展，让一体化更加紧密"));
	assert_int_equal(n->norm_end, p.d->nodes.v[1].norm_start);
	assert_int_equal(p.d->nodes.v[1].norm_end, p.t.n);
	draft_free(p.d);
}

static void test_decimal_is_not_a_label(void **state)
{
	(void)state;
	parsed_t p = parse("正文开始,说明情况。\n3.8%的增长来之不易,继续努力。\n");
	assert_int_equal(p.d->nodes.n, 0);
	draft_free(p.d);
}

static void test_markdown(void **state)
{
	(void)state;
	parsed_t p = parse("正文开始,说明情况。\n# 总体\n## 甲 乙\n正文,内容。\n### 细目\n"
			   "## 丙\n# 其他\n#不是标题,内容。\n");
	assert_int_equal(p.d->nodes.n, 5);
	expect_node(&p, 0, 1, "#", "总体");
	expect_node(&p, 1, 2, "##", "甲 乙");
	expect_node(&p, 2, 3, "###", "细目");
	expect_node(&p, 3, 2, "##", "丙");
	expect_node(&p, 4, 1, "#", "其他");
	draft_free(p.d);
}

static void test_inline_enumerations(void **state)
{
	(void)state;
	parsed_t p = parse(
		"一、重点工作\n我们将抓好三件事,第一,抓项目建设,多开工。一是建园区。二是引企业,"
		"强服务。全省第一,增速最快。统一是前提。\n"
		"第二,优化环境。一是减审批。\n"
		"第三,强化保障。四是不算。\n");
	assert_int_equal(p.d->nodes.n, 7);
	expect_node(&p, 0, 1, "一、", "重点工作");
	expect_node(&p, 1, 2, "第一", "抓项目建设");
	expect_node(&p, 2, 3, "一是", "建园区");
	expect_node(&p, 3, 3, "二是", "引企业");
	expect_node(&p, 4, 2, "第二", "优化环境");
	expect_node(&p, 5, 3, "一是", "减审批");
	expect_node(&p, 6, 2, "第三", "强化保障");
	assert_int_equal(p.d->nodes.v[2].parent, 2);
	assert_int_equal(p.d->nodes.v[5].parent, 5);
	draft_free(p.d);
}

static void test_inline_new_paragraph_restarts(void **state)
{
	(void)state;
	/* a list in a later paragraph is not a child of an earlier paragraph's list */
	parsed_t p = parse("正文开始,说明情况。\n具体是,一是甲工作。二是乙工作。\n"
			   "重点在三方面,第一,丙。第二,丁。\n二是不延续。\n");
	assert_int_equal(p.d->nodes.n, 4);
	expect_node(&p, 0, 1, "一是", "甲工作");
	expect_node(&p, 1, 1, "二是", "乙工作");
	expect_node(&p, 2, 1, "第一", "丙");
	expect_node(&p, 3, 1, "第二", "丁");
	draft_free(p.d);
}

static void test_title_block(void **state)
{
	(void)state;
	parsed_t p = parse("关于加快发展的实施意见\n——访市委书记张三\n本报记者 李四\n"
			   "当前,发展形势良好。\n一、总体要求\n");
	assert_non_null(p.d->doc.title);
	assert_string_equal(p.d->doc.title, "关于加快发展的实施意见");
	assert_int_equal(p.d->nodes.n, 1);
	expect_node(&p, 0, 1, "一、", "总体要求");
	draft_free(p.d);
}

static void test_title_block_markdown_headline(void **state)
{
	(void)state;
	parsed_t p = parse("全会引发热烈反响\n\n# 改革攻坚 锐意创新\n\n本报讯,全会召开。\n## "
			   "小节\n正文,内容。\n");
	assert_string_equal(p.d->doc.title, "改革攻坚 锐意创新");
	assert_int_equal(p.d->nodes.n, 1);
	expect_node(&p, 0, 1, "##", "小节");
	draft_free(p.d);
}

static void test_no_title_block(void **state)
{
	(void)state;
	parsed_t p = parse("2014年2月,召开座谈会。由此,上升为国家战略。\n在承接疏解上下功夫\n"
			   "牢牢把握这个“牛鼻子”,积极做好承接文章。\n");
	assert_null(p.d->doc.title);
	assert_int_equal(p.d->nodes.n, 1);
	expect_node(&p, 0, 1, "", "在承接疏解上下功夫");
	draft_free(p.d);
}

static void test_interview(void **state)
{
	(void)state;
	parsed_t p = parse("以最佳状态推动发展\n——访市委书记\n记者:请谈谈思路。一是什么?二是什么?\n"
			   "张三:好的。我们有三点。一是积极承接。二是搭建平台,做好服务。\n"
			   "记者:进展如何?\n张三:是的。目前进展顺利,成效明显。\n");
	assert_int_equal(p.d->nodes.n, 2);
	expect_node(&p, 0, 1, "一是", "积极承接");
	expect_node(&p, 1, 1, "二是", "搭建平台");
	draft_free(p.d);
}

static void test_lead_phrase(void **state)
{
	(void)state;
	parsed_t p = parse("一、主要工作\n(一)协同发展。坚决落实,推进工作。\n"
			   "强化对接承接。紧紧扭住,推进工作。\n"
			   "擦亮招商引资“金名片”。继续办好论坛,推进工作。\n"
			   "今年以来,我们做了大量工作。内容,更多。\n"
			   "这是一个很长很长很长很长很长很长的句子没有逗号。后面,还有。\n"
			   "保定创新中心。记者 张昊 摄\n"
			   "织密路网。\n"
			   "一是做强平台。实施行动,推动流动。\n");
	assert_int_equal(p.d->nodes.n, 5);
	expect_node(&p, 2, 3, "", "强化对接承接");
	expect_node(&p, 3, 3, "", "擦亮招商引资“金名片”");
	expect_node(&p, 4, 4, "一是", "做强平台");
	draft_free(p.d);
}

static void test_bare_heading(void **state)
{
	(void)state;
	parsed_t p =
		parse("正文开始,说明情况。\n在承接疏解上下功夫\n一是抓项目。二是优环境,强服务。\n"
		      "在协同发展上下功夫\n一是抓对接。\n客服中心\n关闭\n正文,内容。\n"
		      "记者 张三");
	assert_int_equal(p.d->nodes.n, 5);
	expect_node(&p, 0, 1, "", "在承接疏解上下功夫");
	expect_node(&p, 1, 2, "一是", "抓项目");
	expect_node(&p, 2, 2, "二是", "优环境");
	expect_node(&p, 3, 1, "", "在协同发展上下功夫");
	expect_node(&p, 4, 2, "一是", "抓对接");
	draft_free(p.d);
}

static void test_bare_heading_after_lead_phrase(void **state)
{
	(void)state;
	parsed_t p = parse("正文开始,说明情况。\n一、主要工作\n强化对接。紧紧扭住,推进工作。\n"
			   "在协同发展上下功夫\n织密路网。实施行动,推进工作。\n");
	assert_int_equal(p.d->nodes.n, 4);
	expect_node(&p, 0, 1, "一、", "主要工作");
	expect_node(&p, 1, 2, "", "强化对接");
	expect_node(&p, 2, 2, "", "在协同发展上下功夫");
	expect_node(&p, 3, 3, "", "织密路网");
	draft_free(p.d);
}

static void test_glossary_heading_top_level(void **state)
{
	(void)state;
	parsed_t p = parse(
		"正文开始,说明情况。\n一、工作\n(一)任务。推进,落实。\n强化对接。推进,落实[1]。\n"
		"名词解释\n[1]“1+11+1”政策体系:稳经济政策。\n[2]术语:定义。\n");
	assert_int_equal(p.d->nodes.n, 4);
	expect_node(&p, 2, 3, "", "强化对接");
	expect_node(&p, 3, 1, "", "名词解释");
	draft_free(p.d);
}

static void test_title_ends(void **state)
{
	(void)state;
	parsed_t p = parse("正文开始,说明情况。\n一、回顾工作——经济稳中有进,"
			   "信心提振刚刚过去的一年。我们同心同行。\n"
			   "二、任务;其余\n三、 带空格的标题 \n");
	expect_node(&p, 0, 1, "一、", "回顾工作——经济稳中有进,信心提振刚刚过去的一年");
	expect_node(&p, 1, 1, "二、", "任务");
	expect_node(&p, 2, 1, "三、", "带空格的标题");
	draft_free(p.d);
}

static void test_simplified_titles(void **state)
{
	(void)state;
	const char *src = "標題\n正文開始,說明情況。\n一是健全服務保障機制,在規劃上求突破。\n";
	parsed_t p = parse_opts(src, strlen(src), true);

	assert_int_equal(p.d->nodes.n, 1);
	assert_string_equal(p.d->nodes.v[0].label, "一是");
	if (p.t.traditional)
		assert_string_equal(p.d->nodes.v[0].title, "健全服务保障机制");
	draft_free(p.d);
	p = parse_opts(src, strlen(src), false);
	assert_string_equal(p.d->nodes.v[0].title, "健全服務保障機制");
	draft_free(p.d);
}

static void test_empty_and_tiny(void **state)
{
	(void)state;
	parsed_t p = parse("一");
	assert_int_equal(p.d->nodes.n, 0);
	draft_free(p.d);
	p = parse("正文,内容。\n一、");
	assert_int_equal(p.d->nodes.n, 1);
	expect_node(&p, 0, 1, "一、", "");
	draft_free(p.d);
}

static void test_many_nested_markers(void **state)
{
	(void)state;
	static const char *marks[] = { "# ",   "## ",  "### ", "#### ", "##### ",       "###### ",
				       "一、", "(一)", "1.",   "(1)",   "甲乙。丙,丁。" };
	size_t n = 0, cap = (size_t)100000 * 24;
	char *src = malloc(cap);
	parsed_t p;

	assert_non_null(src);
	n += (size_t)sprintf(src, "正文开始,说明情况。\n");
	for (int i = 0; i < 100000; i++)
		n += (size_t)sprintf(src + n, "%sx\n", marks[i % 11]);
	p = parse_opts(src, n, false);
	assert_int_equal(p.d->nodes.n, 100000);
	for (size_t i = 0; i < p.d->nodes.n; i++)
		assert_true(p.d->nodes.v[i].level >= 1 &&
			    p.d->nodes.v[i].level <= OUTLINE_MAX_DEPTH);
	draft_free(p.d);
	free(src);
}

static void test_huge_line(void **state)
{
	(void)state;
	size_t n = (size_t)10 << 20, i = 0;
	char *src = malloc(n + 1);
	parsed_t p;

	assert_non_null(src);
	/* one 10 MiB line: "一是" and 997 ideographs, then "。", over and over */
	while (i + 6 <= n) {
		const char *c = (i / 3) % 1000 == 0 ? "一" : "工";
		if ((i / 3) % 1000 == 1)
			c = "是";
		else if ((i / 3) % 1000 == 999)
			c = "。";
		memcpy(src + i, c, 3);
		i += 3;
	}
	memset(src + i, ' ', n - i);
	p = parse_opts(src, n, false);
	assert_true(p.d->nodes.n > 1000);
	for (size_t k = 0; k < p.d->nodes.n; k++)
		assert_true(strlen(p.d->nodes.v[k].title) <= 600);
	draft_free(p.d);
	free(src);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	const char *src = "标题\n正文,内容。\n一、甲\n(一)乙。内容,更多。\n一是丙。二是丁。\n";
	int ok = 0;

	for (long k = 0; k < 400 && !ok; k++) {
		draft_t *d = draft_new(0);
		text_t t;
		text_opts_t to = { 0 };
		extract_opts_t o = { 0 };
		err_t e;
		int rc;

		if (!d)
			continue;
		if (text_prepare(d, src, strlen(src), &to, &t, &e) != 0) {
			draft_free(d);
			continue;
		}
		mem_fail_after(k);
		rc = outline_parse(d, &t, &o, &e);
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
		cmocka_unit_test(test_families_nest),
		cmocka_unit_test(test_fullwidth_label_as_written),
		cmocka_unit_test(test_decimal_is_not_a_label),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_inline_enumerations),
		cmocka_unit_test(test_inline_new_paragraph_restarts),
		cmocka_unit_test(test_title_block),
		cmocka_unit_test(test_title_block_markdown_headline),
		cmocka_unit_test(test_no_title_block),
		cmocka_unit_test(test_interview),
		cmocka_unit_test(test_lead_phrase),
		cmocka_unit_test(test_bare_heading),
		cmocka_unit_test(test_bare_heading_after_lead_phrase),
		cmocka_unit_test(test_glossary_heading_top_level),
		cmocka_unit_test(test_title_ends),
		cmocka_unit_test(test_simplified_titles),
		cmocka_unit_test(test_empty_and_tiny),
		cmocka_unit_test(test_many_nested_markers),
		cmocka_unit_test(test_huge_line),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
