/* cmd_assign.c — `duban assign NODE --lead UNIT [--help-unit UNIT…]`: sets a task's lead
 * unit (牵头单位) and cooperating units (配合单位), checked against the node's version so
 * that two people assigning at once cannot silently overwrite each other. */
#include "cli/ledger.h"

static const cli_opt_t assign_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "lead", CLI_VALUE, "UNIT", "牵头单位（名称或编号）" CLI_EN "the lead unit (name or id)" },
	{ "help-unit", CLI_MULTI, "UNIT", "配合单位" CLI_EN "a cooperating unit" },
	{ "version", CLI_VALUE, "N",
	  "你读到的任务版本（plan show）；默认为当前版本" CLI_EN
	  "the node version you read (plan show); default: current" },
};

static int assign_units(cli_ctx_t *ctx, store_t *s, long long *out_lead, long long **out_coop,
			size_t *out_n, err_t *e)
{
	size_t n = 0;
	const char *const *help = cli_arg_multi(&ctx->args, "help-unit", &n);
	store_unit_t u;
	int rc = ledger_unit_resolve(s, ctx->arena, cli_arg(&ctx->args, "lead"), "--lead", &u, e);

	if (rc < 0)
		return rc;
	*out_lead = u.id;
	*out_coop = arena_zalloc(ctx->arena, (n + 1) * sizeof **out_coop);
	if (!*out_coop)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(ctx, "内存不足", "out of memory"));
	*out_n = 0;
	for (size_t i = 0; i < n; i++) {
		rc = ledger_unit_resolve(s, ctx->arena, help[i], "--help-unit", &u, e);
		if (rc < 0)
			return rc;
		if (u.id == *out_lead) {
			err_set(e, ERR_INVALID,
				cli_tr(ctx, "--help-unit: '%s' 已是牵头单位",
				       "--help-unit: '%s' is already the lead unit"),
				help[i]);
			return err_field(e, "help-unit");
		}
		bool dup = false;
		for (size_t k = 0; k < *out_n; k++)
			dup = dup || (*out_coop)[k] == u.id;
		if (!dup)
			(*out_coop)[(*out_n)++] = u.id;
	}
	return 0;
}

static int assign_run(cli_ctx_t *ctx, err_t *e)
{
	const char *ver = cli_arg(&ctx->args, "version");
	long long id = 0, version = 0, lead = 0, *coop = NULL;
	size_t ncoop = 0;
	store_node_t nd;
	store_t *s = NULL;
	int rc = ledger_parse_id(ctx->args.pos[0], "NODE", &id, e);

	if (rc < 0)
		return rc;
	if (!cli_arg(&ctx->args, "lead")) {
		err_set(e, ERR_USAGE, "%s", cli_tr(ctx, "必须给出 --lead", "--lead is required"));
		return err_field(e, "lead");
	}
	if (ver && (rc = ledger_parse_id(ver, "--version", &version, e)) < 0)
		return rc;
	if ((rc = ledger_open(ctx, &s, NULL, e)) < 0)
		return rc;
	rc = store_node_get(s, ctx->arena, id, &nd, e);
	if (rc < 0)
		rc = ledger_not_found(rc, "node", id, "NODE", e);
	if (rc == 0)
		rc = ledger_plan_editable(s, ctx->arena, nd.plan_id, e);
	if (rc == 0)
		rc = assign_units(ctx, s, &lead, &coop, &ncoop, e);
	if (rc == 0 && !ver)
		version = nd.version;
	if (rc == 0)
		rc = store_node_assign(s, ledger_actor(ctx->arena), id, &version, lead, coop, ncoop,
				       e);
	if (rc == ERR_CONFLICT)
		err_set(e, ERR_CONFLICT,
			cli_tr(ctx,
			       "任务 %lld 已被他人修改（你给出的版本是 %lld，当前为 %lld）；"
			       "请用 'duban plan show %lld' 重新查看",
			       "node %lld was changed by someone else (you gave version %lld, it "
			       "is "
			       "now %lld); read it again with 'duban plan show %lld'"),
			id, ver ? version : nd.version, nd.version, nd.plan_id);
	if (rc == 0 && ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < ncoop; i++)
			json_array_append_new(arr, json_integer(coop[i]));
		rc = ledger_json_print(ctx->out,
				       json_pack("{s:I, s:I, s:o, s:I}", "node_id", (json_int_t)id,
						 "lead_unit_id", (json_int_t)lead, "coop_unit_ids",
						 arr, "version", (json_int_t)version),
				       e);
	} else if (rc == 0) {
		fprintf(ctx->out,
			cli_tr(ctx, "任务 %lld 已分配：牵头单位 %lld，配合单位 %zu 个，版本 %lld\n",
			       "node %lld assigned: lead unit %lld, %zu cooperating unit(s), "
			       "version %lld\n"),
			id, lead, ncoop, version);
	}
	store_close(s);
	return rc;
}

const cli_command_t cmd_assign = {
	.name = "assign",
	.summary = "设置任务的牵头单位和配合单位" CLI_EN
		   "set a task's lead unit and cooperating units",
	.usage = "NODE --lead UNIT [--help-unit UNIT]... [--version N] [--db FILE|URL] [--json]",
	.help = "替换任务 NODE 的牵头单位和配合单位。给出 --version 时，如果任务在你读到\n"
		"该版本之后已被修改，则拒绝修改（退出状态 1）。" CLI_EN
		"Replaces the lead unit (牵头单位) and the cooperating units (配合单位) of node\n"
		"NODE.  With --version, the change is refused (exit 1) if the node changed\n"
		"since you read that version.",
	.opts = assign_opts,
	.nopts = sizeof assign_opts / sizeof assign_opts[0],
	.min_pos = 1,
	.max_pos = 1,
	.run = assign_run,
};
