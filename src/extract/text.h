/* text.h — the prepared text every extraction stage reads: decoded, cleaned, normalised
 * for matching, with a map from every byte back to the ORIGINAL input.
 *
 * Three forms of the document exist:
 *   original  the input bytes (any encoding);
 *   decoded   UTF-8 in the document's own script and width ("display" text);
 *   norm      what the matchers read: UTF-8, page chrome removed, hard-wrapped lines
 *             re-joined, HTML reduced to text, full-width ASCII (U+FF01-FF5E) folded to
 *             ASCII and U+3000 to a space, Traditional folded to Simplified.  One
 *             paragraph per line ('\n'), no '\r', no NUL.
 * text_norm_to_dec(t, i) is the decoded offset of (the character holding) norm byte i;
 * text_dec_to_orig(t, j) the original offset of decoded byte j.  The norm-to-decoded map
 * is a segment list (offmap.h); decoded-to-original is the identity plus an offset for
 * UTF-8 input (decoded = original) and a per-byte table otherwise. */
#ifndef DUBAN_EXTRACT_TEXT_H
#define DUBAN_EXTRACT_TEXT_H

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "extract/draft.h"
#include "extract/offmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct text_opts {
	size_t max_bytes; /* input size limit; 0 = 32 MiB */
} text_opts_t;

typedef struct text {
	const char *z; /* norm text, NUL-terminated, owned by the arena */
	size_t n;
	const char *dz; /* decoded text (not NUL-terminated): the input itself for UTF-8,
			   else owned by the arena */
	size_t dn;
	const offmap_seg_t *map;     /* norm offsets to decoded offsets (offset n maps to dn) */
	size_t nmap;                 /* 0: the identity */
	const uint32_t *dec_to_orig; /* dn + 1 entries, or NULL: original = dec_base + decoded */
	size_t dec_base;
	const char *orig; /* the input (borrowed) */
	size_t orig_n;
	bool traditional; /* the document was in Traditional script */
	/* every quantity of z (quantity.h), when the pipeline collected them once for all
	 * stages (borrowed); NULL: each stage scans for itself */
	const struct qty *qty;
	size_t nqty;
} text_t;

/* Decodes, cleans and normalises data[0..n) into out (all memory from d->arena) and fills
 * d->doc (encoding, script, bytes, dropped ranges, warnings).  0, or ERR_INVALID /
 * ERR_LIMIT with e saying what and at which byte offset. */
int text_prepare(draft_t *d, const char *data, size_t n, const text_opts_t *opts, text_t *out,
		 err_t *e);

/* The decoded offset of the character holding norm byte i (0 <= i <= t->n). */
size_t text_norm_to_dec(const text_t *t, size_t i);

/* The original offset of the character holding decoded byte j (0 <= j <= t->dn). */
size_t text_dec_to_orig(const text_t *t, size_t j);

/* The original span of norm bytes [start, end). */
draft_span_t text_span(const text_t *t, size_t start, size_t end);

/* The display text of norm bytes [start, end): the decoded (original script and width)
 * text, or the norm text when simplified is set.  Owned by the arena; NULL on failure. */
const char *text_display(const text_t *t, arena_t *a, size_t start, size_t end, bool simplified);

#endif
