/* fuzz_utf8.c — libFuzzer target: the strict UTF-8 decoder, validator and the bounded
 * buffer must agree with each other on any input and never read out of bounds. */
#include "base/buf.h"
#include "base/utf8.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	size_t bad = 0, i = 0;
	int valid = utf8_validate(p, size, &bad) == 0;
	buf_t b;

	buf_init(&b, 1 << 20);
	while (i < size) {
		uint32_t cp;
		int k = utf8_decode(p + i, size - i, &cp);
		if (k < 0) {
			if (valid || i != bad)
				__builtin_trap(); /* validate and decode disagree */
			break;
		}
		char enc[4];
		size_t n = utf8_encode(cp, enc);
		if (n != (size_t)k || memcmp(enc, p + i, n) != 0)
			__builtin_trap(); /* not a round trip */
		buf_append(&b, enc, n);
		i += (size_t)k;
	}
	if (size > 0 && i == size &&
	    (!valid || (b.err == 0 && (b.len != size || memcmp(b.ptr, p, size) != 0))))
		__builtin_trap();
	(void)utf8_count(p, size);
	buf_free(&b);
	return 0;
}
