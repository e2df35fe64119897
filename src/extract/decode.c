/* decode.c — encoding detection and decoding for the text layer.
 *
 * Strict UTF-8 is tried first; UTF-16 is recognised by its byte order mark and decoded
 * here (a few lines).  Everything else goes through iconv over a short allow-list of
 * Chinese encodings, and the candidate whose output reads most like Chinese wins: the
 * share of characters from a static table of the ~700 most common Han characters (both
 * scripts) and CJK punctuation, against rare and private-use code points.  No library
 * offers that plausibility test, hence it is written here.  The decoded text keeps an
 * exact map from every byte back to the input: iconv runs chunk-wise, and a chunk whose
 * character count does not match the source (a Big5-HKSCS code that yields two code
 * points) is redone one character at a time. */
#include "extract/decode.h"

#include "base/utf8.h"
#include "extract/u8.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <string.h>

/* The most common Chinese characters, Simplified and their Traditional forms. */
static const char common_han[] = "一万三上下不与专且世业东两並个中为主么义之乎九也书乾了争事二于五"
				 "亚些亞交产亲人什仅今从他代令以们件价任企众会传似但位住体何作你使"
				 "來便保信個們候做備傳僅像價儿元先光克兒党入內全兩八公六共关兵其具"
				 "内再写军农决况准几出击分切列则別利别到制則前力办功加务动势動務勢"
				 "包化北区医區十半华单南即却卻历原去参參又及反发取受变口古另只叫可"
				 "台史号司吃各合同名后向吗吧听告员呢周命和品响員商問喫單嗎器四回因"
				 "团国图國圖團土在地场城基報場增士声处备复外多大天太夫失头女她好如"
				 "始委子字存学學它安完官定实家容實寫对导将將專對導小少尔就尽局展山"
				 "工己已市布师希带師帶常干平年并幾广应府度廣建开式引张張強强当形影"
				 "往很後得從德心必快念怎思性总息情想意愛感應成我或战戰房所手才打找"
				 "技把投报拉持指据接推提擊據支收改放政教数整數文断斯新斷方於无日早"
				 "时明易是显時更書曾最會月有服望期未本术机权李条来東极构林果某查标"
				 "样根格案條業極構標樣機權次正此步武歷死每比民气氣水求決沒没治況法"
				 "注活流济海消深清準满滿濟火点為無然照爭爱爲爾片物特王现現理生產用"
				 "由电界當病發白百的盡目直相看真眼眾着知石研确確示社神离种科称程種"
				 "稱究空突立笑第等算管節类精系約紅級組結給統經維線總红约级线组经结"
				 "给统维罗羅美義老考者而联聯聲聽能自至臺與色节花英華萬落著處號虽衆"
				 "行術表被装裏裝裡西要覆見規視親覺觀见观规视觉解言計記設許話該認語"
				 "說調談請論證識議變讓计认让议记许论设证识话该语说请调谈象費資質质"
				 "费资走起越路身車軍較輕轉车转轻较辦農边达过运近还这进远连选這通造"
				 "連進運過道達遠選還邊那部都醫里重量金長长門開間關门问间队阿际院除"
				 "隊随際隨难集雖離難電需青非面響須領頭題類顯须领题風风飛飞首馬马體"
				 "高麼黑點黨";

#define HAN_LO 0x4E00u
#define HAN_HI 0x9FFFu
static unsigned char common_bits[(HAN_HI - HAN_LO + 1) / 8 + 1];
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

static void common_init(void)
{
	size_t i = 0, n = sizeof common_han - 1;
	uint32_t cp;

	while (i < n) {
		int k = u8_decode(common_han + i, n - i, &cp);
		if (k < 0)
			break;
		if (cp >= HAN_LO && cp <= HAN_HI)
			common_bits[(cp - HAN_LO) >> 3] |=
				(unsigned char)(1u << ((cp - HAN_LO) & 7));
		i += (size_t)k;
	}
}

static int is_common(uint32_t cp)
{
	if (cp < HAN_LO || cp > HAN_HI)
		return 0;
	return (common_bits[(cp - HAN_LO) >> 3] >> ((cp - HAN_LO) & 7)) & 1;
}

typedef struct score {
	size_t total, good, bad;
} score_t;

static void score_add(score_t *s, const char *z, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		int k;
		if ((unsigned char)z[i] < 0x80) {
			i++;
			continue;
		}
		k = u8_decode(z + i, n - i, &cp);
		if (k < 0) {
			i++;
			s->total++;
			s->bad++;
			continue;
		}
		i += (size_t)k;
		s->total++;
		if (is_common(cp) || utf8_is_cjk_punct(cp) || cp == 0xA0 || cp == 0xFEFF)
			s->good++;
		else if ((cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
			 (cp >= 0x3400 && cp <= 0x4DBF) || cp >= 0x20000 || cp < 0xA0 ||
			 (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x2E80 && cp <= 0x2FDF))
			s->bad++;
	}
}

static double score_value(const score_t *s)
{
	if (s->total == 0)
		return -1;
	return ((double)s->good - 2.0 * (double)s->bad) / (double)s->total;
}

double decode_plausibility(const char *z, size_t n)
{
	score_t s = { 0, 0, 0 };

	pthread_once(&common_once, common_init);
	score_add(&s, z, n);
	return score_value(&s);
}

/* ---- helpers --------------------------------------------------------------------- */

/* A decoded copy of n bytes and its map (arena), written through out_z and out_map. */
static int alloc_out(arena_t *a, size_t n, decode_out_t *out, char **out_z, uint32_t **out_map,
		     err_t *e)
{
	*out_z = arena_alloc(a, n + 1);
	*out_map = *out_z ? arena_alloc(a, (n + 1) * sizeof **out_map) : NULL;
	if (!*out_z || !*out_map)
		return err_set(e, ERR_NOMEM, "out of memory decoding %zu bytes", n);
	out->z = *out_z;
	out->to_orig = *out_map;
	out->n = n;
	(*out_z)[n] = '\0';
	return 0;
}

size_t decode_orig_at(const decode_out_t *d, size_t j)
{
	if (d->to_orig)
		return d->to_orig[j];
	while (j > 0 && j < d->n && ((unsigned char)d->z[j] & 0xC0) == 0x80)
		j--;
	return d->base + j;
}

/* Bytes that never occur in text: NUL and C0 controls other than tab, LF, FF, CR. */
static int is_binary_byte(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || c == 0x7F;
}

static int binary_error(err_t *e, size_t off, unsigned c)
{
	if (c == 0)
		return err_set_at(e, ERR_INVALID, 0, (long long)off,
				  "binary input: NUL byte at byte offset %zu", off);
	return err_set_at(e, ERR_INVALID, 0, (long long)off,
			  "binary input: control byte 0x%02X at byte offset %zu", c, off);
}

/* ---- UTF-8 ----------------------------------------------------------------------- */

/* One pass over the input: the offset of its first binary byte in *out_bin and of its
 * first invalid UTF-8 sequence in *out_bad (SIZE_MAX when none).  The UTF-8 check is
 * utf8_validate (base/utf8.h) with the per-character decode inline (extract/u8.h): the
 * same offset, at a fraction of the cost on large inputs. */
static void scan_input(const char *p, size_t n, size_t *out_bin, size_t *out_bad)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;
	uint32_t cp;

	*out_bin = *out_bad = SIZE_MAX;
	while (i < n) {
		int k;
		if (s[i] < 0x80) {
			if ((s[i] < 0x20 || s[i] == 0x7F) && is_binary_byte(s[i])) {
				*out_bin = i;
				return;
			}
			i++;
			continue;
		}
		k = u8_decode(p + i, n - i, &cp);
		if (k < 0) {
			*out_bad = i;
			break;
		}
		i += (size_t)k;
	}
	for (; i < n; i++)
		if (is_binary_byte(s[i])) {
			*out_bin = i;
			return;
		}
}

/* UTF-8 input is its own decoded text: no copy and no map (the offset is z - input). */
static int decode_utf8(const char *p, size_t n, size_t base, decode_out_t *out)
{
	out->z = p;
	out->n = n;
	out->to_orig = NULL;
	out->base = base;
	out->encoding = "UTF-8";
	return 0;
}

/* ---- UTF-16 ---------------------------------------------------------------------- */

static uint32_t u16_at(const unsigned char *s, size_t i, int be)
{
	return be ? ((uint32_t)s[i] << 8) | s[i + 1] : ((uint32_t)s[i + 1] << 8) | s[i];
}

/* One code point at byte i (i + 1 < n); its byte length in *out_len, or 0 if malformed. */
static uint32_t u16_next(const unsigned char *s, size_t n, size_t i, int be, size_t *out_len)
{
	uint32_t u = u16_at(s, i, be), v;

	*out_len = 2;
	if (u >= 0xDC00 && u <= 0xDFFF) {
		*out_len = 0;
	} else if (u >= 0xD800 && u <= 0xDBFF) {
		if (i + 3 >= n) {
			*out_len = 0;
			return 0;
		}
		v = u16_at(s, i + 2, be);
		if (v < 0xDC00 || v > 0xDFFF) {
			*out_len = 0;
			return 0;
		}
		*out_len = 4;
		return 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
	}
	return u;
}

static int decode_utf16(arena_t *a, const char *data, size_t n, int be, decode_out_t *out, err_t *e)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i, len, total = 0, j = 0;
	char tmp[4], *oz;
	uint32_t *om;
	int rc;

	for (i = 2; i + 1 < n; i += len) {
		uint32_t cp = u16_next(s, n, i, be, &len);
		if (len == 0)
			return err_set_at(e, ERR_INVALID, 0, (long long)i,
					  "invalid UTF-16: unpaired surrogate at byte offset %zu",
					  i);
		if (cp < 0x80 && is_binary_byte((unsigned char)cp))
			return binary_error(e, i, cp);
		total += utf8_encode(cp, tmp);
	}
	if (i < n)
		return err_set_at(e, ERR_INVALID, 0, (long long)i,
				  "invalid UTF-16: truncated code unit at byte offset %zu", i);
	rc = alloc_out(a, total, out, &oz, &om, e);
	if (rc)
		return rc;
	for (i = 2; i + 1 < n; i += len) {
		uint32_t cp = u16_next(s, n, i, be, &len);
		size_t k = utf8_encode(cp, oz + j);
		for (size_t q = 0; q < k; q++)
			om[j + q] = (uint32_t)i;
		j += k;
	}
	om[j] = (uint32_t)n;
	out->encoding = be ? "UTF-16BE" : "UTF-16LE";
	return 0;
}

/* ---- iconv candidates ------------------------------------------------------------ */

typedef struct cand {
	const char *name;  /* iconv name and the reported encoding */
	int gb;            /* GB18030 length rules, else Big5 */
	int ok;            /* decoded without error */
	size_t bad_offset; /* first undecodable byte when !ok */
	size_t out_len;    /* UTF-8 bytes when ok */
	double score;
} cand_t;

/* Length of the source character at i under the candidate's rules. */
static size_t src_len(const cand_t *c, const unsigned char *s, size_t n, size_t i)
{
	if (s[i] < 0x80)
		return 1;
	if (c->gb && i + 1 < n && s[i + 1] >= 0x30 && s[i + 1] <= 0x39)
		return i + 4 <= n ? 4 : n - i;
	return i + 2 <= n ? 2 : n - i;
}

/* Streams the whole input through iconv: records failure offset, output length, score. */
static int cand_probe(cand_t *c, const char *data, size_t n)
{
	char obuf[16384];
	iconv_t cd = iconv_open("UTF-8", c->name);
	char *in = (char *)data;
	size_t inleft = n;
	score_t sc = { 0, 0, 0 };

	if (cd == (iconv_t)-1)
		return -1;
	c->ok = 1;
	c->out_len = 0;
	while (inleft > 0) {
		char *op = obuf;
		size_t oleft = sizeof obuf;
		size_t r = iconv(cd, &in, &inleft, &op, &oleft);
		score_add(&sc, obuf, (size_t)(op - obuf));
		c->out_len += (size_t)(op - obuf);
		if (r == (size_t)-1 && errno != E2BIG) {
			c->ok = 0;
			c->bad_offset = (size_t)(in - data);
			break;
		}
	}
	if (c->ok) { /* flush a character a stateful decoder may hold back */
		char *op = obuf;
		size_t oleft = sizeof obuf;
		iconv(cd, NULL, NULL, &op, &oleft);
		score_add(&sc, obuf, (size_t)(op - obuf));
		c->out_len += (size_t)(op - obuf);
	}
	iconv_close(cd);
	c->score = score_value(&sc);
	return 0;
}

/* The decoded copy being written and its map. */
typedef struct wbuf {
	char *z;
	uint32_t *m;
	size_t n;
} wbuf_t;

/* Converts s[0..len) into out->z at *io_j with the map; per character when whole-chunk
 * conversion does not keep one code point per source character. */
static int cand_chunk(iconv_t cd, const cand_t *c, const char *data, size_t n, size_t at,
		      size_t len, wbuf_t *out, size_t *io_j)
{
	const unsigned char *s = (const unsigned char *)data;
	char *in = (char *)data + at, *op = out->z + *io_j;
	size_t inleft = len, oleft = out->n - *io_j, nsrc = 0, ncp = 0, i;

	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &in, &inleft, &op, &oleft) == (size_t)-1 || inleft ||
	    iconv(cd, NULL, NULL, &op, &oleft) == (size_t)-1)
		goto slow;
	for (i = at; i < at + len; i += src_len(c, s, n, i))
		nsrc++;
	for (char *q = out->z + *io_j; q < op; q++)
		ncp += ((unsigned char)*q & 0xC0) != 0x80;
	if (nsrc != ncp)
		goto slow;
	i = at;
	for (size_t j = *io_j; j < (size_t)(op - out->z); j++) {
		if (j > *io_j && ((unsigned char)out->z[j] & 0xC0) != 0x80)
			i += src_len(c, s, n, i);
		out->m[j] = (uint32_t)i;
	}
	*io_j = (size_t)(op - out->z);
	return 0;
slow:
	op = out->z + *io_j;
	oleft = out->n - *io_j;
	for (i = at; i < at + len;) {
		size_t k = src_len(c, s, n, i);
		char *o0 = op;
		in = (char *)data + i;
		inleft = k;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &in, &inleft, &op, &oleft) == (size_t)-1 || inleft)
			return -1;
		iconv(cd, NULL, NULL, &op, &oleft);
		for (char *q = o0; q < op; q++)
			out->m[q - out->z] = (uint32_t)i;
		i += k;
	}
	*io_j = (size_t)(op - out->z);
	return 0;
}

static int cand_decode(arena_t *a, const cand_t *c, const char *data, size_t n, decode_out_t *out,
		       err_t *e)
{
	const unsigned char *s = (const unsigned char *)data;
	iconv_t cd;
	size_t at = 0, j = 0;
	wbuf_t w;
	int rc = alloc_out(a, c->out_len, out, &w.z, &w.m, e);

	if (rc)
		return rc;
	w.n = out->n;
	cd = iconv_open("UTF-8", c->name);
	if (cd == (iconv_t)-1)
		return err_set(e, ERR_INTERNAL, "iconv cannot convert from %s", c->name);
	while (at < n && rc == 0) {
		size_t end = at;
		while (end < n && end - at < 4096)
			end += src_len(c, s, n, end);
		if (cand_chunk(cd, c, data, n, at, end - at, &w, &j))
			rc = err_set_at(e, ERR_INTERNAL, 0, (long long)at,
					"%s conversion changed at byte offset %zu", c->name, at);
		at = end;
	}
	iconv_close(cd);
	if (rc == 0 && j != out->n)
		rc = err_set(e, ERR_INTERNAL, "%s conversion length mismatch", c->name);
	if (rc)
		return rc;
	w.m[j] = (uint32_t)n;
	out->encoding = c->name;
	return 0;
}

/* Valid multi-byte UTF-8 characters before offset end. */
static size_t utf8_multibyte_before(const char *p, size_t end)
{
	size_t i = 0, count = 0;
	uint32_t cp;

	while (i < end) {
		int k = u8_decode(p + i, end - i, &cp);
		if (k < 0)
			return count;
		count += k > 1;
		i += (size_t)k;
	}
	return count;
}

static int decode_legacy(arena_t *a, const char *data, size_t n, size_t bad_utf8, decode_out_t *out,
			 err_t *e)
{
	cand_t cands[3] = { { "GB18030", 1, 0, 0, 0, 0 },
			    { "BIG5", 0, 0, 0, 0, 0 },
			    { "BIG5-HKSCS", 0, 0, 0, 0, 0 } };
	cand_t *best = NULL, *second = NULL;

	if (utf8_multibyte_before(data, bad_utf8) >= 4)
		return err_set_at(e, ERR_INVALID, 0, (long long)bad_utf8,
				  "mixed or corrupt encoding: the text is UTF-8 up to byte offset "
				  "%zu, where an invalid byte follows",
				  bad_utf8);
	for (int i = 0; i < 3; i++) {
		if (i == 1 && cands[0].ok && cands[0].score >= 0.6)
			break; /* reads as Chinese: Big5 bytes as GB18030 never score this */
		if (i == 2 && cands[1].ok)
			break; /* Big5-HKSCS is a superset: only needed when Big5 fails */
		if (cand_probe(&cands[i], data, n))
			continue;
		if (!cands[i].ok)
			continue;
		if (!best || cands[i].score > best->score) {
			second = best;
			best = &cands[i];
		} else if (!second || cands[i].score > second->score) {
			second = &cands[i];
		}
	}
	if (!best) {
		size_t far = cands[0].bad_offset > cands[1].bad_offset ? cands[0].bad_offset
								       : cands[1].bad_offset;
		return err_set_at(
			e, ERR_INVALID, 0, (long long)bad_utf8,
			"cannot decode: invalid UTF-8 at byte offset %zu, and not GB18030 "
			"or Big5 either (undecodable byte at offset %zu)",
			bad_utf8, far);
	}
	if (best->score < 0.3 || (second && best->score - second->score < 0.1))
		return err_set_at(
			e, ERR_INVALID, 0, (long long)bad_utf8,
			"cannot determine the encoding: invalid UTF-8 at byte offset %zu, "
			"and the text does not read as Chinese in GB18030 or Big5",
			bad_utf8);
	return cand_decode(a, best, data, n, out, e);
}

int decode_text(arena_t *a, const char *data, size_t n, size_t max_bytes, decode_out_t *out,
		err_t *e)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t bad, bin, limit = max_bytes ? max_bytes : DECODE_DEFAULT_MAX;

	memset(out, 0, sizeof *out);
	pthread_once(&common_once, common_init);
	if (limit > 0x3FFFFFFF)
		limit = 0x3FFFFFFF; /* offsets are 32-bit; decoding can grow 2x */
	if (n == 0 || !data)
		return err_set(e, ERR_INVALID, "empty document");
	if (n > limit)
		return err_set(e, ERR_LIMIT,
			       "document too large: %zu bytes, the limit is %zu bytes", n, limit);
	if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
		return decode_utf16(a, data, n, s[0] == 0xFE, out, e);
	scan_input(data, n, &bin, &bad);
	if (bin != SIZE_MAX)
		return binary_error(e, bin, s[bin]);
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		if (bad != SIZE_MAX) /* the mark is a whole character: bad is past it */
			return err_set_at(e, ERR_INVALID, 0, (long long)bad,
					  "invalid UTF-8 at byte offset %zu (the file starts with "
					  "a UTF-8 byte order mark)",
					  bad);
		return decode_utf8(data + 3, n - 3, 3, out);
	}
	if (bad == SIZE_MAX)
		return decode_utf8(data, n, 0, out);
	return decode_legacy(a, data, n, bad, out, e);
}
