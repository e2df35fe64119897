/* test_project.c — unit tests of project_extract: names after "总投资X的" and before
 * "，总投资X", phase lists, stage and place, aggregates that are not projects, glossary
 * notes skipped, and allocation failure.  The text_t is built by hand (norm = decoded =
 * original, identity maps). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/mem.h"
#include "extract/project.h"
#include "lib/extract_fix.h"

#include <string.h>

static int run(xfix_t *f, const char *s)
{
	xfix_init(f, s, s, 0);
	return project_extract(f->d, &f->t, NULL, NULL);
}

static void test_name_after(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f, "总投资382亿元的长城汽车整车及零部件项目一期、二期竣工投入使用;"
				 "总投资128亿元的中国电科涞水产业园开工建设,"
				 "投资17亿元的普洛斯涿州现代服务业产业聚集区一期等投入运营。"),
			 0);
	assert_int_equal(f.d->projects.n, 3);
	const draft_project_t *p = &f.d->projects.v[0];
	assert_string_equal(p->name, "长城汽车整车及零部件项目一期、二期");
	assert_true(p->investment == 382);
	assert_string_equal(p->unit, "亿元");
	assert_true(p->base_investment == 38200000000.0);
	assert_string_equal(p->stage, "竣工");
	assert_int_equal(p->span.start, 0);
	p = &f.d->projects.v[1];
	assert_string_equal(p->name, "中国电科涞水产业园");
	assert_string_equal(p->stage, "开工");
	p = &f.d->projects.v[2];
	assert_string_equal(p->name, "普洛斯涿州现代服务业产业聚集区一期");
	assert_true(p->investment == 17);
	assert_null(p->place);
	xfix_free(&f);
}

static void test_name_before(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f, "加快推进涞水县汽车零部件产业园项目,总投资50亿元,年内新开工。"
				 "推进数据中心二期总投资3000万元。"
				 "加快推进保定智慧港建设项目,总投资6亿元。"),
			 0);
	assert_int_equal(f.d->projects.n, 3);
	assert_string_equal(f.d->projects.v[2].name, "保定智慧港建设项目");
	const draft_project_t *p = &f.d->projects.v[0];
	assert_string_equal(p->name, "涞水县汽车零部件产业园项目");
	assert_string_equal(p->place, "涞水县");
	assert_string_equal(p->stage, "开工");
	assert_true(p->investment == 50);
	p = &f.d->projects.v[1];
	assert_string_equal(p->name, "数据中心二期");
	assert_string_equal(p->unit, "万元");
	assert_true(p->base_investment == 30000000.0);
	xfix_free(&f);
}

static void test_other_shapes(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f, "投资20亿元建设涿州智慧物流产业园,目前已开工。"
				 "安新县白洋淀生态修复工程(总投资8.6亿元)加快推进。"
				 "位于定兴县的京雄数据中心项目,总投资12亿元,计划年底竣工。"),
			 0);
	assert_int_equal(f.d->projects.n, 3);
	assert_string_equal(f.d->projects.v[0].name, "涿州智慧物流产业园");
	assert_string_equal(f.d->projects.v[0].stage, "开工");
	assert_string_equal(f.d->projects.v[1].name, "安新县白洋淀生态修复工程");
	assert_string_equal(f.d->projects.v[1].place, "安新县");
	assert_null(f.d->projects.v[1].stage);
	assert_string_equal(f.d->projects.v[2].name, "京雄数据中心项目");
	assert_string_equal(f.d->projects.v[2].place, "定兴县");
	assert_string_equal(f.d->projects.v[2].stage, "竣工");
	xfix_free(&f);
}

static void test_aggregates(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f, "106个项目总投资308.12亿元。"
				 "加快推进空天信息产业园、软件产业园等总投资308."
				 "12亿元的106个新一代电子信息产业项目建设。"
				 "京津保协同发展项目198项,总投资3838.74亿元;"
				 "白洋淀科技城13个项目集中签约,总投资达313亿元。"
				 "今年计划实施省市重点项目676个,总投资6658.3亿元。"
				 "今年计划投资62亿元。"
				 "全市重点项目总投资500亿元。"
				 "A项目、B项目等总投资30亿元的项目集中开工。"
				 "投资5亿元建设一批项目。"),
			 0);
	assert_int_equal(f.d->projects.n, 0);
	xfix_free(&f);
}

static void test_glossary_skipped(void **state)
{
	xfix_t f;
	(void)state;
	xfix_init(&f, "正文。\n[3]“项目编制营”:总投资10亿元的示范产业园。\n",
		  "正文。\n[3]“项目编制营”:总投资10亿元的示范产业园。\n", 0);
	draft_gloss_t *g = DRAFT_PUSH(f.d, glossary);
	assert_non_null(g);
	g->norm_start = (size_t)(strstr(f.t.z, "[3]") - f.t.z);
	g->norm_end = f.t.n;
	assert_int_equal(project_extract(f.d, &f.t, NULL, NULL), 0);
	assert_int_equal(f.d->projects.n, 0);
	xfix_free(&f);
}

static void test_node(void **state)
{
	xfix_t f;
	(void)state;
	xfix_init(&f, "一、项目建设\n总投资120亿元的国际汽车零部件产业园开工。\n",
		  "一、项目建设\n总投资120亿元的国际汽车零部件产业园开工。\n", 0);
	draft_node_t *nd = DRAFT_PUSH(f.d, nodes);
	assert_non_null(nd);
	nd->id = 1;
	nd->norm_start = 0;
	nd->norm_end = f.t.n;
	assert_int_equal(project_extract(f.d, &f.t, NULL, NULL), 0);
	assert_int_equal(f.d->projects.n, 1);
	assert_int_equal(f.d->projects.v[0].node, 1);
	xfix_free(&f);
}

static void test_nomem(void **state)
{
	xfix_t f;
	err_t e;
	(void)state;
	xfix_init(&f, "总投资128亿元的中国电科涞水产业园开工建设。",
		  "总投资128亿元的中国电科涞水产业园开工建设。", 1);
	assert_int_equal(project_extract(f.d, &f.t, NULL, &e), ERR_NOMEM);
	assert_int_equal(e.code, ERR_NOMEM);
	xfix_free(&f);
	for (long k = 0; k < 20; k++) {
		xfix_init(&f, "总投资128亿元的中国电科涞水产业园开工建设。",
			  "总投资128亿元的中国电科涞水产业园开工建设。", 0);
		mem_fail_after(k);
		int rc = project_extract(f.d, &f.t, NULL, NULL);
		mem_fail_after(-1);
		assert_true(rc == 0 || rc == ERR_NOMEM);
		xfix_free(&f);
		if (rc == 0)
			break;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_after),
		cmocka_unit_test(test_name_before),
		cmocka_unit_test(test_other_shapes),
		cmocka_unit_test(test_aggregates),
		cmocka_unit_test(test_glossary_skipped),
		cmocka_unit_test(test_node),
		cmocka_unit_test(test_nomem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
