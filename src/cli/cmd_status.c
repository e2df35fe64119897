/* cmd_status.c — `duban status`: where the ledger stands on a day.  Summary counts per
 * status and warning first, then every target, key project and assigned task with its
 * expected progress (序时进度), actual progress, status, warning and reason, then the
 * items not reported for the month last due (未填报). */
#include "cli/ledger.h"

#include "store/picture.h"
#include "store/settings.h"

#include <string.h>

static const cli_opt_t status_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "as-of", CLI_VALUE, "DATE",
	  "评价日期，YYYY-MM-DD（默认今天）" CLI_EN
	  "the day to judge on, YYYY-MM-DD (default: today)" },
	{ "unit", CLI_VALUE, "UNIT",
	  "只看此单位及其下级单位" CLI_EN "only this unit and the units below it" },
	{ "plan", CLI_VALUE, "ID",
	  "只看此规划（默认：所有执行中的规划）" CLI_EN
	  "only this plan (default: every active plan)" },
};

/* What the command judged: the picture's items and the not-reported list. */
typedef struct status_set {
	store_picture_t pic;
	store_picture_item_t *items;
	size_t nitems;
	store_unit_t *units;
	size_t nunits;
	store_missing_t *missing; /* for the due month, scoped like the items */
	size_t nmissing;
} status_set_t;

static const char *status_kind_label(const cli_ctx_t *ctx, const char *kind)
{
	if (strcmp(kind, STORE_KIND_TARGET) == 0)
		return cli_tr(ctx, "目标", "target");
	if (strcmp(kind, STORE_KIND_PROJECT) == 0)
		return cli_tr(ctx, "项目", "project");
	return cli_tr(ctx, "任务", "task");
}

static const char *status_pct(arena_t *a, bool has, double v)
{
	return has ? arena_printf(a, "%.1f%%", v) : "-";
}

static json_t *status_item_json(arena_t *a, const status_set_t *set, const store_picture_item_t *it)
{
	char dl[DATE_STR_SIZE];

	return json_pack("{s:s, s:I, s:I, s:s, s:o, s:s, s:s, s:f, s:o, s:s, s:s, s:s, s:o, s:b}",
			 "kind", it->kind, "id", (json_int_t)it->id, "plan_id",
			 (json_int_t)it->plan_id, "title", it->title.ptr, "unit_id",
			 it->unit_id ? json_integer(it->unit_id) : json_null(), "unit",
			 ledger_unit_name(a, set->units, set->nunits, it->unit_id), "deadline",
			 date_format(it->deadline, dl), "expected_pct", it->expected_pct,
			 "actual_pct", it->has_actual ? json_real(it->actual_pct) : json_null(),
			 "status", status_name(it->st.code), "warning",
			 status_warn_name(it->st.warn), "reason", it->st.reason, "last_period",
			 it->has_last ? ledger_json_str(it->last_period) : json_null(), "reported",
			 it->reported);
}

static int status_print_json(cli_ctx_t *ctx, const status_set_t *set, const size_t *count,
			     const size_t *warn, err_t *e)
{
	json_t *o = json_object(), *sum = json_object(), *items = json_array(),
	       *miss = json_array();
	char day[DATE_STR_SIZE];

	for (int c = 0; c < STATUS_COUNT; c++)
		json_object_set_new(sum, status_name((status_code_t)c), json_integer(count[c]));
	json_object_set_new(sum, "yellow", json_integer(warn[STATUS_WARN_YELLOW]));
	json_object_set_new(sum, "red", json_integer(warn[STATUS_WARN_RED]));
	json_object_set_new(sum, "total", json_integer(set->nitems));
	for (size_t i = 0; i < set->nitems; i++)
		json_array_append_new(items, status_item_json(ctx->arena, set, &set->items[i]));
	for (size_t i = 0; i < set->nmissing; i++) {
		const store_missing_t *m = &set->missing[i];
		json_array_append_new(
			miss,
			json_pack("{s:o, s:I, s:I, s:s, s:o}", "kind",
				  ledger_json_str(m->item_kind), "id", (json_int_t)m->item_id,
				  "unit_id", (json_int_t)m->unit_id, "unit",
				  ledger_unit_name(ctx->arena, set->units, set->nunits, m->unit_id),
				  "title", ledger_json_str(m->title)));
	}
	json_object_set_new(o, "as_of", json_string(date_format(set->pic.as_of, day)));
	json_object_set_new(o, "due_period",
			    set->pic.has_due ? json_string(set->pic.due_text) : json_null());
	json_object_set_new(o, "summary", sum);
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "not_reported", miss);
	return ledger_json_print(ctx->out, o, e);
}

static int status_print_table(cli_ctx_t *ctx, const status_set_t *set, const size_t *count,
			      const size_t *warn, err_t *e)
{
	static const char *const head_zh[] = { "类型",     "ID",       "事项", "责任单位", "期限",
					       "序时进度", "实际进度", "状态", "预警",     "说明" };
	static const char *const head_en[] = { "kind",     "ID",       "item",   "unit",
					       "deadline", "expected", "actual", "status",
					       "warning",  "reason" };
	const char *lang = ctx->en ? "en" : NULL;
	arena_t *a = ctx->arena;
	ledger_table_t t;
	char day[DATE_STR_SIZE];

	fprintf(ctx->out, cli_tr(ctx, "截至 %s，共 %zu 项：", "As of %s, %zu items:"),
		date_format(set->pic.as_of, day), set->nitems);
	for (int c = 0; c < STATUS_COUNT; c++)
		fprintf(ctx->out, "%s %s %zu", c ? cli_tr(ctx, ",", ",") : "",
			status_label((status_code_t)c, lang), count[c]);
	fprintf(ctx->out, cli_tr(ctx, "；%s %zu，%s %zu\n\n", "; %s %zu, %s %zu\n\n"),
		status_warn_label(STATUS_WARN_YELLOW, lang), warn[STATUS_WARN_YELLOW],
		status_warn_label(STATUS_WARN_RED, lang), warn[STATUS_WARN_RED]);
	ledger_table_init(&t, a, 10, ctx->en ? head_en : head_zh);
	for (size_t i = 0; i < set->nitems; i++) {
		const store_picture_item_t *it = &set->items[i];
		char dl[DATE_STR_SIZE];
		const char *row[10] = {
			status_kind_label(ctx, it->kind),
			arena_printf(a, "%lld", it->id),
			it->title.ptr,
			ledger_unit_name(a, set->units, set->nunits, it->unit_id),
			arena_strndup(a, date_format(it->deadline, dl), 10),
			status_pct(a, true, it->expected_pct),
			status_pct(a, it->has_actual, it->actual_pct),
			status_label(it->st.code, lang),
			it->st.warn ? status_warn_label(it->st.warn, lang) : "",
			it->st.reason,
		};
		ledger_table_row(&t, row);
	}
	if (ledger_table_print(&t, ctx->out) < 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (!set->pic.has_due)
		return 0;
	fprintf(ctx->out,
		cli_tr(ctx, "\n未填报（%s，截止 %s）：%zu 项\n",
		       "\nNot reported (%s, due %s): %zu items\n"),
		set->pic.due_text, date_format(set->pic.due_date, day), set->nmissing);
	for (size_t i = 0; i < set->nmissing; i++) {
		const store_missing_t *m = &set->missing[i];
		fprintf(ctx->out, "  %s  %s #%lld %s\n",
			ledger_unit_name(a, set->units, set->nunits, m->unit_id),
			status_kind_label(ctx, m->item_kind.ptr), m->item_id, m->title.ptr);
	}
	return 0;
}

static int status_run(cli_ctx_t *ctx, err_t *e)
{
	const char *asof = cli_arg(&ctx->args, "as-of");
	const char *unit = cli_arg(&ctx->args, "unit");
	const char *plan = cli_arg(&ctx->args, "plan");
	supervision_cfg_t rules;
	store_picture_query_t q = { .rules = &rules };
	status_set_t set = { 0 };
	store_unit_t u;
	store_t *s = NULL;
	size_t count[STATUS_COUNT] = { 0 }, warn[3] = { 0 };
	int rc = 0;

	if (asof && date_parse(str_from_cstr(asof), &q.as_of, e) < 0) {
		err_prefix(e, "--as-of '%s'", asof);
		return err_field(e, "as-of");
	}
	if (!asof && (rc = ledger_today(&q.as_of, e)) < 0)
		return rc;
	if (plan && (rc = ledger_parse_id(plan, "--plan", &q.plan_id, e)) < 0)
		return rc;
	if ((rc = ledger_open(ctx, &s, NULL, e)) < 0)
		return rc;
	rc = store_supervision_load(s, &rules, e); /* thresholds from `duban config` */
	if (rc == 0 && unit &&
	    (rc = ledger_unit_resolve(s, ctx->arena, unit, "--unit", &u, e)) == 0)
		q.unit_id = u.id;
	if (rc == 0)
		rc = store_picture_items(s, ctx->arena, &q, &set.pic, &set.items, &set.nitems, e);
	if (rc == 0)
		rc = store_unit_list(s, ctx->arena, &set.units, &set.nunits, e);
	if (rc == 0)
		rc = store_picture_missing(s, ctx->arena, &set.pic, q.unit_id, &set.missing,
					   &set.nmissing, e);
	store_close(s);
	if (rc == ERR_INVALID && !strcmp(e->field, "plan"))
		err_field(e, "--plan");
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < set.nitems; i++) {
		count[set.items[i].st.code]++;
		warn[set.items[i].st.warn]++;
	}
	if (ctx->json)
		return status_print_json(ctx, &set, count, warn, e);
	return status_print_table(ctx, &set, count, warn, e);
}

const cli_command_t cmd_status = {
	.name = "status",
	.summary = "各事项的进度、状态和预警；未填报清单" CLI_EN
		   "progress, status and warnings of every item; what is not reported",
	.usage = "[--as-of DATE] [--unit UNIT] [--plan ID] [--db FILE|URL] [--json]",
	.help = "序时进度从规划年度的1月1日起算到完成时限。实际进度：指标为最近一次填报值\n"
		"占目标值的比例；项目为完成投资占计划投资的比例；任务为填报的完成百分比。\n"
		"状态和预警规则见 docs/rules.md。未填报清单针对最近一个到期的月份（3月的\n"
		"进度在4月5日前报送）。" CLI_EN
		"Expected progress (序时进度) runs from 1 January of the plan year to the\n"
		"deadline.  Actual progress: a target's latest reported value over its target\n"
		"value; a project's completed over planned investment; a task's reported percent.\n"
		"Status and warnings follow docs/rules.md.  The not-reported list is for the "
		"month\n"
		"last due (the March report is due 5 April).",
	.opts = status_opts,
	.nopts = sizeof status_opts / sizeof status_opts[0],
	.run = status_run,
};
