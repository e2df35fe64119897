/* province.h — the province-sized supervision ledger of the benchmarks, shared by
 * bench/ledger (store and model timings) and bench/api (the HTTP API under wrk): 2 000
 * units, 20 plans, 100 000 nodes, 300 000 targets, 20 000 projects and 1 000 000 reports
 * at scale 1, from a fixed-seed PRNG, loaded through the store API (every write with its
 * audit row and search document) in large transactions.
 *
 * Header-only (static inline) because each bench/<name>/ folder is built as one program
 * from its own .c files (Makefile); the includer needs "store/store.h" and -Ibench. */
#ifndef DUBAN_BENCH_PROVINCE_H
#define DUBAN_BENCH_PROVINCE_H

#include "base/mem.h"
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Wall-clock seconds; with BENCH_CLOCK=cpu in the environment, this process's CPU
 * seconds instead (for comparing changes on a machine that others share). */
static inline double now_s(void)
{
	struct timespec ts;
	const char *c = getenv("BENCH_CLOCK");
	clock_gettime(c && strcmp(c, "cpu") == 0 ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define BENCH_TX_ROWS 20000 /* writes per transaction while loading */
#define BENCH_PERIODS 12    /* 2024-01 .. 2024-12 */

static const str_t actor = STR_LIT("bench");

/* splitmix64: a fixed seed gives the same ledger on every run */
static unsigned long long rng_state = 0x6475626164756261ull;

static inline unsigned long long rng_next(void)
{
	unsigned long long z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline long long rng_below(long long n)
{
	return n > 0 ? (long long)(rng_next() % (unsigned long long)n) : 0;
}

/* ---- the ledger ---- */

typedef struct sizes {
	long long units, nodes, targets, projects, reports, plans;
} sizes_t;

typedef struct ledger {
	sizes_t n;
	long long *unit_ids;    /* [n.units] */
	long long *node_ids;    /* [n.nodes] */
	long long *node_lead;   /* [n.nodes] the lead unit */
	long long *target_ids;  /* [n.targets] */
	long long *target_node; /* [n.targets] index into node_ids */
	long long *proj_ids;    /* [n.projects] */
	long long *proj_owner;  /* [n.projects] */
	long long *plan_ids;    /* [n.plans] */
	long long max_unit_id;
	long long big_unit; /* a department with a large subtree */
} ledger_t;

static inline long long scaled(double scale, long long full, long long min)
{
	long long v = llround((double)full * scale);
	return v < min ? min : v;
}

static inline void ledger_sizes(double scale, sizes_t *n)
{
	n->units = scaled(scale, 2000, 4);
	n->nodes = scaled(scale, 100000, 10);
	n->targets = scaled(scale, 300000, 10);
	n->projects = scaled(scale, 20000, 4);
	n->reports = scaled(scale, 1000000, 10);
	n->plans = scaled(scale, 20, 1);
}

static inline int ledger_alloc(ledger_t *l)
{
	l->unit_ids = mem_calloc((size_t)l->n.units, sizeof(long long));
	l->node_ids = mem_calloc((size_t)l->n.nodes, sizeof(long long));
	l->node_lead = mem_calloc((size_t)l->n.nodes, sizeof(long long));
	l->target_ids = mem_calloc((size_t)l->n.targets, sizeof(long long));
	l->target_node = mem_calloc((size_t)l->n.targets, sizeof(long long));
	l->proj_ids = mem_calloc((size_t)l->n.projects, sizeof(long long));
	l->proj_owner = mem_calloc((size_t)l->n.projects, sizeof(long long));
	l->plan_ids = mem_calloc((size_t)l->n.plans, sizeof(long long));
	return l->unit_ids && l->node_ids && l->node_lead && l->target_ids && l->target_node &&
			       l->proj_ids && l->proj_owner && l->plan_ids
		       ? 0
		       : ERR_NOMEM;
}

static inline void ledger_free(ledger_t *l)
{
	mem_free(l->unit_ids);
	mem_free(l->node_ids);
	mem_free(l->node_lead);
	mem_free(l->target_ids);
	mem_free(l->target_node);
	mem_free(l->proj_ids);
	mem_free(l->proj_owner);
	mem_free(l->plan_ids);
}

/* Commits every BENCH_TX_ROWS writes and opens the next transaction. */
static inline int tx_tick(store_t *s, long long *count, err_t *e)
{
	if (++*count % BENCH_TX_ROWS != 0)
		return 0;
	int rc = store_commit(s, e);
	return rc < 0 ? rc : store_begin(s, e);
}

/* The province (unit 0), 5% departments and counties under it, the rest below those:
 * a tree of depth up to four. */
static inline int load_units(store_t *s, ledger_t *l, long long *count, err_t *e)
{
	char name[64];
	long long top = l->n.units / 20 + 1;
	for (long long i = 0; i < l->n.units; i++) {
		long long parent = i == 0     ? 0
				   : i <= top ? l->unit_ids[0]
					      : l->unit_ids[1 + rng_below(i - 1)];
		snprintf(name, sizeof(name), "单位%05lld", i);
		store_unit_t u = { .parent_id = parent,
				   .name = str_from_cstr(name),
				   .kind = str_from_cstr(i == 0     ? "province"
							 : i <= top ? "department"
								    : "county") };
		int rc = store_unit_add(s, actor, &u, e);
		if (rc == 0)
			rc = tx_tick(s, count, e);
		if (rc < 0)
			return rc;
		l->unit_ids[i] = u.id;
		if (u.id > l->max_unit_id)
			l->max_unit_id = u.id;
	}
	l->big_unit = l->unit_ids[l->n.units > 1 ? 1 : 0];
	return 0;
}

static inline int load_plans_nodes(store_t *s, ledger_t *l, long long *count, err_t *e)
{
	char title[96];
	for (long long i = 0; i < l->n.plans; i++) {
		snprintf(title, sizeof(title), "第%lld号实施方案", i + 1);
		store_plan_t p = { .title = str_from_cstr(title),
				   .year = 2024,
				   .state = STR_LIT("active") };
		int rc = store_plan_add(s, actor, &p, e);
		if (rc < 0)
			return rc;
		l->plan_ids[i] = p.id;
	}
	for (long long i = 0; i < l->n.nodes; i++) {
		long long plan = i % l->n.plans;
		/* every fifth node of a plan is a top-level area, the others hang under one of
		 * the four nodes added to the same plan just before */
		long long up = i - l->n.plans * (1 + i % 4);
		long long parent = (i / l->n.plans) % 5 == 0 || up < 0 ? 0 : l->node_ids[up];
		snprintf(title, sizeof(title), "第%lld项任务：推进重点工作落实，确保取得实效",
			 i + 1);
		l->node_lead[i] = l->unit_ids[rng_below(l->n.units)];
		store_node_t n = { .plan_id = l->plan_ids[plan],
				   .parent_id = parent,
				   .seq = (int)(i / l->n.plans),
				   .label = STR_LIT("（一）"),
				   .title = str_from_cstr(title),
				   .deadline = STR_LIT("2024-12-31"),
				   .lead_unit_id = l->node_lead[i] };
		int rc = store_node_add(s, actor, &n, e);
		if (rc == 0)
			rc = tx_tick(s, count, e);
		if (rc < 0)
			return rc;
		l->node_ids[i] = n.id;
	}
	return 0;
}

static inline int load_targets_projects(store_t *s, ledger_t *l, long long *count, err_t *e)
{
	char text[128];
	for (long long i = 0; i < l->n.targets; i++) {
		long long node = rng_below(l->n.nodes);
		double base = 10.0 + (double)rng_below(1000);
		snprintf(text, sizeof(text), "指标%lld达到%.0f", i + 1, base * 1.2);
		store_target_t t = { .node_id = l->node_ids[node],
				     .indicator = str_from_cstr(text),
				     .verb = STR_LIT("达到"),
				     .has_value = true,
				     .value = base * 1.2,
				     .has_baseline = true,
				     .baseline = base,
				     .unit = STR_LIT("亿元"),
				     .text = str_from_cstr(text) };
		int rc = store_target_add(s, actor, &t, e);
		if (rc == 0)
			rc = tx_tick(s, count, e);
		if (rc < 0)
			return rc;
		l->target_ids[i] = t.id;
		l->target_node[i] = node;
	}
	for (long long i = 0; i < l->n.projects; i++) {
		snprintf(text, sizeof(text), "重点项目%lld号", i + 1);
		l->proj_owner[i] = l->unit_ids[rng_below(l->n.units)];
		store_project_t p = { .plan_id = l->plan_ids[i % l->n.plans],
				      .name = str_from_cstr(text),
				      .owner_unit_id = l->proj_owner[i],
				      .place = STR_LIT("某县"),
				      .stage = STR_LIT("在建"),
				      .total_invest = 10 + (double)rng_below(100),
				      .plan_invest = 5 + (double)rng_below(20) };
		int rc = store_project_add(s, actor, &p, e);
		if (rc == 0)
			rc = tx_tick(s, count, e);
		if (rc < 0)
			return rc;
		l->proj_ids[i] = p.id;
	}
	return 0;
}

/* Report k covers item k mod (items) in period k / (items): the ledger is reported on
 * month after month; the last month is partly missing, and one report in twenty stays a
 * draft. */
static inline int load_reports(store_t *s, ledger_t *l, long long *count, err_t *e)
{
	long long items = l->n.nodes + l->n.targets + l->n.projects;
	char period[16];
	for (long long k = 0; k < l->n.reports; k++) {
		long long i = k % items, month = 1 + (k / items) % BENCH_PERIODS;
		snprintf(period, sizeof(period), "2024-%02lld", month);
		store_report_t r = { .period = str_from_cstr(period), .has_value = true };
		if (i < l->n.nodes) {
			r.item_kind = STR_LIT("node");
			r.item_id = l->node_ids[i];
			r.unit_id = l->node_lead[i];
			r.actual_value = (double)(month * 8 + rng_below(10));
		} else if (i < l->n.nodes + l->n.targets) {
			long long t = i - l->n.nodes;
			r.item_kind = STR_LIT("target");
			r.item_id = l->target_ids[t];
			r.unit_id = l->node_lead[l->target_node[t]];
			r.actual_value = 10.0 + (double)rng_below(1200);
		} else {
			long long p = i - l->n.nodes - l->n.targets;
			r.item_kind = STR_LIT("project");
			r.item_id = l->proj_ids[p];
			r.unit_id = l->proj_owner[p];
			r.actual_value = (double)rng_below(20);
		}
		r.narrative = STR_LIT("按计划推进，进展顺利");
		int rc = store_report_put(s, actor, &r, rng_below(20) != 0, e);
		if (rc == 0)
			rc = tx_tick(s, count, e);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static inline int load(store_t *s, ledger_t *l, err_t *e)
{
	long long count = 0;
	int rc = store_begin(s, e);
	if (rc < 0)
		return rc;
	double t0 = now_s();
	rc = load_units(s, l, &count, e);
	if (rc == 0)
		rc = load_plans_nodes(s, l, &count, e);
	double t1 = now_s();
	if (rc == 0)
		rc = load_targets_projects(s, l, &count, e);
	double t2 = now_s();
	if (rc == 0)
		rc = load_reports(s, l, &count, e);
	if (rc == 0)
		rc = store_commit(s, e);
	else
		store_rollback(s, NULL);
	if (rc == 0) /* what an import does at its end: statistics for the planner */
		rc = store_analyze(s, e);
	double t3 = now_s();
	if (rc == 0)
		printf("load: %.1f s (units+plans+nodes %.1f s, targets+projects %.1f s, reports "
		       "%.1f s; %.0f writes/s, each with its audit row; store_analyze included)\n",
		       t3 - t0, t1 - t0, t2 - t1, t3 - t2, (double)count / (t3 - t0));
	return rc;
}

#endif
