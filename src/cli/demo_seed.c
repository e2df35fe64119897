/* demo_seed.c — the plans of `duban demo`: the five seed documents (compiled into the
 * binary from data/demo_*.txt, copies of tests/data/00*.txt, so the demo works from any
 * folder) or every file of --seeds DIR, imported through the same path as `duban import`
 * (plan_import_prepare + store_import_draft).  Each is about one of the three cities (the
 * one it names most); the units it names are added under that city (a 市… department of
 * 石家庄 or 廊坊 becomes 石家庄市…), tasks without a lead unit get one of the city's
 * units round-robin, and the key projects get an owner and a planned investment.  What
 * units then report on is collected as duties (cmd_demo.c writes six months of them). */
#include "cli/demo.h"

#include "base/embed.h"
#include "base/mem.h"
#include "cli/ledger.h"
#include "cli/plan_import.h"
#include "store/import.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static const char *const demo_seed_names[] = {
	"demo_000_28d01b229fcb1637.txt", "demo_001_7d96d8cb6280a8ca.txt",
	"demo_002_c7f7bf300aa76a8f.txt", "demo_003_c30ca89cbd3d2160.txt",
	"demo_004_6851ad60e8c7365d.txt",
};

/* The cities, with how a document names them (Simplified and Traditional). */
static const struct {
	const char *unit, *key, *key_t;
} demo_cities[] = {
	{ "保定市", "保定", "保定" },
	{ "石家庄市", "石家庄", "石家莊" },
	{ "廊坊市", "廊坊", "廊坊" },
};
#define DEMO_NCITIES (sizeof demo_cities / sizeof demo_cities[0])

/* Key projects of the main plan (demo figures, 亿元). */
static const struct {
	const char *name, *owner, *place, *stage;
	double total, plan;
} demo_projects[] = {
	{ "保定至雄安城际铁路配套工程", "市发改委", "竞秀区", "在建", 120, 30 },
	{ "涿州市中关村科技园二期", "涿州市", "涿州市", "在建", 45, 12 },
	{ "高碑店市新发地物流园三期", "高碑店市", "高碑店市", "开工", 30, 8 },
	{ "莲池区老旧小区改造工程", "市住建局", "莲池区", "在建", 15, 6 },
	{ "高新区新能源汽车零部件产业园", "高新区", "高新区", "前期", 60, 10 },
	{ "涞水县全域旅游基础设施项目", "涞水县", "涞水县", "谋划", 8, 2 },
};

/* ---- finding and extracting the seeds ---- */

static int demo_name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every regular file of dir (hidden ones aside), sorted by name. */
static int demo_seed_dir(demo_t *d, const char *dir, err_t *e)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	const char **names = NULL;
	size_t n = 0, cap = 0;
	if (!dp) {
		err_set(e, ERR_INVALID, "--seeds: %s '%s'",
			cli_tr(d->ctx, "无法打开目录", "cannot open folder"), dir);
		return err_field(e, "seeds");
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *path = arena_printf(d->ctx->arena, "%s/%s", dir, de->d_name);
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			const char **v = arena_alloc(d->ctx->arena, cap * sizeof *v);
			if (v && n)
				memcpy(v, names, n * sizeof *v);
			names = v;
		}
		if (!path || !names) {
			closedir(dp);
			return err_set(e, ERR_NOMEM, "%s",
				       cli_tr(d->ctx, "内存不足", "out of memory"));
		}
		names[n++] = path;
	}
	closedir(dp);
	if (n == 0) {
		err_set(e, ERR_INVALID, "--seeds: '%s' %s", dir,
			cli_tr(d->ctx, "中没有文件", "holds no files"));
		return err_field(e, "seeds");
	}
	qsort(names, n, sizeof *names, demo_name_cmp);
	d->docs = arena_zalloc(d->ctx->arena, n * sizeof *d->docs);
	if (!d->docs)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(d->ctx, "内存不足", "out of memory"));
	for (size_t i = 0; i < n; i++) {
		demo_doc_t *doc = &d->docs[d->ndocs++];
		doc->name = names[i];
		int rc = plan_import_read(d->ctx, names[i], &doc->owned, &doc->n, e);
		if (rc < 0)
			return rc;
		doc->data = doc->owned;
	}
	return 0;
}

static int demo_seed_embedded(demo_t *d, err_t *e)
{
	size_t n = sizeof demo_seed_names / sizeof demo_seed_names[0];
	d->docs = arena_zalloc(d->ctx->arena, n * sizeof *d->docs);
	if (!d->docs)
		return err_set(e, ERR_NOMEM, "%s", cli_tr(d->ctx, "内存不足", "out of memory"));
	for (size_t i = 0; i < n; i++) {
		str_t data;
		if (embed_find(demo_seed_names[i], &data) < 0)
			return err_set(e, ERR_INTERNAL,
				       cli_tr(d->ctx, "演示文件 %s 未编入程序",
					      "demo seed %s is not compiled in"),
				       demo_seed_names[i]);
		demo_doc_t *doc = &d->docs[d->ndocs++];
		doc->name = demo_seed_names[i];
		doc->data = data.ptr;
		doc->n = data.len;
	}
	return 0;
}

static size_t demo_count(const char *hay, size_t n, const char *needle)
{
	size_t c = 0, k = strlen(needle);
	for (const char *p = hay; (p = memmem(p, n - (size_t)(p - hay), needle, k)) != NULL; p += k)
		c++;
	return c;
}

/* The city the document names most (保定 when none). */
static int demo_city_of(const demo_doc_t *doc)
{
	int best = 0;
	size_t most = 0;
	for (size_t i = 0; i < DEMO_NCITIES; i++) {
		size_t c = demo_count(doc->data, doc->n, demo_cities[i].key) +
			   demo_count(doc->data, doc->n, demo_cities[i].key_t);
		if (c > most) {
			most = c;
			best = (int)i;
		}
	}
	return best;
}

int demo_seed_load(demo_t *d, const char *dir, err_t *e)
{
	int rc = dir ? demo_seed_dir(d, dir, e) : demo_seed_embedded(d, e);
	for (size_t i = 0; rc == 0 && i < d->ndocs; i++) {
		demo_doc_t *doc = &d->docs[i];
		rc = plan_import_prepare(d->ctx, doc->name, doc->data, doc->n, NULL, d->year,
					 &doc->draft, &doc->plan, e);
		if (rc < 0)
			break;
		doc->city = demo_city_of(doc);
		const char *base =
			strrchr(doc->name, '/') ? strrchr(doc->name, '/') + 1 : doc->name;
		bool titled = doc->draft->doc.title && doc->draft->doc.title[0];
		char *title =
			titled ? arena_printf(d->ctx->arena, "【演示】%s", doc->draft->doc.title)
			       : arena_printf(d->ctx->arena, "【演示】%s文件（%s）",
					      demo_cities[doc->city].unit, base);
		if (!title)
			return err_set(e, ERR_NOMEM, "%s",
				       cli_tr(d->ctx, "内存不足", "out of memory"));
		/* the year is the run's, like the demo's months, whatever the document's own
		 * year: said in the plan's source (also the stored document's file name) */
		char *source = arena_printf(d->ctx->arena, "%s（演示数据：计划年度设为%d年）", base,
					    d->year);
		if (!source)
			return err_set(e, ERR_NOMEM, "%s",
				       cli_tr(d->ctx, "内存不足", "out of memory"));
		doc->plan.title = str_from_cstr(title);
		doc->plan.year = d->year;
		doc->plan.source = str_from_cstr(source);
	}
	return rc;
}

void demo_seed_free(demo_t *d)
{
	for (size_t i = 0; i < d->ndocs; i++) {
		draft_free(d->docs[i].draft);
		mem_free(d->docs[i].owned);
	}
	d->ndocs = 0;
}

/* ---- units the seeds name ---- */

static size_t demo_chars(const char *z)
{
	size_t n = 0;
	for (; *z; z++)
		n += ((unsigned char)*z & 0xC0) != 0x80;
	return n;
}

/* Adds the units doc names under its city; a 市… name of another city than 保定 is
 * renamed to that city's (so the import finds it as the lead unit). */
static int demo_doc_units(demo_t *d, demo_doc_t *doc, err_t *e)
{
	long long city = demo_unit_id(d, demo_cities[doc->city].unit);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < doc->draft->units.n; i++) {
		draft_unit_t *u = &doc->draft->units.v[i];
		if (!u->name || !u->kind || strcmp(u->kind, "city") == 0 || demo_chars(u->name) < 3)
			continue;
		if (doc->city != 0 && strncmp(u->name, "市", 3) == 0) {
			const char *c = demo_cities[doc->city].unit;
			char *name = arena_printf(d->ctx->arena, "%s%s", c, u->name + 3);
			if (!name)
				return err_set(e, ERR_NOMEM, "%s",
					       cli_tr(d->ctx, "内存不足", "out of memory"));
			u->name = name;
		}
		long long id;
		rc = demo_unit_add(d, u->name, u->kind, city, &id, e);
	}
	return rc;
}

/* ---- importing and assigning ---- */

static int demo_duty(demo_t *d, const char *kind, long long id, long long unit, double value,
		     bool level, const char *stage, err_t *e)
{
	if (!unit)
		return 0;
	if (d->nduties == d->capduties) {
		size_t cap = d->capduties ? d->capduties * 2 : 64;
		demo_duty_t *v = arena_alloc(d->ctx->arena, cap * sizeof *v);
		if (!v)
			return err_set(e, ERR_NOMEM, "%s",
				       cli_tr(d->ctx, "内存不足", "out of memory"));
		if (d->nduties)
			memcpy(v, d->duties, d->nduties * sizeof *v);
		d->duties = v;
		d->capduties = cap;
	}
	d->duties[d->nduties++] =
		(demo_duty_t){ kind, id, unit, value, level, 0.55 + 0.6 * demo_rand(d), stage };
	return 0;
}

/* The next unit of the city to lead a task: its departments, counties, districts and
 * zones in turn. */
static long long demo_next_unit(demo_t *d, int city)
{
	long long root = demo_unit_id(d, demo_cities[city].unit);
	for (size_t tries = 0; tries < d->nunits; tries++) {
		const store_unit_t *u = &d->units[d->rr++ % d->nunits];
		if (u->parent_id == root && !str_eq_cstr(u->kind, "enterprise"))
			return u->id;
	}
	return root;
}

static bool demo_has_child(const store_node_t *n, size_t nn, long long id)
{
	for (size_t i = 0; i < nn; i++)
		if (n[i].parent_id == id)
			return true;
	return false;
}

/* Leads for the tasks and targets of doc's plan, and their duties. */
static int demo_assign(demo_t *d, demo_doc_t *doc, err_t *e)
{
	arena_t *a = d->ctx->arena;
	store_node_t *n;
	size_t nn;
	int rc = store_node_list(d->s, a, doc->plan.id, &n, &nn, e);
	for (size_t i = 0; rc == 0 && i < nn; i++) {
		store_target_t *t;
		size_t nt;
		bool leaf = !demo_has_child(n, nn, n[i].id);
		rc = store_target_list(d->s, a, n[i].id, &t, &nt, e);
		if (rc < 0 || (!leaf && nt == 0))
			continue;
		long long lead = n[i].lead_unit_id, version = n[i].version;
		if (!lead) {
			lead = demo_next_unit(d, doc->city);
			long long coop = i % 3 == 0 ? demo_next_unit(d, doc->city) : 0;
			size_t nc = coop && coop != lead ? 1 : 0;
			rc = store_node_assign(d->s, d->actor, n[i].id, &version, lead, &coop, nc,
					       e);
		}
		if (rc == 0 && leaf)
			rc = demo_duty(d, STORE_KIND_NODE, n[i].id, lead, 100, true, NULL, e);
		for (size_t k = 0; rc == 0 && k < nt; k++)
			rc = demo_duty(d, STORE_KIND_TARGET, t[k].id, lead, t[k].value,
				       !str_eq_cstr(t[k].unit, "%"), NULL, e);
	}
	return rc;
}

static int demo_project(demo_t *d, long long plan, store_project_t *p, err_t *e)
{
	p->plan_id = plan;
	int rc = store_project_add(d->s, d->actor, p, e);
	if (rc == 0) {
		d->nprojects++;
		rc = demo_duty(d, STORE_KIND_PROJECT, p->id, p->owner_unit_id, p->plan_invest, true,
			       p->stage.len ? p->stage.ptr : NULL, e);
	}
	return rc;
}

/* The seed's projects (an owner from their place or the city, demo figures where the
 * text gives none), and the demo's own on the main plan. */
static int demo_projects_of(demo_t *d, demo_doc_t *doc, bool main_plan, err_t *e)
{
	const draft_t *dr = doc->draft;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < dr->projects.n; i++) {
		const draft_project_t *dp = &dr->projects.v[i];
		store_project_t p = { .name = str_from_cstr(dp->name) };
		p.place = str_from_cstr(dp->place);
		p.owner_unit_id = demo_unit_id(d, dp->place);
		if (!p.owner_unit_id)
			p.owner_unit_id = demo_next_unit(d, doc->city);
		p.stage = str_from_cstr(dp->stage ? dp->stage : "在建");
		p.total_invest = dp->base_investment > 0
					 ? dp->base_investment / 1e8
					 : (double)(long long)(10 + 40 * demo_rand(d));
		p.plan_invest = (double)(long long)(p.total_invest * 3 + 0.5) / 10;
		rc = demo_project(d, doc->plan.id, &p, e);
	}
	for (size_t i = 0;
	     main_plan && rc == 0 && i < sizeof demo_projects / sizeof demo_projects[0]; i++) {
		store_project_t p = { .name = str_from_cstr(demo_projects[i].name) };
		p.owner_unit_id = demo_unit_id(d, demo_projects[i].owner);
		p.place = str_from_cstr(demo_projects[i].place);
		p.stage = str_from_cstr(demo_projects[i].stage);
		p.total_invest = demo_projects[i].total;
		p.plan_invest = demo_projects[i].plan;
		rc = demo_project(d, doc->plan.id, &p, e);
	}
	return rc;
}

/* Imports doc as an active plan; its projects are added by demo_projects_of. */
static int demo_import(demo_t *d, demo_doc_t *doc, err_t *e)
{
	store_import_counts_t c = { 0 };
	size_t np = doc->draft->projects.n;
	doc->draft->projects.n = 0;
	int rc = store_import_draft(d->s, d->ctx->arena, d->actor, doc->draft,
				    str_make(doc->data, doc->n), &doc->plan, &c, e);
	doc->draft->projects.n = np;
	if (rc == 0)
		rc = store_plan_set_state(d->s, d->actor, doc->plan.id, STR_LIT("active"), e);
	if (rc < 0) {
		err_prefix(e, "%s", doc->name);
		return rc;
	}
	d->nplans++;
	d->nnodes += c.nodes;
	d->ntargets += c.targets;
	d->nresults += c.results;
	d->nglossary += c.glossary;
	doc->ntargets = c.targets;
	return 0;
}

int demo_seed_build(demo_t *d, err_t *e)
{
	int rc = 0;
	size_t main_doc = 0;
	for (size_t i = 0; rc == 0 && i < d->ndocs; i++)
		rc = demo_doc_units(d, &d->docs[i], e);
	for (size_t i = 0; rc == 0 && i < d->ndocs; i++) {
		rc = demo_import(d, &d->docs[i], e);
		if (rc == 0 && d->docs[i].city == 0 &&
		    d->docs[i].ntargets > d->docs[main_doc].ntargets)
			main_doc = i;
	}
	for (size_t i = 0; rc == 0 && i < d->ndocs; i++)
		rc = demo_assign(d, &d->docs[i], e);
	for (size_t i = 0; rc == 0 && i < d->ndocs; i++)
		rc = demo_projects_of(d, &d->docs[i], i == main_doc, e);
	return rc;
}
