/* openapi.c — the built-in routes (/healthz, /api/openapi.json) and the OpenAPI 3
 * description generated from the route table, so the description always matches the
 * routes actually served. */
#include "http/server.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int healthz(http_req_t *req, http_resp_t *resp, err_t *e)
{
	(void)req;
	(void)e;
	return http_resp_json(resp, 200, json_pack("{s:s}", "status", "ok"));
}

static int openapi(http_req_t *req, http_resp_t *resp, err_t *e)
{
	json_t *j = http_openapi(req->routes, req->nroutes, req->version);

	if (!j)
		return err_set(e, ERR_NOMEM, "out of memory");
	return http_resp_json(resp, 200, j);
}

const http_route_t http_builtin_routes[] = {
	{ .method = HTTP_GET,
	  .pattern = "/healthz",
	  .handler = healthz,
	  .summary = "liveness: answers {\"status\":\"ok\"}" },
	{ .method = HTTP_GET,
	  .pattern = "/api/openapi.json",
	  .handler = openapi,
	  .summary = "this OpenAPI 3 description, generated from the route table" },
};
const size_t http_builtin_nroutes = sizeof http_builtin_routes / sizeof http_builtin_routes[0];

/* Appends one parameter object; 0 or ERR_NOMEM. */
static int add_param(json_t *params, const char *in, const char *name, size_t namelen,
		     bool required)
{
	json_t *p = json_pack("{s:s%, s:s, s:b, s:{s:s}}", "name", name, namelen, "in", in,
			      "required", required, "schema", "type", "string");

	return (p && json_array_append_new(params, p) == 0) ? 0 : ERR_NOMEM;
}

static json_t *operation_params(const http_route_t *r)
{
	json_t *params = json_array();
	const char *p = r->pattern;

	if (!params)
		return NULL;
	while ((p = strchr(p, '{')) != NULL) {
		const char *end = strchr(p, '}');
		if (!end)
			break;
		if (add_param(params, "path", p + 1, (size_t)(end - p - 1), true))
			goto fail;
		p = end + 1;
	}
	for (size_t i = 0; r->query && r->query[i]; i++)
		if (add_param(params, "query", r->query[i], strlen(r->query[i]), false))
			goto fail;
	return params;
fail:
	json_decref(params);
	return NULL;
}

static json_t *request_body(const http_route_t *r)
{
	if (!r->content_type)
		return json_pack("{s:b, s:{s:{s:{s:s}}}}", "required", 1, "content",
				 "application/json", "schema", "type", "object");
	return json_pack("{s:b, s:{s:{s:{s:s, s:s}}}}", "required", 1, "content", r->content_type,
			 "schema", "type", "string", "format", "binary");
}

static json_t *operation(const http_route_t *r)
{
	char opid[128];
	size_t n;
	json_t *op, *params = operation_params(r);

	if (!params)
		return NULL;
	n = (size_t)snprintf(opid, sizeof opid, "%s", http_method_name(r->method));
	for (size_t k = 0; k < n; k++)
		opid[k] = (char)tolower((unsigned char)opid[k]);
	for (const char *c = r->pattern; *c && n + 1 < sizeof opid; c++)
		if (isalnum((unsigned char)*c))
			opid[n++] = *c;
		else if (opid[n - 1] != '_')
			opid[n++] = '_';
	opid[n] = '\0';
	op = json_pack("{s:s, s:s, s:o*, s:{s:{s:s}, s:{s:s, s:{s:{s:{s:s}}}}}}", "summary",
		       r->summary ? r->summary : "", "operationId", opid, "parameters", params,
		       "responses", "200", "description", "success", "default", "description",
		       "error", "content", "application/json", "schema", "$ref",
		       "#/components/schemas/Error");
	if (!op)
		return NULL;
	if (r->max_body > 0 &&
	    (json_object_set_new(op, "requestBody", request_body(r)) ||
	     json_object_set_new(op, "x-max-body-bytes", json_integer((json_int_t)r->max_body))))
		goto fail;
	if (r->permission && json_object_set_new(op, "x-permission", json_string(r->permission)))
		goto fail;
	return op;
fail:
	json_decref(op);
	return NULL;
}

static json_t *error_schema(void)
{
	return json_pack("{s:s, s:[s], s:{s:{s:s, s:[s,s], s:{s:{s:s}, s:{s:s}, s:{s:s}}}}}",
			 "type", "object", "required", "error", "properties", "error", "type",
			 "object", "required", "code", "message", "properties", "code", "type",
			 "string", "message", "type", "string", "field", "type", "string");
}

json_t *http_openapi(const http_route_t *routes, size_t nroutes, const char *version)
{
	json_t *doc, *paths;
	char method[16];

	doc = json_pack("{s:s, s:{s:s, s:s}, s:{}, s:{s:{s:o}}}", "openapi", "3.0.3", "info",
			"title", "duban", "version", version ? version : "0", "paths", "components",
			"schemas", "Error", error_schema());
	if (!doc)
		return NULL;
	paths = json_object_get(doc, "paths");
	for (size_t i = 0; i < nroutes; i++) {
		const http_route_t *r = &routes[i];
		json_t *item = json_object_get(paths, r->pattern), *op;
		size_t k;

		if (!item && json_object_set_new(paths, r->pattern, json_object()))
			goto fail;
		item = json_object_get(paths, r->pattern);
		snprintf(method, sizeof method, "%s", http_method_name(r->method));
		for (k = 0; method[k]; k++)
			method[k] = (char)tolower((unsigned char)method[k]);
		op = operation(r);
		if (!op || json_object_set_new(item, method, op))
			goto fail;
	}
	return doc;
fail:
	json_decref(doc);
	return NULL;
}
