/* cmd_demo.c — `duban demo`: builds a realistic, clearly labelled demonstration database
 * for training and trying duban out.
 *
 * Contents: the unit tree of three cities (保定市 with its departments, counties,
 * districts and zones; 石家庄市 and 廊坊市 with a few of theirs — unit names are unique in
 * the store, so their departments carry the city's name), one user per role with a
 * random password printed once (argon2id, libsodium), two plans titled "【演示】…" built
 * from a small built-in task list (tasks without a named lead unit are assigned round-robin
 * to the departments), key projects, and six months of reports up to the month last due —
 * accepted, submitted, returned with a comment, left as drafts, or missing.  Everything but
 * the passwords is deterministic: a fixed PRNG seed and the date of the run.
 *
 * The whole build is one transaction.  A database that already holds data is refused
 * unless --force, which deletes a SQLite file first (never a PostgreSQL database). */
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
	{ "force", CLI_FLAG, NULL, "delete an existing SQLite database file first" },
};

#define DEMO_SEED   20240601ULL
#define DEMO_ACTOR  "demo"
#define DEMO_MONTHS 6

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

/* One task: level 1..3, label, title, lead ("" = round-robin), cooperating unit, target
 * (indicator, value, unit, qualifier; value < 0 = none). */
typedef struct demo_task {
	int level;
	const char *label, *title, *lead, *coop;
	const char *indicator;
	double value;
	const char *unit, *qualifier;
} demo_task_t;

static const demo_task_t plan1_tasks[] = {
	{ 1, "一、", "稳住经济大盘", "", "", NULL, -1, NULL, NULL },
	{ 2, "（一）", "扩大有效投资", "市发改委", "", NULL, -1, NULL, NULL },
	{ 3, "1.", "全年实施省市重点项目626个，完成投资1234亿元", "市发改委", "市财政局",
	  "重点项目完成投资", 1234, "亿元", "以上" },
	{ 3, "2.", "新开工亿元以上项目200个", "市发改委", "", "新开工亿元以上项目", 200, "个", "" },
	{ 2, "（二）", "促进消费升级", "市商务局", "", NULL, -1, NULL, NULL },
	{ 3, "1.", "社会消费品零售总额增长7%左右", "市商务局", "", "社会消费品零售总额增长", 7, "%",
	  "左右" },
	{ 1, "二、", "加快产业转型升级", "", "", NULL, -1, NULL, NULL },
	{ 2, "（一）", "培育先进制造业", "市工信局", "", NULL, -1, NULL, NULL },
	{ 3, "1.", "新增高新技术企业210家", "市科技局", "高新区", "新增高新技术企业", 210, "家",
	  "" },
	{ 3, "2.", "规模以上工业增加值增长8%", "市工信局", "经开区", "规模以上工业增加值增长", 8,
	  "%", "" },
	{ 2, "（二）", "打造京津冀协同发展承接平台", "", "", NULL, -1, NULL, NULL },
	{ 3, "1.", "承接北京产业转移项目30个", "涿州市", "市商务局", "承接北京产业转移项目", 30,
	  "个", "力争" },
	{ 3, "2.", "建设新发地农副产品物流园三期", "高碑店市", "", NULL, -1, NULL, NULL },
	{ 1, "三、", "持续改善生态环境", "", "", NULL, -1, NULL, NULL },
	{ 2, "1.", "完成造林绿化10万亩", "市农业农村局", "涞水县", "造林绿化", 10, "万亩", "" },
	{ 2, "2.", "推进大气污染综合治理", "", "", NULL, -1, NULL, NULL },
	{ 1, "四、", "保障和改善民生", "", "", NULL, -1, NULL, NULL },
	{ 2, "1.", "新建改扩建中小学幼儿园30所", "市教育局", "市财政局", "新建改扩建中小学幼儿园",
	  30, "所", "" },
	{ 2, "2.", "改造城镇老旧小区300个", "市住建局", "莲池区", "改造城镇老旧小区", 300, "个",
	  "" },
	{ 2, "3.", "提升县级医院综合能力", "", "竞秀区", NULL, -1, NULL, NULL },
};

static const demo_task_t plan2_tasks[] = {
	{ 1, "一、", "深化“放管服”改革", "", "", NULL, -1, NULL, NULL },
	{ 2, "1.", "企业开办一日办结", "", "", NULL, -1, NULL, NULL },
	{ 2, "2.", "工程建设项目审批压缩至60个工作日以内", "", "", NULL, -1, NULL, NULL },
	{ 1, "二、", "优化园区服务", "", "", NULL, -1, NULL, NULL },
	{ 2, "1.", "高新区推行“标准地+承诺制”", "高新区", "", NULL, -1, NULL, NULL },
	{ 2, "2.", "经开区建设企业服务中心", "经开区", "", NULL, -1, NULL, NULL },
};

typedef struct demo_project {
	const char *name, *owner, *place, *stage;
	double total, plan;
} demo_project_t;

static const demo_project_t demo_projects[] = {
	{ "保定至雄安城际铁路配套工程", "市发改委", "竞秀区", "在建", 120, 30 },
	{ "涿州市中关村科技园二期", "涿州市", "涿州市", "在建", 45, 12 },
	{ "高碑店市新发地物流园三期", "高碑店市", "高碑店市", "开工", 30, 8 },
	{ "莲池区老旧小区改造工程", "市住建局", "莲池区", "在建", 15, 6 },
	{ "高新区新能源汽车零部件产业园", "高新区", "高新区", "前期", 60, 10 },
	{ "涞水县全域旅游基础设施项目", "涞水县", "涞水县", "谋划", 8, 2 },
};

/* Round-robin lead units for tasks that name none. */
static const char *const demo_rr[] = { "市发改委", "市住建局", "市工信局",
				       "市卫健委", "市商务局", "市生态环境局" };

/* ---- state ---- */

typedef struct demo {
	cli_ctx_t *ctx;
	store_t *s;
	str_t actor;
	unsigned long long rng;
	store_unit_t *units;
	size_t nunits;
	size_t rr;
	int year;
	period_t months[DEMO_MONTHS];
	size_t nnodes, ntargets, nprojects, nreports, nplans;
	char passwords[sizeof demo_users / sizeof demo_users[0]][16];
} demo_t;

/* xorshift64*: deterministic, good enough for demo data. */
static double demo_rand(demo_t *d)
{
	d->rng ^= d->rng >> 12;
	d->rng ^= d->rng << 25;
	d->rng ^= d->rng >> 27;
	return (double)((d->rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static long long demo_unit_id(const demo_t *d, const char *name)
{
	if (!name || !name[0])
		return 0;
	for (size_t i = 0; i < d->nunits; i++)
		if (str_eq_cstr(d->units[i].name, name))
			return d->units[i].id;
	return 0;
}

static int demo_add_units(demo_t *d, err_t *e)
{
	size_t n = sizeof demo_units / sizeof demo_units[0];
	int rc = 0;

	d->units = arena_zalloc(d->ctx->arena, n * sizeof *d->units);
	if (!d->units)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n && rc == 0; i++) {
		store_unit_t *u = &d->units[i];
		u->name = str_from_cstr(demo_units[i].name);
		u->kind = str_from_cstr(demo_units[i].kind);
		u->parent_id = demo_unit_id(d, demo_units[i].parent);
		rc = store_unit_add(d->s, d->actor, u, e);
		d->nunits++;
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
			return err_set(e, ERR_NOMEM, "out of memory hashing a password");
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

/* ---- plans, tasks, targets, projects ---- */

/* Something a unit reports on every month: a task, a target or a project. */
typedef struct demo_duty {
	const char *kind;
	long long id, unit;
	double value;  /* target value, planned investment (亿元), or 100 (percent) */
	bool level;    /* cumulative over the year (false: a growth rate) */
	double factor; /* how well this one goes: 0.55 .. 1.15 */
	const char *stage;
} demo_duty_t;

#define DEMO_MAX_DUTIES 96

typedef struct demo_duties {
	demo_duty_t v[DEMO_MAX_DUTIES];
	size_t n;
} demo_duties_t;

static void demo_duty(demo_t *d, demo_duties_t *du, const char *kind, long long id, long long unit,
		      double value, bool level, const char *stage)
{
	if (du->n < DEMO_MAX_DUTIES && unit)
		du->v[du->n++] =
			(demo_duty_t){ kind, id, unit, value, level, 0.55 + 0.6 * demo_rand(d),
				       stage };
}

static bool demo_is_leaf(const demo_task_t *t, size_t n, size_t i)
{
	return i + 1 == n || t[i + 1].level <= t[i].level;
}

static int demo_target(demo_t *d, demo_duties_t *du, const demo_task_t *t, long long node,
		       long long lead, err_t *e)
{
	store_target_t tg = { .node_id = node, .has_value = true, .value = t->value };
	bool growth = strcmp(t->unit, "%") == 0;

	tg.indicator = str_from_cstr(t->indicator);
	tg.verb = str_from_cstr(growth ? "增长" : strstr(t->indicator, "新增") ? "新增" : "完成");
	tg.unit = str_from_cstr(t->unit);
	tg.qualifier = str_from_cstr(
		ledger_qualifier_code(t->qualifier) ? ledger_qualifier_code(t->qualifier) : "");
	tg.deadline = STR_LIT("年底");
	tg.text = str_from_cstr(t->title);
	int rc = store_target_add(d->s, d->actor, &tg, e);
	if (rc == 0) {
		d->ntargets++;
		demo_duty(d, du, STORE_KIND_TARGET, tg.id, lead, t->value, !growth, NULL);
	}
	return rc;
}

static int demo_add_tasks(demo_t *d, demo_duties_t *du, long long plan_id, const demo_task_t *t,
			  size_t n, err_t *e)
{
	long long parent[4] = { 0 };
	int seq[4] = { 0 };
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		int lv = t[i].level;
		store_node_t nd = { .plan_id = plan_id, .parent_id = parent[lv - 1] };
		long long coop = demo_unit_id(d, t[i].coop);
		nd.seq = ++seq[lv];
		for (int k = lv + 1; k < 4; k++)
			seq[k] = 0;
		nd.label = str_from_cstr(t[i].label);
		nd.title = str_from_cstr(t[i].title);
		nd.body = STR_LIT("");
		nd.deadline = str_from_cstr(demo_is_leaf(t, n, i) ? "年底" : "");
		nd.lead_unit_id = demo_unit_id(d, t[i].lead);
		if (!nd.lead_unit_id && demo_is_leaf(t, n, i))
			nd.lead_unit_id = demo_unit_id(
				d, demo_rr[d->rr++ % (sizeof demo_rr / sizeof demo_rr[0])]);
		nd.coop_unit_ids = coop ? &coop : NULL;
		nd.n_coop = coop ? 1 : 0;
		rc = store_node_add(d->s, d->actor, &nd, e);
		if (rc)
			break;
		d->nnodes++;
		if (lv < 3)
			parent[lv] = nd.id;
		demo_duty(d, du, STORE_KIND_NODE, nd.id, nd.lead_unit_id, 100, true, NULL);
		if (t[i].value >= 0)
			rc = demo_target(d, du, &t[i], nd.id, nd.lead_unit_id, e);
	}
	return rc;
}

static int demo_add_plan(demo_t *d, demo_duties_t *du, const char *title, const demo_task_t *t,
			 size_t n, bool projects, err_t *e)
{
	store_plan_t p = { .title = str_from_cstr(title), .source = STR_LIT("duban demo") };
	int rc;

	p.year = d->year;
	p.state = STR_LIT("active");
	if ((rc = store_plan_add(d->s, d->actor, &p, e)) != 0)
		return rc;
	d->nplans++;
	rc = demo_add_tasks(d, du, p.id, t, n, e);
	for (size_t i = 0;
	     projects && rc == 0 && i < sizeof demo_projects / sizeof demo_projects[0]; i++) {
		const demo_project_t *dp = &demo_projects[i];
		store_project_t pr = { .plan_id = p.id, .name = str_from_cstr(dp->name) };
		pr.owner_unit_id = demo_unit_id(d, dp->owner);
		pr.place = str_from_cstr(dp->place);
		pr.stage = str_from_cstr(dp->stage);
		pr.total_invest = dp->total;
		pr.plan_invest = dp->plan;
		rc = store_project_add(d->s, d->actor, &pr, e);
		if (rc == 0) {
			d->nprojects++;
			demo_duty(d, du, STORE_KIND_PROJECT, pr.id, pr.owner_unit_id, dp->plan,
				  true, dp->stage);
		}
	}
	return rc;
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
	if ((rc = store_report_put(d->s, d->actor, &r, o != DEMO_DRAFT, e)) != 0)
		return rc;
	d->nreports++;
	if (o == DEMO_ACCEPTED)
		rc = store_report_review(d->s, d->actor, r.id, true, STR_LIT("同意。"), e);
	else if (o == DEMO_RETURNED)
		rc = store_report_review(d->s, d->actor, r.id, false,
					 STR_LIT("请补充佐证材料，并细化下一步工作计划。"), e);
	return rc;
}

static int demo_reports(demo_t *d, const demo_duties_t *du, err_t *e)
{
	int rc = 0;

	for (size_t m = 0; m < DEMO_MONTHS && rc == 0; m++)
		for (size_t i = 0; i < du->n && rc == 0; i++)
			rc = demo_report(d, &du->v[i], d->months[m],
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
			       "数据库 '%s' 已有数据，不会覆盖；用 --force 删除后重建", url);
	if (!path || strcmp(path, ":memory:") == 0)
		return err_set(e, ERR_USAGE,
			       "--force 只能删除 SQLite 文件；PostgreSQL 数据库请先由管理员清空");
	store_close(d->s);
	d->s = NULL;
	const char *side[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 4; i++) {
		char *f = arena_printf(d->ctx->arena, "%s%s", path, side[i]);
		if (!f)
			return err_set(e, ERR_NOMEM, "out of memory");
		if (unlink(f) != 0 && i == 0)
			return err_set(e, ERR_IO, "cannot delete '%s'", f);
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
	for (size_t m = DEMO_MONTHS - 1; m > 0; m--)
		d->months[m - 1] = period_prev(d->months[m]);
	d->year = d->months[DEMO_MONTHS - 1].year;
	return 0;
}

static int demo_build(demo_t *d, err_t *e)
{
	demo_duties_t *du = arena_zalloc(d->ctx->arena, sizeof *du);
	char t1[128], t2[128];
	int rc;

	if (!du)
		return err_set(e, ERR_NOMEM, "out of memory");
	snprintf(t1, sizeof t1, "【演示】保定市%d年政府工作报告重点任务台账", d->year);
	snprintf(t2, sizeof t2, "【演示】保定市%d年优化营商环境改革任务", d->year);
	if ((rc = store_begin(d->s, e)) < 0)
		return rc;
	rc = demo_add_units(d, e);
	if (rc == 0)
		rc = demo_add_users(d, e);
	if (rc == 0)
		rc = demo_add_plan(d, du, t1, plan1_tasks,
				   sizeof plan1_tasks / sizeof plan1_tasks[0], true, e);
	if (rc == 0)
		rc = demo_add_plan(d, du, t2, plan2_tasks,
				   sizeof plan2_tasks / sizeof plan2_tasks[0], false, e);
	if (rc == 0)
		rc = demo_reports(d, du, e);
	if (rc == 0)
		rc = store_commit(d->s, e);
	if (rc < 0) {
		err_t e2;
		store_rollback(d->s, &e2);
	}
	return rc;
}

static int demo_print(demo_t *d, err_t *e)
{
	const char *url = ledger_db_url(cli_arg(&d->ctx->args, "db"));
	size_t nusers = sizeof demo_users / sizeof demo_users[0];
	char from[16], to[16];

	period_format(d->months[0], from, sizeof from);
	period_format(d->months[DEMO_MONTHS - 1], to, sizeof to);
	if (d->ctx->json) {
		json_t *users = json_array();
		for (size_t i = 0; i < nusers; i++)
			json_array_append_new(users, json_pack("{s:s, s:s, s:s}", "name",
							       demo_users[i].name, "role",
							       demo_users[i].role, "password",
							       d->passwords[i]));
		return ledger_json_print(
			d->ctx->out,
			json_pack("{s:s, s:I, s:o, s:I, s:I, s:I, s:I, s:I, s:s, s:s}", "db", url,
				  "units", (json_int_t)d->nunits, "users", users, "plans",
				  (json_int_t)d->nplans, "nodes", (json_int_t)d->nnodes, "targets",
				  (json_int_t)d->ntargets, "projects", (json_int_t)d->nprojects,
				  "reports", (json_int_t)d->nreports, "from", from, "to", to),
			e);
	}
	fprintf(d->ctx->out,
		"演示数据库已建成: %s\n单位 %zu 个, 规划 %zu 个 (标题以【演示】开头), 任务 %zu 项, "
		"目标 %zu 个, 重点项目 %zu 个, 填报 %zu 条 (%s 至 %s)\n\n用户 "
		"(密码只显示这一次):\n",
		url, d->nunits, d->nplans, d->nnodes, d->ntargets, d->nprojects, d->nreports, from,
		to);
	for (size_t i = 0; i < nusers; i++)
		fprintf(d->ctx->out, "  %-8s %-12s %s\n", demo_users[i].name, demo_users[i].role,
			d->passwords[i]);
	return 0;
}

static int demo_run(cli_ctx_t *ctx, err_t *e)
{
	demo_t d = { .ctx = ctx, .rng = DEMO_SEED, .actor = STR_LIT(DEMO_ACTOR) };
	int rc = sodium_init() < 0 ? err_set(e, ERR_INTERNAL, "libsodium failed to start") : 0;

	if (rc == 0)
		rc = demo_months(&d, e);
	if (rc == 0)
		rc = demo_open(&d, e);
	if (rc == 0)
		rc = demo_build(&d, e);
	if (rc == 0)
		rc = demo_print(&d, e);
	store_close(d.s);
	return rc;
}

const cli_command_t cmd_demo = {
	.name = "demo",
	.summary = "build a demonstration database (units, users, plans, projects, reports)",
	.usage = "[--db FILE|URL] [--force] [--json]",
	.help = "Everything is labelled demo data: plan titles start with 【演示】 and the audit\n"
		"trail names the actor 'demo'.  The passwords of the demo users are random and\n"
		"printed once.  An existing database with data is refused unless --force, which\n"
		"deletes a SQLite file first.",
	.opts = demo_opts,
	.nopts = sizeof demo_opts / sizeof demo_opts[0],
	.max_pos = 0,
	.run = demo_run,
};
