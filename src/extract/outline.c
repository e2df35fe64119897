/* outline.c — headings and enumeration items of the norm text become outline nodes, by
 * the rules of docs/annotation.md ("Outline").
 *
 * One pass over the paragraphs (norm lines).  Line-start headings (一、 (一) 1. (1) # lead
 * phrase, bare heading line) live on a block stack: an item pops back to the previous
 * item of its own family (sibling) or else becomes a child of the top.  In-paragraph
 * enumerations (第一, / 一是) live on a small inline stack under the current block
 * heading; it is cleared by every block heading, and a family's first item drops what
 * earlier paragraphs left on it.  Two refinements of the stack rule: a bare heading line
 * closes a lead phrase's measures (it is never the lead phrase's child), and the heading
 * of the glossary section (a bare line followed by notes) stands at the top level.
 * Every scan is bounded per item, so the pass is linear in the text even for a 10 MiB
 * line full of markers. */
#include "extract/outline.h"

#include "base/utf8.h"
#include "extract/u8.h"

#include <string.h>

enum {
	F_CN = 1, /* 一、 */
	F_PCN,    /* (一) */
	F_AR,     /* 1. 1、 */
	F_PAR,    /* (1) */
	F_LEAD,   /* lead phrase */
	F_BARE,   /* bare heading line */
	F_DI,     /* 第一, (inline) */
	F_SHI,    /* 一是 (inline) */
	F_MD = 10 /* F_MD + k: a Markdown heading of k '#' */
};

#define TITLE_BLOCK_LINES 8   /* lines the title block at the top may have */
#define TITLE_BLOCK_CPS   60  /* code points a title block line may have */
#define LEAD_CPS          16  /* code points a lead phrase may have before its 。 */
#define BARE_CPS          30  /* code points a bare heading line may have */
#define TITLE_MAX_BYTES   600 /* a title longer than this is cut */
#define INLINE_MAX        4
#define OL_MAX_WARNINGS   8 /* heading warnings reported, then "more" */

typedef struct ol_entry {
	int family;
	int node; /* node id */
	int num;  /* ordinal of an inline item */
	size_t para;
} ol_entry_t;

typedef struct ol_state {
	draft_t *d;
	const text_t *t;
	const extract_opts_t *o;
	ol_entry_t blk[OUTLINE_MAX_DEPTH];
	int nblk;
	ol_entry_t inl[INLINE_MAX];
	int ninl;
	size_t para; /* index of the current paragraph */
	bool depth_warned;
	int nwarn;
} ol_state_t;

/* The code point at s[i] (0 past the end or for an invalid byte) and its length. */
static uint32_t ol_cp(const char *s, size_t n, size_t i, size_t *out_len)
{
	uint32_t cp = 0;
	int k;

	if (i >= n) {
		*out_len = 0;
		return 0;
	}
	k = u8_decode(s + i, n - i, &cp);
	if (k < 0) {
		*out_len = 1;
		return 0;
	}
	*out_len = (size_t)k;
	return cp;
}

static bool ol_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0 || cp == '\r';
}

/* Sentence punctuation of the norm text: 。 , ; : ! ? (full-width ones are folded). */
static bool ol_is_sentence_punct(uint32_t cp)
{
	return cp == 0x3002 || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?' ||
	       cp == 0xFF61;
}

/* Where a title ends: 。 ! ? ; (and , for inline items). */
static bool ol_is_title_end(uint32_t cp, bool inline_item)
{
	if (cp == 0x3002 || cp == '!' || cp == '?' || cp == ';' || cp == '\n')
		return true;
	return inline_item && cp == ',';
}

static size_t ol_skip_space(const char *s, size_t i, size_t n)
{
	size_t k;

	while (i < n && ol_is_space(ol_cp(s, n, i, &k)))
		i += k;
	return i;
}

/* Value of a Chinese numeral digit, 10 for 十, -1 otherwise. */
static int ol_cn_digit(uint32_t cp)
{
	/* a switch, not a table scan: this runs on every character of the text */
	switch (cp) {
	case 0x3007:            /* 〇 */
	case 0x96F6: return 0;  /* 零 */
	case 0x4E00: return 1;  /* 一 */
	case 0x4E8C: return 2;  /* 二 */
	case 0x4E09: return 3;  /* 三 */
	case 0x56DB: return 4;  /* 四 */
	case 0x4E94: return 5;  /* 五 */
	case 0x516D: return 6;  /* 六 */
	case 0x4E03: return 7;  /* 七 */
	case 0x516B: return 8;  /* 八 */
	case 0x4E5D: return 9;  /* 九 */
	case 0x5341: return 10; /* 十 */
	default: return -1;
	}
}

/* Parses a Chinese numeral of at most 4 code points at s[i]; its value (1..99) and the
 * offset after it, or 0 when there is none. */
static int ol_parse_cn(const char *s, size_t n, size_t i, size_t *out_end)
{
	int total = 0, cur = 0, count = 0;
	size_t k;

	while (count < 4) {
		int v = ol_cn_digit(ol_cp(s, n, i, &k));
		if (v < 0)
			break;
		if (v == 10) {
			total += (cur ? cur : 1) * 10;
			cur = 0;
		} else {
			cur = v;
		}
		i += k;
		count++;
	}
	total += cur;
	if (count == 0 || total <= 0 || total > 99)
		return 0;
	*out_end = i;
	return total;
}

/* Parses 1-3 ASCII digits at s[i]; the value and the offset after them, or -1. */
static int ol_parse_ar(const char *s, size_t n, size_t i, size_t *out_end)
{
	int v = 0, count = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9' && count < 4) {
		v = v * 10 + (s[i] - '0');
		i++;
		count++;
	}
	if (count == 0 || count > 3)
		return -1;
	*out_end = i;
	return v;
}

bool outline_is_note_line(const char *s, size_t n)
{
	size_t i = ol_skip_space(s, 0, n), end;
	bool caret;

	if (i >= n || s[i] != '[')
		return false;
	i++;
	caret = i < n && s[i] == '^';
	if (caret)
		i++;
	end = i;
	while (end < n && end - i < 7 && s[end] >= '0' && s[end] <= '9')
		end++;
	if (end == i || end - i > 6 || end >= n || s[end] != ']')
		return false;
	if (caret)
		return end + 1 < n && s[end + 1] == ':';
	return true;
}

/* A labelled line-start heading at s[i]: its family (0 when none), the end of the label
 * and, for Markdown, the number of '#'. */
static int ol_block_marker(const char *s, size_t n, size_t i, size_t *out_label_end)
{
	size_t k, end;
	uint32_t cp;

	if (i < n && s[i] == '#') {
		size_t j = i;
		while (j < n && s[j] == '#')
			j++;
		if (j - i > 6 || (j < n && s[j] != ' ' && s[j] != '\t'))
			return 0;
		*out_label_end = j;
		return F_MD + (int)(j - i);
	}
	if (i < n && s[i] == '(') {
		if (ol_parse_cn(s, n, i + 1, &end) > 0 && end < n && s[end] == ')') {
			*out_label_end = end + 1;
			return F_PCN;
		}
		if (ol_parse_ar(s, n, i + 1, &end) >= 0 && end < n && s[end] == ')') {
			*out_label_end = end + 1;
			return F_PAR;
		}
		return 0;
	}
	if (ol_parse_cn(s, n, i, &end) > 0 && ol_cp(s, n, end, &k) == 0x3001) {
		*out_label_end = end + k;
		return F_CN;
	}
	if (ol_parse_ar(s, n, i, &end) >= 0) {
		cp = ol_cp(s, n, end, &k);
		if (cp == '.' && end + 1 < n && s[end + 1] >= '0' && s[end + 1] <= '9')
			return 0; /* a decimal number */
		if (cp == '.' || cp == 0x3001) {
			*out_label_end = end + k;
			return F_AR;
		}
	}
	return 0;
}

/* An inline enumeration marker at s[i] (第一, or 一是): its family (0 when none), its
 * ordinal, the end of the label and where its title starts. */
static int ol_inline_marker(const char *s, size_t n, size_t i, int *out_num, size_t *out_label_end,
			    size_t *out_title)
{
	size_t k, end;
	uint32_t cp = ol_cp(s, n, i, &k);
	int v;

	if (cp == 0x7B2C) { /* 第 */
		v = ol_parse_cn(s, n, i + k, &end);
		if (v <= 0 || end >= n || s[end] != ',')
			return 0;
		*out_num = v;
		*out_label_end = end;
		*out_title = end + 1;
		return F_DI;
	}
	v = ol_parse_cn(s, n, i, &end);
	if (v <= 0 || ol_cp(s, n, end, &k) != 0x662F) /* 是 */
		return 0;
	*out_num = v;
	*out_label_end = end + k;
	*out_title = end + k;
	return F_SHI;
}

/* The end of a title starting at s[i]: before the first title end, at most
 * TITLE_MAX_BYTES on (then cut at a code point boundary). */
static size_t ol_title_end(const char *s, size_t n, size_t i, bool inline_item)
{
	size_t lim = n - i > TITLE_MAX_BYTES ? i + TITLE_MAX_BYTES : n, k;

	while (i < lim) {
		uint32_t cp = ol_cp(s, n, i, &k);
		if (ol_is_title_end(cp, inline_item))
			return i;
		i += k;
	}
	return i < n ? utf8_back(s, i) : n;
}

/* A warning about one heading (at norm offset at), the first OL_MAX_WARNINGS only. */
static int ol_warn(ol_state_t *st, const char *what, size_t at)
{
	if (st->nwarn >= OL_MAX_WARNINGS)
		return 0;
	if (++st->nwarn == OL_MAX_WARNINGS)
		return draft_warn(st->d, "outline: more headings with problems not reported");
	return draft_warn(st->d, "outline: %s at byte %zu", what, text_span(st->t, at, at).start);
}

/* [*io_s, *io_e) without surrounding white space. */
static void ol_trim(const char *s, size_t *io_s, size_t *io_e)
{
	size_t a = ol_skip_space(s, *io_s, *io_e), b = *io_e;

	while (b > a) {
		size_t p = utf8_back(s, b - 1), k;
		if (!ol_is_space(ol_cp(s, b, p, &k)))
			break;
		b = p;
	}
	*io_s = a;
	*io_e = b;
}

/* The display text of norm bytes [a, b) ("" when empty); owned by the draft's arena,
 * NULL when out of memory. */
static const char *ol_display(ol_state_t *st, size_t a, size_t b, bool simplified)
{
	if (a >= b)
		return arena_strndup(st->d->arena, "", 0);
	return text_display(st->t, st->d->arena, a, b, simplified);
}

/* Appends one node; its id, or ERR_NOMEM. */
static int ol_add(ol_state_t *st, int parent, int level, size_t ls, size_t le, size_t ts, size_t te)
{
	draft_node_t *nd;
	size_t hs = ls, he;

	if (te - ts >= TITLE_MAX_BYTES - 3 && ol_warn(st, "heading title cut", ls) < 0)
		return ERR_NOMEM;
	ol_trim(st->t->z, &ts, &te);
	if (ts == te && ol_warn(st, "heading without a title", ls) < 0)
		return ERR_NOMEM;
	he = te > le ? te : le;
	if (ls == le)
		hs = ts;
	nd = DRAFT_PUSH(st->d, nodes);
	if (!nd)
		return ERR_NOMEM;
	nd->id = (int)st->d->nodes.n;
	nd->parent = parent;
	nd->level = level;
	nd->label = ol_display(st, ls, le, false);
	nd->title = ol_display(st, ts, te, st->o && st->o->simplified);
	nd->span = text_span(st->t, hs, he);
	nd->norm_start = hs;
	nd->norm_end = st->t->n;
	if (!nd->label || !nd->title)
		return ERR_NOMEM;
	return nd->id;
}

static int ol_depth_warn(ol_state_t *st)
{
	if (st->depth_warned)
		return 0;
	st->depth_warned = true;
	return draft_warn(st->d, "outline nested deeper than %d levels; deeper items flattened",
			  OUTLINE_MAX_DEPTH);
}

/* A block heading of family fam with label [ls, le) and title [ts, te). */
static int ol_push_block(ol_state_t *st, int fam, size_t ls, size_t le, size_t ts, size_t te)
{
	int i = st->nblk, id;

	/* a heading line ends the lead phrase's measures before it */
	if (fam == F_BARE && st->nblk && st->blk[st->nblk - 1].family == F_LEAD)
		st->nblk--;
	i = st->nblk;
	for (int j = 0; j < st->nblk; j++) {
		int f = st->blk[j].family;
		if (f == fam || (fam > F_MD && f > F_MD && f >= fam)) {
			i = j;
			break;
		}
	}
	if (i >= OUTLINE_MAX_DEPTH) {
		i = OUTLINE_MAX_DEPTH - 1;
		if (ol_depth_warn(st))
			return ERR_NOMEM;
	}
	id = ol_add(st, i > 0 ? st->blk[i - 1].node : 0, i + 1, ls, le, ts, te);
	if (id < 0)
		return id;
	st->blk[i] = (ol_entry_t){ fam, id, 0, st->para };
	st->nblk = i + 1;
	st->ninl = 0;
	return 0;
}

/* An inline item; ignored when it continues no open list. */
static int ol_push_inline(ol_state_t *st, int fam, int num, size_t ls, size_t le, size_t ts,
			  size_t te)
{
	int i = -1, id, level, parent;

	if (num == 1) {
		int keep = 0;
		while (keep < st->ninl && st->inl[keep].para == st->para)
			keep++;
		st->ninl = keep;
	}
	for (int j = 0; j < st->ninl; j++)
		if (st->inl[j].family == fam)
			i = j;
	if (i < 0 && num != 1)
		return 0;
	if (i >= 0 && num != 1 && st->inl[i].num + 1 != num)
		return 0;
	if (i < 0)
		i = st->ninl;
	if (i >= INLINE_MAX)
		i = INLINE_MAX - 1;
	parent = i > 0 ? st->inl[i - 1].node : (st->nblk ? st->blk[st->nblk - 1].node : 0);
	level = st->nblk + i + 1;
	if (level > OUTLINE_MAX_DEPTH) {
		level = OUTLINE_MAX_DEPTH;
		if (ol_depth_warn(st))
			return ERR_NOMEM;
	}
	id = ol_add(st, parent, level, ls, le, ts, te);
	if (id < 0)
		return id;
	st->inl[i] = (ol_entry_t){ fam, id, num, st->para };
	st->ninl = i + 1;
	return 0;
}

/* Is the code point before s[i] (within the line starting at ls) a place where an
 * inline enumeration may start? */
static bool ol_inline_boundary(const char *s, size_t ls, size_t i)
{
	size_t p, k;
	uint32_t cp;

	if (i <= ls)
		return true;
	p = utf8_back(s, i - 1);
	cp = ol_cp(s, i, p, &k);
	return ol_is_sentence_punct(cp) || ol_is_space(cp);
}

/* Finds the inline enumerations of the paragraph part s[from, le). */
static int ol_scan_inline(ol_state_t *st, size_t ls, size_t from, size_t le)
{
	const char *s = st->t->z;
	size_t i = from, k;

	while (i < le) {
		unsigned char b = (unsigned char)s[i];
		uint32_t cp;
		if (b < 0x80) { /* 第 and the numerals are all three-byte characters */
			i++;
			continue;
		}
		if ((b & 0xF0) == 0xE0 && i + 3 <= le) {
			cp = u8_cp3(s + i);
			k = 3;
		} else {
			cp = ol_cp(s, le, i, &k);
		}
		if ((cp == 0x7B2C || ol_cn_digit(cp) > 0) && ol_inline_boundary(s, ls, i)) {
			int num = 0, rc;
			size_t lend, ts, te;
			int fam = ol_inline_marker(s, le, i, &num, &lend, &ts);
			if (fam) {
				te = ol_title_end(s, le, ts, true);
				rc = ol_push_inline(st, fam, num, i, lend, ts, te);
				if (rc < 0)
					return rc;
				i = lend;
				continue;
			}
		}
		i += k ? k : 1;
	}
	return 0;
}

/* Code points in s[a, b), counting at most lim + 1. */
static size_t ol_count_cps(const char *s, size_t a, size_t b, size_t lim)
{
	size_t c = 0, k;

	while (a < b && c <= lim) {
		ol_cp(s, b, a, &k);
		a += k ? k : 1;
		c++;
	}
	return c;
}

/* Has s[a, b) any sentence punctuation (or a line too long to look at all of)? */
static bool ol_has_punct(const char *s, size_t a, size_t b)
{
	size_t k;

	while (a < b) {
		if (ol_is_sentence_punct(ol_cp(s, b, a, &k)))
			return true;
		a += k ? k : 1;
	}
	return false;
}

static bool ol_is_subtitle(const char *s, size_t i, size_t n)
{
	return (n - i >= 6 && memcmp(s + i, "\xE2\x80\x94\xE2\x80\x94", 6) == 0) ||
	       (n - i >= 3 && memcmp(s + i, "---", 3) == 0);
}

/* An interview question turn: "记者:" or "问:" at the line start. */
static bool ol_is_question(const char *s, size_t i, size_t n)
{
	return (n - i >= 7 && memcmp(s + i, "\xE8\xAE\xB0\xE8\x80\x85:", 7) == 0) ||
	       (n - i >= 4 && memcmp(s + i, "\xE9\x97\xAE:", 4) == 0);
}

static bool ol_starts_inline(const char *s, size_t i, size_t n)
{
	int num;
	size_t a, b;

	return ol_inline_marker(s, n, i, &num, &a, &b) != 0;
}

/* A short line without sentence punctuation that carries no label: what a bare heading
 * (or a title block line) looks like. */
static bool ol_short_plain(const char *s, size_t i, size_t e, size_t max_cps)
{
	size_t lend;

	if (i >= e || ol_count_cps(s, i, e, max_cps) > max_cps || ol_has_punct(s, i, e))
		return false;
	return !ol_block_marker(s, e, i, &lend) && !ol_starts_inline(s, i, e) &&
	       !ol_is_subtitle(s, i, e) && !outline_is_note_line(s + i, e - i);
}

/* A line of the title block: short, no sentence end, no label but Markdown's. */
static bool ol_title_line(const char *s, size_t i, size_t e)
{
	size_t k, lend;
	int fam;

	if (ol_count_cps(s, i, e, TITLE_BLOCK_CPS) > TITLE_BLOCK_CPS || ol_is_question(s, i, e) ||
	    outline_is_note_line(s + i, e - i) || ol_starts_inline(s, i, e))
		return false;
	fam = ol_block_marker(s, e, i, &lend);
	if (fam && fam < F_MD)
		return false;
	for (size_t j = i; j < e; j += k ? k : 1) {
		uint32_t cp = ol_cp(s, e, j, &k);
		if (cp == 0x3002 || cp == '!' || cp == '?' || cp == ';')
			return false;
	}
	return true;
}

/* Takes the document title from a title block line: the first headline, or the first
 * Markdown heading of the block. */
static int ol_title_candidate(ol_state_t *st, size_t i, size_t e, bool *io_from_md)
{
	const char *s = st->t->z;
	bool md = s[i] == '#';

	if (ol_is_subtitle(s, i, e) || (st->d->doc.title && (*io_from_md || !md)))
		return 0;
	while (i < e && s[i] == '#')
		i++;
	ol_trim(s, &i, &e);
	if (i >= e)
		return 0;
	st->d->doc.title = ol_display(st, i, e, st->o && st->o->simplified);
	*io_from_md = md;
	return st->d->doc.title ? 0 : ERR_NOMEM;
}

/* The offset of the 。 that ends a lead phrase opening s[i, e), or 0 when the line does
 * not open with one. */
static size_t ol_lead_end(const char *s, size_t i, size_t e)
{
	size_t j = i, k, cps = 0, after;

	while (j < e && cps <= LEAD_CPS) {
		uint32_t cp = ol_cp(s, e, j, &k);
		if (cp == 0x3002)
			break;
		if (ol_is_sentence_punct(cp) || cp == 0x3001 || cp == '\n')
			return 0;
		j += k ? k : 1;
		cps++;
	}
	if (j >= e || cps == 0 || cps > LEAD_CPS)
		return 0;
	after = ol_skip_space(s, j + 3, e);
	if (after >= e || !ol_has_punct(s, after, e))
		return 0;
	return j;
}

/* The next non-empty line after offset from: [*out_s, *out_e), false when none. */
static bool ol_next_line(const char *s, size_t n, size_t from, size_t *out_s, size_t *out_e)
{
	while (from < n) {
		const char *nl = memchr(s + from, '\n', n - from);
		size_t e = nl ? (size_t)(nl - s) : n;
		size_t i = ol_skip_space(s, from, e);
		if (i < e) {
			*out_s = i;
			*out_e = e;
			return true;
		}
		from = e + 1;
	}
	return false;
}

/* Where a question turn ("记者:") glued into the middle of a paragraph starts (a hard
 * wrap wrongly re-joined), or e: the paragraph ends there. */
static size_t ol_turn_start(const char *s, size_t i, size_t e)
{
	const char *q = memmem(s + i, e - i, "\xE8\xAE\xB0\xE8\x80\x85:", 7);

	return q && q > s + i ? (size_t)(q - s) : e;
}

/* A body line that carries no label: lead phrase, bare heading or plain paragraph. */
static int ol_plain_line(ol_state_t *st, size_t i, size_t e, bool *io_prev_plain)
{
	const char *s = st->t->z;
	size_t dot, ns, ne, le = e;
	bool plain = ol_short_plain(s, i, e, BARE_CPS);
	int rc;

	e = ol_turn_start(s, i, e);

	if (!ol_starts_inline(s, i, e)) {
		dot = ol_lead_end(s, i, e);
		if (dot) {
			*io_prev_plain = false;
			rc = ol_push_block(st, F_LEAD, i, i, i, dot);
			return rc < 0 ? rc : ol_scan_inline(st, i, dot + 3, e);
		}
	}
	if (plain && !*io_prev_plain && ol_next_line(s, st->t->n, le, &ns, &ne) &&
	    !ol_short_plain(s, ns, ne, BARE_CPS)) {
		*io_prev_plain = true;
		/* the heading of the glossary section stands at the top level */
		if (outline_is_note_line(s + ns, ne - ns))
			st->nblk = 0;
		return ol_push_block(st, F_BARE, i, i, i, e);
	}
	*io_prev_plain = plain;
	return ol_scan_inline(st, i, i, e);
}

/* One non-empty body line s[i, e). */
static int ol_body_line(ol_state_t *st, size_t i, size_t e, bool *io_prev_plain)
{
	const char *s = st->t->z;
	size_t lend, ts, te;
	int fam, rc;

	if (outline_is_note_line(s + i, e - i) || ol_is_subtitle(s, i, e) ||
	    ol_is_question(s, i, e)) {
		*io_prev_plain = false;
		return 0;
	}
	fam = ol_block_marker(s, e, i, &lend);
	if (!fam)
		return ol_plain_line(st, i, e, io_prev_plain);
	*io_prev_plain = false;
	ts = fam > F_MD ? ol_skip_space(s, lend, e) : lend;
	te = ol_title_end(s, e, ts, false);
	rc = ol_push_block(st, fam, i, lend, ts, te);
	return rc < 0 ? rc : ol_scan_inline(st, i, te, e);
}

int outline_parse(draft_t *d, const text_t *t, const extract_opts_t *o, err_t *e)
{
	ol_state_t st = { .d = d, .t = t, .o = o };
	const char *s = t->z;
	size_t pos = 0, ntitle = 0;
	bool in_title = true, title_md = false, prev_plain = true;
	int rc = 0;

	while (pos < t->n && rc == 0) {
		const char *nl = memchr(s + pos, '\n', t->n - pos);
		size_t le = nl ? (size_t)(nl - s) : t->n;
		size_t i = ol_skip_space(s, pos, le);

		pos = le + 1;
		if (i >= le)
			continue;
		st.para++;
		if (in_title && ntitle < TITLE_BLOCK_LINES && ol_title_line(s, i, le)) {
			ntitle++;
			rc = ol_title_candidate(&st, i, le, &title_md);
			continue;
		}
		in_title = false;
		rc = ol_body_line(&st, i, le, &prev_plain);
	}
	if (rc == 0 && d->nodes.n == 0)
		rc = draft_warn(d, "outline: no headings or enumerations found");
	if (rc < 0)
		return err_set(e, rc, "outline: out of memory");
	for (size_t k = 0; k + 1 < d->nodes.n; k++)
		d->nodes.v[k].norm_end = d->nodes.v[k + 1].norm_start;
	return 0;
}
