/* cmd_user.c — `duban user add|list`: people who log in, with a role and a unit.  The
 * password is read from stdin and stored only as a libsodium argon2id hash string. */
#include "cli/ledger.h"

#include "base/utf8.h"
#include "model/org.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define USER_PW_MIN 10
#define USER_PW_MAX 1024

static const cli_opt_t user_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "unit", CLI_VALUE, "UNIT",
	  "用户所在单位（名称或编号）" CLI_EN "the user's unit (name or id)" },
	{ "role", CLI_VALUE, "ROLE",
	  "admin 系统管理员、supervisor 督查人员、leader 领导、unit_editor 单位填报员、"
	  "unit_viewer 单位查看员" CLI_EN "admin, supervisor, leader, unit_editor, unit_viewer" },
	{ "display-name", CLI_VALUE, "NAME",
	  "显示的姓名（默认与登录名相同）" CLI_EN "the name shown (default: the login name)" },
	{ "password-stdin", CLI_FLAG, NULL,
	  "从标准输入的第一行读取密码" CLI_EN "read the password from the first line of stdin" },
};

/* Reads the first line of stdin into pw (cap bytes); the line end is dropped. */
static int user_read_password(const cli_ctx_t *ctx, char *pw, size_t cap, err_t *e)
{
	size_t n;

	if (!fgets(pw, (int)cap, stdin)) {
		err_set(e, ERR_INVALID, "%s",
			cli_tr(ctx, "--password-stdin: 标准输入中没有密码",
			       "--password-stdin: no password on stdin"));
		return err_field(e, "password");
	}
	n = strlen(pw);
	if (n + 1 == cap && pw[n - 1] != '\n') {
		err_set(e, ERR_INVALID,
			cli_tr(ctx, "--password-stdin: 密码超过 %zu 字节",
			       "--password-stdin: password longer than %zu bytes"),
			cap - 2);
		return err_field(e, "password");
	}
	while (n > 0 && (pw[n - 1] == '\n' || pw[n - 1] == '\r'))
		pw[--n] = '\0';
	if (utf8_validate(pw, n, NULL) < 0 || utf8_count(pw, n) < USER_PW_MIN) {
		err_set(e, ERR_INVALID,
			cli_tr(ctx, "--password-stdin: 密码至少需要 %d 个字符（UTF-8）",
			       "--password-stdin: the password needs at least %d characters "
			       "(UTF-8)"),
			USER_PW_MIN);
		return err_field(e, "password");
	}
	return 0;
}

static int user_hash(const cli_ctx_t *ctx, const char *pw, char out[crypto_pwhash_STRBYTES],
		     err_t *e)
{
	if (sodium_init() < 0)
		return err_set(
			e, ERR_INTERNAL, "%s",
			cli_tr(ctx, "libsodium 初始化失败", "libsodium failed to initialise"));
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(e, ERR_NOMEM, "%s",
			       cli_tr(ctx, "计算密码散列时内存不足",
				      "out of memory hashing the password"));
	return 0;
}

static int user_add(cli_ctx_t *ctx, store_t *s, err_t *e)
{
	const char *unit = cli_arg(&ctx->args, "unit");
	const char *role = cli_arg(&ctx->args, "role");
	const char *disp = cli_arg(&ctx->args, "display-name");
	char pw[USER_PW_MAX];
	char hash[crypto_pwhash_STRBYTES];
	store_user_t u = { 0 };
	store_unit_t un;
	org_role_t r;
	int rc;

	str_t roles = cli_text(ctx->en, user_opts[3].help);

	if (ctx->args.npos < 2)
		return err_set(e, ERR_USAGE, "%s",
			       cli_tr(ctx,
				      "缺少登录名；用法: duban user add NAME --unit U --role R "
				      "--password-stdin",
				      "missing NAME; usage: duban user add NAME --unit U "
				      "--role R --password-stdin"));
	if (!role) {
		err_set(e, ERR_USAGE,
			cli_tr(ctx, "必须给出 --role（%.*s）", "--role is required (%.*s)"),
			STR_FMT(roles));
		return err_field(e, "role");
	}
	if (org_role_parse(str_from_cstr(role), &r, NULL) < 0) {
		err_set(e, ERR_INVALID,
			cli_tr(ctx, "--role: 没有角色 '%s'（%.*s）",
			       "--role: unknown role '%s' (%.*s)"),
			role, STR_FMT(roles));
		return err_field(e, "role");
	}
	if (!cli_flag(&ctx->args, "password-stdin")) {
		err_set(e, ERR_USAGE, "%s",
			cli_tr(ctx, "需要密码：用 --password-stdin 从标准输入给出",
			       "a password is required: give it on stdin with "
			       "--password-stdin"));
		return err_field(e, "password-stdin");
	}
	if (unit) {
		rc = ledger_unit_resolve(s, ctx->arena, unit, "--unit", &un, e);
		if (rc < 0)
			return rc;
		u.unit_id = un.id;
	} else if (r == ORG_ROLE_UNIT_EDITOR || r == ORG_ROLE_UNIT_VIEWER) {
		err_set(e, ERR_USAGE,
			cli_tr(ctx, "角色 %s 必须给出 --unit", "--unit is required for role %s"),
			role);
		return err_field(e, "unit");
	}
	rc = user_read_password(ctx, pw, sizeof pw, e);
	if (rc == 0)
		rc = user_hash(ctx, pw, hash, e);
	sodium_memzero(pw, sizeof pw);
	if (rc < 0)
		return rc;
	u.name = str_trim(str_from_cstr(ctx->args.pos[1]));
	u.display_name = disp ? str_from_cstr(disp) : u.name;
	u.pw_hash = str_from_cstr(hash);
	u.role = str_from_cstr(org_role_name(r));
	rc = store_user_add(s, ledger_actor(ctx->arena), &u, e);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT,
			       cli_tr(ctx, "已有登录名为 '%.*s' 的用户",
				      "a user named '%.*s' already exists"),
			       STR_FMT(u.name));
	if (rc < 0)
		return rc;
	if (ctx->json)
		return ledger_json_print(
			ctx->out,
			json_pack("{s:I, s:o, s:s, s:o}", "id", (json_int_t)u.id, "name",
				  ledger_json_str(u.name), "role", org_role_name(r), "unit_id",
				  u.unit_id ? json_integer(u.unit_id) : json_null()),
			e);
	fprintf(ctx->out,
		cli_tr(ctx, "已添加用户 %lld: %.*s（%s）\n", "user %lld added: %.*s (%s)\n"), u.id,
		STR_FMT(u.name), org_role_label(r, cli_lang(ctx)));
	return 0;
}

static const char *user_role_label(const cli_ctx_t *ctx, str_t role)
{
	org_role_t r;

	if (org_role_parse(role, &r, NULL) < 0)
		return role.ptr;
	return org_role_label(r, cli_lang(ctx));
}

static int user_list(cli_ctx_t *ctx, store_t *s, err_t *e)
{
	static const char *const head_zh[] = { "编号", "登录名", "姓名", "角色", "单位", "状态" };
	static const char *const head_en[] = { "ID", "login", "name", "role", "unit", "state" };
	store_user_t *u = NULL;
	store_unit_t *units = NULL;
	size_t n = 0, nu = 0;
	ledger_table_t t;
	int rc = store_user_list(s, ctx->arena, &u, &n, e);

	if (rc == 0)
		rc = store_unit_list(s, ctx->arena, &units, &nu, e);
	if (rc < 0)
		return rc;
	if (ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; arr && i < n; i++)
			json_array_append_new(
				arr,
				json_pack("{s:I, s:o, s:o, s:o, s:o, s:b}", "id",
					  (json_int_t)u[i].id, "name", ledger_json_str(u[i].name),
					  "display_name", ledger_json_str(u[i].display_name),
					  "role", ledger_json_str(u[i].role), "unit_id",
					  u[i].unit_id ? json_integer(u[i].unit_id) : json_null(),
					  "disabled", u[i].disabled));
		return ledger_json_print(ctx->out, arr, e);
	}
	ledger_table_init(&t, ctx->arena, 6, ctx->en ? head_en : head_zh);
	for (size_t i = 0; i < n; i++) {
		const char *row[6] = { arena_printf(ctx->arena, "%lld", u[i].id),
				       u[i].name.ptr,
				       u[i].display_name.ptr,
				       user_role_label(ctx, u[i].role),
				       ledger_unit_name(ctx->arena, units, nu, u[i].unit_id),
				       u[i].disabled ? cli_tr(ctx, "停用", "disabled")
						     : cli_tr(ctx, "启用", "enabled") };
		ledger_table_row(&t, row);
	}
	if (ledger_table_print(&t, ctx->out) < 0)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(ctx, "内存不足", "out of memory"));
	return 0;
}

static int user_run(cli_ctx_t *ctx, err_t *e)
{
	const char *sub = ctx->args.pos[0];
	store_t *s = NULL;
	int rc;

	if (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "没有子命令 '%s'（可用 add、list）",
				      "unknown subcommand '%s' (add, list)"),
			       sub);
	if (strcmp(sub, "list") == 0 && ctx->args.npos > 1)
		return err_set(e, ERR_USAGE,
			       cli_tr(ctx, "多余的参数 '%s'", "unexpected argument '%s'"),
			       ctx->args.pos[1]);
	rc = ledger_open(ctx, &s, NULL, e);
	if (rc < 0)
		return rc;
	rc = strcmp(sub, "add") == 0 ? user_add(ctx, s, e) : user_list(ctx, s, e);
	store_close(s);
	return rc;
}

const cli_command_t cmd_user = {
	.name = "user",
	.summary = "添加或列出用户" CLI_EN "add or list users (用户)",
	.usage = "add NAME --role ROLE [--unit UNIT] --password-stdin | list  [--db FILE|URL] "
		 "[--json]",
	.help = "密码（至少 10 个字符）从标准输入的第一行读取，只保存 argon2id 散列，\n"
		"不会出现在审计记录中。角色 unit_editor 和 unit_viewer 必须给出 --unit。" CLI_EN
		"The password (at least 10 characters) is read from the first line of stdin\n"
		"and stored only as an argon2id hash; it never appears in the audit trail.\n"
		"Roles unit_editor and unit_viewer need --unit.",
	.opts = user_opts,
	.nopts = sizeof user_opts / sizeof user_opts[0],
	.min_pos = 1,
	.max_pos = 2,
	.run = user_run,
};
