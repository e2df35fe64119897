/* date.h — civil dates as day numbers, and the reporting periods of the ledger (month,
 * quarter, year) with their start, end and reporting window (填报窗口).
 *
 * Pure arithmetic, no time zones and no clock: the caller passes "today".  Written here
 * rather than with <time.h> because mktime/timegm depend on the process time zone and
 * cover only the time_t range; a proleptic Gregorian day count is exact and tiny. */
#ifndef DUBAN_MODEL_DATE_H
#define DUBAN_MODEL_DATE_H

#include "base/err.h"
#include "base/str.h"

#include <stdbool.h>
#include <stddef.h>

/* Days since 1970-01-01 (0 = 1970-01-01, negative before).  Valid years: 1..9999. */
typedef int date_t;

#define DATE_YEAR_MIN 1
#define DATE_YEAR_MAX 9999
/* "YYYY-MM-DD" plus NUL. */
#define DATE_STR_SIZE 11

bool date_is_leap(int year);
/* 28..31, or 0 for a month outside 1..12. */
int date_days_in_month(int year, int month);
bool date_valid_ymd(int year, int month, int day);
/* The day number of a valid (y, m, d); 0 or ERR_INVALID (message names the field). */
int date_from_ymd(int year, int month, int day, date_t *out_date, err_t *e);
/* The civil date of a day number (any value produced by this module). */
void date_to_ymd(date_t d, int *out_year, int *out_month, int *out_day);
/* Parses exactly "YYYY-MM-DD" (leading/trailing white space allowed); 0 or ERR_INVALID. */
int date_parse(str_t s, date_t *out_date, err_t *e);
/* Writes "YYYY-MM-DD" into out (DATE_STR_SIZE bytes, owned by the caller); returns out.
 * A day number outside years 0..9999 gives "0000-00-00". */
char *date_format(date_t d, char out[DATE_STR_SIZE]);
/* 1 = Monday ... 7 = Sunday (ISO). */
int date_weekday(date_t d);

typedef enum period_kind { PERIOD_MONTH = 0, PERIOD_QUARTER = 1, PERIOD_YEAR = 2 } period_kind_t;

/* A reporting period.  index is the month (1..12), the quarter (1..4) or 0 for a year. */
typedef struct period {
	period_kind_t kind;
	int year;
	int index;
} period_t;

/* "2024-03" (month), "2024-Q1" (quarter, q or Q), "2024" (year); 0 or ERR_INVALID. */
int period_parse(str_t s, period_t *out_period, err_t *e);
/* Writes the canonical form ("2024-03", "2024-Q1", "2024") into out (cap bytes, >= 8);
 * returns 0 or ERR_LIMIT / ERR_INVALID. */
int period_format(period_t p, char *out, size_t cap);
bool period_valid(period_t p);
/* First and last day (inclusive) of a valid period. */
date_t period_start(period_t p);
date_t period_end(period_t p);
/* The period of the given kind that contains d. */
period_t period_of(period_kind_t kind, date_t d);
period_t period_next(period_t p);
period_t period_prev(period_t p);
/* "month", "quarter", "year" (static storage); and back (0 or ERR_INVALID). */
const char *period_kind_name(period_kind_t kind);
int period_kind_parse(str_t s, period_kind_t *out_kind, err_t *e);

/* When a period's report is due: it opens open_day days after the period's last day and
 * is due close_day days after it (both inclusive).  Default 1..5: the report on March is
 * filed 1 to 5 April. */
typedef struct period_window_cfg {
	int open_day;
	int close_day;
} period_window_cfg_t;

#define PERIOD_WINDOW_OPEN_DEFAULT  1
#define PERIOD_WINDOW_CLOSE_DEFAULT 5

void period_window_cfg_default(period_window_cfg_t *cfg);
/* The window [*out_open, *out_due] of p; ERR_INVALID for a bad cfg (negative, open >
 * close, close > 366) or an invalid period. */
int period_window(const period_window_cfg_t *cfg, period_t p, date_t *out_open, date_t *out_due,
		  err_t *e);
/* The most recent period of the given kind whose report is due on or before today
 * (its due date <= today); the one the office checks for 未填报 on that day. */
int period_last_due(const period_window_cfg_t *cfg, period_kind_t kind, date_t today,
		    period_t *out_period, err_t *e);

#endif
