/* extract.c — the plan-import pipeline (see extract.h): prepares the text, then runs the
 * outline, glossary, statement, project and place stages over it, and works out the
 * year the plan is about. */
#include "extract/extract.h"

#include "base/mem.h"

#include "extract/glossary.h"
#include "extract/outline.h"
#include "extract/place.h"
#include "extract/project.h"
#include "extract/quantity.h"
#include "extract/stmt.h"
#include "extract/text.h"

#include <stdint.h>
#include <string.h>

#define EX_ARENA_FACTOR 32                 /* arena cap per input byte */
#define EX_ARENA_BASE   ((size_t)64 << 20) /* plus this */
#define EX_YEAR_WINDOW  40                 /* bytes after "20XX年" to look for the plan word */

/* The year written as four digits and 年 at s[i] (1949..2099), or 0. */
static int ex_year_at(const char *s, size_t n, size_t i)
{
	int y = 0;

	if (n - i < 7 || memcmp(s + i + 4, "\xE5\xB9\xB4", 3) != 0)
		return 0;
	if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		return 0;
	for (size_t k = 0; k < 4; k++) {
		if (s[i + k] < '0' || s[i + k] > '9')
			return 0;
		y = y * 10 + (s[i + k] - '0');
	}
	return y >= 1949 && y <= 2099 ? y : 0;
}

/* Does s[i, i + EX_YEAR_WINDOW) (clipped to the line) name the kind of plan a year
 * belongs to? */
static bool ex_plan_word(const char *s, size_t n, size_t i)
{
	static const char *const words[] = { "工作报告", "主要工作", "工作要点",
					     "工作计划", "实施方案", "重点工作" };
	size_t lim = n - i > EX_YEAR_WINDOW ? i + EX_YEAR_WINDOW : n;
	const char *nl = memchr(s + i, '\n', lim - i);

	if (nl)
		lim = (size_t)(nl - s);
	for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
		size_t wl = strlen(words[w]);
		for (size_t k = i; k + wl <= lim; k++)
			if (memcmp(s + k, words[w], wl) == 0)
				return true;
	}
	return false;
}

/* The plan's year: the first year in the title, else the first "20XX年…工作报告" (or a
 * like plan word) in the body, else fallback. */
static int ex_guess_year(const char *title, const text_t *t, int fallback)
{
	if (title) {
		size_t n = strlen(title);
		for (size_t i = 0; i + 7 <= n; i++) {
			int y = ex_year_at(title, n, i);
			if (y)
				return y;
		}
	}
	for (size_t i = 0; i + 7 <= t->n; i++) {
		const char *p = memchr(t->z + i, 0xE5, t->n - i);
		int y;
		if (!p)
			break;
		i = (size_t)(p - t->z);
		if (i < 4)
			continue;
		y = ex_year_at(t->z, t->n, i - 4);
		if (y && ex_plan_word(t->z, t->n, i + 3))
			return y;
	}
	return fallback;
}

static bool ex_blank(const text_t *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->z[i] != ' ' && t->z[i] != '\n' && t->z[i] != '\t')
			return false;
	return true;
}

/* The stages after text_prepare. */
static int ex_stages(draft_t *d, const text_t *t, const extract_opts_t *o, err_t *e)
{
	int rc = outline_parse(d, t, o, e);

	if (rc == 0)
		rc = glossary_parse(d, t, o, e);
	if (rc == 0) {
		d->doc.year = ex_guess_year(d->doc.title, t, o->year);
		rc = stmt_extract(d, t, o, e);
	}
	if (rc == 0)
		rc = project_extract(d, t, o, e);
	if (rc == 0)
		rc = place_extract(d, t, o, e);
	return rc;
}

int extract_run(const char *data, size_t n, const extract_opts_t *opts, draft_t **out_draft,
		err_t *e)
{
	extract_opts_t o = opts ? *opts : (extract_opts_t){ 0 };
	size_t max = o.max_bytes ? o.max_bytes : EXTRACT_DEFAULT_MAX;
	text_opts_t topts = { .max_bytes = max };
	text_t t;
	draft_t *d;
	int rc;

	*out_draft = NULL;
	if (n > max)
		return err_set(e, ERR_LIMIT, "input is %zu bytes, over the limit of %zu bytes", n,
			       max);
	if (n == 0 || !data)
		return err_set_at(e, ERR_INVALID, 0, 0, "empty input");
	d = draft_new(max > (SIZE_MAX - EX_ARENA_BASE) / EX_ARENA_FACTOR
			      ? 0
			      : max * EX_ARENA_FACTOR + EX_ARENA_BASE);
	if (!d)
		return err_set(e, ERR_NOMEM, "out of memory");
	o.max_bytes = max;
	memset(&t, 0, sizeof t);
	rc = text_prepare(d, data, n, &topts, &t, e);
	if (rc == 0 && ex_blank(&t))
		rc = err_set_at(e, ERR_INVALID, 0, 0, "the input holds no text");
	if (rc == 0) { /* the statement and project stages read the same quantities */
		qty_t *qv = NULL;
		rc = qty_collect(t.z, t.n, &qv, &t.nqty);
		if (rc)
			rc = err_set(e, rc, "out of memory finding quantities");
		t.qty = qv;
		if (rc == 0)
			rc = ex_stages(d, &t, &o, e);
		mem_free(qv);
	}
	if (rc) {
		draft_free(d);
		return rc;
	}
	*out_draft = d;
	return 0;
}
