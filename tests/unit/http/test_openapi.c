/* test_openapi.c — the OpenAPI description generated from a route table (paths,
 * methods, path and query parameters, body limits, permissions), the built-in routes,
 * and allocation failures while starting a server. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/mem.h"
#include "http/server.h"

#include <string.h>

static int h_dummy(http_req_t *req, http_resp_t *resp, err_t *e)
{
	(void)req;
	(void)resp;
	(void)e;
	return 0;
}

static const char *const list_query[] = { "status", "page", NULL };

static const http_route_t routes[] = {
	{ HTTP_GET, "/api/plans", h_dummy, "plan.read", 0, list_query, "list plans", NULL },
	{ HTTP_POST, "/api/plans", h_dummy, "plan.write", 65536, NULL, "create a plan", NULL },
	{ HTTP_PUT, "/api/plans/{plan}/nodes/{node}", h_dummy, NULL, 4096, NULL, NULL, NULL },
	{ HTTP_POST, "/api/imports", h_dummy, "plan.write", 8 << 20, NULL, "upload a ledger",
	  "application/octet-stream" },
};

static json_t *op(json_t *doc, const char *path, const char *method)
{
	return json_object_get(json_object_get(json_object_get(doc, "paths"), path), method);
}

static void test_description(void **state)
{
	json_t *doc = http_openapi(routes, 4, "1.2.3"), *o, *p;
	(void)state;
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(doc, "info"), "version")),
		"1.2.3");
	assert_int_equal(json_object_size(json_object_get(doc, "paths")), 3);

	o = op(doc, "/api/plans", "get");
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "summary")), "list plans");
	assert_string_equal(json_string_value(json_object_get(o, "operationId")), "get_api_plans");
	assert_string_equal(json_string_value(json_object_get(o, "x-permission")), "plan.read");
	assert_null(json_object_get(o, "requestBody"));
	p = json_object_get(o, "parameters");
	assert_int_equal(json_array_size(p), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(p, 1), "name")),
			    "page");
	assert_string_equal(json_string_value(json_object_get(json_array_get(p, 1), "in")),
			    "query");

	o = op(doc, "/api/plans", "post");
	assert_non_null(json_object_get(o, "requestBody"));
	assert_int_equal(json_integer_value(json_object_get(o, "x-max-body-bytes")), 65536);

	assert_non_null(json_object_get(
		json_object_get(json_object_get(o, "requestBody"), "content"), "application/json"));
	o = op(doc, "/api/imports", "post");
	assert_non_null(
		json_object_get(json_object_get(json_object_get(o, "requestBody"), "content"),
				"application/octet-stream"));

	o = op(doc, "/api/plans/{plan}/nodes/{node}", "put");
	assert_null(json_object_get(o, "x-permission"));
	p = json_object_get(o, "parameters");
	assert_int_equal(json_array_size(p), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(p, 0), "name")),
			    "plan");
	assert_true(json_is_true(json_object_get(json_array_get(p, 1), "required")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(p, 1), "in")), "path");
	assert_non_null(json_object_get(
		json_object_get(json_object_get(doc, "components"), "schemas"), "Error"));
	json_decref(doc);
}

static void test_builtins(void **state)
{
	http_route_t all[8];
	http_req_t req = { 0 };
	http_resp_t resp = { .status = 0 };
	err_t e;
	(void)state;
	assert_int_equal(http_builtin_nroutes, 2);
	memcpy(all, http_builtin_routes, 2 * sizeof all[0]);
	memcpy(all + 2, routes, sizeof routes);
	assert_int_equal(http_routes_validate(all, 6, &e), 0);
	req.routes = all;
	req.nroutes = 6;
	req.version = "0.1.0";
	assert_int_equal(all[1].handler(&req, &resp, &e), 0);
	assert_int_equal(resp.status, 200);
	assert_non_null(op(resp.json, "/healthz", "get"));
	assert_non_null(op(resp.json, "/api/plans", "post"));
	http_resp_clear(&resp);
	assert_int_equal(all[0].handler(&req, &resp, &e), 0);
	assert_string_equal(json_string_value(json_object_get(resp.json, "status")), "ok");
	http_resp_clear(&resp);
}

static void test_start_nomem(void **state)
{
	http_server_config_t cfg = { .listen = "127.0.0.1:0", .routes = routes, .nroutes = 4 };
	http_server_t *srv;
	err_t e;
	(void)state;
	for (long n = 0; n < 2; n++) {
		mem_fail_after(n);
		assert_int_equal(http_server_start(&cfg, &srv, &e), ERR_NOMEM);
		mem_fail_after(-1);
		assert_null(srv);
	}
}

static void test_resp_header_nomem(void **state)
{
	arena_t *a = arena_new(64, 64);
	http_resp_t resp = { .status = 200 };
	char big[200];
	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_non_null(a);
	assert_int_equal(http_resp_header(&resp, a, "X-Big", big), ERR_NOMEM);
	assert_int_equal(resp.nheaders, 0);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_description),
		cmocka_unit_test(test_builtins),
		cmocka_unit_test(test_start_nomem),
		cmocka_unit_test(test_resp_header_nomem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
