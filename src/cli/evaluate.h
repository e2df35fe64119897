/* evaluate.h — the supervision picture of the ledger on a given day, shared by
 * `duban status`, `duban rank` and `duban project show`: every target, key project and
 * assigned task of the selected plans with its responsible unit, expected progress
 * (序时进度), actual progress from the latest submitted or accepted report, and status
 * with warning and reason (model/status.h); the period last due and the items not
 * reported for it (store_report_missing).
 *
 * Rules on top of src/model (documented in docs/cli.md, "status"):
 *   - a target's progress is the reported value over the target value (baseline 0: the
 *     store keeps no baseline); a project's is its investment completion rate (the
 *     reported value is the cumulative investment completed, 亿元); a task without
 *     targets may report a percent complete;
 *   - expected progress runs from 1 January of the plan year to the deadline (the
 *     target's, else the task's, else 31 December of the plan year);
 *   - an item is reported when its responsible unit has a submitted or accepted report
 *     for the month last due (or the quarter ending with it); before anything of the
 *     plan is due, every item counts as reported. */
#ifndef DUBAN_CLI_EVALUATE_H
#define DUBAN_CLI_EVALUATE_H

#include "base/arena.h"
#include "base/err.h"
#include "model/date.h"
#include "model/status.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct eval_opts {
	date_t as_of;
	long long plan_id; /* 0: every active plan */
	long long unit_id; /* 0: every unit; else this unit and the units below it */
} eval_opts_t;

typedef struct eval_item {
	const char *kind; /* STORE_KIND_NODE, _TARGET, _PROJECT */
	long long id, plan_id, unit_id;
	const char *title; /* owned by the arena */
	bool measurable;   /* there is a value to measure progress against */
	bool has_actual;
	double expected_pct, actual_pct;
	date_t deadline;
	const store_report_t *last;      /* latest submitted or accepted report, or NULL */
	bool reported;                   /* reported for the period last due */
	double plan_invest, done_invest; /* projects, 亿元 */
	status_result_t st;
} eval_item_t;

/* A duty to report: a task with a lead unit or a project with an owner (what the store's
 * "not reported" query covers). */
typedef struct eval_duty {
	const char *kind;
	long long id, plan_id, unit_id;
} eval_duty_t;

typedef struct eval_set {
	date_t as_of;
	bool has_due;      /* false before any month is due */
	period_t due;      /* the month last due on as_of */
	char due_text[16]; /* "2024-03" */
	date_t due_date;   /* its due date */
	store_plan_t *plans;
	size_t nplans;
	store_unit_t *units;
	size_t nunits;
	store_report_t *reports; /* every report of the plans' years, periods up to as_of */
	size_t nreports;
	eval_item_t *items;
	size_t nitems, icap;
	eval_duty_t *duties;
	size_t nduties, dcap;
	store_missing_t *missing; /* not reported for due_text, filtered by unit */
	size_t nmissing, mcap;
} eval_set_t;

/* Builds the picture; everything lives in arena a.  ERR_INVALID naming --plan or --unit
 * for an unknown plan or unit. */
int eval_run(store_t *s, arena_t *a, const eval_opts_t *o, eval_set_t *out, err_t *e);

/* True when unit x is root or below it in units[0..n) (bounded walk). */
bool eval_unit_in(const store_unit_t *units, size_t n, long long root, long long x);

/* The latest submitted or accepted report on item (kind, id) by unit (0: any unit) among
 * r[0..n), or NULL.  Later periods win; in one period an accepted report wins. */
const store_report_t *eval_latest(const store_report_t *r, size_t n, const char *kind, long long id,
				  long long unit);

/* Loads every report of the periods of year (12 months, 4 quarters, the year) that start
 * on or before until, appending to *io_reports (arena a). */
int eval_reports_load(store_t *s, arena_t *a, int year, date_t until, store_report_t **io_reports,
		      size_t *io_n, err_t *e);

/* The latest submitted or accepted report on one item in the periods of year; *out_report
 * is NULL when there is none. */
int eval_latest_report(store_t *s, arena_t *a, const char *kind, long long id, long long unit,
		       int year, const store_report_t **out_report, err_t *e);

#endif
