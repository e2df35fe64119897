/* cmd_target.c — `duban target set NODE --indicator I --value V --unit U …`: adds a
 * quantified target (目标/指标) to a task: indicator, verb, value, unit, qualifier and
 * deadline, as in "生产总值 增长 7 % 左右 年底". */
#include "cli/ledger.h"

#include <string.h>

static const cli_opt_t target_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "indicator", CLI_VALUE, "TEXT",
	  "指标：生产总值、高新技术企业" CLI_EN "the indicator: 生产总值, 高新技术企业" },
	{ "value", CLI_VALUE, "NUMBER", "目标值" CLI_EN "the target value" },
	{ "baseline", CLI_VALUE, "NUMBER",
	  "基数：计算进度的起点（默认 0）" CLI_EN
	  "the starting value progress is measured from (default 0)" },
	{ "unit", CLI_VALUE, "UNIT",
	  "计量单位：%、亿元、家" CLI_EN "the measuring unit: %, 亿元, 家" },
	{ "verb", CLI_VALUE, "VERB", "增长、达到、新增、完成 …" CLI_EN "增长, 达到, 新增, 完成 …" },
	{ "qualifier", CLI_VALUE, "Q",
	  "左右、以上、以内、接近、力争、确保（或 about、at_least …）" CLI_EN
	  "左右, 以上, 以内, 接近, 力争, 确保 (or about, at_least …)" },
	{ "deadline", CLI_VALUE, "WHEN",
	  "YYYY-MM-DD、2025、到2025年、年底（默认为规划年度）" CLI_EN
	  "YYYY-MM-DD, 2025, 到2025年, 年底 (default: the plan year)" },
	{ "text", CLI_VALUE, "TEXT", "原文句子" CLI_EN "the source sentence" },
};

static int target_check(cli_ctx_t *ctx, store_t *s, const store_node_t *nd, store_target_t *t,
			err_t *e)
{
	const char *q = cli_arg(&ctx->args, "qualifier");
	const char *dl = cli_arg(&ctx->args, "deadline");
	store_plan_t p;
	date_t d;
	int rc = store_plan_get(s, ctx->arena, nd->plan_id, &p, e);

	if (rc < 0)
		return rc;
	if (dl && (rc = ledger_deadline_date(dl, p.year, "--deadline", &d, e)) < 0)
		return rc;
	t->qualifier = str_from_cstr(ledger_qualifier_code(q));
	if (!t->qualifier.ptr) {
		str_t quals = cli_text(ctx->en, target_opts[6].help);
		err_set(e, ERR_INVALID,
			cli_tr(ctx, "--qualifier: 无法识别的限定词 '%s'（%.*s）",
			       "--qualifier: unknown qualifier '%s' (%.*s)"),
			q, STR_FMT(quals));
		return err_field(e, "qualifier");
	}
	return ledger_plan_editable(s, ctx->arena, nd->plan_id, e);
}

static int target_run(cli_ctx_t *ctx, err_t *e)
{
	const char *ind = cli_arg(&ctx->args, "indicator");
	const char *val = cli_arg(&ctx->args, "value");
	const char *unit = cli_arg(&ctx->args, "unit");
	const char *base = cli_arg(&ctx->args, "baseline");
	store_target_t t = { 0 };
	store_node_t nd;
	store_t *s = NULL;
	long long id = 0;
	int rc;

	if (strcmp(ctx->args.pos[0], "set") != 0)
		return err_set(
			e, ERR_USAGE,
			cli_tr(ctx, "没有子命令 '%s'（可用 set）", "unknown subcommand '%s' (set)"),
			ctx->args.pos[0]);
	if (ctx->args.npos < 2)
		return err_set(e, ERR_USAGE, "%s",
			       cli_tr(ctx, "缺少任务编号；用法: duban target set NODE ...",
				      "missing NODE; usage: duban target set NODE ..."));
	if ((rc = ledger_parse_id(ctx->args.pos[1], "NODE", &id, e)) < 0)
		return rc;
	if (!ind || !str_trim(str_from_cstr(ind)).len) {
		err_set(e, ERR_USAGE, "%s",
			cli_tr(ctx, "必须给出 --indicator", "--indicator is required"));
		return err_field(e, "indicator");
	}
	if (val && (rc = ledger_parse_num(val, "--value", &t.value, e)) < 0)
		return rc;
	t.has_value = val != NULL;
	if (base && (rc = ledger_parse_num(base, "--baseline", &t.baseline, e)) < 0)
		return rc;
	t.has_baseline = base != NULL;
	if (t.has_value && !unit) {
		err_set(e, ERR_USAGE, "%s",
			cli_tr(ctx, "给出 --value 时必须给出 --unit（%、亿元、家 …）",
			       "--unit is required with --value (%, 亿元, 家 …)"));
		return err_field(e, "unit");
	}
	t.node_id = id;
	t.indicator = str_trim(str_from_cstr(ind));
	t.verb = str_from_cstr(cli_arg(&ctx->args, "verb"));
	t.unit = str_from_cstr(unit);
	t.deadline = str_from_cstr(cli_arg(&ctx->args, "deadline"));
	t.text = str_from_cstr(cli_arg(&ctx->args, "text"));
	if ((rc = ledger_open(ctx, &s, NULL, e)) < 0)
		return rc;
	rc = store_node_get(s, ctx->arena, id, &nd, e);
	if (rc < 0)
		rc = ledger_not_found(rc, "node", id, "NODE", e);
	if (rc == 0)
		rc = target_check(ctx, s, &nd, &t, e);
	if (rc == 0)
		rc = store_target_add(s, ledger_actor(ctx->arena), &t, e);
	if (rc == 0 && ctx->json)
		rc = ledger_json_print(ctx->out,
				       json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
						 (json_int_t)t.id, "node_id", (json_int_t)id,
						 "indicator", ledger_json_str(t.indicator), "verb",
						 ledger_json_str(t.verb), "value",
						 t.has_value ? json_real(t.value) : json_null(),
						 "unit", ledger_json_str(t.unit), "qualifier",
						 ledger_json_str(t.qualifier), "deadline",
						 ledger_json_str(t.deadline)),
				       e);
	else if (rc == 0)
		fprintf(ctx->out,
			cli_tr(ctx, "已添加目标 %lld（任务 %lld）: %.*s\n",
			       "target %lld added to node %lld: %.*s\n"),
			t.id, id, STR_FMT(t.indicator));
	store_close(s);
	return rc;
}

const cli_command_t cmd_target = {
	.name = "target",
	.summary = "为任务添加量化目标" CLI_EN "add a quantified target (目标) to a task",
	.usage = "set NODE --indicator I [--value V --unit U] [--baseline B] [--verb V] "
		 "[--qualifier Q] "
		 "[--deadline D] [--db FILE|URL] [--json]",
	.help = "限定词按代码保存（about、at_least、at_most、nearly、strive、guarantee），\n"
		"也接受对应的中文词。目标进度是填报值从基数（默认 0）走向目标值的比例。" CLI_EN
		"The qualifier is stored as a code (about, at_least, at_most, nearly, strive,\n"
		"guarantee); the Chinese words are accepted.  Progress on the target is the\n"
		"share of the way from the baseline (default 0) to the target value that the\n"
		"reported value has covered.",
	.opts = target_opts,
	.nopts = sizeof target_opts / sizeof target_opts[0],
	.min_pos = 1,
	.max_pos = 2,
	.run = target_run,
};
