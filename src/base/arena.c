/* arena.c — the region allocator: a chain of blocks, bump allocation, a byte cap. */
#include "base/arena.h"

#include "base/mem.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct arena_block {
	struct arena_block *next;
	size_t size; /* usable bytes in data */
	size_t used;
	alignas(max_align_t) unsigned char data[];
} arena_block_t;

struct arena {
	arena_block_t *head;
	size_t block_size;
	size_t max;   /* 0 = no cap */
	size_t taken; /* bytes of blocks taken from the heap */
	size_t used;  /* bytes handed out */
};

#define ARENA_ALIGN (alignof(max_align_t))

arena_t *arena_new(size_t block_size, size_t max)
{
	arena_t *a = mem_calloc(1, sizeof *a);

	if (!a)
		return NULL;
	a->block_size = block_size ? block_size : 64 * 1024;
	a->max = max;
	return a;
}

static arena_block_t *arena_grow(arena_t *a, size_t n)
{
	size_t size = n > a->block_size ? n : a->block_size;
	arena_block_t *b;

	if (size > SIZE_MAX - sizeof *b)
		return NULL;
	if (a->max && (size > a->max || a->taken > a->max - size))
		return NULL;
	b = mem_alloc(sizeof *b + size);
	if (!b)
		return NULL;
	b->next = a->head;
	b->size = size;
	b->used = 0;
	a->head = b;
	a->taken += size;
	return b;
}

void *arena_alloc(arena_t *a, size_t n)
{
	arena_block_t *b = a->head;
	size_t off;

	if (n > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (n == 0)
		n = ARENA_ALIGN;
	if (!b || b->size - b->used < n) {
		b = arena_grow(a, n);
		if (!b)
			return NULL;
	}
	off = b->used;
	b->used += n;
	a->used += n;
	return b->data + off;
}

void *arena_zalloc(arena_t *a, size_t n)
{
	void *p = arena_alloc(a, n);

	if (p)
		memset(p, 0, n);
	return p;
}

char *arena_strndup(arena_t *a, const char *p, size_t n)
{
	char *z;

	if (n == SIZE_MAX)
		return NULL;
	z = arena_alloc(a, n + 1);
	if (!z)
		return NULL;
	if (n)
		memcpy(z, p, n);
	z[n] = '\0';
	return z;
}

str_t arena_str(arena_t *a, str_t s)
{
	char *z = arena_strndup(a, s.ptr, s.len);

	return z ? str_make(z, s.len) : STR_NULL;
}

char *arena_printf(arena_t *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *z;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	z = arena_alloc(a, (size_t)n + 1);
	if (!z)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(z, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return z;
}

size_t arena_used(const arena_t *a)
{
	return a->used;
}

void arena_reset(arena_t *a)
{
	arena_block_t *b = a->head;

	while (b && b->next) {
		arena_block_t *next = b->next;
		a->taken -= b->size;
		mem_free(b);
		b = next;
	}
	a->head = b;
	if (b)
		b->used = 0;
	a->used = 0;
}

void arena_free(arena_t *a)
{
	arena_block_t *b;

	if (!a)
		return;
	b = a->head;
	while (b) {
		arena_block_t *next = b->next;
		mem_free(b);
		b = next;
	}
	mem_free(a);
}
