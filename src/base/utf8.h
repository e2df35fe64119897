/* utf8.h — strict UTF-8 decoding, encoding and validation, and CJK classification.
 *
 * Written here rather than taken from a library because it is a few dozen lines on the
 * hot path of every parser, and strictness (no overlongs, no surrogates, nothing above
 * U+10FFFF) must be exact. */
#ifndef DUBAN_BASE_UTF8_H
#define DUBAN_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from p[0..n).  Returns the number of bytes (1-4) and stores the
 * code point, or returns -1 for an invalid or truncated sequence (out_cp untouched). */
int utf8_decode(const char *p, size_t n, uint32_t *out_cp);
/* Encodes cp into out (4 bytes room); returns the length, or 0 for an invalid cp. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* 0 when p[0..n) is valid UTF-8; otherwise ERR_INVALID and the offset of the first bad
 * byte in *out_bad_offset (if non-NULL). */
int utf8_validate(const char *p, size_t n, size_t *out_bad_offset);
/* The number of code points in valid UTF-8 (invalid bytes count one each). */
size_t utf8_count(const char *p, size_t n);
/* Length of the code point starting at p[i] (1 for an invalid byte). */
size_t utf8_len_at(const char *p, size_t n, size_t i);
/* Start of the code point that contains byte i (steps back over continuation bytes). */
size_t utf8_back(const char *p, size_t i);
/* CJK unified ideograph (the common planes and extension A/B). */
bool utf8_is_han(uint32_t cp);
/* CJK or full-width punctuation (U+3000-303F, U+FF00-FF65 non-alnum, “” etc.). */
bool utf8_is_cjk_punct(uint32_t cp);

#endif
