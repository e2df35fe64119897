/* stmt.c — quantified targets and results (see stmt.h).
 *
 * Every quantity the scanner finds in the body becomes a statement.  Its kind comes from
 * the words around it (nearest tense marker in the clause, then the sentence), then from
 * the outline section it sits in (回顾… = review, 主要工作/预期目标 = plan), then from the
 * paragraph; its indicator is the noun phrase before the verb and number.  All context
 * windows are bounded, so the pass stays linear in the text. */
#include "extract/stmt.h"

#include "base/mem.h"
#include "base/utf8.h"
#include "extract/quantity.h"
#include "extract/u8.h"
#include "extract/scan.h"
#include "extract/tense.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIN_SENTENCE 600  /* bytes searched around a quantity inside its sentence */
#define WIN_PARA     1500 /* bytes searched back inside its paragraph */
#define IND_MAX      60   /* longest indicator kept, in bytes */

typedef struct sctx {
	draft_t *d;
	const text_t *t;
	const char *s;
	size_t n;
	bool simplified;
	int plan_year;
	unsigned char *sec; /* per node index */
	const qty_t *qv;    /* every quantity of the text, in order */
	size_t nq;
	tense_index_t tx;      /* tense markers and qualifier words of the text */
	size_t cs, ce, ss, se; /* the last clause and sentence, reused by its neighbours */
	const char *prev_ind;  /* the previous statement's indicator and position */
	size_t prev_pos, prev_qend;
	const char *text; /* the display text of the clause [text_cs, text_ce) */
	size_t text_cs, text_ce;
	bool fd_valid; /* fill_deadline's last sentence and its answer */
	size_t fd_ss, fd_se;
	const char *fd_deadline;
	int fd_year;
	size_t dl_cursor; /* para_deadline's scan position and the year it last saw */
	int dl_year;
} sctx_t;

/* True when the word w is written at byte i.  The first two bytes are compared before
 * anything else: this is the innermost test of every scan. */
/* ---- clause and sentence bounds --------------------------------------------------- */

static bool is_sentence_end(const char *s, size_t n, size_t i)
{
	return s[i] == '\n' || scan_at(s, n, i, "。") || s[i] == ';' || scan_at(s, n, i, "；") ||
	       s[i] == '!' || s[i] == '?' || scan_at(s, n, i, "！") || scan_at(s, n, i, "？");
}

static bool is_clause_end(const char *s, size_t n, size_t i)
{
	return is_sentence_end(s, n, i) || s[i] == ',' || scan_at(s, n, i, "，") || s[i] == ':' ||
	       scan_at(s, n, i, "：");
}

/* Start of the clause (or sentence) containing byte i, looking back at most win bytes. */
static size_t span_start(const char *s, size_t n, size_t i, bool sentence, size_t win)
{
	size_t lo = i > win ? i - win : 0;
	size_t j = i;
	while (j > lo) {
		size_t p = utf8_back(s, j - 1);
		if (sentence ? is_sentence_end(s, n, p) : is_clause_end(s, n, p))
			return j;
		j = p;
	}
	return j;
}

static size_t span_end(const char *s, size_t n, size_t i, bool sentence, size_t win)
{
	size_t hi = i + win < n ? i + win : n;
	size_t j = i;
	while (j < hi) {
		if (sentence ? is_sentence_end(s, n, j) : is_clause_end(s, n, j))
			return j;
		j += u8_len_at(s, n, j);
	}
	return j < n ? j : n;
}

/* ---- sections --------------------------------------------------------------------- */

static int title_section(const sctx_t *c, const draft_node_t *nd)
{
	const char *s = c->s;
	size_t i = nd->norm_start, end = nd->norm_end < c->n ? nd->norm_end : c->n;
	static const char *const review[] = { "回顾",       "过去一年", "过去的一年", "过去五年",
					      "过去的五年", "主要成绩", "去年工作",   "工作成效",
					      "主要成效",   "完成情况", "工作总结",   "进展情况",
					      "运行情况",   "执行情况" };
	static const char *const plan[] = { "主要工作", "预期目标", "工作安排", "重点工作",
					    "主要任务", "重点任务", "今年工作", "目标任务",
					    "今年",     "下一步",   "总体要求" };
	size_t lim = i + 240 < end ? i + 240 : end;

	for (size_t j = i; j < lim && s[j] != '\n'; j += u8_len_at(s, c->n, j)) {
		for (size_t k = 0; k < sizeof review / sizeof review[0]; k++)
			if (scan_at(s, c->n, j, review[k]))
				return SEC_REVIEW;
		for (size_t k = 0; k < sizeof plan / sizeof plan[0]; k++)
			if (scan_at(s, c->n, j, plan[k]))
				return SEC_PLAN;
		int y = scan_year_at(s, c->n, j);
		if (y && c->plan_year && y == c->plan_year - 1)
			return SEC_REVIEW;
		if (y && c->plan_year && y == c->plan_year)
			return SEC_PLAN;
	}
	return SEC_NONE;
}

/* sec[k]: the section kind of node k, inherited from its ancestors. */
static int sections_init(sctx_t *c)
{
	draft_t *d = c->d;
	if (!d->nodes.n)
		return 0;
	c->sec = arena_zalloc(d->arena, d->nodes.n);
	if (!c->sec)
		return ERR_NOMEM;
	for (size_t k = 0; k < d->nodes.n; k++) {
		const draft_node_t *nd = &d->nodes.v[k];
		int own = title_section(c, nd);
		if (!own && nd->parent > 0 && (size_t)nd->parent <= d->nodes.n &&
		    (size_t)nd->parent - 1 < k)
			own = c->sec[nd->parent - 1];
		c->sec[k] = (unsigned char)own;
	}
	return 0;
}

/* ---- plan year -------------------------------------------------------------------- */

static int detect_year(const sctx_t *c, const extract_opts_t *o)
{
	const char *title = c->d->doc.title;
	if (o && o->year > 0)
		return o->year;
	if (c->d->doc.year > 0)
		return c->d->doc.year;
	if (title) {
		size_t tn = strlen(title);
		for (size_t j = 0; j + 7 <= tn; j++) {
			int y = scan_year_at(title, tn, j);
			if (y)
				return y;
		}
	}
	/* the first year of the opening lines, when it names a plan or a report */
	size_t lim = c->n < 800 ? c->n : 800;
	for (size_t j = 0; j + 7 <= lim; j++) {
		int y = scan_year_at(c->s, c->n, j);
		if (y &&
		    (scan_at(c->s, c->n, j + 7, "政府工作报告") ||
		     scan_at(c->s, c->n, j + 7, "主要工作") ||
		     scan_at(c->s, c->n, j + 7, "工作要点") ||
		     scan_at(c->s, c->n, j + 7, "工作计划") || scan_at(c->s, c->n, j + 7, "计划")))
			return y;
		/* "2023年1月30日在…人民代表大会上": a report given early in its year */
		if (y && (scan_at(c->s, c->n, j + 7, "1月") || scan_at(c->s, c->n, j + 7, "2月")) &&
		    memmem(c->s + j, c->n - j < 40 ? c->n - j : 40, "日在", strlen("日在")))
			return y;
	}
	return 0;
}

/* ---- indicator and verb ----------------------------------------------------------- */

static const char *const fillers[] = {
	"比上年", "比去年", "较上年", "较去年",   "同比",   "其中",   "当年",   "每年",   "年均",
	"分别",   "全市",   "全县",   "全区",     "全省",   "全年",   "今年",   "我市",   "我县",
	"我区",   "该市",   "本市",   "力争",     "确保",   "计划",   "预计",   "目前",   "已经",
	"已",     "累计",   "共有",   "拥有",     "现有",   "共",     "年内",   "年底前", "年底",
	"同时",   "此外",   "另外",   "并且",     "并",     "还",     "将",     "要",     "和",
	"及",     "以及",   "再",     "前三季度", "上半年", "下半年", "一季度", "二季度", "三季度",
	"四季度", "“",      "”",      "\"",       " ",      "(",      ")",
};

static const char *const verbs[] = {
	"提高到", "提升到", "下降到", "降低到", "减少到", "增加到", "保持在", "控制在", "达到",
	"提高至", "提升至", "下降至", "降低至", "回落至", "回升至", "增长至", "降至",   "增长",
	"下降",   "提高",   "提升",   "降低",   "完成",   "实现",   "新增",   "新建",   "新开工",
	"开工",   "建成",   "改造",   "培育",   "实施",   "引进",   "签约",   "突破",   "超过",
	"减少",   "增加",   "累计",   "达",     "为",     "超",     "净增",   "稳定在",
};

static size_t strip_fillers(const char *s, size_t n, size_t i, size_t end)
{
	bool again = true;
	while (again && i < end) {
		again = false;
		if (scan_year_at(s, n, i) && i + 7 <= end) {
			i += 7;
			again = true;
			continue;
		}
		if (scan_at(s, n, i, "到") && scan_year_at(s, n, i + 3)) {
			i += 10;
			again = true;
			continue;
		}
		for (size_t k = 0; k < sizeof fillers / sizeof fillers[0]; k++) {
			if (s[i] != fillers[k][0])
				continue;
			size_t l = strlen(fillers[k]);
			if (i + l <= end && memcmp(s + i, fillers[k], l) == 0) {
				i += l;
				again = true;
				break;
			}
		}
	}
	return i < end ? i : end;
}

/* The last verb in [lo, hi): its start in *out_at; NULL when none. */
static const char *last_verb(const char *s, size_t n, size_t lo, size_t hi, size_t *out_at)
{
	const char *best = NULL;
	for (size_t j = lo; j < hi; j += u8_len_at(s, n, j))
		for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++) {
			if (s[j] != verbs[k][0] || (j + 1 < hi && s[j + 1] != verbs[k][1]))
				continue;
			size_t l = strlen(verbs[k]);
			if (j + l <= hi && memcmp(s + j, verbs[k], l) == 0) {
				if (scan_at(s, n, j + l, "值") || scan_at(s, n, j + l, "率"))
					break; /* 增加值, 增长率: nouns */
				best = verbs[k];
				*out_at = j;
				j += l - u8_len_at(s, n, j);
				break;
			}
		}
	return best;
}

/* Words that begin the predicate after a noun ("17个安置区全部开工"). */
static const char *const predicates[] = {
	"建设", "开工", "完成", "实现", "达到", "深入", "全部", "如期", "陆续", "开始", "获评",
	"入选", "列入", "签约", "落地", "集中", "组建", "纳入", "投入", "接通", "建成", "达标",
	"参与", "开展", "成功", "正式", "已",   "将",   "在",   "和",   "与",
};

/* A noun phrase after a count quantity ("17个城中村改造项目建设"): up to punctuation or
 * a predicate word, at most IND_MAX bytes. */
static size_t noun_after(const char *s, size_t n, size_t i, size_t ce)
{
	size_t j = i, lim = i + IND_MAX < ce ? i + IND_MAX : ce;
	while (j < lim) {
		uint32_t cp = 0;
		int l = u8_decode(s + j, n - j, &cp);
		bool stop = false;
		if (l <= 0 || (!u8_is_han(cp) && cp != 0x201C && cp != 0x201D) ||
		    scan_at(s, n, j, "的"))
			break;
		for (size_t k = 0; j > i && k < sizeof predicates / sizeof predicates[0]; k++)
			if (scan_at(s, n, j, predicates[k]))
				stop = true;
		if (stop || j + (size_t)l > lim)
			break;
		j += (size_t)l;
	}
	return j;
}

/* The display text of norm bytes [lo, hi), keeping at most the last IND_MAX bytes. */
static const char *dup_tail(const sctx_t *c, size_t lo, size_t hi)
{
	if (hi - lo > IND_MAX) {
		lo = hi - IND_MAX;
		while (lo < hi && ((unsigned char)c->s[lo] & 0xC0) == 0x80)
			lo++;
	}
	return text_display(c->t, c->d->arena, lo, hi, c->simplified);
}

/* Verbs that lead a noun phrase without measuring it ("建设改造高标准农田"): skipped,
 * like the measuring verbs, before the noun. */
static const char *const lead_verbs[] = { "建设", "推进", "打造", "加快", "培育", "提升" };

/* The length of the verb (measuring or leading) written at j, or 0. */
static size_t verb_len_at(const char *s, size_t hi, size_t j)
{
	for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++)
		if (scan_at(s, hi, j, verbs[k]))
			return strlen(verbs[k]);
	for (size_t k = 0; k < sizeof lead_verbs / sizeof lead_verbs[0]; k++)
		if (scan_at(s, hi, j, lead_verbs[k]))
			return strlen(lead_verbs[k]);
	return 0;
}

/* True when [lo, hi) is a run of verbs only ("改造", "建设改造"). */
static bool only_verbs(const char *s, size_t lo, size_t hi)
{
	while (lo < hi) {
		size_t l = verb_len_at(s, hi, lo);
		if (!l)
			return false;
		lo += l;
	}
	return true;
}

/* Scope words that belong to the indicator written around its verb ("城镇新增就业"). */
static bool is_scope(const char *s, size_t lo, size_t hi)
{
	static const char *const scopes[] = { "城镇", "农村", "城乡", "城市", "乡村",
					      "全市", "全省", "全县", "全区", "全国" };
	for (size_t k = 0; k < sizeof scopes / sizeof scopes[0]; k++)
		if (hi - lo == strlen(scopes[k]) && memcmp(s + lo, scopes[k], hi - lo) == 0)
			return true;
	return false;
}

/* The indicator [*io_lo, *io_hi) around the verb v at va in [lo, hi) (the text before the
 * amount): the noun before the verb ("生产总值增长" -> 生产总值); the noun after it when
 * verbs lead ("完成固定资产投资" -> 固定资产投资, "改造提升老旧小区" -> 老旧小区); the
 * whole phrase when a scope word precedes the verb ("城镇新增就业"); nothing when the
 * verb stands alone ("增长3.8%" measures what came before). */
static void verb_split(const char *s, size_t lo, size_t hi, const char *v, size_t va, size_t *io_lo,
		       size_t *io_hi)
{
	size_t vend = v ? va + strlen(v) : 0, l;
	bool noun_after = v && vend < hi && hi - vend >= 6;

	if (!v)
		return;
	if (va == lo && vend == hi) {
		*io_hi = *io_lo;
	} else if (noun_after && is_scope(s, lo, va)) {
		*io_hi = hi;
	} else if (noun_after && (va == lo || only_verbs(s, lo, va))) {
		*io_lo = vend;
		while ((l = verb_len_at(s, hi, *io_lo)) && hi - *io_lo - l >= 6)
			*io_lo += l; /* "培育建设创新平台" -> 创新平台 */
	} else if (va > lo) {
		*io_hi = va;
	}
}

/* Cuts a comparison base written inside the indicator ("增速比上半年加快" -> 增速). */
static void cut_comparison(const char *s, size_t n, size_t ilo, size_t *io_hi)
{
	static const char *const bases[] = { "比上", "比去", "比前", "比年初", "较上", "较去" };

	for (size_t j = ilo + 6; j + 6 <= *io_hi; j += u8_len_at(s, n, j))
		for (size_t k = 0; k < sizeof bases / sizeof bases[0]; k++)
			if (scan_at(s, *io_hi, j, bases[k])) {
				*io_hi = j;
				return;
			}
}

static int fill_indicator(sctx_t *c, size_t k, size_t cs, size_t ce, draft_stmt_t *st)
{
	const qty_t *q = &c->qv[k];
	const char *s = c->s;
	size_t n = c->n;
	/* a list "实验室10家、技术创新中心18家": each item starts after the one before */
	if (c->prev_qend > cs && c->prev_qend <= q->qstart) {
		cs = c->prev_qend;
		if (scan_at(s, n, cs, "、"))
			cs += 3;
	}
	size_t lo = strip_fillers(s, n, cs, q->qstart), hi = q->qstart, va = 0;
	const char *v = last_verb(s, n, lo, hi, &va);
	size_t ilo = lo, ihi = hi;

	st->verb = v ? v : "";
	verb_split(s, lo, hi, v, va, &ilo, &ihi);
	if (ihi > ilo && (scan_before(s, ihi, "的") || scan_before(s, ihi, "在")))
		ihi -= 3;
	/* trailing time and comparison words: "增加值年均增长" -> 增加值 */
	for (bool again = true; again;) {
		static const char *const tails[] = { "年均", "同比", "比上年", "比去年", "累计",
						     "全年", "分别", "将",     "已" };
		again = false;
		for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++)
			if (ihi - ilo > strlen(tails[t]) && scan_before(s, ihi, tails[t])) {
				ihi -= strlen(tails[t]);
				again = true;
			}
	}
	cut_comparison(s, n, ilo, &ihi);
	/* a count with its noun after it: "推进17个城中村改造项目", "省定20项民生工程";
	 * not after "过万亿", "超6.1万辆", where the amount closes the phrase */
	bool closes = q->qstart < q->start && q->qualifier &&
		      (strcmp(q->qualifier, "at_least") == 0 ||
		       strcmp(q->qualifier, "nearly") == 0 || strcmp(q->qualifier, "at_most") == 0);
	if ((q->unit[0] && !q->measure && !closes) || ihi - ilo <= 6) {
		/* "9方面28条230余项改革任务": the noun follows the whole run */
		size_t after = q->qend;
		for (size_t k2 = k; k2 + 1 < c->nq && c->qv[k2 + 1].qstart == after; k2++)
			after = c->qv[k2 + 1].qend;
		size_t e = noun_after(s, n, after, ce > after ? ce : after);
		if (e > after) {
			ilo = after;
			ihi = e;
		}
	}
	st->indicator = ihi > ilo ? dup_tail(c, ilo, ihi) : "";
	return st->indicator ? 0 : ERR_NOMEM;
}

/* ---- kind, qualifier, deadline ---------------------------------------------------- */

static int section_of(const sctx_t *c, int node)
{
	return node > 0 && c->sec ? c->sec[node - 1] : SEC_NONE;
}

static draft_kind_t decide_kind(const sctx_t *c, const qty_t *q, size_t cs, size_t ce, size_t ss,
				size_t se, int node)
{
	int m;
	/* "由32%下降到18.5%": the first amount is the baseline */
	if (scan_before(c->s, q->qstart, "由") || scan_before(c->s, q->qstart, "从"))
		return DRAFT_RESULT;
	int sec = section_of(c, node);
	if ((m = tense_nearest(&c->tx, cs, q->qstart, true, false, sec)) ||
	    (m = tense_nearest(&c->tx, q->qend, ce, false, false, sec)) ||
	    (m = tense_nearest(&c->tx, ss, cs, true, false, sec)) ||
	    (m = tense_nearest(&c->tx, ce, se, false, true, sec)))
		return m == MK_PAST ? DRAFT_RESULT : DRAFT_TARGET;
	if (sec)
		return sec == SEC_REVIEW ? DRAFT_RESULT : DRAFT_TARGET;
	size_t lo = ss > WIN_PARA ? ss - WIN_PARA : 0;
	const char *nl = ss > lo ? memrchr(c->s + lo, '\n', ss - lo) : NULL;
	size_t ps = nl ? (size_t)(nl - c->s) + 1 : lo;
	if ((m = tense_nearest(&c->tx, ps, ss, true, false, SEC_NONE)))
		return m == MK_PAST ? DRAFT_RESULT : DRAFT_TARGET;
	return DRAFT_TARGET;
}

/* The first deadline written in the sentence [ss, se): a year not before the plan year,
 * 年内 or 年底.  Kept for the sentence's other statements (the same string). */
static void fill_deadline(sctx_t *c, size_t ss, size_t se, draft_stmt_t *st)
{
	const char *s = c->s;

	if (!(c->fd_valid && c->fd_ss == ss && c->fd_se == se)) {
		c->fd_valid = true;
		c->fd_ss = ss;
		c->fd_se = se;
		c->fd_deadline = NULL;
		c->fd_year = 0;
		for (size_t j = ss; j < se; j += u8_len_at(s, c->n, j)) {
			int y = s[j] >= '0' && s[j] <= '9' ? scan_year_at(s, c->n, j) : 0;
			if (y && (!c->plan_year || y >= c->plan_year)) {
				c->fd_deadline = arena_printf(c->d->arena, "%d", y);
				c->fd_year = y;
				break;
			}
			if (scan_at(s, c->n, j, "年内") || scan_at(s, c->n, j, "年底")) {
				c->fd_deadline = scan_at(s, c->n, j, "年内") ? "年内" : "年底";
				break;
			}
		}
	}
	st->deadline = c->fd_deadline;
	st->year = c->fd_year;
}

/* A target without a deadline of its own takes the "到20XX年" written earlier in its
 * paragraph ("到2025年,…。培育…20家").  The cursor only moves forward: linear. */
static void para_deadline(sctx_t *c, size_t ss, draft_stmt_t *st)
{
	while (c->dl_cursor < ss) {
		size_t j = c->dl_cursor;
		const char *nl = memchr(c->s + j, '\n', ss - j), *p;
		size_t lim = nl ? (size_t)(nl - c->s) : ss;
		while ((p = memchr(c->s + j, 0xE5, lim - j))) { /* 到 is E5 88 B0 */
			j = (size_t)(p - c->s);
			if (scan_at(c->s, lim, j, "到")) {
				int y = scan_year_at(c->s, c->n, j + 3);
				if (y)
					c->dl_year = y;
			}
			j++;
		}
		if (nl)
			c->dl_year = 0;
		c->dl_cursor = nl ? lim + 1 : ss;
	}
	if (st->deadline || !c->dl_year || (c->plan_year && c->dl_year < c->plan_year))
		return;
	st->deadline = arena_printf(c->d->arena, "%d", c->dl_year);
	st->year = c->dl_year;
}

/* ---- the pass --------------------------------------------------------------------- */

static int emit(sctx_t *c, size_t k, int node)
{
	const qty_t *q = &c->qv[k];
	const char *s = c->s;
	size_t n = c->n;
	draft_stmt_t *st = DRAFT_PUSH(c->d, stmts);

	/* quantities of one clause (sentence) share it: find it once */
	if (!(q->qstart >= c->cs && q->qstart < c->ce && q->qend <= c->ce)) {
		c->cs = span_start(s, n, q->qstart, false, WIN_SENTENCE);
		c->ce = span_end(s, n, q->qend, false, WIN_SENTENCE);
		if (!(c->cs >= c->ss && c->ce <= c->se && c->cs < c->se)) {
			c->ss = span_start(s, n, c->cs, true, WIN_SENTENCE);
			c->se = span_end(s, n, c->ce, true, WIN_SENTENCE);
		}
	}
	size_t cs = c->cs, ce = c->ce, ss = c->ss, se = c->se;

	if (!st)
		return ERR_NOMEM;
	st->kind = decide_kind(c, q, cs, ce, ss, se, node);
	st->value = q->value;
	st->value_max = q->value_max;
	st->is_range = q->is_range;
	st->unit = qty_unit_display(q, c->t, c->d->arena, c->simplified);
	st->base_value = q->base_value;
	st->base_unit = q->base_unit;
	{ /* "3.5万元/亩": the base of a rate keeps its denominator */
		const char *slash = strchr(q->unit, '/');
		if (slash && !strchr(q->base_unit, '/') &&
		    !(st->base_unit = arena_printf(c->d->arena, "%s%s", q->base_unit, slash)))
			return ERR_NOMEM;
	}
	st->qualifier = q->qualifier;
	/* "1000万亩、400万吨以上": a trailing qualifier covers the whole list */
	if (!st->qualifier && k + 1 < c->nq && c->qv[k + 1].qstart == q->end + 3 &&
	    scan_at(s, n, q->end, "、") && c->qv[k + 1].qend > c->qv[k + 1].end)
		st->qualifier = c->qv[k + 1].qualifier;
	if (!st->qualifier)
		st->qualifier = tense_qualifier(&c->tx, ss, cs, q->qstart);
	st->node = node;
	if (!st->unit || fill_indicator(c, k, cs, ce, st))
		return ERR_NOMEM;
	/* "生产总值完成3880.3亿元,增长3.8%": the growth is of the amount before it */
	if (!*st->indicator && c->prev_ind && c->prev_pos >= ss)
		st->indicator = c->prev_ind;
	c->prev_ind = st->indicator;
	c->prev_pos = q->qstart;
	c->prev_qend = q->qend;
	if (st->kind == DRAFT_TARGET) {
		fill_deadline(c, ss, se, st);
		para_deadline(c, ss, st);
	}
	if (!st->year && c->plan_year)
		st->year = st->kind == DRAFT_RESULT && section_of(c, node) == SEC_REVIEW
				   ? c->plan_year - 1
				   : c->plan_year;
	/* statements of one clause share its text */
	if (!c->text || c->text_cs != cs || c->text_ce != ce) {
		c->text = text_display(c->t, c->d->arena, cs, ce, c->simplified);
		c->text_cs = cs;
		c->text_ce = ce;
	}
	st->text = c->text;
	if (!st->text)
		return ERR_NOMEM;
	st->span = text_span(c->t, cs, ce);
	st->value_span = text_span(c->t, q->start, q->end);
	return 0;
}

int stmt_extract(draft_t *d, const text_t *t, const extract_opts_t *o, err_t *e)
{
	sctx_t c = { 0 };
	qty_t *own = NULL;
	int rc;
	size_t gi = 0, ni = 0;

	c.d = d;
	c.t = t;
	c.s = t->z;
	c.n = t->n;
	c.simplified = o ? o->simplified : false;
	c.plan_year = detect_year(&c, o);
	if ((rc = sections_init(&c)))
		goto out;
	if ((rc = tense_index_build(&c.tx, c.s, c.n, c.plan_year)))
		goto out;
	if (t->qty) {
		c.qv = t->qty;
		c.nq = t->nqty;
	} else if ((rc = qty_collect(t->z, t->n, &own, &c.nq))) {
		goto out;
	} else {
		c.qv = own;
	}
	for (size_t k = 0; k < c.nq; k++) {
		const qty_t *q = &c.qv[k];
		int node = 0;
		while (gi < d->glossary.n && d->glossary.v[gi].norm_end <= q->start)
			gi++;
		if (gi < d->glossary.n && d->glossary.v[gi].norm_start <= q->start)
			continue; /* inside a glossary note */
		while (ni + 1 < d->nodes.n && d->nodes.v[ni + 1].norm_start <= q->start)
			ni++;
		if (ni < d->nodes.n && d->nodes.v[ni].norm_start <= q->start)
			node = d->nodes.v[ni].id;
		if ((rc = emit(&c, k, node)))
			goto out;
	}
out:
	mem_free(own);
	tense_index_free(&c.tx);
	if (rc == ERR_NOMEM)
		err_set(e, rc, "stmt_extract: out of memory after %zu statements", d->stmts.n);
	return rc;
}
