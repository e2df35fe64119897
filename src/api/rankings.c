/* rankings.c — GET /api/rankings?plan=ID&period=P (those who read every unit: admin,
 * supervisor, leader): the responsible units of a plan ranked by model/rank.h for the
 * monthly bulletin.  Components used now: the reporting rate (items with a submitted or
 * accepted report for the period / items assigned; the report's submission time is not
 * stored yet, so "on time" means "filed") and the investment completion rate of the
 * unit's key projects.  The on-schedule component needs progress data and is left out
 * (rank_compute renormalises the weights). */
#include "api/internal.h"

#include "base/mem.h"
#include "model/date.h"
#include "model/rank.h"

#include <limits.h>

static str_t unit_name(const store_unit_t *units, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (units[i].id == id)
			return units[i].name;
	return STR_LIT("");
}

static json_t *row_json(const rank_row_t *r, const store_unit_counts_t *c, str_t name)
{
	return json_pack("{s:i, s:I, s:o, s:f, s:I, s:I, s:f, s:o, s:f, s:f}", "rank", r->rank,
			 "unit_id", (json_int_t)c->unit_id, "unit_name", api_str(name), "score",
			 r->score, "items", (json_int_t)c->items, "filed", (json_int_t)c->filed,
			 "filed_rate", r->rate[RANK_ONTIME], "invest_rate",
			 r->has[RANK_INVEST] ? json_real(r->rate[RANK_INVEST]) : json_null(),
			 "plan_invest", c->plan_invest, "done_invest", c->done_invest);
}

/* Ranks the counts into a JSON array (new reference) in *out. */
static int rank_json(const store_unit_counts_t *c, size_t n, const store_unit_t *units,
		     size_t nunits, json_t **out, err_t *e)
{
	rank_input_t *in = mem_calloc(n ? n : 1, sizeof *in);
	rank_row_t *rows = mem_calloc(n ? n : 1, sizeof *rows);
	rank_cfg_t cfg;
	int rc = in && rows ? 0 : err_set(e, ERR_NOMEM, "out of memory");

	rank_cfg_default(&cfg);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (c[i].unit_id > INT_MAX)
			rc = err_set(e, ERR_INTERNAL, "unit id %lld too large to rank",
				     c[i].unit_id);
		in[i] = (rank_input_t){ .unit = (int)c[i].unit_id,
					.reports_due = (size_t)c[i].items,
					.reports_on_time = (size_t)c[i].filed,
					.invest_planned = c[i].plan_invest,
					.invest_completed = c[i].done_invest };
	}
	if (rc == 0 && n > 0)
		rc = rank_compute(&cfg, in, n, rows, e);
	*out = rc == 0 ? json_array() : NULL;
	if (rc == 0 && !*out)
		rc = err_set(e, ERR_NOMEM, "out of memory");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t k = 0;
		while (k < n && c[k].unit_id != rows[i].unit)
			k++;
		if (k == n ||
		    json_array_append_new(*out, row_json(&rows[i], &c[k],
							 unit_name(units, nunits, c[k].unit_id))))
			rc = err_set(e, ERR_NOMEM, "out of memory");
	}
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	mem_free(in);
	mem_free(rows);
	return rc;
}

int api_rankings(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	str_t period = STR_NULL;
	store_unit_counts_t *c;
	store_unit_t *units;
	size_t n, nunits;
	json_t *arr = NULL;
	period_t per;
	long long plan;
	store_t *s;
	int rc = api_query_int(req, "plan", 0, 1LL << 62, &plan, e);

	if (rc)
		return rc;
	if (plan <= 0) {
		err_set(e, ERR_INVALID, "请指定规划（plan）");
		return err_field(e, "plan");
	}
	if (!http_req_query(req, "period", &period) || period_parse(period, &per, e) != 0) {
		if (!period.ptr)
			err_set(e, ERR_INVALID, "请指定填报周期（period），例如 2024-03");
		return err_field(e, "period");
	}
	if (!(s = api_store_get(ctx, e)))
		return e->code;
	rc = store_unit_report_counts(s, req->arena, plan, period, &c, &n, e);
	if (rc == 0)
		rc = store_unit_list(s, req->arena, &units, &nunits, e);
	api_store_put(ctx, s);
	if (rc == 0)
		rc = rank_json(c, n, units, nunits, &arr, e);
	if (rc == 0)
		rc = http_resp_json(resp, 200, json_pack("{s:o}", "rankings", arr));
	return rc;
}
