/* test_stmt_general.c — statements in the style of real municipal government work reports
 * and plenary implementation opinions, written for this test (not taken from the seeds):
 * results in the review part, targets in the plan part, completion shares of a plan
 * ("占年度计划的102.3%" is a result), year-on-year growth (同比, 比上年), growth-rate
 * changes (增速), shares (占比, 比重), ranges and qualifiers, and indicators that are
 * noun phrases, not scope or comparison words ("城镇新增就业", not "城镇").  Each row is
 * one quantity as a careful analyst would mark it: kind, indicator, value, unit and
 * qualifier.  The whole pipeline runs (extract_run), as it does on an unseen report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "extract/extract.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A work report: a review of last year, then this year's targets. */
static const char doc0[] =
	"2024年政府工作报告\n"
	"一、2023年工作回顾\n"
	"过去一年，全市地区生产总值完成3120.5亿元，比上年增长5.6%。\n"
	"一般公共预算收入完成218.6亿元，同比增长8.2%。\n"
	"完成固定资产投资1250亿元，占年度计划的102.3%。\n"
	"规模以上工业增加值增长7.1%，增速居全省第二位。\n"
	"社会消费品零售总额达到1380亿元，增长6.5%。\n"
	"城镇居民人均可支配收入46320元，增长5.1%；农村居民人均可支配收入21560元，增长7.3%。\n"
	"城镇新增就业5.2万人，城镇调查失业率控制在5.5%以内。\n"
	"高新技术企业达到1260家，净增185家。\n"
	"新开工亿元以上项目152个，完成投资占年度计划的108%。\n"
	"全年空气质量优良天数达到286天，PM2.5平均浓度下降4.2%。\n"
	"战略性新兴产业增加值占规模以上工业比重达到23.5%，提高1.8个百分点。\n"
	"二、2024年主要工作\n"
	"今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%"
	"以上，固定资产投资增长8%，城镇新增就业5万人以上，居民人均可支配收入增长与经济增长同步。\n"
	"全年实施省市重点项目200个以上，完成投资1500亿元。\n"
	"力争新增高新技术企业150家，研发经费投入强度达到2.6%。\n"
	"确保粮食播种面积稳定在520万亩以上，粮食总产量达到35亿斤。\n"
	"改造提升老旧小区120个，新建保障性租赁住房3000套。\n"
	"到2025年，数字经济核心产业增加值占地区生产总值比重达到10%。\n"
	"城镇化率提高1个百分点，达到62%。\n"
	"单位地区生产总值能耗下降3%左右。\n";

/* Implementation opinions: targets by a horizon year, then a progress report section. */
static const char doc1[] =
	"关于贯彻落实全会精神的实施意见\n"
	"一、总体要求\n"
	"到2027年，全市研发投入强度达到3%以上，常住人口城镇化率达到65%左右。\n"
	"二、重点任务\n"
	"（一）推动产业升级\n"
	"每年培育专精特新中小企业50-80家，力争到2026年国家级专精特新“小巨人”企业达到30家。\n"
	"规上工业增加值年均增长7%以上，制造业增加值占比保持在30%左右。\n"
	"（二）扩大有效投资\n"
	"全年谋划储备项目500个，总投资3000亿元以上。\n"
	"三、前三季度经济运行情况\n"
	"1-9月，全市实现地区生产总值2350亿元，同比增长5.8%，增速比上半年加快0.3个百分点。\n"
	"外贸进出口总额完成486亿元，同比下降2.1%。\n";

/* A bulletin paragraph without sections: year-on-year figures are results. */
static const char doc2[] =
	"1-10月，全市规上工业增加值同比增长7.2%，进出口总额完成320亿元，同比增长12%"
	"。全市社会消费品零售总额增速回落至4.5%。\n";

static const char *const docs[] = { doc0, doc1, doc2 };

typedef struct expect {
	int doc;
	const char *clause; /* found in the statement's text */
	double value;
	const char *unit;
	draft_kind_t kind;
	const char *indicator;
	const char *qualifier; /* NULL: none */
} expect_t;

// clang-format off
static const expect_t expected[] = {
	{ 0, "全市地区生产总值完成3120.5亿元", 3120.5, "亿元", DRAFT_RESULT, "地区生产总值", NULL },
	{ 0, "比上年增长5.6%", 5.6, "%", DRAFT_RESULT, "地区生产总值", NULL },
	{ 0, "一般公共预算收入完成218.6亿元", 218.6, "亿元", DRAFT_RESULT, "一般公共预算收入", NULL },
	{ 0, "同比增长8.2%", 8.2, "%", DRAFT_RESULT, "一般公共预算收入", NULL },
	{ 0, "完成固定资产投资1250亿元", 1250, "亿元", DRAFT_RESULT, "固定资产投资", NULL },
	{ 0, "占年度计划的102.3%", 102.3, "%", DRAFT_RESULT, "占年度计划", NULL },
	{ 0, "规模以上工业增加值增长7.1%", 7.1, "%", DRAFT_RESULT, "规模以上工业增加值", NULL },
	{ 0, "社会消费品零售总额达到1380亿元", 1380, "亿元", DRAFT_RESULT, "社会消费品零售总额", NULL },
	{ 0, "增长6.5%", 6.5, "%", DRAFT_RESULT, "社会消费品零售总额", NULL },
	{ 0, "城镇居民人均可支配收入46320元", 46320, "元", DRAFT_RESULT, "城镇居民人均可支配收入", NULL },
	{ 0, "增长5.1%", 5.1, "%", DRAFT_RESULT, "城镇居民人均可支配收入", NULL },
	{ 0, "农村居民人均可支配收入21560元", 21560, "元", DRAFT_RESULT, "农村居民人均可支配收入", NULL },
	{ 0, "增长7.3%", 7.3, "%", DRAFT_RESULT, "农村居民人均可支配收入", NULL },
	{ 0, "城镇新增就业5.2万人", 5.2, "万人", DRAFT_RESULT, "城镇新增就业", NULL },
	{ 0, "城镇调查失业率控制在5.5%以内", 5.5, "%", DRAFT_RESULT, "城镇调查失业率", "at_most" },
	{ 0, "高新技术企业达到1260家", 1260, "家", DRAFT_RESULT, "高新技术企业", NULL },
	{ 0, "净增185家", 185, "家", DRAFT_RESULT, "高新技术企业", NULL },
	{ 0, "新开工亿元以上项目152个", 152, "个", DRAFT_RESULT, "亿元以上项目", NULL },
	{ 0, "完成投资占年度计划的108%", 108, "%", DRAFT_RESULT, "投资占年度计划", NULL },
	{ 0, "全年空气质量优良天数达到286天", 286, "天", DRAFT_RESULT, "空气质量优良天数", NULL },
	{ 0, "PM2.5平均浓度下降4.2%", 4.2, "%", DRAFT_RESULT, "PM2.5平均浓度", NULL },
	{ 0, "战略性新兴产业增加值占规模以上工业比重达到23.5%", 23.5, "%", DRAFT_RESULT, "战略性新兴产业增加值占规模以上工业比重", NULL },
	{ 0, "提高1.8个百分点", 1.8, "个百分点", DRAFT_RESULT, "战略性新兴产业增加值占规模以上工业比重", NULL },
	{ 0, "地区生产总值增长6%左右", 6, "%", DRAFT_TARGET, "地区生产总值", "about" },
	{ 0, "一般公共预算收入增长5%以上", 5, "%", DRAFT_TARGET, "一般公共预算收入", "at_least" },
	{ 0, "固定资产投资增长8%", 8, "%", DRAFT_TARGET, "固定资产投资", NULL },
	{ 0, "城镇新增就业5万人以上", 5, "万人", DRAFT_TARGET, "城镇新增就业", "at_least" },
	{ 0, "全年实施省市重点项目200个以上", 200, "个", DRAFT_TARGET, "省市重点项目", "at_least" },
	{ 0, "完成投资1500亿元", 1500, "亿元", DRAFT_TARGET, "投资", NULL },
	{ 0, "力争新增高新技术企业150家", 150, "家", DRAFT_TARGET, "高新技术企业", "strive" },
	{ 0, "研发经费投入强度达到2.6%", 2.6, "%", DRAFT_TARGET, "研发经费投入强度", "strive" },
	{ 0, "确保粮食播种面积稳定在520万亩以上", 520, "万亩", DRAFT_TARGET, "粮食播种面积", "at_least" },
	{ 0, "粮食总产量达到35亿斤", 35, "亿斤", DRAFT_TARGET, "粮食总产量", "guarantee" },
	{ 0, "改造提升老旧小区120个", 120, "个", DRAFT_TARGET, "老旧小区", NULL },
	{ 0, "新建保障性租赁住房3000套", 3000, "套", DRAFT_TARGET, "保障性租赁住房", NULL },
	{ 0, "数字经济核心产业增加值占地区生产总值比重达到10%", 10, "%", DRAFT_TARGET, "数字经济核心产业增加值占地区生产总值比重", NULL },
	{ 0, "城镇化率提高1个百分点", 1, "个百分点", DRAFT_TARGET, "城镇化率", NULL },
	{ 0, "达到62%", 62, "%", DRAFT_TARGET, "城镇化率", NULL },
	{ 0, "单位地区生产总值能耗下降3%左右", 3, "%", DRAFT_TARGET, "单位地区生产总值能耗", "about" },
	{ 1, "全市研发投入强度达到3%以上", 3, "%", DRAFT_TARGET, "研发投入强度", "at_least" },
	{ 1, "常住人口城镇化率达到65%左右", 65, "%", DRAFT_TARGET, "常住人口城镇化率", "about" },
	{ 1, "每年培育专精特新中小企业50-80家", 50, "家", DRAFT_TARGET, "专精特新中小企业", NULL },
	{ 1, "力争到2026年国家级专精特新“小巨人”企业达到30家", 30, "家", DRAFT_TARGET, "国家级专精特新“小巨人”企业", "strive" },
	{ 1, "规上工业增加值年均增长7%以上", 7, "%", DRAFT_TARGET, "规上工业增加值", "at_least" },
	{ 1, "制造业增加值占比保持在30%左右", 30, "%", DRAFT_TARGET, "制造业增加值占比", "about" },
	{ 1, "全年谋划储备项目500个", 500, "个", DRAFT_TARGET, "谋划储备项目", NULL },
	{ 1, "总投资3000亿元以上", 3000, "亿元", DRAFT_TARGET, "总投资", "at_least" },
	{ 1, "全市实现地区生产总值2350亿元", 2350, "亿元", DRAFT_RESULT, "地区生产总值", NULL },
	{ 1, "同比增长5.8%", 5.8, "%", DRAFT_RESULT, "地区生产总值", NULL },
	{ 1, "增速比上半年加快0.3个百分点", 0.3, "个百分点", DRAFT_RESULT, "增速", NULL },
	{ 1, "外贸进出口总额完成486亿元", 486, "亿元", DRAFT_RESULT, "外贸进出口总额", NULL },
	{ 1, "同比下降2.1%", 2.1, "%", DRAFT_RESULT, "外贸进出口总额", NULL },
	{ 2, "全市规上工业增加值同比增长7.2%", 7.2, "%", DRAFT_RESULT, "规上工业增加值", NULL },
	{ 2, "进出口总额完成320亿元", 320, "亿元", DRAFT_RESULT, "进出口总额", NULL },
	{ 2, "同比增长12%", 12, "%", DRAFT_RESULT, "进出口总额", NULL },
	{ 2, "全市社会消费品零售总额增速回落至4.5%", 4.5, "%", DRAFT_RESULT, "社会消费品零售总额增速", NULL },
};
// clang-format on

static const draft_stmt_t *find(const draft_t *d, const expect_t *x)
{
	for (size_t i = 0; i < d->stmts.n; i++) {
		const draft_stmt_t *s = &d->stmts.v[i];
		if (fabs(s->value - x->value) < 1e-9 && strcmp(s->unit, x->unit) == 0 &&
		    strstr(s->text, x->clause))
			return s;
	}
	return NULL;
}

static void test_general(void **state)
{
	size_t want[3] = { 0, 0, 0 }, bad = 0;

	(void)state;
	for (size_t k = 0; k < sizeof expected / sizeof expected[0]; k++)
		want[expected[k].doc]++;
	for (int di = 0; di < 3; di++) {
		draft_t *d = NULL;
		err_t e;
		assert_int_equal(extract_run(docs[di], strlen(docs[di]), NULL, &d, &e), 0);
		/* nothing beyond the marked amounts (no plan names, dates or ranks) */
		assert_int_equal(d->stmts.n, want[di]);
		for (size_t k = 0; k < sizeof expected / sizeof expected[0]; k++) {
			const expect_t *x = &expected[k];
			const draft_stmt_t *s;
			if (x->doc != di)
				continue;
			s = find(d, x);
			if (!s) {
				printf("missing: doc %d %s %g%s\n", di, x->clause, x->value,
				       x->unit);
				bad++;
				continue;
			}
			if (s->kind != x->kind || strcmp(s->indicator, x->indicator) != 0 ||
			    (x->qualifier ? !s->qualifier || strcmp(s->qualifier, x->qualifier) != 0
					  : s->qualifier != NULL)) {
				printf("wrong: doc %d %s: %s [%s] %s, want %s [%s] %s\n", di,
				       x->clause, s->kind == DRAFT_TARGET ? "target" : "result",
				       s->indicator, s->qualifier ? s->qualifier : "-",
				       x->kind == DRAFT_TARGET ? "target" : "result", x->indicator,
				       x->qualifier ? x->qualifier : "-");
				bad++;
			}
		}
		draft_free(d);
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_general),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
