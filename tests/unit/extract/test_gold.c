/* test_gold.c — scores the whole extraction pipeline against the analysts' gold files
 * (tests/data/gold/<seed>.json, contract in docs/annotation.md).
 *
 * For every seed tests/data/<name>.txt with a gold file, extract_run runs on the file's
 * bytes and is compared with the gold:
 *   statements  a gold statement is found when an engine statement's value_span overlaps
 *               the gold quantity's byte span (quantity located inside the quote, quote
 *               located in the original bytes) with the same kind, value and unit; one
 *               engine statement matches at most one gold statement;
 *   outline     the (level, label, title) sequence must be equal;
 *   glossary    the (label, term, cited count) sequence must be equal;
 *   projects    matched by name, precision and recall reported (not gated).
 * A seed fails below GOLD_MIN_PRECISION or GOLD_MIN_RECALL for statements, or on any
 * outline or glossary difference; the misses and false positives are printed with their
 * quote or context so that the engine's authors see what to fix.  The last test prints
 * the totals over all seeds and applies the same gates to them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/mem.h"
#include "base/utf8.h"
#include "extract/extract.h"

#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GOLD_MIN_PRECISION 0.95 /* statements: matched / engine statements */
#define GOLD_MIN_RECALL    0.95 /* statements: matched / gold statements */
#define GOLD_DIR           "tests/data/gold"
#define SEED_DIR           "tests/data"
#define GOLD_MAX_SEEDS     64
#define GOLD_VALUE_EPS     1e-6 /* relative tolerance on values */
#define GOLD_CONTEXT_BYTES 90   /* bytes of context printed for a false positive */
#define GOLD_DIFF_LINES    80   /* outline diff lines printed per seed */

typedef struct tally {
	size_t tp, engine, gold;
} tally_t;

typedef struct seed_case {
	char name[256]; /* "002_c7f7bf300aa76a8f" */
} seed_case_t;

static seed_case_t g_cases[GOLD_MAX_SEEDS];
static tally_t g_stmt_total, g_proj_total;
static int g_failed_seeds;

static double ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : 1.0;
}

/* The whole file, NUL-terminated, owned by the caller (mem_free); NULL on failure. */
static char *read_all(const char *path, size_t *out_n)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long sz;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (sz = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		p = mem_alloc((size_t)sz + 1);
		if (p && fread(p, 1, (size_t)sz, f) != (size_t)sz) {
			mem_free(p);
			p = NULL;
		}
		if (p) {
			p[sz] = '\0';
			*out_n = (size_t)sz;
		}
	}
	fclose(f);
	return p;
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* Prints up to max bytes of p[0..n) cut back to a whole code point, newlines as ⏎. */
static void print_snippet(const char *p, size_t n, size_t max)
{
	if (n > max)
		n = utf8_back(p, max);
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n' || p[i] == '\r')
			fputs("⏎", stdout);
		else
			putchar(p[i]);
	}
}

/* ---- outline ------------------------------------------------------------------- */

static bool node_eq(const json_t *g, const draft_node_t *n)
{
	return json_integer_value(json_object_get(g, "level")) == n->level &&
	       strcmp(jstr(g, "label"), n->label ? n->label : "") == 0 &&
	       strcmp(jstr(g, "title"), n->title ? n->title : "") == 0;
}

/* Prints a line diff (longest common subsequence) of gold and engine outline; returns
 * the number of differing lines. */
static size_t outline_diff(const json_t *gold, const draft_t *d)
{
	size_t gn = json_array_size(gold), en = d->nodes.n, diffs = 0, printed = 0;
	size_t *lcs = mem_calloc((gn + 1) * (en + 1), sizeof *lcs);
	size_t i = 0, j = 0;

	assert_non_null(lcs);
#define LCS(a, b) lcs[(a) * (en + 1) + (b)]
	for (size_t a = gn; a-- > 0;)
		for (size_t b = en; b-- > 0;)
			LCS(a, b) = node_eq(json_array_get(gold, a), &d->nodes.v[b])
					    ? LCS(a + 1, b + 1) + 1
					    : (LCS(a + 1, b) > LCS(a, b + 1) ? LCS(a + 1, b)
									     : LCS(a, b + 1));
	while (i < gn || j < en) {
		const json_t *g = i < gn ? json_array_get(gold, i) : NULL;
		const draft_node_t *n = j < en ? &d->nodes.v[j] : NULL;
		if (g && n && node_eq(g, n)) {
			i++, j++;
			continue;
		}
		diffs++;
		if (g && (!n || LCS(i + 1, j) >= LCS(i, j + 1))) {
			if (printed++ < GOLD_DIFF_LINES)
				printf("  outline - gold   #%zu L%d [%s] %s\n", i + 1,
				       (int)json_integer_value(json_object_get(g, "level")),
				       jstr(g, "label"), jstr(g, "title"));
			i++;
		} else {
			if (printed++ < GOLD_DIFF_LINES)
				printf("  outline + engine #%zu L%d [%s] %s\n", j + 1, n->level,
				       n->label ? n->label : "", n->title ? n->title : "");
			j++;
		}
	}
#undef LCS
	mem_free(lcs);
	return diffs;
}

/* ---- glossary ------------------------------------------------------------------- */

static size_t glossary_diff(const json_t *gold, const draft_t *d)
{
	size_t gn = json_array_size(gold), en = d->glossary.n, diffs = 0;

	for (size_t i = 0; i < gn || i < en; i++) {
		const json_t *g = i < gn ? json_array_get(gold, i) : NULL;
		const draft_gloss_t *x = i < en ? &d->glossary.v[i] : NULL;
		const char *gl = g ? jstr(g, "label") : "", *gt = g ? jstr(g, "term") : "";
		long gc = g ? (long)json_integer_value(json_object_get(g, "cited")) : -1;
		if (g && x && strcmp(gl, x->label ? x->label : "") == 0 &&
		    strcmp(gt, x->term ? x->term : "") == 0 && gc == (long)x->ncited)
			continue;
		diffs++;
		if (g)
			printf("  glossary - gold   #%zu %s %s cited %ld\n", i + 1, gl, gt, gc);
		if (x)
			printf("  glossary + engine #%zu %s %s cited %zu\n", i + 1,
			       x->label ? x->label : "", x->term ? x->term : "", x->ncited);
	}
	return diffs;
}

/* ---- statements ------------------------------------------------------------------ */

/* Finds the gold quantity's byte span in data; false (and prints why) when the gold
 * quote is missing, not unique, or does not contain the quantity. */
static bool locate(const char *data, size_t n, const json_t *g, draft_span_t *out)
{
	const char *q = jstr(g, "quote"), *qty = jstr(g, "quantity");
	const char *at = memmem(data, n, q, strlen(q)), *in;

	if (!*q || !at) {
		printf("  gold error: quote not in the seed: %s\n", q);
		return false;
	}
	if (memmem(at + 1, n - (size_t)(at + 1 - data), q, strlen(q))) {
		printf("  gold error: quote not unique: %s\n", q);
		return false;
	}
	in = *qty ? memmem(at, strlen(q), qty, strlen(qty)) : NULL;
	if (!in) {
		printf("  gold error: quantity %s not in quote %s\n", qty, q);
		return false;
	}
	out->start = (size_t)(in - data);
	out->end = out->start + strlen(qty);
	return true;
}

static bool stmt_agrees(const json_t *g, const draft_stmt_t *s)
{
	double gv = json_number_value(json_object_get(g, "value"));
	const char *kind = s->kind == DRAFT_TARGET ? "target" : "result";

	return strcmp(jstr(g, "kind"), kind) == 0 &&
	       fabs(s->value - gv) <= GOLD_VALUE_EPS * fmax(1.0, fabs(gv)) &&
	       strcmp(jstr(g, "unit"), s->unit ? s->unit : "") == 0;
}

static bool overlaps(draft_span_t a, draft_span_t b)
{
	return a.start < b.end && b.start < a.end;
}

static void print_engine_stmt(const char *data, const draft_stmt_t *s)
{
	printf("%s %g%s [", s->kind == DRAFT_TARGET ? "target" : "result", s->value,
	       s->unit ? s->unit : "");
	if (s->span.end > s->span.start)
		print_snippet(data + s->span.start, s->span.end - s->span.start,
			      GOLD_CONTEXT_BYTES);
	printf("]");
}

/* Scores statements; returns false when the gold itself cannot be located. */
static bool score_stmts(const char *data, size_t n, const json_t *gold, const draft_t *d,
			tally_t *t)
{
	size_t gn = json_array_size(gold);
	bool *used = mem_calloc(d->stmts.n + 1, sizeof *used), ok = true;

	assert_non_null(used);
	t->gold = gn;
	t->engine = d->stmts.n;
	for (size_t i = 0; i < gn; i++) {
		const json_t *g = json_array_get(gold, i);
		const draft_stmt_t *near = NULL;
		draft_span_t sp;
		size_t k;
		if (!locate(data, n, g, &sp)) {
			ok = false;
			continue;
		}
		for (k = 0; k < d->stmts.n; k++) {
			const draft_stmt_t *s = &d->stmts.v[k];
			if (used[k] || !overlaps(s->value_span, sp))
				continue;
			if (stmt_agrees(g, s))
				break;
			near = s;
		}
		if (k < d->stmts.n) {
			used[k] = true;
			t->tp++;
			continue;
		}
		printf("  miss  %s %s [%s]", jstr(g, "kind"), jstr(g, "quantity"),
		       jstr(g, "quote"));
		if (near) {
			printf("  engine has: ");
			print_engine_stmt(data, near);
		}
		printf("\n");
	}
	for (size_t k = 0; k < d->stmts.n; k++) {
		if (used[k])
			continue;
		printf("  false ");
		print_engine_stmt(data, &d->stmts.v[k]);
		printf("\n");
	}
	mem_free(used);
	return ok;
}

/* ---- projects -------------------------------------------------------------------- */

static void score_projects(const json_t *gold, const draft_t *d, tally_t *t)
{
	size_t gn = json_array_size(gold);
	bool *used = mem_calloc(d->projects.n + 1, sizeof *used);

	assert_non_null(used);
	t->gold = gn;
	t->engine = d->projects.n;
	for (size_t i = 0; i < gn; i++) {
		const char *name = jstr(json_array_get(gold, i), "name");
		size_t k;
		for (k = 0; k < d->projects.n; k++)
			if (!used[k] && d->projects.v[k].name &&
			    strcmp(d->projects.v[k].name, name) == 0)
				break;
		if (k < d->projects.n) {
			used[k] = true;
			t->tp++;
		} else {
			printf("  project miss  %s\n", name);
		}
	}
	for (size_t k = 0; k < d->projects.n; k++)
		if (!used[k])
			printf("  project false %s\n",
			       d->projects.v[k].name ? d->projects.v[k].name : "(null)");
	mem_free(used);
}

/* ---- the tests ------------------------------------------------------------------- */

static bool gates_pass(const tally_t *t)
{
	return ratio(t->tp, t->engine) >= GOLD_MIN_PRECISION &&
	       ratio(t->tp, t->gold) >= GOLD_MIN_RECALL;
}

/* Runs the engine on one seed and scores it; returns whether the seed passes. */
static bool score_seed(const char *name, const char *data, size_t n, const json_t *gold)
{
	extract_opts_t opts = { 0 };
	draft_t *d = NULL;
	err_t e;
	tally_t st = { 0 }, pr = { 0 };
	size_t od, gd;
	bool located;
	int rc;

	err_clear(&e);
	rc = extract_run(data, n, &opts, &d, &e);
	if (rc) {
		printf("seed %s: extract_run failed: %d %s\n", name, rc, e.msg);
		return false;
	}
	printf("seed %s\n", name);
	od = outline_diff(json_object_get(gold, "outline"), d);
	gd = glossary_diff(json_object_get(gold, "glossary"), d);
	located = score_stmts(data, n, json_object_get(gold, "statements"), d, &st);
	score_projects(json_object_get(gold, "projects"), d, &pr);
	printf("seed %s: statements P=%.3f R=%.3f (%zu matched, %zu engine, %zu gold); "
	       "projects P=%.3f R=%.3f (%zu/%zu/%zu); outline %zu diffs (%zu gold, %zu "
	       "engine); glossary %zu diffs\n",
	       name, ratio(st.tp, st.engine), ratio(st.tp, st.gold), st.tp, st.engine, st.gold,
	       ratio(pr.tp, pr.engine), ratio(pr.tp, pr.gold), pr.tp, pr.engine, pr.gold, od,
	       json_array_size(json_object_get(gold, "outline")), d->nodes.n, gd);
	g_stmt_total.tp += st.tp, g_stmt_total.engine += st.engine, g_stmt_total.gold += st.gold;
	g_proj_total.tp += pr.tp, g_proj_total.engine += pr.engine, g_proj_total.gold += pr.gold;
	draft_free(d);
	return located && od == 0 && gd == 0 && gates_pass(&st);
}

static void test_seed(void **state)
{
	const seed_case_t *c = *state;
	char path[512];
	json_error_t je;
	json_t *gold;
	char *data;
	size_t n = 0;
	bool ok;

	snprintf(path, sizeof path, "%s/%s.json", GOLD_DIR, c->name);
	gold = json_load_file(path, 0, &je);
	if (!gold)
		fail_msg("%s: line %d: %s", path, je.line, je.text);
	snprintf(path, sizeof path, "%s/%s.txt", SEED_DIR, c->name);
	data = read_all(path, &n);
	if (!data) {
		json_decref(gold);
		fail_msg("cannot read %s", path);
	}
	ok = score_seed(c->name, data, n, gold);
	mem_free(data);
	json_decref(gold);
	if (!ok) {
		g_failed_seeds++;
		fail_msg("seed %s is below the gold gates (statements P/R >= %.2f/%.2f, exact "
			 "outline and glossary)",
			 c->name, GOLD_MIN_PRECISION, GOLD_MIN_RECALL);
	}
}

static void test_overall(void **state)
{
	(void)state;
	printf("overall: statements P=%.3f R=%.3f (%zu matched, %zu engine, %zu gold); "
	       "projects P=%.3f R=%.3f; %d seed(s) failed\n",
	       ratio(g_stmt_total.tp, g_stmt_total.engine),
	       ratio(g_stmt_total.tp, g_stmt_total.gold), g_stmt_total.tp, g_stmt_total.engine,
	       g_stmt_total.gold, ratio(g_proj_total.tp, g_proj_total.engine),
	       ratio(g_proj_total.tp, g_proj_total.gold), g_failed_seeds);
	assert_true(g_stmt_total.gold > 0);
	assert_true(gates_pass(&g_stmt_total));
}

static int cmp_case(const void *a, const void *b)
{
	return strcmp(((const seed_case_t *)a)->name, ((const seed_case_t *)b)->name);
}

/* The seeds that have both a .txt and a gold .json, sorted by name. */
static size_t find_cases(void)
{
	DIR *dir = opendir(GOLD_DIR);
	struct dirent *de;
	size_t n = 0;

	if (!dir)
		return 0;
	while ((de = readdir(dir)) && n < GOLD_MAX_SEEDS) {
		size_t l = strlen(de->d_name);
		char txt[512];
		FILE *f;
		if (l <= 5 || l - 5 >= sizeof g_cases[n].name ||
		    strcmp(de->d_name + l - 5, ".json") != 0)
			continue;
		memcpy(g_cases[n].name, de->d_name, l - 5);
		g_cases[n].name[l - 5] = '\0';
		snprintf(txt, sizeof txt, "%s/%s.txt", SEED_DIR, g_cases[n].name);
		if ((f = fopen(txt, "rb")) != NULL) {
			fclose(f);
			n++;
		}
	}
	closedir(dir);
	qsort(g_cases, n, sizeof *g_cases, cmp_case);
	return n;
}

int main(void)
{
	static struct CMUnitTest tests[GOLD_MAX_SEEDS + 1];
	size_t n = find_cases();

	for (size_t i = 0; i < n; i++)
		tests[i] =
			(struct CMUnitTest){ g_cases[i].name, test_seed, NULL, NULL, &g_cases[i] };
	tests[n] = (struct CMUnitTest){ "overall", test_overall, NULL, NULL, NULL };
	return _cmocka_run_group_tests("gold", tests, n + 1, NULL, NULL);
}
