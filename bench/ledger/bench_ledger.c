/* bench_ledger.c — a province-sized supervision ledger: load it through the store API
 * (every write with its audit row and search document, in large transactions), then time
 * what the office does every day: whole-ledger status and the ranking of units through
 * the supervision picture (store/picture.h: store_status_each + the model's rules, the
 * code behind `duban status`, `duban rank` and the API), status of one unit's subtree, one node with its targets and report history, and the not-reported
 * list for a period.  Each figure is the median of several runs; peak memory is
 * getrusage's maxrss.
 *
 *   bench_ledger [--scale X] [--keep PATH | --reuse PATH]
 *
 * --reuse PATH times the reads on a SQLite file left by an earlier run with --keep at the
 * same scale, without loading it again (ids are sequential from 1 in a fresh database, so
 * the ledger's ids are known; the last node id is checked).
 *
 * Full size (--scale 1): 2 000 units, 100 000 nodes, 300 000 targets, 20 000 projects,
 * 1 000 000 reports; the data come from a fixed-seed PRNG, so every run loads the same
 * ledger.  SQLite (a temporary file) by default; PostgreSQL when DUBAN_BENCH_PG_URL is
 * names an empty database (scripts/pg-test.sh makes one).  The default scale is BENCH_DEFAULT_SCALE so
 * that `make bench` ends within minutes on 2 cores; docs/performance.md has the figures. */
#include "base/arena.h"
#include "base/mem.h"
#include "model/date.h"
#include "model/progress.h"
#include "model/rank.h"
#include "model/status.h"
#include "store/picture.h"
#include "store/store.h"

#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define BENCH_DEFAULT_SCALE 1.0
#define BENCH_TX_ROWS       20000 /* writes per transaction while loading */
#define BENCH_PERIODS       12    /* 2024-01 .. 2024-12 */

static const str_t actor = STR_LIT("bench");

/* ---- helpers ---- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
	return v[n / 2];
}

/* splitmix64: a fixed seed gives the same ledger on every run */
static unsigned long long rng_state = 0x6475626164756261ull;

static unsigned long long rng_next(void)
{
	unsigned long long z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static long long rng_below(long long n)
{
	return n > 0 ? (long long)(rng_next() % (unsigned long long)n) : 0;
}

static void die(const char *what, const err_t *e)
{
	fprintf(stderr, "bench_ledger: %s: %s\n", what, e->msg);
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

static long long scaled(double scale, long long full, long long min)
{
	long long v = llround((double)full * scale);
	return v < min ? min : v;
}

static void ledger_sizes(double scale, sizes_t *n)
{
	n->units = scaled(scale, 2000, 4);
	n->nodes = scaled(scale, 100000, 10);
	n->targets = scaled(scale, 300000, 10);
	n->projects = scaled(scale, 20000, 4);
	n->reports = scaled(scale, 1000000, 10);
	n->plans = scaled(scale, 20, 1);
}

static int ledger_alloc(ledger_t *l)
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

static void ledger_free(ledger_t *l)
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
static int tx_tick(store_t *s, long long *count, err_t *e)
{
	if (++*count % BENCH_TX_ROWS != 0)
		return 0;
	int rc = store_commit(s, e);
	return rc < 0 ? rc : store_begin(s, e);
}

/* The province (unit 0), 5% departments and counties under it, the rest below those:
 * a tree of depth up to four. */
static int load_units(store_t *s, ledger_t *l, long long *count, err_t *e)
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

static int load_plans_nodes(store_t *s, ledger_t *l, long long *count, err_t *e)
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

static int load_targets_projects(store_t *s, ledger_t *l, long long *count, err_t *e)
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
static int load_reports(store_t *s, ledger_t *l, long long *count, err_t *e)
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

static int load(store_t *s, ledger_t *l, err_t *e)
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

/* ---- status and ranking ---- */

typedef struct status_acc {
	date_t today;
	period_t due; /* the last period due today */
	char due_text[16];
	size_t counts[STATUS_COUNT];
	long long rows;
} status_acc_t;

static int count_item(const store_picture_item_t *it, void *ud)
{
	status_acc_t *acc = ud;
	if (it->listed) {
		acc->counts[it->st.code]++;
		acc->rows++;
	}
	return 0;
}

/* Whole-ledger status and ranking through the supervision picture (store/picture.h, the
 * code behind `duban status`, `duban rank` and the API): one walk that counts the
 * statuses and sums the ranking inputs, then rank_compute; *out_ranked gets the number
 * of units ranked. */
static int status_and_rank(store_t *s, size_t *out_ranked, status_acc_t *acc, err_t *e)
{
	arena_t *a = arena_new(0, 0);
	store_picture_query_t q = { .as_of = acc->today };
	store_picture_t pic;
	rank_input_t *in = NULL;
	rank_row_t *rows = NULL;
	size_t n = 0;
	int rc = a ? 0 : err_set(e, ERR_NOMEM, "out of memory");

	memset(acc->counts, 0, sizeof(acc->counts));
	acc->rows = 0;
	if (rc == 0)
		rc = store_picture_rank_inputs(s, a, &q, &pic, count_item, acc, &in, &n, e);
	if (rc == 0)
		rc = store_picture_rank(a, NULL, in, n, &rows, e);
	*out_ranked = n;
	arena_free(a);
	return rc;
}

/* ---- the timed reads ---- */

#define RUNS_BIG   5
#define RUNS_SMALL 101

static int time_status(store_t *s, status_acc_t *acc, err_t *e)
{
	double t[RUNS_BIG];
	size_t ranked = 0;
	for (int r = 0; r < RUNS_BIG; r++) {
		double t0 = now_s();
		int rc = status_and_rank(s, &ranked, acc, e);
		if (rc < 0)
			return rc;
		t[r] = now_s() - t0;
	}
	printf("whole-ledger status + ranking (store_picture): %.3f s median of %d (%lld items: "
	       "done %zu, "
	       "normal %zu, lagging %zu, not reported %zu, serious %zu, overdue %zu; %zu units "
	       "ranked)\n",
	       median(t, RUNS_BIG), RUNS_BIG, acc->rows, acc->counts[STATUS_DONE],
	       acc->counts[STATUS_NORMAL], acc->counts[STATUS_LAGGING],
	       acc->counts[STATUS_NOT_REPORTED], acc->counts[STATUS_SERIOUS],
	       acc->counts[STATUS_OVERDUE], ranked);
	return 0;
}

static int count_row(const store_status_row_t *row, void *ud)
{
	*(long long *)ud += row->item_id > 0;
	return 0;
}

/* The store's share of the whole-ledger figure: the three queries alone. */
static int time_rows_only(store_t *s, err_t *e)
{
	double t[RUNS_BIG];
	long long n = 0;
	for (int r = 0; r < RUNS_BIG; r++) {
		store_status_query_t q = { 0 };
		n = 0;
		double t0 = now_s();
		int rc = store_status_each(s, &q, count_row, &n, e);
		if (rc < 0)
			return rc;
		t[r] = now_s() - t0;
	}
	printf("  of which store_status_each alone: %.3f s median of %d (%lld rows)\n",
	       median(t, RUNS_BIG), RUNS_BIG, n);
	return 0;
}

/* One unit's subtree through the picture (what GET /api/status does for a county). */
static int time_subtree(store_t *s, const ledger_t *l, date_t today, err_t *e)
{
	double t[RUNS_BIG];
	size_t n = 0;
	for (int r = 0; r < RUNS_BIG; r++) {
		arena_t *a = arena_new(0, 0);
		if (a == NULL)
			return err_set(e, ERR_NOMEM, "out of memory");
		store_picture_item_t *items;
		store_picture_t pic;
		store_picture_query_t q = { .as_of = today, .unit_id = l->big_unit };
		double t0 = now_s();
		int rc = store_picture_items(s, a, &q, &pic, &items, &n, e);
		t[r] = now_s() - t0;
		arena_free(a);
		if (rc < 0)
			return rc;
	}
	printf("one unit's subtree (unit %lld, store_picture_items): %.1f ms median of %d, %zu "
	       "items\n",
	       l->big_unit, median(t, RUNS_BIG) * 1e3, RUNS_BIG, n);
	return 0;
}

/* One node as its page shows it: the node, its targets, its report history. */
static int time_node(store_t *s, const ledger_t *l, err_t *e)
{
	double t[RUNS_SMALL];
	size_t hist = 0;
	arena_t *a = arena_new(0, 0);
	if (a == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	int rc = 0;
	for (int r = 0; rc == 0 && r < RUNS_SMALL; r++) {
		long long id = l->node_ids[rng_below(l->n.nodes)];
		store_node_t node;
		store_target_t *ts;
		store_report_t *rs;
		size_t nt = 0, nr = 0;
		double t0 = now_s();
		rc = store_node_get(s, a, id, &node, e);
		if (rc == 0)
			rc = store_target_list(s, a, id, &ts, &nt, e);
		if (rc == 0)
			rc = store_report_history(s, a, STR_LIT("node"), id, &rs, &nr, e);
		t[r] = now_s() - t0;
		hist += nr;
		arena_reset(a);
	}
	arena_free(a);
	if (rc == 0)
		printf("one node with targets and history: %.3f ms median of %d (%.1f reports "
		       "each)\n",
		       median(t, RUNS_SMALL) * 1e3, RUNS_SMALL, (double)hist / RUNS_SMALL);
	return rc;
}

static int time_missing(store_t *s, const ledger_t *l, const char *period, err_t *e)
{
	double t[RUNS_BIG];
	size_t total = 0;
	for (int r = 0; r < RUNS_BIG; r++) {
		arena_t *a = arena_new(0, 0);
		if (a == NULL)
			return err_set(e, ERR_NOMEM, "out of memory");
		total = 0;
		double t0 = now_s();
		int rc = 0;
		for (long long p = 0; rc == 0 && p < l->n.plans; p++) {
			store_missing_t *m;
			size_t n;
			rc = store_report_missing(s, a, l->plan_ids[p], str_from_cstr(period), &m,
						  &n, e);
			total += n;
		}
		t[r] = now_s() - t0;
		arena_free(a);
		if (rc < 0)
			return rc;
	}
	printf("not reported for %s (all %lld plans): %.1f ms median of %d, %zu items\n", period,
	       l->n.plans, median(t, RUNS_BIG) * 1e3, RUNS_BIG, total);
	return 0;
}

/* ---- main ---- */

static store_t *bench_open(const char *keep, bool reuse, char *path, size_t size, err_t *e)
{
	const char *pg = getenv("DUBAN_BENCH_PG_URL");
	char url[700];
	if (pg != NULL && pg[0] != '\0') {
		path[0] = '\0';
		return store_open(pg, e);
	}
	const char *tmp = getenv("TMPDIR");
	if (keep)
		snprintf(path, size, "%s", keep);
	else
		snprintf(path, size, "%s/duban-bench-%ld.db", tmp && *tmp ? tmp : "/tmp",
			 (long)getpid());
	if (!reuse)
		unlink(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	return store_open(url, e);
}

static void remove_db(const char *path)
{
	char side[600];
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

/* The ids of a ledger loaded earlier into a fresh database: 1..n of each kind. */
static int ledger_known(store_t *s, ledger_t *l, err_t *e)
{
	store_node_t nd;
	arena_t *a = arena_new(0, 0);
	int rc = a ? store_node_get(s, a, l->n.nodes, &nd, e) : ERR_NOMEM;
	arena_free(a);
	if (rc < 0)
		return err_set(e, rc, "--reuse: the file holds no ledger of this scale");
	for (long long i = 0; i < l->n.units; i++)
		l->unit_ids[i] = i + 1;
	for (long long i = 0; i < l->n.nodes; i++)
		l->node_ids[i] = i + 1;
	for (long long i = 0; i < l->n.plans; i++)
		l->plan_ids[i] = i + 1;
	l->max_unit_id = l->n.units;
	l->big_unit = l->unit_ids[l->n.units > 1 ? 1 : 0];
	printf("reusing the ledger loaded before (no load)\n");
	return 0;
}

static int run(store_t *s, ledger_t *l, bool reuse, err_t *e)
{
	int rc = store_migrate(s, NULL, e);
	if (rc == 0)
		rc = ledger_alloc(l) == 0 ? 0 : err_set(e, ERR_NOMEM, "out of memory");
	if (rc == 0)
		rc = reuse ? ledger_known(s, l, e) : load(s, l, e);
	status_acc_t acc = { 0 };
	/* today: the due day of the last month reported on (partly reported: a mix of
	 * statuses and a non-empty not-reported list) */
	long long items = l->n.nodes + l->n.targets + l->n.projects;
	long long last_month = 1 + ((l->n.reports - 1) / items) % BENCH_PERIODS;
	acc.due = (period_t){ .kind = PERIOD_MONTH, .year = 2024, .index = (int)last_month };
	acc.today = period_end(acc.due) + PERIOD_WINDOW_CLOSE_DEFAULT;
	period_format(acc.due, acc.due_text, sizeof(acc.due_text));
	if (rc == 0)
		rc = time_status(s, &acc, e);
	if (rc == 0)
		rc = time_rows_only(s, e);
	if (rc == 0)
		rc = time_subtree(s, l, acc.today, e);
	if (rc == 0)
		rc = time_node(s, l, e);
	if (rc == 0)
		rc = time_missing(s, l, acc.due_text, e);
	return rc;
}

int main(int argc, char **argv)
{
	double scale = BENCH_DEFAULT_SCALE;
	const char *keep = NULL;
	bool reuse = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc)
			scale = strtod(argv[++i], NULL);
		else if ((strcmp(argv[i], "--keep") == 0 || strcmp(argv[i], "--reuse") == 0) &&
			 i + 1 < argc) {
			reuse = strcmp(argv[i], "--reuse") == 0;
			keep = argv[++i];
		} else {
			fprintf(stderr,
				"usage: bench_ledger [--scale X] [--keep PATH | --reuse PATH]\n");
			return 2;
		}
	}
	if (!(scale > 0 && scale <= 10)) {
		fprintf(stderr, "bench_ledger: --scale must be in (0, 10]\n");
		return 2;
	}
	/* Writes inside one big transaction each run in a SQLite savepoint whose in-memory
	 * sub-journal is freed at RELEASE; with glibc's default trim threshold every release
	 * returned the heap top to the kernel and faulted it back on the next write, which
	 * cost 0.3-1 ms of system time per report.  A long-running loader (an import, this
	 * bench) keeps its heap instead (docs/performance.md). */
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	setvbuf(stdout, NULL, _IOLBF, 0); /* progress shows when redirected */
	ledger_t l = { 0 };
	ledger_sizes(scale, &l.n);
	err_t e;
	err_clear(&e);
	char path[512];
	store_t *s = bench_open(keep, reuse, path, sizeof(path), &e);
	if (s == NULL) {
		die("open", &e);
		return 1;
	}
	printf("ledger: scale %g on %s: %lld units, %lld plans, %lld nodes, %lld targets, %lld "
	       "projects, %lld reports\n",
	       scale, store_backend_name(s), l.n.units, l.n.plans, l.n.nodes, l.n.targets,
	       l.n.projects, l.n.reports);
	int rc = run(s, &l, reuse, &e);
	if (rc < 0)
		die("run", &e);
	store_close(s);
	if (path[0] && keep == NULL)
		remove_db(path);
	ledger_free(&l);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	if (rc == 0)
		printf("peak memory (maxrss): %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
	return rc < 0;
}
