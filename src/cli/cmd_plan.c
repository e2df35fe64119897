/* cmd_plan.c — `duban plan list|show ID|activate ID`: the plans in the ledger, one plan's
 * task tree with lead units, deadlines and targets, and the move from draft (imported,
 * being corrected) to active (the ledger of record) through the model's state machine. */
#include "cli/ledger.h"

#include "model/plan.h"

#include <string.h>

static const cli_opt_t plan_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "year", CLI_VALUE, "N", "add: 规划年度" CLI_EN "add: the plan's year" },
	{ "source", CLI_VALUE, "TEXT",
	  "add: 规划来源（文件、网址）" CLI_EN "add: where the plan came from (file, URL)" },
	{ "title", CLI_VALUE, "TEXT", "add-node: 任务标题" CLI_EN "add-node: the task's title" },
	{ "parent", CLI_VALUE, "NODE",
	  "add-node: 上级任务（默认为顶层）" CLI_EN
	  "add-node: the parent task (default: top level)" },
	{ "label", CLI_VALUE, "TEXT",
	  "add-node: 大纲序号（一、 （一） 1.）" CLI_EN
	  "add-node: the outline label (一、 （一） 1.)" },
	{ "deadline", CLI_VALUE, "WHEN",
	  "add-node: 完成时限: YYYY-MM-DD、2025、到2025年、年底" CLI_EN
	  "add-node: YYYY-MM-DD, 2025, 到2025年, 年底" },
	{ "body", CLI_VALUE, "TEXT", "add-node: 任务内容" CLI_EN "add-node: the task's text" },
};

/* Everything plan show prints, read once. */
typedef struct plan_view {
	store_plan_t plan;
	store_node_t *nodes;
	size_t nnodes;
	store_target_t **targets; /* per node */
	size_t *ntargets;
	store_project_t *projects;
	size_t nprojects;
	store_unit_t *units;
	size_t nunits;
} plan_view_t;

static const char *plan_state_text(const cli_ctx_t *ctx, str_t state)
{
	plan_state_t st;

	if (plan_state_parse(state, &st, NULL) < 0)
		return state.ptr;
	return plan_state_label(st, cli_lang(ctx));
}

static json_t *plan_json(const store_plan_t *p)
{
	return json_pack("{s:I, s:o, s:o, s:i, s:o, s:o}", "id", (json_int_t)p->id, "title",
			 ledger_json_str(p->title), "source", ledger_json_str(p->source), "year",
			 p->year, "state", ledger_json_str(p->state), "created_at",
			 ledger_json_str(p->created_at));
}

static int plan_list(cli_ctx_t *ctx, store_t *s, err_t *e)
{
	static const char *const head_zh[] = { "编号", "标题", "年度", "状态", "创建时间" };
	static const char *const head_en[] = { "ID", "title", "year", "state", "created" };
	store_plan_t *p = NULL;
	size_t n = 0;
	ledger_table_t t;
	int rc = store_plan_list(s, ctx->arena, &p, &n, e);

	if (rc < 0)
		return rc;
	if (ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; arr && i < n; i++)
			json_array_append_new(arr, plan_json(&p[i]));
		return ledger_json_print(ctx->out, arr, e);
	}
	ledger_table_init(&t, ctx->arena, 5, ctx->en ? head_en : head_zh);
	for (size_t i = 0; i < n; i++) {
		const char *row[5] = { arena_printf(ctx->arena, "%lld", p[i].id), p[i].title.ptr,
				       arena_printf(ctx->arena, "%d", p[i].year),
				       plan_state_text(ctx, p[i].state), p[i].created_at.ptr };
		ledger_table_row(&t, row);
	}
	if (ledger_table_print(&t, ctx->out) < 0)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(ctx, "内存不足", "out of memory"));
	return 0;
}

static int plan_view_load(const cli_ctx_t *ctx, store_t *s, arena_t *a, long long id,
			  plan_view_t *v, err_t *e)
{
	int rc = store_plan_get(s, a, id, &v->plan, e);

	if (rc < 0)
		return ledger_not_found(rc, "plan", id, "ID", e);
	rc = store_node_list(s, a, id, &v->nodes, &v->nnodes, e);
	if (rc == 0)
		rc = store_project_list(s, a, id, &v->projects, &v->nprojects, e);
	if (rc == 0)
		rc = store_unit_list(s, a, &v->units, &v->nunits, e);
	if (rc < 0)
		return rc;
	v->targets = arena_zalloc(a, (v->nnodes + 1) * sizeof *v->targets);
	v->ntargets = arena_zalloc(a, (v->nnodes + 1) * sizeof *v->ntargets);
	if (!v->targets || !v->ntargets)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(ctx, "内存不足", "out of memory"));
	for (size_t i = 0; rc == 0 && i < v->nnodes; i++)
		rc = store_target_list(s, a, v->nodes[i].id, &v->targets[i], &v->ntargets[i], e);
	return rc;
}

/* "生产总值 增长 7 % 左右 期限: 年底" */
static const char *plan_target_text(const cli_ctx_t *ctx, arena_t *a, const store_target_t *t)
{
	char num[64] = "";

	if (t->has_value)
		snprintf(num, sizeof num, "%g", t->value);
	return arena_printf(a, "%s%s%s%s%s%s%s%s%s%s", t->indicator.ptr, t->verb.len ? " " : "",
			    t->verb.ptr, num[0] ? " " : "", num, t->unit.ptr,
			    t->qualifier.len ? " " : "", ledger_qualifier_label(t->qualifier.ptr),
			    t->deadline.len ? cli_tr(ctx, " 期限: ", " deadline: ") : "",
			    t->deadline.ptr);
}

static json_t *plan_target_json(const store_target_t *t)
{
	return json_pack(
		"{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)t->id, "indicator",
		ledger_json_str(t->indicator), "verb", ledger_json_str(t->verb), "value",
		t->has_value ? json_real(t->value) : json_null(), "unit", ledger_json_str(t->unit),
		"qualifier", ledger_json_str(t->qualifier), "deadline",
		ledger_json_str(t->deadline), "text", ledger_json_str(t->text));
}

static void plan_print_node(cli_ctx_t *ctx, const plan_view_t *v, size_t i, size_t depth)
{
	const store_node_t *nd = &v->nodes[i];
	arena_t *a = ctx->arena;

	for (size_t d = 0; d < depth; d++)
		fputs("  ", ctx->out);
	fprintf(ctx->out, "%s%s%s  [#%lld v%lld", nd->label.ptr, nd->label.len ? " " : "",
		nd->title.ptr, nd->id, nd->version);
	if (nd->lead_unit_id)
		fprintf(ctx->out, cli_tr(ctx, "; 牵头: %s", "; lead: %s"),
			ledger_unit_name(a, v->units, v->nunits, nd->lead_unit_id));
	for (size_t k = 0; k < nd->n_coop; k++)
		fprintf(ctx->out, "%s%s",
			k == 0 ? cli_tr(ctx, "; 配合: ", "; help: ") : cli_tr(ctx, "、", ", "),
			ledger_unit_name(a, v->units, v->nunits, nd->coop_unit_ids[k]));
	if (nd->deadline.len)
		fprintf(ctx->out, cli_tr(ctx, "; 期限: %s", "; deadline: %s"), nd->deadline.ptr);
	fputs("]\n", ctx->out);
	for (size_t k = 0; k < v->ntargets[i]; k++) {
		for (size_t d = 0; d <= depth; d++)
			fputs("  ", ctx->out);
		fprintf(ctx->out, cli_tr(ctx, "◎ 目标 #%lld: %s\n", "◎ target #%lld: %s\n"),
			v->targets[i][k].id, plan_target_text(ctx, a, &v->targets[i][k]));
	}
}

/* Walks the tree below parent in seq order (the store lists nodes by parent, then seq).
 * depth is bounded by the node count, so a cycle in bad data cannot loop. */
static json_t *plan_walk(cli_ctx_t *ctx, const plan_view_t *v, long long parent, size_t depth)
{
	json_t *arr = ctx->json ? json_array() : NULL;

	if (depth > v->nnodes)
		return arr;
	for (size_t i = 0; i < v->nnodes; i++) {
		const store_node_t *nd = &v->nodes[i];
		if (nd->parent_id != parent || nd->id == parent)
			continue;
		if (!ctx->json) {
			plan_print_node(ctx, v, i, depth);
			plan_walk(ctx, v, nd->id, depth + 1);
			continue;
		}
		json_t *coop = json_array(), *tg = json_array();
		for (size_t k = 0; k < nd->n_coop; k++)
			json_array_append_new(coop, json_integer(nd->coop_unit_ids[k]));
		for (size_t k = 0; k < v->ntargets[i]; k++)
			json_array_append_new(tg, plan_target_json(&v->targets[i][k]));
		json_array_append_new(
			arr,
			json_pack("{s:I, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o}", "id",
				  (json_int_t)nd->id, "seq", nd->seq, "label",
				  ledger_json_str(nd->label), "title", ledger_json_str(nd->title),
				  "deadline", ledger_json_str(nd->deadline), "lead_unit_id",
				  nd->lead_unit_id ? json_integer(nd->lead_unit_id) : json_null(),
				  "lead_unit",
				  json_string(ledger_unit_name(ctx->arena, v->units, v->nunits,
							       nd->lead_unit_id)),
				  "coop_unit_ids", coop, "version", (json_int_t)nd->version,
				  "targets", tg, "children", plan_walk(ctx, v, nd->id, depth + 1)));
	}
	return arr;
}

static json_t *plan_project_json(const store_project_t *p)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:f, s:f, s:f}", "id", (json_int_t)p->id,
			 "name", ledger_json_str(p->name), "owner_unit_id",
			 p->owner_unit_id ? json_integer(p->owner_unit_id) : json_null(), "place",
			 ledger_json_str(p->place), "stage", ledger_json_str(p->stage),
			 "total_invest", p->total_invest, "plan_invest", p->plan_invest,
			 "done_invest", p->done_invest);
}

static int plan_show(cli_ctx_t *ctx, store_t *s, long long id, err_t *e)
{
	plan_view_t v = { 0 };
	int rc = plan_view_load(ctx, s, ctx->arena, id, &v, e);

	if (rc < 0)
		return rc;
	if (ctx->json) {
		json_t *o = json_object(), *pr = json_array();
		for (size_t i = 0; pr && i < v.nprojects; i++)
			json_array_append_new(pr, plan_project_json(&v.projects[i]));
		json_object_set_new(o, "plan", plan_json(&v.plan));
		json_object_set_new(o, "nodes", plan_walk(ctx, &v, 0, 0));
		json_object_set_new(o, "projects", pr);
		return ledger_json_print(ctx->out, o, e);
	}
	fprintf(ctx->out,
		cli_tr(ctx, "规划 #%lld 《%s》 %d年  状态: %s  来源: %s\n",
		       "plan #%lld 《%s》 %d  state: %s  source: %s\n"),
		v.plan.id, v.plan.title.ptr, v.plan.year, plan_state_text(ctx, v.plan.state),
		v.plan.source.len ? v.plan.source.ptr : "-");
	fprintf(ctx->out,
		cli_tr(ctx, "任务 %zu 项, 重点项目 %zu 个\n\n", "%zu tasks, %zu key projects\n\n"),
		v.nnodes, v.nprojects);
	plan_walk(ctx, &v, 0, 0);
	if (v.nprojects)
		fputs(cli_tr(ctx, "\n重点项目:\n", "\nkey projects:\n"), ctx->out);
	for (size_t i = 0; i < v.nprojects; i++) {
		const store_project_t *p = &v.projects[i];
		fprintf(ctx->out,
			cli_tr(ctx,
			       "  #%lld %s  责任单位: %s  总投资 %g 亿元, 年度计划 %g 亿元%s%s\n",
			       "  #%lld %s  owner: %s  total investment %g 亿元, planned this year "
			       "%g 亿元%s%s\n"),
			p->id, p->name.ptr,
			p->owner_unit_id
				? ledger_unit_name(ctx->arena, v.units, v.nunits, p->owner_unit_id)
				: "-",
			p->total_invest, p->plan_invest,
			p->stage.len ? cli_tr(ctx, ", 阶段: ", ", stage: ") : "", p->stage.ptr);
	}
	return 0;
}

static int plan_activate(cli_ctx_t *ctx, store_t *s, long long id, err_t *e)
{
	store_plan_t p;
	plan_state_t from;
	int rc = store_plan_get(s, ctx->arena, id, &p, e);

	if (rc < 0)
		return ledger_not_found(rc, "plan", id, "ID", e);
	if (plan_state_parse(p.state, &from, e) < 0)
		return err_set(e, ERR_DB,
			       cli_tr(ctx, "规划 %lld 的状态 '%s' 无法识别",
				      "plan %lld has an unknown state '%s'"),
			       id, p.state.ptr);
	rc = plan_transition(from, PLAN_ACTIVE, e);
	if (rc < 0)
		return rc;
	rc = store_plan_set_state(s, ledger_actor(ctx->arena), id,
				  str_from_cstr(plan_state_name(PLAN_ACTIVE)), e);
	if (rc < 0)
		return rc;
	if (ctx->json)
		return ledger_json_print(ctx->out,
					 json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "from",
						   plan_state_name(from), "state",
						   plan_state_name(PLAN_ACTIVE)),
					 e);
	fprintf(ctx->out, cli_tr(ctx, "规划 %lld: %s → %s\n", "plan %lld: %s → %s\n"), id,
		plan_state_label(from, cli_lang(ctx)),
		plan_state_label(PLAN_ACTIVE, cli_lang(ctx)));
	return 0;
}

/* The plan year from --year: 1..9999. */
static int plan_year(const cli_ctx_t *ctx, const char *text, int *out_year, err_t *e)
{
	long long y = 0;

	if (!text) {
		err_set(e, ERR_USAGE, "%s", cli_tr(ctx, "必须给出 --year", "--year is required"));
		return err_field(e, "year");
	}
	if (str_to_ll(str_trim(str_from_cstr(text)), &y) < 0 || y < DATE_YEAR_MIN ||
	    y > DATE_YEAR_MAX) {
		err_set(e, ERR_INVALID,
			cli_tr(ctx, "--year: '%s' 不是年份", "--year: '%s' is not a year"), text);
		return err_field(e, "year");
	}
	*out_year = (int)y;
	return 0;
}

static int plan_add(cli_ctx_t *ctx, store_t *s, err_t *e)
{
	store_plan_t p = { 0 };
	int rc = plan_year(ctx, cli_arg(&ctx->args, "year"), &p.year, e);

	if (rc < 0)
		return rc;
	p.title = str_trim(str_from_cstr(ctx->args.pos[1]));
	p.source = str_from_cstr(cli_arg(&ctx->args, "source"));
	rc = store_plan_add(s, ledger_actor(ctx->arena), &p, e);
	if (rc < 0)
		return rc;
	if (ctx->json)
		return ledger_json_print(ctx->out,
					 json_pack("{s:I, s:o, s:i, s:s}", "id", (json_int_t)p.id,
						   "title", ledger_json_str(p.title), "year",
						   p.year, "state", plan_state_name(PLAN_DRAFT)),
					 e);
	fprintf(ctx->out,
		cli_tr(ctx, "已添加规划 %lld: %.*s（%d年，%s）\n",
		       "plan %lld added: %.*s (%d, %s)\n"),
		p.id, STR_FMT(p.title), p.year, plan_state_label(PLAN_DRAFT, cli_lang(ctx)));
	return 0;
}

/* Adds one task under --parent (or at the top), after its last sibling. */
static int plan_add_node(cli_ctx_t *ctx, store_t *s, long long plan_id, err_t *e)
{
	const char *title = cli_arg(&ctx->args, "title");
	const char *parent = cli_arg(&ctx->args, "parent");
	const char *dl = cli_arg(&ctx->args, "deadline");
	store_node_t nd = { 0 }, par, *all = NULL;
	store_plan_t p;
	size_t n = 0;
	date_t d;
	int rc;

	if (!title || !str_trim(str_from_cstr(title)).len) {
		err_set(e, ERR_USAGE, "%s", cli_tr(ctx, "必须给出 --title", "--title is required"));
		return err_field(e, "title");
	}
	rc = ledger_not_found(store_plan_get(s, ctx->arena, plan_id, &p, e), "plan", plan_id,
			      "PLAN", e);
	if (rc == 0 && parent && (rc = ledger_parse_id(parent, "--parent", &nd.parent_id, e)) == 0)
		rc = ledger_not_found(store_node_get(s, ctx->arena, nd.parent_id, &par, e), "node",
				      nd.parent_id, "--parent", e);
	if (rc == 0 && parent && par.plan_id != plan_id) {
		err_set(e, ERR_INVALID,
			cli_tr(ctx, "--parent: 任务 %lld 属于规划 %lld",
			       "--parent: node %lld belongs to plan %lld"),
			par.id, par.plan_id);
		rc = err_field(e, "parent");
	}
	if (rc == 0 && dl)
		rc = ledger_deadline_date(dl, p.year, "--deadline", &d, e);
	if (rc == 0)
		rc = ledger_plan_editable(s, ctx->arena, plan_id, e);
	if (rc == 0)
		rc = store_node_list(s, ctx->arena, plan_id, &all, &n, e);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (all[i].parent_id == nd.parent_id && all[i].seq >= nd.seq)
			nd.seq = all[i].seq + 1;
	nd.plan_id = plan_id;
	nd.title = str_trim(str_from_cstr(title));
	nd.label = str_from_cstr(cli_arg(&ctx->args, "label"));
	nd.body = str_from_cstr(cli_arg(&ctx->args, "body"));
	nd.deadline = str_from_cstr(dl);
	rc = store_node_add(s, ledger_actor(ctx->arena), &nd, e);
	if (rc < 0)
		return rc;
	if (ctx->json)
		return ledger_json_print(
			ctx->out,
			json_pack("{s:I, s:I, s:o, s:i, s:I}", "id", (json_int_t)nd.id, "plan_id",
				  (json_int_t)plan_id, "parent_id",
				  nd.parent_id ? json_integer(nd.parent_id) : json_null(), "seq",
				  nd.seq, "version", (json_int_t)nd.version),
			e);
	fprintf(ctx->out,
		cli_tr(ctx, "已添加任务 %lld（规划 %lld）: %.*s\n",
		       "node %lld added to plan %lld: %.*s\n"),
		nd.id, plan_id, STR_FMT(nd.title));
	return 0;
}

static int plan_run(cli_ctx_t *ctx, err_t *e)
{
	const char *sub = ctx->args.pos[0];
	bool list = strcmp(sub, "list") == 0, add = strcmp(sub, "add") == 0;
	long long id = 0;
	store_t *s = NULL;
	int rc;

	if (!list && !add && strcmp(sub, "show") != 0 && strcmp(sub, "activate") != 0 &&
	    strcmp(sub, "add-node") != 0)
		return err_set(
			e, ERR_USAGE,
			cli_tr(ctx, "没有子命令 '%s'（可用 list、show、activate、add、add-node）",
			       "unknown subcommand '%s' (list, show, activate, add, add-node)"),
			sub);
	if (list && ctx->args.npos > 1)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "多余的参数 '%s'", "unexpected argument '%s'"),
			       ctx->args.pos[1]);
	if (!list && ctx->args.npos < 2)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "缺少%s；用法: duban plan %s %s",
				      "missing %s; usage: duban plan %s %s"),
			       add ? cli_tr(ctx, "规划标题", "TITLE")
				   : cli_tr(ctx, "规划编号", "plan ID"),
			       sub, add ? "TITLE --year N" : "ID");
	if (!list && !add && (rc = ledger_parse_id(ctx->args.pos[1], "ID", &id, e)) < 0)
		return rc;
	rc = ledger_open(ctx, &s, NULL, e);
	if (rc < 0)
		return rc;
	if (list)
		rc = plan_list(ctx, s, e);
	else if (add)
		rc = plan_add(ctx, s, e);
	else if (strcmp(sub, "add-node") == 0)
		rc = plan_add_node(ctx, s, id, e);
	else if (strcmp(sub, "show") == 0)
		rc = plan_show(ctx, s, id, e);
	else
		rc = plan_activate(ctx, s, id, e);
	store_close(s);
	return rc;
}

const cli_command_t cmd_plan = {
	.name = "plan",
	.summary = "列出、查看、添加或启用规划；向规划添加任务" CLI_EN
		   "list, show, add or activate plans; add tasks to a plan",
	.usage = "list | show ID | activate ID | add TITLE --year N [--source S] | add-node PLAN "
		 "--title T [--parent NODE] [--label L] [--deadline D]  [--db FILE|URL] [--json]",
	.help = "show 显示任务树（牵头单位、配合单位、完成时限、目标），然后是重点项目。\n"
		"activate 把草稿规划改为执行中：成为接收进度填报的正式台账。add 和 add-node\n"
		"用于手工建立或修正规划（import 从文件起草规划）。" CLI_EN
		"show prints the task tree with lead and cooperating units, deadlines and\n"
		"targets, then the key projects.  activate moves a draft plan to active (执行中):\n"
		"the ledger of record that receives progress reports.  add and add-node build or\n"
		"correct a plan by hand (import drafts one from a document).",
	.opts = plan_opts,
	.nopts = sizeof plan_opts / sizeof plan_opts[0],
	.min_pos = 1,
	.max_pos = 2,
	.run = plan_run,
};
