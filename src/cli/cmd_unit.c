/* cmd_unit.c — `duban unit add|list|tree`: the organisation's units (市直部门, 县, 区,
 * 开发区 …) that lead and help with tasks and report progress. */
#include "cli/ledger.h"

#include "model/org.h"

#include <string.h>

static const cli_opt_t unit_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "kind", CLI_VALUE, "KIND",
	  "city 市、department 部门、district 区、county 县（市）、zone 开发区、"
	  "enterprise 企业" CLI_EN "city, department, district, county, zone, enterprise" },
	{ "parent", CLI_VALUE, "UNIT",
	  "上级单位（名称或编号）" CLI_EN "the parent unit (name or id)" },
};

static int unit_add(cli_ctx_t *ctx, store_t *s, err_t *e)
{
	const char *kind = cli_arg(&ctx->args, "kind");
	const char *parent = cli_arg(&ctx->args, "parent");
	store_unit_t u = { 0 }, p;
	org_unit_kind_t k;
	int rc;

	str_t kinds = cli_text(ctx->en, unit_opts[2].help);

	if (ctx->args.npos < 2)
		return err_set(e, ERR_USAGE, "%s",
			       cli_tr(ctx, "缺少单位名称；用法: duban unit add NAME --kind K",
				      "missing NAME; usage: duban unit add NAME --kind K"));
	if (!kind) {
		err_set(e, ERR_USAGE,
			cli_tr(ctx, "必须给出 --kind（%.*s）", "--kind is required (%.*s)"),
			STR_FMT(kinds));
		return err_field(e, "kind");
	}
	if (org_unit_kind_parse(str_from_cstr(kind), &k, e) < 0) {
		err_set(e, ERR_INVALID,
			cli_tr(ctx, "--kind: 没有单位类型 '%s'（%.*s）",
			       "--kind: unknown kind '%s' (%.*s)"),
			kind, STR_FMT(kinds));
		return err_field(e, "kind");
	}
	if (parent) {
		rc = ledger_unit_resolve(s, ctx->arena, parent, "--parent", &p, e);
		if (rc < 0)
			return rc;
		u.parent_id = p.id;
	}
	u.name = str_trim(str_from_cstr(ctx->args.pos[1]));
	u.kind = str_from_cstr(org_unit_kind_name(k));
	rc = store_unit_add(s, ledger_actor(ctx->arena), &u, e);
	if (rc == ERR_CONFLICT)
		return err_set(
			e, ERR_CONFLICT,
			cli_tr(ctx, "已有名为 '%.*s' 的单位", "a unit named '%.*s' already exists"),
			STR_FMT(u.name));
	if (rc < 0)
		return rc;
	if (ctx->json)
		return ledger_json_print(ctx->out,
					 json_pack("{s:I, s:s%, s:s, s:I}", "id", (json_int_t)u.id,
						   "name", u.name.ptr, u.name.len, "kind",
						   u.kind.ptr, "parent_id",
						   (json_int_t)u.parent_id),
					 e);
	fprintf(ctx->out,
		cli_tr(ctx, "已添加单位 %lld: %.*s（%s）\n", "unit %lld added: %.*s (%s)\n"), u.id,
		STR_FMT(u.name), org_unit_kind_label(k, cli_lang(ctx)));
	return 0;
}

static const char *unit_kind_label(const cli_ctx_t *ctx, str_t kind)
{
	org_unit_kind_t k;

	if (org_unit_kind_parse(kind, &k, NULL) < 0)
		return kind.ptr;
	return org_unit_kind_label(k, cli_lang(ctx));
}

static json_t *unit_json(const store_unit_t *u)
{
	return json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)u->id, "name",
			 ledger_json_str(u->name), "kind", ledger_json_str(u->kind), "parent_id",
			 u->parent_id ? json_integer(u->parent_id) : json_null());
}

static int unit_list(cli_ctx_t *ctx, store_t *s, err_t *e)
{
	static const char *const head_zh[] = { "编号", "名称", "类型", "上级" };
	static const char *const head_en[] = { "ID", "name", "kind", "parent" };
	store_unit_t *u = NULL;
	size_t n = 0;
	ledger_table_t t;
	int rc = store_unit_list(s, ctx->arena, &u, &n, e);

	if (rc < 0)
		return rc;
	if (ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; arr && i < n; i++)
			json_array_append_new(arr, unit_json(&u[i]));
		return ledger_json_print(ctx->out, arr, e);
	}
	ledger_table_init(&t, ctx->arena, 4, ctx->en ? head_en : head_zh);
	for (size_t i = 0; i < n; i++) {
		const char *row[4] = { arena_printf(ctx->arena, "%lld", u[i].id), u[i].name.ptr,
				       unit_kind_label(ctx, u[i].kind),
				       ledger_unit_name(ctx->arena, u, n, u[i].parent_id) };
		ledger_table_row(&t, row);
	}
	if (ledger_table_print(&t, ctx->out) < 0)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(ctx, "内存不足", "out of memory"));
	return 0;
}

/* Prints the subtree below parent (depth-first); the depth is bounded by the unit count,
 * so bad data with a cycle cannot loop. */
static json_t *unit_tree(cli_ctx_t *ctx, const store_unit_t *u, size_t n, long long parent,
			 size_t depth)
{
	json_t *arr = ctx->json ? json_array() : NULL;

	if (depth > n)
		return arr;
	for (size_t i = 0; i < n; i++) {
		if (u[i].parent_id != parent || u[i].id == parent)
			continue;
		if (ctx->json) {
			json_t *o = unit_json(&u[i]);
			json_object_set_new(o, "children",
					    unit_tree(ctx, u, n, u[i].id, depth + 1));
			json_array_append_new(arr, o);
		} else {
			for (size_t d = 0; d < depth; d++)
				fputs("  ", ctx->out);
			fprintf(ctx->out, "%.*s (%s, #%lld)\n", STR_FMT(u[i].name),
				unit_kind_label(ctx, u[i].kind), u[i].id);
			unit_tree(ctx, u, n, u[i].id, depth + 1);
		}
	}
	return arr;
}

static int unit_run(cli_ctx_t *ctx, err_t *e)
{
	const char *sub = ctx->args.pos[0];
	store_t *s = NULL;
	store_unit_t *u = NULL;
	size_t n = 0;
	int rc;

	if (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0 && strcmp(sub, "tree") != 0)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "没有子命令 '%s'（可用 add、list、tree）",
				      "unknown subcommand '%s' (add, list, tree)"),
			       sub);
	if (strcmp(sub, "add") != 0 && ctx->args.npos > 1)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "多余的参数 '%s'", "unexpected argument '%s'"),
			       ctx->args.pos[1]);
	rc = ledger_open(ctx, &s, NULL, e);
	if (rc < 0)
		return rc;
	if (strcmp(sub, "add") == 0) {
		rc = unit_add(ctx, s, e);
	} else if (strcmp(sub, "list") == 0) {
		rc = unit_list(ctx, s, e);
	} else {
		rc = store_unit_list(s, ctx->arena, &u, &n, e);
		if (rc == 0 && ctx->json)
			rc = ledger_json_print(ctx->out, unit_tree(ctx, u, n, 0, 0), e);
		else if (rc == 0)
			unit_tree(ctx, u, n, 0, 0);
	}
	store_close(s);
	return rc;
}

const cli_command_t cmd_unit = {
	.name = "unit",
	.summary = "添加、列出单位，或显示单位隶属树" CLI_EN
		   "add, list or show the tree of units (单位)",
	.usage = "add NAME --kind KIND [--parent UNIT] | list | tree  [--db FILE|URL] [--json]",
	.help = "单位牵头或配合落实任务并填报进度。凡是取值为 UNIT 的选项，都可以写单位\n"
		"名称（市发改委）或编号。" CLI_EN
		"Units lead and help with tasks and report progress.  A unit is named by its\n"
		"name (市发改委) or its id wherever an option takes UNIT.",
	.opts = unit_opts,
	.nopts = sizeof unit_opts / sizeof unit_opts[0],
	.min_pos = 1,
	.max_pos = 2,
	.run = unit_run,
};
