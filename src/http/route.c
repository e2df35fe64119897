/* route.c — the router: matches a method and a path against the route table (data),
 * without allocating, and checks query parameters against what a route declares.
 *
 * A linear scan over the table is enough: a few dozen routes, each compared segment by
 * segment with early exit; no trie or regex library is worth its weight here. */
#include "http/http.h"

#include <stdio.h>
#include <string.h>

static const char *const method_names[HTTP_METHOD_COUNT] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
};

const char *http_method_name(http_method_t m)
{
	if ((unsigned)m < HTTP_METHOD_COUNT)
		return method_names[m];
	return "OTHER";
}

http_method_t http_method_parse(str_t s)
{
	for (int i = 0; i < HTTP_METHOD_COUNT; i++)
		if (str_eq_cstr(s, method_names[i]))
			return (http_method_t)i;
	return HTTP_METHOD_OTHER;
}

/* The next segment of s at *pos (which points just after a '/'); advances *pos past
 * the segment and its trailing '/'.  *out_last says no '/' followed. */
static str_t next_segment(str_t s, size_t *pos, bool *out_last)
{
	size_t start = *pos, i = start;

	while (i < s.len && s.ptr[i] != '/')
		i++;
	*out_last = i >= s.len;
	*pos = i < s.len ? i + 1 : i;
	return str_make(s.ptr + start, i - start);
}

static bool is_param(str_t seg)
{
	return seg.len >= 3 && seg.ptr[0] == '{' && seg.ptr[seg.len - 1] == '}';
}

/* Whether path matches pattern; records parameters into out (count in *out_n). */
static bool pattern_match(const char *pattern, str_t path, http_kv_t *out, size_t *out_n)
{
	str_t pat = str_from_cstr(pattern);
	size_t pp = 1, sp = 1, n = 0;
	bool plast = false, slast = false;

	if (pat.len == 0 || path.len == 0 || path.ptr[0] != '/' || pat.ptr[0] != '/')
		return false;
	if (pat.len == 1 || path.len == 1)
		return pat.len == path.len;
	while (!plast && !slast) {
		str_t ps = next_segment(pat, &pp, &plast);
		str_t ss = next_segment(path, &sp, &slast);

		if (is_param(ps)) {
			if (ss.len == 0 || n >= HTTP_MAX_PARAMS)
				return false;
			out[n].name = str_sub(ps, 1, ps.len - 2);
			out[n].value = ss;
			n++;
		} else if (!str_eq(ps, ss)) {
			return false;
		}
	}
	if (plast != slast)
		return false;
	*out_n = n;
	return true;
}

http_match_result_t http_route_match(const http_route_t *routes, size_t nroutes,
				     http_method_t method, str_t path, http_match_t *out)
{
	http_kv_t params[HTTP_MAX_PARAMS];
	size_t np = 0;
	bool path_known = false;

	out->route = NULL;
	out->nparams = 0;
	out->allow = 0;
	for (size_t i = 0; i < nroutes; i++) {
		const http_route_t *r = &routes[i];
		bool same;

		if (!pattern_match(r->pattern, path, params, &np))
			continue;
		path_known = true;
		out->allow |= 1u << r->method;
		if (r->method == HTTP_GET)
			out->allow |= 1u << HTTP_HEAD;
		same = r->method == method || (method == HTTP_HEAD && r->method == HTTP_GET);
		if (same && !out->route) {
			out->route = r;
			memcpy(out->params, params, np * sizeof params[0]);
			out->nparams = np;
		}
	}
	if (out->route)
		return HTTP_MATCH_OK;
	return path_known ? HTTP_MATCH_NO_METHOD : HTTP_MATCH_NO_PATH;
}

void http_allow_string(unsigned allow, char *out, size_t outsz)
{
	size_t n = 0;

	if (outsz == 0)
		return;
	out[0] = '\0';
	for (int m = 0; m < HTTP_METHOD_COUNT; m++) {
		int k;

		if (!(allow & (1u << m)))
			continue;
		k = snprintf(out + n, outsz - n, "%s%s", n ? ", " : "", method_names[m]);
		if (k < 0 || (size_t)k >= outsz - n) {
			out[n] = '\0'; /* only whole names */
			return;
		}
		n += (size_t)k;
	}
}

static bool query_declared(const http_route_t *route, str_t name)
{
	if (!route->query)
		return false;
	for (size_t i = 0; route->query[i]; i++)
		if (str_eq_cstr(name, route->query[i]))
			return true;
	return false;
}

int http_route_check_query(const http_route_t *route, const http_kv_t *query, size_t nquery,
			   http_lang_t lang, err_t *e)
{
	char name[ERR_FIELD_MAX];

	for (size_t i = 0; i < nquery; i++) {
		if (query_declared(route, query[i].name))
			continue;
		snprintf(name, sizeof name, "%.*s", STR_FMT(query[i].name));
		if (lang == HTTP_LANG_EN)
			err_set(e, ERR_INVALID, "unknown query parameter '%s' for %s %s", name,
				http_method_name(route->method), route->pattern);
		else
			err_set(e, ERR_INVALID, "不支持的查询参数“%s”（%s %s）", name,
				http_method_name(route->method), route->pattern);
		err_field(e, name);
		return ERR_INVALID;
	}
	return 0;
}

/* Checks one pattern's syntax; 0 or ERR_INVALID. */
static int pattern_validate(const char *pattern, err_t *e)
{
	str_t pat = str_from_cstr(pattern);
	size_t pos = 1, nparams = 0;
	bool last = false;

	if (pat.len == 0 || pat.ptr[0] != '/')
		return err_set(e, ERR_INVALID, "route '%s': a pattern starts with '/'", pattern);
	if (pat.len == 1)
		return 0;
	while (!last) {
		str_t seg = next_segment(pat, &pos, &last);

		if (seg.len == 0)
			return err_set(e, ERR_INVALID, "route '%s': empty segment", pattern);
		if (is_param(seg)) {
			if (++nparams > HTTP_MAX_PARAMS)
				return err_set(e, ERR_INVALID,
					       "route '%s': more than %d parameters", pattern,
					       HTTP_MAX_PARAMS);
			if (str_find_byte(str_sub(seg, 1, seg.len - 2), '{', 0) >= 0 ||
			    str_find_byte(str_sub(seg, 1, seg.len - 2), '}', 0) >= 0)
				return err_set(e, ERR_INVALID, "route '%s': bad parameter",
					       pattern);
		} else if (str_find_byte(seg, '{', 0) >= 0 || str_find_byte(seg, '}', 0) >= 0) {
			return err_set(e, ERR_INVALID,
				       "route '%s': a parameter must be a whole segment", pattern);
		}
	}
	return 0;
}

int http_routes_validate(const http_route_t *routes, size_t nroutes, err_t *e)
{
	for (size_t i = 0; i < nroutes; i++) {
		const http_route_t *r = &routes[i];
		int rc;

		if (!r->pattern || !r->handler || (unsigned)r->method >= HTTP_METHOD_COUNT)
			return err_set(e, ERR_INVALID,
				       "route %zu: pattern, handler and method "
				       "are required",
				       i);
		rc = pattern_validate(r->pattern, e);
		if (rc)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (routes[j].method == r->method &&
			    strcmp(routes[j].pattern, r->pattern) == 0)
				return err_set(e, ERR_INVALID, "route %s %s is declared twice",
					       http_method_name(r->method), r->pattern);
	}
	return 0;
}
