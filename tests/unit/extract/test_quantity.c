/* test_quantity.c — unit tests of the quantity scanner: Arabic and Chinese numerals,
 * magnitudes, ranges, percent and percentage points, units and their base values,
 * qualifiers, and the things that only look like quantities (dates, ordinals, names,
 * formulas, footnote marks, category counts, phone numbers, road and line names). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "extract/quantity.h"

#include <math.h>
#include <string.h>

#define MAXQ                           16
#define assert_double_equal(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

typedef struct got {
	const char *s;
	qty_t q[MAXQ];
	size_t n;
} got_t;

static int collect(const qty_t *q, void *ctx)
{
	got_t *g = ctx;
	if (g->n < MAXQ)
		g->q[g->n] = *q;
	g->n++;
	return 0;
}

static got_t scan(const char *s)
{
	got_t g;
	memset(&g, 0, sizeof g);
	g.s = s;
	assert_int_equal(qty_scan(s, strlen(s), collect, &g), 0);
	return g;
}

/* The text of quantity k. */
static int qeq(const got_t *g, size_t k, const char *want)
{
	const qty_t *q = &g->q[k];
	return q->end - q->start == strlen(want) &&
	       memcmp(g->s + q->start, want, strlen(want)) == 0;
}

static void expect_one(const char *s, const char *text, double value, const char *unit,
		       const char *qual)
{
	got_t g = scan(s);
	if (g.n != 1)
		fail_msg("%s: %zu quantities", s, g.n);
	if (!qeq(&g, 0, text))
		fail_msg("%s: got '%.*s'", s, (int)(g.q[0].end - g.q[0].start), s + g.q[0].start);
	assert_double_equal(g.q[0].value, value, 1e-9);
	assert_string_equal(g.q[0].unit, unit);
	if (qual)
		assert_string_equal(g.q[0].qualifier, qual);
	else
		assert_null(g.q[0].qualifier);
}

static void expect_none(const char *s)
{
	got_t g = scan(s);
	if (g.n != 0)
		fail_msg("%s: found '%.*s'", s, (int)(g.q[0].end - g.q[0].start), s + g.q[0].start);
}

static void test_arabic(void **state)
{
	(void)state;
	expect_one("全市生产总值完成3880.3亿元,", "3880.3亿元", 3880.3, "亿元", NULL);
	expect_one("居民人均可支配收入达到30032元", "30032元", 30032, "元", NULL);
	expect_one("总额1,234,567元。", "1,234,567元", 1234567, "元", NULL);
	expect_one("空气质量综合指数4.81,优良", "4.81", 4.81, "", NULL);
	expect_one("综合指数达到105。", "105", 105, "", NULL);
	expect_none("编号12345。");
	expect_one("建成高标准农田48.7万亩", "48.7万亩", 48.7, "万亩", NULL);
}

static void test_chinese(void **state)
{
	double v;
	(void)state;
	assert_int_equal(qty_parse_chinese("三十六", strlen("三十六"), &v), 0);
	assert_double_equal(v, 36, 0);
	assert_int_equal(qty_parse_chinese("一百二十", strlen("一百二十"), &v), 0);
	assert_double_equal(v, 120, 0);
	assert_int_equal(qty_parse_chinese("两", strlen("两"), &v), 0);
	assert_double_equal(v, 2, 0);
	assert_int_equal(qty_parse_chinese("二〇三五", strlen("二〇三五"), &v), 0);
	assert_double_equal(v, 2035, 0);
	assert_int_equal(qty_parse_chinese("三千五百万", strlen("三千五百万"), &v), 0);
	assert_double_equal(v, 35000000, 0);
	assert_int_equal(qty_parse_chinese("十二亿三千万", strlen("十二亿三千万"), &v), 0);
	assert_double_equal(v, 1230000000, 0);
	assert_int_equal(qty_parse_chinese("三x", 4, &v), ERR_INVALID);
	expect_one("与三十六家央企签约", "三十六家", 36, "家", NULL);
	expect_one("摘取全省三块金牌", "三块", 3, "块", NULL);
	expect_one("投入三百亿元", "三百亿元", 300, "亿元", NULL);
	expect_one("产值翻了两倍", "两倍", 2, "倍", NULL);
	expect_one("建设百万亩文冠果种植示范区", "百万亩", 100, "万亩", NULL);
	expect_one("为全市经济总量过万亿贡献力量", "万亿", 1, "万亿", "at_least");
}

static void test_magnitude_and_base(void **state)
{
	got_t g;
	(void)state;
	g = scan("京津保协同发展项目总投资3838.74亿元");
	assert_int_equal(g.n, 1);
	assert_string_equal(g.q[0].base_unit, "元");
	assert_double_equal(g.q[0].base_value, 383874000000.0, 1);
	g = scan("新增停车位1.12万个");
	assert_string_equal(g.q[0].unit, "万个");
	assert_double_equal(g.q[0].base_value, 11200, 1e-6);
	g = scan("建成高标准农田1.2万亩");
	assert_string_equal(g.q[0].base_unit, "亩");
	assert_double_equal(g.q[0].base_value, 12000, 1e-6);
	g = scan("装机30万千瓦");
	assert_string_equal(g.q[0].unit, "万千瓦");
	assert_string_equal(g.q[0].base_unit, "千瓦");
	g = scan("占比提高1.5个百分点");
	assert_string_equal(g.q[0].unit, "个百分点");
	assert_string_equal(g.q[0].base_unit, "pp");
	g = scan("东部新拓展的8个平方公里");
	assert_string_equal(g.q[0].unit, "个平方公里");
	assert_double_equal(g.q[0].base_value, 8e6, 1e-3);
	g = scan("均价8000元/平方米");
	assert_string_equal(g.q[0].unit, "元/平方米");
	g = scan("为1000万保定人民");
	assert_string_equal(g.q[0].unit, "万");
	assert_string_equal(g.q[0].base_unit, "");
	expect_one("新增10万大学生就业", "10万", 10, "万", NULL);
	expect_one("吸纳6万余名高校毕业生", "6万余名", 6, "万名", "at_least");
	expect_one("部署230余项改革任务", "230余项", 230, "项", "at_least");
	expect_one("提出300多项举措", "300多项", 300, "项", "at_least");
}

static void test_ranges(void **state)
{
	got_t g;
	(void)state;
	g = scan("力争5-6家北京医院疏解项目开工");
	assert_int_equal(g.n, 1);
	assert_true(qeq(&g, 0, "5-6家"));
	assert_true(g.q[0].is_range);
	assert_double_equal(g.q[0].value, 5, 0);
	assert_double_equal(g.q[0].value_max, 6, 0);
	assert_string_equal(g.q[0].unit, "家");
	g = scan("年内打造5至10家数字工厂");
	assert_true(qeq(&g, 0, "5至10家"));
	assert_double_equal(g.q[0].value_max, 10, 0);
	g = scan("增长6.5%-7%");
	assert_int_equal(g.n, 1);
	assert_true(qeq(&g, 0, "6.5%-7%"));
	assert_string_equal(g.q[0].unit, "%");
	assert_double_equal(g.q[0].value_max, 7, 0);
	g = scan("投资5亿-6亿元");
	assert_int_equal(g.n, 1);
	assert_true(g.q[0].is_range);
	assert_string_equal(g.q[0].unit, "亿元");
	assert_double_equal(g.q[0].base_value, 5e8, 1);
	g = scan("3家-5个");
	assert_int_equal(g.n, 2);
	assert_false(g.q[0].is_range);
	g = scan("每户5~6人");
	assert_true(g.q[0].is_range);
	assert_string_equal(g.q[0].unit, "人");
}

static void test_percent_and_multiples(void **state)
{
	(void)state;
	expect_one("同比增长9.2%", "9.2%", 9.2, "%", NULL);
	expect_one("提高0.5个百分点", "0.5个百分点", 0.5, "个百分点", NULL);
	expect_one("产值增长3倍", "3倍", 3, "倍", NULL);
}

static void test_units(void **state)
{
	(void)state;
	expect_one("清理路障9122处", "9122处", 9122, "处", NULL);
	expect_one("发放消费券73万张", "73万张", 73, "万张", NULL);
	expect_one("组织招聘会1745场次", "1745场次", 1745, "场次", NULL);
	expect_one("生态补水14.75亿立方米", "14.75亿立方米", 14.75, "亿立方米", NULL);
	expect_one("农村公路751.4公里", "751.4公里", 751.4, "公里", NULL);
	expect_one("耗时提速至3.8天", "3.8天", 3.8, "天", NULL);
	expect_one("粮食总产量419万吨", "419万吨", 419, "万吨", NULL);
	expect_one("新建学校27所", "27所", 27, "所", NULL);
	expect_one("聚焦6大主攻方向", "6大", 6, "大", NULL);
	expect_one("部署了9方面任务", "9方面", 9, "方面", NULL);
	expect_one("装机200兆瓦", "200兆瓦", 200, "兆瓦", NULL);
	expect_one("建设5千瓦光伏", "5千瓦", 5, "千瓦", NULL);
	expect_one("粮食产量稳定在50亿斤以上", "50亿斤", 50, "亿斤", "at_least");
	expect_one("浓度下降到35微克/立方米", "35微克/立方米", 35, "微克/立方米", NULL);
	expect_one("人均达到1.2万美元", "1.2万美元", 1.2, "万美元", NULL);
	expect_one("新增就业6万人以上", "6万人", 6, "万人", "at_least");
	expect_one("补贴3.5万元/亩,", "3.5万元/亩", 3.5, "万元/亩", NULL);
	expect_one("标准300元/人。", "300元/人", 300, "元/人", NULL);
	expect_one("投资30亿元年内开工", "30亿元", 30, "亿元", NULL);
	expect_one("每千人口床位数达到6.5张", "6.5张", 6.5, "张", NULL);
}

static void test_qualifiers(void **state)
{
	(void)state;
	expect_one("生产总值增长7%左右", "7%", 7, "%", "about");
	expect_one("约30亿元", "30亿元", 30, "亿元", "about");
	expect_one("增长6.5%以上", "6.5%", 6.5, "%", "at_least");
	expect_one("控制在3%以内", "3%", 3, "%", "at_most");
	expect_one("保有量超6.1万辆", "6.1万辆", 6.1, "万辆", "at_least");
	expect_one("诉求超过260万件次", "260万件次", 260, "万件次", "at_least");
	expect_one("突破5000人", "5000人", 5000, "人", "at_least");
	expect_one("节约资金近6000万元", "6000万元", 6000, "万元", "nearly");
	expect_one("不低于50%", "50%", 50, "%", "at_least");
	expect_one("不超过20%", "20%", 20, "%", "at_most");
	expect_one("力争10家落地", "10家", 10, "家", "strive");
	expect_one("确保7个县达标", "7个", 7, "个", "guarantee");
	got_t g = scan("产值超500亿元、超1000亿元");
	assert_int_equal(g.n, 2);
	assert_int_equal(g.q[0].qstart + 3, g.q[0].start);
}

static void test_not_quantities(void **state)
{
	(void)state;
	expect_none("2022年");
	expect_none("8月31日召开");
	expect_none("发表于2023-4-18 19:33:04");
	expect_none("到年底完成");
	expect_none("第一,第二批,第五次");
	expect_none("一期二期四期");
	expect_none("“十四五”时期");
	expect_none("党的二十届三中全会");
	expect_none("省委十届十次全会");
	expect_none("党的二十大精神");
	expect_none("“7+18+N”现代产业体系");
	expect_none("“1530”工程");
	expect_none("“八个健全”");
	expect_none("政策体系[2],精准");
	expect_none("六类疏解对象");
	expect_none("四个方面");
	expect_none("两条腿走路");
	expect_none("六大主导产业");
	expect_none("七个一体化");
	expect_none("三方");
	expect_none("电话0312-5021234");
	expect_none("热线13812345678");
	expect_none("12345热线");
	expect_none("国道234顺平段");
	expect_none("307国道");
	expect_none("地铁R1线");
	expect_none("5G基站");
	expect_none("4、5、6号线");
	expect_none("一批项目,多个平台,若干措施");
	expect_none("最后一公里");
	expect_none("千家万户");
	expect_none("万人助万企");
	expect_none("零部件");
	expect_none("二〇三五年");
	expect_none("三年倍增计划");
	expect_none("千亿级开发区");
	expect_none("超百亿元企业");
	expect_none("50万元以上的达到");
	expect_none("5个月内完成");
	expect_none("1.");
	expect_none("数十家企业");
	expect_none("实施5000万元以上项目");
	expect_none("进入全省前10名");
	expect_none("新建110千伏变电站");
	expect_none("7×24小时服务");
	expect_none("PM2.5浓度");
	expect_none("1-9月份");
	expect_none("前三季度");
	expect_none("第十四个五年规划");
	expect_none("世界500强");
	expect_none("15分钟生活圈");
	expect_none("1小时经济圈");
	expect_none("五位一体");
	expect_none("实施“3个100”工程");
	expect_none("“一县一品、百亿产值”行动");
	expect_none("四张清单");
	expect_none("打好三场硬仗");
	expect_none("占全国的1/3");
}

static void test_several(void **state)
{
	got_t g;
	(void)state;
	g = scan("部署了9方面28条230余项改革任务");
	assert_int_equal(g.n, 3);
	assert_true(qeq(&g, 0, "9方面"));
	assert_true(qeq(&g, 1, "28条"));
	assert_true(qeq(&g, 2, "230余项"));
	g = scan("一期17个村11个安置区152栋楼如期交付");
	assert_int_equal(g.n, 3);
	assert_true(qeq(&g, 2, "152栋"));
	g = scan("由32%下降到18.5%");
	assert_int_equal(g.n, 2);
	assert_false(g.q[0].is_range);
}

static int stop_at_first(const qty_t *q, void *ctx)
{
	(void)q;
	(void)ctx;
	return 7;
}

static void test_callback_stop(void **state)
{
	(void)state;
	assert_int_equal(qty_scan("3家和4家", strlen("3家和4家"), stop_at_first, NULL), 7);
	assert_int_equal(qty_scan("", 0, stop_at_first, NULL), 0);
	/* invalid UTF-8 and a truncated sequence do not derail the scan */
	got_t g = scan("\xff\xfe 12家 \xe4\xb8");
	assert_int_equal(g.n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arabic),
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_magnitude_and_base),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_percent_and_multiples),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_qualifiers),
		cmocka_unit_test(test_not_quantities),
		cmocka_unit_test(test_several),
		cmocka_unit_test(test_callback_stop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
