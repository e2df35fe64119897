/* arena.h — a region allocator: many small allocations, freed together.
 *
 * Used per request (http), per import (extract) and per command (cli).  Allocations are
 * aligned for any type.  An arena has a hard cap on the bytes it may take from the heap;
 * past it, arena_alloc returns NULL. */
#ifndef DUBAN_BASE_ARENA_H
#define DUBAN_BASE_ARENA_H

#include "base/str.h"

#include <stddef.h>

typedef struct arena arena_t;

/* A new arena taking blocks of at least block_size bytes (0 = 64 KiB) and at most max
 * bytes in all (0 = no cap).  NULL when out of memory.  Caller owns it: arena_free. */
arena_t *arena_new(size_t block_size, size_t max);
/* n bytes, aligned; NULL when out of memory or over the cap.  Owned by the arena. */
void *arena_alloc(arena_t *a, size_t n);
/* n zeroed bytes; see arena_alloc.  Owned by the arena. */
void *arena_zalloc(arena_t *a, size_t n);
/* A NUL-terminated copy of [p, p+n); owned by the arena; NULL on failure. */
char *arena_strndup(arena_t *a, const char *p, size_t n);
/* A copy of s in the arena (the copy is also NUL-terminated); ptr NULL on failure. */
str_t arena_str(arena_t *a, str_t s);
/* printf into the arena; owned by the arena; NULL on failure. */
char *arena_printf(arena_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far. */
size_t arena_used(const arena_t *a);
/* Frees everything allocated, keeps the first block for reuse. */
void arena_reset(arena_t *a);
void arena_free(arena_t *a);

#endif
