/* decode.h — turns the input bytes of a document (UTF-8 with or without BOM, UTF-16 with
 * BOM, GB18030/GBK, Big5, Big5-HKSCS) into UTF-8 with a byte-exact map back to the input.
 * Part of the text layer (text.h). */
#ifndef DUBAN_EXTRACT_DECODE_H
#define DUBAN_EXTRACT_DECODE_H

#include "base/arena.h"
#include "base/err.h"

#include <stddef.h>
#include <stdint.h>

typedef struct decode_out {
	const char *z;           /* UTF-8: the input itself after any byte order mark (borrowed, not
			  NUL-terminated) when it is UTF-8, else a NUL-terminated copy owned by
			  the arena */
	size_t n;                /* bytes of z */
	const uint32_t *to_orig; /* n + 1 entries: input offset of the character of each
				    byte; NULL when z is the input itself (see base) */
	size_t base;             /* input offset of z[0] when to_orig is NULL */
	const char *encoding;    /* "UTF-8", "UTF-16LE", "GB18030", "BIG5" ... (static) */
} decode_out_t;

/* Default input limit when max_bytes is 0. */
#define DECODE_DEFAULT_MAX ((size_t)32 << 20)

/* Decodes data[0..n) into out (memory from a).  0, or ERR_INVALID (empty, binary,
 * undecidable or malformed input: e names the byte offset), ERR_LIMIT (over max_bytes,
 * 0 = DECODE_DEFAULT_MAX) or ERR_NOMEM. */
int decode_text(arena_t *a, const char *data, size_t n, size_t max_bytes, decode_out_t *out,
		err_t *e);

/* The input offset of the character holding decoded byte j (0 <= j <= d->n). */
size_t decode_orig_at(const decode_out_t *d, size_t j);

/* How plausible UTF-8 text z[0..n) is as Chinese: the share of its non-ASCII characters
 * that are common Han characters or CJK punctuation, less rare and private-use ones;
 * about 0.6-1.0 for real Chinese text, low for mis-decoded bytes.  -1 when the text has
 * no non-ASCII character. */
double decode_plausibility(const char *z, size_t n);

#endif
