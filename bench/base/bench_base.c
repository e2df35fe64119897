/* bench_base.c — throughput of the base primitives every parser leans on: UTF-8
 * validation and decoding, and buffer appends.  Prints MB/s (median of 7 runs). */
#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static char *bench_text(size_t n)
{
	static const char unit[] = "生产总值增长7%左右，一般公共预算收入增长7%左右。Projects 626. ";
	char *z = mem_alloc(n);
	for (size_t i = 0; z && i < n; i++)
		z[i] = unit[i % (sizeof unit - 1)];
	if (z) /* end on a whole character */
		while (n > 0 && (((unsigned char)z[n - 1] & 0xC0) == 0x80 ||
				 (unsigned char)z[n - 1] >= 0xC0))
			z[--n] = ' ';
	return z;
}

static double bench_decode(const char *z, size_t n)
{
	size_t i = 0, han = 0;
	uint32_t cp;
	double t0 = bench_now();
	if (utf8_validate(z, n, NULL) != 0)
		return -1;
	while (i < n) {
		int k = utf8_decode(z + i, n - i, &cp);
		i += k > 0 ? (size_t)k : 1;
		han += utf8_is_han(cp);
	}
	if (han == 0)
		return -1;
	return (double)n / 1e6 / (bench_now() - t0);
}

static double bench_buf(const char *z, size_t n)
{
	buf_t b;
	double t0 = bench_now();
	buf_init(&b, 0);
	for (size_t i = 0; i + 64 <= n; i += 64)
		buf_append(&b, z + i, 64);
	if (buf_error(&b))
		return -1;
	buf_free(&b);
	return (double)n / 1e6 / (bench_now() - t0);
}

int main(void)
{
	size_t n = 32u << 20;
	char *z = bench_text(n);
	double d[7], a[7];

	if (!z)
		return 1;
	for (int r = 0; r < 7; r++) {
		d[r] = bench_decode(z, n);
		a[r] = bench_buf(z, n);
	}
	qsort(d, 7, sizeof d[0], bench_cmp);
	qsort(a, 7, sizeof a[0], bench_cmp);
	printf("base: utf8 validate+decode %.0f MB/s, buf append (64 B) %.0f MB/s, input %zu MiB, "
	       "median of 7\n",
	       d[3], a[3], n >> 20);
	mem_free(z);
	return 0;
}
