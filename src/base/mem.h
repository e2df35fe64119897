/* mem.h — the allocation functions every module uses, with failure injection for tests.
 *
 * All heap memory in duban goes through mem_alloc/mem_realloc/mem_free so that tests can
 * make the Nth allocation fail (mem_fail_after) and prove the failure paths. */
#ifndef DUBAN_BASE_MEM_H
#define DUBAN_BASE_MEM_H

#include <stddef.h>

/* malloc; NULL on failure (or on an injected failure).  Caller owns the result. */
void *mem_alloc(size_t n);
/* calloc of n*size with overflow check; NULL on failure.  Caller owns the result. */
void *mem_calloc(size_t n, size_t size);
/* realloc; NULL on failure, p untouched.  Caller owns the result. */
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);
/* strndup through mem_alloc; NULL on failure.  Caller owns the result. */
char *mem_strndup(const char *p, size_t n);

/* Test hook: after n more successful allocations, every allocation fails until
 * mem_fail_after(-1) is called.  n = 0 fails the next one. */
void mem_fail_after(long n);

#endif
