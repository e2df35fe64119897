/* cmd_export.c — `duban export --format csv|xlsx [--what ledger|bulletin|projects]`: the
 * ledger, the bulletin (通报) or the key-project table as a spreadsheet the office opens in
 * Excel.  The tables are built by api/export.c (the same content as GET /api/exports/…)
 * and written by api/sheet.c (CSV with BOM, xlsx with a bold frozen header). */
#include "api/export.h"
#include "cli/ledger.h"

#include <stdio.h>
#include <string.h>

static const cli_opt_t export_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "format", CLI_VALUE, "csv|xlsx", "文件格式（必填）" CLI_EN "the file format (required)" },
	{ "what", CLI_VALUE, "WHAT",
	  "台账 ledger（默认）、通报 bulletin 或项目 projects" CLI_EN
	  "ledger (default), bulletin or projects" },
	{ "plan", CLI_VALUE, "ID",
	  "规划（导出台账且有多个规划时必填）" CLI_EN
	  "the plan (ledger: required when there are several)" },
	{ "o", CLI_VALUE, "FILE",
	  "输出文件（默认为当前目录下的 duban-WHAT-YYYYMMDD.EXT）" CLI_EN
	  "output file (default duban-WHAT-YYYYMMDD.EXT here)" },
	{ "as-of", CLI_VALUE, "DATE",
	  "按此日期评价状态，YYYY-MM-DD（默认今天）" CLI_EN
	  "judge status on this day, YYYY-MM-DD (default: today)" },
};

static int export_args(cli_ctx_t *ctx, api_export_query_t *q, err_t *e)
{
	const char *pid = cli_arg(&ctx->args, "plan"), *as_of = cli_arg(&ctx->args, "as-of");
	int rc = 0;

	if (pid && (rc = ledger_parse_id(pid, "--plan", &q->plan_id, e)) < 0)
		return rc;
	if (as_of) {
		if ((rc = date_parse(str_from_cstr(as_of), &q->as_of, e)) < 0) {
			err_prefix(e, "--as-of");
			return err_field(e, "as-of");
		}
		return 0;
	}
	return ledger_today(&q->as_of, e);
}

static int export_run(cli_ctx_t *ctx, err_t *e)
{
	const char *fmt = cli_arg(&ctx->args, "format"), *what = cli_arg(&ctx->args, "what");
	const char *path = cli_arg(&ctx->args, "o");
	api_export_query_t q = { 0 };
	api_sheet_book_t book;
	store_t *s = NULL;
	int rc;

	q.what = what ? what : "ledger";
	if (!fmt || (strcmp(fmt, "csv") != 0 && strcmp(fmt, "xlsx") != 0)) {
		err_set(e, ERR_USAGE, "%s",
			cli_tr(ctx, "--format 应为 csv 或 xlsx", "--format must be csv or xlsx"));
		return err_field(e, "format");
	}
	if (!api_export_what_valid(q.what)) {
		err_set(e, ERR_USAGE, "%s",
			cli_tr(ctx, "--what 应为 ledger、bulletin 或 projects",
			       "--what must be ledger, bulletin or projects"));
		return err_field(e, "what");
	}
	if ((rc = export_args(ctx, &q, e)) < 0 || (rc = ledger_open(ctx, &s, NULL, e)) < 0)
		return rc;
	rc = api_export_build(s, ctx->arena, &q, &book, e);
	store_close(s);
	if (rc == ERR_INVALID && !strcmp(e->field, "plan") && q.plan_id)
		err_field(e, "--plan");
	if (rc == 0 && !path && !(path = api_export_file_name(ctx->arena, q.what, fmt, q.as_of)))
		rc = err_set(e, ERR_NOMEM, "out of memory");
	if (rc == 0)
		rc = api_sheet_write(&book, fmt, path, e);
	if (rc == 0 && ctx->json)
		rc = ledger_json_print(ctx->out,
				       json_pack("{s:s, s:s, s:s, s:I}", "file", path, "format",
						 fmt, "what", q.what, "rows",
						 (json_int_t)api_export_rows(&book)),
				       e);
	else if (rc == 0)
		fprintf(ctx->out,
			cli_tr(ctx, "已导出 %s (%zu 行) 到 %s\n", "exported %s (%zu rows) to %s\n"),
			q.what, api_export_rows(&book), path);
	return rc;
}

const cli_command_t cmd_export = {
	.name = "export",
	.summary = "将台账、通报或重点项目导出为 CSV 或 xlsx" CLI_EN
		   "export the ledger, the bulletin (通报) or the key projects as CSV or xlsx",
	.usage = "--format csv|xlsx [--what ledger|bulletin|projects] [--plan ID] [-o FILE] "
		 "[--db FILE|URL] [--json]",
	.help = "CSV 为带 BOM 的 UTF-8，Excel 可正确显示中文；xlsx 的表头加粗并冻结。可能被\n"
		"表格软件当作公式执行的文本（以 = + - @ 开头）在 CSV 中前加单引号，在 xlsx 中\n"
		"写为纯文本。默认文件名为当前目录下的 duban-WHAT-YYYYMMDD.EXT。" CLI_EN
		"CSV is UTF-8 with a BOM so that Excel shows Chinese correctly; xlsx has a bold,\n"
		"frozen header row.  Text that a spreadsheet could run as a formula (starting\n"
		"with = + - @) is written with a leading apostrophe in CSV and as plain text in\n"
		"xlsx.  The default file is duban-WHAT-YYYYMMDD.EXT in the current folder.",
	.opts = export_opts,
	.nopts = sizeof export_opts / sizeof export_opts[0],
	.max_pos = 0,
	.run = export_run,
};
