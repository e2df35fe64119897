/* mem.c — allocation wrappers with an atomic failure-injection counter for tests. */
#include "base/mem.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static _Atomic long mem_countdown = -1;

void mem_fail_after(long n)
{
	atomic_store(&mem_countdown, n);
}

static int mem_should_fail(void)
{
	long c = atomic_load(&mem_countdown);

	while (c >= 0) {
		if (c == 0)
			return 1;
		if (atomic_compare_exchange_weak(&mem_countdown, &c, c - 1))
			return 0;
	}
	return 0;
}

void *mem_alloc(size_t n)
{
	if (mem_should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *mem_calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	if (mem_should_fail())
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

void *mem_realloc(void *p, size_t n)
{
	if (mem_should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

void mem_free(void *p)
{
	free(p);
}

char *mem_strndup(const char *p, size_t n)
{
	char *z = mem_alloc(n + 1);

	if (!z)
		return NULL;
	memcpy(z, p, n);
	z[n] = '\0';
	return z;
}
