/* demo.h — the state `duban demo` builds its database with, shared by cmd_demo.c (the
 * command, units, users, reports) and demo_seed.c (the seed documents imported as plans,
 * tasks assigned). */
#ifndef DUBAN_CLI_DEMO_H
#define DUBAN_CLI_DEMO_H

#include "cli/cli.h"
#include "extract/draft.h"
#include "model/date.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

#define DEMO_MONTHS    6
#define DEMO_MAX_USERS 5
#define DEMO_MAX_UNITS 256

/* Something a unit reports on every month: a task, a target or a project. */
typedef struct demo_duty {
	const char *kind; /* STORE_KIND_* */
	long long id, unit;
	double value;  /* target value, planned investment (亿元), or 100 (percent) */
	bool level;    /* cumulative over the year (false: a growth rate) */
	double factor; /* how well this one goes: 0.55 .. 1.15 */
	const char *stage;
} demo_duty_t;

/* One seed document and the plan made of it. */
typedef struct demo_doc {
	const char *name; /* base name */
	const char *data; /* embedded (static) or read from --seeds (owned) */
	size_t n;
	char *owned; /* mem_free */
	draft_t *draft;
	store_plan_t plan;
	int city; /* index of the city it is about (demo_seed.c) */
	size_t ntargets;
} demo_doc_t;

typedef struct demo {
	cli_ctx_t *ctx;
	store_t *s;
	str_t actor;
	unsigned long long rng;
	store_unit_t units[DEMO_MAX_UNITS];
	size_t nunits;
	size_t rr;
	int year;
	date_t today; /* the day of the run: no submission time on or after it */
	period_t months[DEMO_MONTHS];
	demo_doc_t *docs;
	size_t ndocs;
	demo_duty_t *duties;
	size_t nduties, capduties;
	size_t nnodes, ntargets, nresults, nprojects, nreports, nplans, nglossary;
	char passwords[DEMO_MAX_USERS][16];
} demo_t;

/* xorshift64*: deterministic, in [0, 1). */
double demo_rand(demo_t *d);
/* The id of the unit named name among those added, or 0. */
long long demo_unit_id(const demo_t *d, const char *name);
/* Adds a unit (name copied into the context's arena) under parent unless one with the
 * name exists; its id, or 0 when the table is full. */
int demo_unit_add(demo_t *d, const char *name, const char *kind, long long parent,
		  long long *out_id, err_t *e);

/* Finds the seeds: the five compiled in (data/demo_*.txt), or every file of dir (not
 * NULL: --seeds).  Then extracts each one. */
int demo_seed_load(demo_t *d, const char *dir, err_t *e);
/* Inside the demo's transaction: adds the units each seed names under the city it is
 * about, imports the seeds as active plans titled 【演示】…, assigns lead units to tasks
 * that have none and collects the duties (tasks with a lead, targets, key projects). */
int demo_seed_build(demo_t *d, err_t *e);
/* Frees the drafts and read files. */
void demo_seed_free(demo_t *d);

#endif
