/* rank.c — unit ranking by a weighted score with a deterministic tie-break. */
#include "model/rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rank_cfg_default(rank_cfg_t *cfg)
{
	cfg->w_ontime = RANK_W_ONTIME_DEFAULT;
	cfg->w_schedule = RANK_W_SCHEDULE_DEFAULT;
	cfg->w_invest = RANK_W_INVEST_DEFAULT;
	cfg->invest_cap = RANK_INVEST_CAP_DEFAULT;
}

int rank_cfg_validate(const rank_cfg_t *cfg, err_t *e)
{
	double w[RANK_PARTS] = { cfg->w_ontime, cfg->w_schedule, cfg->w_invest };

	for (int i = 0; i < RANK_PARTS; i++)
		if (!isfinite(w[i]) || w[i] < 0)
			return err_set(e, ERR_INVALID, "排名权重必须是非负数");
	if (w[0] + w[1] + w[2] <= 0)
		return err_set(e, ERR_INVALID, "排名权重之和必须大于 0");
	if (!isfinite(cfg->invest_cap) || cfg->invest_cap <= 0)
		return err_set(e, ERR_INVALID, "投资完成率上限必须大于 0");
	return 0;
}

static int score_one(const rank_cfg_t *cfg, const rank_input_t *in, rank_row_t *out, err_t *e)
{
	double w[RANK_PARTS] = { cfg->w_ontime, cfg->w_schedule, cfg->w_invest };
	double wsum = 0;

	memset(out, 0, sizeof *out);
	out->unit = in->unit;
	if (in->reports_on_time > in->reports_due || in->items_on_schedule > in->items)
		return err_set(e, ERR_INVALID, "单位 %d 的统计数有误（达标数大于总数）", in->unit);
	if (!isfinite(in->invest_planned) || !isfinite(in->invest_completed) ||
	    in->invest_planned < 0 || in->invest_completed < 0)
		return err_set(e, ERR_INVALID, "单位 %d 的投资数额无效", in->unit);
	if (in->reports_due) {
		out->has[RANK_ONTIME] = true;
		out->rate[RANK_ONTIME] =
			100.0 * (double)in->reports_on_time / (double)in->reports_due;
	}
	if (in->items) {
		out->has[RANK_SCHEDULE] = true;
		out->rate[RANK_SCHEDULE] =
			100.0 * (double)in->items_on_schedule / (double)in->items;
	}
	if (in->invest_planned > 0) {
		double r = 100.0 * in->invest_completed / in->invest_planned;

		out->has[RANK_INVEST] = true;
		out->rate[RANK_INVEST] = r > cfg->invest_cap ? cfg->invest_cap : r;
	}
	for (int i = 0; i < RANK_PARTS; i++)
		if (out->has[i])
			wsum += w[i];
	if (wsum <= 0)
		return err_set(e, ERR_INVALID, "单位 %d 没有可用于排名的数据", in->unit);
	for (int i = 0; i < RANK_PARTS; i++) {
		if (out->has[i]) {
			out->part[i] = out->rate[i] * w[i] / wsum;
			out->score += out->part[i];
		}
	}
	return 0;
}

/* Compares at 1e-9 so that sums computed in a different order do not reorder units. */
static int cmp_desc(double a, double b)
{
	if (fabs(a - b) <= 1e-9)
		return 0;
	return a > b ? -1 : 1;
}

static int row_cmp(const void *pa, const void *pb)
{
	const rank_row_t *a = pa, *b = pb;
	int c = cmp_desc(a->score, b->score);

	for (int i = 0; !c && i < RANK_PARTS; i++)
		c = cmp_desc(a->has[i] ? a->rate[i] : -1, b->has[i] ? b->rate[i] : -1);
	if (c)
		return c;
	return (a->unit > b->unit) - (a->unit < b->unit);
}

int rank_compute(const rank_cfg_t *cfg, const rank_input_t *in, size_t n, rank_row_t *out, err_t *e)
{
	int rc = rank_cfg_validate(cfg, e);

	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = score_one(cfg, &in[i], &out[i], e)))
			return rc;
	/* Duplicate ids: quadratic, but a city has hundreds of units, not millions, and this
	 * needs no allocation. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (in[i].unit == in[j].unit)
				return err_set(e, ERR_INVALID, "单位 %d 在排名数据中重复出现",
					       in[i].unit);
	if (n > 1)
		qsort(out, n, sizeof *out, row_cmp);
	for (size_t i = 0; i < n; i++)
		out[i].rank = (int)i + 1;
	return 0;
}
