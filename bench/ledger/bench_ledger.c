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
#include "ledger/province.h"

/* ---- helpers ---- */

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

static void die(const char *what, const err_t *e)
{
	fprintf(stderr, "bench_ledger: %s: %s\n", what, e->msg);
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
