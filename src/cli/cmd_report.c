/* cmd_report.c — `duban report submit|accept|return`: a unit files its progress on a
 * task, target or project for a period (填报), and the office accepts it or returns it
 * with a comment (审核).  State rules come from model/plan.h; the store guards the same
 * transitions again inside its transaction.  `submit --at DATETIME` enters a paper
 * report as submitted at that (past) time: store_report_submit_at, audited as
 * backdated. */
#include "cli/ledger.h"

#include "model/date.h"
#include "model/plan.h"

#include <string.h>
#include <time.h>

static const cli_opt_t report_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "unit", CLI_VALUE, "UNIT",
	  "填报单位（名称或编号）" CLI_EN "the reporting unit (name or id)" },
	{ "item", CLI_VALUE, "KIND:ID",
	  "填报事项：node:编号（任务）、target:编号（目标）或 project:编号（重点项目）" CLI_EN
	  "node:ID, target:ID or project:ID" },
	{ "period", CLI_VALUE, "PERIOD",
	  "期间：2024-03（月）、2024-Q1（季度）或 2024（年）" CLI_EN
	  "2024-03 (month), 2024-Q1 (quarter) or 2024 (year)" },
	{ "value", CLI_VALUE, "V",
	  "实际值（目标：按其计量单位；项目：累计完成投资，亿元；任务：%）" CLI_EN
	  "actual value (target: in its unit; project: investment completed, 亿元; task: %)" },
	{ "stage", CLI_VALUE, "S",
	  "达到的阶段（项目：谋划 前期 开工 在建 竣工 投产）" CLI_EN
	  "stage reached (projects: 谋划 前期 开工 在建 竣工 投产)" },
	{ "narrative", CLI_VALUE, "TEXT", "进展情况" CLI_EN "what was done" },
	{ "draft", CLI_FLAG, NULL,
	  "保存为草稿，不提交" CLI_EN "save as a draft instead of submitting" },
	{ "at", CLI_VALUE, "DATETIME",
	  "补录纸质报告：按此时间记为提交（2024-04-05、2024-04-05T09:30 或 "
	  "2024-04-05T09:30:00+08:00；不带时区为 UTC；不能晚于现在）" CLI_EN
	  "enter a paper report as submitted at this time (2024-04-05, 2024-04-05T09:30 or "
	  "2024-04-05T09:30:00+08:00; UTC without an offset; not in the future)" },
	{ "comment", CLI_VALUE, "TEXT",
	  "审核意见（退回时必填）" CLI_EN "the reviewer's comment (required for return)" },
	{ "state", CLI_VALUE, "STATE",
	  "list: 只列出 draft（草稿）、submitted（已提交）、accepted（已通过）或 "
	  "returned（已退回）" CLI_EN "list: only draft, submitted, accepted or returned" },
};

/* The plan an item belongs to (0: a project outside any plan). */
static int report_item_plan(store_t *s, arena_t *a, str_t kind, long long id, long long *out_plan,
			    err_t *e)
{
	store_node_t nd = { 0 };
	store_project_t p = { 0 };
	store_target_t t = { 0 };
	int rc;

	*out_plan = 0;
	if (str_eq_cstr(kind, STORE_KIND_PROJECT)) {
		rc = store_project_get(s, a, id, &p, e);
		*out_plan = p.plan_id;
		return ledger_not_found(rc, "project", id, "--item", e);
	}
	if (str_eq_cstr(kind, STORE_KIND_TARGET)) {
		rc = store_target_get(s, a, id, &t, e);
		if (rc < 0)
			return ledger_not_found(rc, "target", id, "--item", e);
		id = t.node_id;
	}
	rc = store_node_get(s, a, id, &nd, e);
	*out_plan = nd.plan_id;
	return ledger_not_found(rc, "node", id, "--item", e);
}

/* 0 when the plan (0: none) is active and so receives and accepts reports. */
static int report_plan_open(store_t *s, arena_t *a, long long plan_id, err_t *e)
{
	store_plan_t p;
	plan_state_t st;
	int rc;

	if (plan_id == 0)
		return 0;
	rc = store_plan_get(s, a, plan_id, &p, e);
	if (rc < 0)
		return rc;
	if (plan_state_parse(p.state, &st, e) < 0)
		return ERR_DB;
	if (!plan_state_accepts_reports(st))
		return err_set(e, ERR_CONFLICT,
			       cli_msg("规划 %lld 状态为%s，不接受填报（先用 'duban plan activate "
				       "%lld'）",
				       "plan %lld is %s and takes no reports (first 'duban plan "
				       "activate %lld')"),
			       plan_id, plan_state_label(st, cli_lang_en() ? "en" : NULL), plan_id);
	return 0;
}

static int report_parse_item(const char *text, store_report_t *r, err_t *e)
{
	str_t head, tail;

	if (!text) {
		err_set(e, ERR_USAGE, "%s",
			cli_msg("必须给出 --item（node:编号、target:编号或 project:编号）",
				"--item is required (node:ID, target:ID or project:ID)"));
		return err_field(e, "item");
	}
	tail = str_split(str_from_cstr(text), ':', &head);
	if (!tail.ptr ||
	    !(str_eq_cstr(head, STORE_KIND_NODE) || str_eq_cstr(head, STORE_KIND_TARGET) ||
	      str_eq_cstr(head, STORE_KIND_PROJECT))) {
		err_set(e, ERR_INVALID,
			cli_msg("--item: '%s' 不是 node:编号、target:编号或 project:编号",
				"--item: '%s' is not node:ID, target:ID or project:ID"),
			text);
		return err_field(e, "item");
	}
	r->item_kind = str_eq_cstr(head, STORE_KIND_NODE)     ? STR_LIT(STORE_KIND_NODE)
		       : str_eq_cstr(head, STORE_KIND_TARGET) ? STR_LIT(STORE_KIND_TARGET)
							      : STR_LIT(STORE_KIND_PROJECT);
	return ledger_parse_id(tail.ptr, "--item", &r->item_id, e);
}

/* The state the report of this key is in now, or -1 when there is none. */
static int report_current(store_t *s, arena_t *a, const store_report_t *r, int *out_state, err_t *e)
{
	store_report_t *all = NULL;
	size_t n = 0;
	plan_report_state_t st;
	int rc = store_report_list(s, a, r->period, 0, &all, &n, e);

	*out_state = -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (all[i].unit_id != r->unit_id || all[i].item_id != r->item_id ||
		    !str_eq(all[i].item_kind, r->item_kind))
			continue;
		if (plan_report_state_parse(all[i].state, &st, e) < 0)
			return ERR_DB;
		*out_state = (int)st;
	}
	return rc;
}

static int report_fields(cli_ctx_t *ctx, store_t *s, store_report_t *r, err_t *e)
{
	const cli_args_t *a = &ctx->args;
	const char *period = cli_arg(a, "period");
	const char *value = cli_arg(a, "value");
	char canon[16];
	period_t p;
	store_unit_t u;
	int rc = report_parse_item(cli_arg(a, "item"), r, e);

	if (rc < 0)
		return rc;
	if (!period) {
		err_set(e, ERR_USAGE, "%s",
			cli_tr(ctx, "必须给出 --period（2024-03、2024-Q1、2024）",
			       "--period is required (2024-03, 2024-Q1, 2024)"));
		return err_field(e, "period");
	}
	if (period_parse(str_from_cstr(period), &p, e) < 0 ||
	    period_format(p, canon, sizeof canon) < 0) {
		err_prefix(e, "--period '%s'", period);
		return err_field(e, "period");
	}
	r->period = arena_str(ctx->arena, str_from_cstr(canon));
	if (value && (rc = ledger_parse_num(value, "--value", &r->actual_value, e)) < 0)
		return rc;
	r->has_value = value != NULL;
	r->stage = str_from_cstr(cli_arg(a, "stage"));
	r->narrative = str_from_cstr(cli_arg(a, "narrative"));
	rc = ledger_unit_resolve(s, ctx->arena, cli_arg(a, "unit"), "--unit", &u, e);
	r->unit_id = rc == 0 ? u.id : 0;
	return rc;
}

/* Reads n digits of *t (advancing it) into *out; false when they are not there. */
static bool at_digits(str_t *t, size_t n, int *out)
{
	int v = 0;

	if (t->len < n)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (t->ptr[i] < '0' || t->ptr[i] > '9')
			return false;
		v = v * 10 + (t->ptr[i] - '0');
	}
	*out = v;
	*t = str_tail(*t, n);
	return true;
}

/* Reads the time after the date: [T| ]HH:MM[:SS] then nothing, Z or ±HH:MM; seconds
 * from midnight in *out_secs and the offset east of UTC in *out_off (seconds). */
static bool at_time(str_t t, long long *out_secs, long long *out_off)
{
	int h = 0, mi = 0, sec = 0, oh = 0, om = 0;
	char sign;

	*out_secs = *out_off = 0;
	if (t.len == 0)
		return true;
	if ((t.ptr[0] != 'T' && t.ptr[0] != ' ') || (t = str_tail(t, 1), !at_digits(&t, 2, &h)) ||
	    t.len < 1 || t.ptr[0] != ':' || (t = str_tail(t, 1), !at_digits(&t, 2, &mi)))
		return false;
	if (t.len > 0 && t.ptr[0] == ':' && (t = str_tail(t, 1), !at_digits(&t, 2, &sec)))
		return false;
	if (h > 23 || mi > 59 || sec > 59)
		return false;
	*out_secs = h * 3600LL + mi * 60LL + sec;
	if (t.len == 1 && (t.ptr[0] == 'Z' || t.ptr[0] == 'z'))
		return true;
	if (t.len == 0)
		return true;
	sign = t.ptr[0];
	if ((sign != '+' && sign != '-') || (t = str_tail(t, 1), !at_digits(&t, 2, &oh)) ||
	    t.len < 1 || t.ptr[0] != ':' || (t = str_tail(t, 1), !at_digits(&t, 2, &om)) ||
	    t.len != 0 || oh > 14 || om > 59)
		return false;
	*out_off = (sign == '+' ? 1 : -1) * (oh * 3600LL + om * 60LL);
	return true;
}

/* --at as UTC "YYYY-MM-DDTHH:MM:SSZ" in out (32 bytes): a date (midnight UTC) or a date
 * and time, with Z, an offset or nothing (UTC); ERR_INVALID, field "at", when it is none
 * of these or lies in the future. */
static int report_parse_at(cli_ctx_t *ctx, const char *text, char *out, size_t cap, err_t *e)
{
	str_t t = str_trim(str_from_cstr(text));
	char day[DATE_STR_SIZE], now[32];
	long long secs, off, at;
	struct tm tm;
	time_t clock;
	date_t d;

	if (t.len < 10 || date_parse(str_sub(t, 0, 10), &d, NULL) != 0 ||
	    !at_time(str_tail(t, 10), &secs, &off)) {
		err_set(e, ERR_INVALID,
			cli_tr(ctx,
			       "--at '%s' 不是日期或时间（例如 2024-04-05、2024-04-05T09:30 或 "
			       "2024-04-05T09:30:00+08:00）",
			       "--at '%s' is not a date or time (e.g. 2024-04-05, 2024-04-05T09:30 "
			       "or 2024-04-05T09:30:00+08:00)"),
			text);
		return err_field(e, "at");
	}
	at = (long long)d * 86400 + secs - off;
	d = (date_t)(at >= 0 ? at / 86400 : -((-at + 86399) / 86400));
	secs = at - (long long)d * 86400;
	snprintf(out, cap, "%sT%02lld:%02lld:%02lldZ", date_format(d, day), secs / 3600,
		 secs / 60 % 60, secs % 60);
	clock = time(NULL);
	if (!gmtime_r(&clock, &tm) || strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return err_set(e, ERR_INVALID, "%s", cli_tr(ctx, "无法读取当前时间", "no clock"));
	if (strcmp(out, now) > 0) {
		err_set(e, ERR_INVALID,
			cli_tr(ctx, "--at %s 晚于现在（%s），不能填写将来的提交时间",
			       "--at %s is in the future (now %s)"),
			out, now);
		return err_field(e, "at");
	}
	return 0;
}

static int report_submit(cli_ctx_t *ctx, store_t *s, err_t *e)
{
	bool draft = cli_flag(&ctx->args, "draft");
	const char *at_arg = cli_arg(&ctx->args, "at");
	plan_report_state_t to = draft ? PLAN_REPORT_DRAFT : PLAN_REPORT_SUBMITTED;
	store_report_t r = { 0 };
	long long plan_id = 0;
	char at[32] = "";
	int from = -1;
	int rc = report_fields(ctx, s, &r, e);

	if (rc == 0 && at_arg && draft)
		rc = err_set(e, ERR_USAGE, "%s",
			     cli_tr(ctx, "--at 只用于提交，不能与 --draft 同用",
				    "--at records a submission and cannot go with --draft"));
	if (rc == 0 && at_arg)
		rc = report_parse_at(ctx, at_arg, at, sizeof at, e);
	if (rc == 0)
		rc = report_item_plan(s, ctx->arena, r.item_kind, r.item_id, &plan_id, e);
	if (rc == 0)
		rc = report_plan_open(s, ctx->arena, plan_id, e);
	if (rc == 0)
		rc = report_current(s, ctx->arena, &r, &from, e);
	if (rc == 0 && from >= 0 && !plan_report_editable((plan_report_state_t)from))
		rc = err_set(e, ERR_CONFLICT,
			     cli_tr(ctx, "报告已%s，不能再修改",
				    "the report is %s and can no longer be changed"),
			     plan_report_state_label((plan_report_state_t)from, cli_lang(ctx)));
	/* saving a draft only needs an editable report; submitting is a transition */
	if (rc == 0 && from >= 0 && to == PLAN_REPORT_SUBMITTED)
		rc = plan_report_transition((plan_report_state_t)from, to, STR_NULL, e);
	if (rc == 0 && at[0])
		rc = store_report_submit_at(s, ledger_actor(ctx->arena), &r, str_from_cstr(at), e);
	else if (rc == 0)
		rc = store_report_put(s, ledger_actor(ctx->arena), &r, !draft, e);
	if (rc < 0)
		return rc;
	if (ctx->json)
		return ledger_json_print(
			ctx->out,
			json_pack("{s:I, s:s, s:o, s:I, s:o, s:I, s:s*}", "id", (json_int_t)r.id,
				  "state", plan_report_state_name(to), "item_kind",
				  ledger_json_str(r.item_kind), "item_id", (json_int_t)r.item_id,
				  "period", ledger_json_str(r.period), "unit_id",
				  (json_int_t)r.unit_id, "submitted_at", at[0] ? at : NULL),
			e);
	fprintf(ctx->out,
		cli_tr(ctx, "报告 %lld %s: %.*s:%lld，%.*s", "report %lld %s: %.*s:%lld, %.*s"),
		r.id, plan_report_state_label(to, cli_lang(ctx)), STR_FMT(r.item_kind), r.item_id,
		STR_FMT(r.period));
	if (at[0])
		fprintf(ctx->out,
			cli_tr(ctx, "（补录，提交时间 %s）", " (entered late, submitted %s)"), at);
	fputc('\n', ctx->out);
	return 0;
}

static int report_review(cli_ctx_t *ctx, store_t *s, bool accept, err_t *e)
{
	const char *comment = cli_arg(&ctx->args, "comment");
	plan_report_state_t to = accept ? PLAN_REPORT_ACCEPTED : PLAN_REPORT_RETURNED;
	plan_report_state_t from;
	long long id = 0, plan_id = 0;
	store_report_t r;
	int rc;

	if (ctx->args.npos < 2)
		return err_set(e, ERR_USAGE, "%s",
			       cli_tr(ctx, "缺少报告编号", "missing report ID"));
	if ((rc = ledger_parse_id(ctx->args.pos[1], "ID", &id, e)) < 0)
		return rc;
	rc = store_report_get(s, ctx->arena, id, &r, e);
	if (rc < 0)
		return ledger_not_found(rc, "report", id, "ID", e);
	if (plan_report_state_parse(r.state, &from, e) < 0)
		return ERR_DB;
	rc = plan_report_transition(from, to, str_from_cstr(comment), e);
	if (rc == ERR_INVALID)
		err_field(e, "comment");
	if (rc == 0)
		rc = report_item_plan(s, ctx->arena, r.item_kind, r.item_id, &plan_id, e);
	if (rc == 0)
		rc = report_plan_open(s, ctx->arena, plan_id, e);
	if (rc == 0)
		rc = store_report_review(s, ledger_actor(ctx->arena), id, accept,
					 str_from_cstr(comment), e);
	if (rc < 0)
		return rc;
	if (ctx->json)
		return ledger_json_print(ctx->out,
					 json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "from",
						   plan_report_state_name(from), "state",
						   plan_report_state_name(to)),
					 e);
	fprintf(ctx->out, cli_tr(ctx, "报告 %lld: %s → %s\n", "report %lld: %s → %s\n"), id,
		plan_report_state_label(from, cli_lang(ctx)),
		plan_report_state_label(to, cli_lang(ctx)));
	return 0;
}

static json_t *report_json(const store_report_t *r)
{
	return json_pack("{s:I, s:I, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
			 (json_int_t)r->id, "unit_id", (json_int_t)r->unit_id, "item_kind",
			 ledger_json_str(r->item_kind), "item_id", (json_int_t)r->item_id, "period",
			 ledger_json_str(r->period), "state", ledger_json_str(r->state), "value",
			 r->has_value ? json_real(r->actual_value) : json_null(), "stage",
			 ledger_json_str(r->stage), "narrative", ledger_json_str(r->narrative),
			 "comment", ledger_json_str(r->comment), "updated_at",
			 ledger_json_str(r->updated_at));
}

/* Keeps the reports of unit (0: any) in state (NULL: any). */
static bool report_keep(const store_report_t *r, long long unit, const char *state)
{
	return (unit == 0 || r->unit_id == unit) && (!state || str_eq_cstr(r->state, state));
}

/* The canonical period and state filters of report list. */
static int report_list_args(cli_ctx_t *ctx, char *canon, size_t cap, err_t *e)
{
	const char *period = cli_arg(&ctx->args, "period");
	const char *state = cli_arg(&ctx->args, "state");
	plan_report_state_t st;
	period_t p;

	if (!period) {
		err_set(e, ERR_USAGE, "%s",
			cli_tr(ctx, "必须给出 --period（2024-03、2024-Q1、2024）",
			       "--period is required (2024-03, 2024-Q1, 2024)"));
		return err_field(e, "period");
	}
	if (period_parse(str_from_cstr(period), &p, e) < 0 || period_format(p, canon, cap) < 0) {
		err_prefix(e, "--period '%s'", period);
		return err_field(e, "period");
	}
	if (state && plan_report_state_parse(str_from_cstr(state), &st, e) < 0) {
		err_prefix(e, "--state");
		return err_field(e, "state");
	}
	return 0;
}

static int report_list(cli_ctx_t *ctx, store_t *s, err_t *e)
{
	static const char *const head_zh[] = { "编号", "单位", "事项", "期间",
					       "状态", "数值", "说明" };
	static const char *const head_en[] = { "ID",    "unit",  "item", "period",
					       "state", "value", "note" };
	const char *unit = cli_arg(&ctx->args, "unit");
	const char *state = cli_arg(&ctx->args, "state");
	store_report_t *r = NULL;
	store_unit_t *units = NULL, u = { 0 };
	size_t n = 0, nu = 0;
	plan_report_state_t st;
	ledger_table_t t;
	char canon[16];
	int rc = report_list_args(ctx, canon, sizeof canon, e);

	if (rc == 0 && unit)
		rc = ledger_unit_resolve(s, ctx->arena, unit, "--unit", &u, e);
	if (rc == 0)
		rc = store_report_list(s, ctx->arena, str_from_cstr(canon), 0, &r, &n, e);
	if (rc == 0)
		rc = store_unit_list(s, ctx->arena, &units, &nu, e);
	if (rc < 0)
		return rc;
	if (ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; arr && i < n; i++)
			if (report_keep(&r[i], u.id, state))
				json_array_append_new(arr, report_json(&r[i]));
		return ledger_json_print(ctx->out, arr, e);
	}
	ledger_table_init(&t, ctx->arena, 7, ctx->en ? head_en : head_zh);
	for (size_t i = 0; i < n; i++) {
		if (!report_keep(&r[i], u.id, state))
			continue;
		bool known = plan_report_state_parse(r[i].state, &st, NULL) == 0;
		const char *row[7] = {
			arena_printf(ctx->arena, "%lld", r[i].id),
			ledger_unit_name(ctx->arena, units, nu, r[i].unit_id),
			arena_printf(ctx->arena, "%s:%lld", r[i].item_kind.ptr, r[i].item_id),
			r[i].period.ptr,
			known ? plan_report_state_label(st, cli_lang(ctx)) : r[i].state.ptr,
			r[i].has_value ? arena_printf(ctx->arena, "%g", r[i].actual_value) : "",
			r[i].comment.len ? r[i].comment.ptr : r[i].narrative.ptr,
		};
		ledger_table_row(&t, row);
	}
	if (ledger_table_print(&t, ctx->out) < 0)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(ctx, "内存不足", "out of memory"));
	return 0;
}

static int report_run(cli_ctx_t *ctx, err_t *e)
{
	const char *sub = ctx->args.pos[0];
	store_t *s = NULL;
	int rc;

	bool list = strcmp(sub, "list") == 0;

	if (strcmp(sub, "submit") != 0 && strcmp(sub, "accept") != 0 &&
	    strcmp(sub, "return") != 0 && !list)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "没有子命令 '%s'（可用 submit、accept、return、list）",
				      "unknown subcommand '%s' (submit, accept, return, list)"),
			       sub);
	if ((list || strcmp(sub, "submit") == 0) && ctx->args.npos > 1)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "多余的参数 '%s'", "unexpected argument '%s'"),
			       ctx->args.pos[1]);
	if ((rc = ledger_open(ctx, &s, NULL, e)) < 0)
		return rc;
	if (list)
		rc = report_list(ctx, s, e);
	else if (strcmp(sub, "submit") == 0)
		rc = report_submit(ctx, s, e);
	else
		rc = report_review(ctx, s, strcmp(sub, "accept") == 0, e);
	store_close(s);
	return rc;
}

const cli_command_t cmd_report = {
	.name = "report",
	.summary = "提交、列出、通过或退回进度填报" CLI_EN
		   "submit, list, accept or return progress reports",
	.usage = "submit --unit U --item KIND:ID --period P [--value V] [--stage S] "
		 "[--narrative T] [--draft | --at DATETIME] | list --period P [--unit U] [--state "
		 "S] | accept ID | "
		 "return ID --comment C  [--db FILE|URL] [--json]",
	.help = "每个单位、事项、期间只有一份报告：草稿 → 已提交 → 已通过，或退回（附\n"
		"意见）后再次提交。已通过即为最终状态。只有规划处于执行中时才能填报和审核。" CLI_EN
		"A report is one per unit, item and period: draft → submitted → accepted, or\n"
		"returned (with a comment) and submitted again.  Accepted is final.  Reports\n"
		"are filed and accepted only while the plan is active.",
	.opts = report_opts,
	.nopts = sizeof report_opts / sizeof report_opts[0],
	.min_pos = 1,
	.max_pos = 2,
	.run = report_run,
};
