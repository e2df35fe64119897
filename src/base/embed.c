/* embed.c — lookup in the table of data files compiled into the binary. */
#include "base/embed.h"

#include "base/err.h"

#include <string.h>

int embed_find(const char *name, str_t *out_data)
{
	for (const embed_file_t *f = embed_files; f->name; f++) {
		if (strcmp(f->name, name) == 0) {
			*out_data = str_make(f->data, f->size);
			return 0;
		}
	}
	return ERR_NOTFOUND;
}
