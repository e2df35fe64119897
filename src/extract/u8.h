/* u8.h — utf8_decode and utf8_len_at (base/utf8.h) with its common cases inline, for the extraction
 * stages' per-character loops: ASCII and three-byte characters whose lead byte carries
 * no overlong or surrogate rule (E1-EC, EE-EF) are decoded here; everything else goes to
 * utf8_decode, so results are identical.  A call into base/utf8.c per character was the
 * largest single cost of the text layer. */
#ifndef DUBAN_EXTRACT_U8_H
#define DUBAN_EXTRACT_U8_H

#include "base/utf8.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The length of the character at p (n bytes available), its code point in *out_cp; -1
 * if malformed.  Same contract as utf8_decode. */
static inline int u8_decode(const char *p, size_t n, uint32_t *out_cp)
{
	const unsigned char *s = (const unsigned char *)p;

	if (n && s[0] < 0x80) {
		*out_cp = s[0];
		return 1;
	}
	if (n >= 3 && s[0] >= 0xE1 && s[0] <= 0xEF && s[0] != 0xED && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		*out_cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
			  (s[2] & 0x3F);
		return 3;
	}
	return utf8_decode(p, n, out_cp);
}

/* The byte length of the character at p[i]: 0 at or past the end, 1 for a malformed
 * byte.  Same contract as utf8_len_at. */
static inline size_t u8_len_at(const char *p, size_t n, size_t i)
{
	uint32_t cp;
	int k;

	if (i >= n)
		return 0;
	k = u8_decode(p + i, n - i, &cp);
	return k < 0 ? 1 : (size_t)k;
}

/* utf8_is_han (base/utf8.h) inline: the stages test it per character. */
static inline bool u8_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007;
}

/* The code point of the three-byte character at p (the caller checked the lead byte
 * E0-EF and that three bytes are there; continuation bytes are not checked). */
static inline uint32_t u8_cp3(const char *p)
{
	const unsigned char *s = (const unsigned char *)p;

	return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
}

#endif
