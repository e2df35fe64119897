/* buf.h — an owned, growable byte buffer with a hard size cap and a sticky error.
 *
 * Appends never fail loudly: the first failure (out of memory, or the cap reached) is
 * remembered in b->err and every later append is a no-op, so a producer appends freely
 * and checks buf_error() once at the end (SQLite's StrAccum does the same).  The content
 * is always NUL-terminated when len > 0 or after buf_cstr(). */
#ifndef DUBAN_BASE_BUF_H
#define DUBAN_BASE_BUF_H

#include "base/str.h"

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *ptr;  /* owned; NULL until the first append */
	size_t len; /* bytes used, not counting the NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* hard cap on len */
	int err;    /* 0, ERR_NOMEM or ERR_LIMIT; sticky */
} buf_t;

#define BUF_DEFAULT_MAX ((size_t)64 << 20)

/* Starts an empty buffer that may grow to max bytes (0 means BUF_DEFAULT_MAX). */
void buf_init(buf_t *b, size_t max);
int buf_append(buf_t *b, const void *p, size_t n);
int buf_append_str(buf_t *b, str_t s);
int buf_append_cstr(buf_t *b, const char *z);
int buf_putc(buf_t *b, char c);
int buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(buf_t *b, const char *fmt, va_list ap);
/* Makes room for n more bytes; returns 0 or the sticky error. */
int buf_reserve(buf_t *b, size_t n);
/* The sticky error: 0 when every append so far succeeded. */
int buf_error(const buf_t *b);
/* The content as a NUL-terminated string, "" when empty; owned by b. */
const char *buf_cstr(buf_t *b);
str_t buf_str(const buf_t *b);
/* Forgets the content and the error, keeps the memory. */
void buf_reset(buf_t *b);
/* Hands the content to the caller (who frees it with mem_free) and empties b; NULL when
 * the buffer has an error. */
char *buf_detach(buf_t *b, size_t *out_len);
void buf_free(buf_t *b);

#endif
