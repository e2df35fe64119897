/* test_promise.c — indicator normalisation, linking and judging of promises. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/promise.h"

#include <math.h>
#include <string.h>

static promise_stmt_t growth(const char *ind, double v, promise_qual_t q)
{
	promise_stmt_t s;

	memset(&s, 0, sizeof s);
	s.indicator = ind;
	s.value = v;
	s.unit = "%";
	s.base_value = v;
	s.base_unit = "%";
	s.kind = PROMISE_GROWTH;
	s.qual = q;
	return s;
}

static promise_stmt_t level(const char *ind, double v, const char *unit, double base,
			    const char *base_unit, promise_qual_t q)
{
	promise_stmt_t s;

	memset(&s, 0, sizeof s);
	s.indicator = ind;
	s.value = v;
	s.unit = unit;
	s.base_value = base;
	s.base_unit = base_unit;
	s.kind = PROMISE_LEVEL;
	s.qual = q;
	return s;
}

static promise_verdict_t judge(promise_stmt_t t, promise_stmt_t r)
{
	promise_check_t c;

	promise_judge(&t, &r, &c);
	assert_true(c.reason[0] != '\0');
	return c.verdict;
}

static void test_normalize(void **state)
{
	char out[64];
	(void)state;
	assert_int_equal(promise_normalize("全市全年地区生产总值", out, sizeof out), 0);
	assert_string_equal(out, "生产总值");
	assert_int_equal(promise_normalize(" 今年 实现 一般公共预算收入 ", out, sizeof out), 0);
	assert_string_equal(out, "一般公共预算收入");
	assert_int_equal(promise_normalize("全县\xE3\x80\x80规上工业增加值增速", out, sizeof out),
			 0);
	assert_string_equal(out, "规上工业增加值");
	/* A name that is only a prefix word is kept, not emptied. */
	assert_int_equal(promise_normalize("全年", out, sizeof out), 0);
	assert_string_equal(out, "全年");
	assert_int_equal(promise_normalize("增长", out, sizeof out), 0);
	assert_string_equal(out, "增长");
	assert_int_equal(promise_normalize(NULL, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(promise_normalize("地区生产总值", out, 8), ERR_LIMIT);
	assert_string_equal(out, "");
	assert_int_equal(promise_normalize("x", out, 0), ERR_LIMIT);
}

static void test_growth_about(void **state)
{
	promise_stmt_t t = growth("生产总值", 7, PROMISE_Q_ABOUT);
	(void)state;
	assert_int_equal(judge(t, growth("地区生产总值", 7.2, 0)), PROMISE_MET);
	assert_int_equal(judge(t, growth("生产总值", 7, 0)), PROMISE_MET);
	assert_int_equal(judge(t, growth("生产总值", 6.5, 0)), PROMISE_MET);
	assert_int_equal(judge(t, growth("生产总值", 6.4, 0)), PROMISE_MISSED);
	/* 2023: GDP +7% about, result +3.8%. */
	assert_int_equal(judge(t, growth("生产总值", 3.8, 0)), PROMISE_MISSED);
	t.qual = PROMISE_Q_NEARLY;
	assert_int_equal(judge(t, growth("生产总值", 6.6, 0)), PROMISE_MET);
}

static void test_level(void **state)
{
	/* Revenue at least 1100亿元, result written in 万元. */
	promise_stmt_t t = level("营业收入", 1100, "亿元", 1.1e11, "元", PROMISE_Q_AT_LEAST);
	promise_stmt_t about = level("投资", 100, "亿元", 1e10, "元", PROMISE_Q_ABOUT);
	(void)state;
	assert_int_equal(judge(t, level("营业收入", 11000000, "万元", 1.1e11, "元", 0)),
			 PROMISE_MET);
	assert_int_equal(judge(t, level("营业收入", 1099, "亿元", 1.099e11, "元", 0)),
			 PROMISE_MISSED);
	/* about for a level: within 5% of the target. */
	assert_int_equal(judge(about, level("投资", 95, "亿元", 9.5e9, "元", 0)), PROMISE_MET);
	assert_int_equal(judge(about, level("投资", 94.9, "亿元", 9.49e9, "元", 0)),
			 PROMISE_MISSED);
	assert_int_equal(judge(about, level("投资", 130, "亿元", 1.3e10, "元", 0)), PROMISE_MET);
	/* New high-tech enterprises: 200 promised (guarantee), 210 added. */
	t = level("新增高新技术企业", 200, "家", 200, "家", PROMISE_Q_GUARANTEE);
	assert_int_equal(judge(t, level("新增高新技术企业", 210, "家", 210, "家", 0)), PROMISE_MET);
	/* No base unit on either side: compared as written when the units are the same. */
	t = level("绿道", 30, "公里", 0, NULL, PROMISE_Q_NONE);
	assert_int_equal(judge(t, level("绿道", 31, "公里", 0, NULL, 0)), PROMISE_MET);
	assert_int_equal(judge(t, level("绿道", 31, "千米", 0, "", 0)), PROMISE_UNKNOWN);
	/* Different base units are not comparable. */
	t = level("项目", 100, "个", 100, "个", PROMISE_Q_AT_LEAST);
	assert_int_equal(judge(t, level("项目", 308.12, "亿元", 3.0812e10, "元", 0)),
			 PROMISE_UNKNOWN);
}

static void test_at_most_and_decrease(void **state)
{
	promise_stmt_t cpi = growth("居民消费价格", 3, PROMISE_Q_AT_MOST);
	promise_stmt_t pm = growth("细颗粒物浓度", 5, PROMISE_Q_AT_LEAST);
	promise_stmt_t r;
	(void)state;
	assert_int_equal(judge(cpi, growth("居民消费价格", 2.1, 0)), PROMISE_MET);
	assert_int_equal(judge(cpi, growth("居民消费价格", 3, 0)), PROMISE_MET);
	assert_int_equal(judge(cpi, growth("居民消费价格", 3.2, 0)), PROMISE_MISSED);
	/* PM2.5 down at least 5%. */
	pm.decrease = true;
	r = growth("细颗粒物浓度", 6, 0);
	r.decrease = true;
	assert_int_equal(judge(pm, r), PROMISE_MET);
	r.value = 4;
	assert_int_equal(judge(pm, r), PROMISE_MISSED);
	/* It went up by 1%: a decrease of -1. */
	r.value = 1;
	r.decrease = false;
	assert_int_equal(judge(pm, r), PROMISE_MISSED);
	/* A growth target met by a "decrease" of a negative size would be odd; a decrease
	 * result against a growth target counts against it. */
	r = growth("生产总值", 1, 0);
	r.decrease = true;
	assert_int_equal(judge(growth("生产总值", 0, PROMISE_Q_AT_LEAST), r), PROMISE_MISSED);
	r = growth("x", NAN, 0);
	assert_int_equal(judge(growth("x", 1, 0), r), PROMISE_UNKNOWN);
}

static void test_check_links(void **state)
{
	promise_stmt_t results[4];
	promise_check_t c;
	promise_stmt_t t;
	(void)state;
	results[0] = level("粮食产量", 50, "万吨", 5e8, "千克", 0);
	results[1] = level("地区生产总值", 3880.3, "亿元", 3.8803e11, "元", 0);
	results[2] = growth("全市地区生产总值", 3.8, 0);
	results[3] = level("重点项目", 626, "个", 626, "个", 0);
	t = growth("全年生产总值", 7, PROMISE_Q_ABOUT);
	promise_check(&t, results, 4, &c);
	assert_int_equal(c.verdict, PROMISE_MISSED);
	assert_int_equal(c.result, 2);
	assert_non_null(strstr(c.reason, "3.8"));
	/* Level target links to the level result of the same indicator. */
	t = level("生产总值", 3800, "亿元", 3.8e11, "元", PROMISE_Q_AT_LEAST);
	promise_check(&t, results, 4, &c);
	assert_int_equal(c.verdict, PROMISE_MET);
	assert_int_equal(c.result, 1);
	/* Same indicator, only a growth result for a count target. */
	t = level("粮食产量", 10, "%", 10, "%", PROMISE_Q_AT_LEAST);
	promise_check(&t, results, 4, &c);
	assert_int_equal(c.verdict, PROMISE_UNKNOWN);
	assert_int_equal(c.result, 0);
	assert_non_null(strstr(c.reason, "不可比"));
	/* No result. */
	t = growth("城镇居民人均可支配收入", 7, PROMISE_Q_AT_LEAST);
	promise_check(&t, results, 4, &c);
	assert_int_equal(c.verdict, PROMISE_UNKNOWN);
	assert_int_equal(c.result, -1);
	assert_non_null(strstr(c.reason, "未找到指标“城镇居民人均可支配收入”"));
	promise_check(&t, NULL, 0, &c);
	assert_int_equal(c.verdict, PROMISE_UNKNOWN);
	/* No indicator at all. */
	t = growth("", 7, PROMISE_Q_AT_LEAST);
	promise_check(&t, results, 4, &c);
	assert_int_equal(c.verdict, PROMISE_UNKNOWN);
	assert_non_null(strstr(c.reason, "指标名称"));
}

static void test_from_draft(void **state)
{
	draft_stmt_t d;
	promise_stmt_t s;
	(void)state;
	memset(&d, 0, sizeof d);
	d.indicator = "生产总值";
	d.verb = "增长";
	d.value = 7;
	d.unit = "%";
	d.base_value = 7;
	d.base_unit = "%";
	d.qualifier = "about";
	promise_stmt_from_draft(&d, &s);
	assert_int_equal(s.kind, PROMISE_GROWTH);
	assert_false(s.decrease);
	assert_int_equal(s.qual, PROMISE_Q_ABOUT);
	assert_string_equal(s.indicator, "生产总值");
	d.verb = "下降";
	d.qualifier = NULL;
	promise_stmt_from_draft(&d, &s);
	assert_int_equal(s.kind, PROMISE_GROWTH);
	assert_true(s.decrease);
	assert_int_equal(s.qual, PROMISE_Q_NONE);
	d.verb = "达到";
	d.unit = "亿元";
	d.base_unit = "元";
	d.qualifier = "at_least";
	promise_stmt_from_draft(&d, &s);
	assert_int_equal(s.kind, PROMISE_LEVEL);
	assert_int_equal(s.qual, PROMISE_Q_AT_LEAST);
	d.verb = NULL;
	d.qualifier = "whatever";
	promise_stmt_from_draft(&d, &s);
	assert_int_equal(s.kind, PROMISE_LEVEL);
	assert_int_equal(s.qual, PROMISE_Q_NONE);
	assert_string_equal(promise_qual_name(PROMISE_Q_GUARANTEE), "guarantee");
	assert_int_equal(promise_qual_from_name("strive"), PROMISE_Q_STRIVE);
	assert_string_equal(promise_qual_name((promise_qual_t)20), "unknown");
	assert_string_equal(promise_verdict_name(PROMISE_MET), "met");
	assert_string_equal(promise_verdict_label(PROMISE_MISSED, "zh-CN"), "未兑现");
	assert_string_equal(promise_verdict_label(PROMISE_UNKNOWN, "en"), "Unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),   cmocka_unit_test(test_growth_about),
		cmocka_unit_test(test_level),       cmocka_unit_test(test_at_most_and_decrease),
		cmocka_unit_test(test_check_links), cmocka_unit_test(test_from_draft),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
