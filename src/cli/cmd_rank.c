/* cmd_rank.c — `duban rank [--period P]`: units ranked for the monthly bulletin (通报) by
 * model/rank.h from on-time reporting (按时填报率), share of items on schedule (序时达标率)
 * and investment completion (投资完成率), with each component's contribution. */
#include "cli/ledger.h"

#include "cli/evaluate.h"
#include "model/rank.h"

#include <string.h>

static const cli_opt_t rank_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "period", CLI_VALUE, "YYYY-MM", "the month ranked (default: the month last due today)" },
	{ "plan", CLI_VALUE, "ID", "only this plan (default: every active plan)" },
};

/* The index of unit in in[0..*io_n), appended when new. */
static rank_input_t *rank_slot(rank_input_t *in, size_t *io_n, long long unit)
{
	for (size_t i = 0; i < *io_n; i++)
		if (in[i].unit == (int)unit)
			return &in[i];
	memset(&in[*io_n], 0, sizeof in[0]);
	in[*io_n].unit = (int)unit;
	return &in[(*io_n)++];
}

/* Whether the report r was submitted on or before the due day (YYYY-MM-DD): its
 * submission time, or its last update for a report submitted before schema v4. */
static bool rank_on_time(const store_report_t *r, const char *due)
{
	str_t at = r->submitted_at.len ? r->submitted_at : r->updated_at;
	return at.len >= 10 && memcmp(at.ptr, due, 10) <= 0;
}

static void rank_inputs(const eval_set_t *set, rank_input_t *in, size_t *io_n)
{
	char due[DATE_STR_SIZE];

	date_format(set->due_date, due);
	for (size_t i = 0; i < set->nduties; i++) {
		const eval_duty_t *d = &set->duties[i];
		rank_input_t *r = rank_slot(in, io_n, d->unit_id);
		r->reports_due++;
		for (size_t k = 0; k < set->nreports; k++) {
			const store_report_t *rep = &set->reports[k];
			if (rep->unit_id != d->unit_id || rep->item_id != d->id ||
			    !str_eq_cstr(rep->item_kind, d->kind) ||
			    !str_eq_cstr(rep->period, set->due_text) ||
			    !(str_eq_cstr(rep->state, "submitted") ||
			      str_eq_cstr(rep->state, "accepted")))
				continue;
			r->reports_on_time += rank_on_time(rep, due);
		}
	}
	for (size_t i = 0; i < set->nitems; i++) {
		const eval_item_t *it = &set->items[i];
		if (!it->unit_id)
			continue;
		rank_input_t *r = rank_slot(in, io_n, it->unit_id);
		r->items++;
		r->items_on_schedule += it->st.code == STATUS_NORMAL || it->st.code == STATUS_DONE;
		if (strcmp(it->kind, STORE_KIND_PROJECT) == 0 && it->plan_invest > 0) {
			r->invest_planned += it->plan_invest;
			r->invest_completed += it->done_invest > 0 ? it->done_invest : 0;
		}
	}
}

static const char *rank_rate(arena_t *a, const rank_row_t *r, int k)
{
	return r->has[k] ? arena_printf(a, "%.1f%% (%.1f)", r->rate[k], r->part[k]) : "-";
}

static int rank_print(cli_ctx_t *ctx, const eval_set_t *set, const rank_input_t *in,
		      const rank_row_t *rows, size_t n, err_t *e)
{
	static const char *const head[] = { "排名",       "单位",       "得分",     "按时填报率",
					    "序时达标率", "投资完成率", "应报/按时" };
	static const char *const part[] = { "ontime", "schedule", "invest" };
	arena_t *a = ctx->arena;
	ledger_table_t t;

	if (ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *comp = json_object();
			for (int k = 0; k < RANK_PARTS; k++)
				json_object_set_new(comp, part[k],
						    rows[i].has[k]
							    ? json_pack("{s:f, s:f}", "rate",
									rows[i].rate[k], "part",
									rows[i].part[k])
							    : json_null());
			json_array_append_new(
				arr, json_pack("{s:i, s:i, s:s, s:f, s:o}", "rank", rows[i].rank,
					       "unit_id", rows[i].unit, "unit",
					       ledger_unit_name(a, set->units, set->nunits,
								rows[i].unit),
					       "score", rows[i].score, "components", comp));
		}
		return ledger_json_print(
			ctx->out, json_pack("{s:s, s:o}", "period", set->due_text, "ranking", arr),
			e);
	}
	fprintf(ctx->out,
		"%s 单位排名（权重 按时填报 0.4、序时达标 0.4、投资完成 "
		"0.2；括号内为得分贡献）\n\n",
		set->due_text);
	ledger_table_init(&t, a, 7, head);
	for (size_t i = 0; i < n; i++) {
		const rank_input_t *src = NULL;
		for (size_t k = 0; k < n; k++)
			if (in[k].unit == rows[i].unit)
				src = &in[k];
		const char *row[7] = {
			arena_printf(a, "%d", rows[i].rank),
			ledger_unit_name(a, set->units, set->nunits, rows[i].unit),
			arena_printf(a, "%.1f", rows[i].score),
			rank_rate(a, &rows[i], RANK_ONTIME),
			rank_rate(a, &rows[i], RANK_SCHEDULE),
			rank_rate(a, &rows[i], RANK_INVEST),
			src ? arena_printf(a, "%zu/%zu", src->reports_due, src->reports_on_time)
			    : "",
		};
		ledger_table_row(&t, row);
	}
	if (ledger_table_print(&t, ctx->out) < 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	return 0;
}

/* The day a month's report is due: the eval runs as of that day, so the month is the one
 * last due and statuses are judged as the bulletin would have judged them. */
static int rank_as_of(const char *text, date_t *out_date, err_t *e)
{
	period_window_cfg_t w;
	period_t p;
	date_t open;

	period_window_cfg_default(&w);
	if (period_parse(str_from_cstr(text), &p, e) < 0 || p.kind != PERIOD_MONTH) {
		err_set(e, ERR_INVALID, "--period: '%s' is not a month (YYYY-MM)", text);
		return err_field(e, "period");
	}
	return period_window(&w, p, &open, out_date, e);
}

static int rank_run(cli_ctx_t *ctx, err_t *e)
{
	const char *period = cli_arg(&ctx->args, "period");
	const char *plan = cli_arg(&ctx->args, "plan");
	eval_opts_t o = { 0 };
	eval_set_t set;
	rank_cfg_t cfg;
	rank_input_t *in = NULL;
	rank_row_t *rows = NULL;
	size_t n = 0, k = 0;
	store_t *s = NULL;
	int rc = period ? rank_as_of(period, &o.as_of, e) : ledger_today(&o.as_of, e);

	if (rc == 0 && plan)
		rc = ledger_parse_id(plan, "--plan", &o.plan_id, e);
	if (rc < 0 || (rc = ledger_open(ctx, &s, NULL, e)) < 0)
		return rc;
	rc = eval_run(s, ctx->arena, &o, &set, e);
	if (rc == 0 && !set.has_due)
		rc = err_set(e, ERR_INVALID, "no month is due yet on that day");
	if (rc == 0) {
		in = arena_zalloc(ctx->arena, (set.nduties + set.nitems + 1) * sizeof *in);
		rows = arena_zalloc(ctx->arena, (set.nduties + set.nitems + 1) * sizeof *rows);
		if (!in || !rows)
			rc = err_set(e, ERR_NOMEM, "out of memory");
	}
	if (rc == 0)
		rank_inputs(&set, in, &n);
	store_close(s);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) /* a unit with nothing to score is left out */
		if (in[i].reports_due || in[i].items || in[i].invest_planned > 0)
			in[k++] = in[i];
	rank_cfg_default(&cfg);
	if (k > 0 && (rc = rank_compute(&cfg, in, k, rows, e)) < 0)
		return rc;
	return rank_print(ctx, &set, in, rows, k, e);
}

const cli_command_t cmd_rank = {
	.name = "rank",
	.summary = "rank units by on-time reporting, schedule and investment",
	.usage = "[--period YYYY-MM] [--plan ID] [--db FILE|URL] [--json]",
	.help = "Reports due: every task with a lead unit and every project with an owner, for\n"
		"the month; on time: submitted on or before its due day (the 5th of the next\n"
		"month).  Items are judged as of that due day.  Score = 0.4 on-time + 0.4 on\n"
		"schedule + 0.2 investment; a component a unit has nothing for is left out.",
	.opts = rank_opts,
	.nopts = sizeof rank_opts / sizeof rank_opts[0],
	.run = rank_run,
};
