/* test_place.c — unit tests of place_extract: departments, zones, gazetteer places with
 * their short forms, enterprises, the words that must not match, node assignment,
 * display script and allocation failure.  The text_t is built by hand (norm = decoded =
 * original, identity maps) so the module is tested without the text layer's rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/embed.h"
#include "base/mem.h"
#include "extract/place.h"
#include "lib/extract_fix.h"

#include <string.h>

static int run(xfix_t *f, const char *s)
{
	xfix_init(f, s, s, 0);
	return place_extract(f->d, &f->t, NULL, NULL);
}

/* The unit named name, or NULL. */
static const draft_unit_t *unit(const xfix_t *f, const char *name)
{
	for (size_t i = 0; i < f->d->units.n; i++)
		if (strcmp(f->d->units.v[i].name, name) == 0)
			return &f->d->units.v[i];
	return NULL;
}

static void expect(const xfix_t *f, const char *name, const char *kind)
{
	const draft_unit_t *u = unit(f, name);

	if (!u)
		fail_msg("unit %s not found", name);
	assert_string_equal(u->kind, kind);
	assert_int_equal(u->span.end - u->span.start, strlen(name));
	assert_memory_equal(f->t.orig + u->span.start, name, strlen(name));
}

static void test_departments(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f, "市发改委召开会议，市住建局、市国资委和省委改革办参加；"
				 "市市场监督管理局、县教育局和区应急管理局表示。"),
			 0);
	expect(&f, "市发改委", "department");
	expect(&f, "市住建局", "department");
	expect(&f, "市国资委", "department");
	expect(&f, "省委改革办", "department");
	expect(&f, "市市场监督管理局", "department");
	expect(&f, "县教育局", "department");
	expect(&f, "区应急管理局", "department");
	assert_int_equal(f.d->units.n, 7);
	xfix_free(&f);
}

static void test_department_with_place(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f, "中共廊坊市委研究室(市委改革办)副主任，石家庄市发改委"), 0);
	expect(&f, "廊坊市委研究室", "department");
	expect(&f, "市委改革办", "department");
	expect(&f, "石家庄市发改委", "department");
	assert_null(unit(&f, "廊坊市"));
	xfix_free(&f);
}

static void test_generic_department(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f, "市城乡水务局和省外事厅"), 0);
	expect(&f, "市城乡水务局", "department");
	expect(&f, "省外事厅", "department");
	xfix_free(&f);
}

static void test_not_units(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f, "服从全市发展大局，打造城市会客厅，建设超市和社区，"
				 "激发市场主体活力，加快新区建设，提升开发区能级，"
				 "推动京津冀区域协同，我市接诉即办，贸易县域，每个县，市委全会，"
				 "聘请天津大学团队，与36家央企集团签约，确保定期推进，"
				 "均衡水平，传承德治，推动新华区块链应用"),
			 0);
	for (size_t i = 0; i < f.d->units.n; i++)
		fail_msg("unexpected unit %s (%s)", f.d->units.v[i].name, f.d->units.v[i].kind);
	xfix_free(&f);
}

static void test_gazetteer_full_names(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f, "涿州市、涞水县和易县，特别是阜平县；北京通州区与天津滨海新区，"
				 "保定市竞秀区"),
			 0);
	expect(&f, "涿州市", "city");
	expect(&f, "涞水县", "county");
	expect(&f, "易县", "county");
	expect(&f, "阜平县", "county");
	expect(&f, "通州区", "district");
	expect(&f, "滨海新区", "district");
	expect(&f, "保定市", "city");
	expect(&f, "竞秀区", "district");
	expect(&f, "北京", "city");
	expect(&f, "天津", "city");
	xfix_free(&f);
}

static void test_short_forms(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f, "河北省三河、大厂、香河三县市，廊坊固安数字中心，高碑店"), 0);
	expect(&f, "三河", "city");
	expect(&f, "大厂", "county");
	expect(&f, "香河", "county");
	expect(&f, "廊坊", "city");
	expect(&f, "固安", "county");
	expect(&f, "高碑店", "city");
	xfix_free(&f);

	/* without context a two-character short form is a word */
	assert_int_equal(run(&f, "建设大厂房，三河汇流，安平发展"), 0);
	assert_int_equal(f.d->units.n, 0);
	xfix_free(&f);
}

static void test_zones(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f, "高新区和经开区，服务雄安新区建设，聚焦廊坊开发区，"
				 "涿州经济开发区，推动临空经济区建设"),
			 0);
	expect(&f, "高新区", "zone");
	expect(&f, "经开区", "zone");
	expect(&f, "雄安新区", "zone");
	expect(&f, "廊坊开发区", "zone");
	expect(&f, "涿州经济开发区", "zone");
	expect(&f, "临空经济区", "zone");
	assert_null(unit(&f, "廊坊"));
	assert_null(unit(&f, "安新"));
	xfix_free(&f);
}

static void test_enterprises(void **state)
{
	xfix_t f;
	(void)state;
	assert_int_equal(run(&f, "加强与国药集团、中集集团等沟通对接。作为市属国企，"
				 "石家庄交投集团表示；对接中国电子科技集团有限公司。"
				 "吸引央企二、三级子公司，国内知名快递公司和跨境电商平台公司，"
				 "企业集团化"),
			 0);
	expect(&f, "国药集团", "enterprise");
	expect(&f, "中集集团", "enterprise");
	expect(&f, "石家庄交投集团", "enterprise");
	expect(&f, "中国电子科技集团有限公司", "enterprise");
	assert_null(unit(&f, "石家庄"));
	assert_int_equal(f.d->units.n, 4);
	xfix_free(&f);
}

static void test_nodes_and_dedupe(void **state)
{
	xfix_t f;
	const char *s = "市发改委和市发改委\n市发改委";
	size_t nl = strchr(s, '\n') - s;
	draft_node_t *n1, *n2;
	(void)state;

	xfix_init(&f, s, s, 0);
	n1 = DRAFT_PUSH(f.d, nodes);
	n2 = DRAFT_PUSH(f.d, nodes);
	assert_non_null(n1);
	assert_non_null(n2);
	*n1 = (draft_node_t){ .id = 1, .level = 1, .norm_start = 0, .norm_end = nl + 1 };
	*n2 = (draft_node_t){ .id = 2, .level = 1, .norm_start = nl + 1, .norm_end = f.t.n };
	assert_int_equal(place_extract(f.d, &f.t, NULL, NULL), 0);
	assert_int_equal(f.d->units.n, 2);
	assert_int_equal(f.d->units.v[0].node, 1);
	assert_int_equal(f.d->units.v[1].node, 2);
	assert_int_equal(f.d->units.v[1].span.start, nl + 1);
	xfix_free(&f);
}

static void test_traditional_display(void **state)
{
	xfix_t f;
	extract_opts_t o = { .simplified = false };
	(void)state;

	xfix_init(&f, "市发改委和涞水县", "市發改委和淶水縣", 0);
	assert_int_equal(place_extract(f.d, &f.t, &o, NULL), 0);
	assert_int_equal(f.d->units.n, 2);
	assert_string_equal(f.d->units.v[0].name, "市發改委");
	assert_string_equal(f.d->units.v[1].name, "淶水縣");
	assert_string_equal(f.d->units.v[1].kind, "county");
	xfix_free(&f);

	o.simplified = true;
	xfix_init(&f, "市发改委和涞水县", "市發改委和淶水縣", 0);
	assert_int_equal(place_extract(f.d, &f.t, &o, NULL), 0);
	assert_string_equal(f.d->units.v[0].name, "市发改委");
	xfix_free(&f);
}

/* Every gazetteer row is found by its full name with its kind, and every parent names a
 * prefecture-level city of the gazetteer; Hebei's eleven cities are there. */
static void test_gazetteer_rows(void **state)
{
	str_t data, rest, line;
	size_t rows = 0, cities = 0;
	(void)state;

	assert_int_equal(embed_find("gazetteer.tsv", &data), 0);
	for (rest = data; rest.ptr && rest.len;) {
		str_t f[4], r;
		char doc[128];
		xfix_t fx;
		rest = str_split(rest, '\n', &line);
		if (!line.len || line.ptr[0] == '#')
			continue;
		r = line;
		for (int i = 0; i < 4; i++)
			r = str_split(r, '\t', &f[i]);
		snprintf(doc, sizeof doc, "在%.*s工作", STR_FMT(f[0]));
		assert_int_equal(run(&fx, doc), 0);
		if (fx.d->units.n != 1 || !str_eq_cstr(f[0], fx.d->units.v[0].name) ||
		    !str_eq_cstr(f[1], fx.d->units.v[0].kind))
			fail_msg("gazetteer row %.*s (%.*s) not found as such", STR_FMT(f[0]),
				 STR_FMT(f[1]));
		xfix_free(&fx);
		if (f[2].len) {
			char pat[64];
			snprintf(pat, sizeof pat, "\n%.*s\tcity\t\t", STR_FMT(f[2]));
			assert_true(str_find(data, str_from_cstr(pat), 0) >= 0);
		} else {
			cities++;
		}
		rows++;
	}
	assert_true(rows > 200);
	assert_int_equal(cities, 13); /* 11 in Hebei, Beijing, Tianjin */
}

/* Through the whole pipeline: Traditional input is matched through the norm text. */
static void test_pipeline_traditional(void **state)
{
	static const char doc[] = "一、總體要求\n市發改委、淶水縣和涿州市牽頭，高新區配合。\n";
	extract_opts_t o = { 0 };
	draft_t *d = NULL;
	err_t e;
	(void)state;

	assert_int_equal(extract_run(doc, sizeof doc - 1, &o, &d, &e), 0);
	assert_int_equal(d->units.n, 4);
	assert_string_equal(d->units.v[0].name, "市發改委");
	assert_string_equal(d->units.v[0].kind, "department");
	assert_string_equal(d->units.v[1].name, "淶水縣");
	assert_string_equal(d->units.v[1].kind, "county");
	assert_string_equal(d->units.v[2].name, "涿州市");
	assert_string_equal(d->units.v[3].name, "高新區");
	assert_string_equal(d->units.v[3].kind, "zone");
	assert_memory_equal(doc + d->units.v[1].span.start, "淶水縣", strlen("淶水縣"));
	for (size_t i = 0; i < d->units.n; i++)
		assert_int_equal(d->units.v[i].node, d->nodes.n ? d->nodes.v[0].id : 0);
	draft_free(d);

	o.simplified = true;
	assert_int_equal(extract_run(doc, sizeof doc - 1, &o, &d, &e), 0);
	assert_int_equal(d->units.n, 4);
	assert_string_equal(d->units.v[1].name, "涞水县");
	draft_free(d);
}

static void test_empty_and_nomem(void **state)
{
	xfix_t f;
	err_t e;
	(void)state;

	assert_int_equal(run(&f, ""), 0);
	assert_int_equal(f.d->units.n, 0);
	xfix_free(&f);

	xfix_init(&f, "市发改委", "市发改委", 64); /* the arena cannot take a block */
	err_clear(&e);
	assert_int_equal(place_extract(f.d, &f.t, NULL, &e), ERR_NOMEM);
	assert_int_equal(e.code, ERR_NOMEM);
	assert_true(strlen(e.msg) > 0);
	xfix_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_departments),
		cmocka_unit_test(test_department_with_place),
		cmocka_unit_test(test_generic_department),
		cmocka_unit_test(test_not_units),
		cmocka_unit_test(test_gazetteer_full_names),
		cmocka_unit_test(test_short_forms),
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_enterprises),
		cmocka_unit_test(test_nodes_and_dedupe),
		cmocka_unit_test(test_traditional_display),
		cmocka_unit_test(test_gazetteer_rows),
		cmocka_unit_test(test_pipeline_traditional),
		cmocka_unit_test(test_empty_and_nomem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
