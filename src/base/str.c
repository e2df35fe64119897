/* str.c — operations on borrowed string views. */
#include "base/str.h"

#include "base/err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

str_t str_make(const char *ptr, size_t len)
{
	str_t s = { ptr, ptr ? len : 0 };
	return s;
}

str_t str_from_cstr(const char *z)
{
	return str_make(z, z ? strlen(z) : 0);
}

str_t str_sub(str_t s, size_t off, size_t n)
{
	if (off > s.len)
		off = s.len;
	if (n > s.len - off)
		n = s.len - off;
	return str_make(s.ptr ? s.ptr + off : NULL, n);
}

str_t str_tail(str_t s, size_t off)
{
	return str_sub(s, off, s.len);
}

bool str_eq(str_t a, str_t b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool str_eq_cstr(str_t a, const char *z)
{
	return str_eq(a, str_from_cstr(z));
}

static int str_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

bool str_eq_nocase(str_t a, str_t b)
{
	if (a.len != b.len)
		return false;
	for (size_t i = 0; i < a.len; i++)
		if (str_lower((unsigned char)a.ptr[i]) != str_lower((unsigned char)b.ptr[i]))
			return false;
	return true;
}

bool str_starts_with(str_t s, str_t prefix)
{
	return s.len >= prefix.len && str_eq(str_sub(s, 0, prefix.len), prefix);
}

bool str_ends_with(str_t s, str_t suffix)
{
	return s.len >= suffix.len && str_eq(str_tail(s, s.len - suffix.len), suffix);
}

ssize_t str_find(str_t hay, str_t needle, size_t from)
{
	if (needle.len == 0)
		return from <= hay.len ? (ssize_t)from : -1;
	if (from > hay.len || hay.len - from < needle.len)
		return -1;
	for (size_t i = from; i + needle.len <= hay.len; i++) {
		const char *p = memchr(hay.ptr + i, needle.ptr[0], hay.len - i - needle.len + 1);
		if (!p)
			return -1;
		i = (size_t)(p - hay.ptr);
		if (memcmp(p, needle.ptr, needle.len) == 0)
			return (ssize_t)i;
	}
	return -1;
}

ssize_t str_find_byte(str_t hay, char c, size_t from)
{
	const char *p;

	if (from >= hay.len)
		return -1;
	p = memchr(hay.ptr + from, c, hay.len - from);
	return p ? p - hay.ptr : -1;
}

static size_t str_space_at(str_t s, size_t i)
{
	unsigned char c = (unsigned char)s.ptr[i];

	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
		return 1;
	if (c == 0xE3 && i + 2 < s.len + 0 && (unsigned char)s.ptr[i + 1] == 0x80 &&
	    (unsigned char)s.ptr[i + 2] == 0x80)
		return 3;
	return 0;
}

str_t str_trim(str_t s)
{
	size_t a = 0, b = s.len, k;

	while (a < b && (k = str_space_at(s, a)) > 0)
		a += k;
	while (b > a) {
		if (str_space_at(s, b - 1) == 1) {
			b--;
		} else if (b - a >= 3 && str_space_at(s, b - 3) == 3) {
			b -= 3;
		} else {
			break;
		}
	}
	return str_sub(s, a, b - a);
}

str_t str_split(str_t s, char c, str_t *out_head)
{
	ssize_t i = str_find_byte(s, c, 0);

	if (i < 0) {
		*out_head = s;
		return STR_NULL;
	}
	*out_head = str_sub(s, 0, (size_t)i);
	return str_tail(s, (size_t)i + 1);
}

int str_to_ll(str_t s, long long *out_value)
{
	char tmp[32];
	char *end;
	long long v;

	if (s.len == 0 || s.len >= sizeof tmp)
		return ERR_INVALID;
	memcpy(tmp, s.ptr, s.len);
	tmp[s.len] = '\0';
	if (!(tmp[0] == '-' || tmp[0] == '+' || (tmp[0] >= '0' && tmp[0] <= '9')))
		return ERR_INVALID;
	errno = 0;
	v = strtoll(tmp, &end, 10);
	if (errno || *end)
		return ERR_INVALID;
	*out_value = v;
	return 0;
}

int str_to_double(str_t s, double *out_value)
{
	char tmp[64];
	size_t i = 0, digits = 0;

	if (s.len == 0 || s.len >= sizeof tmp)
		return ERR_INVALID;
	memcpy(tmp, s.ptr, s.len);
	tmp[s.len] = '\0';
	if (tmp[i] == '-' || tmp[i] == '+')
		i++;
	for (; tmp[i] >= '0' && tmp[i] <= '9'; i++)
		digits++;
	if (tmp[i] == '.')
		for (i++; tmp[i] >= '0' && tmp[i] <= '9'; i++)
			digits++;
	if (tmp[i] || digits == 0)
		return ERR_INVALID;
	*out_value = strtod(tmp, NULL);
	return 0;
}
