/* project.c — named key projects with an investment (see project.h).
 *
 * Two shapes are recognised around every money quantity that follows 投资/总投资:
 *   A  "总投资128亿元的中国电科涞水产业园"   the name follows "的";
 *   B  "XX产业园项目，总投资50亿元"          the name ends right before 总投资.
 * Aggregates ("106个项目总投资308.12亿元", "…等总投资…的106个项目") are left to the
 * statements.  Each look-around is bounded, so the pass is linear. */
#include "extract/project.h"

#include "base/mem.h"
#include "base/utf8.h"
#include "extract/quantity.h"
#include "extract/u8.h"
#include "extract/scan.h"

#include <string.h>

#define NAME_MAX_BYTES 120 /* 40 characters */

typedef struct pctx {
	draft_t *d;
	const text_t *t;
	const char *s;
	size_t n;
	size_t ni, gi;
	bool simplified;
} pctx_t;

/* True when the word w is written at byte i.  The first two bytes are compared before
 * anything else: this is the innermost test of every scan. */
static bool is_delim(const char *s, size_t n, size_t i)
{
	static const char *const d[] = { "、", ",", "，", "。", ";",  "；", ":", "：",
					 "\n", "!", "?",  "！", "？", "(",  "（" };
	for (size_t k = 0; k < sizeof d / sizeof d[0]; k++)
		if (scan_at(s, n, i, d[k]))
			return true;
	return false;
}

/* Words that end a name written after "的" (the name's predicate begins). */
static const char *const name_stops[] = {
	"开工", "竣工", "建成", "投产", "落地", "签约", "开业", "投入", "正式", "顺利", "加快",
	"全面", "已经", "已",   "将",   "于",   "在",   "是",   "为",   "等",   "建设", "完成",
	"实现", "启动", "进入", "成功", "获批", "入驻", "主体", "即将", "基本", "陆续", "年内",
	"年底", "今年", "明年", "预计", "计划", "力争", "确保", "有望", "争取",
};

/* Endings of a project name written before 总投资. */
static const char *const name_ends[] = {
	"项目", "产业园", "基地", "园区", "中心", "工程", "一期", "二期", "三期", "四期", "电站",
	"工厂", "园",     "城",   "港",   "线",   "公路", "铁路", "机场", "医院", "学校",
};

typedef struct stage_def {
	const char *w, *stage;
} stage_def_t;

static const stage_def_t stages[] = {
	{ "谋划", "谋划" }, { "前期", "前期" },     { "新开工", "开工" }, { "开工", "开工" },
	{ "在建", "在建" }, { "续建", "在建" },     { "竣工", "竣工" },   { "建成", "竣工" },
	{ "投产", "投产" }, { "投入运营", "投产" }, { "投用", "投产" },
};

static size_t cp_len(const char *s, size_t n, size_t i)
{
	return u8_len_at(s, n, i);
}

/* Name after "的" at i: up to a delimiter or a predicate word.  "…项目一期、二期" keeps
 * the phase list. */
static size_t name_after(const char *s, size_t n, size_t i)
{
	size_t j = i, lim = i + NAME_MAX_BYTES < n ? i + NAME_MAX_BYTES : n;
	while (j < lim) {
		if (scan_at(s, n, j, "、") && j + 9 <= n && scan_at(s, n, j + 6, "期") &&
		    (scan_before(s, j, "期")))
			j += 3; /* "一期、二期" */
		else if (is_delim(s, n, j))
			break;
		bool stop = false;
		for (size_t k = 0; k < sizeof name_stops / sizeof name_stops[0]; k++)
			if (scan_at(s, n, j, name_stops[k]) && j > i) {
				stop = true;
				break;
			}
		if (stop)
			break;
		j += cp_len(s, n, j);
	}
	return j;
}

/* Name that ends at i (before 总投资): back to a delimiter or a lead verb. */
static size_t name_before(const char *s, size_t i)
{
	static const char *const leads[] = { "推进", "实施", "建设", "开工", "加快", "谋划",
					     "引进", "落地", "签约", "包括", "其中", "启动" };
	size_t lo = i > NAME_MAX_BYTES ? i - NAME_MAX_BYTES : 0, j = i;
	while (j > lo) {
		size_t p = utf8_back(s, j - 1);
		if (is_delim(s, i, p) || s[p] == ' ' || scan_at(s, i, p, "”"))
			break;
		bool stop = false;
		for (size_t k = 0; k < sizeof leads / sizeof leads[0] && i - j > 6; k++)
			if (scan_before(s, j, leads[k])) {
				stop = true;
				break;
			}
		if (stop)
			break;
		j = p;
	}
	return j;
}

static bool has_count(const char *s, size_t a, size_t b)
{
	for (size_t j = a; j < b; j++)
		if (s[j] >= '0' && s[j] <= '9')
			return true;
	return false;
}

/* A name that stands for many projects: "全市重点项目", "A、B等项目", "一批项目". */
static bool is_aggregate(const char *s, size_t n, size_t a, size_t b, bool allow_list)
{
	static const char *const heads[] = { "全",     "各",   "重点", "这些", "上述",
					     "其中",   "该",   "一批", "多个", "若干",
					     "一系列", "省市", "市级", "省级", "有关",
					     "相关",   "新建", "续建", "在建" };
	for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
		if (scan_at(s, n, a, heads[k]))
			return true;
	if (has_count(s, a, b))
		return true;
	for (size_t j = a; j < b; j += cp_len(s, n, j))
		if (scan_at(s, n, j, "等") || (!allow_list && scan_at(s, n, j, "、")))
			return true;
	return false;
}

static bool ends_like_name(const char *s, size_t e)
{
	for (size_t j = 0; j < sizeof name_ends / sizeof name_ends[0]; j++)
		if (scan_before(s, e, name_ends[j]))
			return true;
	return false;
}

/* Start of the clause holding byte i (at most 120 bytes back). */
static size_t clause_start(const char *s, size_t n, size_t i)
{
	size_t lo = i > 120 ? i - 120 : 0;
	while (i > lo) {
		size_t p = utf8_back(s, i - 1);
		if (s[p] == '\n' || s[p] == ',' || s[p] == ';' || scan_at(s, n, p, "。") ||
		    scan_at(s, n, p, "，") || scan_at(s, n, p, "；"))
			break;
		i = p;
	}
	return i;
}

static const char *find_stage(const char *s, size_t n, size_t a, size_t b)
{
	for (size_t j = a; j < b; j += cp_len(s, n, j))
		for (size_t k = 0; k < sizeof stages / sizeof stages[0]; k++)
			if (scan_at(s, n, j, stages[k].w))
				return stages[k].stage;
	return NULL;
}

/* A county, city or district named in [a, b): two characters before 县/市/区. */
static const char *find_place(pctx_t *c, size_t a, size_t b)
{
	const char *s = c->s;
	static const char *const not_after[] = { "场", "级", "民", "政", "委", "域", "内" };
	for (size_t j = a + 6; j + 3 <= b; j += cp_len(s, c->n, j)) {
		/* 区 alone is too common a suffix (园区, 聚集区); districts come with 县/市 */
		if (!scan_at(s, c->n, j, "县") && !scan_at(s, c->n, j, "市"))
			continue;
		bool bad = false;
		for (size_t k = 0; k < sizeof not_after / sizeof not_after[0]; k++)
			if (scan_at(s, c->n, j + 3, not_after[k]))
				bad = true;
		uint32_t c1 = 0, c2 = 0;
		if (j < a + 6 || u8_decode(s + j - 6, 3, &c1) != 3 ||
		    u8_decode(s + j - 3, 3, &c2) != 3 || !u8_is_han(c1) || !u8_is_han(c2))
			continue;
		static const char *const bad_pre[] = { "全", "我", "本", "各",   "城",   "都", "园",
						       "社", "小", "地", "开发", "产业", "超", "上",
						       "门", "夜", "股", "省",   "县" };
		for (size_t k = 0; k < sizeof bad_pre / sizeof bad_pre[0]; k++)
			if (scan_before(s, j, bad_pre[k]) || scan_at(s, c->n, j - 6, bad_pre[k]))
				bad = true;
		if (!bad)
			return text_display(c->t, c->d->arena, j - 6, j + 3, c->simplified);
	}
	return NULL;
}

static int add_project(pctx_t *c, const qty_t *q, size_t na, size_t nb, size_t qa, size_t qb)
{
	draft_t *d = c->d;
	draft_project_t *p = DRAFT_PUSH(d, projects);
	size_t ce = qb, cs = qa;

	if (!p)
		return ERR_NOMEM;
	while (ce < c->n && ce < qb + 120 && c->s[ce] != '\n' && !scan_at(c->s, c->n, ce, "。") &&
	       !scan_at(c->s, c->n, ce, ";") && !scan_at(c->s, c->n, ce, "；"))
		ce += cp_len(c->s, c->n, ce);
	p->name = text_display(c->t, d->arena, na, nb, c->simplified);
	p->investment = q->value;
	p->unit = qty_unit_display(q, c->t, d->arena, c->simplified);
	p->base_investment = q->base_value;
	p->stage = find_stage(c->s, c->n, nb, ce);
	if (!p->stage)
		p->stage = find_stage(c->s, c->n, clause_start(c->s, c->n, cs), cs);
	p->place = find_place(c, na, nb);
	if (!p->place) {
		size_t ks = clause_start(c->s, c->n, na < qa ? na : qa);
		p->place = find_place(c, ks, ce);
	}
	while (c->ni + 1 < d->nodes.n && d->nodes.v[c->ni + 1].norm_start <= qa)
		c->ni++;
	if (c->ni < d->nodes.n && d->nodes.v[c->ni].norm_start <= qa)
		p->node = d->nodes.v[c->ni].id;
	p->span = text_span(c->t, qa, qb);
	if (!p->name || !p->unit)
		return ERR_NOMEM;
	return 0;
}

static int on_qty(const qty_t *q, void *ctx)
{
	pctx_t *c = ctx;
	const char *s = c->s;
	size_t n = c->n, k = q->qstart;

	if (strcmp(q->base_unit, "元") != 0 || q->is_range)
		return 0;
	while (c->gi < c->d->glossary.n && c->d->glossary.v[c->gi].norm_end <= q->start)
		c->gi++;
	if (c->gi < c->d->glossary.n && c->d->glossary.v[c->gi].norm_start <= q->start)
		return 0; /* inside a glossary note */
	/* "投资", "总投资", "总投资达/约/为" right before the amount */
	if (scan_before(s, k, "达") || scan_before(s, k, "约") || scan_before(s, k, "为"))
		k -= 3;
	if (!scan_before(s, k, "投资"))
		return 0;
	size_t inv = k - 6;
	if (scan_before(s, inv, "总"))
		inv -= 3;
	/* A: "…投资X亿元的NAME" */
	if (scan_at(s, n, q->qend, "的")) {
		size_t na = q->qend + 3, nb = name_after(s, n, na);
		if (nb - na < 6 || is_aggregate(s, n, na, nb, true) || scan_before(s, inv, "等"))
			return 0;
		return add_project(c, q, na, nb, inv, nb);
	}
	/* C: "投资X亿元建设NAME" */
	static const char *const build[] = { "建设", "实施", "新建", "打造", "建成" };
	for (size_t j = 0; j < sizeof build / sizeof build[0]; j++) {
		if (!scan_at(s, n, q->qend, build[j]))
			continue;
		size_t na = q->qend + strlen(build[j]), nb = name_after(s, n, na);
		if (nb - na < 6 || !ends_like_name(s, nb) || is_aggregate(s, n, na, nb, false) ||
		    scan_before(s, inv, "等"))
			return 0;
		return add_project(c, q, na, nb, inv, nb);
	}
	/* B: "NAME(，)总投资X亿元", "NAME(总投资X亿元)" */
	size_t e = inv;
	if (scan_before(s, e, ",") || scan_before(s, e, "("))
		e -= 1;
	else if (scan_before(s, e, "，") || scan_before(s, e, "（"))
		e -= 3;
	if (!ends_like_name(s, e))
		return 0;
	size_t na = name_before(s, e);
	/* "位于定兴县的京雄数据中心项目": the name follows the last 的 */
	for (size_t j = na; j < e; j += cp_len(s, n, j))
		if (scan_at(s, n, j, "的"))
			na = j + 3;
	if (e - na < 9 || is_aggregate(s, n, na, e, false))
		return 0;
	return add_project(c, q, na, e, na, q->end);
}

int project_extract(draft_t *d, const text_t *t, const extract_opts_t *o, err_t *e)
{
	pctx_t c = { 0 };
	int rc;

	c.simplified = o ? o->simplified : false;
	c.d = d;
	c.t = t;
	c.s = t->z;
	c.n = t->n;
	rc = qty_each(t, on_qty, &c);
	if (rc == ERR_NOMEM)
		err_set(e, rc, "project_extract: out of memory after %zu projects", d->projects.n);
	return rc;
}
