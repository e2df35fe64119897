/* documents.c — plan documents over the API:
 *   POST /api/documents?name=&title=&year=  the body is a published plan document as
 *     uploaded (UTF-8, GB18030, Big5 …; Content-Type application/octet-stream, so a
 *     cross-site form cannot send it); extract_run drafts it and store_import_draft
 *     writes it as a draft plan with its results, glossary and the document itself, in
 *     one transaction.  201 with the plan id, the counts and the outline found.
 *   GET /api/plans/{id}/document   the stored source text, with what extraction dropped
 *   GET /api/plans/{id}/glossary   the plan's glossary (名词解释) with cited spans
 *   GET /api/plans/{id}/results    the results (完成情况) the import found
 * Spans are byte ranges of the document's "text" (docs/store.md). */
#include "api/internal.h"

#include "extract/extract.h"
#include "model/date.h"
#include "store/docs.h"
#include "store/import.h"

#include <stdio.h>
#include <string.h>

static int plan_missing(const http_req_t *req, err_t *e)
{
	return err_set(e, ERR_NOTFOUND,
		       req->lang == HTTP_LANG_EN ? "no such plan" : "未找到该规划");
}

/* ---- upload ---- */

/* name, title and year of the upload (year 0: the document's). */
static int upload_query(const http_req_t *req, str_t *name, str_t *title, int *year, err_t *e)
{
	long long y = 0;
	int rc = api_query_int(req, "year", 0, DATE_YEAR_MAX, &y, e);
	if (rc == 0 && y != 0 && y < DATE_YEAR_MIN) {
		err_set(e, ERR_INVALID, "年份应在 %d 到 %d 之间", DATE_YEAR_MIN, DATE_YEAR_MAX);
		rc = err_field(e, "year");
	}
	*year = (int)y;
	if (!http_req_query(req, "name", name) || str_trim(*name).len == 0)
		*name = STR_LIT("upload.txt");
	if (!http_req_query(req, "title", title))
		*title = STR_NULL;
	return rc;
}

static json_t *upload_json(const draft_t *d, const store_plan_t *plan,
			   const store_import_counts_t *c)
{
	json_t *outline = json_array(), *warn = json_array();
	for (size_t i = 0; outline && i < d->nodes.n; i++) {
		const draft_node_t *n = &d->nodes.v[i];
		json_array_append_new(outline, json_pack("{s:i, s:i, s:i, s:s, s:s}", "id", n->id,
							 "parent", n->parent, "level", n->level,
							 "label", n->label ? n->label : "", "title",
							 n->title ? n->title : ""));
	}
	for (size_t i = 0; warn && i < d->doc.nwarnings; i++)
		json_array_append_new(warn, json_string(d->doc.warnings[i]));
	return json_pack(
		"{s:I, s:o, s:i, s:s, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:{s:s, s:s, s:I}, "
		"s:o*, s:o*}",
		"plan_id", (json_int_t)plan->id, "title", api_str(plan->title), "year", plan->year,
		"state", "draft", "counts", "nodes", (json_int_t)c->nodes, "targets",
		(json_int_t)c->targets, "results", (json_int_t)c->results, "projects",
		(json_int_t)c->projects, "glossary", (json_int_t)c->glossary, "lead_units",
		(json_int_t)c->leads, "units_named", (json_int_t)d->units.n, "document", "encoding",
		d->doc.encoding ? d->doc.encoding : "", "script",
		d->doc.script ? d->doc.script : "", "bytes", (json_int_t)d->doc.bytes, "outline",
		outline, "warnings", warn);
}

/* Extracts the body and names the plan; ERR_INVALID (400) for a document that is not
 * text or does not say its year when none is given. */
static int upload_extract(const http_req_t *req, str_t name, str_t title, int year, draft_t **out_d,
			  store_plan_t *plan, err_t *e)
{
	extract_opts_t o = { .year = year };
	if (req->body.len == 0) {
		err_set(e, ERR_INVALID, "请上传文件内容");
		return err_field(e, "body");
	}
	int rc = extract_run(req->body.ptr, req->body.len, &o, out_d, e);
	if (rc < 0)
		return rc == ERR_NOMEM ? rc : err_field(e, "body");
	const draft_t *d = *out_d;
	plan->year = year ? year : d->doc.year;
	plan->title = str_trim(title.ptr ? title : str_from_cstr(d->doc.title));
	if (plan->title.len == 0)
		plan->title = name;
	plan->source = name;
	if (plan->year <= 0) {
		err_set(e, ERR_INVALID, "文件未写明年份，请用查询参数 year 指定");
		return err_field(e, "year");
	}
	return 0;
}

int api_documents_upload(http_req_t *req, http_resp_t *resp, err_t *e)
{
	api_ctx_t *ctx = req->app;
	const api_principal_t *p = req->principal;
	store_import_counts_t c = { 0 };
	store_plan_t plan = { 0 };
	draft_t *d = NULL;
	str_t name, title;
	int year;
	int rc = upload_query(req, &name, &title, &year, e);
	if (rc == 0)
		rc = upload_extract(req, name, title, year, &d, &plan, e);
	store_t *s = rc == 0 ? api_store_get(ctx, req, e) : NULL;
	if (rc == 0 && !s)
		rc = e->code;
	if (rc == 0)
		rc = store_import_draft(s, req->arena, p->name, d, req->body, &plan, &c, e);
	if (rc == 0) {
		json_t *j = upload_json(d, &plan, &c);
		rc = j ? http_resp_json(resp, 201, j) : err_set(e, ERR_NOMEM, "out of memory");
	}
	if (rc == 0) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/plans/%lld", plan.id);
		rc = http_resp_header(resp, req->arena, "Location", loc);
	}
	api_store_put(ctx, s);
	draft_free(d);
	return rc;
}

/* ---- reading back ---- */

/* Whether plan id exists (404 when not). */
static int plan_exists(store_t *s, http_req_t *req, long long id, err_t *e)
{
	store_plan_t plan;
	int rc = store_plan_get(s, req->arena, id, &plan, e);
	return rc == ERR_NOTFOUND ? plan_missing(req, e) : rc;
}

/* 200 with {"plan_id": id, key: [fn(item), …]} over the n items of size bytes at v. */
static int plan_list_answer(http_resp_t *resp, long long id, const char *key, const void *v,
			    size_t n, size_t size, json_t *(*fn)(const void *item))
{
	json_t *arr = json_array();
	int rc = arr ? 0 : ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (json_array_append_new(arr, fn((const char *)v + i * size)))
			rc = ERR_NOMEM;
	if (rc == 0)
		rc = http_resp_json(resp, 200,
				    json_pack("{s:I, s:O}", "plan_id", (json_int_t)id, key, arr));
	json_decref(arr);
	return rc;
}

static json_t *span_json(long long start, long long end)
{
	return json_pack("[I, I]", (json_int_t)start, (json_int_t)end);
}

/* A JSON text stored by the store (ours: well-formed); null when it is not. */
static json_t *stored_json(str_t text)
{
	return text.len ? json_loadb(text.ptr, text.len, 0, NULL) : NULL;
}

static int plan_document(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp,
			 long long id, json_t *body, err_t *e)
{
	store_document_t doc;
	int rc = plan_exists(s, req, id, e);
	(void)ctx;
	(void)body;
	if (rc == 0) {
		rc = store_document_get(s, req->arena, id, &doc, e);
		if (rc == ERR_NOTFOUND)
			rc = err_set(e, ERR_NOTFOUND,
				     req->lang == HTTP_LANG_EN ? "this plan has no stored document"
							       : "该规划没有保存原文");
	}
	if (rc == 0)
		rc = http_resp_json(
			resp, 200,
			json_pack("{s:I, s:o, s:o, s:o, s:I, s:o*, s:o, s:o}", "plan_id",
				  (json_int_t)doc.plan_id, "file_name", api_str(doc.file_name),
				  "encoding", api_str(doc.encoding), "script", api_str(doc.script),
				  "bytes", (json_int_t)doc.bytes, "dropped",
				  stored_json(doc.dropped_json), "text", api_str(doc.text),
				  "created_at", api_str(doc.created_at)));
	return rc;
}

int api_plans_document(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, NULL, plan_document, e);
}

static json_t *gloss_json(const void *item)
{
	const store_gloss_t *g = item;
	return json_pack("{s:I, s:i, s:o, s:o, s:o, s:o, s:o*}", "id", (json_int_t)g->id, "seq",
			 g->seq, "label", api_str(g->label), "term", api_str(g->term), "definition",
			 api_str(g->definition), "span", span_json(g->span_start, g->span_end),
			 "cited", stored_json(g->cited_json));
}

static int plan_glossary(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp,
			 long long id, json_t *body, err_t *e)
{
	store_gloss_t *g = NULL;
	size_t n = 0;
	int rc = plan_exists(s, req, id, e);
	(void)ctx;
	(void)body;
	if (rc == 0)
		rc = store_glossary_list(s, req->arena, id, &g, &n, e);
	return rc ? rc : plan_list_answer(resp, id, "glossary", g, n, sizeof *g, gloss_json);
}

int api_plans_glossary(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, NULL, plan_glossary, e);
}

static json_t *result_json(const void *item)
{
	const store_result_t *r = item;
	return json_pack("{s:I, s:o, s:o, s:o, s:f, s:f, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
			 (json_int_t)r->id, "node_id",
			 r->node_id > 0 ? json_integer(r->node_id) : json_null(), "indicator",
			 api_str(r->indicator), "verb", api_str(r->verb), "value", r->value,
			 "value_max", r->value_max, "unit", api_str(r->unit), "base_value",
			 r->has_base ? json_real(r->base_value) : json_null(), "base_unit",
			 api_str(r->base_unit), "qualifier", api_str(r->qualifier), "year",
			 r->year ? json_integer(r->year) : json_null(), "text", api_str(r->text),
			 "span", span_json(r->span_start, r->span_end));
}

static int plan_results(api_ctx_t *ctx, store_t *s, http_req_t *req, http_resp_t *resp,
			long long id, json_t *body, err_t *e)
{
	store_result_t *r = NULL;
	size_t n = 0;
	int rc = plan_exists(s, req, id, e);
	(void)ctx;
	(void)body;
	if (rc == 0)
		rc = store_result_list(s, req->arena, id, &r, &n, e);
	return rc ? rc : plan_list_answer(resp, id, "results", r, n, sizeof *r, result_json);
}

int api_plans_results(http_req_t *req, http_resp_t *resp, err_t *e)
{
	return api_run(req, resp, true, NULL, plan_results, e);
}
