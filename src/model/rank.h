/* rank.h — ranking of units and counties (排名) for the monthly bulletin (通报).
 *
 * score = weighted mean of three component rates, each 0..100:
 *   on-time reporting rate  (按时填报率)  = reports filed on time / reports due
 *   on-schedule rate        (序时达标率)  = items normal or done / items tracked
 *   investment completion   (投资完成率)  = completed / planned, capped at invest_cap
 * A component a unit has nothing for (no report due, no item, no planned investment) is
 * left out and the remaining weights are renormalised.  Ties are broken by on-time rate,
 * then on-schedule rate, then investment rate, then unit id (ascending), so the order is
 * deterministic; ranks are 1..n without gaps or shares.  See docs/rules.md ("Ranking"). */
#ifndef DUBAN_MODEL_RANK_H
#define DUBAN_MODEL_RANK_H

#include "base/err.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct rank_cfg {
	double w_ontime;   /* 0.4 */
	double w_schedule; /* 0.4 */
	double w_invest;   /* 0.2 */
	double invest_cap; /* 100: a rate above counts as this much */
} rank_cfg_t;

#define RANK_W_ONTIME_DEFAULT   0.4
#define RANK_W_SCHEDULE_DEFAULT 0.4
#define RANK_W_INVEST_DEFAULT   0.2
#define RANK_INVEST_CAP_DEFAULT 100.0

void rank_cfg_default(rank_cfg_t *cfg);
/* 0 when every weight is finite and >= 0, their sum > 0 and invest_cap > 0. */
int rank_cfg_validate(const rank_cfg_t *cfg, err_t *e);

typedef struct rank_input {
	int unit; /* unit id, unique in the input */
	size_t reports_due, reports_on_time;
	size_t items, items_on_schedule;
	double invest_planned, invest_completed; /* same currency unit for all */
} rank_input_t;

enum { RANK_ONTIME = 0, RANK_SCHEDULE = 1, RANK_INVEST = 2, RANK_PARTS = 3 };

typedef struct rank_row {
	int unit;
	int rank;                /* 1 = best */
	double score;            /* 0..100 */
	double rate[RANK_PARTS]; /* component rates, 0..100 (invest capped) */
	bool has[RANK_PARTS];    /* false: component left out */
	double part[RANK_PARTS]; /* contribution to score: rate * renormalised weight */
} rank_row_t;

/* Scores in[0..n) and writes them to out[0..n) best first.  ERR_INVALID for a bad cfg,
 * a duplicate unit id, counts out of range (on time > due, on schedule > items), a
 * negative or non-finite investment, or a unit with no component at all. */
int rank_compute(const rank_cfg_t *cfg, const rank_input_t *in, size_t n, rank_row_t *out,
		 err_t *e);

#endif
