/* cmd_project.c — `duban project add|list|show`: key projects (重点项目) with total and
 * planned investment (亿元), owner unit, place and stage (谋划 → 前期 → 开工 → 在建 → 竣工 →
 * 投产). */
#include "cli/ledger.h"

#include "store/picture.h"
#include "model/progress.h"

#include <string.h>

static const cli_opt_t project_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "plan", CLI_VALUE, "ID", "项目所属规划" CLI_EN "the plan the project belongs to" },
	{ "owner", CLI_VALUE, "UNIT",
	  "责任单位（名称或编号）" CLI_EN "the responsible unit (name or id)" },
	{ "total", CLI_VALUE, "X", "总投资，亿元" CLI_EN "total investment, 亿元" },
	{ "planned", CLI_VALUE, "Y",
	  "年度计划投资，亿元" CLI_EN "investment planned this year, 亿元" },
	{ "done", CLI_VALUE, "Z",
	  "累计完成投资，亿元（默认 0）" CLI_EN "investment completed so far, 亿元 (default 0)" },
	{ "place", CLI_VALUE, "PLACE",
	  "所在县（市、区）或开发区" CLI_EN "county, district or zone" },
	{ "stage", CLI_VALUE, "STAGE",
	  "谋划、前期、开工、在建、竣工、投产" CLI_EN "谋划, 前期, 开工, 在建, 竣工, 投产" },
};

static const char *const project_stages[] = { "谋划", "前期", "开工", "在建", "竣工", "投产" };

/* 0 when stage is empty or one of the six stages; else ERR_INVALID naming field. */
static int project_stage_check(const char *stage, const char *field, err_t *e)
{
	if (!stage || !stage[0])
		return 0;
	for (size_t i = 0; i < sizeof project_stages / sizeof project_stages[0]; i++)
		if (strcmp(stage, project_stages[i]) == 0)
			return 0;
	err_set(e, ERR_INVALID,
		cli_msg("%s: 无法识别的阶段 '%s'（谋划、前期、开工、在建、竣工、投产）",
			"%s: unknown stage '%s' (谋划, 前期, 开工, 在建, 竣工, 投产)"),
		field, stage);
	return err_field(e, field);
}

static int project_need(const char *v, const char *name, err_t *e)
{
	if (v)
		return 0;
	err_set(e, ERR_USAGE, cli_msg("必须给出 --%s", "--%s is required"), name);
	return err_field(e, name);
}

static int project_add(cli_ctx_t *ctx, store_t *s, err_t *e)
{
	const cli_args_t *a = &ctx->args;
	store_project_t p = { 0 };
	store_plan_t plan;
	store_unit_t owner;
	const char *done = cli_arg(a, "done");
	int rc = 0;

	if (a->npos < 2)
		return err_set(e, ERR_USAGE, "%s",
			       cli_tr(ctx,
				      "缺少项目名称；用法: duban project add NAME --plan P "
				      "--owner UNIT --total X --planned Y",
				      "missing NAME; usage: duban project add NAME --plan P "
				      "--owner UNIT --total X --planned Y"));
	const char *need[] = { "plan", "owner", "total", "planned" };
	for (size_t i = 0; rc == 0 && i < 4; i++)
		rc = project_need(cli_arg(a, need[i]), need[i], e);
	if (rc == 0)
		rc = ledger_parse_id(cli_arg(a, "plan"), "--plan", &p.plan_id, e);
	if (rc == 0)
		rc = ledger_parse_num(cli_arg(a, "total"), "--total", &p.total_invest, e);
	if (rc == 0)
		rc = ledger_parse_num(cli_arg(a, "planned"), "--planned", &p.plan_invest, e);
	if (rc == 0 && done)
		rc = ledger_parse_num(done, "--done", &p.done_invest, e);
	if (rc == 0 && (p.total_invest < 0 || p.plan_invest < 0 || p.done_invest < 0)) {
		err_set(e, ERR_INVALID, "%s",
			cli_tr(ctx, "投资额不能为负数", "investment amounts must not be negative"));
		rc = err_field(e, "total");
	}
	if (rc == 0)
		rc = project_stage_check(cli_arg(a, "stage"), "--stage", e);
	if (rc == 0) {
		rc = store_plan_get(s, ctx->arena, p.plan_id, &plan, e);
		rc = ledger_not_found(rc, "plan", p.plan_id, "--plan", e);
	}
	if (rc == 0)
		rc = ledger_plan_editable(s, ctx->arena, p.plan_id, e);
	if (rc == 0)
		rc = ledger_unit_resolve(s, ctx->arena, cli_arg(a, "owner"), "--owner", &owner, e);
	if (rc < 0)
		return rc;
	p.name = str_trim(str_from_cstr(a->pos[1]));
	p.owner_unit_id = owner.id;
	p.place = str_from_cstr(cli_arg(a, "place"));
	p.stage = str_from_cstr(cli_arg(a, "stage"));
	rc = store_project_add(s, ledger_actor(ctx->arena), &p, e);
	if (rc < 0)
		return rc;
	if (ctx->json)
		return ledger_json_print(ctx->out,
					 json_pack("{s:I, s:o, s:I, s:I}", "id", (json_int_t)p.id,
						   "name", ledger_json_str(p.name), "plan_id",
						   (json_int_t)p.plan_id, "owner_unit_id",
						   (json_int_t)p.owner_unit_id),
					 e);
	fprintf(ctx->out,
		cli_tr(ctx, "已添加重点项目 %lld: %.*s（%s）\n", "project %lld added: %.*s (%s)\n"),
		p.id, STR_FMT(p.name), owner.name.ptr);
	return 0;
}

static json_t *project_json(arena_t *a, const store_project_t *p, const store_unit_t *u, size_t nu)
{
	double rate = 0;
	bool has = progress_invest_rate(p->done_invest, p->plan_invest, &rate, NULL) == 0;

	return json_pack("{s:I, s:o, s:o, s:o, s:s, s:o, s:o, s:f, s:f, s:f, s:o}", "id",
			 (json_int_t)p->id, "name", ledger_json_str(p->name), "plan_id",
			 p->plan_id ? json_integer(p->plan_id) : json_null(), "owner_unit_id",
			 p->owner_unit_id ? json_integer(p->owner_unit_id) : json_null(), "owner",
			 ledger_unit_name(a, u, nu, p->owner_unit_id), "place",
			 ledger_json_str(p->place), "stage", ledger_json_str(p->stage),
			 "total_invest", p->total_invest, "plan_invest", p->plan_invest,
			 "done_invest", p->done_invest, "invest_rate",
			 has ? json_real(rate) : json_null());
}

static int project_list(cli_ctx_t *ctx, store_t *s, err_t *e)
{
	static const char *const head_zh[] = { "编号",           "项目",        "责任单位",
					       "地点",           "阶段",        "总投资(亿元)",
					       "年度计划(亿元)", "已完成(亿元)" };
	static const char *const head_en[] = {
		"ID",    "project",      "owner",          "place",
		"stage", "total (亿元)", "planned (亿元)", "done (亿元)"
	};
	const char *plan = cli_arg(&ctx->args, "plan");
	long long plan_id = 0;
	store_project_t *p = NULL;
	store_unit_t *u = NULL;
	size_t n = 0, nu = 0;
	ledger_table_t t;
	int rc = plan ? ledger_parse_id(plan, "--plan", &plan_id, e) : 0;

	if (rc == 0)
		rc = store_project_list(s, ctx->arena, plan_id, &p, &n, e);
	if (rc == 0)
		rc = store_unit_list(s, ctx->arena, &u, &nu, e);
	if (rc < 0)
		return rc;
	if (ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; arr && i < n; i++)
			json_array_append_new(arr, project_json(ctx->arena, &p[i], u, nu));
		return ledger_json_print(ctx->out, arr, e);
	}
	ledger_table_init(&t, ctx->arena, 8, ctx->en ? head_en : head_zh);
	for (size_t i = 0; i < n; i++) {
		const char *row[8] = { arena_printf(ctx->arena, "%lld", p[i].id),
				       p[i].name.ptr,
				       ledger_unit_name(ctx->arena, u, nu, p[i].owner_unit_id),
				       p[i].place.ptr,
				       p[i].stage.ptr,
				       arena_printf(ctx->arena, "%g", p[i].total_invest),
				       arena_printf(ctx->arena, "%g", p[i].plan_invest),
				       arena_printf(ctx->arena, "%g", p[i].done_invest) };
		ledger_table_row(&t, row);
	}
	if (ledger_table_print(&t, ctx->out) < 0)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(ctx, "内存不足", "out of memory"));
	return 0;
}

/* The project with its completed investment and stage from the owner's latest submitted
 * or accepted report up to today (store_picture_latest over the item's history). */
static int project_show(cli_ctx_t *ctx, store_t *s, err_t *e)
{
	long long id = 0;
	store_project_t p = { 0 };
	store_unit_t *u = NULL;
	store_report_t *hist = NULL;
	size_t nu = 0, nhist = 0;
	const store_report_t *last = NULL;
	date_t today = 0;
	double rate;
	int rc = ledger_parse_id(ctx->args.pos[1], "ID", &id, e);

	if (rc == 0)
		rc = ledger_not_found(store_project_get(s, ctx->arena, id, &p, e), "project", id,
				      "ID", e);
	if (rc == 0)
		rc = store_unit_list(s, ctx->arena, &u, &nu, e);
	if (rc == 0)
		rc = ledger_today(&today, e);
	if (rc == 0)
		rc = store_report_history(s, ctx->arena, STR_LIT(STORE_KIND_PROJECT), id, &hist,
					  &nhist, e);
	if (rc < 0)
		return rc;
	last = store_picture_latest(hist, nhist, p.owner_unit_id, today);
	if (last && last->has_value)
		p.done_invest = last->actual_value;
	if (last && last->stage.len)
		p.stage = last->stage;
	if (ctx->json) {
		json_t *o = project_json(ctx->arena, &p, u, nu);
		json_object_set_new(o, "last_report_id",
				    last ? json_integer(last->id) : json_null());
		json_object_set_new(o, "last_period",
				    last ? ledger_json_str(last->period) : json_null());
		return ledger_json_print(ctx->out, o, e);
	}
	fprintf(ctx->out, cli_tr(ctx, "重点项目 #%lld %s\n", "Key project #%lld %s\n"), p.id,
		p.name.ptr);
	fprintf(ctx->out,
		cli_tr(ctx, "  规划: %lld  责任单位: %s  地点: %s  阶段: %s\n",
		       "  plan: %lld  owner: %s  place: %s  stage: %s\n"),
		p.plan_id, ledger_unit_name(ctx->arena, u, nu, p.owner_unit_id),
		p.place.len ? p.place.ptr : "-", p.stage.len ? p.stage.ptr : "-");
	fprintf(ctx->out,
		cli_tr(ctx, "  总投资 %g 亿元, 年度计划 %g 亿元, 已完成 %g 亿元",
		       "  total %g 亿元, planned this year %g 亿元, completed %g 亿元"),
		p.total_invest, p.plan_invest, p.done_invest);
	if (progress_invest_rate(p.done_invest, p.plan_invest, &rate, NULL) == 0)
		fprintf(ctx->out, cli_tr(ctx, " (投资完成率 %.1f%%)", " (completion %.1f%%)"),
			rate);
	fputc('\n', ctx->out);
	if (last)
		fprintf(ctx->out,
			cli_tr(ctx, "  最近填报: %s (报告 #%lld, %s)\n",
			       "  last report: %s (report #%lld, %s)\n"),
			last->period.ptr, last->id, last->state.ptr);
	return 0;
}

static int project_run(cli_ctx_t *ctx, err_t *e)
{
	const char *sub = ctx->args.pos[0];
	store_t *s = NULL;
	int rc;

	if (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0 && strcmp(sub, "show") != 0)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "没有子命令 '%s'（可用 add、list、show）",
				      "unknown subcommand '%s' (add, list, show)"),
			       sub);
	if (strcmp(sub, "list") == 0 && ctx->args.npos > 1)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "多余的参数 '%s'", "unexpected argument '%s'"),
			       ctx->args.pos[1]);
	if (strcmp(sub, "show") == 0 && ctx->args.npos < 2)
		return err_set(e, ERR_USAGE, "%s",
			       cli_tr(ctx, "缺少项目编号；用法: duban project show ID",
				      "missing ID; usage: duban project show ID"));
	if ((rc = ledger_open(ctx, &s, NULL, e)) < 0)
		return rc;
	if (strcmp(sub, "add") == 0)
		rc = project_add(ctx, s, e);
	else if (strcmp(sub, "list") == 0)
		rc = project_list(ctx, s, e);
	else
		rc = project_show(ctx, s, e);
	store_close(s);
	return rc;
}

const cli_command_t cmd_project = {
	.name = "project",
	.summary = "添加、列出或查看重点项目" CLI_EN "add, list or show key projects (重点项目)",
	.usage = "add NAME --plan P --owner UNIT --total X --planned Y [--place P] [--stage S] | "
		 "list [--plan P] | show ID  [--db FILE|URL] [--json]",
	.help = "金额单位为亿元。显示的已完成投资取项目最近一次已提交或已通过的填报值\n"
		"（累计），否则为 --done。" CLI_EN
		"Amounts are in 亿元.  The completed investment shown is the value of the\n"
		"project's latest submitted or accepted report (cumulative), else --done.",
	.opts = project_opts,
	.nopts = sizeof project_opts / sizeof project_opts[0],
	.min_pos = 1,
	.max_pos = 2,
	.run = project_run,
};
