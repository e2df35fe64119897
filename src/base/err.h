/* err.h — error codes and the error struct every layer reports through.
 *
 * Functions return 0 on success or a negative ERR_* code; when the caller passes a
 * non-NULL err_t, the callee also fills in a message and, where known, the location
 * (line, byte offset, field).  Mapping codes to exit statuses (cli) and HTTP statuses
 * (http) happens in exactly one place each, never here. */
#ifndef DUBAN_BASE_ERR_H
#define DUBAN_BASE_ERR_H

#include <stddef.h>

enum {
	ERR_OK = 0,
	ERR_NOMEM = -1,       /* allocation failed */
	ERR_INVALID = -2,     /* bad input: the message says what and where */
	ERR_NOTFOUND = -3,    /* no such item */
	ERR_LIMIT = -4,       /* a size or count limit was reached */
	ERR_IO = -5,          /* file or network I/O failed */
	ERR_CONFLICT = -6,    /* stale version, duplicate key */
	ERR_DENIED = -7,      /* not allowed for this user */
	ERR_DB = -8,          /* the database failed */
	ERR_USAGE = -9,       /* wrong command line or parameters */
	ERR_AUTH = -10,       /* not logged in / bad credentials */
	ERR_INTERNAL = -11,   /* a bug: should not happen */
	ERR_UNAVAILABLE = -12 /* overloaded or shutting down; retry later */
};

#define ERR_MSG_MAX   512
#define ERR_FIELD_MAX 64

typedef struct err {
	int code;                  /* one of ERR_*, 0 when no error */
	char msg[ERR_MSG_MAX];     /* human-readable, NUL-terminated */
	char field[ERR_FIELD_MAX]; /* offending field or option, "" if none */
	long line;                 /* 1-based line of the input, 0 if unknown */
	long long offset;          /* byte offset in the input, -1 if unknown */
} err_t;

/* Clears e (code 0, empty message, unknown location).  e may be NULL. */
void err_clear(err_t *e);

/* Records code and a printf-style message in e (if non-NULL) and returns code. */
int err_set(err_t *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Like err_set, also recording the line (0 = unknown) and byte offset (-1 = unknown). */
int err_set_at(err_t *e, int code, long line, long long offset, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Records the offending field name (truncated to fit); returns e->code, or 0 if e is NULL. */
int err_field(err_t *e, const char *field);

/* Prefixes the current message with "prefix: " (truncating at the end if needed). */
void err_prefix(err_t *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Stable English name of a code ("invalid_input", "not_found" ...); static storage. */
const char *err_code_name(int code);

#endif
