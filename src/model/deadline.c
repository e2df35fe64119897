/* deadline.c — deadlines as written in plans and ledgers, read into days (deadline.h). */
#include "model/deadline.h"

/* The first run of exactly four ASCII digits in t, or -1. */
static int deadline_find_year(str_t t)
{
	for (size_t i = 0; i < t.len; i++) {
		size_t k = 0;
		while (i + k < t.len && t.ptr[i + k] >= '0' && t.ptr[i + k] <= '9')
			k++;
		if (k == 4)
			return (t.ptr[i] - '0') * 1000 + (t.ptr[i + 1] - '0') * 100 +
			       (t.ptr[i + 2] - '0') * 10 + (t.ptr[i + 3] - '0');
		i += k ? k - 1 : 0;
	}
	return -1;
}

int deadline_parse(str_t text, int plan_year, date_t *out_date, err_t *e)
{
	str_t t = str_trim(text);
	int year;

	if (t.len == 0 || str_eq_cstr(t, "年底") || str_eq_cstr(t, "年内") ||
	    str_eq_cstr(t, "年末") || str_eq_cstr(t, "今年"))
		year = plan_year;
	else if (t.len == 10 && t.ptr[4] == '-' && t.ptr[7] == '-') {
		int rc = date_parse(t, out_date, e);
		if (rc < 0)
			err_prefix(e, "'%.*s'", STR_FMT(t));
		return rc;
	} else
		year = deadline_find_year(t);
	if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX)
		return err_set(e, ERR_INVALID,
			       "cannot read the deadline '%.*s' (YYYY-MM-DD, 2025, 到2025年, 年底)",
			       STR_FMT(t));
	return date_from_ymd(year, 12, 31, out_date, e);
}
