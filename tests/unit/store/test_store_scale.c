/* test_store_scale.c — the store's contract for supervision at scale and backups:
 * store_status_rows / store_status_each (every item with its responsible unit, target,
 * baseline and latest counted report; plan, unit-subtree and kind filters),
 * store_report_history, and store_backup (a consistent copy while another connection
 * writes; refusing to overwrite).  Run against SQLite and, when DUBAN_TEST_PG_URL is set,
 * PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "lib/pgtest.h"
#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef pgtest_fx_t fx_t;

#define ACTOR STR_LIT("admin")
#define OK    PGTEST_OK
#define FAILS PGTEST_FAILS

static long long add_unit(fx_t *f, const char *name, long long parent)
{
	long long id = pgtest_add_unit(f->s, name, parent);
	assert_true(id > 0);
	return id;
}

static long long add_node(fx_t *f, long long plan, const char *title, long long lead)
{
	long long id = pgtest_add_node(f->s, plan, 0, 1, title, lead);
	assert_true(id > 0);
	return id;
}

static long long add_target(fx_t *f, long long node, const char *indicator, double value,
			    bool has_baseline, double baseline, const char *deadline)
{
	store_target_t t = { .node_id = node,
			     .indicator = str_from_cstr(indicator),
			     .has_value = true,
			     .value = value,
			     .has_baseline = has_baseline,
			     .baseline = baseline,
			     .deadline = str_from_cstr(deadline) };
	OK(store_target_add(f->s, ACTOR, &t, &e_));
	return t.id;
}

static long long put(fx_t *f, long long unit, const char *kind, long long item, const char *period,
		     double value, bool submit)
{
	store_report_t r = { .unit_id = unit,
			     .item_kind = str_from_cstr(kind),
			     .item_id = item,
			     .period = str_from_cstr(period),
			     .has_value = true,
			     .actual_value = value };
	OK(store_report_put(f->s, ACTOR, &r, submit, &e_));
	return r.id;
}

static const store_status_row_t *find(const store_status_row_t *rows, size_t n, const char *kind,
				      long long id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].item_kind, kind) == 0 && rows[i].item_id == id)
			return &rows[i];
	fail_msg("no status row for %s %lld", kind, id);
	return NULL;
}

/* ---- status rows ---- */

typedef struct ledger {
	long long city, dept, sub, county, plan, other_plan;
	long long n_dept, n_sub, n_county, n_none, n_other;
	long long t_gdp, t_rate, proj;
} ledger_t;

/* city > dept > sub; city > county.  Nodes led by dept, sub, county, nobody, and one in
 * another plan led by dept. */
static void make_ledger(fx_t *f, ledger_t *l)
{
	l->city = add_unit(f, "保定市", 0);
	l->dept = add_unit(f, "市发改委", l->city);
	l->sub = add_unit(f, "市重点项目办", l->dept);
	l->county = add_unit(f, "涞水县", l->city);
	l->plan = pgtest_add_plan(f->s);
	l->other_plan = pgtest_add_plan(f->s);
	assert_true(l->plan > 0 && l->other_plan > 0);
	l->n_dept = add_node(f, l->plan, "扩大有效投资", l->dept);
	l->n_sub = add_node(f, l->plan, "重点项目建设", l->sub);
	l->n_county = add_node(f, l->plan, "脱贫攻坚", l->county);
	l->n_none = add_node(f, l->plan, "尚未分工的任务", 0);
	l->n_other = add_node(f, l->other_plan, "另一规划的任务", l->dept);
	store_node_t n;
	OK(store_node_get(f->s, f->a, l->n_county, &n, &e_));
	n.deadline = STR_LIT("2024-12-31");
	OK(store_node_update(f->s, ACTOR, &n, &e_));
	l->t_gdp = add_target(f, l->n_dept, "生产总值", 7, true, 3.8, "");
	l->t_rate = add_target(f, l->n_county, "贫困发生率", 18.5, true, 32, "");
	store_project_t p = { .plan_id = l->plan,
			      .name = STR_LIT("京雄高速连接线"),
			      .owner_unit_id = l->sub,
			      .stage = STR_LIT("在建"),
			      .total_invest = 308.12,
			      .plan_invest = 62,
			      .done_invest = 34.2 };
	OK(store_project_add(f->s, ACTOR, &p, &e_));
	l->proj = p.id;
}

static void test_status_rows(void **state)
{
	fx_t *f = *state;
	err_t e;
	ledger_t l;
	make_ledger(f, &l);
	/* gdp: 2024-01 submitted, 2024-02 accepted, 2024-03 only a draft (not counted) */
	put(f, l.dept, "target", l.t_gdp, "2024-01", 1.5, true);
	long long feb = put(f, l.dept, "target", l.t_gdp, "2024-02", 3.1, true);
	OK(store_report_review(f->s, ACTOR, feb, true, STR_LIT("好"), &e_));
	put(f, l.dept, "target", l.t_gdp, "2024-03", 9.9, false);
	/* a report by another unit than the responsible one is not the item's latest */
	put(f, l.county, "target", l.t_gdp, "2024-04", 5, true);
	/* rate: returned, so nothing counted */
	long long r = put(f, l.county, "target", l.t_rate, "2024-01", 25, true);
	OK(store_report_review(f->s, ACTOR, r, false, STR_LIT("数据有误"), &e_));
	put(f, l.sub, "project", l.proj, "2024-Q1", 40, true);

	store_status_row_t *rows;
	size_t n;
	store_status_query_t q = { .plan_id = l.plan };
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(n, 4 + 2 + 1);
	assert_string_equal(rows[0].item_kind, "node"); /* nodes, targets, projects; by id */
	assert_string_equal(rows[4].item_kind, "target");
	assert_string_equal(rows[6].item_kind, "project");
	assert_true(rows[0].item_id < rows[1].item_id);

	const store_status_row_t *g = find(rows, n, "target", l.t_gdp);
	assert_int_equal(g->unit_id, l.dept);
	assert_int_equal(g->node_id, l.n_dept);
	assert_int_equal(g->plan_id, l.plan);
	assert_true(str_eq_cstr(g->title, "生产总值"));
	assert_true(g->has_target && g->target == 7.0);
	assert_true(g->has_baseline && g->baseline == 3.8);
	assert_int_equal(g->report_id, feb);
	assert_true(str_eq_cstr(g->period, "2024-02"));
	assert_true(str_eq_cstr(g->state, "accepted"));
	assert_true(g->has_value && g->value == 3.1);
	assert_int_equal(g->submitted_at.len, 20);

	const store_status_row_t *t = find(rows, n, "target", l.t_rate);
	assert_int_equal(t->unit_id, l.county);
	assert_int_equal(t->report_id, 0);
	assert_true(str_eq_cstr(t->deadline, "2024-12-31")); /* the node's, it has none */

	const store_status_row_t *p = find(rows, n, "project", l.proj);
	assert_int_equal(p->unit_id, l.sub);
	assert_true(p->plan_invest == 62 && p->done_invest == 34.2 && p->total_invest == 308.12);
	assert_true(str_eq_cstr(p->stage, "在建"));
	assert_true(str_eq_cstr(p->period, "2024-Q1"));
	assert_true(str_eq_cstr(p->state, "submitted"));

	const store_status_row_t *none = find(rows, n, "node", l.n_none);
	assert_int_equal(none->unit_id, 0);
	assert_false(none->has_target);
	assert_int_equal(none->report_id, 0);

	/* every plan */
	q.plan_id = 0;
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(n, 5 + 2 + 1);

	/* the returned report, put again as a draft: still nothing counted; submitted: it is */
	put(f, l.county, "target", l.t_rate, "2024-01", 24, false);
	q.kinds = STORE_STATUS_TARGETS;
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(find(rows, n, "target", l.t_rate)->report_id, 0);
	long long again = put(f, l.county, "target", l.t_rate, "2024-01", 24.5, true);
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	t = find(rows, n, "target", l.t_rate);
	assert_int_equal(t->report_id, again);
	assert_true(t->value == 24.5 && str_eq_cstr(t->state, "submitted"));
	/* a failed write leaves the latest report as it was */
	FAILS(ERR_CONFLICT, store_report_review(f->s, ACTOR, feb, false, STR_LIT("x"), &e));
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(find(rows, n, "target", l.t_gdp)->report_id, feb);
}

/* Field by field: the whole-ledger row (the ordered merge) equals the plan's (the probe). */
static void assert_same_row(const store_status_row_t *a, const store_status_row_t *b)
{
	assert_string_equal(a->item_kind, b->item_kind);
	assert_int_equal(a->item_id, b->item_id);
	assert_int_equal(a->plan_id, b->plan_id);
	assert_int_equal(a->node_id, b->node_id);
	assert_int_equal(a->unit_id, b->unit_id);
	assert_true(str_eq(a->title, b->title));
	assert_true(str_eq(a->deadline, b->deadline));
	assert_true(str_eq(a->stage, b->stage));
	assert_int_equal(a->has_target, b->has_target);
	assert_int_equal(a->has_baseline, b->has_baseline);
	assert_true(a->target == b->target && a->baseline == b->baseline);
	assert_true(a->total_invest == b->total_invest && a->plan_invest == b->plan_invest &&
		    a->done_invest == b->done_invest);
	assert_int_equal(a->report_id, b->report_id);
	assert_true(str_eq(a->period, b->period));
	assert_true(str_eq(a->state, b->state));
	assert_int_equal(a->has_value, b->has_value);
	assert_true(a->value == b->value);
	assert_true(str_eq(a->submitted_at, b->submitted_at));
	assert_true(str_eq(a->report_stage, b->report_stage));
}

/* The whole ledger is read as ordered merges (items with report_latest, targets with a
 * node map), a plan through probes: both give the same rows, including a target with a
 * verb and its own deadline, reports of a cooperating unit only, a node without a lead
 * unit and a project of no plan. */
static void test_status_whole_equals_plans(void **state)
{
	fx_t *f = *state;
	ledger_t l;
	make_ledger(f, &l);
	store_target_t t = { .node_id = l.n_other,
			     .indicator = STR_LIT("研发投入强度"),
			     .verb = STR_LIT("达到"),
			     .has_value = true,
			     .value = 2.5,
			     .deadline = STR_LIT("2025-06-30") };
	OK(store_target_add(f->s, ACTOR, &t, &e_));
	long long t_none = add_target(f, l.n_none, "新增就业", 11, false, 0, "");
	store_project_t p = { .name = STR_LIT("未入规划的项目"), .stage = STR_LIT("前期") };
	OK(store_project_add(f->s, ACTOR, &p, &e_));
	/* a node far above the others: the node map falls back from its dense table to a
	 * binary search */
	OK(store_exec_literal(f->s,
			      "INSERT INTO nodes (id, plan_id, title, deadline, lead_unit_id)"
			      " SELECT 900000, max(id), '编号很大的任务', '2025-03-31', (SELECT id"
			      " FROM units WHERE name = '市发改委') FROM plans",
			      &e_));
	long long t_far = add_target(f, 900000, "营业收入", 100, true, 80, "");
	put(f, l.dept, "target", t_far, "2024-03", 90, true);
	put(f, l.dept, "target", l.t_gdp, "2024-02", 3.1, true);
	put(f, l.county, "target", l.t_gdp, "2024-03", 5, true); /* not the lead unit */
	put(f, l.county, "target", t.id, "2024-03", 1.9, true);  /* only a helper reported */
	put(f, l.dept, "target", t.id, "2024-02", 1.2, true);
	put(f, l.dept, "target", t_none, "2024-02", 3, true); /* the node has no lead */
	put(f, l.dept, "node", l.n_dept, "2024-03", 50, true);
	put(f, l.sub, "node", l.n_dept, "2024-03", 70, true);
	put(f, l.sub, "project", l.proj, "2024-Q1", 40, true);

	store_status_row_t *all, *mine;
	size_t nall, nmine, k = 0;
	store_status_query_t q = { 0 };
	OK(store_status_rows(f->s, f->a, &q, &all, &nall, &e_));
	assert_int_equal(nall, 6 + 5 + 2);
	long long plans[] = { l.plan, l.other_plan };
	unsigned kinds[] = { STORE_STATUS_NODES, STORE_STATUS_TARGETS, STORE_STATUS_PROJECTS };
	for (size_t ki = 0; ki < 3; ki++)
		for (size_t pi = 0; pi < 2; pi++) {
			store_status_query_t pq = { .plan_id = plans[pi], .kinds = kinds[ki] };
			OK(store_status_rows(f->s, f->a, &pq, &mine, &nmine, &e_));
			for (size_t i = 0; i < nmine; i++, k++)
				assert_same_row(find(all, nall, mine[i].item_kind, mine[i].item_id),
						&mine[i]);
		}
	assert_int_equal(k, nall - 1); /* all but the project of no plan */
	const store_status_row_t *r = find(all, nall, "target", t.id);
	assert_true(str_eq_cstr(r->title, "研发投入强度 达到"));
	assert_true(str_eq_cstr(r->deadline, "2025-06-30"));
	assert_true(str_eq_cstr(r->period, "2024-02") && r->value == 1.2);
	assert_int_equal(find(all, nall, "target", t_none)->report_id, 0);
	r = find(all, nall, "target", t_far);
	assert_true(r->plan_id == l.other_plan && r->unit_id == l.dept && r->value == 90);
	assert_true(str_eq_cstr(r->deadline, "2025-03-31"));
	r = find(all, nall, "node", l.n_dept);
	assert_true(r->unit_id == l.dept && r->value == 50);
	r = find(all, nall, "project", p.id);
	assert_true(r->plan_id == 0 && r->unit_id == 0 && r->report_id == 0);
	assert_true(str_eq_cstr(r->stage, "前期"));
}

static void test_status_subtree_and_kinds(void **state)
{
	fx_t *f = *state;
	ledger_t l;
	make_ledger(f, &l);
	store_status_row_t *rows;
	size_t n;
	/* dept's subtree: dept and sub, not county, not the unassigned node */
	store_status_query_t q = { .plan_id = l.plan, .unit_id = l.dept };
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(n, 2 + 1 + 1);
	find(rows, n, "node", l.n_dept);
	find(rows, n, "node", l.n_sub);
	find(rows, n, "target", l.t_gdp);
	find(rows, n, "project", l.proj);
	/* every plan: the other plan's node too */
	q.plan_id = 0;
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(n, 5);
	find(rows, n, "node", l.n_other);
	/* a leaf unit */
	q.unit_id = l.county;
	q.kinds = STORE_STATUS_TARGETS;
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].item_id, l.t_rate);
	/* the whole city */
	q.unit_id = l.city;
	q.kinds = STORE_STATUS_NODES | STORE_STATUS_PROJECTS;
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(n, 4 + 1);
	/* a unit that does not exist: nothing */
	q.unit_id = 99999;
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(n, 0);
}

static int stop_after_two(const store_status_row_t *row, void *ud)
{
	(void)row;
	int *count = ud;
	return ++*count == 2 ? ERR_LIMIT : 0;
}

static void test_status_each_stops(void **state)
{
	fx_t *f = *state;
	err_t e;
	ledger_t l;
	make_ledger(f, &l);
	int count = 0;
	store_status_query_t q = { 0 };
	FAILS(ERR_LIMIT, store_status_each(f->s, &q, stop_after_two, &count, &e));
	assert_int_equal(count, 2);
}

static void test_report_history(void **state)
{
	fx_t *f = *state;
	ledger_t l;
	make_ledger(f, &l);
	put(f, l.dept, "node", l.n_dept, "2024-03", 3, true);
	put(f, l.dept, "node", l.n_dept, "2024-01", 1, true);
	put(f, l.county, "node", l.n_dept, "2024-02", 2, false);
	put(f, l.dept, "node", l.n_sub, "2024-01", 9, true);
	store_report_t *rs;
	size_t n;
	OK(store_report_history(f->s, f->a, STR_LIT("node"), l.n_dept, &rs, &n, &e_));
	assert_int_equal(n, 3);
	assert_true(str_eq_cstr(rs[0].period, "2024-01"));
	assert_true(str_eq_cstr(rs[1].period, "2024-02"));
	assert_int_equal(rs[1].unit_id, l.county);
	assert_true(str_eq_cstr(rs[2].period, "2024-03"));
	OK(store_report_history(f->s, f->a, STR_LIT("target"), l.n_dept, &rs, &n, &e_));
	assert_int_equal(n, 0);
}

/* Periods order by their ends, not as text: a quarterly report "2024-Q1" comes before the
 * monthly "2024-04" in the history, and "2024-04" is the latest; a year comes last. */
static void test_period_order_mixed(void **state)
{
	fx_t *f = *state;
	ledger_t l;
	make_ledger(f, &l);
	put(f, l.dept, "target", l.t_gdp, "2024-04", 4, true);
	put(f, l.dept, "target", l.t_gdp, "2024-Q1", 3, true);
	store_report_t *rs;
	size_t n;
	OK(store_report_history(f->s, f->a, STR_LIT("target"), l.t_gdp, &rs, &n, &e_));
	assert_int_equal(n, 2);
	assert_true(str_eq_cstr(rs[0].period, "2024-Q1"));
	assert_true(str_eq_cstr(rs[1].period, "2024-04"));
	store_status_row_t *rows;
	store_status_query_t q = { .plan_id = l.plan, .kinds = STORE_STATUS_TARGETS };
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_true(str_eq_cstr(find(rows, n, "target", l.t_gdp)->period, "2024-04"));
	put(f, l.dept, "target", l.t_gdp, "2024", 7, true);
	q.plan_id = 0; /* the whole ledger reads the same report_latest */
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_true(str_eq_cstr(find(rows, n, "target", l.t_gdp)->period, "2024"));
}

/* Statistics can be refreshed after an import, and the reads still answer the same. */
static void test_analyze(void **state)
{
	fx_t *f = *state;
	err_t e;
	ledger_t l;
	make_ledger(f, &l);
	OK(store_analyze(f->s, &e_));
	store_status_row_t *rows;
	size_t n;
	store_status_query_t q = { .unit_id = l.dept };
	OK(store_status_rows(f->s, f->a, &q, &rows, &n, &e_));
	assert_int_equal(n, 5);
	OK(store_begin(f->s, &e_));
	FAILS(ERR_USAGE, store_analyze(f->s, &e));
	OK(store_rollback(f->s, &e_));
}

/* ---- backup ---- */

typedef struct writer {
	const char *url;
	long long unit, node;
	atomic_int done;
	atomic_int stop;
	int rc;
} writer_t;

/* Submits one report per period on its own connection until told to stop. */
static void *writer_main(void *arg)
{
	writer_t *w = arg;
	err_t e;
	store_t *s = store_open(w->url, &e);
	if (s == NULL) {
		w->rc = e.code;
		return NULL;
	}
	char period[32];
	for (int i = 0; !atomic_load(&w->stop) && i < 100000; i++) {
		snprintf(period, sizeof(period), "P%06d", i);
		store_report_t r = { .unit_id = w->unit,
				     .item_kind = STR_LIT("node"),
				     .item_id = w->node,
				     .period = str_from_cstr(period),
				     .narrative = STR_LIT("按计划推进") };
		int rc = store_report_put(s, STR_LIT("writer"), &r, true, &e);
		if (rc == ERR_UNAVAILABLE)
			continue; /* busy: try the next one */
		if (rc < 0) {
			w->rc = rc;
			break;
		}
		atomic_fetch_add(&w->done, 1);
	}
	store_close(s);
	return NULL;
}

static long long count_audit(store_t *s, arena_t *a, const char *entity)
{
	store_audit_query_t q = { .entity = str_from_cstr(entity), .limit = 1000 };
	long long total = 0;
	for (;;) {
		store_audit_t *rows;
		size_t n;
		OK(store_audit_list(s, a, &q, &rows, &n, &e_));
		total += (long long)n;
		if (n < 1000)
			return total;
		q.after_id = rows[n - 1].id;
	}
}

static void test_backup_while_writing(void **state)
{
	fx_t *f = *state;
	err_t e;
	ledger_t l;
	make_ledger(f, &l);
	store_user_t u = { .name = STR_LIT("zhangsan"),
			   .pw_hash = STR_LIT("$argon2id$x"),
			   .role = STR_LIT("unit"),
			   .unit_id = l.dept };
	OK(store_user_add(f->s, ACTOR, &u, &e_));
	store_node_t coop;
	OK(store_node_get(f->s, f->a, l.n_dept, &coop, &e_));
	long long ids[] = { l.sub, l.county };
	OK(store_node_assign(f->s, ACTOR, l.n_dept, &coop.version, l.dept, ids, 2, &e_));

	writer_t w = { .url = f->url, .unit = l.dept, .node = l.n_dept };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, writer_main, &w), 0);
	while (atomic_load(&w.done) < 5 && w.rc == 0)
		usleep(1000);

	char path[512];
	assert_int_equal(pgtest_sqlite_path(path, sizeof(path)), 0);
	int rc = store_backup(f->s, path, &e);
	atomic_store(&w.stop, 1);
	pthread_join(th, NULL);
	assert_int_equal(w.rc, 0);
	if (rc != 0)
		fail_msg("store_backup: %s", e.msg);

	char url[600];
	snprintf(url, sizeof(url), "sqlite:%s", path);
	store_t *copy = store_open(url, &e);
	assert_non_null(copy);
	int version = 0;
	OK(store_migrate(copy, &version, &e_));
	assert_int_equal(version, STORE_SCHEMA_VERSION);
	assert_string_equal(store_backend_name(copy), "sqlite");

	/* consistent: each report came with its audit row in one transaction, so the copy
	 * has exactly as many of one as of the other, and at least those before the start */
	store_status_row_t *rows;
	size_t n;
	store_report_t *hist;
	size_t nh;
	OK(store_report_history(copy, f->a, STR_LIT("node"), l.n_dept, &hist, &nh, &e_));
	assert_true(nh >= 5);
	assert_int_equal((long long)nh, count_audit(copy, f->a, "report"));
	/* every row of everything else */
	store_status_query_t q = { 0 };
	OK(store_status_rows(copy, f->a, &q, &rows, &n, &e_));
	assert_int_equal(n, 5 + 2 + 1);
	const store_status_row_t *g = find(rows, n, "target", l.t_gdp);
	assert_true(g->has_baseline && g->baseline == 3.8);
	store_unit_t *units;
	OK(store_unit_list(copy, f->a, &units, &n, &e_));
	assert_int_equal(n, 4);
	assert_int_equal(units[2].parent_id, l.dept);
	store_user_t got;
	OK(store_user_get_by_name(copy, f->a, STR_LIT("zhangsan"), &got, &e_));
	assert_true(str_eq_cstr(got.pw_hash, "$argon2id$x"));
	store_node_t node;
	OK(store_node_get(copy, f->a, l.n_dept, &node, &e_));
	assert_int_equal(node.n_coop, 2);
	assert_int_equal(node.version, coop.version);
	assert_int_equal(count_audit(copy, f->a, "unit"), 4);
	assert_int_equal(count_audit(copy, f->a, "node"), 7); /* 5 adds, 1 update, 1 assign */
	store_hit_t *hits;
	OK(store_search(copy, f->a, STR_LIT("京雄高速"), 10, &hits, &n, &e_));
	assert_int_equal(n, 1);
	/* the copy is a working ledger: audit still immutable, writes go on */
	FAILS(ERR_DENIED, store_exec_literal(copy, "DELETE FROM audit", &e));
	long long unit = pgtest_add_unit(copy, "新单位", 0);
	assert_true(unit > 0);
	store_close(copy);
	pgtest_sqlite_remove(path);
}

static void test_backup_refuses(void **state)
{
	fx_t *f = *state;
	err_t e;
	char path[512];
	assert_int_equal(pgtest_sqlite_path(path, sizeof(path)), 0);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("keep me", fp);
	fclose(fp);
	FAILS(ERR_CONFLICT, store_backup(f->s, path, &e));
	fp = fopen(path, "r");
	char buf[16] = { 0 };
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_string_equal(buf, "keep me");
	unlink(path);

	FAILS(ERR_IO, store_backup(f->s, "/nonexistent-dir/x.db", &e));
	FAILS(ERR_INVALID, store_backup(f->s, "", &e));
	OK(store_begin(f->s, &e_));
	FAILS(ERR_USAGE, store_backup(f->s, path, &e));
	OK(store_rollback(f->s, &e_));
	assert_int_equal(access(path, F_OK), -1); /* nothing left behind */
}

static const pgtest_case_t contract[] = {
	PGTEST_CASE(test_status_rows),
	PGTEST_CASE(test_status_whole_equals_plans),
	PGTEST_CASE(test_status_subtree_and_kinds),
	PGTEST_CASE(test_status_each_stops),
	PGTEST_CASE(test_report_history),
	PGTEST_CASE(test_period_order_mixed),
	PGTEST_CASE(test_analyze),
	PGTEST_CASE(test_backup_while_writing),
	PGTEST_CASE(test_backup_refuses),
};

int main(void)
{
	return pgtest_run_contract(contract, sizeof contract / sizeof contract[0]) != 0;
}
