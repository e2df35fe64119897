/* text.c — text_prepare composes the text layer: decode (decode.c), clean (clean.c) and
 * fold script (script.c), and keeps the maps from norm text back to the input. */
#include "extract/text.h"

#include "base/utf8.h"
#include "extract/clean.h"
#include "extract/decode.h"
#include "extract/script.h"
#include "extract/u8.h"

#include <string.h>

static int fold_script(draft_t *d, text_t *out, char **io_z, const offmap_seg_t **io_map,
		       size_t *io_nmap, size_t *io_n, err_t *e)
{
	char *fz;
	const offmap_seg_t *fm;
	size_t fn, fnm;
	err_t fe;
	int rc;

	err_clear(&fe);
	rc = script_fold(d->arena, *io_z, *io_n, *io_map, *io_nmap, &fz, &fm, &fnm, &fn, &fe);
	if (rc == ERR_UNAVAILABLE) /* keep the Traditional text; matching degrades */
		return draft_warn(d, "Traditional text not folded to Simplified: %s", fe.msg);
	if (rc) {
		if (e)
			*e = fe;
		return rc;
	}
	out->traditional = true;
	*io_z = fz;
	*io_map = fm;
	*io_nmap = fnm;
	*io_n = fn;
	return 0;
}

int text_prepare(draft_t *d, const char *data, size_t n, const text_opts_t *opts, text_t *out,
		 err_t *e)
{
	decode_out_t dec;
	clean_out_t cl;
	char *z;
	const offmap_seg_t *map;
	size_t zn, nmap;
	int rc;

	memset(out, 0, sizeof *out);
	rc = decode_text(d->arena, data, n, opts ? opts->max_bytes : 0, &dec, e);
	if (rc)
		return rc;
	rc = clean_text(d->arena, dec.z, dec.n, &cl, e);
	if (rc)
		return rc;
	if (cl.n == 0)
		return err_set_at(e, ERR_INVALID, 0, 0, "document has no text (%zu bytes of %s)", n,
				  dec.encoding);
	z = cl.z;
	map = cl.map;
	nmap = cl.nmap;
	zn = cl.n;
	d->doc.script = "simplified";
	if (script_is_traditional(z, zn)) {
		d->doc.script = "traditional";
		rc = fold_script(d, out, &z, &map, &nmap, &zn, e);
		if (rc)
			return rc == ERR_NOMEM ? err_set(e, rc, "out of memory folding script")
					       : rc;
	}
	d->doc.encoding = dec.encoding;
	d->doc.bytes = n;
	d->doc.dropped = cl.dropped;
	d->doc.ndropped = cl.ndropped;
	out->z = z;
	out->n = zn;
	out->map = map;
	out->nmap = nmap;
	out->dz = dec.z;
	out->dn = dec.n;
	out->dec_to_orig = dec.to_orig;
	out->dec_base = dec.base;
	out->orig = data;
	out->orig_n = n;
	return 0;
}

size_t text_norm_to_dec(const text_t *t, size_t i)
{
	return offmap_get_char(t->map, t->nmap, t->z, i);
}

size_t text_dec_to_orig(const text_t *t, size_t j)
{
	if (t->dec_to_orig)
		return t->dec_to_orig[j];
	while (j > 0 && j < t->dn && ((unsigned char)t->dz[j] & 0xC0) == 0x80)
		j--;
	return t->dec_base + j;
}

/* The decoded end of the source character at decoded offset p (an HTML entity counts as
 * one character). */
static size_t dec_char_end(const text_t *t, size_t p)
{
	if (p >= t->dn)
		return t->dn;
	if (t->dz[p] == '&') {
		const char *semi = memchr(t->dz + p, ';', t->dn - p < 12 ? t->dn - p : 12);
		if (semi)
			return (size_t)(semi - t->dz) + 1;
	}
	return p + u8_len_at(t->dz, t->dn, p);
}

static void dec_range(const text_t *t, size_t start, size_t end, size_t *ds, size_t *de)
{
	if (end > t->n)
		end = t->n;
	if (start > end)
		start = end;
	*ds = text_norm_to_dec(t, start);
	*de = end > start ? dec_char_end(t, text_norm_to_dec(t, end - 1)) : *ds;
	if (*de < *ds)
		*de = *ds;
}

draft_span_t text_span(const text_t *t, size_t start, size_t end)
{
	draft_span_t sp = { 0, 0 };
	size_t ds, de;

	if (!t || !t->z)
		return sp;
	dec_range(t, start, end, &ds, &de);
	sp.start = text_dec_to_orig(t, ds);
	sp.end = text_dec_to_orig(t, de);
	return sp;
}

/* Copies the decoded bytes dz[s, s + len) of norm bytes [i, i + len) that lie inside one
 * map segment, where every character has the same length in both texts: the norm byte
 * replaces a decoded line break, markup or entity start, or space (as display_char). */
static void display_copy(const text_t *t, size_t i, size_t s, size_t len, char *o)
{
	memcpy(o, t->dz + s, len);
	for (size_t d = 0; d < len; d++) {
		char c = o[d];
		if ((unsigned char)c < 0x40 &&
		    (c == '&' || c == '<' || c == '\n' || c == '\r' || c == ' '))
			o[d] = t->z[i + d];
	}
}

/* Writes the display form of the norm character at i (k bytes, decoded offset s) to o + w
 * (only counts when o is NULL): the decoded character, or the norm character itself where
 * the source was markup, an entity or a line break.  The bytes written. */
static size_t display_char(const text_t *t, size_t i, size_t k, size_t s, char *o)
{
	size_t de = dec_char_end(t, s);
	char c = s < t->dn ? t->dz[s] : '\n';

	if (c == '&' || c == '<' || c == '\n' || c == '\r' || de - s > 4 * k ||
	    (c == ' ' && t->z[i] != ' ')) {
		if (o)
			memcpy(o, t->z + i, k);
		return k;
	}
	if (o)
		memcpy(o, t->dz + s, de - s);
	return de - s;
}

/* Writes the display form of each norm character of [start, end) (original script and
 * width) to o; with o NULL only counts.  The byte length written.  Inside a map segment
 * all but the last character are copied in one piece (display_copy); the last one, where
 * the source may be longer (an entity, a folded sign), and any character mapped to the
 * same source as the one before it, go one at a time. */
static size_t display_walk(const text_t *t, size_t start, size_t end, char *o)
{
	size_t w = 0, i = start, prev = (size_t)-1,
	       g = t->nmap ? offmap_find(t->map, t->nmap, start) : 0;

	while (i < end) {
		size_t segend = end, s, k, last;
		while (g + 1 < t->nmap && t->map[g + 1].from <= i)
			g++;
		if (g + 1 < t->nmap && t->map[g + 1].from < segend)
			segend = t->map[g + 1].from;
		s = t->nmap ? t->map[g].to + (i - t->map[g].from) : i;
		last = segend - 1;
		while (last > i && ((unsigned char)t->z[last] & 0xC0) == 0x80)
			last--;
		if (last > i && ((unsigned char)t->z[i] & 0xC0) != 0x80) {
			if (o)
				display_copy(t, i, s, last - i, o + w);
			w += last - i;
			s += last - i;
			i = last;
		} else if (i == start) {
			s = text_norm_to_dec(t, i);
		}
		k = u8_len_at(t->z, t->n, i);
		if (s != prev)
			w += display_char(t, i, k, s, o ? o + w : NULL);
		prev = s;
		i += k;
	}
	return w;
}

/* Sized exactly (a first pass counts): display text is kept for every statement, and a
 * worst-case buffer of 4 bytes per byte made the draft several times the input. */
const char *text_display(const text_t *t, arena_t *a, size_t start, size_t end, bool simplified)
{
	char *o;
	size_t w;

	if (end > t->n)
		end = t->n;
	if (start > end)
		start = end;
	if (simplified)
		return arena_strndup(a, t->z + start, end - start);
	o = arena_alloc(a, display_walk(t, start, end, NULL) + 1);
	if (!o)
		return NULL;
	w = display_walk(t, start, end, o);
	o[w] = '\0';
	return o;
}
