/* status.h — the supervision status of a target, task or project (已完成, 正常, 滞后,
 * 严重滞后, 逾期, 未填报), its yellow/red warning (预警) and reason, and roll-up from
 * children to parents (progress by weight, status as worst-of with counts).
 *
 * Thresholds come from status_cfg_t; status_cfg_default gives the documented defaults
 * (docs/rules.md, "Status").  Codes are stable English words; labels are zh-CN or
 * English. */
#ifndef DUBAN_MODEL_STATUS_H
#define DUBAN_MODEL_STATUS_H

#include "base/err.h"
#include "base/str.h"
#include "model/date.h"

#include <stdbool.h>
#include <stddef.h>

/* Listed from least to most severe (status_severity). */
typedef enum status_code {
	STATUS_DONE = 0,         /* done: 已完成 */
	STATUS_NORMAL = 1,       /* normal: 正常 */
	STATUS_LAGGING = 2,      /* lagging: 滞后 */
	STATUS_NOT_REPORTED = 3, /* not_reported: 未填报 */
	STATUS_SERIOUS = 4,      /* seriously_lagging: 严重滞后 */
	STATUS_OVERDUE = 5,      /* overdue: 逾期 */
	STATUS_COUNT = 6
} status_code_t;

typedef enum status_warn {
	STATUS_WARN_NONE = 0,
	STATUS_WARN_YELLOW = 1, /* 黄色预警 */
	STATUS_WARN_RED = 2     /* 红色预警 */
} status_warn_t;

typedef struct status_cfg {
	double lag_points;      /* lagging when actual < expected - lag_points (10) */
	double serious_points;  /* seriously lagging when actual < expected - this (25) */
	double done_pct;        /* done when actual >= done_pct (100) */
	int overdue_grace_days; /* overdue when today > deadline + grace (0) */
} status_cfg_t;

#define STATUS_LAG_POINTS_DEFAULT     10.0
#define STATUS_SERIOUS_POINTS_DEFAULT 25.0
#define STATUS_DONE_PCT_DEFAULT       100.0
#define STATUS_OVERDUE_GRACE_DEFAULT  0

void status_cfg_default(status_cfg_t *cfg);
/* 0 when 0 <= lag <= serious, 0 < done_pct, grace >= 0 and all finite; else ERR_INVALID. */
int status_cfg_validate(const status_cfg_t *cfg, err_t *e);

typedef struct status_input {
	bool completed;      /* marked complete (a report accepted as 已完成) */
	bool reported;       /* a report exists for the last period due */
	double actual_pct;   /* actual progress, percent points (progress_share) */
	double expected_pct; /* expected progress at today (progress_expected_*) */
	bool has_deadline;
	date_t deadline;
	date_t today;
} status_input_t;

#define STATUS_REASON_MAX 192

typedef struct status_result {
	status_code_t code;
	status_warn_t warn;
	double gap_points;              /* expected - actual (0 when not reported) */
	char reason[STATUS_REASON_MAX]; /* zh-CN, for the ledger and the bulletin */
} status_result_t;

/* Evaluates the rules in order: done, overdue, not reported, seriously lagging, lagging,
 * normal.  0 or ERR_INVALID (bad cfg or non-finite progress when reported). */
int status_eval(const status_cfg_t *cfg, const status_input_t *in, status_result_t *out, err_t *e);

status_warn_t status_warn_of(status_code_t code);
/* 0 (done) .. 5 (overdue); the order used by worst-of. */
int status_severity(status_code_t code);
/* Names and labels below are static storage. */
const char *status_name(status_code_t code);
int status_parse(str_t s, status_code_t *out_code, err_t *e);
/* Label for the UI: "zh-CN" (also "zh", NULL, "") → 已完成 …; otherwise English. */
const char *status_label(status_code_t code, const char *lang);
const char *status_warn_name(status_warn_t w);
const char *status_warn_label(status_warn_t w, const char *lang);

/* One child in a roll-up. */
typedef struct status_child {
	double weight; /* > 0; 0 or NaN = no weight given */
	double pct;    /* the child's progress in percent points */
	bool has_pct;  /* false: not reported, counts as 0 */
} status_child_t;

/* The parent's progress: the weighted mean of the children's progress, each clamped to
 * [0, 100].  Weights: all given → used as is; none given → equal; some given → each
 * missing one gets the mean of the given ones.  ERR_INVALID for n == 0 or a negative or
 * infinite weight. */
int status_rollup_progress(const status_child_t *c, size_t n, double *out_pct, err_t *e);

/* Progress of every node of a tree, bottom-up, with the rule of status_rollup_progress.
 * parent[i] is the parent's index, or -1 for a top node, and must be < i (parents come
 * first, as in document order).  weight[i] is node i's weight within its parent (may be
 * NULL: all equal).  On entry io_pct[i]/io_has[i] hold the leaves' own progress; on return
 * every node with children has io_pct = the roll-up and io_has = true.  Scratch memory via
 * mem_alloc: ERR_NOMEM; ERR_INVALID for a bad parent or weight (message names the node). */
int status_rollup_tree(const int *parent, const double *weight, double *io_pct, bool *io_has,
		       size_t n, err_t *e);

typedef struct status_rollup {
	status_code_t worst;
	size_t count[STATUS_COUNT]; /* children per status */
	size_t total;
} status_rollup_t;

/* The parent's status: the most severe child status, with the count per status.
 * ERR_INVALID for n == 0 or an unknown code. */
int status_rollup_codes(const status_code_t *codes, size_t n, status_rollup_t *out, err_t *e);

#endif
