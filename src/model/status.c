/* status.c — status rules, warnings, labels and roll-up. */
#include "model/status.h"

#include "base/mem.h"
#include "model/org.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const names[STATUS_COUNT] = {
	"done", "normal", "lagging", "not_reported", "seriously_lagging", "overdue"
};
static const char *const zh[STATUS_COUNT] = {
	"已完成", "正常", "滞后", "未填报", "严重滞后", "逾期"
};
static const char *const en[STATUS_COUNT] = {
	"Done", "Normal", "Lagging", "Not reported", "Seriously lagging", "Overdue"
};

void status_cfg_default(status_cfg_t *cfg)
{
	cfg->lag_points = STATUS_LAG_POINTS_DEFAULT;
	cfg->serious_points = STATUS_SERIOUS_POINTS_DEFAULT;
	cfg->done_pct = STATUS_DONE_PCT_DEFAULT;
	cfg->overdue_grace_days = STATUS_OVERDUE_GRACE_DEFAULT;
}

int status_cfg_validate(const status_cfg_t *cfg, err_t *e)
{
	if (!isfinite(cfg->lag_points) || !isfinite(cfg->serious_points) ||
	    !isfinite(cfg->done_pct))
		return err_set(e, ERR_INVALID, "预警阈值必须是有效数值");
	if (cfg->lag_points < 0 || cfg->serious_points < cfg->lag_points)
		return err_set(e, ERR_INVALID,
			       "预警阈值无效：滞后 %.1f、严重滞后 %.1f 个百分点（要求 0 <= 滞后 <= "
			       "严重滞后）",
			       cfg->lag_points, cfg->serious_points);
	if (cfg->done_pct <= 0)
		return err_set(e, ERR_INVALID, "完成标准必须大于 0");
	if (cfg->overdue_grace_days < 0)
		return err_set(e, ERR_INVALID, "逾期宽限天数不能为负数");
	return 0;
}

static void set(status_result_t *out, status_code_t code, double gap)
{
	out->code = code;
	out->warn = status_warn_of(code);
	out->gap_points = gap;
}

int status_eval(const status_cfg_t *cfg, const status_input_t *in, status_result_t *out, err_t *e)
{
	double gap;
	char dl[DATE_STR_SIZE];
	int rc = status_cfg_validate(cfg, e);

	if (rc)
		return rc;
	if (in->reported && (!isfinite(in->actual_pct) || !isfinite(in->expected_pct)))
		return err_set(e, ERR_INVALID, "进度不是有效数值");
	gap = in->reported ? in->expected_pct - in->actual_pct : 0;
	if (in->completed || (in->reported && in->actual_pct >= cfg->done_pct)) {
		set(out, STATUS_DONE, 0);
		snprintf(out->reason, sizeof out->reason, "%s",
			 in->completed ? "已标记完成" : "实际进度已达到目标");
		return 0;
	}
	if (in->has_deadline && in->today > in->deadline + cfg->overdue_grace_days) {
		set(out, STATUS_OVERDUE, gap);
		snprintf(out->reason, sizeof out->reason, "已过完成时限 %s，逾期 %d 天，尚未完成",
			 date_format(in->deadline, dl), in->today - in->deadline);
		return 0;
	}
	if (!in->reported) {
		set(out, STATUS_NOT_REPORTED, 0);
		snprintf(out->reason, sizeof out->reason, "%s", "本期未按时填报进度");
		return 0;
	}
	if (gap > cfg->serious_points)
		set(out, STATUS_SERIOUS, gap);
	else if (gap > cfg->lag_points)
		set(out, STATUS_LAGGING, gap);
	else
		set(out, STATUS_NORMAL, gap);
	if (out->code == STATUS_NORMAL)
		snprintf(out->reason, sizeof out->reason, "实际进度 %.1f%%，序时进度 %.1f%%",
			 in->actual_pct, in->expected_pct);
	else
		snprintf(out->reason, sizeof out->reason,
			 "实际进度 %.1f%%，序时进度 %.1f%%，落后 %.1f 个百分点", in->actual_pct,
			 in->expected_pct, gap);
	return 0;
}

status_warn_t status_warn_of(status_code_t code)
{
	switch (code) {
	case STATUS_LAGGING:
	case STATUS_NOT_REPORTED: return STATUS_WARN_YELLOW;
	case STATUS_SERIOUS:
	case STATUS_OVERDUE: return STATUS_WARN_RED;
	case STATUS_DONE:
	case STATUS_NORMAL:
	case STATUS_COUNT: break;
	}
	return STATUS_WARN_NONE;
}

int status_severity(status_code_t code)
{
	return (unsigned)code < STATUS_COUNT ? (int)code : -1;
}

const char *status_name(status_code_t code)
{
	return (unsigned)code < STATUS_COUNT ? names[code] : "unknown";
}

int status_parse(str_t s, status_code_t *out_code, err_t *e)
{
	for (int i = 0; i < STATUS_COUNT; i++) {
		if (str_eq_cstr(s, names[i])) {
			*out_code = (status_code_t)i;
			return 0;
		}
	}
	return err_set(e, ERR_INVALID, "状态“%.*s”无效", STR_FMT(s));
}

const char *status_label(status_code_t code, const char *lang)
{
	if ((unsigned)code >= STATUS_COUNT)
		return "?";
	return org_lang_is_zh(lang) ? zh[code] : en[code];
}

const char *status_warn_name(status_warn_t w)
{
	switch (w) {
	case STATUS_WARN_NONE: return "none";
	case STATUS_WARN_YELLOW: return "yellow";
	case STATUS_WARN_RED: return "red";
	}
	return "unknown";
}

const char *status_warn_label(status_warn_t w, const char *lang)
{
	bool z = org_lang_is_zh(lang);

	switch (w) {
	case STATUS_WARN_NONE: return z ? "无预警" : "None";
	case STATUS_WARN_YELLOW: return z ? "黄色预警" : "Yellow";
	case STATUS_WARN_RED: return z ? "红色预警" : "Red";
	}
	return "?";
}

static double clamp_pct(double v)
{
	if (!(v > 0)) /* also NaN */
		return 0;
	return v > 100 ? 100 : v;
}

int status_rollup_progress(const status_child_t *c, size_t n, double *out_pct, err_t *e)
{
	double given = 0, sum_w = 0, sum = 0, fill;
	size_t ngiven = 0;

	if (n == 0 || !c)
		return err_set(e, ERR_INVALID, "没有下级事项，无法汇总进度");
	for (size_t i = 0; i < n; i++) {
		if (isinf(c[i].weight) || c[i].weight < 0)
			return err_set(e, ERR_INVALID, "第 %zu 个下级事项的权重无效", i + 1);
		if (c[i].weight > 0) {
			given += c[i].weight;
			ngiven++;
		}
	}
	fill = ngiven ? given / (double)ngiven : 1.0;
	for (size_t i = 0; i < n; i++) {
		double w = c[i].weight > 0 ? c[i].weight : fill;

		sum_w += w;
		sum += w * (c[i].has_pct ? clamp_pct(c[i].pct) : 0);
	}
	*out_pct = sum / sum_w;
	return 0;
}

/* Running sums of one parent's children, kept apart so that the fill weight for children
 * without a weight (the mean of the given ones) can be applied at the end. */
typedef struct acc {
	double given_w, given_wp, missing_p;
	size_t ngiven, nmissing;
} acc_t;

static double acc_result(const acc_t *a)
{
	double fill = a->ngiven ? a->given_w / (double)a->ngiven : 1.0;

	return (a->given_wp + fill * a->missing_p) / (a->given_w + fill * (double)a->nmissing);
}

int status_rollup_tree(const int *parent, const double *weight, double *io_pct, bool *io_has,
		       size_t n, err_t *e)
{
	acc_t *acc;

	for (size_t i = 0; i < n; i++) {
		if (parent[i] < -1 || (parent[i] >= 0 && (size_t)parent[i] >= i))
			return err_set(e, ERR_INVALID, "节点 %zu 的上级节点 %d 无效（须在其之前）",
				       i, parent[i]);
		if (weight && (isinf(weight[i]) || weight[i] < 0))
			return err_set(e, ERR_INVALID, "节点 %zu 的权重无效", i);
	}
	if (n == 0)
		return 0;
	acc = mem_calloc(n, sizeof *acc);
	if (!acc)
		return err_set(e, ERR_NOMEM, "汇总进度时内存不足");
	for (size_t k = n; k-- > 0;) {
		double p;

		if (acc[k].ngiven + acc[k].nmissing > 0) {
			io_pct[k] = acc_result(&acc[k]);
			io_has[k] = true;
		}
		if (parent[k] < 0)
			continue;
		p = io_has[k] ? clamp_pct(io_pct[k]) : 0;
		if (weight && weight[k] > 0) {
			acc[parent[k]].given_w += weight[k];
			acc[parent[k]].given_wp += weight[k] * p;
			acc[parent[k]].ngiven++;
		} else {
			acc[parent[k]].missing_p += p;
			acc[parent[k]].nmissing++;
		}
	}
	mem_free(acc);
	return 0;
}

int status_rollup_codes(const status_code_t *codes, size_t n, status_rollup_t *out, err_t *e)
{
	status_rollup_t r;

	if (n == 0 || !codes)
		return err_set(e, ERR_INVALID, "没有下级事项，无法汇总状态");
	memset(&r, 0, sizeof r);
	r.worst = STATUS_DONE;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned)codes[i] >= STATUS_COUNT)
			return err_set(e, ERR_INVALID, "第 %zu 个下级事项的状态无效", i + 1);
		r.count[codes[i]]++;
		if (status_severity(codes[i]) > status_severity(r.worst))
			r.worst = codes[i];
	}
	r.total = n;
	*out = r;
	return 0;
}
