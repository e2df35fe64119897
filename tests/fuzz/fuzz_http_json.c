/* fuzz_http_json.c — libFuzzer target: request-body parsing under limits
 * (http_json_parse) and the error body built from whatever error it reports.  A parse
 * either succeeds with a value that serialises and parses back equal, or fails with a
 * code, a message and a location that the error body can carry.  The first byte picks
 * the size limit (times 64) and the language; the rest is the body. */
#include "http/http.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	str_t body;
	size_t max_size;
	http_lang_t lang;
	json_t *j = NULL, *back, *ej;
	err_t e;
	char *z;
	int rc;

	if (size == 0)
		return 0;
	body = str_make((const char *)data + 1, size - 1);
	max_size = (size_t)(data[0] >> 1) * 64;
	lang = (data[0] & 1) ? HTTP_LANG_EN : HTTP_LANG_ZH;
	size = body.len;
	err_clear(&e);
	rc = http_json_parse(body, max_size, HTTP_JSON_MAX_DEPTH, lang, &j, &e);
	if (rc == 0) {
		if (!j || size > max_size)
			__builtin_trap();
		z = json_dumps(j, JSON_COMPACT);
		if (z) {
			back = json_loads(z, 0, NULL);
			if (!back || !json_equal(j, back))
				__builtin_trap(); /* not a round trip */
			json_decref(back);
			free(z);
		}
		json_decref(j);
		return 0;
	}
	if (j || (rc != ERR_INVALID && rc != ERR_LIMIT && rc != ERR_NOMEM) || !e.msg[0])
		__builtin_trap();
	if (rc == ERR_INVALID && (e.offset < 0 || (size_t)e.offset > size))
		__builtin_trap();
	ej = http_error_json(rc, &e, lang);
	if (ej && !json_is_string(json_object_get(json_object_get(ej, "error"), "message")))
		__builtin_trap();
	json_decref(ej);
	return 0;
}
