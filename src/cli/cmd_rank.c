/* cmd_rank.c — `duban rank [--period P]`: units ranked for the monthly bulletin (通报) by
 * model/rank.h from on-time reporting (按时填报率), share of items on schedule (序时达标率)
 * and investment completion (投资完成率), with each component's contribution. */
#include "cli/ledger.h"

#include "model/rank.h"
#include "store/picture.h"
#include "store/settings.h"

#include <string.h>

static const cli_opt_t rank_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "period", CLI_VALUE, "YYYY-MM",
	  "排名的月份（默认：截至今天最近到期的月份）" CLI_EN
	  "the month ranked (default: the month last due today)" },
	{ "plan", CLI_VALUE, "ID",
	  "只看此规划（默认：所有执行中的规划）" CLI_EN
	  "only this plan (default: every active plan)" },
};

static const char *rank_rate(arena_t *a, const rank_row_t *r, int k)
{
	return r->has[k] ? arena_printf(a, "%.1f%% (%.1f)", r->rate[k], r->part[k]) : "-";
}

static int rank_print(cli_ctx_t *ctx, const store_picture_t *pic, const store_unit_t *units,
		      size_t nunits, const rank_input_t *in, const rank_row_t *rows, size_t n,
		      err_t *e)
{
	static const char *const head_zh[] = { "排名",       "单位",       "得分",     "按时填报率",
					       "序时达标率", "投资完成率", "应报/按时" };
	static const char *const head_en[] = { "rank",     "unit",       "score",      "on time",
					       "schedule", "investment", "due/on time" };
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
					       ledger_unit_name(a, units, nunits, rows[i].unit),
					       "score", rows[i].score, "components", comp));
		}
		return ledger_json_print(
			ctx->out, json_pack("{s:s, s:o}", "period", pic->due_text, "ranking", arr),
			e);
	}
	fprintf(ctx->out,
		cli_tr(ctx,
		       "%s 单位排名（权重 按时填报 0.4、序时达标 0.4、投资完成 "
		       "0.2；括号内为得分贡献）\n\n",
		       "%s ranking of units (weights: on time 0.4, on schedule 0.4, investment "
		       "0.2; contribution to the score in brackets)\n\n"),
		pic->due_text);
	ledger_table_init(&t, a, 7, ctx->en ? head_en : head_zh);
	for (size_t i = 0; i < n; i++) {
		const rank_input_t *src = NULL;
		for (size_t k = 0; k < n; k++)
			if (in[k].unit == rows[i].unit)
				src = &in[k];
		const char *row[7] = {
			arena_printf(a, "%d", rows[i].rank),
			ledger_unit_name(a, units, nunits, rows[i].unit),
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
		err_set(e, ERR_INVALID,
			cli_msg("--period: '%s' 不是月份（YYYY-MM）",
				"--period: '%s' is not a month (YYYY-MM)"),
			text);
		return err_field(e, "period");
	}
	return period_window(&w, p, &open, out_date, e);
}

static int rank_run(cli_ctx_t *ctx, err_t *e)
{
	const char *period = cli_arg(&ctx->args, "period");
	const char *plan = cli_arg(&ctx->args, "plan");
	supervision_cfg_t rules;
	store_picture_query_t q = { .rules = &rules };
	store_picture_t pic;
	store_unit_t *units = NULL;
	rank_input_t *in = NULL;
	rank_row_t *rows = NULL;
	size_t n = 0, nunits = 0;
	store_t *s = NULL;
	int rc = period ? rank_as_of(period, &q.as_of, e) : ledger_today(&q.as_of, e);

	if (rc == 0 && plan)
		rc = ledger_parse_id(plan, "--plan", &q.plan_id, e);
	if (rc < 0 || (rc = ledger_open(ctx, &s, NULL, e)) < 0)
		return rc;
	rc = store_supervision_load(s, &rules, e); /* weights from `duban config` */
	if (rc == 0)
		rc = store_picture_rank_inputs(s, ctx->arena, &q, &pic, NULL, NULL, &in, &n, e);
	if (rc == 0)
		rc = store_unit_list(s, ctx->arena, &units, &nunits, e);
	store_close(s);
	if (rc == ERR_INVALID && !strcmp(e->field, "plan"))
		err_field(e, "--plan");
	if (rc == 0 && !pic.has_due)
		rc = err_set(e, ERR_INVALID, "%s",
			     cli_tr(ctx, "该日尚无到期的月份", "no month is due yet on that day"));
	if (rc == 0)
		rc = store_picture_rank(ctx->arena, &rules.rank, in, n, &rows, e);
	if (rc < 0)
		return rc;
	return rank_print(ctx, &pic, units, nunits, in, rows, n, e);
}

const cli_command_t cmd_rank = {
	.name = "rank",
	.summary = "按按时填报、序时进度和投资完成情况给单位排名" CLI_EN
		   "rank units by on-time reporting, schedule and investment",
	.usage = "[--period YYYY-MM] [--plan ID] [--db FILE|URL] [--json]",
	.help = "应报：当月每项有牵头单位的任务和每个有责任单位的项目；按时：在截止日（次月\n"
		"5日）或之前报送。事项按截止日评价。得分 = 0.4×按时填报 + 0.4×序时进度 +\n"
		"0.2×投资完成（默认权重，可用 duban config set rank.w_* 修改）；某单位没有的\n"
		"分项不计入。" CLI_EN
		"Reports due: every task with a lead unit and every project with an owner, for\n"
		"the month; on time: submitted on or before its due day (the 5th of the next\n"
		"month).  Items are judged as of that due day.  Score = 0.4 on-time + 0.4 on\n"
		"schedule + 0.2 investment (default weights; change them with duban config set\n"
		"rank.w_*); a component a unit has nothing for is left out.",
	.opts = rank_opts,
	.nopts = sizeof rank_opts / sizeof rank_opts[0],
	.run = rank_run,
};
