/* req.c — what handlers call on a request (path and query parameters, headers, the JSON
 * body) and on a response (status, headers, JSON body). */
#include "http/http.h"

#include <string.h>

str_t http_req_param(const http_req_t *req, const char *name)
{
	for (size_t i = 0; i < req->nparams; i++)
		if (str_eq_cstr(req->params[i].name, name))
			return req->params[i].value;
	return STR_NULL;
}

bool http_req_query(const http_req_t *req, const char *name, str_t *out_value)
{
	for (size_t i = 0; i < req->nquery; i++) {
		if (str_eq_cstr(req->query[i].name, name)) {
			if (out_value)
				*out_value = req->query[i].value;
			return true;
		}
	}
	return false;
}

str_t http_req_header(const http_req_t *req, const char *name)
{
	str_t n = str_from_cstr(name);

	for (size_t i = 0; i < req->nheaders; i++)
		if (str_eq_nocase(req->headers[i].name, n))
			return req->headers[i].value;
	return STR_NULL;
}

int http_req_json(const http_req_t *req, json_t **out_json, err_t *e)
{
	size_t max = req->route ? req->route->max_body : 0;
	size_t depth = req->max_depth ? req->max_depth : HTTP_JSON_MAX_DEPTH;

	return http_json_parse(req->body, max, depth, req->lang, out_json, e);
}

int http_resp_json(http_resp_t *resp, int status, json_t *json)
{
	json_decref(resp->json);
	resp->json = json;
	resp->status = status;
	return json ? 0 : ERR_NOMEM;
}

void http_resp_raw(http_resp_t *resp, int status, const char *type, str_t bytes)
{
	json_decref(resp->json);
	resp->json = NULL;
	resp->raw = bytes;
	resp->raw_type = type;
	resp->status = status;
}

int http_resp_header(http_resp_t *resp, arena_t *arena, const char *name, const char *value)
{
	str_t n, v;

	if (resp->nheaders >= HTTP_MAX_RESP_HEADERS)
		return ERR_LIMIT;
	n = arena_str(arena, str_from_cstr(name));
	v = arena_str(arena, str_from_cstr(value));
	if (!n.ptr || !v.ptr)
		return ERR_NOMEM;
	resp->headers[resp->nheaders].name = n;
	resp->headers[resp->nheaders].value = v;
	resp->nheaders++;
	return 0;
}

void http_resp_clear(http_resp_t *resp)
{
	json_decref(resp->json);
	resp->json = NULL;
}
