/* progress.c — expected and actual progress, investment completion rates. */
#include "model/progress.h"

#include <math.h>

int progress_expected_time(date_t start, date_t deadline, date_t d, double *out_pct, err_t *e)
{
	double span, done;

	if (deadline < start)
		return err_set(e, ERR_INVALID, "截止日期早于开始日期");
	if (d < start) {
		*out_pct = 0;
		return 0;
	}
	if (d >= deadline) {
		*out_pct = 100;
		return 0;
	}
	span = (double)deadline - (double)start + 1;
	done = (double)d - (double)start + 1;
	*out_pct = 100.0 * done / span;
	return 0;
}

static int check_finite(double v, const char *what, err_t *e)
{
	if (!isfinite(v))
		return err_set(e, ERR_INVALID, "%s不是有效数值", what);
	return 0;
}

int progress_expected_linear(double baseline, double target, date_t start, date_t deadline,
			     date_t d, double *out_value, err_t *e)
{
	double pct = 0;
	int rc;

	if ((rc = check_finite(baseline, "基期值", e)) || (rc = check_finite(target, "目标值", e)))
		return rc;
	if ((rc = progress_expected_time(start, deadline, d, &pct, e)))
		return rc;
	*out_value = baseline + (target - baseline) * pct / 100.0;
	return 0;
}

static int check_milestones(const progress_milestone_t *m, size_t n, date_t start, err_t *e)
{
	if (n == 0 || !m)
		return err_set(e, ERR_INVALID, "没有节点目标（里程碑）");
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(m[i].value))
			return err_set(e, ERR_INVALID, "第 %zu 个节点目标的数值无效", i + 1);
		if (m[i].date < start)
			return err_set(e, ERR_INVALID, "第 %zu 个节点目标早于开始日期", i + 1);
		if (i > 0 && m[i].date <= m[i - 1].date)
			return err_set(e, ERR_INVALID, "节点目标的日期必须逐个递增（第 %zu 个）",
				       i + 1);
	}
	return 0;
}

int progress_milestones_from_periods(const period_t *periods, const double *values, size_t n,
				     progress_milestone_t *out, err_t *e)
{
	for (size_t i = 0; i < n; i++) {
		if (!period_valid(periods[i]))
			return err_set(e, ERR_INVALID, "第 %zu 个节点目标的周期无效", i + 1);
		if (!isfinite(values[i]))
			return err_set(e, ERR_INVALID, "第 %zu 个节点目标的数值无效", i + 1);
		out[i].date = period_end(periods[i]);
		out[i].value = values[i];
	}
	return 0;
}

int progress_expected_milestones(const progress_milestone_t *m, size_t n, double baseline,
				 date_t start, progress_mode_t mode, date_t d, double *out_value,
				 err_t *e)
{
	double prev_v = baseline;
	date_t prev_d = start - 1;
	int rc;

	if ((rc = check_finite(baseline, "基期值", e)) || (rc = check_milestones(m, n, start, e)))
		return rc;
	if (mode != PROGRESS_STEP && mode != PROGRESS_INTERP)
		return err_set(e, ERR_INVALID, "序时进度计算方式无效");
	for (size_t i = 0; i < n; i++) {
		if (d < m[i].date) {
			if (mode == PROGRESS_STEP || d <= prev_d) {
				*out_value = prev_v;
			} else {
				double f = ((double)d - prev_d) / ((double)m[i].date - prev_d);
				*out_value = prev_v + (m[i].value - prev_v) * f;
			}
			return 0;
		}
		prev_v = m[i].value;
		prev_d = m[i].date;
	}
	*out_value = prev_v;
	return 0;
}

int progress_share(double baseline, double target, double value, progress_dir_t dir,
		   double *out_pct, err_t *e)
{
	int rc;

	if ((rc = check_finite(baseline, "基期值", e)) ||
	    (rc = check_finite(target, "目标值", e)) || (rc = check_finite(value, "实际值", e)))
		return rc;
	if (dir != PROGRESS_AUTO && dir != PROGRESS_UP && dir != PROGRESS_DOWN)
		return err_set(e, ERR_INVALID, "指标方向无效");
	if ((dir == PROGRESS_UP && target < baseline) ||
	    (dir == PROGRESS_DOWN && target > baseline))
		return err_set(e, ERR_INVALID, "指标方向与基期值、目标值不一致（%s指标）",
			       dir == PROGRESS_UP ? "正向" : "逆向");
	if (target == baseline) {
		if (dir == PROGRESS_AUTO)
			return err_set(e, ERR_INVALID,
				       "目标值与基期值相同，需指明指标方向才能计算进度");
		*out_pct = (dir == PROGRESS_UP ? value >= target : value <= target) ? 100 : 0;
		return 0;
	}
	*out_pct = 100.0 * (value - baseline) / (target - baseline);
	return 0;
}

int progress_invest_rate(double completed, double planned, double *out_pct, err_t *e)
{
	int rc;

	if ((rc = check_finite(completed, "完成投资", e)) ||
	    (rc = check_finite(planned, "计划投资", e)))
		return rc;
	if (planned <= 0)
		return err_set(e, ERR_INVALID, "计划投资必须大于 0");
	if (completed < 0)
		return err_set(e, ERR_INVALID, "完成投资不能为负数");
	*out_pct = 100.0 * completed / planned;
	return 0;
}

int progress_invest_phased(const progress_milestone_t *plan, size_t n, double completed, date_t d,
			   double *out_pct, err_t *e)
{
	double due = 0;
	int rc;

	if (n == 0 || !plan)
		return err_set(e, ERR_INVALID, "没有分期投资计划");
	rc = progress_expected_milestones(plan, n, 0, plan[0].date, PROGRESS_STEP, d, &due, e);
	if (rc)
		return rc;
	if (due <= 0)
		return err_set(e, ERR_NOTFOUND, "截至该日期尚无计划投资，无法计算完成率");
	return progress_invest_rate(completed, due, out_pct, e);
}
