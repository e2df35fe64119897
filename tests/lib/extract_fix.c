/* extract_fix.c — fixtures shared by the extract unit tests (see extract_fix.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/extract_fix.h"

#include "base/mem.h"

#include <stdio.h>
#include <string.h>

char *xfix_read_seed(const char *name, size_t *out_n)
{
	char path[256];
	FILE *f;
	char *buf;
	long len;

	snprintf(path, sizeof path, "tests/data/%s", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	buf = mem_alloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	buf[len] = '\0';
	*out_n = (size_t)len;
	return buf;
}

void xfix_init(xfix_t *f, const char *norm, const char *dec, size_t arena_max)
{
	size_t n = strlen(norm);

	assert_int_equal(strlen(dec), n);
	f->d = draft_new(arena_max);
	assert_non_null(f->d);
	f->t = (text_t){ .z = norm,
			 .n = n,
			 .dz = dec,
			 .dn = n,
			 .map = NULL,
			 .nmap = 0,
			 .dec_to_orig = NULL,
			 .dec_base = 0,
			 .orig = dec,
			 .orig_n = n,
			 .traditional = strcmp(norm, dec) != 0 };
}

void xfix_free(xfix_t *f)
{
	draft_free(f->d);
	f->d = NULL;
}

void xfix_add_node(xfix_t *f, int parent, const char *head)
{
	const char *p = strstr(f->t.z, head);
	draft_node_t *nd;

	assert_non_null(p);
	nd = DRAFT_PUSH(f->d, nodes);
	assert_non_null(nd);
	nd->id = (int)f->d->nodes.n;
	nd->parent = parent;
	nd->level = parent ? 2 : 1;
	nd->label = "";
	nd->title = head;
	nd->norm_start = (size_t)(p - f->t.z);
	nd->norm_end = f->t.n;
	if (f->d->nodes.n > 1)
		f->d->nodes.v[f->d->nodes.n - 2].norm_end = nd->norm_start;
}
