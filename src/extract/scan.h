/* scan.h — byte-level word tests shared by the scanners of the extraction stages
 * (quantity.c, stmt.c, tense.c, project.c) over the norm text (text.h): is a UTF-8 word
 * written at, or ending at, a byte offset; is a year written there.  Inline: they are
 * the innermost tests of every scan. */
#ifndef DUBAN_EXTRACT_SCAN_H
#define DUBAN_EXTRACT_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* True when the word w is written at byte i of s[0..n).  The first two bytes are
 * compared before anything else. */
static inline bool scan_at(const char *s, size_t n, size_t i, const char *w)
{
	if (i >= n || s[i] != w[0])
		return false;
	if (w[1] == '\0')
		return true;
	if (i + 1 >= n || s[i + 1] != w[1])
		return false;
	size_t k = strlen(w);
	return i + k <= n && memcmp(s + i, w, k) == 0;
}

/* True when the word w ends exactly at byte i of s. */
static inline bool scan_before(const char *s, size_t i, const char *w)
{
	size_t k = strlen(w);
	return i >= k && s[i - 1] == w[k - 1] && memcmp(s + i - k, w, k) == 0;
}

/* The year 1949..2100 written at i as four digits and 年 ("2023年", not preceded by a
 * digit), or 0. */
static inline int scan_year_at(const char *s, size_t n, size_t i)
{
	int y = 0;
	if (i + 7 > n)
		return 0;
	for (size_t k = 0; k < 4; k++) {
		if (s[i + k] < '0' || s[i + k] > '9')
			return 0;
		y = y * 10 + (s[i + k] - '0');
	}
	if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		return 0;
	if (!scan_at(s, n, i + 4, "年") || y < 1949 || y > 2100)
		return 0;
	return y;
}

#endif
