/* rankings.c — GET /api/rankings?plan=ID&period=YYYY-MM (those who read every unit:
 * admin, supervisor, leader): the responsible units ranked by model/rank.h for the
 * monthly bulletin, with every component — on-time reporting (按时填报率), share of items
 * on schedule (序时达标率) and investment completion (投资完成率) — from the supervision
 * picture (store/picture.h) judged on the month's due day, as `duban rank` does.
 * plan absent or 0: every active plan; period absent: the month last due today. */
#include "api/internal.h"

#include "model/date.h"
#include "model/rank.h"
#include "store/picture.h"
#include "store/settings.h"

#include <string.h>

static json_t *part_json(const rank_row_t *r, int k)
{
	return r->has[k] ? json_pack("{s:f, s:f}", "rate", r->rate[k], "part", r->part[k])
			 : json_null();
}

static json_t *row_json(const rank_row_t *r, const rank_input_t *in, str_t name)
{
	return json_pack("{s:i, s:i, s:o, s:f, s:{s:o, s:o, s:o}, s:I, s:I, s:I, s:I, s:f, s:f}",
			 "rank", r->rank, "unit_id", r->unit, "unit_name", api_str(name), "score",
			 r->score, "components", "ontime", part_json(r, RANK_ONTIME), "schedule",
			 part_json(r, RANK_SCHEDULE), "invest", part_json(r, RANK_INVEST),
			 "reports_due", (json_int_t)in->reports_due, "reports_on_time",
			 (json_int_t)in->reports_on_time, "items", (json_int_t)in->items,
			 "items_on_schedule", (json_int_t)in->items_on_schedule, "invest_planned",
			 in->invest_planned, "invest_completed", in->invest_completed);
}

/* The day the month is judged on: its due day; the month last due today by default. */
static int rankings_as_of(const http_req_t *req, date_t *out_date, err_t *e)
{
	period_window_cfg_t w;
	period_t p;
	date_t open, today;
	str_t v;
	int rc;

	period_window_cfg_default(&w);
	if (!http_req_query(req, "period", &v)) {
		if ((rc = api_today(&today, e)) < 0)
			return rc;
		if (period_last_due(&w, PERIOD_MONTH, today, &p, NULL) < 0) {
			err_set(e, ERR_INVALID, "尚无到期的填报月份，请指定填报周期（period）");
			return err_field(e, "period");
		}
	} else if (period_parse(v, &p, NULL) < 0 || p.kind != PERIOD_MONTH) {
		err_set(e, ERR_INVALID, "填报周期（period）应为月份，例如 2024-03");
		return err_field(e, "period");
	}
	return period_window(&w, p, &open, out_date, e);
}

int api_rankings(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	supervision_cfg_t rules;
	store_picture_query_t q = { .rules = &rules };
	store_picture_t pic;
	rank_input_t *in = NULL;
	rank_row_t *rows = NULL;
	store_unit_t *units = NULL;
	size_t n = 0, nu = 0;
	json_t *arr = NULL;
	store_t *s;
	int rc = api_query_int(req, "plan", 0, 1LL << 62, &q.plan_id, e);

	if (rc == 0)
		rc = rankings_as_of(req, &q.as_of, e);
	if (rc)
		return rc;
	if (!(s = api_store_get(ctx, req, e)))
		return e->code;
	q.unit_id = api_scope_root(req->principal);
	rc = store_supervision_load(s, &rules, e); /* thresholds and weights: the settings */
	if (rc == 0)
		rc = store_picture_rank_inputs(s, req->arena, &q, &pic, NULL, NULL, &in, &n, e);
	if (rc == 0)
		rc = store_unit_list(s, req->arena, &units, &nu, e);
	api_store_put(ctx, s);
	if (rc == ERR_INVALID && !strcmp(e->field, "plan"))
		rc = err_set(e, ERR_NOTFOUND, "没有这个规划");
	if (rc == 0)
		rc = store_picture_rank(req->arena, &rules.rank, in, n, &rows, e);
	if (rc == 0 && !(arr = json_array()))
		rc = err_set(e, ERR_NOMEM, "out of memory");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const rank_input_t *src = &in[0];
		for (size_t k = 0; k < n; k++)
			if (in[k].unit == rows[i].unit)
				src = &in[k];
		if (json_array_append_new(
			    arr, row_json(&rows[i], src, api_unit_name(units, nu, rows[i].unit))))
			rc = err_set(e, ERR_NOMEM, "out of memory");
	}
	if (rc) {
		json_decref(arr);
		return rc;
	}
	return http_resp_json(resp, 200,
			      json_pack("{s:s, s:o}", "period", pic.due_text, "rankings", arr));
}
