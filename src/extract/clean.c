/* clean.c — from decoded text to norm text (before script folding).
 *
 * Pass 1 (character level) writes a new buffer with a byte map to the decoded text:
 * CR/CRLF to LF, HTML tags removed (block tags become line breaks, script and style
 * dropped), entities decoded, full-width ASCII folded, U+3000/NBSP/tab to a space,
 * zero-width characters dropped.  Pass 2 (line level) works in place, since nothing it
 * does makes the text longer: it trims indentation, drops blank lines, page footers and
 * the page chrome before and after the body (judged by general signals: navigation
 * words, timestamps, bare numbers, short lines without sentence punctuation), and joins
 * hard-wrapped lines.  Written here because no library does this for Chinese text. */
#include "extract/clean.h"

#include "base/mem.h"
#include "base/utf8.h"
#include "extract/u8.h"

#include <string.h>

/* ---- pass 1: characters ---------------------------------------------------------- */

typedef struct p1 {
	const char *dz;
	size_t dn;
	char *z;
	offmap_t m; /* z offsets to dz offsets */
	size_t w;
} p1_t;

/* Emits one character of k bytes from decoded offset src. */
static void put_bytes(p1_t *p, const char *s, size_t k, size_t src)
{
	offmap_add(&p->m, p->w, src);
	memcpy(p->z + p->w, s, k);
	p->w += k;
}

/* Emits code point cp (from decoded offset src), folding width and spaces.  The output
 * is never longer than the source, which the callers guarantee. */
static void put_cp(p1_t *p, uint32_t cp, size_t src)
{
	char tmp[4];
	size_t k;

	if (cp >= 0xFF01 && cp <= 0xFF5E)
		cp -= 0xFEE0;
	else if (cp == 0x3000 || cp == 0xA0 || cp == '\t' || (cp >= 0x2000 && cp <= 0x200A))
		cp = ' ';
	else if (cp == '\f' || cp == 0x2028 || cp == 0x2029)
		cp = '\n';
	else if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF || cp == 0xAD)
		return;
	else if (cp < 0x20 && cp != '\n')
		return;
	k = utf8_encode(cp, tmp);
	put_bytes(p, tmp, k, src);
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Case-insensitive: does z[i..n) start with the lower-case word w? */
static bool at_word(const char *z, size_t n, size_t i, const char *w)
{
	size_t k = strlen(w);

	if (n - i < k)
		return false;
	for (size_t j = 0; j < k; j++)
		if (lower((unsigned char)z[i + j]) != w[j])
			return false;
	return true;
}

static const char *const block_tags[] = {
	"p",      "div",     "br",     "li",      "ul",      "ol",     "tr",     "table",
	"h1",     "h2",      "h3",     "h4",      "h5",      "h6",     "hr",     "title",
	"dd",     "dt",      "dl",     "section", "article", "header", "footer", "blockquote",
	"pre",    "nav",     "aside",  "form",    "main",    "tbody",  "thead",  "center",
	"option", "caption", "figure", "body",    "html",    "head",   NULL
};

static bool is_block(const char *name)
{
	for (int i = 0; block_tags[i]; i++)
		if (strcmp(name, block_tags[i]) == 0)
			return true;
	return false;
}

bool clean_is_html(const char *z, size_t n)
{
	static const char *const marks[] = { "<html", "<!doctype", "<body",  "<p>",   "<p ",
					     "<div",  "<br",       "<table", "<span", "<a href",
					     "<td",   "<li>",      NULL };
	size_t lim = n < 65536 ? n : 65536, hits = 0;

	for (size_t i = 0; i < lim; i++) {
		if (z[i] != '<')
			continue;
		for (int k = 0; marks[k]; k++)
			if (at_word(z, lim, i, marks[k])) {
				if (k < 2)
					return true;
				hits++;
				break;
			}
		if (hits >= 2)
			return true;
	}
	return false;
}

/* Skips the tag at dz[i] == '<'; returns the offset after it, or i if it is no tag. */
static size_t html_tag(p1_t *p, size_t i)
{
	const char *z = p->dz;
	size_t n = p->dn, j = i + 1, k = 0, end;
	char name[16];
	bool closing = false;
	const char *close_at;

	if (at_word(z, n, i, "<!--")) {
		const char *c = memmem(z + i + 4, n - i - 4, "-->", 3);
		return c ? (size_t)(c - z) + 3 : n;
	}
	if (j < n && z[j] == '/') {
		closing = true;
		j++;
	}
	if (j >= n || !((lower((unsigned char)z[j]) >= 'a' && lower((unsigned char)z[j]) <= 'z') ||
			z[j] == '!' || z[j] == '?'))
		return i;
	close_at = memchr(z + j, '>', (n - j) < 4096 ? n - j : 4096);
	if (!close_at)
		return i;
	end = (size_t)(close_at - z) + 1;
	while (j < n && k + 1 < sizeof name &&
	       ((lower((unsigned char)z[j]) >= 'a' && lower((unsigned char)z[j]) <= 'z') ||
		(z[j] >= '0' && z[j] <= '9')))
		name[k++] = (char)lower((unsigned char)z[j++]);
	name[k] = '\0';
	if (!closing && (strcmp(name, "script") == 0 || strcmp(name, "style") == 0)) {
		const char *word = name[1] == 'c' ? "</script" : "</style";
		for (size_t q = end; q < n; q++)
			if (z[q] == '<' && at_word(z, n, q, word)) {
				const char *gt = memchr(z + q, '>', n - q);
				return gt ? (size_t)(gt - z) + 1 : n;
			}
		return n;
	}
	if (is_block(name))
		put_cp(p, '\n', i);
	return end;
}

static const struct {
	const char *name;
	uint32_t cp;
} entities[] = {
	{ "amp", '&' },       { "lt", '<' },       { "gt", '>' },       { "quot", '"' },
	{ "apos", '\'' },     { "nbsp", ' ' },     { "ldquo", 0x201C }, { "rdquo", 0x201D },
	{ "lsquo", 0x2018 },  { "rsquo", 0x2019 }, { "mdash", 0x2014 }, { "ndash", 0x2013 },
	{ "hellip", 0x2026 }, { "middot", 0xB7 },  { "times", 0xD7 },   { "deg", 0xB0 },
	{ "yen", 0xA5 },      { "copy", 0xA9 },    { "reg", 0xAE },     { "bull", 0x2022 },
	{ "emsp", ' ' },      { "ensp", ' ' },     { "thinsp", ' ' },   { "laquo", 0xAB },
	{ "raquo", 0xBB },    { "plusmn", 0xB1 },  { "divide", 0xF7 },  { NULL, 0 }
};

/* Decodes the entity at dz[i] == '&'; returns the offset after it, or i if none. */
static size_t html_entity(p1_t *p, size_t i)
{
	const char *z = p->dz;
	size_t n = p->dn, j = i + 1, start;
	uint32_t cp = 0;

	if (j < n && z[j] == '#') {
		int hex = j + 1 < n && (z[j + 1] == 'x' || z[j + 1] == 'X');
		j += 1 + (size_t)hex;
		start = j;
		while (j < n && j - start < 8) {
			int c = lower((unsigned char)z[j]), d;
			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else
				break;
			cp = cp * (hex ? 16u : 10u) + (uint32_t)d;
			j++;
		}
		if (j == start || j >= n || z[j] != ';' || cp == 0 || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		put_cp(p, cp, i);
		return j + 1;
	}
	for (int k = 0; entities[k].name; k++) {
		size_t len = strlen(entities[k].name);
		if (n - j > len && memcmp(z + j, entities[k].name, len) == 0 && z[j + len] == ';') {
			put_cp(p, entities[k].cp, i);
			return j + len + 1;
		}
	}
	return i;
}

/* Characters that put_cp copies unchanged (non-ASCII). */
static bool kept_as_is(uint32_t cp)
{
	if (cp >= 0x4000 && cp < 0xFEFF)
		return true;
	return !((cp >= 0xFF01 && cp <= 0xFF5E) || cp == 0x3000 || cp == 0xA0 ||
		 (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
		 cp == 0xAD);
}

/* The end of the run from i of characters copied unchanged: printable ASCII (but '<'
 * and '&' in HTML) and non-ASCII characters put_cp would not fold. */
static size_t plain_run(const char *z, size_t n, size_t i, bool html)
{
	uint32_t cp;

	while (i < n) {
		unsigned char c = (unsigned char)z[i];
		int k;
		if (c >= 0x20 && c < 0x80) {
			if (html && (c == '<' || c == '&'))
				break;
			i++;
			continue;
		}
		if (c >= 0xE4 && c <= 0xE9 && i + 2 < n) { /* U+4000-9FFF */
			i += 3;
			continue;
		}
		if (c < 0x80)
			break;
		k = u8_decode(z + i, n - i, &cp);
		if (k < 0 || !kept_as_is(cp))
			break;
		i += (size_t)k;
	}
	return i;
}

static void pass1(p1_t *p, bool html)
{
	const char *z = p->dz;
	size_t n = p->dn, i = 0;
	uint32_t cp;

	while (i < n) {
		unsigned char c = (unsigned char)z[i];
		size_t j = plain_run(z, n, i, html);
		if (j > i) { /* copied as is: one map segment at most */
			offmap_add(&p->m, p->w, i);
			memcpy(p->z + p->w, z + i, j - i);
			p->w += j - i;
			i = j;
			continue;
		}
		if (c == '\r') {
			if (i + 1 >= n || z[i + 1] != '\n')
				put_cp(p, '\n', i);
			i++;
			continue;
		}
		if (html && (c == '<' || c == '&')) {
			size_t next = c == '<' ? html_tag(p, i) : html_entity(p, i);
			if (next != i) {
				i = next;
				continue;
			}
			put_cp(p, c, i++);
			continue;
		}
		if (c < 0x80) {
			put_cp(p, c, i++);
			continue;
		}
		{
			int k = u8_decode(z + i, n - i, &cp);
			if (k < 0) {
				i++; /* cannot happen: the decoder produced valid UTF-8 */
				continue;
			}
			put_cp(p, cp, i);
			i += (size_t)k;
		}
	}
}

/* ---- pass 2: lines --------------------------------------------------------------- */

enum {
	F_PROSE = 1,   /* a sentence: long, mostly Han, with sentence punctuation */
	F_SIGNAL = 2,  /* page furniture: navigation words, timestamps, bare numbers */
	F_HEAD = 4,    /* starts with an outline label or is a bullet */
	F_TERM = 8,    /* ends with sentence-final punctuation */
	F_PUNCT = 16,  /* has any sentence punctuation */
	F_FOOTER = 32, /* a page number line */
	F_MARKER = 64, /* "share to", "related articles": the body has ended */
	F_DROP = 128,
	F_COMMA = 256,  /* has a comma or semicolon: a sentence runs through it */
	F_SPEAKER = 512 /* "记者:" "党晓龙:": a speaker's turn starts */
};

typedef struct line {
	uint32_t s, e; /* trimmed content in the pass-1 buffer */
	uint32_t gap;  /* blank lines before it */
	uint32_t cps;  /* code points */
	uint32_t flags;
} line_t;

static const char *const nav_words[] = { "登录",       "注册",         "回复",     "回帖",
					 "收藏",       "分享",         "返回顶部", "返回列表",
					 "Powered by", "版权所有",     "积分",     "帖子",
					 "发表于",     "查看:",        "楼主",     "沙发",
					 "设为首页",   "复制链接",     "签到",     "上一篇",
					 "下一篇",     "相关文章",     "相關文章", "相关阅读",
					 "责任编辑",   "客服",         "联系电话", "ICP",
					 "备案",       "Copyright",    "©",        "版主",
					 "阅读模式",   "显示全部楼层", "登錄",     "註冊",
					 "回覆",       "返回頂部",     "版權所有", "積分",
					 "發表於",     "Rank:",        "小时前",   "分钟前",
					 "天前",       "在线咨询",     "关闭窗口", "打印本页",
					 "来源:",      "本文来源",     "扫一扫",   "二维码",
					 "微信",       "微博",         "QQ",       "当前位置",
					 "您的位置",   "您现在的位置", "字号:",    NULL };

static const char *const end_markers[] = { "分享到",   "相关文章",   "相關文章", "相关阅读",
					   "相關閱讀", "上一篇",     "下一篇",   "返回顶部",
					   "责任编辑", "【责任编辑", "关闭窗口", "打印本页",
					   "延伸阅读", NULL };

static bool has_word(const char *p, size_t n, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (memmem(p, n, words[i], strlen(words[i])))
			return true;
	return false;
}

static bool starts_word(const char *p, size_t n, const char *const *words)
{
	for (int i = 0; words[i]; i++) {
		size_t k = strlen(words[i]);
		if (n >= k && memcmp(p, words[i], k) == 0)
			return true;
	}
	return false;
}

static bool is_cn_numeral(uint32_t cp)
{
	static const uint32_t nums[] = { 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03,
					 0x516B, 0x4E5D, 0x5341, 0x767E, 0x96F6, 0x3007, 0x4E24 };
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (cp == nums[i])
			return true;
	return false;
}

/* An outline label or bullet at the start of p[0..n): 一、 （一） (1) 1. 1、 一是 第一，
 * # [12] 【 • */
static bool is_heading(const char *p, size_t n)
{
	size_t i = 0, k = 0;
	uint32_t cp = 0;
	int len;

	if (n == 0)
		return false;
	if (p[0] == '#' || p[0] == '[' || p[0] == '*')
		return true;
	len = u8_decode(p, n, &cp);
	if (len < 0)
		return false;
	if (cp == 0x3010 || cp == 0x2022 || cp == 0x25CF || cp == 0x25A0 || cp == 0x25C6 ||
	    cp == 0x2605 || cp == 0xB7 || cp == 0x2014)
		return true;
	if (cp == 0xFF08 || cp == '(') { /* （一） (1) */
		i = (size_t)len;
		while (i < n && (len = u8_decode(p + i, n - i, &cp)) > 0 &&
		       (is_cn_numeral(cp) || (cp >= '0' && cp <= '9')) && k < 4) {
			i += (size_t)len;
			k++;
		}
		return k > 0 && i < n && (cp == 0xFF09 || cp == ')');
	}
	if (cp == 0x7B2C) /* 第 */
		i = (size_t)len;
	while (i < n && (len = u8_decode(p + i, n - i, &cp)) > 0 &&
	       (is_cn_numeral(cp) || (cp >= '0' && cp <= '9')) && k < 4) {
		i += (size_t)len;
		k++;
	}
	if (k == 0 || i >= n || u8_decode(p + i, n - i, &cp) < 0)
		return false;
	/* 、 . ． ) 是 ， 章 节 条 部 */
	return cp == 0x3001 || cp == '.' || cp == ')' || cp == 0x662F || cp == ',' ||
	       cp == 0xFF0C || cp == 0x7AE0 || cp == 0x8282 || cp == 0x6761 || cp == 0x90E8;
}

static bool is_dash(uint32_t cp)
{
	return cp == '-' || cp == 0x2014 || cp == 0x2013 || cp == 0x2500 || cp == 0x2015 ||
	       cp == '~' || cp == 0x2012;
}

/* A page-number line: "— 12 —", "- 12 -", "第 3 页", "第3页 共20页". */
static bool is_footer(const char *p, size_t n)
{
	size_t i = 0, digits = 0, lead = 0, trail = 0;
	uint32_t cp;
	int len;

	if (n >= 3 && memcmp(p, "第", 3) == 0) {
		i = 3;
		while (i < n && (p[i] == ' ' || (p[i] >= '0' && p[i] <= '9')))
			digits += p[i++] != ' ';
		return digits > 0 && digits <= 4 && n - i >= 3 && memcmp(p + i, "页", 3) == 0 &&
		       n - i <= 20;
	}
	while (i < n && (len = u8_decode(p + i, n - i, &cp)) > 0 && (is_dash(cp) || cp == ' ')) {
		lead += cp != ' ';
		i += (size_t)len;
	}
	while (i < n && p[i] >= '0' && p[i] <= '9' && digits < 5) {
		i++;
		digits++;
	}
	while (i < n && (len = u8_decode(p + i, n - i, &cp)) > 0 && (is_dash(cp) || cp == ' ')) {
		trail += cp != ' ';
		i += (size_t)len;
	}
	return i == n && lead && trail && digits > 0 && digits <= 4;
}

/* A line of digits and separators only ("148199", "1万", "9:00-18:00"). */
static bool is_numberish(const char *p, size_t n)
{
	size_t digits = 0;

	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c >= '0' && c <= '9')
			digits++;
		else if (!(c == ' ' || c == ':' || c == '-' || c == '.' || c == '/' || c == '|'))
			return n - i == 3 && (memcmp(p + i, "万", 3) == 0 ||
					      memcmp(p + i, "天", 3) == 0)
				       ? digits > 0
				       : false;
	}
	return digits > 0;
}

static bool is_terminal(uint32_t cp)
{
	return cp == 0x3002 || cp == '!' || cp == '?' || cp == ';' || cp == ':' || cp == '.' ||
	       cp == 0x2026 || cp == 0x300D || cp == 0x300F;
}

static bool is_closer(uint32_t cp)
{
	return cp == 0x201D || cp == 0x2019 || cp == ')' || cp == 0x300B || cp == '"';
}

static void line_scan(const char *z, line_t *l)
{
	const char *p = z + l->s;
	size_t n = l->e - l->s, i = 0, han = 0, cps = 0, bars = 0;
	uint32_t cp = 0, last = 0, prev = 0;
	bool punct = false, comma = false, speaker = false;

	while (i < n) {
		int k = u8_decode(p + i, n - i, &cp);
		if (k < 0)
			k = 1, cp = 0xFFFD;
		i += (size_t)k;
		cps++;
		han += u8_is_han(cp);
		bars += cp == '|';
		if (cp == ',' || cp == ';')
			comma = true;
		if (cp == ':' && cps >= 3 && cps <= 9 && han + 1 == cps)
			speaker = true;
		if (cp == 0x3002 || cp == ',' || cp == ';' || cp == '!' || cp == '?' ||
		    cp == 0x3001)
			punct = true;
		prev = last;
		last = cp;
	}
	l->cps = cps > UINT32_MAX ? UINT32_MAX : (uint32_t)cps;
	l->flags = 0;
	if (punct)
		l->flags |= F_PUNCT;
	if (comma)
		l->flags |= F_COMMA;
	if (speaker)
		l->flags |= F_SPEAKER;
	if (is_terminal(last) || (is_closer(last) && is_terminal(prev)))
		l->flags |= F_TERM;
	if (punct && cps >= 20 && han * 2 >= cps)
		l->flags |= F_PROSE;
	if (is_heading(p, n))
		l->flags |= F_HEAD;
	if (is_footer(p, n))
		l->flags |= F_FOOTER;
	if (!(l->flags & F_PROSE) && cps <= 80 &&
	    (has_word(p, n, nav_words) || is_numberish(p, n) || bars >= 2))
		l->flags |= F_SIGNAL;
	if (cps <= 40 && starts_word(p, n, end_markers))
		l->flags |= F_MARKER;
}

typedef struct lines {
	line_t *v;
	size_t n, cap;
} lines_t;

static int lines_collect(const char *z, size_t n, lines_t *ls)
{
	size_t i = 0;
	uint32_t gap = 0;

	while (i <= n) {
		const char *nl = i < n ? memchr(z + i, '\n', n - i) : NULL;
		size_t end = nl ? (size_t)(nl - z) : n, s = i, e = end;
		while (s < e && z[s] == ' ')
			s++;
		while (e > s && z[e - 1] == ' ')
			e--;
		if (s == e) {
			gap++;
		} else {
			if (ls->n == ls->cap) {
				size_t cap = ls->cap ? ls->cap * 2 : 256;
				line_t *v = mem_realloc(ls->v, cap * sizeof *v);
				if (!v)
					return ERR_NOMEM;
				ls->v = v;
				ls->cap = cap;
			}
			ls->v[ls->n].s = (uint32_t)s;
			ls->v[ls->n].e = (uint32_t)e;
			ls->v[ls->n].gap = gap;
			line_scan(z, &ls->v[ls->n]);
			ls->n++;
			gap = 0;
		}
		if (!nl)
			break;
		i = end + 1;
	}
	return 0;
}

/* Page chrome before the body: up to the last furniture line before the first sentence,
 * when furniture makes up at least a quarter of those lines. */
static size_t chrome_top(const lines_t *ls)
{
	size_t first = 0, last = 0, sig = 0, sig_to_last = 0;

	while (first < ls->n && !(ls->v[first].flags & F_PROSE))
		first++;
	if (first == ls->n)
		return 0;
	for (size_t i = 0; i < first; i++)
		if (ls->v[i].flags & F_SIGNAL) {
			sig++;
			last = i + 1;
			sig_to_last = sig;
		}
	if (sig_to_last >= 2 && sig_to_last * 4 >= last && last < ls->n)
		return last;
	return 0;
}

/* Page chrome after the body: from the first furniture line after the last sentence (or
 * from an end marker such as "分享到" in the last third), when furniture makes up at
 * least a quarter of the lines dropped.  Returns the first dropped line, or ls->n. */
static size_t chrome_bottom(const lines_t *ls, size_t top)
{
	size_t last = ls->n, start, sig = 0;

	while (last > top && !(ls->v[last - 1].flags & F_PROSE))
		last--;
	if (last == top)
		return ls->n;
	start = ls->n;
	for (size_t i = last; i < ls->n; i++)
		if (ls->v[i].flags & F_SIGNAL) {
			start = i;
			break;
		}
	for (size_t i = top + (ls->n - top) * 2 / 3; i < start; i++)
		if (ls->v[i].flags & F_MARKER) {
			start = i;
			break;
		}
	if (start <= top)
		return ls->n;
	for (size_t i = start; i < ls->n; i++)
		sig += (ls->v[i].flags & (F_SIGNAL | F_MARKER)) != 0;
	if (sig >= 2 && sig * 4 >= ls->n - start)
		return start;
	return ls->n;
}

/* Does line b continue the sentence that line a leaves open (a hard wrap)? */
static bool joins(const char *z, const line_t *a, const line_t *b, uint32_t gap)
{
	uint32_t cp;

	if (gap > 2 || (a->flags & (F_HEAD | F_TERM)) || (b->flags & (F_HEAD | F_SPEAKER)))
		return false;
	if (a->cps < 15 || !((a->flags & F_COMMA) || a->cps >= 30))
		return false;
	if (!((b->flags & F_PUNCT) || b->cps >= 25))
		return false;
	if (u8_decode(z + b->s, b->e - b->s, &cp) < 0)
		return false;
	return u8_is_han(cp) || (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 'A' && cp <= 'Z') || cp == 0x201C || cp == 0x300A;
}

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Line number (1-based) of decoded offset off, counting LF and lone CR. */
typedef struct linepos {
	const char *dz;
	size_t dn, pos;
	long line;
} linepos_t;

static long line_at(linepos_t *lp, size_t off)
{
	if (off < lp->pos) {
		lp->pos = 0;
		lp->line = 1;
	}
	for (; lp->pos < off && lp->pos < lp->dn; lp->pos++) {
		char c = lp->dz[lp->pos];
		if (c == '\n' ||
		    (c == '\r' && (lp->pos + 1 >= lp->dn || lp->dz[lp->pos + 1] != '\n')))
			lp->line++;
	}
	return lp->line;
}

static int add_drop(arena_t *a, clean_out_t *out, size_t *cap, linepos_t *lp, size_t s0, size_t s1,
		    const char *why, bool extend)
{
	long first = line_at(lp, s0), last = line_at(lp, s1);

	if (extend && out->ndropped && out->dropped[out->ndropped - 1].why == why) {
		out->dropped[out->ndropped - 1].last_line = last;
		return 0;
	}
	if (out->ndropped == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		draft_range_t *v = arena_alloc(a, nc * sizeof *v);
		if (!v)
			return ERR_NOMEM;
		if (out->ndropped)
			memcpy(v, out->dropped, out->ndropped * sizeof *v);
		out->dropped = v;
		*cap = nc;
	}
	out->dropped[out->ndropped].first_line = first;
	out->dropped[out->ndropped].last_line = last;
	out->dropped[out->ndropped].why = why;
	out->ndropped++;
	return 0;
}

static const char why_top[] = "page chrome before the body";
static const char why_bottom[] = "page chrome after the body";
static const char why_footer[] = "page footer";

static int mark_drops(arena_t *a, const lines_t *ls, const char *z, const offmap_t *m,
		      linepos_t *lp, clean_out_t *out)
{
	size_t top = chrome_top(ls), bottom = chrome_bottom(ls, top), cap = 0;
	const char *last_why = NULL;
	int rc = 0;

	for (size_t i = 0; i < ls->n; i++) {
		line_t *l = &ls->v[i];
		const char *why = i < top ? why_top : i >= bottom ? why_bottom : NULL;
		if (!why && (l->flags & F_FOOTER))
			why = why_footer;
		if (!why) {
			last_why = NULL;
			continue;
		}
		l->flags |= F_DROP;
		rc = add_drop(a, out, &cap, lp, offmap_get(m->v, m->n, l->s),
			      offmap_get_char(m->v, m->n, z, l->e - 1), why, why == last_why);
		if (rc)
			return rc;
		last_why = why;
	}
	return 0;
}

/* Maps the moved bytes [s, e) of the pass-1 text (map m), now at w, into out. */
static void remap_range(const offmap_t *m, size_t s, size_t e, size_t w, offmap_t *out)
{
	size_t k = offmap_find(m->v, m->n, s);

	offmap_add(out, w, m->v[k].to + (s - m->v[k].from));
	for (k++; k < m->n && m->v[k].from < e; k++)
		offmap_add(out, w + (m->v[k].from - s), m->v[k].to);
}

/* Writes the kept lines in place, one paragraph per line; the pass-1 map m becomes the
 * new map out. */
static size_t assemble(char *z, const offmap_t *m, const lines_t *ls, offmap_t *out)
{
	size_t w = 0;
	const line_t *prev = NULL;
	uint32_t gap = 0;

	for (size_t i = 0; i < ls->n; i++) {
		const line_t *l = &ls->v[i];
		size_t len = l->e - l->s;
		gap += l->gap;
		if (l->flags & F_DROP) {
			if (!(l->flags & F_FOOTER))
				gap += 3; /* never join across chrome */
			continue;
		}
		if (prev && joins(z, prev, l, gap)) {
			if (is_alnum(z[w - 1]) && is_alnum(z[l->s])) {
				offmap_add(out, w,
					   offmap_get(m->v, m->n, prev->e < l->s ? prev->e : l->s));
				z[w++] = ' ';
			}
		} else if (prev) {
			offmap_add(out, w, offmap_get(m->v, m->n, prev->e));
			z[w++] = '\n';
		}
		remap_range(m, l->s, l->e, w, out);
		memmove(z + w, z + l->s, len);
		w += len;
		prev = l;
		gap = 0;
	}
	return w;
}

size_t clean_to_dec(const clean_out_t *out, size_t i)
{
	return offmap_get_char(out->map, out->nmap, out->z, i);
}

int clean_text(arena_t *a, const char *dz, size_t dn, clean_out_t *out, err_t *e)
{
	p1_t p = { dz, dn, NULL, { NULL, 0, 0, 0 }, 0 };
	offmap_t fin = { NULL, 0, 0, 0 };
	lines_t ls = { NULL, 0, 0 };
	linepos_t lp = { dz, dn, 0, 1 };
	int rc;

	memset(out, 0, sizeof *out);
	p.z = arena_alloc(a, dn + 1);
	if (!p.z)
		return err_set(e, ERR_NOMEM, "out of memory cleaning %zu bytes", dn);
	out->html = clean_is_html(dz, dn);
	pass1(&p, out->html);
	offmap_add(&p.m, p.w, dn);
	rc = p.m.err;
	if (rc == 0)
		rc = lines_collect(p.z, p.w, &ls);
	if (rc == 0)
		rc = mark_drops(a, &ls, p.z, &p.m, &lp, out);
	if (rc == 0) {
		out->n = assemble(p.z, &p.m, &ls, &fin);
		p.z[out->n] = '\0';
		rc = offmap_seal(&fin, a, out->n, dn, &out->map, &out->nmap);
	}
	mem_free(ls.v);
	offmap_free(&p.m);
	offmap_free(&fin);
	if (rc)
		return err_set(e, rc, "out of memory cleaning %zu bytes", dn);
	out->z = p.z;
	return 0;
}
