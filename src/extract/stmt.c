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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SEC_NONE = 0, SEC_REVIEW = 1, SEC_PLAN = 2 };
enum { MK_NONE = 0, MK_FUTURE = 1, MK_PAST = 2 };
/* MC_AMBIGUOUS: 将/要 also mark an object or a wish ("将…纳入"): not counted in a review.
 * MC_NOSECTION: 同比 measures, but plans also say "同比增长15%": counted only outside a
 * review or plan section. */
enum { MC_PLAIN = 0, MC_AMBIGUOUS = 1, MC_NOSECTION = 2 };

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
	const qty_t *qv; /* every quantity of the text, in order */
	size_t nq;
	struct mpos { /* every tense marker of the text, in order (one pass) */
		size_t pos;
		unsigned char kind;
		bool strong;
		unsigned char cls; /* MC_* */
	} * mk;
	size_t nmk, capmk;
	struct qpos { /* every clause-wide qualifier word (力争, 确保, 至少 ...), in order */
		size_t pos;
		const char *q;
		bool clause_only; /* 至少 and the like govern their clause, not the sentence */
	} * qw;
	size_t nqw, capqw;
	size_t cs, ce, ss, se; /* the last clause and sentence, reused by its neighbours */
	const char *prev_ind;  /* the previous statement's indicator and position */
	size_t prev_pos, prev_qend;
	const char *text; /* the display text of the clause [text_cs, text_ce) */
	size_t text_cs, text_ce;
	size_t dl_cursor; /* para_deadline's scan position and the year it last saw */
	int dl_year;
} sctx_t;

/* True when the word w is written at byte i.  The first two bytes are compared before
 * anything else: this is the innermost test of every scan. */
static inline bool at(const char *s, size_t n, size_t i, const char *w)
{
	if (i >= n || s[i] != w[0])
		return false;
	if (w[1] == '\0')
		return true;
	if (i + 1 >= n || s[i + 1] != w[1])
		return false;
	size_t k = strlen(w);
	return i + k <= n && memcmp(s + i, w, k) == 0;
}

static inline bool before(const char *s, size_t i, const char *w)
{
	size_t k = strlen(w);
	return i >= k && s[i - 1] == w[k - 1] && memcmp(s + i - k, w, k) == 0;
}

/* 4-digit year written at i ("2023年"), or 0. */
static int year_at(const char *s, size_t n, size_t i)
{
	int y = 0;
	if (i + 7 > n)
		return 0;
	for (size_t k = 0; k < 4; k++) {
		if (s[i + k] < '0' || s[i + k] > '9')
			return 0;
		y = y * 10 + (s[i + k] - '0');
	}
	if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		return 0;
	if (!at(s, n, i + 4, "年") || y < 1949 || y > 2100)
		return 0;
	return y;
}

/* ---- clause and sentence bounds --------------------------------------------------- */

static bool is_sentence_end(const char *s, size_t n, size_t i)
{
	return s[i] == '\n' || at(s, n, i, "。") || s[i] == ';' || at(s, n, i, "；") ||
	       s[i] == '!' || s[i] == '?' || at(s, n, i, "！") || at(s, n, i, "？");
}

static bool is_clause_end(const char *s, size_t n, size_t i)
{
	return is_sentence_end(s, n, i) || s[i] == ',' || at(s, n, i, "，") || s[i] == ':' ||
	       at(s, n, i, "：");
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

/* ---- tense markers ---------------------------------------------------------------- */

typedef struct marker {
	const char *w;
	int kind;
	bool strong; /* also counts when written after the amount, later in the sentence */
} marker_t;

static const marker_t markers[] = {
	{ "力争", MK_FUTURE, true },  { "确保", MK_FUTURE, true },   { "计划", MK_FUTURE, true },
	{ "预计", MK_FUTURE, true },  { "目标", MK_FUTURE, false },  { "有望", MK_FUTURE, true },
	{ "年内", MK_FUTURE, false }, { "年底", MK_FUTURE, false },  { "今年", MK_FUTURE, false },
	{ "明年", MK_FUTURE, false }, { "争取", MK_FUTURE, true },   { "力求", MK_FUTURE, true },
	{ "预期", MK_FUTURE, false }, { "下一步", MK_FUTURE, true }, { "将", MK_FUTURE, true },
	{ "要", MK_FUTURE, false },   { "拟", MK_FUTURE, true },     { "已经", MK_PAST, true },
	{ "已", MK_PAST, true },      { "累计", MK_PAST, false },    { "现有", MK_PAST, false },
	{ "去年", MK_PAST, false },   { "上年", MK_PAST, false },    { "过去", MK_PAST, false },
	{ "获评", MK_PAST, false },   { "截至", MK_PAST, false },    { "截止", MK_PAST, false },
	{ "目前", MK_PAST, false },   { "了", MK_PAST, true },       { "以来", MK_PAST, false },
	{ "同比", MK_PAST, false },   { "共有", MK_PAST, false },    { "拥有", MK_PAST, false },
	{ "位居", MK_PAST, false },   { "荣获", MK_PAST, false },
};

/* True when the character at i begins some marker: a cheap filter before the table,
 * run on every character of the text. */
static bool marker_lead(const char *s, size_t n, size_t i)
{
	/* 上下了争今以位共力去同将已年截拟拥明有现目确累荣获要计过预, sorted */
	static const uint32_t lead[] = { 0x4E0A, 0x4E0B, 0x4E86, 0x4E89, 0x4ECA, 0x4EE5,
					 0x4F4D, 0x5171, 0x529B, 0x53BB, 0x540C, 0x5C06,
					 0x5DF2, 0x5E74, 0x622A, 0x62DF, 0x62E5, 0x660E,
					 0x6709, 0x73B0, 0x76EE, 0x786E, 0x7D2F, 0x8363,
					 0x83B7, 0x8981, 0x8BA1, 0x8FC7, 0x9884 };
	/* Bit (cp & 255) is set for every lead above: most characters fail this test and
	 * skip the binary search (generated from the table; keep in step with it). */
	static const uint64_t low8[4] = { 0x0000840000005E40ULL, 0x0012400800002000ULL,
					  0x0881000208000252ULL, 0x0004402080000480ULL };
	size_t lo = 0, hi = sizeof lead / sizeof lead[0];

	if (i + 3 > n || ((unsigned char)s[i] & 0xF0) != 0xE0)
		return false;
	uint32_t cp = ((uint32_t)((unsigned char)s[i] & 0x0F) << 12) |
		      ((uint32_t)((unsigned char)s[i + 1] & 0x3F) << 6) |
		      ((unsigned char)s[i + 2] & 0x3F);
	if (!((low8[(cp & 255) >> 6] >> (cp & 63)) & 1))
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (lead[mid] == cp)
			return true;
		if (lead[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* The marker at i, or MK_NONE; single-character markers inside common words do not
 * count (主要, 需要, 为了, 了解 ...). */
static int marker_at(const sctx_t *c, size_t i, bool strong_only)
{
	const char *s = c->s;
	size_t n = c->n;
	int y = year_at(s, n, i);

	if (y && strong_only)
		return MK_NONE;
	if (y && c->plan_year) {
		bool to = before(s, i, "到") || at(s, n, i + 7, "前");
		if (y > c->plan_year || (to && y >= c->plan_year))
			return MK_FUTURE;
		if (y < c->plan_year)
			return MK_PAST;
		return MK_NONE;
	}
	if (y && before(s, i, "到"))
		return MK_FUTURE;
	if ((unsigned char)s[i] < 0xE0 || !marker_lead(s, n, i))
		return MK_NONE;
	for (size_t k = 0; k < sizeof markers / sizeof markers[0]; k++) {
		const char *w = markers[k].w;
		if (!at(s, n, i, w))
			continue;
		if (strong_only && !markers[k].strong)
			return MK_NONE;
		if (strcmp(w, "要") == 0 &&
		    (before(s, i, "主") || before(s, i, "重") || before(s, i, "需") ||
		     before(s, i, "必") || before(s, i, "纲") || before(s, i, "首") ||
		     before(s, i, "摘") || before(s, i, "概") || at(s, n, i + 3, "素") ||
		     at(s, n, i + 3, "点") || at(s, n, i + 3, "件") || at(s, n, i + 3, "闻")))
			return MK_NONE;
		if (strcmp(w, "了") == 0 &&
		    (before(s, i, "为") || before(s, i, "除") || at(s, n, i + 3, "解")))
			return MK_NONE;
		if (strcmp(w, "将") == 0 && at(s, n, i + 3, "近"))
			return MK_NONE;
		if (strcmp(w, "共有") == 0 && at(s, n, i + 6, "产权"))
			return MK_NONE; /* 共有产权房 */
		/* "比上年增长": the base of a comparison, not the time of the amount */
		if ((strcmp(w, "上年") == 0 || strcmp(w, "去年") == 0) &&
		    (before(s, i, "比") || before(s, i, "较") || before(s, i, "于") ||
		     before(s, i, "同")))
			return MK_NONE;
		/* "2022年底" is decided by its year; "截至年底" is past */
		if (strcmp(w, "年底") == 0 || strcmp(w, "年内") == 0) {
			if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
				return MK_NONE;
			if (before(s, i, "截至") || before(s, i, "截止"))
				return MK_PAST;
		}
		/* "完成国家目标": a target met */
		if (strcmp(w, "目标") == 0 &&
		    (before(s, i, "实现") || before(s, i, "完成") ||
		     (i >= 6 && (before(s, i - 6, "完成") || before(s, i - 6, "实现")))))
			return MK_PAST;
		return markers[k].kind;
	}
	return MK_NONE;
}

static const struct qual_word {
	const char *w, *q;
	bool clause_only;
} qual_words[] = {
	{ "力争", "strive", false },    { "确保", "guarantee", false },
	{ "至少", "at_least", true },   { "不少于", "at_least", true },
	{ "不低于", "at_least", true }, { "不超过", "at_most", true },
	{ "最多", "at_most", true },
};

/* Records the clause-wide qualifier word at j, if any.  0 or ERR_NOMEM. */
static int qual_index(sctx_t *c, size_t j)
{
	/* lead characters 力 确 至 不 最, compared as UTF-8 */
	static const char lead[] = "力确至不最";
	bool hit = false;
	if (j + 3 > c->n)
		return 0;
	for (size_t k = 0; k + 3 <= sizeof lead - 1 && !hit; k += 3)
		hit = c->s[j] == lead[k] && c->s[j + 1] == lead[k + 1] &&
		      c->s[j + 2] == lead[k + 2];
	if (!hit)
		return 0;
	for (size_t k = 0; k < sizeof qual_words / sizeof qual_words[0]; k++) {
		if (!at(c->s, c->n, j, qual_words[k].w))
			continue;
		if (c->nqw == c->capqw) {
			size_t cap = c->capqw ? c->capqw * 2 : 64;
			struct qpos *nv = mem_realloc(c->qw, cap * sizeof *nv);
			if (!nv)
				return ERR_NOMEM;
			c->qw = nv;
			c->capqw = cap;
		}
		c->qw[c->nqw].pos = j;
		c->qw[c->nqw].q = qual_words[k].q;
		c->qw[c->nqw].clause_only = qual_words[k].clause_only;
		c->nqw++;
		return 0;
	}
	return 0;
}

/* Indexes every marker of the text once, so that each statement's look-around is a
 * binary search instead of a rescan of its sentence. */
static int markers_index(sctx_t *c)
{
	for (size_t j = 0; j < c->n;) {
		unsigned char b = (unsigned char)c->s[j];
		int m = MK_NONE;
		if ((b >= 0xE0 && marker_lead(c->s, c->n, j)) || (b >= '0' && b <= '9'))
			m = marker_at(c, j, false);
		if (b == 0xE5 || b == 0xE7 || b == 0xE8 || b == 0xE4 || b == 0xE6) {
			/* 力 E5 8A 9B, 确 E7 A1 AE, 至 E8 87 B3, 不 E4 B8 8D, 最 E6 9C 80 */
			if (qual_index(c, j))
				return ERR_NOMEM;
		}
		if (m) {
			if (c->nmk == c->capmk) {
				size_t cap = c->capmk ? c->capmk * 2 : 256;
				struct mpos *nv = mem_realloc(c->mk, cap * sizeof *nv);
				if (!nv)
					return ERR_NOMEM;
				c->mk = nv;
				c->capmk = cap;
			}
			c->mk[c->nmk].pos = j;
			c->mk[c->nmk].kind = (unsigned char)m;
			c->mk[c->nmk].strong = marker_at(c, j, true) != MK_NONE;
			c->mk[c->nmk].cls = (at(c->s, c->n, j, "将") || at(c->s, c->n, j, "要"))
						    ? MC_AMBIGUOUS
					    : at(c->s, c->n, j, "同比") ? MC_NOSECTION
									: MC_PLAIN;
			c->nmk++;
		}
		j += b < 0x80 ? 1 : u8_len_at(c->s, c->n, j);
	}
	return 0;
}

/* Index of the first marker at or after pos. */
static size_t marker_lower(const sctx_t *c, size_t pos)
{
	size_t lo = 0, hi = c->nmk;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->mk[mid].pos < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Nearest marker starting in [lo, hi): the last one when back, else the first (only
 * strong ones when strong; ambiguous ones only when amb). */
static bool marker_counts(const struct mpos *m, int sec)
{
	return !((m->cls == MC_AMBIGUOUS && sec == SEC_REVIEW) ||
		 (m->cls == MC_NOSECTION && sec != SEC_NONE));
}

static int nearest_marker(const sctx_t *c, size_t lo, size_t hi, bool back, bool strong, int sec)
{
	if (lo >= hi)
		return MK_NONE;
	size_t k = marker_lower(c, back ? hi : lo);
	if (back) {
		for (; k > 0 && c->mk[k - 1].pos >= lo; k--)
			if (marker_counts(&c->mk[k - 1], sec))
				return c->mk[k - 1].kind;
		return MK_NONE;
	}
	for (; k < c->nmk && c->mk[k].pos < hi; k++)
		if ((!strong || c->mk[k].strong) && marker_counts(&c->mk[k], sec))
			return c->mk[k].kind;
	return MK_NONE;
}

/* ---- sections --------------------------------------------------------------------- */

static int title_section(const sctx_t *c, const draft_node_t *nd)
{
	const char *s = c->s;
	size_t i = nd->norm_start, end = nd->norm_end < c->n ? nd->norm_end : c->n;
	static const char *const review[] = { "回顾",       "过去一年", "过去的一年", "过去五年",
					      "过去的五年", "主要成绩", "去年工作",   "工作成效",
					      "主要成效",   "完成情况", "工作总结",   "进展情况" };
	static const char *const plan[] = { "主要工作", "预期目标", "工作安排", "重点工作",
					    "主要任务", "重点任务", "今年工作", "目标任务",
					    "今年",     "下一步",   "总体要求" };
	size_t lim = i + 240 < end ? i + 240 : end;

	for (size_t j = i; j < lim && s[j] != '\n'; j += u8_len_at(s, c->n, j)) {
		for (size_t k = 0; k < sizeof review / sizeof review[0]; k++)
			if (at(s, c->n, j, review[k]))
				return SEC_REVIEW;
		for (size_t k = 0; k < sizeof plan / sizeof plan[0]; k++)
			if (at(s, c->n, j, plan[k]))
				return SEC_PLAN;
		int y = year_at(s, c->n, j);
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
			int y = year_at(title, tn, j);
			if (y)
				return y;
		}
	}
	/* the first year of the opening lines, when it names a plan or a report */
	size_t lim = c->n < 800 ? c->n : 800;
	for (size_t j = 0; j + 7 <= lim; j++) {
		int y = year_at(c->s, c->n, j);
		if (y && (at(c->s, c->n, j + 7, "政府工作报告") ||
			  at(c->s, c->n, j + 7, "主要工作") || at(c->s, c->n, j + 7, "工作要点") ||
			  at(c->s, c->n, j + 7, "工作计划") || at(c->s, c->n, j + 7, "计划")))
			return y;
		/* "2023年1月30日在…人民代表大会上": a report given early in its year */
		if (y && (at(c->s, c->n, j + 7, "1月") || at(c->s, c->n, j + 7, "2月")) &&
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
	"增长",   "下降",   "提高",   "提升",   "降低",   "完成",   "实现",   "新增",   "新建",
	"新开工", "开工",   "建成",   "改造",   "培育",   "实施",   "引进",   "签约",   "突破",
	"超过",   "减少",   "增加",   "累计",   "达",     "为",     "超",
};

static size_t strip_fillers(const char *s, size_t n, size_t i, size_t end)
{
	bool again = true;
	while (again && i < end) {
		again = false;
		if (year_at(s, n, i) && i + 7 <= end) {
			i += 7;
			again = true;
			continue;
		}
		if (at(s, n, i, "到") && year_at(s, n, i + 3)) {
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
				if (at(s, n, j + l, "值") || at(s, n, j + l, "率"))
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
		if (l <= 0 || (!utf8_is_han(cp) && cp != 0x201C && cp != 0x201D) ||
		    at(s, n, j, "的"))
			break;
		for (size_t k = 0; j > i && k < sizeof predicates / sizeof predicates[0]; k++)
			if (at(s, n, j, predicates[k]))
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

static int fill_indicator(sctx_t *c, size_t k, size_t cs, size_t ce, draft_stmt_t *st)
{
	const qty_t *q = &c->qv[k];
	const char *s = c->s;
	size_t n = c->n;
	/* a list "实验室10家、技术创新中心18家": each item starts after the one before */
	if (c->prev_qend > cs && c->prev_qend <= q->qstart) {
		cs = c->prev_qend;
		if (at(s, n, cs, "、"))
			cs += 3;
	}
	size_t lo = strip_fillers(s, n, cs, q->qstart), hi = q->qstart, va = 0;
	const char *v = last_verb(s, n, lo, hi, &va);
	size_t ilo = lo, ihi = hi;

	st->verb = v ? v : "";
	if (v && va > lo)
		ihi = va; /* "生产总值增长" -> 生产总值 */
	else if (v && va == lo && lo + strlen(v) == hi)
		ihi = ilo; /* the verb alone: "增长3.8%" measures what came before */
	if (ihi > ilo && (before(s, ihi, "的") || before(s, ihi, "在")))
		ihi -= 3;
	/* trailing time and comparison words: "增加值年均增长" -> 增加值 */
	for (bool again = true; again;) {
		static const char *const tails[] = { "年均", "同比", "比上年", "比去年", "累计",
						     "全年", "分别", "将",     "已" };
		again = false;
		for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++)
			if (ihi - ilo > strlen(tails[t]) && before(s, ihi, tails[t])) {
				ihi -= strlen(tails[t]);
				again = true;
			}
	}
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
	if (before(c->s, q->qstart, "由") || before(c->s, q->qstart, "从"))
		return DRAFT_RESULT;
	int sec = section_of(c, node);
	if ((m = nearest_marker(c, cs, q->qstart, true, false, sec)) ||
	    (m = nearest_marker(c, q->qend, ce, false, false, sec)) ||
	    (m = nearest_marker(c, ss, cs, true, false, sec)) ||
	    (m = nearest_marker(c, ce, se, false, true, sec)))
		return m == MK_PAST ? DRAFT_RESULT : DRAFT_TARGET;
	if (sec)
		return sec == SEC_REVIEW ? DRAFT_RESULT : DRAFT_TARGET;
	size_t lo = ss > WIN_PARA ? ss - WIN_PARA : 0;
	const char *nl = ss > lo ? memrchr(c->s + lo, '\n', ss - lo) : NULL;
	size_t ps = nl ? (size_t)(nl - c->s) + 1 : lo;
	if ((m = nearest_marker(c, ps, ss, true, false, SEC_NONE)))
		return m == MK_PAST ? DRAFT_RESULT : DRAFT_TARGET;
	return DRAFT_TARGET;
}

/* 力争/确保 govern every amount of their clause or sentence; 至少 and the like every
 * amount of their clause ("每年至少培育10家").  The nearest word written before q0 wins. */
static const char *clause_qualifier(const sctx_t *c, size_t ss, size_t cs, size_t q0)
{
	size_t lo = 0, hi = c->nqw;
	while (lo < hi) { /* first word at or after q0 */
		size_t mid = lo + (hi - lo) / 2;
		if (c->qw[mid].pos < q0)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo > 0 && c->qw[lo - 1].pos >= ss) {
		const struct qpos *w = &c->qw[--lo];
		if (!w->clause_only || w->pos >= cs)
			return w->q;
	}
	return NULL;
}

static void fill_deadline(sctx_t *c, size_t ss, size_t se, draft_stmt_t *st)
{
	const char *s = c->s;
	for (size_t j = ss; j < se; j += u8_len_at(s, c->n, j)) {
		int y = year_at(s, c->n, j);
		if (y && (!c->plan_year || y >= c->plan_year)) {
			char *dl = arena_printf(c->d->arena, "%d", y);
			st->deadline = dl;
			st->year = y;
			return;
		}
		if (at(s, c->n, j, "年内")) {
			st->deadline = "年内";
			return;
		}
		if (at(s, c->n, j, "年底")) {
			st->deadline = "年底";
			return;
		}
	}
}

/* A target without a deadline of its own takes the "到20XX年" written earlier in its
 * paragraph ("到2025年,…。培育…20家").  The cursor only moves forward: linear. */
static void para_deadline(sctx_t *c, size_t ss, draft_stmt_t *st)
{
	while (c->dl_cursor < ss) {
		size_t j = c->dl_cursor;
		const char *nl = memchr(c->s + j, '\n', ss - j), *p;
		size_t lim = nl ? (size_t)(nl - c->s) : ss;
		while ((p = memmem(c->s + j, lim - j, "到", 3))) {
			int y = year_at(c->s, c->n, (size_t)(p - c->s) + 3);
			if (y)
				c->dl_year = y;
			j = (size_t)(p - c->s) + 3;
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
	    at(s, n, q->end, "、") && c->qv[k + 1].qend > c->qv[k + 1].end)
		st->qualifier = c->qv[k + 1].qualifier;
	if (!st->qualifier)
		st->qualifier = clause_qualifier(c, ss, cs, q->qstart);
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
	if ((rc = markers_index(&c)))
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
	mem_free(c.mk);
	mem_free(c.qw);
	if (rc == ERR_NOMEM)
		err_set(e, rc, "stmt_extract: out of memory after %zu statements", d->stmts.n);
	return rc;
}
