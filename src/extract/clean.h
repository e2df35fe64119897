/* clean.h — reduces decoded text to the norm text the matchers read (before script
 * folding): HTML to text, page chrome and page footers dropped, hard-wrapped lines
 * re-joined, full-width ASCII folded, one paragraph per line.  Part of text.h's layer. */
#ifndef DUBAN_EXTRACT_CLEAN_H
#define DUBAN_EXTRACT_CLEAN_H

#include "base/arena.h"
#include "base/err.h"
#include "extract/draft.h"
#include "extract/offmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct clean_out {
	char *z; /* NUL-terminated, owned by the arena */
	size_t n;
	const offmap_seg_t *map; /* to decoded offsets (offset n maps to dn), arena */
	size_t nmap;
	draft_range_t *dropped; /* original (= decoded) line ranges removed, arena */
	size_t ndropped;
	bool html; /* the input was read as HTML */
} clean_out_t;

/* Cleans the decoded UTF-8 dz[0..dn) into out (memory from a).  0 or ERR_NOMEM. */
int clean_text(arena_t *a, const char *dz, size_t dn, clean_out_t *out, err_t *e);

/* The decoded offset of the character holding byte i of out->z (0 <= i <= out->n). */
size_t clean_to_dec(const clean_out_t *out, size_t i);

/* True when the text looks like an HTML page (known tags in its first 64 KiB). */
bool clean_is_html(const char *z, size_t n);

#endif
