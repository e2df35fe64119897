/* plan_import.c — the file half of the plan import shared by `duban import` and
 * `duban demo`: read a document, extract it (extract_run), name the draft plan.  Writing
 * it is store_import_draft (store/import.h), below the CLI and the web alike. */
#include "cli/plan_import.h"

#include "base/buf.h"
#include "base/mem.h"
#include "extract/extract.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int plan_import_read(const cli_ctx_t *ctx, const char *path, char **out_data, size_t *out_n,
		     err_t *e)
{
	FILE *f = fopen(path, "rb");
	buf_t b;
	char chunk[65536];
	size_t got;

	*out_data = NULL;
	if (!f)
		return err_set(e, ERR_IO, "%s '%s': %s", cli_tr(ctx, "无法打开", "cannot open"),
			       path, strerror(errno));
	buf_init(&b, EXTRACT_DEFAULT_MAX + 1);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, got);
	if (ferror(f)) {
		fclose(f);
		buf_free(&b);
		return err_set(e, ERR_IO, "%s '%s'", cli_tr(ctx, "无法读取", "cannot read"), path);
	}
	fclose(f);
	if (buf_error(&b)) {
		int rc = buf_error(&b);
		buf_free(&b);
		return err_set(e, rc == ERR_LIMIT ? ERR_LIMIT : ERR_NOMEM, "'%s' %s %zu %s", path,
			       cli_tr(ctx, "超过", "is larger than"), EXTRACT_DEFAULT_MAX,
			       cli_tr(ctx, "字节", "bytes"));
	}
	*out_data = buf_detach(&b, out_n);
	if (!*out_data) {
		*out_data = mem_strndup("", 0);
		*out_n = 0;
	}
	return *out_data ? 0
			 : err_set(e, ERR_NOMEM, "%s", cli_tr(ctx, "内存不足", "out of memory"));
}

int plan_import_prepare(const cli_ctx_t *ctx, const char *source, const char *data, size_t n,
			const char *title, int year, draft_t **out_draft, store_plan_t *out_plan,
			err_t *e)
{
	extract_opts_t opts = { 0 };
	opts.year = year;
	*out_draft = NULL;
	memset(out_plan, 0, sizeof *out_plan);
	int rc = extract_run(data, n, &opts, out_draft, e);
	if (rc < 0) {
		err_prefix(e, "%s", source);
		return rc;
	}
	const draft_t *d = *out_draft;
	out_plan->year = year > 0 ? year : d->doc.year;
	out_plan->title = str_trim(str_from_cstr(title ? title : d->doc.title));
	if (out_plan->title.len == 0)
		out_plan->title = str_from_cstr(source);
	out_plan->source = str_from_cstr(source);
	if (out_plan->year <= 0) {
		err_set(e, ERR_INVALID, "%s: %s", source,
			cli_tr(ctx, "文件未写明年份：请用 --year 指定",
			       "the document does not say its year: give --year"));
		err_field(e, "year");
		draft_free(*out_draft);
		*out_draft = NULL;
		return ERR_INVALID;
	}
	return 0;
}
