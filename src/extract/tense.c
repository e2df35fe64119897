/* tense.c — the tense markers and clause-wide qualifier words of the norm text, for the
 * statement stage (see tense.h).  Single-character markers are checked against the
 * words they commonly sit in (主要, 为了, 将近 ...); years count against the plan year. */
#include "extract/tense.h"

#include "base/err.h"
#include "base/mem.h"
#include "extract/scan.h"
#include "extract/u8.h"

#include <stdint.h>
#include <string.h>

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

/* True when the character cp begins some marker: a cheap filter before the table,
 * run on every character of the text. */
static bool marker_lead(uint32_t cp)
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
static int marker_at(const tense_index_t *c, size_t i, bool strong_only)
{
	const char *s = c->s;
	size_t n = c->n;
	int y = scan_year_at(s, n, i);

	if (y && strong_only)
		return MK_NONE;
	if (y && c->plan_year) {
		bool to = scan_before(s, i, "到") || scan_at(s, n, i + 7, "前");
		if (y > c->plan_year || (to && y >= c->plan_year))
			return MK_FUTURE;
		if (y < c->plan_year)
			return MK_PAST;
		return MK_NONE;
	}
	if (y && scan_before(s, i, "到"))
		return MK_FUTURE;
	if (((unsigned char)s[i] & 0xF0) != 0xE0 || i + 3 > n || !marker_lead(u8_cp3(s + i)))
		return MK_NONE;
	for (size_t k = 0; k < sizeof markers / sizeof markers[0]; k++) {
		const char *w = markers[k].w;
		if (!scan_at(s, n, i, w))
			continue;
		if (strong_only && !markers[k].strong)
			return MK_NONE;
		if (strcmp(w, "要") == 0 &&
		    (scan_before(s, i, "主") || scan_before(s, i, "重") ||
		     scan_before(s, i, "需") || scan_before(s, i, "必") ||
		     scan_before(s, i, "纲") || scan_before(s, i, "首") ||
		     scan_before(s, i, "摘") || scan_before(s, i, "概") ||
		     scan_at(s, n, i + 3, "素") || scan_at(s, n, i + 3, "点") ||
		     scan_at(s, n, i + 3, "件") || scan_at(s, n, i + 3, "闻")))
			return MK_NONE;
		if (strcmp(w, "了") == 0 && (scan_before(s, i, "为") || scan_before(s, i, "除") ||
					     scan_at(s, n, i + 3, "解")))
			return MK_NONE;
		if (strcmp(w, "将") == 0 && scan_at(s, n, i + 3, "近"))
			return MK_NONE;
		/* "占年度计划的102%", "完成计划": the plan as a yardstick of what was done */
		if (strcmp(w, "计划") == 0 &&
		    (scan_before(s, i, "年度") || scan_before(s, i, "占") ||
		     scan_before(s, i, "超") || scan_before(s, i, "完成") ||
		     scan_at(s, n, i + 6, "的")))
			return MK_NONE;
		if (strcmp(w, "共有") == 0 && scan_at(s, n, i + 6, "产权"))
			return MK_NONE; /* 共有产权房 */
		/* "比上年增长": the base of a comparison, not the time of the amount */
		if ((strcmp(w, "上年") == 0 || strcmp(w, "去年") == 0) &&
		    (scan_before(s, i, "比") || scan_before(s, i, "较") ||
		     scan_before(s, i, "于") || scan_before(s, i, "同")))
			return MK_NONE;
		/* "2022年底" is decided by its year; "截至年底" is past */
		if (strcmp(w, "年底") == 0 || strcmp(w, "年内") == 0) {
			if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
				return MK_NONE;
			if (scan_before(s, i, "截至") || scan_before(s, i, "截止"))
				return MK_PAST;
		}
		/* "完成国家目标": a target met */
		if (strcmp(w, "目标") == 0 &&
		    (scan_before(s, i, "实现") || scan_before(s, i, "完成") ||
		     (i >= 6 && (scan_before(s, i - 6, "完成") || scan_before(s, i - 6, "实现")))))
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
static int qual_index(tense_index_t *c, size_t j)
{
	for (size_t k = 0; k < sizeof qual_words / sizeof qual_words[0]; k++) {
		if (!scan_at(c->s, c->n, j, qual_words[k].w))
			continue;
		if (c->nqw == c->capqw) {
			size_t cap = c->capqw ? c->capqw * 2 : 64;
			tense_qual_t *nv = mem_realloc(c->qw, cap * sizeof *nv);
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

int tense_index_build(tense_index_t *c, const char *s, size_t n, int plan_year)
{
	memset(c, 0, sizeof *c);
	c->s = s;
	c->n = n;
	c->plan_year = plan_year;
	for (size_t j = 0; j < c->n;) {
		unsigned char b = (unsigned char)c->s[j];
		int m = MK_NONE;
		if (b >= '0' && b <= '9') {
			m = marker_at(c, j, false);
		} else if ((b & 0xF0) == 0xE0 && j + 3 <= c->n) {
			uint32_t cp = u8_cp3(c->s + j);
			if (marker_lead(cp))
				m = marker_at(c, j, false);
			/* the lead characters of the qualifier words: 力 确 至 不 最 */
			if ((cp == 0x529B || cp == 0x786E || cp == 0x81F3 || cp == 0x4E0D ||
			     cp == 0x6700) &&
			    qual_index(c, j))
				return ERR_NOMEM;
			if (!m) {
				j += 3;
				continue;
			}
		}
		if (m) {
			if (c->nmk == c->capmk) {
				size_t cap = c->capmk ? c->capmk * 2 : 256;
				tense_mark_t *nv = mem_realloc(c->mk, cap * sizeof *nv);
				if (!nv)
					return ERR_NOMEM;
				c->mk = nv;
				c->capmk = cap;
			}
			c->mk[c->nmk].pos = j;
			c->mk[c->nmk].kind = (unsigned char)m;
			c->mk[c->nmk].strong = marker_at(c, j, true) != MK_NONE;
			c->mk[c->nmk].cls =
				(scan_at(c->s, c->n, j, "将") || scan_at(c->s, c->n, j, "要"))
					? MC_AMBIGUOUS
				: scan_at(c->s, c->n, j, "同比") ? MC_NOSECTION
								 : MC_PLAIN;
			c->nmk++;
		}
		j += b < 0x80 ? 1 : u8_len_at(c->s, c->n, j);
	}
	return 0;
}

/* Index of the first marker at or after pos. */
static size_t marker_lower(const tense_index_t *c, size_t pos)
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

/* Does marker m count in a section of kind sec? */
static bool marker_counts(const tense_mark_t *m, int sec)
{
	return !((m->cls == MC_AMBIGUOUS && sec == SEC_REVIEW) ||
		 (m->cls == MC_NOSECTION && sec != SEC_NONE));
}

int tense_nearest(const tense_index_t *c, size_t lo, size_t hi, bool back, bool strong, int sec)
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

const char *tense_qualifier(const tense_index_t *c, size_t ss, size_t cs, size_t q0)
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
		const tense_qual_t *w = &c->qw[--lo];
		if (!w->clause_only || w->pos >= cs)
			return w->q;
	}
	return NULL;
}

void tense_index_free(tense_index_t *x)
{
	mem_free(x->mk);
	mem_free(x->qw);
	x->mk = NULL;
	x->qw = NULL;
	x->nmk = x->nqw = 0;
}
