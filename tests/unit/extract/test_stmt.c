/* test_stmt.c — unit tests of stmt_extract: kind from the clause's own words and from
 * the outline section, indicator and verb, qualifiers (adjacent, clause-wide, shared by
 * a list), deadlines and the plan year, glossary notes skipped, display text and spans,
 * and allocation failure.  The text_t is built by hand (norm = decoded = original,
 * identity maps) so the module is tested without the text layer's rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/mem.h"
#include "extract/stmt.h"
#include "lib/extract_fix.h"

#include <string.h>

/* A fixture whose norm and original text are both s. */
static void stmt_fix_init(xfix_t *f, const char *s, size_t arena_max)
{
	xfix_init(f, s, s, arena_max);
}

static int run(xfix_t *f, const char *s, int year)
{
	extract_opts_t o = { .year = year };
	xfix_init(f, s, s, 0);
	return stmt_extract(f->d, &f->t, &o, NULL);
}

/* The statement whose quantity text is q. */
static const draft_stmt_t *stmt(const xfix_t *f, const char *q)
{
	size_t k = strlen(q);
	for (size_t i = 0; i < f->d->stmts.n; i++) {
		const draft_stmt_t *s = &f->d->stmts.v[i];
		if (s->value_span.end - s->value_span.start == k &&
		    memcmp(f->t.z + s->value_span.start, q, k) == 0)
			return s;
	}
	fail_msg("no statement '%s'", q);
	return NULL;
}

static void test_kind_from_words(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f,
			     "今年计划投资62亿元,启动实施管网建设工程,目前已完成投资34.2亿元;"
			     "为石药等5家企业接通了蒸汽管网。"
			     "鹿泉区将加快推进106个项目建设。"
			     "充分利用现有的11个国家级研发平台。",
			     0),
			 0);
	assert_int_equal(f.d->stmts.n, 5);
	assert_int_equal(stmt(&f, "62亿元")->kind, DRAFT_TARGET);
	assert_int_equal(stmt(&f, "34.2亿元")->kind, DRAFT_RESULT);
	assert_int_equal(stmt(&f, "5家")->kind, DRAFT_RESULT);
	assert_int_equal(stmt(&f, "106个")->kind, DRAFT_TARGET);
	assert_int_equal(stmt(&f, "11个")->kind, DRAFT_RESULT);
	xfix_free(&f);
}

static void test_kind_from_section(void **state)
{
	xfix_t f;
	(void)state;
	stmt_fix_init(&f,
		      "一、回顾2022年政府工作\n全市生产总值完成3880.3亿元,增长3.8%。\n"
		      "二、2023年主要工作\n(一)稳增长\n生产总值增长7%左右,新增高新技术企业70家。\n"
		      "力争5-6家医院项目开工。\n",
		      0);
	xfix_add_node(&f, 0, "一、回顾");
	xfix_add_node(&f, 0, "二、2023年");
	xfix_add_node(&f, 2, "(一)稳增长");
	extract_opts_t o = { 0 };
	assert_int_equal(stmt_extract(f.d, &f.t, &o, NULL), 0);
	const draft_stmt_t *s = stmt(&f, "3880.3亿元");
	assert_int_equal(s->kind, DRAFT_RESULT);
	assert_int_equal(s->node, 1);
	assert_string_equal(s->indicator, "生产总值");
	assert_string_equal(s->verb, "完成");
	assert_int_equal(stmt(&f, "3.8%")->kind, DRAFT_RESULT);
	s = stmt(&f, "7%");
	assert_int_equal(s->kind, DRAFT_TARGET);
	assert_int_equal(s->node, 3);
	assert_string_equal(s->qualifier, "about");
	assert_string_equal(s->indicator, "生产总值");
	assert_string_equal(s->verb, "增长");
	assert_int_equal(s->year, 2023); /* the plan year, from the outline's heading */
	s = stmt(&f, "70家");
	assert_int_equal(s->kind, DRAFT_TARGET);
	assert_non_null(strstr(s->indicator, "高新技术企业"));
	s = stmt(&f, "5-6家");
	assert_true(s->is_range);
	assert_string_equal(s->qualifier, "strive");
	assert_int_equal(s->value, 5);
	assert_int_equal(s->value_max, 6);
	xfix_free(&f);
}

static void test_words_beat_section(void **state)
{
	xfix_t f;
	(void)state;
	stmt_fix_init(&f,
		      "一、回顾过去一年\n下一步将新建学校27所。\n二、今年主要工作\n已建成农田48."
		      "7万亩。\n",
		      0);
	xfix_add_node(&f, 0, "一、回顾");
	xfix_add_node(&f, 0, "二、今年");
	assert_int_equal(stmt_extract(f.d, &f.t, NULL, NULL), 0);
	assert_int_equal(stmt(&f, "27所")->kind, DRAFT_TARGET);
	assert_int_equal(stmt(&f, "48.7万亩")->kind, DRAFT_RESULT);
	xfix_free(&f);
}

static void test_indicator(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f,
			     "全市一般公共预算收入增长7%左右;稳步推进17个城中村改造项目建设;"
			     "其中规模以上工业增加值增长6.5%以上。",
			     2023),
			 0);
	assert_string_equal(stmt(&f, "7%")->indicator, "一般公共预算收入");
	assert_non_null(strstr(stmt(&f, "17个")->indicator, "城中村改造"));
	assert_string_equal(stmt(&f, "6.5%")->indicator, "规模以上工业增加值");
	assert_string_equal(stmt(&f, "6.5%")->qualifier, "at_least");
	xfix_free(&f);
}

static void test_qualifier_scope(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f,
			     "确保粮食播种面积和产量保持在1000万亩、400万吨以上。"
			     "每个县每年至少培育10家领军企业。"
			     "力争2025年产值达到2500亿元。"
			     "新建重点实验室10所、技术创新中心18家。",
			     2023),
			 0);
	assert_string_equal(stmt(&f, "1000万亩")->qualifier, "at_least");
	assert_string_equal(stmt(&f, "400万吨")->qualifier, "at_least");
	assert_string_equal(stmt(&f, "10家")->qualifier, "at_least");
	const draft_stmt_t *s = stmt(&f, "2500亿元");
	assert_string_equal(s->qualifier, "strive");
	assert_string_equal(s->deadline, "2025");
	assert_int_equal(s->year, 2025);
	assert_int_equal(s->kind, DRAFT_TARGET);
	assert_null(stmt(&f, "10所")->qualifier);
	assert_null(stmt(&f, "18家")->qualifier);
	xfix_free(&f);
}

static void test_baseline_and_deadline(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f, "重点县贫困发生率由32%下降到18.5%。年底前新建口袋公园100个。", 0),
			 0);
	assert_int_equal(stmt(&f, "32%")->kind, DRAFT_RESULT);
	assert_int_equal(stmt(&f, "18.5%")->kind, DRAFT_TARGET);
	assert_string_equal(stmt(&f, "100个")->deadline, "年底");
	xfix_free(&f);
}

static void test_marker_subtleties(void **state)
{
	xfix_t f;
	(void)state;
	stmt_fix_init(
		&f,
		"一、2023年工作回顾\n将32个项目纳入省重点项目。截至年底,市场主体达到56.3万户。\n"
		"二、2024年主要工作\n一般公共预算收入比上年增长5%。营业收入同比增长15%以上。\n",
		0);
	xfix_add_node(&f, 0, "一、2023年");
	xfix_add_node(&f, 0, "二、2024年");
	assert_int_equal(stmt_extract(f.d, &f.t, NULL, NULL), 0);
	assert_int_equal(stmt(&f, "32个")->kind, DRAFT_RESULT);     /* 将 = 把 in a review */
	assert_int_equal(stmt(&f, "56.3万户")->kind, DRAFT_RESULT); /* 截至年底 */
	assert_int_equal(stmt(&f, "5%")->kind, DRAFT_TARGET);       /* 比上年: a base */
	assert_int_equal(stmt(&f, "15%")->kind, DRAFT_TARGET);      /* 同比 in a plan */
	assert_string_equal(stmt(&f, "5%")->indicator, "一般公共预算收入");
	xfix_free(&f);
	/* outside any section, 同比 and 共有 describe what was measured */
	assert_int_equal(
		run(&f, "前三季度,全市规模以上工业增加值同比增长7.2%。全市共有高新技术企业1260家。",
		    0),
		0);
	assert_int_equal(stmt(&f, "7.2%")->kind, DRAFT_RESULT);
	assert_int_equal(stmt(&f, "1260家")->kind, DRAFT_RESULT);
	assert_string_equal(stmt(&f, "1260家")->indicator, "高新技术企业");
	xfix_free(&f);
}

static void test_paragraph_deadline(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(
		run(&f,
		    "到2025年,数字经济规模达到500亿元。培育专精特新企业20家、小巨人企业5家。\n"
		    "新建学校3所。",
		    2024),
		0);
	assert_string_equal(stmt(&f, "500亿元")->deadline, "2025");
	assert_string_equal(stmt(&f, "20家")->deadline, "2025");
	assert_string_equal(stmt(&f, "5家")->indicator, "小巨人企业");
	assert_null(stmt(&f, "3所")->deadline); /* a new paragraph */
	assert_int_equal(stmt(&f, "3所")->year, 2024);
	xfix_free(&f);
}

static void test_glossary_and_text(void **state)
{
	xfix_t f;
	(void)state;
	stmt_fix_init(
		&f,
		"新增停车位1.12万个,改造小区287个。\n[9]“十个一”项目:即建设1个公园、2个广场。\n",
		0);
	draft_gloss_t *g = DRAFT_PUSH(f.d, glossary);
	assert_non_null(g);
	g->label = "[9]";
	g->norm_start = (size_t)(strstr(f.t.z, "[9]") - f.t.z);
	g->norm_end = f.t.n;
	assert_int_equal(stmt_extract(f.d, &f.t, NULL, NULL), 0);
	assert_int_equal(f.d->stmts.n, 2);
	const draft_stmt_t *s = stmt(&f, "1.12万个");
	assert_string_equal(s->text, "新增停车位1.12万个");
	assert_int_equal(s->span.start, 0);
	assert_int_equal(s->span.end, strlen("新增停车位1.12万个"));
	assert_string_equal(s->unit, "万个");
	assert_string_equal(s->base_unit, "个");
	assert_true(s->base_value > 11199 && s->base_value < 11201);
	xfix_free(&f);
}

static void test_plan_year_from_byline(void **state)
{
	xfix_t f;
	(void)state;
	stmt_fix_init(
		&f,
		"政府工作报告\n——2024年1月10日在市第十届人民代表大会第三次会议上\n"
		"一、2023年工作成效\n全市生产总值增长5.5%。\n二、奋力开创新局面\n生产总值增长6%"
		"左右。\n",
		0);
	xfix_add_node(&f, 0, "一、2023年");
	xfix_add_node(&f, 0, "二、奋力");
	assert_int_equal(stmt_extract(f.d, &f.t, NULL, NULL), 0);
	assert_int_equal(f.d->stmts.n, 2);
	assert_int_equal(f.d->stmts.v[0].kind, DRAFT_RESULT);
	assert_int_equal(f.d->stmts.v[0].year, 2023);
	assert_int_equal(f.d->stmts.v[1].kind, DRAFT_TARGET);
	assert_int_equal(f.d->stmts.v[1].year, 2024);
	xfix_free(&f);
}

static void test_traditional_display(void **state)
{
	const char *norm = "部署了9方面28条230余项改革任务。";
	const char *dec = "部署了9方面28條230余項改革任務。";
	(void)state;
	for (int simp = 0; simp <= 1; simp++) {
		xfix_t f;
		extract_opts_t o = { .simplified = simp };
		xfix_init(&f, norm, norm, 0);
		f.t.dz = dec;
		f.t.orig = dec;
		f.t.traditional = true;
		assert_int_equal(stmt_extract(f.d, &f.t, &o, NULL), 0);
		assert_int_equal(f.d->stmts.n, 3);
		const draft_stmt_t *s = &f.d->stmts.v[1];
		assert_string_equal(s->unit, simp ? "条" : "條");
		assert_string_equal(s->base_unit, "条");
		assert_string_equal(s->indicator, simp ? "改革任务" : "改革任務");
		assert_string_equal(f.d->stmts.v[2].unit, simp ? "项" : "項");
		assert_string_equal(f.d->stmts.v[2].qualifier, "at_least");
		assert_string_equal(s->text, simp ? "部署了9方面28条230余项改革任务"
						  : "部署了9方面28條230余項改革任務");
		xfix_free(&f);
	}
}

static void test_no_statements(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(
		run(&f, "2022年8月31日召开的市委十一届七次全会,“十四五”时期,第一,四个方面。", 0),
		0);
	assert_int_equal(f.d->stmts.n, 0);
	xfix_free(&f);
	assert_int_equal(run(&f, "", 0), 0);
	assert_int_equal(f.d->stmts.n, 0);
	xfix_free(&f);
}

static void test_nomem(void **state)
{
	const char *s =
		"全市生产总值完成3880.3亿元,增长3.8%;新增高新技术企业210家、总数达到1520家。";
	bool failed = false, passed = false;
	(void)state;
	/* the heap fails (the scratch array of quantities) */
	for (long k = 0; k < 50 && !passed; k++) {
		xfix_t f;
		xfix_init(&f, s, s, 0);
		mem_fail_after(k);
		int rc = stmt_extract(f.d, &f.t, NULL, NULL);
		mem_fail_after(-1);
		if (rc == 0)
			passed = true;
		else {
			assert_int_equal(rc, ERR_NOMEM);
			failed = true;
		}
		xfix_free(&f);
	}
	assert_true(failed);
	assert_true(passed);
	/* the draft's arena is full */
	{
		xfix_t f;
		err_t e;
		xfix_init(&f, s, s, 1);
		/* a tiny arena: a few bytes are left after the first block, so the statements fail */
		int rc = stmt_extract(f.d, &f.t, NULL, &e);
		assert_int_equal(rc, ERR_NOMEM);
		assert_int_equal(e.code, ERR_NOMEM);
		xfix_free(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_from_words),
		cmocka_unit_test(test_kind_from_section),
		cmocka_unit_test(test_words_beat_section),
		cmocka_unit_test(test_indicator),
		cmocka_unit_test(test_qualifier_scope),
		cmocka_unit_test(test_baseline_and_deadline),
		cmocka_unit_test(test_marker_subtleties),
		cmocka_unit_test(test_paragraph_deadline),
		cmocka_unit_test(test_glossary_and_text),
		cmocka_unit_test(test_plan_year_from_byline),
		cmocka_unit_test(test_traditional_display),
		cmocka_unit_test(test_no_statements),
		cmocka_unit_test(test_nomem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
