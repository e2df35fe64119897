/* fuzz_extract.c — libFuzzer target for the whole plan-import pipeline: extract_run on
 * arbitrary bytes, then extract_to_json and its serialisation, freeing everything.  An
 * error must come with a message; a draft must convert to JSON.  Inputs over
 * FUZZ_MAX_INPUT are skipped so each run stays fast. */
#include "extract/extract.h"

#include <stdint.h>
#include <stdlib.h>

#define FUZZ_MAX_INPUT ((size_t)1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	extract_opts_t opts = { 0 };
	draft_t *d = NULL;
	err_t e;
	json_t *j;
	char *s;
	int rc;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	opts.simplified = size & 1; /* exercise both display scripts */
	err_clear(&e);
	rc = extract_run((const char *)data, size, &opts, &d, &e);
	if (rc) {
		if (!e.msg[0] || d)
			__builtin_trap(); /* an error without a message, or a leaked draft */
		return 0;
	}
	if (!d)
		__builtin_trap();
	j = extract_to_json(d);
	if (j) {
		s = json_dumps(j, JSON_COMPACT);
		free(s); /* json_dumps allocates with jansson's allocator (malloc) */
		json_decref(j);
	}
	draft_free(d);
	return 0;
}
