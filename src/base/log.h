/* log.h — leveled logging to stderr, one line per message with a timestamp. */
#ifndef DUBAN_BASE_LOG_H
#define DUBAN_BASE_LOG_H

typedef enum log_level {
	LOG_DEBUG = 0,
	LOG_INFO = 1,
	LOG_WARN = 2,
	LOG_ERROR = 3,
	LOG_OFF = 4
} log_level_t;

/* Messages below level are dropped.  The default is LOG_INFO, or DUBAN_LOG if set. */
void log_set_level(log_level_t level);
log_level_t log_get_level(void);
/* Parses "debug", "info", "warn", "error", "off"; 0 or ERR_INVALID. */
int log_level_parse(const char *z, log_level_t *out_level);
void log_msg(log_level_t level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
