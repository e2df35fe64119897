/* json.c — small jansson helpers for the before/after JSON of audit rows. */
#include "base/mem.h"
#include "store/backend.h"

json_t *store_json_str(str_t v)
{
	if (v.ptr == NULL)
		return json_string("");
	return json_stringn(v.ptr, v.len);
}

json_t *store_json_id(long long id)
{
	return id > 0 ? json_integer(id) : json_null();
}

char *store_json_take(json_t *j)
{
	if (j == NULL)
		return NULL;
	/* 15 significant digits: a figure typed with up to 15 digits reads as typed (0.4, not
	 * 0.40000000000000002) */
	size_t flags = JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15);
	size_t n = json_dumpb(j, NULL, 0, flags);
	char *out = n ? mem_alloc(n + 1) : NULL;
	if (out != NULL) {
		json_dumpb(j, out, n, flags);
		out[n] = '\0';
	}
	json_decref(j);
	return out;
}
