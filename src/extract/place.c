/* place.c — finds responsible units and places in the norm text (see place.h).
 *
 * One lexicon, built once (pthread_once) in static storage: the gazetteer rows
 * (data/gazetteer.tsv: full names and short forms), named and bare development zones,
 * zone suffixes and department stems.  It is hashed on the first two code points of
 * each entry, each bucket chain sorted longest first, so the scan is a single pass over
 * the text with a leftmost-longest match at each code point.  Rules that keep common
 * words out (城市, 市场, 新区 alone, 区域 …) are described where they are applied.
 * Written here rather than with a multi-pattern matching library (Aho-Corasick) because
 * the lexicon is a few hundred short entries, the matches need context rules around
 * them anyway, and a static table needs no allocation or cleanup. */
#include "extract/place.h"

#include "base/embed.h"
#include "base/utf8.h"
#include "extract/u8.h"

#include <pthread.h>
#include <string.h>

#define GAZ_MAX          512  /* gazetteer rows */
#define LEX_MAX          1536 /* lexicon entries */
#define HASH_SIZE        4096 /* power of two, > 2 * LEX_MAX */
#define ENT_BACK_MAX     12   /* code points of an enterprise name before 集团/公司 */
#define DEPT_GENERIC_MAX 8

enum lex_type { L_PLACE, L_SHORT, L_ZONE, L_ZONE_BARE, L_STEM, L_ZSUF, L_NTYPES };

typedef struct gaz_row {
	str_t name, kind, parent_name, short_name;
	int parent;   /* row index of the parent city, -1 if none */
	int stem_cps; /* code points before the final 市/县/区 */
} gaz_row_t;

typedef struct lex_ent {
	str_t s;
	unsigned char type;
	short row;  /* gazetteer row for L_PLACE / L_SHORT, else -1 */
	short next; /* next entry of the same bucket (longer first), -1 at the end */
} lex_ent_t;

static gaz_row_t g_rows[GAZ_MAX];
static int g_nrows;
static lex_ent_t g_ents[LEX_MAX];
static int g_nents;
static short g_hash[HASH_SIZE];
/* Bit c set when some place or zone entry starts with BMP code point c: the scan skips
 * the hash lookup at every other character. */
static unsigned char g_first[0x10000 / 8];
static int g_init_err;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

/* Named zones that are places in their own right. */
static const char *const k_zones[] = { "雄安新区", "北戴河新区", "正定新区",      "冀南新区",
				       "渤海新区", "临空经济区", "中关村科技园区" };
/* Zones named without a place before them. */
static const char *const k_zones_bare[] = { "高新区", "经开区" };
/* Zone suffixes after a place name: 廊坊开发区, 涿州经济开发区. */
static const char *const k_zsuf[] = { "经济技术开发区", "高新技术产业开发区",
				      "经济开发区",     "开发区",
				      "高新区",         "经开区",
				      "新区",           "综合保税区",
				      "保税区",         "产业园区",
				      "工业园区",       "产业园",
				      "园区",           "片区",
				      "经济区" };
/* Department stems after 市/省/县/区 or a place name. */
static const char *const k_stems[] = {
	"发改委",
	"发展改革委",
	"发展和改革委员会",
	"发改局",
	"住建局",
	"住房和城乡建设局",
	"国资委",
	"国资局",
	"科技局",
	"科学技术局",
	"工信局",
	"工业和信息化局",
	"财政局",
	"商务局",
	"教育局",
	"公安局",
	"民政局",
	"司法局",
	"人社局",
	"人力资源和社会保障局",
	"自然资源和规划局",
	"自然资源局",
	"资规局",
	"生态环境局",
	"交通运输局",
	"交通局",
	"水利局",
	"农业农村局",
	"农业局",
	"文化广电和旅游局",
	"文旅局",
	"文广旅局",
	"卫健委",
	"卫生健康委",
	"卫生健康委员会",
	"应急管理局",
	"应急局",
	"审计局",
	"市场监督管理局",
	"市场监管局",
	"统计局",
	"医保局",
	"医疗保障局",
	"行政审批局",
	"审批局",
	"数据局",
	"大数据局",
	"城管局",
	"城市管理综合行政执法局",
	"政务服务管理局",
	"政务服务局",
	"退役军人事务局",
	"林业局",
	"园林局",
	"信访局",
	"体育局",
	"气象局",
	"税务局",
	"金融办",
	"地方金融监管局",
	"金融局",
	"外办",
	"人防办",
	"网信办",
	"委改革办",
	"委深改办",
	"委办公室",
	"委办",
	"政府办公室",
	"政府办",
	"委组织部",
	"委宣传部",
	"委统战部",
	"委政法委",
	"委编办",
	"委研究室",
	"委政研室",
	"纪委监委",
	"委督查室",
	"政府督查室",
	"督查室",
	"改革办",
	"招商局",
	"投资促进局",
	"投促局",
	"粮食和物资储备局",
	"总工会",
	"妇联",
	"科协",
	"工商联",
	"残联",
	"团委",
	"供销社",
	"住房公积金管理中心",
	"规划局",
	"城乡规划局",
	"国土资源局",
	"环保局",
	"粮食局",
	"物价局",
	"旅发委",
	"口岸办",
	"扶贫办",
	"乡村振兴局",
	"营商环境局",
	"发展和改革局",
	"委网信办",
	"委外办",
	"委财经办",
	"委农办",
	"行政审批服务局",
};
/* Words that end in 局 or 厅 but are not departments: 大局, 格局, 会客厅 … */
static const char *const k_not_dept[] = { "大局", "全局", "格局", "布局", "开局", "变局",
					  "当局", "结局", "时局", "僵局", "残局", "新局",
					  "破局", "棋局", "定局", "终局", "困局", "客厅",
					  "大厅", "餐厅", "展厅", "门厅", "饭局", "骗局" };
/* After a short form: the place's own organs make the short form certain. */
static const char *const k_short_ctx[] = { "县委",   "区委",   "市委", "县政府",
					   "区政府", "市政府", "党委", "政府" };
/* Words just before an enterprise name that are not part of it (verbs, links). */
static const char *const k_ent_cut[] = {
	"对接", "引进", "加强", "推动", "支持", "依托", "联合", "携手", "吸引", "服务",
	"落户", "签约", "包括", "组建", "成立", "作为", "发挥", "引导", "鼓励", "争取",
	"协调", "协同", "合作", "与",   "和",   "及",   "同",   "对",   "向",   "在",
	"由",   "把",   "将",   "是",   "为",   "的",   "等",   "了",   "跟",   "让",
	"使",   "被",   "从",   "到",   "以",   "如",   "像",   "有",   "如",   "其",
};
/* Generic heads: 子公司, 平台公司, 快递公司 … are not names. */
static const char *const k_ent_generic[] = { "子",   "分",   "母",   "该",   "本",   "各",   "快递",
					     "平台", "电商", "上市", "企业", "国有", "民营", "外资",
					     "产业", "龙头", "大型", "知名", "骨干", "这些", "一批",
					     "多家", "央企", "国企", "民企", "大" };
/* City short forms that also occur inside common words: the characters before or after
 * that make the word (确保定期, 均衡水平, 传承德治). */
static const struct {
	const char *name, *bad_prev, *bad_next;
} k_short_words[] = { { "保定", "确担环", "" },
		      { "衡水", "均平失抗", "平准" },
		      { "承德", "传继秉", "" },
		      { "唐山", "", "" } };
/* After a city's short form: an institution named after the city, not the city. */
static const char *const k_short_inst[] = { "大学", "学院", "日报", "晚报", "电视台", "银行" };

/* Length of the code point at z[i]: the norm text is valid UTF-8, so the lead byte says
 * it (clamped to the end, 1 for a stray byte). */
static size_t cp_len(const char *z, size_t n, size_t i)
{
	unsigned char b = (unsigned char)z[i];
	size_t l = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;

	return l <= n - i ? l : n - i;
}

static size_t cp_bytes(const char *s, size_t n, int cps)
{
	size_t i = 0;

	for (int k = 0; k < cps && i < n; k++)
		i += cp_len(s, n, i);
	return i;
}

static unsigned hash_key(const char *s, size_t n)
{
	unsigned h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h & (HASH_SIZE - 1);
}

/* The bucket of the entry whose first two code points are s[0..k); open addressing
 * over (hash -> chain head); returns the slot. */
static unsigned hash_slot(const char *s, size_t k)
{
	unsigned h = hash_key(s, k);

	while (g_hash[h] >= 0) {
		const lex_ent_t *e = &g_ents[g_hash[h]];
		if (cp_bytes(e->s.ptr, e->s.len, 2) == k && memcmp(e->s.ptr, s, k) == 0)
			break;
		h = (h + 1) & (HASH_SIZE - 1);
	}
	return h;
}

static int lex_add(str_t s, int type, int row)
{
	size_t k = cp_bytes(s.ptr, s.len, 2);
	unsigned h;
	short *link;

	if (g_nents >= LEX_MAX || s.len == 0 || k == 0)
		return ERR_LIMIT;
	h = hash_slot(s.ptr, k);
	g_ents[g_nents] = (lex_ent_t){ s, (unsigned char)type, (short)row, -1 };
	if (type == L_PLACE || type == L_SHORT || type == L_ZONE || type == L_ZONE_BARE) {
		uint32_t c = 0;
		if (u8_decode(s.ptr, s.len, &c) > 0 && c < 0x10000)
			g_first[c >> 3] |= (unsigned char)(1u << (c & 7));
	}
	link = &g_hash[h];
	while (*link >= 0 && g_ents[*link].s.len >= s.len)
		link = &g_ents[*link].next;
	g_ents[g_nents].next = *link;
	*link = (short)g_nents;
	g_nents++;
	return 0;
}

static int lex_add_list(const char *const *v, size_t n, int type)
{
	for (size_t i = 0; i < n; i++) {
		int rc = lex_add(str_from_cstr(v[i]), type, -1);
		if (rc)
			return rc;
	}
	return 0;
}

/* Parses one TSV line into a row; 0, or ERR_INVALID for a malformed row. */
static int gaz_parse_line(str_t line, gaz_row_t *r)
{
	str_t f[4];
	str_t rest = line;

	for (int i = 0; i < 4; i++) {
		rest = str_split(rest, '\t', &f[i]);
		if (i < 3 && !rest.ptr)
			return ERR_INVALID;
	}
	r->name = f[0];
	r->kind = f[1];
	r->parent_name = f[2];
	r->short_name = f[3];
	r->parent = -1;
	r->stem_cps = (int)utf8_count(f[0].ptr, f[0].len) - 1;
	if (!f[0].len || !(str_eq_cstr(f[1], "city") || str_eq_cstr(f[1], "county") ||
			   str_eq_cstr(f[1], "district")))
		return ERR_INVALID;
	return 0;
}

static int gaz_load(void)
{
	str_t data, rest, line;

	if (embed_find("gazetteer.tsv", &data))
		return ERR_INTERNAL;
	rest = data;
	while (rest.ptr && rest.len) {
		rest = str_split(rest, '\n', &line);
		if (!line.len || line.ptr[0] == '#')
			continue;
		if (g_nrows >= GAZ_MAX || gaz_parse_line(line, &g_rows[g_nrows]))
			return ERR_INTERNAL;
		g_nrows++;
	}
	for (int i = 0; i < g_nrows; i++) {
		for (int j = 0; j < g_nrows && g_rows[i].parent_name.len; j++)
			if (str_eq(g_rows[j].name, g_rows[i].parent_name)) {
				g_rows[i].parent = j;
				break;
			}
	}
	return 0;
}

/* Characters before 市/县/区/省 that make it part of a word, not a department prefix
 * (城市, 超市, 全市 ...), and characters a department stem never contains: tested once
 * per such character of the text, so kept as bitmaps over the BMP. */
static const char k_not_prefix[] = "城都超上门股夜街集菜社园片辖郊矿地选特景专分校灾湾"
				   "县省市区全各本该小";
static const char k_not_stem[] = "的在对等要将是把了与及或并从向为以就";
static unsigned char g_not_prefix[0x10000 / 8], g_not_stem[0x10000 / 8];

static void bits_fill(unsigned char *bits, const char *set)
{
	size_t i = 0, n = strlen(set);
	uint32_t c;

	while (i < n) {
		int k = u8_decode(set + i, n - i, &c);
		if (k < 0)
			return;
		if (c < 0x10000)
			bits[c >> 3] |= (unsigned char)(1u << (c & 7));
		i += (size_t)k;
	}
}

static bool bits_has(const unsigned char *bits, uint32_t c)
{
	return c && c < 0x10000 && (bits[c >> 3] >> (c & 7)) & 1;
}

static void lex_init(void)
{
	int rc;

	bits_fill(g_not_prefix, k_not_prefix);
	bits_fill(g_not_stem, k_not_stem);

	memset(g_hash, 0xff, sizeof g_hash);
	rc = gaz_load();
	for (int i = 0; !rc && i < g_nrows; i++) {
		rc = lex_add(g_rows[i].name, L_PLACE, i);
		if (!rc && utf8_count(g_rows[i].short_name.ptr, g_rows[i].short_name.len) >= 2)
			rc = lex_add(g_rows[i].short_name, L_SHORT, i);
	}
	if (!rc)
		rc = lex_add_list(k_zones, sizeof k_zones / sizeof *k_zones, L_ZONE);
	if (!rc)
		rc = lex_add_list(k_zones_bare, sizeof k_zones_bare / sizeof *k_zones_bare,
				  L_ZONE_BARE);
	if (!rc)
		rc = lex_add_list(k_zsuf, sizeof k_zsuf / sizeof *k_zsuf, L_ZSUF);
	if (!rc)
		rc = lex_add_list(k_stems, sizeof k_stems / sizeof *k_stems, L_STEM);
	g_init_err = rc ? ERR_INTERNAL : 0;
}

/* The longest entry at z[i..n) whose type is in mask, or NULL. */
static const lex_ent_t *lex_match(const char *z, size_t n, size_t i, unsigned mask)
{
	size_t k = cp_bytes(z + i, n - i, 2);
	unsigned h = hash_key(z + i, k);

	while (g_hash[h] >= 0) {
		const lex_ent_t *e = &g_ents[g_hash[h]];
		if (cp_bytes(e->s.ptr, e->s.len, 2) == k && memcmp(e->s.ptr, z + i, k) == 0) {
			for (int x = g_hash[h]; x >= 0; x = g_ents[x].next) {
				const lex_ent_t *c = &g_ents[x];
				if ((mask & (1u << c->type)) && c->s.len <= n - i &&
				    memcmp(c->s.ptr, z + i, c->s.len) == 0)
					return c;
			}
			return NULL;
		}
		h = (h + 1) & (HASH_SIZE - 1);
	}
	return NULL;
}

static bool at_lit(const text_t *t, size_t i, const char *lit)
{
	size_t n = strlen(lit);

	return i <= t->n && n <= t->n - i && memcmp(t->z + i, lit, n) == 0;
}

static size_t at_any(const text_t *t, size_t i, const char *const *v, size_t nv)
{
	size_t best = 0;

	for (size_t k = 0; k < nv; k++)
		if (at_lit(t, i, v[k]) && strlen(v[k]) > best)
			best = strlen(v[k]);
	return best;
}

static uint32_t cp_at(const text_t *t, size_t i)
{
	const unsigned char *p = (const unsigned char *)t->z + i;
	uint32_t cp = 0;

	if (i + 2 < t->n && (p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 &&
	    (p[2] & 0xC0) == 0x80) /* the common case, CJK: decoded inline */
		return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
		       (p[2] & 0x3F);
	if (i >= t->n || u8_decode(t->z + i, t->n - i, &cp) < 0)
		return 0;
	return cp;
}

static uint32_t cp_before(const text_t *t, size_t i)
{
	return i ? cp_at(t, utf8_back(t->z, i - 1)) : 0;
}

/* Whether cp is one of the characters of the UTF-8 string set: compares encodings, so
 * nothing is decoded. */
static bool cp_in(uint32_t cp, const char *set)
{
	char enc[4];
	size_t l = cp ? utf8_encode(cp, enc) : 0;

	if (!l)
		return false;
	for (const char *p = set; *p; p += cp_len(p, 4, 0)) {
		if (memcmp(p, enc, l) == 0)
			return true;
	}
	return false;
}

/* ---- the scan ------------------------------------------------------------------- */

typedef struct scan {
	draft_t *d;
	const text_t *t;
	bool simplified;
	size_t n0;       /* units in the draft before this call */
	size_t node_cur; /* index into d->nodes, moves forward with the scan */
	size_t last_end; /* norm end of the last place candidate, accepted or not */
	int last_row;    /* its gazetteer row, -1 if none */
} scan_t;

/* The id of the node whose own range holds norm offset pos, or 0. */
static int node_of(scan_t *sc, size_t pos)
{
	const draft_t *d = sc->d;
	int id;

	if (!d->nodes.n)
		return 0;
	while (sc->node_cur + 1 < d->nodes.n && d->nodes.v[sc->node_cur + 1].norm_start <= pos)
		sc->node_cur++;
	id = d->nodes.v[sc->node_cur].id;
	for (int guard = 0; id > 0 && (size_t)id <= d->nodes.n && guard < 64; guard++) {
		const draft_node_t *nd = &d->nodes.v[id - 1];
		if (nd->norm_start <= pos && pos < nd->norm_end)
			return id;
		id = nd->parent;
	}
	return 0;
}

#define DEDUPE_LOOKBACK 64

static int emit(scan_t *sc, size_t s, size_t e, const char *kind)
{
	draft_t *d = sc->d;
	int node = node_of(sc, s);
	const char *name = text_display(sc->t, d->arena, s, e, sc->simplified);
	draft_unit_t *u;

	if (!name)
		return ERR_NOMEM;
	for (size_t k = d->units.n, seen = 0; k > sc->n0 && seen < DEDUPE_LOOKBACK; k--, seen++) {
		const draft_unit_t *p = &d->units.v[k - 1];
		if (p->node != node)
			break;
		if (strcmp(p->name, name) == 0)
			return 0;
	}
	u = DRAFT_PUSH(d, units);
	if (!u)
		return ERR_NOMEM;
	u->name = name;
	u->kind = kind;
	u->node = node;
	u->span = text_span(sc->t, s, e);
	return 0;
}

/* 市/省/县/区 starts a department name unless it ends a word: 城市, 超市, 社区 … */
static bool dept_prefix_at(const text_t *t, size_t i)
{
	unsigned char b = (unsigned char)t->z[i];
	uint32_t c;

	if (b != 0xE5 && b != 0xE7) /* the lead byte of 市 县 区 (E5) and 省 (E7) */
		return false;
	c = cp_at(t, i);
	if (c != 0x5E02 && c != 0x7701 && c != 0x53BF && c != 0x533A) /* 市 省 县 区 */
		return false;
	return !bits_has(g_not_prefix, cp_before(t, i));
}

/* Length of a department name's stem at norm offset i: a stem from the table, or a run
 * of 2..DEPT_GENERIC_MAX ideographs ending in 局, 厅 or 委员会 that is not a common word. */
static size_t dept_stem_at(const text_t *t, size_t i)
{
	const lex_ent_t *m = lex_match(t->z, t->n, i, 1u << L_STEM);
	size_t j = i;

	if (m)
		return m->s.len;
	for (int k = 0; k < DEPT_GENERIC_MAX && j < t->n; k++) {
		uint32_t c = cp_at(t, j);
		size_t l = cp_len(t->z, t->n, j);
		if (!u8_is_han(c) || bits_has(g_not_stem, c))
			return 0;
		if (k >= 2 && (c == 0x5C40 /* 局 */ || c == 0x5385 /* 厅 */)) {
			size_t w = utf8_back(t->z, j - 1);
			for (size_t x = 0; x < sizeof k_not_dept / sizeof *k_not_dept; x++)
				if (at_lit(t, w, k_not_dept[x]))
					return 0;
			return j + l - i;
		}
		if (k >= 2 && at_lit(t, j, "委员会"))
			return j + strlen("委员会") - i;
		j += l;
	}
	return 0;
}

/* Whether a gazetteer match [i, j) names the place here (see the rules inline). */
static bool place_ok(scan_t *sc, const lex_ent_t *m, size_t i, size_t j)
{
	const text_t *t = sc->t;
	const gaz_row_t *r = &g_rows[m->row];
	uint32_t next = cp_at(t, j), prev = cp_before(t, i);
	bool after_parent = sc->last_end == i && sc->last_row >= 0 &&
			    (sc->last_row == r->parent ||
			     (r->parent >= 0 && str_eq(g_rows[sc->last_row].name, r->parent_name)));

	if (m->type == L_PLACE) {
		if (str_ends_with(m->s, STR_LIT("区")) && (next == 0x57DF || next == 0x5757))
			return false; /* 河北区域, 和平区块链: 区域 and 区块 are words */
		if (str_ends_with(m->s, STR_LIT("市")) && next == 0x573A /* 场 */)
			return false; /* 三河市场 */
		if (r->stem_cps == 1 && !after_parent &&
		    ((u8_is_han(prev) && !cp_in(prev, "和与及在对向到从是省市州即")) ||
		     cp_in(next, "域级城")))
			return false; /* 交易县域, 贸易县 */
		return true;
	}
	/* a short form */
	if (at_any(t, j, k_short_inst, sizeof k_short_inst / sizeof *k_short_inst))
		return false; /* 天津大学 */
	for (size_t k = 0; k < sizeof k_short_words / sizeof *k_short_words; k++)
		if (str_eq_cstr(m->s, k_short_words[k].name) &&
		    (cp_in(prev, k_short_words[k].bad_prev) ||
		     cp_in(next, k_short_words[k].bad_next)))
			return false;
	if (r->parent < 0 && str_eq_cstr(r->kind, "city"))
		return true; /* 石家庄, 廊坊: distinctive city names */
	if (utf8_count(m->s.ptr, m->s.len) >= 3 || after_parent)
		return true; /* 高碑店, 曹妃甸; 廊坊固安 */
	if (at_any(t, j, k_short_ctx, sizeof k_short_ctx / sizeof *k_short_ctx))
		return true; /* 涿州市委 is full; 涿州县委 never, 正定县委 is full: 平山政府 */
	if (next == 0x3001 /* 、 */ &&
	    lex_match(t->z, t->n, j + 3, (1u << L_PLACE) | (1u << L_SHORT)))
		return true; /* 三河、大厂、香河 */
	if (prev == 0x3001 && sc->last_row >= 0 && sc->last_end + 3 == i)
		return true;
	return false;
}

static size_t zone_suffix_at(const text_t *t, size_t j)
{
	const lex_ent_t *z = lex_match(t->z, t->n, j, 1u << L_ZSUF);

	return z ? z->s.len : 0;
}

static bool ent_generic(const text_t *t, size_t s, size_t e)
{
	for (size_t k = 0; k < sizeof k_ent_generic / sizeof *k_ent_generic; k++) {
		size_t l = strlen(k_ent_generic[k]);
		if (e - s >= l && memcmp(t->z + e - l, k_ent_generic[k], l) == 0)
			return true;
	}
	return false;
}

/* An enterprise whose 集团 or 公司 starts at i: returns the bytes from i consumed and sets
 * *out_start, or 0. */
static size_t ent_at(const text_t *t, size_t i, size_t *out_start)
{
	size_t end, s = i;
	bool group = at_lit(t, i, "集团");

	if (!group && !at_lit(t, i, "公司"))
		return 0;
	end = i + 6;
	if (group && at_lit(t, end, "有限公司"))
		end += 12;
	else if (group && at_lit(t, end, "公司"))
		end += 6;
	if (cp_in(cp_at(t, end), "化式军"))
		return 0;
	for (int k = 0; k < ENT_BACK_MAX && s > 0; k++) {
		size_t p = utf8_back(t->z, s - 1);
		uint32_t c = cp_at(t, p);
		if (!u8_is_han(c) && !(c < 0x80 && (c >= '0' && c <= 'z') && c != '_'))
			break;
		s = p;
	}
	/* cut after the last linking word inside the run: 加强与|国药集团 */
	for (size_t p = s; p < i; p += cp_len(t->z, t->n, p)) {
		size_t l = at_any(t, p, k_ent_cut, sizeof k_ent_cut / sizeof *k_ent_cut);
		if (l && p + l < i)
			s = p + l;
	}
	if (utf8_count(t->z + s, i - s) < 2 || ent_generic(t, s, i))
		return 0;
	for (size_t p = s; p < i; p++)
		if (t->z[p] >= '0' && t->z[p] <= '9')
			return 0; /* 36家央企集团: a count, not a name */
	*out_start = s;
	return end - i;
}

/* Tries every rule at norm offset i; returns the bytes consumed (0: none matched). */
static int scan_at(scan_t *sc, size_t i, size_t *out_adv)
{
	const text_t *t = sc->t;
	const lex_ent_t *m;
	size_t dept = 0, s, l;
	uint32_t c;

	*out_adv = 0;
	if ((unsigned char)t->z[i] < 0xE4)
		return 0; /* ASCII and non-CJK: nothing starts here */
	if ((l = ent_at(t, i, &s)) != 0) {
		draft_span_t sp = text_span(t, s, i + l);
		while (sc->d->units.n > sc->n0 &&
		       sc->d->units.v[sc->d->units.n - 1].span.start >= sp.start)
			sc->d->units.n--;
		*out_adv = l;
		return emit(sc, s, i + l, "enterprise");
	}
	if (dept_prefix_at(t, i))
		dept = dept_stem_at(t, i + 3);
	if (dept)
		dept += 3;
	c = cp_at(t, i);
	m = c < 0x10000 && (g_first[c >> 3] & (1u << (c & 7)))
		    ? lex_match(t->z, t->n, i,
				(1u << L_PLACE) | (1u << L_SHORT) | (1u << L_ZONE) |
					(1u << L_ZONE_BARE))
		    : NULL;
	if (dept && (!m || dept > m->s.len)) {
		*out_adv = dept;
		return emit(sc, i, i + dept, "department");
	}
	if (!m)
		return 0;
	l = m->s.len;
	*out_adv = l;
	if (m->type == L_ZONE || m->type == L_ZONE_BARE)
		return emit(sc, i, i + l, "zone");
	if ((s = zone_suffix_at(t, i + l)) != 0) {
		*out_adv = l + s;
		return emit(sc, i, i + l + s, "zone");
	}
	if ((s = dept_stem_at(t, i + l)) != 0) {
		*out_adv = l + s;
		return emit(sc, i, i + l + s, "department");
	}
	if (place_ok(sc, m, i, i + l)) {
		const char *kind = str_eq_cstr(g_rows[m->row].kind, "city")     ? "city"
				   : str_eq_cstr(g_rows[m->row].kind, "county") ? "county"
										: "district";
		int rc = emit(sc, i, i + l, kind);
		sc->last_end = i + l;
		sc->last_row = m->row;
		return rc;
	}
	sc->last_end = i + l;
	sc->last_row = m->row;
	return 0;
}

int place_extract(draft_t *d, const text_t *t, const extract_opts_t *o, err_t *e)
{
	scan_t sc = { d, t, o && o->simplified, d->units.n, 0, 0, -1 };

	pthread_once(&g_once, lex_init);
	if (g_init_err)
		return err_set(e, g_init_err,
			       "place: the embedded gazetteer.tsv is missing or "
			       "malformed");
	for (size_t i = 0; i < t->n;) {
		size_t adv;
		int rc = scan_at(&sc, i, &adv);
		if (rc)
			return err_set(e, rc, "place: out of memory at norm offset %zu", i);
		i += adv ? adv : cp_len(t->z, t->n, i);
	}
	return 0;
}
