/* log.c — leveled logging to stderr; the level is one atomic shared by all threads. */
#include "base/log.h"

#include "base/err.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Atomic int log_level = LOG_INFO;

void log_set_level(log_level_t level)
{
	atomic_store(&log_level, (int)level);
}

log_level_t log_get_level(void)
{
	return (log_level_t)atomic_load(&log_level);
}

int log_level_parse(const char *z, log_level_t *out_level)
{
	static const char *names[] = { "debug", "info", "warn", "error", "off" };

	for (int i = 0; i < 5; i++) {
		if (z && strcmp(z, names[i]) == 0) {
			*out_level = (log_level_t)i;
			return 0;
		}
	}
	return ERR_INVALID;
}

void log_msg(log_level_t level, const char *fmt, ...)
{
	static const char *tags[] = { "debug", "info", "warn", "error" };
	char line[2048];
	char stamp[32];
	struct timespec ts;
	struct tm tm;
	va_list ap;
	int n;

	if ((int)level < atomic_load(&log_level) || level >= LOG_OFF)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(line, sizeof line, "%s.%03ldZ %s ", stamp, ts.tv_nsec / 1000000, tags[level]);
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof line)
		vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", line);
}
