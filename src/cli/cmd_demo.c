/* cmd_demo.c — `duban demo [--seeds DIR]`: builds a realistic, clearly labelled
 * demonstration database for training and trying duban out.
 *
 * Contents: the unit tree of three cities (保定市 with its departments, counties,
 * districts and zones; 石家庄市 and 廊坊市 with a few of theirs — unit names are unique in
 * the store, so their departments carry the city's name), one user per role with a
 * random password printed once (argon2id, libsodium), the five seed documents imported
 * as active plans titled "【演示】…" with the units they name, their tasks assigned and
 * key projects (demo_seed.c), and six months of reports up to the month last due —
 * accepted, submitted, returned with a comment, left as drafts, or missing — each with
 * a submission time of its own (store_report_submit_at): most within the reporting
 * window (1st–5th of the next month), some days late, each unit with its own habit, so
 * the on-time part of the ranking differs between units.  Everything but the passwords
 * is deterministic: a fixed PRNG seed and the date of the run.
 *
 * The whole build is one transaction.  A database that already holds data is refused
 * unless --force, which deletes a SQLite file first (never a PostgreSQL database). */
#include "cli/demo.h"
#include "cli/ledger.h"
#include "model/org.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const cli_opt_t demo_opts[] = {
	LEDGER_OPT_DB,
	LEDGER_OPT_JSON,
	{ "force", CLI_FLAG, NULL,
	  "先删除已有的 SQLite 数据库文件" CLI_EN "delete an existing SQLite database file first" },
	{ "seeds", CLI_VALUE, "DIR",
	  "导入 DIR 中的文件，而不是内置的五份样例文件" CLI_EN
	  "import the documents in DIR instead of the five seeds" },
};

#define DEMO_SEED  20240601ULL
#define DEMO_ACTOR "demo"

/* ---- the built-in data ---- */

typedef struct demo_unit {
	const char *name, *kind, *parent;
} demo_unit_t;

static const demo_unit_t demo_units[] = {
	{ "保定市", "city", NULL },
	{ "市发改委", "department", "保定市" },
	{ "市住建局", "department", "保定市" },
	{ "市工信局", "department", "保定市" },
	{ "市科技局", "department", "保定市" },
	{ "市财政局", "department", "保定市" },
	{ "市商务局", "department", "保定市" },
	{ "市生态环境局", "department", "保定市" },
	{ "市农业农村局", "department", "保定市" },
	{ "市教育局", "department", "保定市" },
	{ "市卫健委", "department", "保定市" },
	{ "市交通运输局", "department", "保定市" },
	{ "涿州市", "county", "保定市" },
	{ "涞水县", "county", "保定市" },
	{ "高碑店市", "county", "保定市" },
	{ "莲池区", "district", "保定市" },
	{ "竞秀区", "district", "保定市" },
	{ "高新区", "zone", "保定市" },
	{ "经开区", "zone", "保定市" },
	{ "保定市城市建设投资集团", "enterprise", "保定市" },
	{ "石家庄市", "city", NULL },
	{ "石家庄市发改委", "department", "石家庄市" },
	{ "石家庄市住建局", "department", "石家庄市" },
	{ "石家庄市工信局", "department", "石家庄市" },
	{ "长安区", "district", "石家庄市" },
	{ "正定县", "county", "石家庄市" },
	{ "廊坊市", "city", NULL },
	{ "廊坊市发改委", "department", "廊坊市" },
	{ "廊坊市商务局", "department", "廊坊市" },
	{ "广阳区", "district", "廊坊市" },
	{ "固安县", "county", "廊坊市" },
};

typedef struct demo_user {
	const char *name, *display, *role, *unit;
} demo_user_t;

static const demo_user_t demo_users[] = {
	{ "admin", "系统管理员（演示）", "admin", NULL },
	{ "ducha", "督查室（演示）", "supervisor", "保定市" },
	{ "lingdao", "分管领导（演示）", "leader", "保定市" },
	{ "fgw", "市发改委填报员（演示）", "unit_editor", "市发改委" },
	{ "zhujian", "市住建局查看（演示）", "unit_viewer", "市住建局" },
};

/* xorshift64*: deterministic, good enough for demo data. */
double demo_rand(demo_t *d)
{
	d->rng ^= d->rng >> 12;
	d->rng ^= d->rng << 25;
	d->rng ^= d->rng >> 27;
	return (double)((d->rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

long long demo_unit_id(const demo_t *d, const char *name)
{
	if (!name || !name[0])
		return 0;
	for (size_t i = 0; i < d->nunits; i++)
		if (str_eq_cstr(d->units[i].name, name))
			return d->units[i].id;
	return 0;
}

int demo_unit_add(demo_t *d, const char *name, const char *kind, long long parent,
		  long long *out_id, err_t *e)
{
	*out_id = demo_unit_id(d, name);
	if (*out_id || d->nunits == DEMO_MAX_UNITS)
		return 0;
	store_unit_t *u = &d->units[d->nunits];
	char *copy = arena_printf(d->ctx->arena, "%s", name);
	if (!copy)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(d->ctx, "内存不足", "out of memory"));
	u->name = str_from_cstr(copy);
	u->kind = str_from_cstr(kind);
	u->parent_id = parent;
	int rc = store_unit_add(d->s, d->actor, u, e);
	if (rc == 0) {
		d->nunits++;
		*out_id = u->id;
	}
	return rc;
}

static int demo_add_units(demo_t *d, err_t *e)
{
	int rc = 0;
	for (size_t i = 0; i < sizeof demo_units / sizeof demo_units[0] && rc == 0; i++) {
		long long id;
		rc = demo_unit_add(d, demo_units[i].name, demo_units[i].kind,
				   demo_unit_id(d, demo_units[i].parent), &id, e);
	}
	return rc;
}

/* A random password of 12 letters and digits (no look-alikes). */
static void demo_password(char out[16])
{
	static const char set[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	for (int i = 0; i < 12; i++)
		out[i] = set[randombytes_uniform(sizeof set - 1)];
	out[12] = '\0';
}

static int demo_add_users(demo_t *d, err_t *e)
{
	char hash[crypto_pwhash_STRBYTES];

	for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++) {
		const demo_user_t *du = &demo_users[i];
		store_user_t u = { .name = str_from_cstr(du->name) };
		demo_password(d->passwords[i]);
		if (crypto_pwhash_str_alg(hash, d->passwords[i], strlen(d->passwords[i]),
					  crypto_pwhash_OPSLIMIT_INTERACTIVE,
					  crypto_pwhash_MEMLIMIT_INTERACTIVE,
					  crypto_pwhash_ALG_ARGON2ID13) != 0)
			return err_set(e, ERR_NOMEM, "%s",
				       cli_tr(d->ctx, "计算密码散列时内存不足",
					      "out of memory hashing a password"));
		u.display_name = str_from_cstr(du->display);
		u.pw_hash = str_from_cstr(hash);
		u.role = str_from_cstr(du->role);
		u.unit_id = demo_unit_id(d, du->unit);
		int rc = store_user_add(d->s, d->actor, &u, e);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- six months of reports ---- */

static const char *const demo_narratives[] = {
	"按计划推进，本月完成阶段性工作。",       "已召开专题调度会，协调解决用地和资金问题。",
	"受审批进度影响略有滞后，正在加快推进。", "完成现场核查，佐证材料已上传。",
	"与省直部门对接，争取政策支持。",
};

typedef enum demo_outcome {
	DEMO_MISSING,
	DEMO_DRAFT,
	DEMO_SUBMITTED,
	DEMO_ACCEPTED,
	DEMO_RETURNED
} demo_outcome_t;

/* How often a unit files late, by unit: a fixed habit per unit, from almost never to
 * almost half the time. */
static double demo_late_share(long long unit)
{
	static const double share[] = { 0.02, 0.08, 0.15, 0.3, 0.45 };
	return share[(unsigned long long)unit * 2654435761ULL % 5];
}

/* When the report of month p was submitted (ISO 8601 UTC into out): on a day of the
 * window, or late (1 to 10 days after the due day), in office hours; never on or after
 * the day of the run (the store refuses times to come). */
static void demo_submit_time(demo_t *d, long long unit, period_t p, char out[32])
{
	period_window_cfg_t cfg;
	date_t open = 0, due = 0, day;
	char ymd[DATE_STR_SIZE];

	period_window_cfg_default(&cfg);
	if (period_window(&cfg, p, &open, &due, NULL) < 0)
		open = due = d->today - 1;
	if (demo_rand(d) < demo_late_share(unit))
		day = due + 1 + (date_t)(demo_rand(d) * 10);
	else
		day = open + (date_t)(demo_rand(d) * (double)(due - open + 1));
	if (day >= d->today)
		day = d->today - 1;
	int hour = 8 + (int)(demo_rand(d) * 10), minute = (int)(demo_rand(d) * 60);
	snprintf(out, 32, "%sT%02d:%02d:00Z", date_format(day, ymd), hour, minute);
}

/* The fate of duty i's report for a month.  In the month last due every seventh duty has
 * not reported and another leaves a draft (so the not-reported list is never empty); the
 * rest, and the older months, are drawn. */
static demo_outcome_t demo_pick(demo_t *d, bool last, size_t i)
{
	double r = demo_rand(d);

	if (last && i % 7 == 3)
		return DEMO_MISSING;
	if (last && i % 7 == 5)
		return DEMO_DRAFT;
	if (last)
		return r < 0.55 ? DEMO_SUBMITTED : DEMO_ACCEPTED;
	return r < 0.05 ? DEMO_MISSING : r < 0.13 ? DEMO_RETURNED : DEMO_ACCEPTED;
}

static int demo_report(demo_t *d, const demo_duty_t *du, period_t p, demo_outcome_t o, err_t *e)
{
	char period[16];
	double frac = p.year == d->year ? p.index / 12.0 : 0.05;
	store_report_t r = { .unit_id = du->unit, .item_kind = str_from_cstr(du->kind) };
	int rc;

	if (o == DEMO_MISSING)
		return 0;
	period_format(p, period, sizeof period);
	r.item_id = du->id;
	r.period = str_from_cstr(period);
	r.has_value = true;
	r.actual_value = du->level ? du->value * frac * du->factor : du->value * du->factor;
	if (strcmp(du->kind, STORE_KIND_NODE) == 0 && r.actual_value > 100)
		r.actual_value = 100;
	r.actual_value = (double)(long long)(r.actual_value * 100 + 0.5) / 100;
	r.stage = str_from_cstr(du->stage ? du->stage : "");
	r.narrative = str_from_cstr(demo_narratives[(size_t)(demo_rand(d) * 5) % 5]);
	if (o == DEMO_DRAFT) {
		rc = store_report_put(d->s, d->actor, &r, false, e);
	} else {
		char at[32];
		demo_submit_time(d, du->unit, p, at);
		rc = store_report_submit_at(d->s, d->actor, &r, str_from_cstr(at), e);
	}
	if (rc != 0)
		return rc;
	d->nreports++;
	if (o == DEMO_ACCEPTED)
		rc = store_report_review(d->s, d->actor, r.id, true, STR_LIT("同意。"), e);
	else if (o == DEMO_RETURNED)
		rc = store_report_review(d->s, d->actor, r.id, false,
					 STR_LIT("请补充佐证材料，并细化下一步工作计划。"), e);
	return rc;
}

static int demo_reports(demo_t *d, err_t *e)
{
	int rc = 0;

	for (size_t m = 0; m < DEMO_MONTHS && rc == 0; m++)
		for (size_t i = 0; i < d->nduties && rc == 0; i++)
			rc = demo_report(d, &d->duties[i], d->months[m],
					 demo_pick(d, m + 1 == DEMO_MONTHS, i), e);
	return rc;
}

/* ---- the command ---- */

/* The SQLite file behind url, or NULL for PostgreSQL. */
static const char *demo_sqlite_path(const char *url)
{
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return NULL;
	return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

static int demo_check_empty(demo_t *d, bool *out_empty, err_t *e)
{
	store_unit_t *u = NULL;
	store_plan_t *p = NULL;
	store_user_t *us = NULL;
	size_t nu = 0, np = 0, nus = 0;
	int rc = store_unit_list(d->s, d->ctx->arena, &u, &nu, e);

	if (rc == 0)
		rc = store_plan_list(d->s, d->ctx->arena, &p, &np, e);
	if (rc == 0)
		rc = store_user_list(d->s, d->ctx->arena, &us, &nus, e);
	*out_empty = nu == 0 && np == 0 && nus == 0;
	return rc;
}

/* Opens the store; an existing non-empty one is refused, or deleted with --force. */
static int demo_open(demo_t *d, err_t *e)
{
	const char *url = ledger_db_url(cli_arg(&d->ctx->args, "db"));
	const char *path = demo_sqlite_path(url);
	bool empty = true;
	int rc = ledger_open(d->ctx, &d->s, NULL, e);

	if (rc == 0)
		rc = demo_check_empty(d, &empty, e);
	if (rc || empty)
		return rc;
	if (!cli_flag(&d->ctx->args, "force"))
		return err_set(e, ERR_CONFLICT,
			       cli_tr(d->ctx,
				      "数据库 '%s' 已有数据，不会覆盖；用 --force 删除后重建",
				      "database '%s' already holds data and is not overwritten; "
				      "--force deletes it first"),
			       url);
	if (!path || strcmp(path, ":memory:") == 0)
		return err_set(
			e, ERR_USAGE, "%s",
			cli_tr(d->ctx,
			       "--force 只能删除 SQLite 文件；PostgreSQL 数据库请先由管理员清空",
			       "--force deletes SQLite files only; have an administrator "
			       "empty a PostgreSQL database"));
	store_close(d->s);
	d->s = NULL;
	const char *side[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 4; i++) {
		char *f = arena_printf(d->ctx->arena, "%s%s", path, side[i]);
		if (!f)
			return err_set(e, ERR_NOMEM, "%s",
				       cli_tr(d->ctx, "内存不足", "out of memory"));
		if (unlink(f) != 0 && i == 0)
			return err_set(e, ERR_IO, "%s '%s'",
				       cli_tr(d->ctx, "无法删除", "cannot delete"), f);
	}
	return ledger_open(d->ctx, &d->s, NULL, e);
}

static int demo_months(demo_t *d, err_t *e)
{
	period_window_cfg_t cfg;
	date_t today;
	int rc = ledger_today(&today, e);

	period_window_cfg_default(&cfg);
	if (rc == 0)
		rc = period_last_due(&cfg, PERIOD_MONTH, today, &d->months[DEMO_MONTHS - 1], e);
	if (rc < 0)
		return rc;
	d->today = today;
	for (size_t m = DEMO_MONTHS - 1; m > 0; m--)
		d->months[m - 1] = period_prev(d->months[m]);
	d->year = d->months[DEMO_MONTHS - 1].year;
	return 0;
}

static int demo_build(demo_t *d, err_t *e)
{
	int rc = store_begin(d->s, e);

	if (rc < 0)
		return rc;
	rc = demo_add_units(d, e);
	if (rc == 0)
		rc = demo_add_users(d, e);
	if (rc == 0)
		rc = demo_seed_build(d, e);
	if (rc == 0)
		rc = demo_reports(d, e);
	if (rc == 0)
		rc = store_commit(d->s, e);
	if (rc < 0) {
		err_t e2;
		store_rollback(d->s, &e2);
	}
	return rc;
}

static int demo_print_json(demo_t *d, const char *url, const char *from, const char *to, err_t *e)
{
	json_t *users = json_array();
	for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++)
		json_array_append_new(
			users, json_pack("{s:s, s:s, s:s}", "name", demo_users[i].name, "role",
					 demo_users[i].role, "password", d->passwords[i]));
	return ledger_json_print(
		d->ctx->out,
		json_pack("{s:s, s:I, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s}", "db", url,
			  "units", (json_int_t)d->nunits, "users", users, "plans",
			  (json_int_t)d->nplans, "nodes", (json_int_t)d->nnodes, "targets",
			  (json_int_t)d->ntargets, "results", (json_int_t)d->nresults, "glossary",
			  (json_int_t)d->nglossary, "projects", (json_int_t)d->nprojects, "reports",
			  (json_int_t)d->nreports, "from", from, "to", to),
		e);
}

static int demo_print(demo_t *d, err_t *e)
{
	const char *url = ledger_db_url(cli_arg(&d->ctx->args, "db"));
	char from[16], to[16];

	period_format(d->months[0], from, sizeof from);
	period_format(d->months[DEMO_MONTHS - 1], to, sizeof to);
	if (d->ctx->json)
		return demo_print_json(d, url, from, to, e);
	fprintf(d->ctx->out,
		cli_tr(d->ctx,
		       "演示数据库已建成：%s\n单位 %zu 个，规划 %zu 个（标题以【演示】开头），任务 "
		       "%zu "
		       "项，目标 %zu 个，完成情况 %zu 条，重点项目 %zu 个，填报 %zu 条（%s 至 "
		       "%s）\n\n用户（密码只显示这一次）：\n",
		       "demo database built: %s\n%zu units, %zu plans (titles start with "
		       "【演示】), "
		       "%zu tasks, %zu targets, %zu results, %zu key projects, %zu reports (%s to "
		       "%s)\n\nusers (the passwords are shown only this once):\n"),
		url, d->nunits, d->nplans, d->nnodes, d->ntargets, d->nresults, d->nprojects,
		d->nreports, from, to);
	for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++)
		fprintf(d->ctx->out, "  %-8s %-12s %s\n", demo_users[i].name, demo_users[i].role,
			d->passwords[i]);
	return 0;
}

static int demo_run(cli_ctx_t *ctx, err_t *e)
{
	demo_t d = { .ctx = ctx, .rng = DEMO_SEED, .actor = STR_LIT(DEMO_ACTOR) };
	int rc = sodium_init() < 0
			 ? err_set(e, ERR_INTERNAL, "%s",
				   cli_tr(ctx, "libsodium 无法启动", "libsodium failed to start"))
			 : 0;

	if (rc == 0)
		rc = demo_months(&d, e);
	if (rc == 0)
		rc = demo_seed_load(&d, cli_arg(&ctx->args, "seeds"), e);
	if (rc == 0)
		rc = demo_open(&d, e);
	if (rc == 0)
		rc = demo_build(&d, e);
	if (rc == 0)
		rc = demo_print(&d, e);
	store_close(d.s);
	demo_seed_free(&d);
	return rc;
}

_Static_assert(sizeof demo_users / sizeof demo_users[0] == DEMO_MAX_USERS,
	       "demo.h: DEMO_MAX_USERS counts the demo users");

const cli_command_t cmd_demo = {
	.name = "demo",
	.summary = "用样例文件建立演示数据库" CLI_EN
		   "build a demonstration database from the seed documents",
	.usage = "[--seeds DIR] [--db FILE|URL] [--force] [--json]",
	.help = "将内置的五份样例文件（或 DIR 中的每个文件）导入为执行中的规划，建立文件中提到\n"
		"的保定市、石家庄市、廊坊市所属单位和地点，分配任务和重点项目，每种角色一个\n"
		"用户，以及六个月的进度填报（有的迟报、有的未报、有的被退回）。所有内容都标为\n"
		"演示数据：规划标题以【演示】开头，审计记录的操作人为 'demo'。演示用户的密码\n"
		"随机生成且只显示一次。已有数据的数据库会被拒绝，除非给出 --force（先删除\n"
		"SQLite 文件）。" CLI_EN
		"Imports the five seed documents compiled into duban (or every file of DIR) as\n"
		"active plans, with the units and places they name under 保定市, 石家庄市 and\n"
		"廊坊市, tasks assigned, key projects, one user per role and six months of\n"
		"reports (some late, some missing, some returned).  Everything is labelled\n"
		"demo data: plan titles start with 【演示】 and the audit trail names the actor\n"
		"'demo'.  The passwords of the demo users are random and printed once.  An\n"
		"existing database with data is refused unless --force, which deletes a SQLite\n"
		"file first.",
	.opts = demo_opts,
	.nopts = sizeof demo_opts / sizeof demo_opts[0],
	.max_pos = 0,
	.run = demo_run,
};
