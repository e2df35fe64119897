/* progress.h — how far a target should be (序时进度, expected progress) and how far it is
 * (actual progress), and the investment completion rate of key projects (投资完成率).
 *
 * Progress is in percent points: 0 = at the baseline, 100 = the target reached.  All
 * functions are pure; invalid input (NaN, reversed dates, unsorted milestones, a zero
 * span without a direction) gives ERR_INVALID with a message in Chinese. */
#ifndef DUBAN_MODEL_PROGRESS_H
#define DUBAN_MODEL_PROGRESS_H

#include "base/err.h"
#include "model/date.h"

#include <stddef.h>

/* Expected share of the time elapsed at day d over [start, deadline], counting both ends
 * (day start counts as one day done): 100 * (d - start + 1) / (deadline - start + 1),
 * clamped to [0, 100].  0 before start, 100 from deadline on.  ERR_INVALID when
 * deadline < start. */
int progress_expected_time(date_t start, date_t deadline, date_t d, double *out_pct, err_t *e);

/* The expected value at d on the straight line from baseline (at start) to target (at
 * deadline), using the share of progress_expected_time. */
int progress_expected_linear(double baseline, double target, date_t start, date_t deadline,
			     date_t d, double *out_value, err_t *e);

/* An explicit milestone: the value (cumulative, in the indicator's unit) that should be
 * reached by the end of day `date` (usually period_end of a month or quarter). */
typedef struct progress_milestone {
	date_t date;
	double value;
} progress_milestone_t;

/* Milestones from per-period cumulative values ("一季度完成 10 亿, 二季度 30 亿"): out[i] is
 * (period_end(periods[i]), values[i]).  ERR_INVALID for an invalid period or a
 * non-finite value; ordering is checked where the milestones are used. */
int progress_milestones_from_periods(const period_t *periods, const double *values, size_t n,
				     progress_milestone_t *out, err_t *e);

typedef enum progress_mode {
	PROGRESS_STEP = 0,  /* the value of the last milestone on or before d */
	PROGRESS_INTERP = 1 /* linear between (start, baseline) and the milestones */
} progress_mode_t;

/* The expected value at d from milestones m[0..n) with strictly increasing dates, all
 * on or after start.  Before the first milestone: baseline (STEP) or the line from
 * (start - 1, baseline) to the first milestone (INTERP); after the last: its value. */
int progress_expected_milestones(const progress_milestone_t *m, size_t n, double baseline,
				 date_t start, progress_mode_t mode, date_t d, double *out_value,
				 err_t *e);

typedef enum progress_dir {
	PROGRESS_AUTO = 0, /* from the sign of target - baseline */
	PROGRESS_UP = 1,   /* more is better: output, investment */
	PROGRESS_DOWN = 2  /* less is better: PM2.5, energy per unit of GDP, poverty rate */
} progress_dir_t;

/* Progress of value from baseline toward target, in percent points:
 * 100 * (value - baseline) / (target - baseline).  Works for decreasing indicators
 * (both differences negative).  Not clamped: > 100 is ahead, < 0 went backwards.
 * Zero span (target == baseline, "keep at"): 100 when value is at or on the good side of
 * the target, else 0; needs dir UP or DOWN (ERR_INVALID with AUTO).  A dir that
 * contradicts baseline/target (DOWN with target > baseline) is ERR_INVALID. */
int progress_share(double baseline, double target, double value, progress_dir_t dir,
		   double *out_pct, err_t *e);

/* Investment completion rate 100 * completed / planned (投资完成率); planned must be > 0
 * and completed >= 0.  May exceed 100 (122.8% of plan). */
int progress_invest_rate(double completed, double planned, double *out_pct, err_t *e);

/* The rate against the time-phased plan (分期计划): completed divided by the cumulative
 * amount planned up to d (step over the cumulative milestones plan[0..n)).  ERR_NOTFOUND
 * when nothing is planned by d yet (no rate can be given). */
int progress_invest_phased(const progress_milestone_t *plan, size_t n, double completed, date_t d,
			   double *out_pct, err_t *e);

#endif
