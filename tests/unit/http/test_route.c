/* test_route.c — the router: path parameters, 404 vs 405 with the Allow list, HEAD on
 * GET routes, undeclared query parameters, route table validation, no allocation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/mem.h"
#include "http/http.h"

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
	{ HTTP_POST, "/api/plans", h_dummy, "plan.write", 1 << 20, NULL, "create a plan", NULL },
	{ HTTP_GET, "/api/plans/{id}", h_dummy, "plan.read", 0, NULL, "one plan", NULL },
	{ HTTP_DELETE, "/api/plans/{id}", h_dummy, "plan.write", 0, NULL, "delete", NULL },
	{ HTTP_GET, "/api/plans/{id}/nodes", h_dummy, NULL, 0, NULL, "nodes", NULL },
	{ HTTP_PUT, "/api/plans/{plan}/nodes/{node}", h_dummy, NULL, 4096, NULL, "edit node",
	  NULL },
	{ HTTP_GET, "/", h_dummy, NULL, 0, NULL, "root", NULL },
};
#define NROUTES (sizeof routes / sizeof routes[0])

static http_match_result_t match(http_method_t m, const char *path, http_match_t *out)
{
	return http_route_match(routes, NROUTES, m, str_from_cstr(path), out);
}

static void test_params(void **state)
{
	http_match_t m;
	(void)state;
	assert_int_equal(match(HTTP_GET, "/api/plans/42/nodes", &m), HTTP_MATCH_OK);
	assert_ptr_equal(m.route, &routes[4]);
	assert_int_equal(m.nparams, 1);
	assert_true(str_eq_cstr(m.params[0].name, "id"));
	assert_true(str_eq_cstr(m.params[0].value, "42"));

	assert_int_equal(match(HTTP_PUT, "/api/plans/p-1/nodes/n%2F2", &m), HTTP_MATCH_OK);
	assert_ptr_equal(m.route, &routes[5]);
	assert_int_equal(m.nparams, 2);
	assert_true(str_eq_cstr(m.params[0].name, "plan"));
	assert_true(str_eq_cstr(m.params[0].value, "p-1"));
	assert_true(str_eq_cstr(m.params[1].name, "node"));
	assert_true(str_eq_cstr(m.params[1].value, "n%2F2"));

	assert_int_equal(match(HTTP_GET, "/api/plans", &m), HTTP_MATCH_OK);
	assert_ptr_equal(m.route, &routes[0]);
	assert_int_equal(m.nparams, 0);
	assert_int_equal(match(HTTP_GET, "/", &m), HTTP_MATCH_OK);
	assert_ptr_equal(m.route, &routes[6]);
}

static void test_not_found(void **state)
{
	http_match_t m;
	(void)state;
	assert_int_equal(match(HTTP_GET, "/api/plan", &m), HTTP_MATCH_NO_PATH);
	assert_int_equal(match(HTTP_GET, "/api/plans/", &m), HTTP_MATCH_NO_PATH);
	assert_int_equal(match(HTTP_GET, "/api/plans//nodes", &m), HTTP_MATCH_NO_PATH);
	assert_int_equal(match(HTTP_GET, "/api/plans/1/nodes/", &m), HTTP_MATCH_NO_PATH);
	assert_int_equal(match(HTTP_GET, "/api/plans/1/nodes/2/x", &m), HTTP_MATCH_NO_PATH);
	assert_int_equal(match(HTTP_GET, "api/plans", &m), HTTP_MATCH_NO_PATH);
	assert_int_equal(match(HTTP_GET, "", &m), HTTP_MATCH_NO_PATH);
	assert_null(m.route);
}

static void test_method_not_allowed(void **state)
{
	http_match_t m;
	char allow[64];
	(void)state;
	assert_int_equal(match(HTTP_PATCH, "/api/plans/7", &m), HTTP_MATCH_NO_METHOD);
	http_allow_string(m.allow, allow, sizeof allow);
	assert_string_equal(allow, "GET, HEAD, DELETE");
	assert_int_equal(match(HTTP_DELETE, "/api/plans", &m), HTTP_MATCH_NO_METHOD);
	http_allow_string(m.allow, allow, sizeof allow);
	assert_string_equal(allow, "GET, HEAD, POST");
	assert_int_equal(match(HTTP_METHOD_OTHER, "/api/plans", &m), HTTP_MATCH_NO_METHOD);
	/* too small a buffer never overflows */
	http_allow_string(m.allow, allow, 6);
	assert_string_equal(allow, "GET");
}

static void test_head_matches_get(void **state)
{
	http_match_t m;
	(void)state;
	assert_int_equal(match(HTTP_HEAD, "/api/plans/3", &m), HTTP_MATCH_OK);
	assert_ptr_equal(m.route, &routes[2]);
}

static void test_no_allocation(void **state)
{
	http_match_t m;
	(void)state;
	mem_fail_after(0);
	assert_int_equal(match(HTTP_PUT, "/api/plans/1/nodes/2", &m), HTTP_MATCH_OK);
	mem_fail_after(-1);
}

static void test_query(void **state)
{
	http_kv_t q[2] = { { STR_LIT("status"), STR_LIT("open") },
			   { STR_LIT("pgae"), STR_LIT("2") } };
	err_t e;
	(void)state;
	err_clear(&e);
	assert_int_equal(http_route_check_query(&routes[0], q, 1, HTTP_LANG_EN, &e), 0);
	assert_int_equal(http_route_check_query(&routes[0], q, 2, HTTP_LANG_EN, &e), ERR_INVALID);
	assert_string_equal(e.field, "pgae");
	assert_non_null(strstr(e.msg, "unknown query parameter 'pgae'"));
	assert_int_equal(http_route_check_query(&routes[0], q, 2, HTTP_LANG_ZH, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "不支持的查询参数"));
	/* a route that declares none takes none */
	assert_int_equal(http_route_check_query(&routes[2], q, 1, HTTP_LANG_EN, &e), ERR_INVALID);
	assert_string_equal(e.field, "status");
	assert_int_equal(http_route_check_query(&routes[2], q, 0, HTTP_LANG_EN, &e), 0);
}

static void test_validate(void **state)
{
	http_route_t bad[2] = { routes[2], routes[2] };
	err_t e;
	(void)state;
	assert_int_equal(http_routes_validate(routes, NROUTES, &e), 0);
	assert_int_equal(http_routes_validate(bad, 2, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "declared twice"));
	bad[0].pattern = "api/x";
	assert_int_equal(http_routes_validate(bad, 1, &e), ERR_INVALID);
	bad[0].pattern = "/api/x{id}";
	assert_int_equal(http_routes_validate(bad, 1, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "whole segment"));
	bad[0].pattern = "/api//x";
	assert_int_equal(http_routes_validate(bad, 1, &e), ERR_INVALID);
	bad[0].pattern = "/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}";
	assert_int_equal(http_routes_validate(bad, 1, &e), ERR_INVALID);
	bad[0].pattern = "/x";
	bad[0].handler = NULL;
	assert_int_equal(http_routes_validate(bad, 1, &e), ERR_INVALID);
}

static void test_methods(void **state)
{
	(void)state;
	assert_int_equal(http_method_parse(STR_LIT("PATCH")), HTTP_PATCH);
	assert_int_equal(http_method_parse(STR_LIT("get")), HTTP_METHOD_OTHER);
	assert_string_equal(http_method_name(HTTP_DELETE), "DELETE");
	assert_string_equal(http_method_name(HTTP_METHOD_OTHER), "OTHER");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_method_not_allowed),
		cmocka_unit_test(test_head_matches_get),
		cmocka_unit_test(test_no_allocation),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_methods),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
