/* test_store_docs.c — the contract of schema v5 (store/docs.h, store/import.h): an
 * extracted draft written by store_import_draft with its results, glossary and source
 * document; spans mapped onto the stored text (also from GB18030 input); search over
 * documents and glossary; a failed import that changes nothing; promise checks.  Runs
 * against SQLite and, with DUBAN_TEST_PG_URL, PostgreSQL (as test_store_contract.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/mem.h"
#include "extract/extract.h"
#include "lib/pgtest.h"
#include "store/docs.h"
#include "store/import.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef pgtest_fx_t fx_t;

#define ACTOR STR_LIT("admin")
#define OK    PGTEST_OK
#define FAILS PGTEST_FAILS

/* A small plan in the shape of the seeds: an outline, a target, two results, a glossary
 * note cited in the body. */
static const char doc_text[] = "2024年保定市政府工作报告\n"
			       "一、2023年工作回顾\n"
			       "全市生产总值完成4000亿元，增长6.5%。营商环境持续优化[1]。\n"
			       "二、2024年主要目标\n"
			       "（一）经济发展\n"
			       "全市生产总值增长6%左右，一般公共预算收入增长5%。\n"
			       "注释：\n"
			       "[1]营商环境：企业在开办、经营等过程中面对的外部条件。\n";

static draft_t *extract(const char *data, size_t n)
{
	draft_t *d = NULL;
	extract_opts_t o = { .year = 2024 };
	err_t e;
	err_clear(&e);
	if (extract_run(data, n, &o, &d, &e) != 0)
		fail_msg("extract_run: %s", e.msg);
	return d;
}

static long long import(fx_t *f, const char *data, size_t n, store_import_counts_t *c)
{
	draft_t *d = extract(data, n);
	store_plan_t plan = { .title = STR_LIT("测试计划"),
			      .source = STR_LIT("report.txt"),
			      .year = 2024 };
	OK(store_import_draft(f->s, f->a, ACTOR, d, str_make(data, n), &plan, c, &e_));
	draft_free(d);
	assert_true(plan.id > 0);
	return plan.id;
}

/* The text of span [start, end) of the stored document. */
static str_t span_text(const store_document_t *doc, long long start, long long end)
{
	assert_true(start >= 0 && start <= end && (size_t)end <= doc->text.len);
	return str_make(doc->text.ptr + start, (size_t)(end - start));
}

static void check_import(fx_t *f, long long plan, const store_import_counts_t *c)
{
	assert_true(c->nodes >= 3);
	assert_true(c->targets >= 1);
	assert_true(c->results >= 1);
	assert_int_equal(c->glossary, 1);
	assert_true(c->document);

	store_document_t doc;
	OK(store_document_get(f->s, f->a, plan, &doc, &e_));
	assert_int_equal(doc.plan_id, plan);
	assert_true(str_eq_cstr(doc.file_name, "report.txt"));
	assert_true(doc.text.len > 0 && strstr(doc.text.ptr, "营商环境持续优化") != NULL);
	assert_true(doc.dropped_json.len >= 2 && doc.dropped_json.ptr[0] == '[');

	store_result_t *r;
	size_t n;
	OK(store_result_list(f->s, f->a, plan, &r, &n, &e_));
	assert_int_equal(n, c->results);
	bool gdp = false;
	for (size_t i = 0; i < n; i++) {
		str_t at = span_text(&doc, r[i].span_start, r[i].span_end);
		assert_true(str_eq(at, r[i].text)); /* the clause as stored, exactly */
		if (strstr(r[i].indicator.ptr, "生产总值") && str_eq_cstr(r[i].unit, "亿元")) {
			gdp = true;
			assert_true(r[i].value == 4000);
			assert_true(r[i].has_base && r[i].base_value == 4000e8);
			assert_true(str_eq_cstr(r[i].base_unit, "元"));
			assert_true(r[i].node_id > 0);
		}
	}
	assert_true(gdp);

	store_gloss_t *g;
	OK(store_glossary_list(f->s, f->a, plan, &g, &n, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(g[0].seq, 1);
	assert_true(strstr(g[0].term.ptr, "营商环境") != NULL);
	assert_true(strstr(g[0].definition.ptr, "外部条件") != NULL);
	assert_true(strstr(span_text(&doc, g[0].span_start, g[0].span_end).ptr, "[1]") != NULL);
	long long cs = 0, ce = 0;
	assert_int_equal(sscanf(g[0].cited_json.ptr, "[[%lld,%lld]]", &cs, &ce), 2);
	assert_true(str_eq_cstr(span_text(&doc, cs, ce), "[1]"));
}

static void test_import_utf8(void **state)
{
	fx_t *f = *state;
	store_import_counts_t c = { 0 };
	long long plan = import(f, doc_text, strlen(doc_text), &c);
	check_import(f, plan, &c);
	/* the import is audited: one summary row on the plan */
	store_audit_t *rows;
	size_t n;
	store_audit_query_t q = { .entity = STR_LIT("plan"), .entity_id = plan };
	OK(store_audit_list(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(n, 2); /* add, import */
	assert_true(str_eq_cstr(rows[1].action, "import"));
	assert_true(strstr(rows[1].after.ptr, "\"results\"") != NULL);
}

/* GB18030 input: spans over the original bytes land on the same clauses of the UTF-8
 * text that is stored. */
static void test_import_gb18030(void **state)
{
	fx_t *f = *state;
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char gb[4096];
	char *in = (char *)doc_text, *out = gb;
	size_t inleft = strlen(doc_text), outleft = sizeof gb;
	assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
	iconv_close(cd);
	store_import_counts_t c = { 0 };
	long long plan = import(f, gb, sizeof gb - outleft, &c);
	check_import(f, plan, &c);
	store_document_t doc;
	OK(store_document_get(f->s, f->a, plan, &doc, &e_));
	assert_true(str_eq_cstr(doc.encoding, "GB18030"));
	assert_int_equal(doc.bytes, (long long)(sizeof gb - outleft));
}

static void test_search_docs(void **state)
{
	fx_t *f = *state;
	store_import_counts_t c = { 0 };
	long long plan = import(f, doc_text, strlen(doc_text), &c);
	store_hit_t *h;
	size_t n;
	/* a phrase only in the document's text; Traditional finds Simplified */
	OK(store_search(f->s, f->a, STR_LIT("持續優化"), 0, &h, &n, &e_));
	bool doc = false, gloss = false;
	for (size_t i = 0; i < n; i++)
		doc |= str_eq_cstr(h[i].kind, STORE_KIND_DOCUMENT) && h[i].id == plan;
	assert_true(doc);
	OK(store_search(f->s, f->a, STR_LIT("外部条件"), 0, &h, &n, &e_));
	for (size_t i = 0; i < n; i++)
		gloss |= str_eq_cstr(h[i].kind, STORE_KIND_GLOSSARY);
	assert_true(gloss);
	/* node documents still replace themselves under the v5 keys */
	store_node_t *nodes;
	OK(store_node_list(f->s, f->a, plan, &nodes, &n, &e_));
	assert_true(n > 0);
	store_node_t nd = nodes[0];
	nd.title = STR_LIT("改过的标题甲乙丙");
	OK(store_node_update(f->s, ACTOR, &nd, &e_));
	OK(store_search(f->s, f->a, STR_LIT("改过的标题甲乙丙"), 0, &h, &n, &e_));
	assert_int_equal(n, 1);
	assert_true(str_eq_cstr(h[0].kind, STORE_KIND_NODE));
}

static long long count_plans(fx_t *f)
{
	store_plan_t *p;
	size_t n;
	OK(store_plan_list(f->s, f->a, &p, &n, &e_));
	return (long long)n;
}

/* A glossary note the store refuses (not UTF-8) rolls the whole import back: no plan,
 * no nodes, no search documents, no audit rows. */
static void test_import_rollback(void **state)
{
	fx_t *f = *state;
	long long audit0 = pgtest_audit_count(f->s, f->a);
	draft_t *d = extract(doc_text, strlen(doc_text));
	assert_true(d->glossary.n == 1);
	d->glossary.v[0].definition = "\xff\xfe bad";
	store_plan_t plan = { .title = STR_LIT("坏计划"), .year = 2024 };
	store_import_counts_t c = { 0 };
	err_t e;
	err_clear(&e);
	FAILS(ERR_INVALID, store_import_draft(f->s, f->a, ACTOR, d,
					      str_make(doc_text, strlen(doc_text)), &plan, &c, &e));
	assert_true(strstr(e.msg, "nothing written") != NULL);
	assert_int_equal(plan.id, 0);
	assert_int_equal(c.nodes, 0);
	assert_int_equal(count_plans(f), 0);
	assert_int_equal(pgtest_audit_count(f->s, f->a), audit0);
	store_hit_t *h;
	size_t n;
	OK(store_search(f->s, f->a, STR_LIT("营商环境"), 0, &h, &n, &e_));
	assert_int_equal(n, 0);
	/* inside an explicit transaction the failed import is undone on its own */
	OK(store_begin(f->s, &e_));
	assert_true(pgtest_add_unit(f->s, "市发改委", 0) > 0);
	FAILS(ERR_INVALID, store_import_draft(f->s, f->a, ACTOR, d,
					      str_make(doc_text, strlen(doc_text)), &plan, &c, &e));
	OK(store_commit(f->s, &e_));
	store_unit_t *u;
	OK(store_unit_list(f->s, f->a, &u, &n, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(count_plans(f), 0);
	draft_free(d);
	/* undecodable source bytes are refused before anything is written */
	d = extract(doc_text, strlen(doc_text));
	FAILS(ERR_INVALID,
	      store_import_draft(f->s, f->a, ACTOR, d, str_make("\0\1\2\3", 4), &plan, &c, &e));
	draft_free(d);
	assert_int_equal(count_plans(f), 0);
}

static void test_document_missing(void **state)
{
	fx_t *f = *state;
	store_document_t doc;
	err_t e;
	err_clear(&e);
	long long plan = pgtest_add_plan(f->s);
	FAILS(ERR_NOTFOUND, store_document_get(f->s, f->a, plan, &doc, &e));
	/* an import without source bytes stores no document */
	draft_t *d = extract(doc_text, strlen(doc_text));
	store_plan_t p = { .title = STR_LIT("无原文"), .year = 2024 };
	store_import_counts_t c = { 0 };
	OK(store_import_draft(f->s, f->a, ACTOR, d, STR_NULL, &p, &c, &e_));
	draft_free(d);
	assert_false(c.document);
	FAILS(ERR_NOTFOUND, store_document_get(f->s, f->a, p.id, &doc, &e));
}

static void test_promise(void **state)
{
	fx_t *f = *state;
	store_import_counts_t c = { 0 };
	long long plan = import(f, doc_text, strlen(doc_text), &c);
	long long later = import(f, doc_text, strlen(doc_text), &c);
	store_node_t *nodes;
	size_t n;
	OK(store_node_list(f->s, f->a, plan, &nodes, &n, &e_));
	long long target = 0;
	for (size_t i = 0; i < n && !target; i++) {
		store_target_t *t;
		size_t nt;
		OK(store_target_list(f->s, f->a, nodes[i].id, &t, &nt, &e_));
		if (nt)
			target = t[0].id;
	}
	assert_true(target > 0);
	store_result_t *r;
	OK(store_result_list(f->s, f->a, later, &r, &n, &e_));
	assert_true(n > 0);

	err_t e;
	err_clear(&e);
	store_promise_t p = { .target_id = target,
			      .against_plan_id = later,
			      .verdict = STR_LIT("unverified"),
			      .reason = STR_LIT("无对应结果") };
	OK(store_promise_put(f->s, ACTOR, &p, &e_));
	p.verdict = STR_LIT("met");
	p.result_id = r[0].id;
	p.reason = STR_LIT("实际6.5%，目标6%");
	OK(store_promise_put(f->s, ACTOR, &p, &e_));
	store_promise_t *rows;
	OK(store_promise_list(f->s, f->a, plan, later, &rows, &n, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].target_id, target);
	assert_int_equal(rows[0].result_id, r[0].id);
	assert_true(str_eq_cstr(rows[0].verdict, "met"));
	assert_true(str_eq_cstr(rows[0].reason, "实际6.5%，目标6%"));
	assert_true(rows[0].checked_at.len >= 20);
	OK(store_promise_list(f->s, f->a, plan, 0, &rows, &n, &e_));
	assert_int_equal(n, 1);
	OK(store_promise_list(f->s, f->a, later, 0, &rows, &n, &e_));
	assert_int_equal(n, 0);
	/* audited, the replacement with its before */
	store_audit_t *a;
	store_audit_query_t q = { .entity = STR_LIT("target"), .entity_id = target };
	OK(store_audit_list(f->s, f->a, &q, &a, &n, &e_));
	assert_int_equal(n, 3); /* add, promise_check, promise_check */
	assert_true(str_eq_cstr(a[2].action, "promise_check"));
	assert_true(strstr(a[2].before.ptr, "unverified") != NULL);
	assert_true(strstr(a[2].after.ptr, "\"met\"") != NULL);
	/* refusals */
	p.verdict = STR_LIT("maybe");
	FAILS(ERR_INVALID, store_promise_put(f->s, ACTOR, &p, &e));
	p.verdict = STR_LIT("missed");
	p.target_id = 999999;
	FAILS(ERR_INVALID, store_promise_put(f->s, ACTOR, &p, &e));
	p.target_id = target;
	p.result_id = 999999;
	FAILS(ERR_INVALID, store_promise_put(f->s, ACTOR, &p, &e));
	OK(store_promise_list(f->s, f->a, plan, later, &rows, &n, &e_));
	assert_true(n == 1 && str_eq_cstr(rows[0].verdict, "met"));
}

/* A backup (SQLite: the backup API; PostgreSQL: the table-by-table export) holds the
 * documents, results, glossary and promise checks. */
static void test_backup(void **state)
{
	fx_t *f = *state;
	store_import_counts_t c = { 0 };
	long long plan = import(f, doc_text, strlen(doc_text), &c);
	store_node_t *nodes;
	size_t n;
	OK(store_node_list(f->s, f->a, plan, &nodes, &n, &e_));
	store_target_t *t = NULL;
	for (size_t i = 0; i < n && !t; i++) {
		size_t nt;
		OK(store_target_list(f->s, f->a, nodes[i].id, &t, &nt, &e_));
		if (nt == 0)
			t = NULL;
	}
	assert_non_null(t);
	store_promise_t p = { .target_id = t[0].id,
			      .against_plan_id = plan,
			      .verdict = STR_LIT("missed"),
			      .reason = STR_LIT("测试") };
	OK(store_promise_put(f->s, ACTOR, &p, &e_));
	char path[512], url[600];
	assert_int_equal(pgtest_sqlite_path(path, sizeof path), 0);
	OK(store_backup(f->s, path, &e_));
	snprintf(url, sizeof url, "sqlite:%s", path);
	store_t *copy = store_open(url, NULL);
	assert_non_null(copy);
	store_document_t doc;
	store_result_t *r;
	store_gloss_t *g;
	store_promise_t *pr;
	OK(store_document_get(copy, f->a, plan, &doc, &e_));
	assert_true(strstr(doc.text.ptr, "营商环境持续优化") != NULL);
	OK(store_result_list(copy, f->a, plan, &r, &n, &e_));
	assert_int_equal(n, c.results);
	OK(store_glossary_list(copy, f->a, plan, &g, &n, &e_));
	assert_int_equal(n, 1);
	OK(store_promise_list(copy, f->a, plan, plan, &pr, &n, &e_));
	assert_true(n == 1 && str_eq_cstr(pr[0].verdict, "missed"));
	store_hit_t *h;
	OK(store_search(copy, f->a, STR_LIT("外部条件"), 0, &h, &n, &e_));
	assert_true(n >= 1);
	store_close(copy);
	pgtest_sqlite_remove(path);
}

static const pgtest_case_t contract[] = {
	PGTEST_CASE(test_import_utf8),      PGTEST_CASE(test_import_gb18030),
	PGTEST_CASE(test_search_docs),      PGTEST_CASE(test_import_rollback),
	PGTEST_CASE(test_document_missing), PGTEST_CASE(test_promise),
	PGTEST_CASE(test_backup),
};

int main(void)
{
	return pgtest_run_contract(contract, sizeof contract / sizeof contract[0]) != 0;
}
