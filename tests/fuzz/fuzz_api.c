/* fuzz_api.c — libFuzzer target: whole requests through the real route table and the
 * real handlers of `duban serve`, in process and without sockets, via the same entry
 * points server.c uses (http/dispatch.h): route, query check, authorization, body limits,
 * the handler, the error body.
 *
 * The store is a temporary SQLite file, seeded once: a city with a department, a county
 * and a town below the county; an active plan with tasks led by each (one led by the
 * department with the county cooperating); a submitted report; an administrator and a
 * county editor, each with a logged-in session (created in the store with fixed tokens,
 * re-created when an input logged it out).
 *
 * An input is an HTTP request in text form:
 *
 *     METHOD TARGET            TARGET = path[?query], %XX decoded like libmicrohttpd
 *     Name: value              headers, until an empty line
 *
 *     body                     the rest
 *
 * Header values stand for the sessions: "Cookie: @admin" / "@editor" become that user's
 * session cookie, "X-CSRF-Token: @admin" / "@editor" its CSRF token, "Origin: @" the
 * server's own origin (http:// and the Host header).
 *
 * Oracles (a violation traps): every answer has a status from 200 to 599 and never 500;
 * an error answer has the one error shape; a success carries a body (JSON, or a download's
 * bytes; none for 204); no
 * data route answers 2xx without a session cookie; and nothing the county editor gets
 * back names a task or report outside the county's subtree , except
 * tasks it cooperates on.  FUZZ_API_TRACE=1 prints each input's status (to check a corpus). */
#include "api/api.h"
#include "base/log.h"
#include "base/mem.h"
#include "http/dispatch.h"
#include "store/store.h"

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOST    "fuzz.test"
#define ORIGIN  "http://" HOST
#define MAX_HDR 64

typedef struct fuzz_user {
	const char *name;
	const char *token; /* 64 hex */
	const char *csrf;
	long long id;
} fuzz_user_t;

static fuzz_user_t users[] = {
	{ "admin", "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf",
	  "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf", 0 },
	{ "editor", "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
	  "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f", 0 },
};
enum { U_ADMIN, U_EDITOR };

static http_dispatch_t disp;
static store_t *fx_store;
static char fx_dir[64];
static unsigned long long req_count;
static long long county_id, town_id; /* the editor's unit and the one below it */

static void die(const char *what, const err_t *e)
{
	fprintf(stderr, "fuzz_api: %s: %s\n", what, e ? e->msg : "");
	__builtin_trap();
}

static void cleanup(void)
{
	char p[128];
	static const char *const files[] = { "api.db", "api.db-wal", "api.db-shm" };

	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s/%s", fx_dir, files[i]);
		unlink(p);
	}
	rmdir(fx_dir);
}

/* ---- the fixture ---------------------------------------------------------------------- */

static long long add_unit(const char *name, long long parent)
{
	store_unit_t u = { .parent_id = parent, .name = str_from_cstr(name), .kind = STR_LIT("x") };
	err_t e;

	if (store_unit_add(fx_store, STR_LIT("fuzz"), &u, &e))
		die("unit", &e);
	return u.id;
}

static long long add_node(long long plan, const char *title, long long lead)
{
	store_node_t n = { .plan_id = plan,
			   .title = str_from_cstr(title),
			   .label = STR_LIT("一、"),
			   .deadline = STR_LIT("2024-12-31"),
			   .lead_unit_id = lead };
	err_t e;

	if (store_node_add(fx_store, STR_LIT("fuzz"), &n, &e))
		die("node", &e);
	return n.id;
}

/* Makes sure both sessions exist (an input may have logged one out). */
static void sessions_ensure(void)
{
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		unsigned char h[32];
		char hex[65];
		arena_t *a = arena_new(0, 0);
		long long now = (long long)time(NULL);
		store_session_t s;
		err_t e;
		int rc;

		crypto_generichash(h, sizeof h, (const unsigned char *)users[i].token, 64, NULL, 0);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		rc = store_session_get(fx_store, a, str_from_cstr(hex), &s, &e);
		if (rc == ERR_NOTFOUND) {
			s = (store_session_t){ .token_hash = str_from_cstr(hex),
					       .user_id = users[i].id,
					       .created_at = now,
					       .last_seen = now,
					       .expires_at = now + 86400,
					       .csrf = str_from_cstr(users[i].csrf),
					       .client = STR_LIT("127.0.0.1") };
			rc = store_session_create(fx_store, str_from_cstr(users[i].name), &s, &e);
		}
		arena_free(a);
		if (rc)
			die("session", &e);
	}
}

static void seed(void)
{
	arena_t *a = arena_new(0, 0);
	store_user_t admin, ed;
	store_plan_t plan = { .title = STR_LIT("2024年政府工作报告"), .year = 2024 };
	store_report_t r = { 0 };
	bool created;
	long long city, dept, county, node;
	err_t e;

	if (api_bootstrap_admin(disp.app, "admin", "correct horse battery", &created, &e))
		die("bootstrap", &e);
	if (store_user_get_by_name(fx_store, a, STR_LIT("admin"), &admin, &e))
		die("admin", &e);
	users[U_ADMIN].id = admin.id;
	city = add_unit("市", 0);
	dept = add_unit("市发改委", city);
	county = county_id = add_unit("涞水县", city);
	town_id = add_unit("某镇", county);
	ed = (store_user_t){ .name = STR_LIT("editor"),
			     .display_name = STR_LIT("涞水填报"),
			     .pw_hash = admin.pw_hash,
			     .role = STR_LIT("unit_editor"),
			     .unit_id = county };
	if (store_user_add(fx_store, STR_LIT("fuzz"), &ed, &e))
		die("editor", &e);
	users[U_EDITOR].id = ed.id;
	if (store_plan_add(fx_store, STR_LIT("fuzz"), &plan, &e) ||
	    store_plan_set_state(fx_store, STR_LIT("fuzz"), plan.id, STR_LIT("active"), &e))
		die("plan", &e);
	add_node(plan.id, "发改任务", dept);          /* 1: another unit's */
	node = add_node(plan.id, "涞水任务", county); /* 2: the editor's */
	add_node(plan.id, "某镇任务", town_id);       /* 3: below the editor's */
	add_node(plan.id, "未分配任务", 0);           /* 4 */
	r = (store_report_t){ .unit_id = county,
			      .item_kind = STR_LIT("node"),
			      .item_id = node,
			      .period = STR_LIT("2024-03"),
			      .narrative = STR_LIT("按期推进") };
	if (store_report_put(fx_store, STR_LIT("editor"), &r, true, &e))
		die("report", &e);
	arena_free(a);
	sessions_ensure();
}

static void init_once(void)
{
	static bool done;
	void *ctx = NULL;
	char db[128];
	err_t e;

	if (done)
		return;
	done = true;
	log_set_level(LOG_ERROR);
	snprintf(fx_dir, sizeof fx_dir, "/tmp/duban-fuzz-api-XXXXXX");
	if (!mkdtemp(fx_dir))
		die("mkdtemp", NULL);
	atexit(cleanup);
	snprintf(db, sizeof db, "%s/api.db", fx_dir);
	if (api_app.open(db, NULL, &ctx, &e))
		die("open", &e);
	if (http_dispatch_init(&disp, api_app.routes, api_app.nroutes, api_app.authorize, ctx,
			       "fuzz", 0, &e))
		die("routes", &e);
	fx_store = store_open(db, &e);
	if (!fx_store)
		die("store", &e);
	seed();
}

/* ---- the request ---------------------------------------------------------------------- */

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* %XX-decoded copy of s in the arena. */
static str_t unescape(arena_t *a, str_t s)
{
	char *out = arena_alloc(a, s.len + 1);
	size_t n = 0;

	if (!out)
		return STR_NULL;
	for (size_t i = 0; i < s.len; i++) {
		int hi, lo;
		if (s.ptr[i] == '%' && i + 2 < s.len && (hi = hexval(s.ptr[i + 1])) >= 0 &&
		    (lo = hexval(s.ptr[i + 2])) >= 0) {
			out[n++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[n++] = s.ptr[i];
		}
	}
	out[n] = '\0';
	return str_make(out, n);
}

/* A header value with the session placeholders replaced. */
static str_t header_value(arena_t *a, str_t name, str_t v, str_t host)
{
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		char at[16];
		snprintf(at, sizeof at, "@%s", users[i].name);
		if (!str_eq_cstr(v, at))
			continue;
		if (str_eq_nocase(name, STR_LIT("Cookie")))
			return str_from_cstr(arena_printf(a, "duban_session=%s", users[i].token));
		if (str_eq_nocase(name, STR_LIT("X-CSRF-Token")))
			return str_from_cstr(users[i].csrf);
	}
	if (str_eq_nocase(name, STR_LIT("Origin")) && str_eq_cstr(v, "@"))
		return str_from_cstr(arena_printf(a, "http://%.*s", STR_FMT(host)));
	return v;
}

/* Parses the input into req (views into the arena); false when it is not a request. */
static bool parse(arena_t *a, str_t in, http_req_t *req, int *out_user)
{
	str_t line, method, target, path, query, item, host = STR_LIT(HOST);
	http_kv_t *h = arena_alloc(a, MAX_HDR * sizeof *h);
	str_t raw_names[MAX_HDR], raw_values[MAX_HDR];
	size_t nh = 0;

	if (!h)
		return false;
	in = str_split(in, '\n', &line);
	target = str_split(str_trim(line), ' ', &method);
	if (method.len == 0 || !target.ptr || target.len == 0 || target.ptr[0] != '/')
		return false;
	req->method = http_method_parse(method);
	query = str_split(target, '?', &path);
	req->path = unescape(a, path);
	while (query.ptr && req->nquery < HTTP_MAX_QUERY) {
		str_t k, v;
		query = str_split(query, '&', &item);
		v = str_split(item, '=', &k);
		req->query[req->nquery].name = unescape(a, k);
		req->query[req->nquery].value = unescape(a, v.ptr ? v : STR_LIT(""));
		req->nquery++;
	}
	while (in.ptr && nh < MAX_HDR) {
		str_t k, v;
		in = str_split(in, '\n', &line);
		if (line.len > 0 && line.ptr[line.len - 1] == '\r')
			line.len--;
		if (line.len == 0)
			break;
		v = str_split(line, ':', &k);
		if (!v.ptr)
			continue;
		raw_names[nh] = str_trim(k);
		raw_values[nh] = str_trim(v);
		if (str_eq_nocase(raw_names[nh], STR_LIT("Host")))
			host = raw_values[nh];
		nh++;
	}
	for (size_t i = 0; i < nh; i++) {
		h[i].name = arena_str(a, raw_names[i]);
		h[i].value = arena_str(a, header_value(a, raw_names[i], raw_values[i], host));
		if (str_eq_nocase(raw_names[i], STR_LIT("Cookie")) && *out_user == -1) /* first */
			*out_user = str_eq_cstr(raw_values[i], "@editor")  ? U_EDITOR
				    : str_eq_cstr(raw_values[i], "@admin") ? U_ADMIN
									   : -2;
	}
	req->headers = h;
	req->nheaders = nh;
	req->body = in.ptr ? in : STR_LIT("");
	req->lang = http_lang_from_header(http_req_header(req, "Accept-Language"));
	return req->path.ptr != NULL;
}

/* ---- oracles ---------------------------------------------------------------------------- */

static bool in_county(long long unit)
{
	return unit == county_id || unit == town_id;
}

/* Nothing outside the county's subtree in what the county editor got back. */
static void check_scope(json_t *j)
{
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_array(j)) {
		json_array_foreach(j, i, v) check_scope(v);
		return;
	}
	if (!json_is_object(j))
		return;
	if ((v = json_object_get(j, "lead_unit_id")) && json_is_integer(v) &&
	    !in_county(json_integer_value(v))) {
		bool coop = false;
		json_t *c, *ids = json_object_get(j, "coop_unit_ids");
		json_array_foreach(ids, i, c) coop = coop || in_county(json_integer_value(c));
		if (!coop) {
			fprintf(stderr, "fuzz_api: the editor sees another unit's task\n");
			__builtin_trap();
		}
	}
	if (json_object_get(j, "item_kind") && (v = json_object_get(j, "unit_id")) &&
	    json_is_integer(v) && !in_county(json_integer_value(v))) {
		fprintf(stderr, "fuzz_api: the editor sees another unit's report\n");
		__builtin_trap();
	}
	json_object_foreach(j, k, v) check_scope(v);
}

static void check(const http_req_t *req, const http_resp_t *resp, int user, bool cookie)
{
	json_t *err = json_object_get(resp->json, "error");
	char *z = resp->json ? json_dumps(resp->json, JSON_COMPACT) : NULL;

	if (resp->status < 200 || resp->status > 599 || resp->status == 500 || (resp->json && !z)) {
		fprintf(stderr, "fuzz_api: %s %.*s answered %d %s\n", http_method_name(req->method),
			STR_FMT(req->path), resp->status, z ? z : "");
		__builtin_trap();
	}
	free(z);
	if (resp->status >= 400 && (!json_is_string(json_object_get(err, "code")) ||
				    !json_is_string(json_object_get(err, "message"))))
		__builtin_trap(); /* not the one error shape */
	if (resp->status < 300 && resp->status != 204 && !resp->json &&
	    !(resp->raw_type && resp->raw.ptr)) /* a download carries raw bytes */
		__builtin_trap();
	if (resp->status < 300 && req->route && req->route->permission && !cookie)
		__builtin_trap(); /* data without a session */
	if (resp->status < 300 && user == U_EDITOR)
		check_scope(resp->json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena_t *a;
	http_req_t req;
	http_resp_t resp = { 0 };
	int user = -1;

	init_once();
	if (size > (1u << 20))
		return 0;
	a = arena_new(16 << 10, (size_t)8 << 20);
	if (!a)
		return 0;
	memset(&req, 0, sizeof req);
	req.arena = a;
	snprintf(req.client, sizeof req.client, "127.0.0.1");
	snprintf(req.id, sizeof req.id, "fz%llx", ++req_count);
	http_dispatch_req_init(&disp, &req);
	if (parse(a, str_make((const char *)data, size), &req, &user)) {
		if (http_dispatch_begin(&disp, &req, &resp))
			http_dispatch_run(&req, &resp);
		if (getenv("FUZZ_API_TRACE")) /* what each input got, to check a corpus */
			fprintf(stderr, "fuzz_api: %s %.*s -> %d\n", http_method_name(req.method),
				STR_FMT(req.path), resp.status);
		check(&req, &resp, user, http_req_header(&req, "Cookie").ptr != NULL);
		if (req.method == HTTP_DELETE && resp.status == 204)
			sessions_ensure();
	}
	http_resp_clear(&resp);
	arena_free(a);
	return 0;
}
