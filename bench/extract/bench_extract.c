/* bench_extract.c — throughput and memory of the whole plan-import pipeline.
 *
 * Runs extract_run on each seed in tests/data/ (or the directory given as argv[1]), on a
 * Traditional-heavy input (seed 000, which is Traditional, repeated to about 1 MiB) and
 * on all seeds concatenated several times, repeating each until BENCH_MIN_SECONDS have
 * passed (at least BENCH_MIN_RUNS, at most BENCH_MAX_RUNS runs).  Prints per input the
 * median time, MB/s (10^6 bytes per second of the median run; also from the median CPU
 * time, which a loaded shared machine disturbs less), the draft arena's bytes
 * and its ratio to the input size; then the five seeds overall and the process's peak
 * RSS (getrusage ru_maxrss).  Results are recorded in docs/performance.md. */
#include "base/arena.h"
#include "base/mem.h"
#include "extract/extract.h"
#include "extract/glossary.h"
#include "extract/outline.h"
#include "extract/place.h"
#include "extract/project.h"
#include "extract/stmt.h"
#include "extract/text.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define BENCH_MIN_SECONDS 2.0
#define BENCH_MIN_RUNS    3
#define BENCH_MAX_RUNS    2000
#define BENCH_MAX_SEEDS   16
#define BENCH_TRAD_BYTES  ((size_t)1 << 20)
#define BENCH_CONCAT_REPS 10
#define BENCH_STAGE_RUNS  5
#define BENCH_NSTAGES     6

typedef struct input {
	char name[64];
	char *data; /* owned (mem_free) */
	size_t n;
} input_t;

typedef struct result {
	double median_s, mbps;
	double cpu_mbps; /* from the median CPU time: steadier on a shared machine */
	size_t arena_bytes;
	int runs;
	int rc;
} result_t;

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int cmp_input(const void *a, const void *b)
{
	return strcmp(((const input_t *)a)->name, ((const input_t *)b)->name);
}

/* Reads path into a new buffer (caller frees with mem_free); 0 or -1. */
static int read_all(const char *path, input_t *in)
{
	FILE *f = fopen(path, "rb");
	long sz;
	int rc = -1;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) == 0 && (sz = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		in->data = mem_alloc((size_t)sz);
		if (in->data && fread(in->data, 1, (size_t)sz, f) == (size_t)sz) {
			in->n = (size_t)sz;
			rc = 0;
		}
	}
	fclose(f);
	return rc;
}

/* Repeats the pipeline on in; fills r. */
static void bench_one(const input_t *in, result_t *r)
{
	static double t[BENCH_MAX_RUNS], c[BENCH_MAX_RUNS];
	extract_opts_t opts = { 0 };
	double start = now();
	int k = 0;

	memset(r, 0, sizeof *r);
	while (k < BENCH_MAX_RUNS && (k < BENCH_MIN_RUNS || now() - start < BENCH_MIN_SECONDS)) {
		draft_t *d = NULL;
		err_t e;
		double t0 = now(), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		r->rc = extract_run(in->data, in->n, &opts, &d, &e);
		c[k] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
		t[k++] = now() - t0;
		if (r->rc) {
			fprintf(stderr, "%s: extract_run failed: %s\n", in->name, e.msg);
			break;
		}
		if (arena_used(d->arena) > r->arena_bytes)
			r->arena_bytes = arena_used(d->arena);
		draft_free(d);
	}
	qsort(t, (size_t)k, sizeof *t, cmp_double);
	qsort(c, (size_t)k, sizeof *c, cmp_double);
	r->runs = k;
	r->median_s = t[k / 2];
	r->mbps = r->median_s > 0 ? (double)in->n / 1e6 / r->median_s : 0;
	r->cpu_mbps = c[k / 2] > 0 ? (double)in->n / 1e6 / c[k / 2] : 0;
}

typedef int (*stage_fn)(draft_t *, const text_t *, const extract_opts_t *, err_t *);

/* CPU time per stage (median of BENCH_STAGE_RUNS), in the order extract_run calls them
 * (the document-year guess between glossary and statements is left out). */
static void bench_stages(const input_t *in)
{
	static const char *const names[BENCH_NSTAGES] = { "text", "outline", "glossary",
							  "stmt", "project", "place" };
	static const stage_fn fns[BENCH_NSTAGES] = { NULL,         outline_parse,   glossary_parse,
						     stmt_extract, project_extract, place_extract };
	double t[BENCH_NSTAGES][BENCH_STAGE_RUNS];
	extract_opts_t o = { 0 };
	int rc = 0;

	for (int r = 0; r < BENCH_STAGE_RUNS && !rc; r++) {
		draft_t *d = draft_new(0);
		text_opts_t to = { 0 };
		text_t tx;
		err_t e;
		double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		if (!d)
			return;
		rc = text_prepare(d, in->data, in->n, &to, &tx, &e);
		for (int k = 0; k < BENCH_NSTAGES; k++) {
			double c1;
			if (k && !rc)
				rc = fns[k](d, &tx, &o, &e);
			c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
			t[k][r] = c1 - c0;
			c0 = c1;
		}
		draft_free(d);
	}
	if (rc)
		return;
	printf("  stages of %s (cpu ms, median of %d):", in->name, BENCH_STAGE_RUNS);
	for (int k = 0; k < BENCH_NSTAGES; k++) {
		qsort(t[k], BENCH_STAGE_RUNS, sizeof t[k][0], cmp_double);
		printf(" %s %.1f", names[k], t[k][BENCH_STAGE_RUNS / 2] * 1e3);
	}
	printf("\n");
}

static void print_row(const input_t *in, const result_t *r)
{
	printf("%-28s %9zu %6d %10.3f %9.1f %9.1f %12zu %7.1fx\n", in->name, in->n, r->runs,
	       r->median_s * 1e3, r->mbps, r->cpu_mbps, r->arena_bytes,
	       in->n ? (double)r->arena_bytes / (double)in->n : 0.0);
}

/* An input made of src repeated (whole copies) up to about target bytes. */
static int make_repeat(input_t *out, const char *name, const char *const *parts, const size_t *lens,
		       size_t nparts, size_t target)
{
	size_t one = 0, reps, off = 0;

	for (size_t i = 0; i < nparts; i++)
		one += lens[i] + 1;
	if (one == 0)
		return -1;
	reps = target / one ? target / one : 1;
	out->data = mem_alloc(one * reps);
	if (!out->data)
		return -1;
	for (size_t r = 0; r < reps; r++)
		for (size_t i = 0; i < nparts; i++) {
			memcpy(out->data + off, parts[i], lens[i]);
			off += lens[i];
			out->data[off++] = '\n';
		}
	out->n = off;
	snprintf(out->name, sizeof out->name, "%s", name);
	return 0;
}

static size_t load_seeds(const char *dir_path, input_t *seeds)
{
	DIR *dir = opendir(dir_path);
	struct dirent *de;
	size_t n = 0;

	if (!dir)
		return 0;
	while ((de = readdir(dir)) && n < BENCH_MAX_SEEDS) {
		size_t l = strlen(de->d_name);
		char path[512];
		if (l < 5 || strcmp(de->d_name + l - 4, ".txt") != 0 || l >= sizeof seeds->name)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir_path, de->d_name);
		snprintf(seeds[n].name, sizeof seeds[n].name, "%s", de->d_name);
		if (read_all(path, &seeds[n]) == 0)
			n++;
	}
	closedir(dir);
	qsort(seeds, n, sizeof *seeds, cmp_input);
	return n;
}

int main(int argc, char **argv)
{
	static input_t seeds[BENCH_MAX_SEEDS];
	input_t trad = { 0 }, all = { 0 };
	const char *parts[BENCH_MAX_SEEDS];
	size_t lens[BENCH_MAX_SEEDS], n, total = 0;
	double total_s = 0;
	struct rusage ru;
	result_t r;

	n = load_seeds(argc > 1 ? argv[1] : "tests/data", seeds);
	if (n == 0) {
		fprintf(stderr, "bench_extract: no seeds (*.txt) in %s\n",
			argc > 1 ? argv[1] : "tests/data");
		return 1;
	}
	printf("%-28s %9s %6s %10s %9s %9s %12s %8s\n", "input", "bytes", "runs", "median ms",
	       "MB/s", "cpu MB/s", "arena bytes", "arena/in");
	for (size_t i = 0; i < n; i++) {
		bench_one(&seeds[i], &r);
		print_row(&seeds[i], &r);
		if (r.rc)
			return 1;
		total += seeds[i].n;
		total_s += r.median_s;
		parts[i] = seeds[i].data;
		lens[i] = seeds[i].n;
	}
	printf("%-28s %9zu %6s %10.3f %9.1f\n", "five seeds (sum of medians)", total, "",
	       total_s * 1e3, total_s > 0 ? (double)total / 1e6 / total_s : 0.0);
	if (make_repeat(&trad, "traditional x~1MiB (000)", parts, lens, 1, BENCH_TRAD_BYTES) == 0 &&
	    make_repeat(&all, "all seeds concatenated x10", parts, lens, n,
			total * BENCH_CONCAT_REPS) == 0) {
		bench_one(&trad, &r);
		print_row(&trad, &r);
		bench_one(&all, &r);
		print_row(&all, &r);
		bench_stages(&trad);
		bench_stages(&all);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS (ru_maxrss): %ld KiB\n", ru.ru_maxrss);
	for (size_t i = 0; i < n; i++)
		mem_free(seeds[i].data);
	mem_free(trad.data);
	mem_free(all.data);
	return 0;
}
