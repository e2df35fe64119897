/* test_server.c — the real server on 127.0.0.1 (port 0) spoken to over a socket:
 * handlers with path/query parameters and JSON bodies, error bodies and statuses (404,
 * 405 + Allow, 400, 401, 403, 412, 413), Accept-Language, security headers, overload
 * shedding (503 + Retry-After, then recovery) and the draining stop.
 *
 * Synchronisation with the blocking handler is by condition variables and the
 * server's in-flight count, never by sleeping for a guessed time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/log.h"
#include "base/mem.h"
#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* ---- a tiny HTTP/1.1 client ------------------------------------------------------- */

typedef struct reply {
	int status;
	char head[4096];
	char body[8192];
} reply_t;

/* Sends raw (a whole request with "Connection: close") and reads the reply to EOF. */
static int http_raw(unsigned port, const char *raw, reply_t *out)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct timeval tv = { .tv_sec = 20 };
	static char all[16384];
	size_t n = 0;
	ssize_t k;
	char *sep;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(out, 0, sizeof *out);
	if (fd < 0)
		return -1;
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    send(fd, raw, strlen(raw), MSG_NOSIGNAL) != (ssize_t)strlen(raw)) {
		close(fd);
		return -1;
	}
	while (n + 1 < sizeof all && (k = recv(fd, all + n, sizeof all - 1 - n, 0)) > 0)
		n += (size_t)k;
	close(fd);
	all[n] = '\0';
	sep = strstr(all, "\r\n\r\n");
	if (!sep || sscanf(all, "HTTP/1.1 %d", &out->status) != 1)
		return -1;
	snprintf(out->head, sizeof out->head, "%.*s", (int)(sep - all), all);
	snprintf(out->body, sizeof out->body, "%s", sep + 4);
	return 0;
}

static reply_t *get(unsigned port, const char *path, const char *extra)
{
	static __thread reply_t r;
	char raw[2048];

	snprintf(raw, sizeof raw, "GET %s HTTP/1.1\r\nHost: t\r\n%sConnection: close\r\n\r\n", path,
		 extra ? extra : "");
	assert_int_equal(http_raw(port, raw, &r), 0);
	return &r;
}

static bool has_header(const reply_t *r, const char *line)
{
	return strstr(r->head, line) != NULL;
}

/* ---- test routes ------------------------------------------------------------------ */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static bool released;

static int h_echo(http_req_t *req, http_resp_t *resp, err_t *e)
{
	json_t *body;
	str_t q = STR_LIT("");
	int rc = http_req_json(req, &body, e);

	if (rc)
		return rc;
	http_req_query(req, "tag", &q);
	http_resp_header(resp, req->arena, "ETag", "\"7\"");
	return http_resp_json(resp, 201,
			      json_pack("{s:s%, s:s%, s:o}", "id", http_req_param(req, "id").ptr,
					http_req_param(req, "id").len, "tag", q.ptr, q.len, "body",
					body));
}

static int h_stale(http_req_t *req, http_resp_t *resp, err_t *e)
{
	(void)req;
	resp->flags |= HTTP_RESP_PRECONDITION;
	return err_set(e, ERR_CONFLICT, "stale If-Match（版本已过期）");
}

static int h_block(http_req_t *req, http_resp_t *resp, err_t *e)
{
	(void)req;
	(void)e;
	pthread_mutex_lock(&mu);
	while (!released)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	return http_resp_json(resp, 200, json_pack("{s:b}", "done", 1));
}

static int authorize(void *app, http_req_t *req, const char *perm, err_t *e)
{
	str_t who = http_req_header(req, "X-User");

	(void)app;
	if (!who.ptr)
		return err_set(e, ERR_AUTH, "who are you?");
	if (!str_eq_cstr(who, "leader"))
		return err_set(e, ERR_DENIED, "%.*s 无权执行 %s", STR_FMT(who), perm);
	return 0;
}

static const char *const echo_query[] = { "tag", NULL };

static const http_route_t routes[] = {
	{ HTTP_POST, "/api/things/{id}", h_echo, NULL, 256, echo_query, "echo", NULL },
	{ HTTP_PUT, "/api/stale", h_stale, NULL, 0, NULL, "always stale", NULL },
	{ HTTP_GET, "/api/block", h_block, NULL, 0, NULL, "waits for the test", NULL },
	{ HTTP_GET, "/api/secret", h_block, "plan.read", 0, NULL, "needs a permission", NULL },
};

static http_server_t *start(http_authorize_fn auth, unsigned max_inflight)
{
	http_server_config_t cfg = { .listen = "127.0.0.1:0",
				     .routes = routes,
				     .nroutes = sizeof routes / sizeof routes[0],
				     .authorize = auth,
				     .version = "9.9.9",
				     .threads = 4,
				     .max_inflight = max_inflight };
	http_server_t *srv;
	err_t e;

	released = false;
	assert_int_equal(http_server_start(&cfg, &srv, &e), 0);
	assert_true(http_server_port(srv) > 0);
	assert_non_null(strstr(http_server_url(srv), "http://127.0.0.1:"));
	return srv;
}

static void release(void)
{
	pthread_mutex_lock(&mu);
	released = true;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

/* ---- tests ------------------------------------------------------------------------- */

static void test_builtin(void **state)
{
	http_server_t *srv = start(NULL, 0);
	unsigned port = http_server_port(srv);
	reply_t *r;
	json_t *doc;
	(void)state;
	r = get(port, "/healthz", NULL);
	assert_int_equal(r->status, 200);
	assert_string_equal(r->body, "{\"status\":\"ok\"}");
	assert_true(has_header(r, "Content-Security-Policy: default-src 'self'; frame-ancestors "
				  "'none'"));
	assert_true(has_header(r, "X-Content-Type-Options: nosniff"));
	assert_true(has_header(r, "Referrer-Policy: no-referrer"));
	r = get(port, "/api/openapi.json", NULL);
	assert_int_equal(r->status, 200);
	assert_true(has_header(r, "Cache-Control: no-store"));
	doc = json_loads(r->body, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(doc, "info"), "version")),
		"9.9.9");
	assert_non_null(json_object_get(json_object_get(doc, "paths"), "/healthz"));
	assert_non_null(json_object_get(json_object_get(doc, "paths"), "/api/things/{id}"));
	json_decref(doc);
	assert_int_equal(http_server_stop(srv, 5000), 0);
}

static void test_errors(void **state)
{
	http_server_t *srv = start(NULL, 0);
	unsigned port = http_server_port(srv);
	reply_t *r;
	(void)state;
	r = get(port, "/api/nope", NULL);
	assert_int_equal(r->status, 404);
	assert_string_equal(r->body, "{\"error\":{\"code\":\"not_found\",\"message\":\"没有此地址："
				     "/api/nope\"}}");
	assert_true(has_header(r, "X-Content-Type-Options: nosniff"));
	r = get(port, "/api/nope", "Accept-Language: en-US,en;q=0.9\r\n");
	assert_string_equal(r->body, "{\"error\":{\"code\":\"not_found\",\"message\":\"no such "
				     "address: /api/nope\"}}");
	r = get(port, "/api/things/3", NULL);
	assert_int_equal(r->status, 405);
	assert_true(has_header(r, "Allow: POST"));
	assert_non_null(strstr(r->body, "\"code\":\"method_not_allowed\""));
	r = get(port, "/healthz?verbose=1", NULL);
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "\"field\":\"verbose\""));
	r = get(port, "/api/secret", NULL);
	assert_int_equal(r->status, 401); /* no authorize hook: 401 */
	assert_non_null(strstr(r->body, "\"code\":\"unauthenticated\""));
	assert_int_equal(http_server_stop(srv, 5000), 0);
}

static void test_handlers(void **state)
{
	http_server_t *srv = start(authorize, 0);
	unsigned port = http_server_port(srv);
	reply_t r;
	char raw[1024];
	(void)state;
	snprintf(raw, sizeof raw,
		 "POST /api/things/a1?tag=x HTTP/1.1\r\nHost: t\r\nContent-Type: "
		 "application/json\r\nContent-Length: 9\r\nConnection: close\r\n\r\n{\"n\":[1]}");
	assert_int_equal(http_raw(port, raw, &r), 0);
	assert_int_equal(r.status, 201);
	assert_string_equal(r.body, "{\"id\":\"a1\",\"tag\":\"x\",\"body\":{\"n\":[1]}}");
	assert_true(has_header(&r, "ETag: \"7\""));
	/* malformed JSON: 400 with the position */
	snprintf(raw, sizeof raw,
		 "POST /api/things/a1 HTTP/1.1\r\nHost: t\r\nAccept-Language: en\r\n"
		 "Content-Type: application/json; charset=utf-8\r\n"
		 "Content-Length: 5\r\nConnection: close\r\n\r\n{\"n\":");
	assert_int_equal(http_raw(port, raw, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "malformed JSON at line 1"));
	/* over the route's body limit, announced: 413 */
	snprintf(raw, sizeof raw,
		 "POST /api/things/a1 HTTP/1.1\r\nHost: t\r\nContent-Length: 300\r\n"
		 "Connection: close\r\n\r\n");
	assert_int_equal(http_raw(port, raw, &r), 0);
	assert_int_equal(r.status, 413);
	assert_non_null(strstr(r.body, "\"code\":\"limit_exceeded\""));
	/* over the limit, chunked (no Content-Length): 413 after reading */
	snprintf(raw, sizeof raw,
		 "POST /api/things/a1 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
		 "Content-Type: application/json\r\n"
		 "Connection: close\r\n\r\n12c\r\n%0300d\r\n0\r\n\r\n",
		 0);
	assert_int_equal(http_raw(port, raw, &r), 0);
	assert_int_equal(r.status, 413);
	/* a body that is not JSON (a cross-site form post): 415 */
	snprintf(raw, sizeof raw,
		 "POST /api/things/a1 HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n"
		 "Content-Length: 9\r\nConnection: close\r\n\r\n{\"n\":[1]}");
	assert_int_equal(http_raw(port, raw, &r), 0);
	assert_int_equal(r.status, 415);
	assert_non_null(strstr(r.body, "\"field\":\"Content-Type\""));
	/* stale If-Match: 412 */
	snprintf(raw, sizeof raw,
		 "PUT /api/stale HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
	assert_int_equal(http_raw(port, raw, &r), 0);
	assert_int_equal(r.status, 412);
	assert_non_null(strstr(r.body, "stale If-Match"));
	/* permissions through the hook */
	assert_int_equal(get(port, "/api/secret", NULL)->status, 401);
	assert_int_equal(get(port, "/api/secret", "X-User: clerk\r\n")->status, 403);
	assert_non_null(strstr(get(port, "/api/secret", "X-User: clerk\r\n")->body,
			       "clerk 无权执行 plan.read"));
	release();
	assert_int_equal(get(port, "/api/secret", "X-User: leader\r\n")->status, 200);
	assert_int_equal(http_server_stop(srv, 5000), 0);
}

typedef struct client_job {
	unsigned port;
	reply_t reply;
	int rc;
} client_job_t;

static void *blocked_client(void *arg)
{
	client_job_t *j = arg;

	j->rc = http_raw(j->port, "GET /api/block HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
			 &j->reply);
	return NULL;
}

/* Waits until the server counts n requests in flight (bounded: about 20 s). */
static void wait_inflight(http_server_t *srv, unsigned n)
{
	struct timespec ts = { 0, 1000000 };

	for (int i = 0; i < 20000 && http_server_inflight(srv) != n; i++)
		nanosleep(&ts, NULL);
	assert_int_equal(http_server_inflight(srv), n);
}

static void test_overload(void **state)
{
	http_server_t *srv = start(NULL, 1);
	client_job_t job = { .port = http_server_port(srv) };
	pthread_t t;
	reply_t *r;
	(void)state;
	assert_int_equal(pthread_create(&t, NULL, blocked_client, &job), 0);
	wait_inflight(srv, 1);
	r = get(job.port, "/healthz", NULL);
	assert_int_equal(r->status, 503);
	assert_true(has_header(r, "Retry-After: 1"));
	assert_non_null(strstr(r->body, "\"code\":\"unavailable\""));
	release();
	pthread_join(t, NULL);
	assert_int_equal(job.rc, 0);
	assert_int_equal(job.reply.status, 200);
	wait_inflight(srv, 0);
	assert_int_equal(get(job.port, "/healthz", NULL)->status, 200); /* recovered */
	assert_int_equal(http_server_stop(srv, 5000), 0);
}

static void *releaser(void *arg)
{
	(void)arg;
	release();
	return NULL;
}

static void test_drain(void **state)
{
	http_server_t *srv = start(NULL, 0);
	client_job_t job = { .port = http_server_port(srv) };
	pthread_t t, rel;
	(void)state;
	assert_int_equal(pthread_create(&t, NULL, blocked_client, &job), 0);
	wait_inflight(srv, 1);
	/* the request is held when the stop begins; it still completes in full */
	assert_int_equal(pthread_create(&rel, NULL, releaser, NULL), 0);
	assert_int_equal(http_server_stop(srv, 20000), 0);
	pthread_join(rel, NULL);
	pthread_join(t, NULL);
	assert_int_equal(job.rc, 0);
	assert_int_equal(job.reply.status, 200);
	assert_string_equal(job.reply.body, "{\"done\":true}");
}

static void test_header_limit(void **state)
{
	http_server_t *srv = start(NULL, 0);
	static char raw[48 << 10];
	reply_t r;
	int n;
	(void)state;
	n = snprintf(raw, sizeof raw, "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ");
	memset(raw + n, 'a', 40000);
	snprintf(raw + n + 40000, sizeof raw - (size_t)n - 40000, "\r\nConnection: close\r\n\r\n");
	assert_int_equal(http_raw(http_server_port(srv), raw, &r), 0);
	assert_true(r.status == 431 || r.status == 413);
	assert_int_equal(get(http_server_port(srv), "/healthz", NULL)->status, 200);
	assert_int_equal(http_server_stop(srv, 5000), 0);
}

/* Allocation failures while serving: each request either fails cleanly (an error
 * answer, or the connection closed) or succeeds; the server recovers and leaks nothing. */
static void test_request_nomem(void **state)
{
	http_server_t *srv = start(NULL, 0);
	unsigned port = http_server_port(srv);
	const char *raw = "POST /api/things/a1 HTTP/1.1\r\nHost: t\r\nContent-Type: "
			  "application/json\r\nContent-Length: 9\r\nConnection: close\r\n\r\n"
			  "{\"n\":[1]}";
	bool succeeded = false;
	reply_t r;
	(void)state;
	for (long n = 0; n < 8; n++) {
		int rc;
		mem_fail_after(n);
		rc = http_raw(port, raw, &r);
		mem_fail_after(-1);
		assert_true(rc != 0 || r.status == 201 || r.status >= 500);
		succeeded |= rc == 0 && r.status == 201;
		assert_int_equal(get(port, "/healthz", NULL)->status, 200);
	}
	assert_true(succeeded);
	assert_int_equal(http_server_stop(srv, 5000), 0);
}

static void test_start_errors(void **state)
{
	http_route_t bad = { HTTP_GET, "/healthz", h_stale, NULL, 0, NULL, "dup", NULL };
	http_server_config_t cfg = { .listen = "127.0.0.1:0", .routes = &bad, .nroutes = 1 };
	http_server_t *srv = (http_server_t *)1;
	struct sockaddr_storage ss;
	unsigned len;
	err_t e;
	(void)state;
	assert_int_equal(http_server_start(&cfg, &srv, &e), ERR_INVALID);
	assert_null(srv);
	assert_non_null(strstr(e.msg, "declared twice"));
	cfg.nroutes = 0;
	cfg.listen = "nowhere:80";
	assert_int_equal(http_server_start(&cfg, &srv, &e), ERR_USAGE);
	assert_int_equal(http_listen_parse("127.0.0.1", &ss, &len, &e), ERR_USAGE);
	assert_int_equal(http_listen_parse("127.0.0.1:65536", &ss, &len, &e), ERR_USAGE);
	assert_int_equal(http_listen_parse("127.0.0.1:-1", &ss, &len, &e), ERR_USAGE);
	assert_int_equal(http_listen_parse(":80", &ss, &len, &e), ERR_USAGE);
	assert_int_equal(http_listen_parse("localhost:8080", &ss, &len, &e), 0);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(http_listen_parse("[::1]:0", &ss, &len, &e), 0);
	assert_int_equal(ss.ss_family, AF_INET6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),       cmocka_unit_test(test_errors),
		cmocka_unit_test(test_handlers),      cmocka_unit_test(test_overload),
		cmocka_unit_test(test_drain),         cmocka_unit_test(test_header_limit),
		cmocka_unit_test(test_request_nomem), cmocka_unit_test(test_start_errors),
	};
	log_set_level(LOG_WARN); /* no access lines in the test output */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
