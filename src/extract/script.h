/* script.h — Traditional/Simplified detection and folding (OpenCC t2s) with an exact
 * byte map.  Part of the text layer (text.h). */
#ifndef DUBAN_EXTRACT_SCRIPT_H
#define DUBAN_EXTRACT_SCRIPT_H

#include "base/arena.h"
#include "base/err.h"
#include "extract/offmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when z[0..n) is written in Traditional script: common Traditional-only characters
 * outnumber their Simplified counterparts (counted over at most the first 1 MiB). */
bool script_is_traditional(const char *z, size_t n);

/* Folds Traditional to Simplified, one character for one character (OpenCC t2s per
 * distinct character, cached for the process; phrase rules are not applied).  z[0..n)
 * with its map to decoded offsets (map[0..nmap), offmap.h) in; a text *out_z
 * (NUL-terminated) of *out_n bytes and its map out, owned by the arena: z and map
 * themselves, folded in place, when no character changes its byte length (the usual
 * case).  0, ERR_NOMEM, or ERR_UNAVAILABLE when OpenCC cannot be opened. */
int script_fold(arena_t *a, char *z, size_t n, const offmap_seg_t *map, size_t nmap, char **out_z,
		const offmap_seg_t **out_map, size_t *out_nmap, size_t *out_n, err_t *e);

#endif
