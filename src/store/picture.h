/* picture.h — the supervision picture of the ledger on one day, for every reader (the
 * command line, the JSON API, exports, bench/ledger): every target, key project and
 * assigned task of the selected plans with its responsible unit, expected progress
 * (序时进度), actual progress, status with warning and reason (model/status.h), whether
 * it was reported for the month last due, and the inputs of the unit ranking
 * (model/rank.h).
 *
 * Built on store_status_each (one streamed query per item kind, the unit subtree filtered
 * in the query) and the pure rules of src/model.  Rules (docs/cli.md, "status"):
 *   - the responsible unit: a task's lead unit (a target: its task's), a project's owner;
 *   - expected progress runs from 1 January of the plan year to the deadline (the
 *     target's, else its task's, else 31 December of the plan year; model/deadline.h);
 *   - actual progress: a target's latest reported value from its baseline to its target
 *     value (progress_share); a project's investment completion rate (the reported value
 *     is the cumulative investment completed, 亿元; else the project's own figure); a task
 *     without targets reports a percent complete.  "Latest": the responsible unit's
 *     submitted or accepted report of the latest period starting on or before the day;
 *   - reported: that unit has a submitted or accepted report for the month last due, or
 *     for the quarter ending with it; before anything of a plan is due, every item counts
 *     as reported; on time: the month's report was submitted on or before its due day;
 *   - done: actual >= 100, or the latest counted report (or a project) at stage 竣工 / 投产 /
 *     完成 (the report's stage comes from report_latest, schema v6: no join on reports).
 * Items are listed: targets, projects, and tasks with a lead unit and no targets.  Duties
 * to report: tasks with a lead unit (with or without targets) and projects with an owner. */
#ifndef DUBAN_STORE_PICTURE_H
#define DUBAN_STORE_PICTURE_H

#include "base/arena.h"
#include "base/err.h"
#include "model/date.h"
#include "model/rank.h"
#include "model/status.h"
#include "model/supervision.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct store_picture_query {
	date_t as_of;
	long long plan_id; /* 0: every active plan; else this plan, whatever its state */
	long long unit_id; /* 0: every unit; else this unit and every unit below it */
	unsigned kinds;    /* STORE_STATUS_* bits; 0: all three */
	const supervision_cfg_t *rules; /* thresholds (store_supervision_load); NULL: defaults */
} store_picture_query_t;

/* What the picture was judged against. */
typedef struct store_picture {
	date_t as_of;
	bool has_due;        /* false before any month is due */
	period_t due;        /* the month last due on as_of */
	char due_text[16];   /* "2024-03" */
	date_t due_date;     /* its due day (the reporting window's close) */
	store_plan_t *plans; /* the selected plans by id (a plan without a usable year gets
			      * the year of as_of); in the caller's arena */
	size_t nplans;
} store_picture_t;

typedef struct store_picture_item {
	const char *kind; /* STORE_KIND_NODE, _TARGET, _PROJECT (static) */
	long long id, plan_id;
	long long node_id; /* a task: itself; a target: its task; a project: 0 */
	long long unit_id; /* the responsible unit; 0: none yet */
	str_t title;       /* task title; indicator and verb; project name */
	date_t deadline;
	bool listed;     /* an item of the picture (see above) */
	bool duty;       /* a duty to report (see above) */
	bool measurable; /* there is a value to measure progress against */
	bool has_actual;
	double expected_pct, actual_pct;
	bool has_last; /* the latest submitted or accepted report (see above) */
	str_t last_period, last_state;
	bool reported; /* for the month last due (or its quarter) */
	bool on_time;  /* reported for the month, submitted on or before its due day */
	double plan_invest, done_invest; /* projects, 亿元 */
	status_result_t st;
} store_picture_item_t;

/* Called once per item and duty; the item's views are valid only during the call.  A
 * non-zero return stops the walk with that code. */
typedef int (*store_picture_fn)(const store_picture_item_t *it, void *ud);

/* Walks the picture: fills *out_pic (plans in arena a) and calls fn for every item and
 * duty.  Order: targets, tasks, projects, each by id, except items whose latest report
 * needs a look at their history (a report for a period after the due month or after
 * as_of), which come last.  ERR_INVALID with field "plan" or "unit" for an unknown plan
 * or unit; store errors as they come. */
int store_picture_each(store_t *s, arena_t *a, const store_picture_query_t *q,
		       store_picture_t *out_pic, store_picture_fn fn, void *ud, err_t *e);

/* The listed items as one array (arena a), by kind (targets, tasks, projects) then id. */
int store_picture_items(store_t *s, arena_t *a, const store_picture_query_t *q,
			store_picture_t *out_pic, store_picture_item_t **out_items, size_t *out_n,
			err_t *e);

/* The not-reported list for the due month over the picture's plans (store_report_
 * missing_scoped: unit_id's subtree filtered in the query; 0: every unit), in arena a.
 * Empty when nothing is due yet. */
int store_picture_missing(store_t *s, arena_t *a, const store_picture_t *pic, long long unit_id,
			  store_missing_t **out_missing, size_t *out_n, err_t *e);

/* The item (kind, id) in items[0..n) as store_picture_items orders them, or NULL. */
const store_picture_item_t *store_picture_find(const store_picture_item_t *items, size_t n,
					       const char *kind, long long id);

/* The ranking inputs per responsible unit (arena a), by unit id: reports due (duties)
 * and on time, items and items normal or done, planned and completed investment of
 * projects.  Units with nothing to score are left out.  also (may be NULL) is called
 * with every item and duty of the same walk (status counts and the ranking in one pass);
 * its non-zero return stops the walk. */
int store_picture_rank_inputs(store_t *s, arena_t *a, const store_picture_query_t *q,
			      store_picture_t *out_pic, store_picture_fn also, void *ud,
			      rank_input_t **out_in, size_t *out_n, err_t *e);

/* Ranks the inputs with cfg (NULL: the defaults); rows best first in arena a. */
int store_picture_rank(arena_t *a, const rank_cfg_t *cfg, const rank_input_t *in, size_t n,
		       rank_row_t **out_rows, err_t *e);

/* The latest submitted or accepted report of unit (0: any unit) among r[0..n) for a
 * period starting on or before until: later periods win, in one period an accepted
 * report wins.  NULL when there is none.  Points into r. */
const store_report_t *store_picture_latest(const store_report_t *r, size_t n, long long unit,
					   date_t until);

/* Whether a report stage means finished (竣工, 投产, 完成, 已完成). */
bool store_picture_stage_done(str_t stage);

#endif
