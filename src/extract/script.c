/* script.c — Traditional/Simplified detection and folding for the text layer.
 *
 * Detection counts common characters that exist in only one script (a static table: the
 * Traditional-only and Simplified-only forms of the most frequent characters), so
 * Simplified input costs one table look-up per character and no OpenCC call.  Folding is
 * character by character, so the byte map carries over exactly: each distinct character
 * is asked of OpenCC's t2s once per process and the answer cached (running OpenCC over
 * the whole text measured ~1 MB/s, far below the pipeline's 20 MB/s goal).  OpenCC's
 * phrase rules are therefore not applied: a character whose Simplified form depends on
 * the word around it (乾 in 乾淨 vs 乾隆) keeps its one-character mapping. */
#include "extract/script.h"

#include "base/utf8.h"
#include "extract/u8.h"

#include <opencc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

/* Frequent characters whose form differs between the scripts (same order in both). */
static const char trad_only[] =
	"這個們來爲為國說時會對過發後種經麼學現當沒動還進樣開從實軍無與長機關點業將兩間"
	"問並應戰頭體見產話內給門兒東聲員論處義幾認條氣題爾別變總電數報結務場計資許統區"
	"隊決馬書則聽卻達強難權設記類據邊張該規萬覺術領確傳師觀讓識帶導爭運飛風聯組濟車"
	"親極辦議證轉準遠單羅愛擊備連調質團價黨華級離況亞請際約線斷滿視須寫稱嗎輕農裝廣"
	"顯標談圖歷醫專費號盡較語僅隨選紅響雖勢參衆眾構節維";
static const char simp_only[] =
	"这个们来为国说时会对过发后种经么学现当没动还进样开从实军无与长机关点业将两间问"
	"并应战头体见产话内给门儿东声员论处义几认条气题尔别变总电数报结务场计资许统区队"
	"决马书则听却达强难权设记类据边张该规万觉术领确传师观让识带导争运飞风联组济车亲"
	"极办议证转准远单罗爱击备连调质团价党华级离况亚请际约线断满视须写称吗轻农装广显"
	"标谈图历医专费号尽较语仅随选红响虽势参众构节维";

#define SC_LO 0x4E00u
#define SC_HI 0x9FFFu
static unsigned char trad_bits[(SC_HI - SC_LO + 1) / 8 + 1];
static unsigned char simp_bits[(SC_HI - SC_LO + 1) / 8 + 1];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void bits_fill(unsigned char *bits, const char *z)
{
	size_t i = 0, n = strlen(z);
	uint32_t cp;

	while (i < n) {
		int k = u8_decode(z + i, n - i, &cp);
		if (k < 0)
			return;
		if (cp >= SC_LO && cp <= SC_HI)
			bits[(cp - SC_LO) >> 3] |= (unsigned char)(1u << ((cp - SC_LO) & 7));
		i += (size_t)k;
	}
}

static void tables_init(void)
{
	bits_fill(trad_bits, trad_only);
	bits_fill(simp_bits, simp_only);
}

static int bit(const unsigned char *bits, uint32_t cp)
{
	return (bits[(cp - SC_LO) >> 3] >> ((cp - SC_LO) & 7)) & 1;
}

bool script_is_traditional(const char *z, size_t n)
{
	size_t i = 0, t = 0, s = 0, lim = n < ((size_t)1 << 20) ? n : ((size_t)1 << 20);
	uint32_t cp;

	pthread_once(&tables_once, tables_init);
	while (i < lim) {
		unsigned char c = (unsigned char)z[i];
		int k;
		if (c < 0xE4 || c > 0xE9) { /* U+4E00-9FFF lead bytes */
			i++;
			continue;
		}
		k = u8_decode(z + i, n - i, &cp);
		if (k < 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		if (cp >= SC_LO && cp <= SC_HI) {
			t += (size_t)bit(trad_bits, cp);
			s += (size_t)bit(simp_bits, cp);
		}
	}
	return t >= 3 && t > s;
}

/* ---- OpenCC, opened once per process --------------------------------------------- */

static opencc_t cc = (opencc_t)-1;
static pthread_once_t cc_once = PTHREAD_ONCE_INIT;
/* Per BMP code point: asked of OpenCC yet (t2s_known), and whether its Simplified form
 * differs (t2s_diff; the form itself, plus one, in t2s_cache).  Filled lazily, shared by
 * all threads: a racing store writes the same value, and the value is stored before the
 * bits that publish it.  The two bitmaps (16 KiB) keep the common case, a character that
 * does not change, to cache-resident look-ups. */
static _Atomic uint32_t t2s_known[0x10000 / 32], t2s_diff[0x10000 / 32];
static _Atomic uint32_t t2s_cache[0x10000];

static void cc_open(void)
{
	cc = opencc_open("t2s.json");
	if (cc == (opencc_t)-1)
		cc = opencc_open("/usr/share/opencc/t2s.json");
}

static bool is_foldable(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || cp >= 0x20000;
}

/* The Simplified form of one character: OpenCC's answer when it is one code point. */
static uint32_t t2s_ask(uint32_t cp)
{
	char in[4], outb[64];
	size_t k = utf8_encode(cp, in), r;
	uint32_t v;

	r = opencc_convert_utf8_to_buffer(cc, in, k, outb);
	if (r == (size_t)-1 || r == 0 || r >= sizeof outb)
		return cp;
	if (u8_decode(outb, r, &v) != (int)r)
		return cp;
	return v;
}

static uint32_t t2s_char(uint32_t cp)
{
	uint32_t bit, v;

	if (!is_foldable(cp))
		return cp;
	if (cp >= 0x10000)
		return t2s_ask(cp);
	bit = 1u << (cp & 31);
	if (atomic_load_explicit(&t2s_known[cp >> 5], memory_order_acquire) & bit) {
		if (!(atomic_load_explicit(&t2s_diff[cp >> 5], memory_order_relaxed) & bit))
			return cp;
		return atomic_load_explicit(&t2s_cache[cp], memory_order_relaxed) - 1;
	}
	v = t2s_ask(cp);
	atomic_store_explicit(&t2s_cache[cp], v + 1, memory_order_relaxed);
	if (v != cp)
		atomic_fetch_or_explicit(&t2s_diff[cp >> 5], bit, memory_order_relaxed);
	atomic_fetch_or_explicit(&t2s_known[cp >> 5], bit, memory_order_release);
	return v;
}

/* Folds z in place from offset 0 while every folded character keeps its byte length;
 * returns the offset of the first one that would not (n when none). */
static size_t fold_in_place(char *z, size_t n)
{
	size_t i = 0;
	uint32_t cp, v;

	while (i < n) {
		unsigned char c = (unsigned char)z[i];
		int len;
		if (c < 0xE3) { /* below U+3000: never folded */
			i += c < 0x80 ? 1 : u8_len_at(z, n, i);
			continue;
		}
		if ((c & 0xF0) == 0xE0 && i + 3 <= n && ((unsigned char)z[i + 1] & 0xC0) == 0x80 &&
		    ((unsigned char)z[i + 2] & 0xC0) == 0x80 && c != 0xED) {
			cp = u8_cp3(z + i); /* E3-EF but ED (surrogates): never overlong */
			len = 3;
		} else if ((len = u8_decode(z + i, n - i, &cp)) < 0) {
			return i; /* becomes U+FFFD, longer: fold_copy handles it */
		}
		v = t2s_char(cp);
		if (v != cp) {
			char tmp[4];
			if (utf8_encode(v, tmp) != (size_t)len)
				return i;
			memcpy(z + i, tmp, (size_t)len);
		}
		i += (size_t)len;
	}
	return n;
}

/* Writes (or, with oz NULL, only measures) the folded text of z[from..n) at oz + w0,
 * with its map (om, from the source map map[0..nmap)) when oz is set; returns the end
 * offset in oz. */
static size_t fold_copy(const char *z, size_t n, size_t from, const offmap_seg_t *map, size_t nmap,
			char *oz, size_t w0, offmap_t *om)
{
	size_t i = from, w = w0, k = offmap_find(map, nmap, from);
	uint32_t cp;

	while (i < n) {
		unsigned char c = (unsigned char)z[i];
		char tmp[4];
		size_t len, ol;
		int dl;
		if (c < 0xE3) {
			len = c < 0x80 ? 1 : u8_len_at(z, n, i);
			memcpy(tmp, z + i, len);
			ol = len;
		} else {
			dl = u8_decode(z + i, n - i, &cp);
			if (dl < 0) {
				dl = 1;
				cp = 0xFFFD;
			}
			len = (size_t)dl;
			ol = utf8_encode(t2s_char(cp), tmp);
		}
		if (oz && om) {
			while (k + 1 < nmap && map[k + 1].from <= i)
				k++;
			offmap_add(om, w, nmap ? map[k].to + (i - map[k].from) : i);
			memcpy(oz + w, tmp, ol);
		}
		w += ol;
		i += len;
	}
	return w;
}

/* Copies the segments of map[0..nmap) that start before stop into om. */
static void remap_prefix(const offmap_seg_t *map, size_t nmap, size_t stop, offmap_t *om)
{
	for (size_t k = 0; k < nmap && map[k].from < stop; k++)
		offmap_add(om, map[k].from, map[k].to);
}

int script_fold(arena_t *a, char *z, size_t n, const offmap_seg_t *map, size_t nmap, char **out_z,
		const offmap_seg_t **out_map, size_t *out_nmap, size_t *out_n, err_t *e)
{
	size_t stop, w;
	char *oz;
	offmap_t om = { NULL, 0, 0, 0 };
	int rc;

	pthread_once(&cc_once, cc_open);
	if (cc == (opencc_t)-1)
		return err_set(e, ERR_UNAVAILABLE, "OpenCC t2s.json cannot be opened: %s",
			       opencc_error());
	stop = fold_in_place(z, n);
	if (stop == n) { /* every character kept its length: map unchanged */
		*out_z = z;
		*out_map = map;
		*out_nmap = nmap;
		*out_n = n;
		return 0;
	}
	/* z[0..stop) is folded already, with lengths unchanged; the rest is copied */
	w = fold_copy(z, n, stop, map, nmap, NULL, stop, NULL);
	oz = arena_alloc(a, w + 1);
	if (!oz)
		return err_set(e, ERR_NOMEM, "out of memory folding script (%zu bytes)", n);
	memcpy(oz, z, stop);
	remap_prefix(map, nmap, stop, &om);
	fold_copy(z, n, stop, map, nmap, oz, stop, &om);
	oz[w] = '\0';
	rc = offmap_seal(&om, a, w, offmap_get(map, nmap, n), out_map, out_nmap);
	if (rc)
		return err_set(e, rc, "out of memory folding script (%zu bytes)", n);
	*out_z = oz;
	*out_n = w;
	return 0;
}
