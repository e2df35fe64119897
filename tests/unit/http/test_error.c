/* test_error.c — the ERR_* → HTTP status mapping, the error body shape and its
 * languages, Accept-Language negotiation, JSON bodies under limits (size, depth,
 * malformed) and the request/response helpers handlers use. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/mem.h"
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_status_mapping(void **state)
{
	(void)state;
	assert_int_equal(http_status_for(0, 0), 200);
	assert_int_equal(http_status_for(ERR_INVALID, 0), 400);
	assert_int_equal(http_status_for(ERR_USAGE, 0), 400);
	assert_int_equal(http_status_for(ERR_INVALID, HTTP_RESP_MEDIA_TYPE), 415);
	assert_int_equal(http_status_for(ERR_AUTH, 0), 401);
	assert_int_equal(http_status_for(ERR_DENIED, 0), 403);
	assert_int_equal(http_status_for(ERR_NOTFOUND, 0), 404);
	assert_int_equal(http_status_for(ERR_CONFLICT, 0), 409);
	assert_int_equal(http_status_for(ERR_CONFLICT, HTTP_RESP_PRECONDITION), 412);
	assert_int_equal(http_status_for(ERR_LIMIT, 0), 413);
	assert_int_equal(http_status_for(ERR_UNAVAILABLE, 0), 503);
	assert_int_equal(http_status_for(ERR_NOMEM, 0), 500);
	assert_int_equal(http_status_for(ERR_DB, 0), 500);
	assert_int_equal(http_status_for(ERR_IO, 0), 500);
	assert_int_equal(http_status_for(ERR_INTERNAL, 0), 500);
	assert_int_equal(http_status_for(-999, 0), 500);
}

/* The error body of code/e in lang, as compact JSON text (caller frees). */
static char *error_text(int code, const err_t *e, http_lang_t lang)
{
	json_t *j = http_error_json(code, e, lang);
	char *z;

	assert_non_null(j);
	z = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	assert_non_null(z);
	return z;
}

static void test_error_shape(void **state)
{
	err_t e;
	char *z;
	(void)state;
	z = error_text(ERR_NOTFOUND, NULL, HTTP_LANG_ZH);
	assert_string_equal(
		z, "{\"error\":{\"code\":\"not_found\",\"message\":\"未找到请求的内容\"}}");
	free(z);
	z = error_text(ERR_NOTFOUND, NULL, HTTP_LANG_EN);
	assert_string_equal(z, "{\"error\":{\"code\":\"not_found\",\"message\":\"not found\"}}");
	free(z);
	/* a handler's own message and field pass through in its language */
	err_set(&e, ERR_INVALID, "截止日期格式应为 YYYY-MM-DD");
	err_field(&e, "deadline");
	z = error_text(ERR_INVALID, &e, HTTP_LANG_ZH);
	assert_string_equal(z,
			    "{\"error\":{\"code\":\"invalid_input\",\"message\":\"截止日期格式应为 "
			    "YYYY-MM-DD\",\"field\":\"deadline\"}}");
	free(z);
	/* asked for English, a Chinese message gives the English one, saying where */
	z = error_text(ERR_INVALID, &e, HTTP_LANG_EN);
	assert_string_equal(z, "{\"error\":{\"code\":\"invalid_input\",\"message\":\"the "
			       "request is not valid (field deadline)\",\"field\":\"deadline\"}}");
	free(z);
	/* an internal English message (store, extractor) is never shown in Chinese: the
	 * Chinese one with field, line and byte instead; in English it passes through */
	err_set_at(&e, ERR_INVALID, 3, 41, "store: title is required");
	err_field(&e, "title");
	z = error_text(ERR_INVALID, &e, HTTP_LANG_ZH);
	assert_string_equal(z, "{\"error\":{\"code\":\"invalid_input\",\"message\":\"请求内"
			       "容有误（字段“title”）：第 3 行（第 41 字节）\",\"field\":\"title\","
			       "\"line\":3,\"offset\":41}}");
	free(z);
	z = error_text(ERR_INVALID, &e, HTTP_LANG_EN);
	assert_non_null(strstr(z, "\"message\":\"store: title is required\""));
	free(z);
	/* the server's insides never show, in either language */
	err_set(&e, ERR_DB, "sqlite: no such table: units");
	z = error_text(ERR_DB, &e, HTTP_LANG_EN);
	assert_null(strstr(z, "sqlite"));
	free(z);
	z = error_text(ERR_DB, &e, HTTP_LANG_ZH);
	assert_non_null(strstr(z, "数据库出错"));
	free(z);
	/* an empty err_t gives the table's message */
	err_clear(&e);
	z = error_text(ERR_CONFLICT, &e, HTTP_LANG_ZH);
	assert_non_null(strstr(z, "\"code\":\"conflict\""));
	assert_non_null(strstr(z, "数据已被他人修改"));
	assert_null(strstr(z, "field"));
	free(z);
	/* a message cut mid-character falls back to the table's */
	err_set(&e, ERR_DENIED, "bad \xe4\xb8");
	err_field(&e, "\xff");
	z = error_text(ERR_DENIED, &e, HTTP_LANG_ZH);
	assert_string_equal(
		z, "{\"error\":{\"code\":\"forbidden\",\"message\":\"没有执行此操作的权限\"}}");
	free(z);
	/* every code has both languages */
	for (int c = ERR_NOMEM; c >= ERR_UNAVAILABLE; c--) {
		assert_true(strlen(http_error_message(c, HTTP_LANG_ZH)) > 0);
		assert_true(strlen(http_error_message(c, HTTP_LANG_EN)) > 0);
	}
}

static void test_resp_error(void **state)
{
	http_resp_t resp = { .status = 200 };
	err_t e;
	(void)state;
	err_set(&e, ERR_CONFLICT, "版本已过期");
	resp.flags = HTTP_RESP_PRECONDITION;
	assert_int_equal(http_resp_json(&resp, 200, json_object()), 0);
	assert_int_equal(http_resp_error(&resp, ERR_CONFLICT, &e, HTTP_LANG_ZH), 0);
	assert_int_equal(resp.status, 412);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(resp.json, "error"), "code")),
		"conflict");
	http_resp_clear(&resp);
	assert_null(resp.json);
	assert_int_equal(http_resp_json(&resp, 201, NULL), ERR_NOMEM);
}

static void test_accept_language(void **state)
{
	(void)state;
	assert_int_equal(http_lang_from_header(STR_NULL), HTTP_LANG_ZH);
	assert_int_equal(http_lang_from_header(STR_LIT("")), HTTP_LANG_ZH);
	assert_int_equal(http_lang_from_header(STR_LIT("en")), HTTP_LANG_EN);
	assert_int_equal(http_lang_from_header(STR_LIT("en-US,en;q=0.9")), HTTP_LANG_EN);
	assert_int_equal(http_lang_from_header(STR_LIT("EN-gb")), HTTP_LANG_EN);
	assert_int_equal(http_lang_from_header(STR_LIT("zh-CN,zh;q=0.9,en;q=0.8")), HTTP_LANG_ZH);
	assert_int_equal(http_lang_from_header(STR_LIT("zh;q=0.5, en;q=0.8")), HTTP_LANG_EN);
	assert_int_equal(http_lang_from_header(STR_LIT("fr, de")), HTTP_LANG_ZH);
	assert_int_equal(http_lang_from_header(STR_LIT("fr, en;q=0.1")), HTTP_LANG_EN);
	assert_int_equal(http_lang_from_header(STR_LIT("eng")), HTTP_LANG_ZH);
	assert_int_equal(http_lang_from_header(STR_LIT("en;q=0")), HTTP_LANG_ZH);
	assert_int_equal(http_lang_from_header(STR_LIT("en;q=bogus")), HTTP_LANG_ZH);
	assert_int_equal(http_lang_from_header(STR_LIT(" , ;;, en ; q=1")), HTTP_LANG_EN);
}

static int parse(const char *text, size_t max, json_t **out, err_t *e)
{
	return http_json_parse(str_from_cstr(text), max, HTTP_JSON_MAX_DEPTH, HTTP_LANG_EN, out, e);
}

static void test_json_ok(void **state)
{
	json_t *j;
	err_t e;
	(void)state;
	assert_int_equal(parse("{\"title\":\"规划\",\"n\":[1,2,{\"x\":null}]}", 1024, &j, &e), 0);
	assert_string_equal(json_string_value(json_object_get(j, "title")), "规划");
	json_decref(j);
}

static void test_json_size(void **state)
{
	json_t *j = (json_t *)1;
	err_t e;
	(void)state;
	assert_int_equal(parse("{\"a\":1}", 6, &j, &e), ERR_LIMIT);
	assert_null(j);
	assert_non_null(strstr(e.msg, "7 bytes, more than the 6 allowed"));
	assert_int_equal(parse("{\"a\":1}", 7, &j, &e), 0);
	json_decref(j);
}

/* A document nested depth deep: [[[...]]]. */
static char *nested(size_t depth)
{
	char *z = mem_alloc(2 * depth + 1);
	assert_non_null(z);
	memset(z, '[', depth);
	memset(z + depth, ']', depth);
	z[2 * depth] = '\0';
	return z;
}

static void test_json_depth(void **state)
{
	json_t *j;
	err_t e;
	char *z;
	(void)state;
	z = nested(HTTP_JSON_MAX_DEPTH);
	assert_int_equal(parse(z, 1 << 20, &j, &e), 0);
	json_decref(j);
	mem_free(z);
	z = nested(HTTP_JSON_MAX_DEPTH + 1);
	assert_int_equal(parse(z, 1 << 20, &j, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "deeper than 32 levels at line 1, column 33 (byte 32)"));
	assert_int_equal(e.offset, 32);
	mem_free(z);
	z = nested(100000); /* far past jansson's own limit: still a clean error */
	assert_int_equal(parse(z, 1 << 20, &j, &e), ERR_INVALID);
	mem_free(z);
	/* brackets inside strings do not count, escaped quotes do not end strings */
	assert_int_equal(
		parse("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[[[\"}", 1024, &j, &e),
		0);
	json_decref(j);
}

static void test_json_malformed(void **state)
{
	json_t *j;
	err_t e;
	(void)state;
	assert_int_equal(parse("{\n  \"a\": 1,\n  \"b\": tru\n}", 1024, &j, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "malformed JSON at line 3, column"));
	assert_non_null(strstr(e.msg, "(byte "));
	assert_int_equal(e.line, 3);
	assert_true(e.offset > 0);
	assert_int_equal(parse("", 1024, &j, &e), ERR_INVALID);
	assert_int_equal(parse("{\"a\":1,\"a\":2}", 1024, &j, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "duplicate"));
	assert_int_equal(parse("{\"a\":1} x", 1024, &j, &e), ERR_INVALID);
	assert_int_equal(http_json_parse(STR_LIT("{\"a\":"), 1024, 32, HTTP_LANG_ZH, &j, &e),
			 ERR_INVALID);
	assert_non_null(strstr(e.msg, "JSON 格式错误：第 1 行"));
	assert_int_equal(
		http_json_parse(STR_LIT("{\"a\":\"\\u0000\"}"), 1024, 32, HTTP_LANG_EN, &j, &e),
		ERR_INVALID);
}

static void test_req_helpers(void **state)
{
	http_route_t route = { .method = HTTP_POST, .pattern = "/x/{id}", .max_body = 64 };
	http_kv_t hdrs[1] = { { STR_LIT("Accept-Language"), STR_LIT("en") } };
	http_req_t req = {
		.route = &route, .headers = hdrs, .nheaders = 1, .nparams = 1, .nquery = 1
	};
	http_resp_t resp = { .status = 200 };
	arena_t *a = arena_new(0, 0);
	str_t v;
	json_t *j;
	err_t e;
	(void)state;
	req.params[0] = (http_kv_t){ STR_LIT("id"), STR_LIT("17") };
	req.query[0] = (http_kv_t){ STR_LIT("page"), STR_LIT("2") };
	assert_true(str_eq_cstr(http_req_param(&req, "id"), "17"));
	assert_null(http_req_param(&req, "nope").ptr);
	assert_true(http_req_query(&req, "page", &v));
	assert_true(str_eq_cstr(v, "2"));
	assert_false(http_req_query(&req, "size", &v));
	assert_true(str_eq_cstr(http_req_header(&req, "accept-language"), "en"));
	assert_null(http_req_header(&req, "X-None").ptr);
	req.body = STR_LIT("{\"ok\":true}");
	assert_int_equal(http_req_json(&req, &j, &e), 0);
	assert_true(json_is_true(json_object_get(j, "ok")));
	json_decref(j);
	route.max_body = 4;
	assert_int_equal(http_req_json(&req, &j, &e), ERR_LIMIT);
	for (int i = 0; i < HTTP_MAX_RESP_HEADERS; i++)
		assert_int_equal(http_resp_header(&resp, a, "ETag", "\"1\""), 0);
	assert_int_equal(http_resp_header(&resp, a, "ETag", "\"1\""), ERR_LIMIT);
	assert_string_equal(resp.headers[0].value.ptr, "\"1\"");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_mapping), cmocka_unit_test(test_error_shape),
		cmocka_unit_test(test_resp_error),     cmocka_unit_test(test_accept_language),
		cmocka_unit_test(test_json_ok),        cmocka_unit_test(test_json_size),
		cmocka_unit_test(test_json_depth),     cmocka_unit_test(test_json_malformed),
		cmocka_unit_test(test_req_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
