/* embed.h — data files compiled into the binary by scripts/embed.sh (every file under
 * data/), looked up by base name.  Keeps duban one binary with no data directory. */
#ifndef DUBAN_BASE_EMBED_H
#define DUBAN_BASE_EMBED_H

#include "base/str.h"

typedef struct embed_file {
	const char *name;
	const char *data; /* followed by a NUL byte */
	unsigned size;
} embed_file_t;

/* The table generated at build time, ended by an entry with name NULL. */
extern const embed_file_t embed_files[];

/* Finds the embedded file by base name; 0 and *out_data (static storage) or ERR_NOTFOUND. */
int embed_find(const char *name, str_t *out_data);

#endif
