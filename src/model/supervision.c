/* supervision.c — the supervision settings: keys, text values, defaults, validation. */
#include "model/supervision.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One key: where its value lives in the struct (a double or, for the grace days, an int). */
typedef struct skey {
	const char *name;
	const char *zh, *en;
	size_t off;
	bool is_int;
} skey_t;

#define SOFF(f) offsetof(supervision_cfg_t, f)

static const skey_t keys[SUPERVISION_NKEYS] = {
	{ "status.lag_points", "滞后阈值：实际进度落后序时进度超过该百分点即为滞后",
	  "lagging when actual progress trails the expected by more than these points",
	  SOFF(status.lag_points), false },
	{ "status.serious_points", "严重滞后阈值：落后超过该百分点即为严重滞后（不小于滞后阈值）",
	  "seriously lagging beyond these points (not below the lagging threshold)",
	  SOFF(status.serious_points), false },
	{ "status.done_pct", "完成标准：实际进度达到该百分比即视为完成",
	  "done when actual progress reaches this percentage", SOFF(status.done_pct), false },
	{ "status.overdue_grace_days", "逾期宽限天数：超过期限该天数后才算逾期",
	  "days after the deadline before an item counts as overdue",
	  SOFF(status.overdue_grace_days), true },
	{ "rank.w_ontime", "排名权重：按时填报率", "ranking weight of the on-time reporting rate",
	  SOFF(rank.w_ontime), false },
	{ "rank.w_schedule", "排名权重：序时达标率", "ranking weight of the on-schedule rate",
	  SOFF(rank.w_schedule), false },
	{ "rank.w_invest", "排名权重：投资完成率",
	  "ranking weight of the investment completion rate", SOFF(rank.w_invest), false },
	{ "rank.invest_cap", "投资完成率计分上限（百分比）",
	  "investment completion rate counted at most this much (percent)", SOFF(rank.invest_cap),
	  false },
};

const char *supervision_key(size_t i)
{
	return i < SUPERVISION_NKEYS ? keys[i].name : NULL;
}

const char *supervision_key_label(size_t i, const char *lang)
{
	if (i >= SUPERVISION_NKEYS)
		return NULL;
	return lang && strncmp(lang, "en", 2) == 0 ? keys[i].en : keys[i].zh;
}

void supervision_cfg_default(supervision_cfg_t *cfg)
{
	status_cfg_default(&cfg->status);
	rank_cfg_default(&cfg->rank);
}

static double *dbl_at(supervision_cfg_t *cfg, size_t i)
{
	return (double *)(void *)((char *)cfg + keys[i].off);
}

static int *int_at(supervision_cfg_t *cfg, size_t i)
{
	return (int *)(void *)((char *)cfg + keys[i].off);
}

static double dbl_of(const supervision_cfg_t *cfg, size_t i)
{
	return *(const double *)(const void *)((const char *)cfg + keys[i].off);
}

static int int_of(const supervision_cfg_t *cfg, size_t i)
{
	return *(const int *)(const void *)((const char *)cfg + keys[i].off);
}

/* Which key made a failed validation fail: the first field the rules refuse. */
static const char *bad_status_key(const status_cfg_t *c)
{
	if (!isfinite(c->lag_points) || c->lag_points < 0)
		return "status.lag_points";
	if (!isfinite(c->serious_points) || c->serious_points < c->lag_points)
		return "status.serious_points";
	if (!isfinite(c->done_pct) || c->done_pct <= 0)
		return "status.done_pct";
	return "status.overdue_grace_days";
}

static const char *bad_rank_key(const rank_cfg_t *c)
{
	if (!isfinite(c->w_ontime) || c->w_ontime < 0)
		return "rank.w_ontime";
	if (!isfinite(c->w_schedule) || c->w_schedule < 0)
		return "rank.w_schedule";
	if (!isfinite(c->w_invest) || c->w_invest < 0)
		return "rank.w_invest";
	if (!isfinite(c->invest_cap) || c->invest_cap <= 0)
		return "rank.invest_cap";
	return "rank.w_ontime"; /* the weights sum to 0 */
}

int supervision_cfg_validate(const supervision_cfg_t *cfg, err_t *e)
{
	int rc = status_cfg_validate(&cfg->status, e);

	if (rc)
		return e ? err_field(e, bad_status_key(&cfg->status)) : rc;
	rc = rank_cfg_validate(&cfg->rank, e);
	if (rc)
		return e ? err_field(e, bad_rank_key(&cfg->rank)) : rc;
	return 0;
}

static int find_key(str_t key)
{
	for (size_t i = 0; i < SUPERVISION_NKEYS; i++)
		if (str_eq_cstr(key, keys[i].name))
			return (int)i;
	return -1;
}

int supervision_cfg_set(supervision_cfg_t *cfg, str_t key, str_t value, err_t *e)
{
	int i = find_key(key);
	str_t v = str_trim(value);
	long long n = 0;
	double d = 0;
	char buf[64];

	if (i < 0) {
		err_set(e, ERR_NOTFOUND, "没有名为“%.*s”的设置项",
			(int)(key.len > 64 ? 64 : key.len), key.ptr ? key.ptr : "");
		return e ? err_field(e, "key") : ERR_NOTFOUND;
	}
	if (keys[i].is_int) {
		if (str_to_ll(v, &n) < 0 || n < -1000000 || n > 1000000) {
			err_set(e, ERR_INVALID, "设置项 %s 的值应为整数天数", keys[i].name);
			return e ? err_field(e, keys[i].name) : ERR_INVALID;
		}
		*int_at(cfg, (size_t)i) = (int)n;
		return 0;
	}
	if (str_to_double(v, &d) < 0 || !isfinite(d)) {
		err_set(e, ERR_INVALID, "设置项 %s 的值应为数值", keys[i].name);
		return e ? err_field(e, keys[i].name) : ERR_INVALID;
	}
	/* kept as its stored text reads back, so a value survives a save and load unchanged */
	snprintf(buf, sizeof buf, "%.15g", d);
	*dbl_at(cfg, (size_t)i) = strtod(buf, NULL);
	return 0;
}

int supervision_cfg_get(const supervision_cfg_t *cfg, size_t i, char *buf, size_t size)
{
	int n;

	if (i >= SUPERVISION_NKEYS)
		return ERR_NOTFOUND;
	if (keys[i].is_int)
		n = snprintf(buf, size, "%d", int_of(cfg, i));
	else
		n = snprintf(buf, size, "%.15g", dbl_of(cfg, i));
	return n < 0 || (size_t)n >= size ? ERR_LIMIT : 0;
}

bool supervision_cfg_equal(const supervision_cfg_t *a, const supervision_cfg_t *b)
{
	for (size_t i = 0; i < SUPERVISION_NKEYS; i++)
		if (keys[i].is_int ? int_of(a, i) != int_of(b, i) : dbl_of(a, i) != dbl_of(b, i))
			return false;
	return true;
}
