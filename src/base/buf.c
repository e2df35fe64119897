/* buf.c — the bounded growable buffer with a sticky error. */
#include "base/buf.h"

#include "base/err.h"
#include "base/mem.h"

#include <stdio.h>
#include <string.h>

void buf_init(buf_t *b, size_t max)
{
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : BUF_DEFAULT_MAX;
	b->err = 0;
}

int buf_reserve(buf_t *b, size_t n)
{
	size_t want, cap;
	char *p;

	if (b->err)
		return b->err;
	if (n > b->max - b->len)
		return b->err = ERR_LIMIT;
	want = b->len + n + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap > ((size_t)-1) / 2 ? want : cap * 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	p = mem_realloc(b->ptr, cap);
	if (!p)
		return b->err = ERR_NOMEM;
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int buf_append(buf_t *b, const void *p, size_t n)
{
	if (buf_reserve(b, n))
		return b->err;
	if (n)
		memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int buf_append_str(buf_t *b, str_t s)
{
	return buf_append(b, s.ptr, s.len);
}

int buf_append_cstr(buf_t *b, const char *z)
{
	return buf_append(b, z, z ? strlen(z) : 0);
}

int buf_putc(buf_t *b, char c)
{
	return buf_append(b, &c, 1);
}

int buf_vprintf(buf_t *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	if (b->err)
		return b->err;
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return b->err = ERR_INVALID;
	if (buf_reserve(b, (size_t)n))
		return b->err;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_printf(buf_t *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

int buf_error(const buf_t *b)
{
	return b->err;
}

const char *buf_cstr(buf_t *b)
{
	return b->ptr ? b->ptr : "";
}

str_t buf_str(const buf_t *b)
{
	return str_make(b->ptr, b->len);
}

void buf_reset(buf_t *b)
{
	b->len = 0;
	b->err = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *buf_detach(buf_t *b, size_t *out_len)
{
	char *p;

	if (b->err) {
		buf_free(b);
		return NULL;
	}
	if (!b->ptr && buf_reserve(b, 0))
		return NULL;
	p = b->ptr;
	if (out_len)
		*out_len = b->len;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void buf_free(buf_t *b)
{
	mem_free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->err = 0;
}
