/* cmd_promise.c — `duban promise --plan P --against Q [--json]`: the promise check
 * (兑现核验).  Plan P holds this year's targets, plan Q the next year's report (its
 * results, 完成情况, stored by the import).  Each target is linked to the first result of
 * Q with the same indicator (normalised, model/promise.h) and the same unit, and judged
 * met or missed by promise_judge; a target with no such result is 未核验.  The verdicts
 * are stored (store_promise_put, audited, all in one transaction) and shown. */
#include "cli/ledger.h"

#include "model/promise.h"
#include "store/docs.h"

#include <stdio.h>
#include <string.h>

static const cli_opt_t promise_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "plan", CLI_VALUE, "ID",
	  "被核验目标所在的规划（今年的）" CLI_EN
	  "the plan whose targets are checked (this year's)" },
	{ "against", CLI_VALUE, "ID",
	  "用于核验的完成情况所在的规划" CLI_EN "the plan whose results they are checked against" },
};

/* One target with what the check found. */
typedef struct promise_row {
	store_target_t t;
	const store_result_t *r; /* NULL: unmatched */
	promise_check_t chk;
} promise_row_t;

/* A promise statement of a stored target or result: compared by value in its own unit
 * (base unit = the unit), so only the same unit is comparable. */
static void promise_stmt_of(const char *indicator, const char *verb, double value, const char *unit,
			    const char *qualifier, promise_stmt_t *out)
{
	draft_stmt_t d = { 0 };
	d.indicator = indicator;
	d.verb = verb;
	d.value = d.value_max = d.base_value = value;
	d.unit = d.base_unit = unit;
	d.qualifier = qualifier && qualifier[0] ? qualifier : NULL;
	promise_stmt_from_draft(&d, out);
}

static const char *promise_verdict_code(promise_verdict_t v)
{
	return v == PROMISE_MET ? "met" : v == PROMISE_MISSED ? "missed" : "unverified";
}

static const char *promise_label(const cli_ctx_t *ctx, promise_verdict_t v)
{
	return v == PROMISE_MET      ? cli_tr(ctx, "已兑现", "met")
	       : v == PROMISE_MISSED ? cli_tr(ctx, "未兑现", "missed")
				     : cli_tr(ctx, "未核验", "unverified");
}

/* The targets of plan, in node order. */
static int promise_targets(store_t *s, arena_t *a, long long plan, store_target_t **out_t,
			   size_t *out_n, err_t *e)
{
	store_node_t *nodes;
	size_t nn, cap = 0;
	int rc = store_node_list(s, a, plan, &nodes, &nn, e);
	*out_t = NULL;
	*out_n = 0;
	for (size_t i = 0; rc == 0 && i < nn; i++) {
		store_target_t *t;
		size_t nt;
		rc = store_target_list(s, a, nodes[i].id, &t, &nt, e);
		if (rc == 0 && *out_n + nt > cap) {
			size_t ncap = (*out_n + nt) * 2;
			store_target_t *v = arena_alloc(a, ncap * sizeof *v);
			if (v == NULL)
				return err_set(e, ERR_NOMEM, "out of memory");
			if (*out_n)
				memcpy(v, *out_t, *out_n * sizeof *v);
			*out_t = v;
			cap = ncap;
		}
		for (size_t k = 0; rc == 0 && k < nt; k++)
			(*out_t)[(*out_n)++] = t[k];
	}
	return rc;
}

static void promise_judge_all(promise_row_t *rows, size_t n, const store_result_t *res, size_t nres,
			      promise_stmt_t *rs)
{
	for (size_t i = 0; i < nres; i++)
		promise_stmt_of(res[i].indicator.ptr, res[i].verb.ptr, res[i].value,
				res[i].unit.ptr, res[i].qualifier.ptr, &rs[i]);
	for (size_t i = 0; i < n; i++) {
		promise_stmt_t ts;
		const store_target_t *t = &rows[i].t;
		promise_stmt_of(t->indicator.ptr, t->verb.ptr, t->value, t->unit.ptr,
				t->qualifier.ptr, &ts);
		promise_check(&ts, rs, nres, &rows[i].chk);
		rows[i].r = rows[i].chk.result >= 0 ? &res[rows[i].chk.result] : NULL;
		if (!t->has_value) {
			rows[i].chk.verdict = PROMISE_UNKNOWN;
			snprintf(rows[i].chk.reason, sizeof rows[i].chk.reason, "%s",
				 "目标没有数值，无法核验");
		}
	}
}

/* Stores every verdict in one transaction. */
static int promise_store(store_t *s, str_t actor, long long against, const promise_row_t *rows,
			 size_t n, err_t *e)
{
	int rc = store_begin(s, e);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		store_promise_t p = { .target_id = rows[i].t.id, .against_plan_id = against };
		p.result_id =
			rows[i].r && rows[i].chk.verdict != PROMISE_UNKNOWN ? rows[i].r->id : 0;
		p.verdict = str_from_cstr(promise_verdict_code(rows[i].chk.verdict));
		p.reason = str_from_cstr(rows[i].chk.reason);
		rc = store_promise_put(s, actor, &p, e);
	}
	if (rc == 0)
		return store_commit(s, e);
	if (s != NULL)
		store_rollback(s, NULL);
	return rc;
}

static int promise_print_json(cli_ctx_t *ctx, long long plan, long long against,
			      const promise_row_t *rows, size_t n, err_t *e)
{
	json_t *items = json_array();
	size_t cnt[3] = { 0 };
	for (size_t i = 0; i < n; i++) {
		const promise_row_t *r = &rows[i];
		bool linked = r->r && r->chk.verdict != PROMISE_UNKNOWN;
		cnt[r->chk.verdict]++;
		json_array_append_new(
			items,
			json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s}", "target_id",
				  (json_int_t)r->t.id, "indicator", ledger_json_str(r->t.indicator),
				  "target_value",
				  r->t.has_value ? json_real(r->t.value) : json_null(), "unit",
				  ledger_json_str(r->t.unit), "result_id",
				  linked ? json_integer(r->r->id) : json_null(), "result_value",
				  linked ? json_real(r->r->value) : json_null(), "result_text",
				  linked ? ledger_json_str(r->r->text) : json_null(), "verdict",
				  promise_verdict_code(r->chk.verdict), "reason", r->chk.reason));
	}
	return ledger_json_print(ctx->out,
				 json_pack("{s:I, s:I, s:{s:I, s:I, s:I, s:I}, s:o}", "plan_id",
					   (json_int_t)plan, "against_plan_id", (json_int_t)against,
					   "summary", "met", (json_int_t)cnt[PROMISE_MET], "missed",
					   (json_int_t)cnt[PROMISE_MISSED], "unverified",
					   (json_int_t)cnt[PROMISE_UNKNOWN], "total", (json_int_t)n,
					   "checks", items),
				 e);
}

static int promise_print(cli_ctx_t *ctx, long long plan, long long against,
			 const promise_row_t *rows, size_t n, err_t *e)
{
	if (ctx->json)
		return promise_print_json(ctx, plan, against, rows, n, e);
	const char *head[] = {
		cli_tr(ctx, "目标", "target"),         cli_tr(ctx, "指标", "indicator"),
		cli_tr(ctx, "目标值", "target value"), cli_tr(ctx, "实际", "actual"),
		cli_tr(ctx, "核验", "verdict"),        cli_tr(ctx, "说明", "reason")
	};
	ledger_table_t tb;
	size_t cnt[3] = { 0 };
	ledger_table_init(&tb, ctx->arena, 6, head);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			const promise_row_t *r = &rows[i];
			bool linked = r->r && r->chk.verdict != PROMISE_UNKNOWN;
			if (linked != (pass == 0))
				continue; /* judged first, then 未核验 */
			char id[32], tv[96], av[96];
			snprintf(id, sizeof id, "#%lld", r->t.id);
			snprintf(tv, sizeof tv, "%g%.*s %s", r->t.value, STR_FMT(r->t.unit),
				 ledger_qualifier_label(r->t.qualifier.ptr));
			snprintf(av, sizeof av, "%g%s", linked ? r->r->value : 0,
				 linked ? r->r->unit.ptr : "");
			const char *cells[] = { id,
						r->t.indicator.ptr,
						r->t.has_value ? tv : "",
						linked ? av : "",
						promise_label(ctx, r->chk.verdict),
						r->chk.reason };
			ledger_table_row(&tb, cells);
			cnt[r->chk.verdict]++;
		}
	fprintf(ctx->out,
		cli_tr(ctx,
		       "计划 %lld 的目标对照计划 %lld 的完成情况：已兑现 %zu，未兑现 %zu，未核验 "
		       "%zu（共 %zu）\n\n",
		       "targets of plan %lld against the results of plan %lld: %zu met, %zu "
		       "missed, %zu unverified (%zu in all)\n\n"),
		plan, against, cnt[PROMISE_MET], cnt[PROMISE_MISSED], cnt[PROMISE_UNKNOWN], n);
	int rc = ledger_table_print(&tb, ctx->out);
	return rc < 0 ? err_set(e, rc, "out of memory") : 0;
}

static int promise_plan(cli_ctx_t *ctx, store_t *s, const char *opt, long long *out_id, err_t *e)
{
	const char *v = cli_arg(&ctx->args, opt);
	char field[32];
	snprintf(field, sizeof field, "--%s", opt);
	if (v == NULL) {
		err_set(e, ERR_USAGE, cli_tr(ctx, "缺少 %s", "%s is required"), field);
		return err_field(e, opt);
	}
	int rc = ledger_parse_id(v, field, out_id, e);
	store_plan_t p;
	if (rc == 0 && s != NULL)
		rc = ledger_not_found(store_plan_get(s, ctx->arena, *out_id, &p, e), "plan",
				      *out_id, field, e);
	return rc;
}

static int promise_run(cli_ctx_t *ctx, err_t *e)
{
	long long plan = 0, against = 0;
	store_t *s = NULL;
	store_target_t *t = NULL;
	store_result_t *res = NULL;
	size_t nt = 0, nres = 0;
	int rc = promise_plan(ctx, NULL, "plan", &plan, e);
	if (rc == 0)
		rc = promise_plan(ctx, NULL, "against", &against, e);
	if (rc == 0)
		rc = ledger_open(ctx, &s, NULL, e);
	if (rc == 0)
		rc = promise_plan(ctx, s, "plan", &plan, e);
	if (rc == 0)
		rc = promise_plan(ctx, s, "against", &against, e);
	if (rc == 0)
		rc = promise_targets(s, ctx->arena, plan, &t, &nt, e);
	if (rc == 0)
		rc = store_result_list(s, ctx->arena, against, &res, &nres, e);
	promise_row_t *rows = rc == 0 ? arena_zalloc(ctx->arena, (nt + 1) * sizeof *rows) : NULL;
	promise_stmt_t *rs = rc == 0 ? arena_zalloc(ctx->arena, (nres + 1) * sizeof *rs) : NULL;
	if (rc == 0 && (!rows || !rs))
		rc = err_set(e, ERR_NOMEM, "out of memory");
	if (rc == 0) {
		for (size_t i = 0; i < nt; i++)
			rows[i].t = t[i];
		promise_judge_all(rows, nt, res, nres, rs);
		rc = promise_store(s, ledger_actor(ctx->arena), against, rows, nt, e);
	}
	if (rc == 0)
		rc = promise_print(ctx, plan, against, rows, nt, e);
	store_close(s);
	return rc;
}

const cli_command_t cmd_promise = {
	.name = "promise",
	.summary = "用下一年的报告核验今年的目标（兑现核验）" CLI_EN
		   "check this year's targets against next year's report (兑现核验)",
	.usage = "--plan P --against Q [--db FILE|URL] [--json]",
	.help = "将规划 P 的每个目标与规划 Q 中指标和单位相同的完成情况关联，判定已兑现或\n"
		"未兑现并记录结论（留审计记录）。没有对应完成情况的目标列为未核验。Q 通常是\n"
		"用 'duban import' 导入的下一年政府工作报告。" CLI_EN
		"Links each target of plan P to the result (完成情况) of plan Q with the same\n"
		"indicator and unit, judges it met (已兑现) or missed (未兑现) and records the\n"
		"verdict (audited).  Targets without such a result are listed as 未核验.\n"
		"Q is usually next year's government work report, imported with 'duban import'.",
	.opts = promise_opts,
	.nopts = sizeof promise_opts / sizeof promise_opts[0],
	.min_pos = 0,
	.max_pos = 0,
	.run = promise_run,
};
