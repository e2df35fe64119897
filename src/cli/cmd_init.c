/* cmd_init.c — `duban init`: creates the database if needed, applies every migration and
 * prints the schema version. */
#include "cli/ledger.h"

static const cli_opt_t init_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
};

static int init_run(cli_ctx_t *ctx, err_t *e)
{
	store_t *s = NULL;
	int version = 0;
	const char *url = ledger_db_url(cli_arg(&ctx->args, "db"));
	int rc = ledger_open(ctx, &s, &version, e);

	if (rc < 0)
		return rc;
	if (ctx->json)
		rc = ledger_json_print(ctx->out,
				       json_pack("{s:s, s:s, s:i}", "db", url, "backend",
						 store_backend_name(s), "schema_version", version),
				       e);
	else
		fprintf(ctx->out,
			cli_tr(ctx, "数据库 %s（%s）已就绪：结构版本 %d\n",
			       "database %s (%s) ready: schema version %d\n"),
			url, store_backend_name(s), version);
	store_close(s);
	return rc;
}

const cli_command_t cmd_init = {
	.name = "init",
	.summary = "创建或升级数据库，并显示其结构版本" CLI_EN
		   "create or migrate the database and print its schema version",
	.usage = "[--db FILE|URL] [--json]",
	.help = "需要时创建数据库（SQLite 文件或 PostgreSQL URL），并执行尚未执行的全部\n"
		"升级。重复执行不会改变任何内容。" CLI_EN
		"Creates the database (SQLite file or PostgreSQL URL) if needed and applies\n"
		"every migration not yet applied.  Running it again changes nothing.",
	.opts = init_opts,
	.nopts = sizeof init_opts / sizeof init_opts[0],
	.run = init_run,
};
