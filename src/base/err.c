/* err.c — the error struct: recording a message and location, stable code names. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void err_clear(err_t *e)
{
	if (!e)
		return;
	e->code = 0;
	e->msg[0] = '\0';
	e->field[0] = '\0';
	e->line = 0;
	e->offset = -1;
}

static void err_vset(err_t *e, int code, const char *fmt, va_list ap)
{
	e->code = code;
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	e->field[0] = '\0';
	e->line = 0;
	e->offset = -1;
}

int err_set(err_t *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	return code;
}

int err_set_at(err_t *e, int code, long line, long long offset, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	e->line = line;
	e->offset = offset;
	return code;
}

int err_field(err_t *e, const char *field)
{
	if (!e)
		return 0;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	return e->code;
}

void err_prefix(err_t *e, const char *fmt, ...)
{
	char head[ERR_MSG_MAX];
	char old[ERR_MSG_MAX];
	size_t n, rest;
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	n = strlen(head);
	if (n > sizeof e->msg - 3)
		n = sizeof e->msg - 3;
	memcpy(e->msg, head, n);
	memcpy(e->msg + n, ": ", 2);
	n += 2;
	rest = strlen(old);
	if (rest > sizeof e->msg - 1 - n)
		rest = sizeof e->msg - 1 - n;
	memcpy(e->msg + n, old, rest);
	e->msg[n + rest] = '\0';
}

const char *err_code_name(int code)
{
	switch (code) {
	case ERR_OK: return "ok";
	case ERR_NOMEM: return "out_of_memory";
	case ERR_INVALID: return "invalid_input";
	case ERR_NOTFOUND: return "not_found";
	case ERR_LIMIT: return "limit_exceeded";
	case ERR_IO: return "io_error";
	case ERR_CONFLICT: return "conflict";
	case ERR_DENIED: return "forbidden";
	case ERR_DB: return "database_error";
	case ERR_USAGE: return "usage";
	case ERR_AUTH: return "unauthenticated";
	case ERR_INTERNAL: return "internal";
	case ERR_UNAVAILABLE: return "unavailable";
	default: return "unknown";
	}
}
