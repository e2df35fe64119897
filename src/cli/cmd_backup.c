/* cmd_backup.c — `duban backup FILE [--db URL]`: a consistent online copy of the ledger
 * into a new SQLite file (store_backup), while others keep working.  The store is the
 * one named by --db, else $DUBAN_DB, else ./duban.db; it is migrated first. */
#include "cli/cli.h"

#include "store/store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_opt_t backup_opts[] = {
	{ "db", CLI_VALUE, "URL",
	  "数据库：SQLite 文件或 postgresql://…（默认 $DUBAN_DB，否则 ./duban.db）" CLI_EN
	  "the database: a SQLite file or postgresql://… (default: "
	  "$DUBAN_DB, else ./duban.db)" },
	{ "json", CLI_FLAG, NULL, "以 JSON 输出结果" CLI_EN "print the result as JSON" },
};

/* The database URL of the command (borrowed: argv, the environment or a literal). */
static const char *backup_db_url(const cli_ctx_t *ctx)
{
	const char *url = cli_arg(&ctx->args, "db");
	if (url == NULL || url[0] == '\0')
		url = getenv("DUBAN_DB");
	return url != NULL && url[0] != '\0' ? url : "duban.db";
}

/* A SQLite file that does not exist would be created empty: refuse instead. */
static int backup_check_source(const cli_ctx_t *ctx, const char *url, err_t *e)
{
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return 0;
	const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
	if (strcmp(path, ":memory:") == 0 || access(path, F_OK) != 0)
		return err_set(e, ERR_INVALID,
			       cli_tr(ctx, "'%s' 处没有数据库", "no database at '%s'"), path);
	return 0;
}

static int backup_print(cli_ctx_t *ctx, const char *file, const char *backend, err_t *e)
{
	if (!ctx->json) {
		fprintf(ctx->out,
			cli_tr(ctx, "%s 数据库的备份已写入 %s\n",
			       "backup of the %s database written to %s\n"),
			backend, file);
		return 0;
	}
	json_t *o = json_pack("{s:s, s:s}", "file", file, "backend", backend);
	char *z = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (z == NULL)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(ctx, "内存不足", "out of memory"));
	fprintf(ctx->out, "%s\n", z);
	free(z);
	return 0;
}

static int backup_run(cli_ctx_t *ctx, err_t *e)
{
	const char *file = ctx->args.pos[0];
	const char *url = backup_db_url(ctx);
	int rc = backup_check_source(ctx, url, e);
	if (rc < 0)
		return rc;
	store_t *s = store_open(url, e);
	if (s == NULL)
		return e->code ? e->code : ERR_DB;
	rc = store_migrate(s, NULL, e);
	if (rc == 0)
		rc = store_backup(s, file, e);
	if (rc == 0)
		rc = backup_print(ctx, file, store_backend_name(s), e);
	store_close(s);
	return rc;
}

const cli_command_t cmd_backup = {
	.name = "backup",
	.summary = "把台账的一致副本写入新的 SQLite 文件" CLI_EN
		   "write a consistent copy of the ledger to a new SQLite file",
	.usage = "FILE [--db URL] [--json]",
	.help = "在他人继续工作的同时复制整个台账：一个快照，包括全部表和审计记录。\n"
		"FILE 必须不存在。从 PostgreSQL 备份得到的也是 SQLite 文件：任何命令都可用\n"
		"--db FILE 打开它。" CLI_EN
		"Copies the whole ledger while others keep working: one snapshot, every\n"
		"table, audit trail included.  FILE must not exist.  From PostgreSQL the copy\n"
		"is a SQLite file too: any command opens it with --db FILE.",
	.opts = backup_opts,
	.nopts = sizeof(backup_opts) / sizeof(backup_opts[0]),
	.min_pos = 1,
	.max_pos = 1,
	.run = backup_run,
};
