/* fold.c — Traditional → Simplified folding of search text through OpenCC (t2s), so a
 * search typed in either script finds text stored in either.  The OpenCC handle is
 * opened on first use per store; when OpenCC or its t2s.json is missing, text is used
 * as it is (search then matches only the script it was typed in). */
#include "base/mem.h"
#include "base/utf8.h"
#include "store/backend.h"

#include <opencc/opencc.h>
#include <string.h>

char *store_fold(store_t *s, str_t text)
{
	if (!s->fold_tried) {
		s->fold_tried = true;
		opencc_t cc = opencc_open("t2s.json");
		s->fold = cc == (opencc_t)-1 ? NULL : cc;
	}
	/* OpenCC is given valid UTF-8 only; the store refuses the rest before it is stored */
	if (s->fold == NULL || text.len == 0 || utf8_validate(text.ptr, text.len, NULL) < 0)
		return mem_strndup(text.ptr ? text.ptr : "", text.len);
	char *out = opencc_convert_utf8(s->fold, text.ptr, text.len);
	if (out == NULL)
		return mem_strndup(text.ptr, text.len);
	char *copy = mem_strndup(out, strlen(out));
	opencc_convert_utf8_free(out);
	return copy;
}

void store_fold_close(store_t *s)
{
	if (s->fold != NULL)
		opencc_close(s->fold);
	s->fold = NULL;
	s->fold_tried = false;
}
