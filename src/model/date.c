/* date.c — day numbers for civil dates (Howard Hinnant's days_from_civil algorithm,
 * public domain) and reporting periods.  See date.h for why this is not <time.h>. */
#include "model/date.h"

#include <stdio.h>
#include <string.h>

bool date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap(year))
		return 29;
	return days[month - 1];
}

bool date_valid_ymd(int year, int month, int day)
{
	return year >= DATE_YEAR_MIN && year <= DATE_YEAR_MAX && month >= 1 && month <= 12 &&
	       day >= 1 && day <= date_days_in_month(year, month);
}

/* days_from_civil: exact for the proleptic Gregorian calendar. */
static date_t days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int date_from_ymd(int year, int month, int day, date_t *out_date, err_t *e)
{
	if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX) {
		err_set(e, ERR_INVALID, "日期年份 %d 超出范围 %d-%d", year, DATE_YEAR_MIN,
			DATE_YEAR_MAX);
		err_field(e, "year");
		return ERR_INVALID;
	}
	if (month < 1 || month > 12) {
		err_set(e, ERR_INVALID, "月份 %d 无效（应为 1-12）", month);
		err_field(e, "month");
		return ERR_INVALID;
	}
	if (day < 1 || day > date_days_in_month(year, month)) {
		err_set(e, ERR_INVALID, "%d年%d月没有%d日", year, month, day);
		err_field(e, "day");
		return ERR_INVALID;
	}
	*out_date = days_from_civil(year, month, day);
	return 0;
}

void date_to_ymd(date_t d, int *out_year, int *out_month, int *out_day)
{
	int z = d + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int day = doy - (153 * mp + 2) / 5 + 1;
	int month = mp < 10 ? mp + 3 : mp - 9;

	if (out_year)
		*out_year = yoe + era * 400 + (month <= 2);
	if (out_month)
		*out_month = month;
	if (out_day)
		*out_day = day;
}

/* Parses exactly n ASCII digits at s; -1 if any is not a digit. */
static int digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse(str_t s, date_t *out_date, err_t *e)
{
	int y, m, d;
	str_t t = str_trim(s);

	if (t.len != 10 || t.ptr[4] != '-' || t.ptr[7] != '-')
		return err_set(e, ERR_INVALID, "日期“%.*s”格式应为 YYYY-MM-DD", STR_FMT(t));
	y = digits(t.ptr, 4);
	m = digits(t.ptr + 5, 2);
	d = digits(t.ptr + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return err_set(e, ERR_INVALID, "日期“%.*s”含非数字字符", STR_FMT(t));
	return date_from_ymd(y, m, d, out_date, e);
}

char *date_format(date_t d, char out[DATE_STR_SIZE])
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	if (y < 0 || y > 9999)
		y = m = dd = 0;
	/* Digit by digit: the ranges are known, and snprintf's truncation warning is not. */
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + dd / 10);
	out[9] = (char)('0' + dd % 10);
	out[10] = '\0';
	return out;
}

int date_weekday(date_t d)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (d % 7 + 7) % 7;

	return (w + 3) % 7 + 1;
}

bool period_valid(period_t p)
{
	if (p.year < DATE_YEAR_MIN || p.year > DATE_YEAR_MAX)
		return false;
	switch (p.kind) {
	case PERIOD_MONTH: return p.index >= 1 && p.index <= 12;
	case PERIOD_QUARTER: return p.index >= 1 && p.index <= 4;
	case PERIOD_YEAR: return p.index == 0;
	}
	return false;
}

int period_parse(str_t s, period_t *out_period, err_t *e)
{
	str_t t = str_trim(s);
	period_t p = { PERIOD_YEAR, 0, 0 };

	if (t.len < 4 || (p.year = digits(t.ptr, 4)) < 0 || (t.len > 4 && t.ptr[4] != '-'))
		goto bad;
	if (t.len == 7 && (t.ptr[5] == 'Q' || t.ptr[5] == 'q')) {
		p.kind = PERIOD_QUARTER;
		p.index = digits(t.ptr + 6, 1);
	} else if (t.len == 7) {
		p.kind = PERIOD_MONTH;
		p.index = digits(t.ptr + 5, 2);
	} else if (t.len != 4) {
		goto bad;
	}
	if (!period_valid(p))
		goto bad;
	*out_period = p;
	return 0;
bad:
	return err_set(e, ERR_INVALID, "周期“%.*s”无效（应为 2024-03、2024-Q1 或 2024）",
		       STR_FMT(t));
}

int period_format(period_t p, char *out, size_t cap)
{
	int n;

	if (!period_valid(p))
		return ERR_INVALID;
	if (p.kind == PERIOD_MONTH)
		n = snprintf(out, cap, "%04d-%02d", p.year, p.index);
	else if (p.kind == PERIOD_QUARTER)
		n = snprintf(out, cap, "%04d-Q%d", p.year, p.index);
	else
		n = snprintf(out, cap, "%04d", p.year);
	return n < 0 || (size_t)n >= cap ? ERR_LIMIT : 0;
}

/* First and last month (1..12) of a valid period. */
static void period_months(period_t p, int *out_first, int *out_last)
{
	switch (p.kind) {
	case PERIOD_MONTH: *out_first = *out_last = p.index; return;
	case PERIOD_QUARTER:
		*out_first = 3 * p.index - 2;
		*out_last = 3 * p.index;
		return;
	case PERIOD_YEAR: break;
	}
	*out_first = 1;
	*out_last = 12;
}

date_t period_start(period_t p)
{
	int first, last;

	period_months(p, &first, &last);
	return days_from_civil(p.year, first, 1);
}

date_t period_end(period_t p)
{
	int first, last;

	period_months(p, &first, &last);
	return days_from_civil(p.year, last, date_days_in_month(p.year, last));
}

period_t period_of(period_kind_t kind, date_t d)
{
	period_t p = { kind, 0, 0 };
	int m;

	date_to_ymd(d, &p.year, &m, NULL);
	if (kind == PERIOD_MONTH)
		p.index = m;
	else if (kind == PERIOD_QUARTER)
		p.index = (m + 2) / 3;
	return p;
}

period_t period_next(period_t p)
{
	return period_of(p.kind, period_end(p) + 1);
}

period_t period_prev(period_t p)
{
	return period_of(p.kind, period_start(p) - 1);
}

const char *period_kind_name(period_kind_t kind)
{
	switch (kind) {
	case PERIOD_MONTH: return "month";
	case PERIOD_QUARTER: return "quarter";
	case PERIOD_YEAR: return "year";
	}
	return "unknown";
}

int period_kind_parse(str_t s, period_kind_t *out_kind, err_t *e)
{
	static const period_kind_t all[] = { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (str_eq_cstr(s, period_kind_name(all[i]))) {
			*out_kind = all[i];
			return 0;
		}
	}
	return err_set(e, ERR_INVALID, "填报周期“%.*s”无效（应为 month、quarter 或 year）",
		       STR_FMT(s));
}

void period_window_cfg_default(period_window_cfg_t *cfg)
{
	cfg->open_day = PERIOD_WINDOW_OPEN_DEFAULT;
	cfg->close_day = PERIOD_WINDOW_CLOSE_DEFAULT;
}

static int window_cfg_check(const period_window_cfg_t *cfg, err_t *e)
{
	if (cfg->open_day < 0 || cfg->close_day < cfg->open_day || cfg->close_day > 366)
		return err_set(e, ERR_INVALID,
			       "填报窗口设置无效：开始第 %d 天、截止第 %d 天（要求 0 <= 开始 <= "
			       "截止 <= 366）",
			       cfg->open_day, cfg->close_day);
	return 0;
}

int period_window(const period_window_cfg_t *cfg, period_t p, date_t *out_open, date_t *out_due,
		  err_t *e)
{
	int rc = window_cfg_check(cfg, e);

	if (rc)
		return rc;
	if (!period_valid(p))
		return err_set(e, ERR_INVALID, "周期无效");
	/* The last valid period's window may run past 9999-12-31: still representable. */
	*out_open = period_end(p) + cfg->open_day;
	*out_due = period_end(p) + cfg->close_day;
	return 0;
}

int period_last_due(const period_window_cfg_t *cfg, period_kind_t kind, date_t today,
		    period_t *out_period, err_t *e)
{
	period_t p;
	int rc = window_cfg_check(cfg, e);

	if (rc)
		return rc;
	p = period_of(kind, today);
	if (!period_valid(p))
		return err_set(e, ERR_INVALID, "日期超出范围");
	/* Step back from the period containing today until one is due on or before today. */
	while (period_end(p) + cfg->close_day > today) {
		p = period_prev(p);
		if (!period_valid(p))
			return err_set(e, ERR_NOTFOUND, "该日期之前没有已到期的填报周期");
	}
	*out_period = p;
	return 0;
}
