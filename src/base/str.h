/* str.h — the borrowed string view: a pointer and a length, never assumed NUL-terminated.
 *
 * A str_t never owns its bytes; whoever produced the bytes keeps them alive. */
#ifndef DUBAN_BASE_STR_H
#define DUBAN_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct str {
	const char *ptr;
	size_t len;
} str_t;

#define STR_LIT(s) ((str_t){ (s), sizeof(s) - 1 })
#define STR_NULL   ((str_t){ NULL, 0 })
/* For printf: printf("%.*s", STR_FMT(s)). */
#define STR_FMT(s) (int)(s).len, (s).ptr

str_t str_make(const char *ptr, size_t len);
/* A view of the NUL-terminated z (NULL gives the empty view). */
str_t str_from_cstr(const char *z);
/* The bytes [off, off+n) clamped to the view. */
str_t str_sub(str_t s, size_t off, size_t n);
/* The bytes from off to the end, clamped. */
str_t str_tail(str_t s, size_t off);
bool str_eq(str_t a, str_t b);
bool str_eq_cstr(str_t a, const char *z);
/* ASCII case-insensitive comparison. */
bool str_eq_nocase(str_t a, str_t b);
bool str_starts_with(str_t s, str_t prefix);
bool str_ends_with(str_t s, str_t suffix);
/* Offset of the first needle in hay at or after from, or -1. */
ssize_t str_find(str_t hay, str_t needle, size_t from);
/* Offset of the first byte c at or after from, or -1. */
ssize_t str_find_byte(str_t hay, char c, size_t from);
/* Without leading and trailing ASCII white space and U+3000 (ideographic space). */
str_t str_trim(str_t s);
/* Splits s at the first c: *out_head before it, returns the rest after it (empty view with
 * NULL ptr when c does not occur, and then *out_head is all of s). */
str_t str_split(str_t s, char c, str_t *out_head);
/* Parses a whole decimal integer (optional sign); 0 or ERR_INVALID. */
int str_to_ll(str_t s, long long *out_value);
/* Parses a whole decimal number (sign, digits, optional fraction); 0 or ERR_INVALID. */
int str_to_double(str_t s, double *out_value);

#endif
