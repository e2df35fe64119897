/* quantity.c — the quantity scanner (see quantity.h).
 *
 * Written by hand rather than with a regex library: the rules are contextual (what
 * precedes and follows a number decides whether it is a year, an ordinal, a formula or a
 * name), Chinese numerals need their own arithmetic, and the scanner sits on the hot path
 * of every import.  One pass over the code points; each number looks at a bounded window
 * around itself, so the scan is linear in the text. */
#include "extract/quantity.h"

#include "base/utf8.h"
#include "extract/u8.h"
#include "extract/scan.h"

#include <pthread.h>
#include <string.h>

enum { U_MEASURE = 0, U_COUNT = 1, U_GENERIC = 2 };

typedef struct unit_def {
	const char *s;
	const char *base;
	double factor;
	int cls;
} unit_def_t;

/* Longest first where one is a prefix of another (the lookup takes the first match). */
/* (kept three to a line: clang-format would spend a line on each) */
// clang-format off
static const unit_def_t units[] = {
	{ "个百分点", "pp", 1, U_MEASURE }, { "百分点", "pp", 1, U_MEASURE }, { "%", "%", 1, U_MEASURE },
	{ "‰", "‰", 1, U_MEASURE }, { "倍", "倍", 1, U_MEASURE }, { "元/平方米", "元/平方米", 1, U_MEASURE },
	{ "元/吨", "元/吨", 1, U_MEASURE }, { "元/人", "元/人", 1, U_MEASURE }, { "元", "元", 1, U_MEASURE },
	{ "美元", "美元", 1, U_MEASURE }, { "欧元", "欧元", 1, U_MEASURE }, { "平方公里", "平方米", 1e6, U_MEASURE },
	{ "平方千米", "平方米", 1e6, U_MEASURE }, { "平方米", "平方米", 1, U_MEASURE }, { "立方米", "立方米", 1, U_MEASURE },
	{ "公顷", "平方米", 1e4, U_MEASURE }, { "亩", "亩", 1, U_MEASURE }, { "公里", "米", 1e3, U_MEASURE },
	{ "千米", "米", 1e3, U_MEASURE }, { "延米", "米", 1, U_MEASURE }, { "米", "米", 1, U_MEASURE },
	{ "吨", "吨", 1, U_MEASURE }, { "斤", "斤", 1, U_MEASURE }, { "微克/立方米", "微克/立方米", 1, U_MEASURE },
	{ "毫克/升", "毫克/升", 1, U_MEASURE }, { "公斤", "千克", 1, U_MEASURE }, { "千克", "千克", 1, U_MEASURE },
	{ "千瓦时", "千瓦时", 1, U_MEASURE }, { "千瓦", "千瓦", 1, U_MEASURE }, { "兆瓦", "千瓦", 1e3, U_MEASURE },
	{ "千伏安", "千伏安", 1, U_MEASURE }, { "千伏", "千伏", 1, U_MEASURE }, { "标准箱", "标准箱", 1, U_MEASURE },
	{ "人次", "人次", 1, U_COUNT }, { "件次", "件次", 1, U_COUNT }, { "场次", "场次", 1, U_COUNT },
	{ "架次", "架次", 1, U_COUNT }, { "户次", "户次", 1, U_COUNT }, { "人", "人", 1, U_COUNT },
	{ "家", "家", 1, U_COUNT }, { "所", "所", 1, U_COUNT }, { "座", "座", 1, U_COUNT },
	{ "名", "名", 1, U_COUNT }, { "户", "户", 1, U_COUNT }, { "套", "套", 1, U_COUNT },
	{ "辆", "辆", 1, U_COUNT }, { "台", "台", 1, U_COUNT }, { "张", "张", 1, U_GENERIC },
	{ "间", "间", 1, U_COUNT }, { "处", "处", 1, U_COUNT }, { "床", "床", 1, U_COUNT },
	{ "栋", "栋", 1, U_COUNT }, { "幢", "幢", 1, U_COUNT }, { "块", "块", 1, U_COUNT },
	{ "部", "部", 1, U_COUNT }, { "件", "件", 1, U_COUNT }, { "场", "场", 1, U_GENERIC },
	{ "株", "株", 1, U_COUNT }, { "棵", "棵", 1, U_COUNT }, { "头", "头", 1, U_COUNT },
	{ "只", "只", 1, U_COUNT }, { "艘", "艘", 1, U_COUNT }, { "架", "架", 1, U_COUNT },
	{ "岁", "岁", 1, U_COUNT }, { "天", "天", 1, U_COUNT }, { "小时", "小时", 1, U_COUNT },
	{ "个工作日", "工作日", 1, U_COUNT }, { "工作日", "工作日", 1, U_COUNT }, { "位", "位", 1, U_GENERIC },
	{ "个", "个", 1, U_GENERIC }, { "项", "项", 1, U_GENERIC }, { "條", "条", 1, U_GENERIC },
	{ "条", "条", 1, U_GENERIC }, { "項", "项", 1, U_GENERIC }, { "批", "批", 1, U_GENERIC },
	{ "类", "类", 1, U_GENERIC }, { "大", "大", 1, U_GENERIC }, { "方面", "方面", 1, U_GENERIC },
	{ "方", "方", 1, U_GENERIC }, { "种", "种", 1, U_GENERIC }, { "次", "次", 1, U_GENERIC },
	{ "支", "支", 1, U_GENERIC }, { "片", "片", 1, U_GENERIC },
};
// clang-format on

typedef struct mag_def {
	const char *s;
	double factor;
} mag_def_t;

static const mag_def_t mags[] = {
	{ "万亿", 1e12 }, { "千亿", 1e11 }, { "百亿", 1e10 }, { "十亿", 1e9 }, { "亿", 1e8 },
	{ "千万", 1e7 },  { "百万", 1e6 },  { "十万", 1e5 },  { "万", 1e4 },
};

/* True when the word w is written at byte i.  The first two bytes are compared before
 * anything else: this is the innermost test of every scan. */
#define NUNITS (sizeof units / sizeof units[0])

/* The first code point of each unit, so that a look-up compares integers before words
 * (unit_at runs after every number). */
static uint32_t unit_first[NUNITS];
static pthread_once_t unit_once = PTHREAD_ONCE_INIT;

static void unit_init(void)
{
	for (size_t k = 0; k < NUNITS; k++)
		if (u8_decode(units[k].s, strlen(units[k].s), &unit_first[k]) < 0)
			unit_first[k] = 0;
}

static const unit_def_t *unit_at(const char *s, size_t n, size_t i)
{
	uint32_t cp;

	if (i >= n || u8_decode(s + i, n - i, &cp) < 0)
		return NULL;
	pthread_once(&unit_once, unit_init);
	for (size_t k = 0; k < NUNITS; k++)
		if (unit_first[k] == cp && scan_at(s, n, i, units[k].s))
			return &units[k];
	return NULL;
}

static const mag_def_t *mag_at(const char *s, size_t n, size_t i)
{
	for (size_t k = 0; k < sizeof mags / sizeof mags[0]; k++)
		if (scan_at(s, n, i, mags[k].s))
			return &mags[k];
	return NULL;
}

static uint32_t cp_at(const char *s, size_t n, size_t i, size_t *out_len)
{
	uint32_t cp = 0;
	int k = i < n ? u8_decode(s + i, n - i, &cp) : -1;
	if (k < 0) {
		*out_len = 1;
		return i < n ? (unsigned char)s[i] : 0;
	}
	*out_len = (size_t)k;
	return cp;
}

static uint32_t cp_before(const char *s, size_t i)
{
	size_t len;
	if (i == 0)
		return 0;
	size_t b = utf8_back(s, i - 1);
	return cp_at(s, i, b, &len);
}

/* Chinese digit value 0-9, or -1; -2 for 十, -3 百, -4 千, -5 万, -6 亿. */
static int cn_digit(uint32_t c)
{
	switch (c) {
	case 0x96F6: /* 零 */
	case 0x3007: /* 〇 */ return 0;
	case 0x4E00: return 1;  /* 一 */
	case 0x4E8C: return 2;  /* 二 */
	case 0x4E24: return 2;  /* 两 */
	case 0x4E09: return 3;  /* 三 */
	case 0x56DB: return 4;  /* 四 */
	case 0x4E94: return 5;  /* 五 */
	case 0x516D: return 6;  /* 六 */
	case 0x4E03: return 7;  /* 七 */
	case 0x516B: return 8;  /* 八 */
	case 0x4E5D: return 9;  /* 九 */
	case 0x5341: return -2; /* 十 */
	case 0x767E: return -3; /* 百 */
	case 0x5343: return -4; /* 千 */
	case 0x4E07: return -5; /* 万 */
	case 0x4EBF: return -6; /* 亿 */
	default: return -1;
	}
}

/* Bit (c & 63) of every Chinese numeral above: most characters fail this test before the
 * switch (the numeral test runs on every character of the text). */
#define CN_BIT(c) (1ULL << ((c)&63))
static const uint64_t cn_low6 = CN_BIT(0x96F6) | CN_BIT(0x3007) | CN_BIT(0x4E00) | CN_BIT(0x4E8C) |
				CN_BIT(0x4E24) | CN_BIT(0x4E09) | CN_BIT(0x56DB) | CN_BIT(0x4E94) |
				CN_BIT(0x516D) | CN_BIT(0x4E03) | CN_BIT(0x516B) | CN_BIT(0x4E5D) |
				CN_BIT(0x5341) | CN_BIT(0x767E) | CN_BIT(0x5343) | CN_BIT(0x4E07) |
				CN_BIT(0x4EBF);

static bool is_cn_num(uint32_t c)
{
	return ((cn_low6 >> (c & 63)) & 1) && cn_digit(c) != -1;
}

int qty_parse_chinese(const char *s, size_t n, double *out_value)
{
	double total = 0, section = 0, digit = -1;
	size_t i = 0, ndigits = 0, nunits = 0;
	double seq = 0;

	if (n == 0)
		return ERR_INVALID;
	while (i < n) {
		size_t len;
		uint32_t c = cp_at(s, n, i, &len);
		int d = cn_digit(c);
		i += len;
		if (d == -1)
			return ERR_INVALID;
		if (d >= 0) {
			/* digits in a row read digit by digit: "二〇三五" */
			seq = seq * 10 + d;
			ndigits++;
			digit = d;
			continue;
		}
		nunits++;
		if (d >= -4) {
			double u = d == -2 ? 10 : d == -3 ? 100 : 1000;
			section += (digit < 0 ? 1 : digit) * u;
		} else {
			double u = d == -5 ? 1e4 : 1e8;
			section += digit < 0 ? 0 : digit;
			if (section == 0 && total == 0)
				section = 1;
			if (d == -6)
				total = (total + section) * u;
			else
				total += section * u;
			section = 0;
		}
		digit = -1;
	}
	if (nunits == 0) {
		*out_value = seq; /* "二〇三五", "三" */
		return 0;
	}
	*out_value = total + section + (digit < 0 ? 0 : digit);
	return 0;
}

typedef struct num {
	size_t start, end; /* digits (and magnitude for Chinese) */
	double value;
	bool chinese, decimal;
	int ndigits; /* integer digits of an Arabic number */
	int ndots;
	bool lone;          /* a Chinese numeral of one multiplier char alone: 百, 千 */
	bool has_zero_char; /* 〇 inside: a year written digit by digit */
	bool digitwise;     /* Chinese digits without multipliers: "二〇三五" */
} num_t;

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Arabic number at i: digits, thousands commas, one decimal point. */
static size_t parse_arabic(const char *s, size_t n, size_t i, num_t *out)
{
	size_t j = i;
	double v = 0;
	int nd = 0;

	memset(out, 0, sizeof *out);
	out->start = i;
	while (j < n) {
		if (is_digit(s[j])) {
			v = v * 10 + (s[j] - '0');
			nd++;
			j++;
		} else if (s[j] == ',' && nd > 0 && nd <= 15 && j + 3 < n + 1 && j + 3 <= n &&
			   is_digit(s[j + 1]) && j + 3 < n && is_digit(s[j + 2]) &&
			   is_digit(s[j + 3]) && (j + 4 >= n || !is_digit(s[j + 4]))) {
			j++;
		} else
			break;
	}
	out->ndigits = nd;
	if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1])) {
		double f = 0.1;
		j++;
		out->decimal = true;
		out->ndots = 1;
		while (j < n && is_digit(s[j])) {
			v += (s[j] - '0') * f;
			f /= 10;
			j++;
		}
		if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1]))
			out->ndots = 2;
	}
	out->value = v;
	out->end = j;
	return j;
}

/* Maximal run of Chinese numeral characters at i. */
static size_t cn_run(const char *s, size_t n, size_t i)
{
	size_t j = i, len;
	while (j < n && is_cn_num(cp_at(s, n, j, &len)))
		j += len;
	return j;
}

/* The unit after byte i: magnitude (Arabic only), 余/多, unit proper. */
typedef struct unit_m {
	size_t end;
	size_t mag_start, mag_end, unit_start, unit_end;
	double mag;
	const unit_def_t *u;
	bool approx; /* 余 or 多 inside */
} unit_m_t;

static bool approx_at(const char *s, size_t n, size_t i)
{
	return scan_at(s, n, i, "余") || scan_at(s, n, i, "多");
}

static void match_unit(const char *s, size_t n, size_t i, bool allow_mag, unit_m_t *m)
{
	memset(m, 0, sizeof *m);
	m->mag = 1;
	if (approx_at(s, n, i)) {
		m->approx = true;
		i += 3;
	}
	m->mag_start = m->mag_end = i;
	if (allow_mag) {
		const mag_def_t *g = mag_at(s, n, i);
		if (g) {
			size_t k = strlen(g->s);
			size_t j = i + k;
			bool ap = approx_at(s, n, j);
			const unit_def_t *u = unit_at(s, n, j + (ap ? 3 : 0));
			/* "5千瓦": a magnitude that eats the unit's first char is wrong */
			if (!(u == NULL && unit_at(s, n, i) != NULL)) {
				m->mag = g->factor;
				m->mag_end = j;
				if (ap)
					m->approx = true;
				i = j + (ap ? 3 : 0);
			}
		}
	}
	m->unit_start = m->unit_end = i;
	m->u = unit_at(s, n, i);
	/* 大/类/方面 count categories; with a magnitude ("10万大学生") they are words */
	if (m->u && m->mag != 1 &&
	    (strcmp(m->u->s, "大") == 0 || strcmp(m->u->s, "类") == 0 ||
	     strcmp(m->u->s, "方面") == 0 || strcmp(m->u->s, "方") == 0 ||
	     strcmp(m->u->s, "种") == 0))
		m->u = NULL;
	if (m->u) {
		size_t j = i + strlen(m->u->s);
		/* "8个平方公里": a classifier before a measure */
		if (strcmp(m->u->s, "个") == 0) {
			const unit_def_t *u2 = unit_at(s, n, j);
			if (u2 && u2->cls == U_MEASURE) {
				m->u = u2;
				j += strlen(u2->s);
			}
		}
		/* "3.5万元/亩", "300元/人": a rate keeps its denominator */
		if (s[j - 1] != '/' && j < n && s[j] == '/') {
			static const char *const per[] = { "平方米", "千瓦时", "小时", "亩", "吨",
							   "人",     "月",     "年",   "天", "户",
							   "度",     "次",     "件",   "台", "辆" };
			for (size_t k = 0; k < sizeof per / sizeof per[0]; k++)
				if (scan_at(s, n, j + 1, per[k])) {
					j += 1 + strlen(per[k]);
					break;
				}
		}
		m->unit_end = j;
		i = j;
	}
	m->end = i;
}

/* Words that make the number a date, time, ordinal or label when they follow it. */
static const char *const after_stop[] = {
	"年",   "月",     "日",     "号",   "时",   "点", "分",   "秒", "季度", "届",
	"期",   "代",     "版",     "级",   "楼",   "层", "号线", "路", "线",   "国道",
	"省道", "中全会", "次全会", "周年", "世纪", "后", "型",   "寸", "英寸",
};

static bool stop_after(const char *s, size_t n, size_t i)
{
	for (size_t k = 0; k < sizeof after_stop / sizeof after_stop[0]; k++)
		if (scan_at(s, n, i, after_stop[k]))
			return true;
	return false;
}

/* Qualifier words written right before / after the quantity. */
typedef struct qual_def {
	const char *s;
	const char *q;
} qual_def_t;

static const qual_def_t qual_before[] = {
	{ "不低于", "at_least" }, { "不少于", "at_least" }, { "不超过", "at_most" },
	{ "不高于", "at_most" },  { "不多于", "at_most" },  { "超过", "at_least" },
	{ "突破", "at_least" },   { "至少", "at_least" },   { "最少", "at_least" },
	{ "力争", "strive" },     { "确保", "guarantee" },  { "大约", "about" },
	{ "约", "about" },        { "近", "nearly" },       { "将近", "nearly" },
	{ "超", "at_least" },     { "逾", "at_least" },     { "过", "at_least" },
};

static const qual_def_t qual_after[] = {
	{ "左右", "about" },   { "上下", "about" },   { "以上", "at_least" },
	{ "以内", "at_most" }, { "以下", "at_most" }, { "之内", "at_most" },
};

static void qualify(const char *s, size_t n, qty_t *q, bool approx)
{
	q->qstart = q->start;
	q->qend = q->end;
	q->qualifier = NULL;
	for (size_t k = 0; k < sizeof qual_before / sizeof qual_before[0]; k++)
		if (scan_before(s, q->start, qual_before[k].s)) {
			q->qualifier = qual_before[k].q;
			q->qstart = q->start - strlen(qual_before[k].s);
			break;
		}
	for (size_t k = 0; k < sizeof qual_after / sizeof qual_after[0]; k++)
		if (scan_at(s, n, q->end, qual_after[k].s)) {
			q->qualifier = qual_after[k].q;
			q->qend = q->end + strlen(qual_after[k].s);
			break;
		}
	if (approx)
		q->qualifier = "at_least";
}

/* A number inside quotes and nothing else ("“1530”工程"), a footnote mark, a formula. */
static bool in_name(const char *s, size_t n, size_t st, size_t en)
{
	uint32_t p = cp_before(s, st);
	size_t len;
	uint32_t f = cp_at(s, n, en, &len);

	if (p == '[' || p == '^' || f == ']')
		return true;
	if (f == '/' && en + 1 < n && is_digit(s[en + 1]))
		return true; /* a fraction "1/3" */
	if (p == '+' || f == '+' || p == '*' || f == '*' || p == '/' || p == 0xD7 ||
	    f == 0xD7 /* × */ || p == '=' || f == '=')
		return true;
	if (is_alpha(p) || is_alpha(f) || p == '#' || p == '_' || p == '@')
		return true;
	if (f == ':' && en + 1 < n && is_digit(s[en + 1]))
		return true;
	if ((p == 0x201C || p == '"' || p == 0x300C) && (f == 0x201D || f == '"' || f == 0x300D))
		return true;
	return false;
}

typedef struct scan {
	const char *s;
	size_t n;
} scan_t;

/* Parses one number (Arabic or Chinese) at i into *out; false when none. */
static bool number_at(const scan_t *sc, size_t i, num_t *out)
{
	const char *s = sc->s;
	size_t n = sc->n, len;

	if (is_digit(s[i])) {
		parse_arabic(s, n, i, out);
		return true;
	}
	uint32_t c = cp_at(s, n, i, &len);
	int d = cn_digit(c);
	if (d == -1)
		return false;
	size_t j = cn_run(s, n, i);
	/* a lone 万/亿 starts nothing ("万人助万企") unless it is "万亿" */
	if ((d == -5 || d == -6) && !scan_at(s, n, i, "万亿"))
		return false;
	if (d == 0) /* "零部件", "零就业" */
		return false;
	memset(out, 0, sizeof *out);
	out->chinese = true;
	out->start = i;
	/* back off a trailing 千/百 that begins a unit ("三千瓦" stays "三" + "千瓦") */
	while (j > i) {
		double v;
		if (qty_parse_chinese(s + i, j - i, &v) == 0) {
			out->value = v;
			break;
		}
		j = utf8_back(s, j - 1);
	}
	if (j == i)
		return false;
	out->end = j;
	out->lone = (j - i == 3 && (d == -3 || d == -4 || d == -2));
	for (size_t k = i; k < j; k += 3) {
		uint32_t ck = cp_at(s, n, k, &len);
		if (ck == 0x3007)
			out->has_zero_char = true;
	}
	{
		bool mult = false;
		for (size_t k = i; k < j; k += 3)
			if (cn_digit(cp_at(s, n, k, &len)) < -1)
				mult = true;
		out->digitwise = !mult && j - i > 3;
	}
	return true;
}

/* Splits a Chinese numeral's trailing magnitude (三百亿 -> 三百 + 亿). */
static void cn_split_mag(const char *s, num_t *nm, size_t *out_mag_start, double *out_mag)
{
	*out_mag_start = nm->end;
	*out_mag = 1;
	if (nm->end - nm->start >= 6 && scan_before(s, nm->end, "万亿")) {
		*out_mag_start = nm->end - 6;
		*out_mag = 1e12;
	} else if (scan_before(s, nm->end, "亿")) {
		*out_mag_start = nm->end - 3;
		*out_mag = 1e8;
	} else if (scan_before(s, nm->end, "万")) {
		*out_mag_start = nm->end - 3;
		*out_mag = 1e4;
	}
	if (*out_mag != 1) {
		double v = 1;
		if (*out_mag_start > nm->start)
			qty_parse_chinese(s + nm->start, *out_mag_start - nm->start, &v);
		nm->value = v;
	}
}

static bool is_year_like(const num_t *a)
{
	return !a->chinese && !a->decimal && a->ndigits == 4 && a->value >= 1900 &&
	       a->value <= 2100;
}

static bool range_sep(const char *s, size_t n, size_t i, size_t *out_len)
{
	static const char *const seps[] = { "-", "~", "至", "到", "—", "–", "～", "－" };
	for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++)
		if (scan_at(s, n, i, seps[k])) {
			*out_len = strlen(seps[k]);
			return true;
		}
	return false;
}

/* True when [st, en) sits inside a short quotation ("“3个100”工程", "“双百”行动"): a
 * name or a slogan.  Looks at most 12 characters each way. */
static bool in_quote(const char *s, size_t n, size_t st, size_t en)
{
	size_t lo = st > 36 ? st - 36 : 0, hi = en + 36 < n ? en + 36 : n;
	bool open = false;
	for (size_t j = st; j > lo;) {
		j = utf8_back(s, j - 1);
		if (scan_at(s, n, j, "”") || scan_at(s, n, j, "。") || s[j] == '\n')
			return false;
		if (scan_at(s, n, j, "“")) {
			open = true;
			break;
		}
	}
	if (!open)
		return false;
	for (size_t j = en; j < hi; j += u8_len_at(s, n, j)) {
		if (scan_at(s, n, j, "“") || scan_at(s, n, j, "。") || s[j] == '\n')
			return false;
		if (scan_at(s, n, j, "”"))
			return true;
	}
	return false;
}

/* Decides whether the quantity built so far is a real amount. */
static bool acceptable(const scan_t *sc, const num_t *a, const unit_m_t *m, size_t end)
{
	const char *s = sc->s;
	size_t n = sc->n;
	uint32_t p = cp_before(s, a->start);
	bool has_mag = m->mag != 1 || m->mag_end > m->mag_start;

	if (p == 0x7B2C /* 第 */)
		return false;
	if (a->chinese && (p == 0x6570 /* 数 */ || p == 0x51E0 /* 几 */))
		return false;
	if (a->ndots > 1 || stop_after(s, n, m->mag_end > m->mag_start ? m->mag_end : a->end))
		return false;
	if (m->u && strcmp(m->u->s, "个") == 0 &&
	    (scan_at(s, n, end, "月") || scan_at(s, n, end, "年") || scan_at(s, n, end, "季度")))
		return false; /* "5个月" is a period */
	/* a threshold or an attribute, not an amount: "50万元以上的", "百亿元企业" */
	if (scan_at(s, n, end, "以上的") || scan_at(s, n, end, "以下的") ||
	    scan_at(s, n, end, "级") ||
	    (m->u && m->u->cls == U_MEASURE && scan_at(s, n, end, "企业")))
		return false;
	if (a->chinese && a->end - a->start == 3 && a->value == 1 && !has_mag)
		return false; /* "一": 最后一公里, 一人一档 */
	if (m->u) {
		size_t l;
		uint32_t f = cp_at(s, n, end + 6, &l);
		/* "5000万元以上项目": a money threshold naming a class of projects */
		if (strcmp(m->u->base, "元") == 0 &&
		    (scan_at(s, n, end, "以上") || scan_at(s, n, end, "以下")) && u8_is_han(f))
			return false;
		/* "进入前10名": a rank */
		if (p == 0x524D /* 前 */ &&
		    (strcmp(m->u->s, "名") == 0 || strcmp(m->u->s, "位") == 0))
			return false;
		/* "1小时经济圈": a name */
		if (scan_at(s, n, end, "圈") || scan_at(s, n, end + 6, "圈"))
			return false;
		/* "110千伏变电站": a voltage class names the kind of station */
		f = cp_at(s, n, end, &l);
		if (strcmp(m->u->base, "千伏") == 0 && u8_is_han(f))
			return false;
	}
	if (in_name(s, n, a->start, end) || in_quote(s, n, a->start, end))
		return false;
	if (!m->u) {
		if (a->chinese)
			return has_mag &&
			       (scan_before(s, a->start, "过") || scan_before(s, a->start, "超") ||
				scan_before(s, a->start, "突破") || scan_before(s, a->start, "达"));
		if (has_mag)
			return true;
		/* a bare integer only after a verb of reaching: "综合指数达到105。" */
		if (!a->decimal &&
		    !(a->ndigits >= 2 && a->ndigits <= 6 && s[a->start] != '0' &&
		      (scan_before(s, a->start, "达到") || scan_before(s, a->start, "提高到") ||
		       scan_before(s, a->start, "下降到") || scan_before(s, a->start, "降至") ||
		       scan_before(s, a->start, "提高至") || scan_before(s, a->start, "保持在"))))
			return false;
		/* a bare number measures an index only when it ends the phrase */
		size_t len;
		uint32_t f = cp_at(s, n, end, &len);
		return f == 0 || f == ',' || f == 0x3002 || f == ';' || f == 0x3001 || f == '\n' ||
		       f == ')' || scan_at(s, n, end, "以上") || scan_at(s, n, end, "左右") ||
		       scan_at(s, n, end, "以下");
	}
	if (a->chinese) {
		if (m->u->cls == U_GENERIC)
			return false;
		if (a->digitwise)
			return false;
		/* idioms: 千家万户, 一人一档 */
		if ((a->lone || (a->value == 1 && a->end - a->start == 3)) &&
		    m->u->cls != U_MEASURE && !has_mag)
			return false;
	}
	return true;
}

/* Records the unit of m in q: spans, text as written (magnitude + unit proper, without
 * 余/多), base unit and base value. */
static void set_unit(qty_t *q, const char *s, const unit_m_t *m)
{
	size_t k = 0, ms = m->mag_start, me = m->mag_end > ms ? m->mag_end : ms;

	q->mag_start = ms;
	q->mag_end = me;
	q->unit_start = m->u ? m->unit_start : m->unit_end;
	q->unit_end = m->u ? m->unit_end : q->unit_start;
	if (me - ms < sizeof q->unit) {
		memcpy(q->unit, s + ms, me - ms);
		k = me - ms;
	}
	if (m->u && m->unit_end - m->unit_start + k < sizeof q->unit) {
		memcpy(q->unit + k, s + m->unit_start, m->unit_end - m->unit_start);
		k += m->unit_end - m->unit_start;
	}
	q->unit[k] = '\0';
	q->base_unit = m->u ? m->u->base : "";
	q->measure = m->u && m->u->cls == U_MEASURE;
	q->base_value = q->value * m->mag * (m->u ? m->u->factor : 1);
}

/* After the first amount a (unit *m, ending at *io_end): a range "5-6家", "5至10家",
 * "6.5%-7%" extends q, *m and *io_end.  Returns false when the pair is a date, a phone
 * number or another non-amount, and then *io_end is past it. */
static bool try_range(const scan_t *sc, const num_t *a, unit_m_t *m, qty_t *q, size_t *io_end)
{
	const char *s = sc->s;
	size_t n = sc->n, sl, mag_start, end = *io_end;
	double cmag = 1;
	num_t b;
	unit_m_t m2;

	if (m->approx || !range_sep(s, n, end, &sl) || end + sl >= n ||
	    !number_at(sc, end + sl, &b) || b.chinese != a->chinese)
		return true;
	if (b.chinese)
		cn_split_mag(s, &b, &mag_start, &cmag);
	match_unit(s, n, b.end, !b.chinese, &m2);
	if (b.chinese && cmag != 1) {
		m2.mag = cmag;
		m2.mag_start = mag_start;
		if (m2.unit_start == b.end)
			m2.mag_end = b.end;
	}
	if (is_year_like(a) || (s[a->start] == '0' && !a->decimal) || stop_after(s, n, m2.end) ||
	    b.ndots > 1) {
		*io_end = m2.end;
		return false;
	}
	if (m->u && !(m2.u && strcmp(m->u->s, m2.u->s) == 0))
		return true; /* different units: two amounts, not a range */
	if (!m->u) /* "5-6家", "5亿-6亿元": the unit written last is the unit of both */
		*m = m2;
	if (!acceptable(sc, &b, &m2, m2.end)) {
		*io_end = m2.end;
		return false;
	}
	q->value_max = b.value;
	q->is_range = true;
	*io_end = m->end = m2.end;
	return true;
}

/* Scans one quantity starting at i; returns the byte after it (or after the number
 * when it is not a quantity) and sets *out_ok. */
static size_t scan_one(const scan_t *sc, size_t i, qty_t *q, bool *out_ok)
{
	const char *s = sc->s;
	size_t n = sc->n, mag_start, end;
	num_t a;
	unit_m_t m;
	double cmag = 1;

	*out_ok = false;
	if (!number_at(sc, i, &a))
		return i + u8_len_at(s, n, i);
	/* a lone "一" (统一, 一体化, 一批) is never an amount: the commonest candidate */
	if (a.chinese && a.end - a.start == 3 && a.value == 1)
		return a.end;
	if (a.chinese)
		cn_split_mag(s, &a, &mag_start, &cmag);
	match_unit(s, n, a.end, !a.chinese, &m);
	if (a.chinese && cmag != 1) {
		m.mag = cmag;
		m.mag_start = mag_start;
		if (m.unit_start == a.end)
			m.mag_end = a.end;
	}
	end = m.end;
	memset(q, 0, sizeof *q);
	q->start = a.start;
	q->value = q->value_max = a.value;
	q->chinese = a.chinese;
	if (!try_range(sc, &a, &m, q, &end))
		return end;
	if (!acceptable(sc, &a, &m, end))
		return end > a.end ? end : a.end;
	q->end = end;
	set_unit(q, s, &m);
	qualify(s, n, q, m.approx);
	*out_ok = true;
	return end;
}

int qty_scan(const char *s, size_t n, qty_fn fn, void *ctx)
{
	scan_t sc = { s, n };
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		bool cand = is_digit((char)c);
		if (!cand && (c & 0xF0) == 0xE0 && i + 3 <= n) {
			/* every Chinese numeral is a 3-byte character: decode it inline */
			uint32_t cp = ((uint32_t)(c & 0x0F) << 12) |
				      ((uint32_t)((unsigned char)s[i + 1] & 0x3F) << 6) |
				      ((unsigned char)s[i + 2] & 0x3F);
			cand = is_cn_num(cp);
		}
		if (!cand) {
			i += c < 0x80 ? 1
			     : ((c & 0xF0) == 0xE0 && i + 3 <= n &&
				((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
				((unsigned char)s[i + 2] & 0xC0) == 0x80)
				     ? 3
				     : u8_len_at(s, n, i);
			continue;
		}
		/* never start inside a number or a run of letters/digits */
		{
			uint32_t p = cp_before(s, i);
			if ((p < 0x80 && (is_digit((char)p) || p == '.')) ||
			    (c >= 0xE0 && is_cn_num(p))) {
				i += c < 0x80 ? 1 : u8_len_at(s, n, i);
				continue;
			}
		}
		qty_t q;
		bool ok;
		size_t next = scan_one(&sc, i, &q, &ok);
		if (ok) {
			int rc = fn(&q, ctx);
			if (rc)
				return rc;
		}
		i = next > i ? next : i + 1;
	}
	return 0;
}
