/* cmd_config.c — `duban config show|set`: the supervision settings (warning thresholds
 * and ranking weights, model/supervision.h) stored in the database, which `duban status`,
 * `duban rank`, the API and the exports judge by.  A save is audited like every write. */
#include "cli/ledger.h"

#include "store/settings.h"

#include <stdlib.h>
#include <string.h>

static const cli_opt_t config_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
};

/* The stored row of key, or NULL when it was never set. */
static const store_setting_t *find_row(const store_setting_t *rows, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq_cstr(rows[i].key, key))
			return &rows[i];
	return NULL;
}

static json_t *num_json(const char *text)
{
	double d = strtod(text, NULL);
	return d == (double)(long long)d ? json_integer((json_int_t)d) : json_real(d);
}

static int config_show_json(cli_ctx_t *ctx, const supervision_cfg_t *cfg,
			    const store_setting_t *rows, size_t n, err_t *e)
{
	supervision_cfg_t def;
	json_t *arr = json_array();
	char val[64], dv[64];

	supervision_cfg_default(&def);
	for (size_t i = 0; arr && i < SUPERVISION_NKEYS; i++) {
		const store_setting_t *r = find_row(rows, n, supervision_key(i));
		supervision_cfg_get(cfg, i, val, sizeof val);
		supervision_cfg_get(&def, i, dv, sizeof dv);
		json_array_append_new(
			arr,
			json_pack("{s:s, s:o, s:o, s:b, s:s, s:o, s:o}", "key", supervision_key(i),
				  "value", num_json(val), "default", num_json(dv), "set", r != NULL,
				  "label", supervision_key_label(i, ctx->en ? "en" : "zh"),
				  "updated_at", r ? ledger_json_str(r->updated_at) : json_null(),
				  "updated_by", r ? ledger_json_str(r->updated_by) : json_null()));
	}
	return ledger_json_print(ctx->out, json_pack("{s:o}", "settings", arr), e);
}

static int config_show(cli_ctx_t *ctx, store_t *s, err_t *e)
{
	static const char *const head_zh[] = { "设置项", "取值", "默认", "修改", "说明" };
	static const char *const head_en[] = { "key", "value", "default", "changed", "meaning" };
	supervision_cfg_t cfg, def;
	store_setting_t *rows = NULL;
	size_t n = 0;
	ledger_table_t t;
	int rc = store_supervision_load(s, &cfg, e);

	if (rc == 0)
		rc = store_settings_list(s, ctx->arena, &rows, &n, e);
	if (rc < 0)
		return rc;
	if (ctx->json)
		return config_show_json(ctx, &cfg, rows, n, e);
	supervision_cfg_default(&def);
	ledger_table_init(&t, ctx->arena, 5, ctx->en ? head_en : head_zh);
	for (size_t i = 0; i < SUPERVISION_NKEYS; i++) {
		const store_setting_t *r = find_row(rows, n, supervision_key(i));
		char val[64], dv[64];
		supervision_cfg_get(&cfg, i, val, sizeof val);
		supervision_cfg_get(&def, i, dv, sizeof dv);
		const char *row[5] = { supervision_key(i),
				       arena_strndup(ctx->arena, val, strlen(val)),
				       arena_strndup(ctx->arena, dv, strlen(dv)),
				       r ? arena_printf(ctx->arena, "%.*s %.*s",
							STR_FMT(r->updated_at),
							STR_FMT(r->updated_by))
					 : "-",
				       supervision_key_label(i, ctx->en ? "en" : "zh") };
		ledger_table_row(&t, row);
	}
	if (ledger_table_print(&t, ctx->out) < 0)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(ctx, "内存不足", "out of memory"));
	return 0;
}

/* The index of key, or -1. */
static int key_index(const char *key)
{
	for (size_t i = 0; i < SUPERVISION_NKEYS; i++)
		if (strcmp(supervision_key(i), key) == 0)
			return (int)i;
	return -1;
}

static int config_set(cli_ctx_t *ctx, store_t *s, err_t *e)
{
	const char *key = ctx->args.pos[1], *value = ctx->args.pos[2];
	supervision_cfg_t before, after;
	char was[64], now[64];
	int i = key_index(key);
	int rc;

	if (i < 0) {
		err_set(e, ERR_INVALID,
			cli_tr(ctx, "没有设置项 '%s'（用 duban config show 查看全部）",
			       "unknown setting '%s' (duban config show lists them)"),
			key);
		return err_field(e, "key");
	}
	rc = store_supervision_load(s, &before, e);
	if (rc < 0)
		return rc;
	after = before;
	rc = supervision_cfg_set(&after, str_from_cstr(key), str_from_cstr(value), e);
	if (rc == 0)
		rc = supervision_cfg_validate(&after, e);
	if (rc == ERR_INVALID) {
		err_prefix(e, cli_tr(ctx, "设置项 %s = '%s' 无效", "invalid setting %s = '%s'"),
			   key, value);
		return rc;
	}
	if (rc == 0)
		rc = store_supervision_save(s, ledger_actor(ctx->arena), &before, &after, e);
	if (rc < 0)
		return rc;
	supervision_cfg_get(&before, (size_t)i, was, sizeof was);
	supervision_cfg_get(&after, (size_t)i, now, sizeof now);
	if (ctx->json)
		return ledger_json_print(ctx->out,
					 json_pack("{s:s, s:o, s:o}", "key", key, "value",
						   num_json(now), "previous", num_json(was)),
					 e);
	fprintf(ctx->out, cli_tr(ctx, "已设置 %s = %s（原为 %s）\n", "set %s = %s (was %s)\n"), key,
		now, was);
	return 0;
}

static int config_run(cli_ctx_t *ctx, err_t *e)
{
	const char *sub = ctx->args.pos[0];
	bool set = strcmp(sub, "set") == 0;
	store_t *s = NULL;
	int rc;

	if (!set && strcmp(sub, "show") != 0)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "没有子命令 '%s'（可用 show、set）",
				      "unknown subcommand '%s' (show, set)"),
			       sub);
	if (set && ctx->args.npos != 3)
		return err_set(e, ERR_USAGE, "%s",
			       cli_tr(ctx, "用法: duban config set KEY VALUE",
				      "usage: duban config set KEY VALUE"));
	if (!set && ctx->args.npos > 1)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "多余的参数 '%s'", "unexpected argument '%s'"),
			       ctx->args.pos[1]);
	rc = ledger_open(ctx, &s, NULL, e);
	if (rc < 0)
		return rc;
	rc = set ? config_set(ctx, s, e) : config_show(ctx, s, e);
	store_close(s);
	return rc;
}

const cli_command_t cmd_config = {
	.name = "config",
	.summary = "查看或修改预警阈值和排名权重" CLI_EN
		   "show or change the warning thresholds and ranking weights",
	.usage = "show | set KEY VALUE  [--db FILE|URL] [--json]",
	.help = "设置保存在数据库中，duban status、duban rank、网页接口和导出都按它评价。\n"
		"设置项及默认值见 docs/rules.md；未设置的项取默认值。每次修改都记入审计。" CLI_EN
		"The settings live in the database; duban status, duban rank, the API and the\n"
		"exports judge by them.  Keys and defaults: docs/rules.md; a key not set takes\n"
		"its default.  Every change is audited.",
	.opts = config_opts,
	.nopts = sizeof config_opts / sizeof config_opts[0],
	.min_pos = 1,
	.max_pos = 3,
	.run = config_run,
};
