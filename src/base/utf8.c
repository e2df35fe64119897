/* utf8.c — strict UTF-8 per RFC 3629. */
#include "base/utf8.h"

#include "base/err.h"

int utf8_decode(const char *p, size_t n, uint32_t *out_cp)
{
	const unsigned char *s = (const unsigned char *)p;
	uint32_t cp, min;
	int len;

	if (n == 0)
		return -1;
	if (s[0] < 0x80) {
		*out_cp = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		cp = s[0] & 0x1F;
		min = 0x80;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		cp = s[0] & 0x0F;
		min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (n < (size_t)len)
		return -1;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*out_cp = cp;
	return len;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			return 0;
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	} else if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

int utf8_validate(const char *p, size_t n, size_t *out_bad_offset)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		int k;
		if ((unsigned char)p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_decode(p + i, n - i, &cp);
		if (k < 0) {
			if (out_bad_offset)
				*out_bad_offset = i;
			return ERR_INVALID;
		}
		i += (size_t)k;
	}
	return 0;
}

size_t utf8_len_at(const char *p, size_t n, size_t i)
{
	uint32_t cp;
	int k;

	if (i >= n)
		return 0;
	k = utf8_decode(p + i, n - i, &cp);
	return k < 0 ? 1 : (size_t)k;
}

size_t utf8_count(const char *p, size_t n)
{
	size_t i = 0, c = 0;

	while (i < n) {
		i += utf8_len_at(p, n, i);
		c++;
	}
	return c;
}

size_t utf8_back(const char *p, size_t i)
{
	size_t k = 0;

	while (i > 0 && k < 3 && ((unsigned char)p[i] & 0xC0) == 0x80) {
		i--;
		k++;
	}
	return i;
}

bool utf8_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007;
}

bool utf8_is_cjk_punct(uint32_t cp)
{
	if (cp >= 0x3000 && cp <= 0x303F)
		return true;
	if (cp >= 0xFF01 && cp <= 0xFF0F)
		return true;
	if ((cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
	    (cp >= 0xFF5B && cp <= 0xFF65))
		return true;
	return cp == 0x2014 || cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D ||
	       cp == 0x2026 || cp == 0x00B7;
}
