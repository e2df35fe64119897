/* server.c — the only code that talks to libmicrohttpd.  One request's life:
 *
 *   first call     headers are in: overload check (503), route (404/405), query (400),
 *                  Content-Length against the route's limit (413), authorization (401/403)
 *   body calls     the body is collected, capped at the route's limit
 *   final call     the handler runs; its response or error is sent with the security
 *                  headers
 *   completed      access log line, in-flight count, the request's arena is freed
 *
 * Errors found in the first call are answered at once when a body follows (libmicrohttpd
 * then closes the connection instead of reading the body), else at the final call, which
 * keeps a keep-alive connection open.
 *
 * What is decided about a request (route, checks, handler, error body) is dispatch.c's,
 * shared with the in-process fuzz driver; this file is the transport around it. */
#include "http/server.h"

#include "http/dispatch.h"

#include "base/buf.h"
#include "base/log.h"
#include "base/mem.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define REQ_ARENA_MAX ((size_t)4 << 20)  /* per-request arena cap */
#define DISCARD_MAX   ((size_t)16 << 20) /* body bytes dropped before closing */
#define LOG_PATH_MAX  256

struct http_server {
	struct MHD_Daemon *daemon;
	http_dispatch_t dispatch; /* the route table (built-ins, then the application's) */
	http_server_config_t cfg;
	atomic_uint inflight;
	atomic_ullong next_id; /* request ids: start-up time in the high bits, a count */
	pthread_mutex_t mu;
	pthread_cond_t drained;
	unsigned port;
	char url[80];
};

/* Per request, allocated in its own arena (con_cls). */
typedef struct req_ctx {
	http_server_t *srv;
	http_req_t req;
	buf_t body;
	struct timespec start;
	int status;
	size_t bytes;
	bool counted;      /* counted in srv->inflight */
	bool responded;    /* a response is queued */
	bool ready;        /* routed, checked and authorized: the handler may run */
	bool deferred;     /* an error from the headers, answered at the final call */
	http_resp_t early; /* that error's answer */
	int pending;       /* an error to answer at the final call (body too large) */
	size_t discarded;
	char method[12];
	char path[LOG_PATH_MAX];
} req_ctx_t;

/* ---- responses --------------------------------------------------------------------- */

static enum MHD_Result add_header(struct MHD_Response *r, const char *name, const char *value)
{
	return MHD_add_response_header(r, name, value);
}

/* Sends resp with the security headers, then clears it: its JSON body, else its raw
 * bytes of media type raw_type (valid until the request completes), else no body. */
static void send_resp(req_ctx_t *c, struct MHD_Connection *conn, http_resp_t *resp)
{
	char *z =
		resp->json ? json_dumps(resp->json, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
	bool raw = !resp->json && resp->raw_type && resp->raw.ptr;
	size_t len = z ? strlen(z) : raw ? resp->raw.len : 0;
	int status = resp->status;
	struct MHD_Response *r;

	if (resp->json && !z)
		status = 500; /* out of memory: an empty 500 */
	r = MHD_create_response_from_buffer(len,
					    z     ? z
					    : raw ? (void *)resp->raw.ptr
						  : (void *)"",
					    MHD_RESPMEM_MUST_COPY);
	free(z);
	if (!r) {
		http_resp_clear(resp);
		return; /* libmicrohttpd answers 500 and closes */
	}
	if (len)
		add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
			   raw ? resp->raw_type : "application/json; charset=utf-8");
	add_header(r, "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
	add_header(r, "X-Content-Type-Options", "nosniff");
	add_header(r, "Referrer-Policy", "no-referrer");
	add_header(r, "X-Request-Id", c->req.id);
	if (str_starts_with(c->req.path, STR_LIT("/api")))
		add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	for (size_t i = 0; i < resp->nheaders; i++)
		add_header(r, resp->headers[i].name.ptr, resp->headers[i].value.ptr);
	if (MHD_queue_response(conn, (unsigned)status, r) == MHD_YES) {
		c->status = status;
		c->bytes = len;
		c->responded = true;
	}
	MHD_destroy_response(r);
	http_resp_clear(resp);
}

/* ---- the first call: everything decided from the headers ---------------------------- */

static enum MHD_Result count_kv(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	(void)kind;
	(void)key;
	(void)value;
	(*(size_t *)cls)++;
	return MHD_YES;
}

typedef struct kv_sink {
	http_kv_t *kv;
	size_t n, max;
	bool overflow;
} kv_sink_t;

static enum MHD_Result collect_kv(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	kv_sink_t *s = cls;

	(void)kind;
	if (s->n >= s->max) {
		s->overflow = true;
		return MHD_NO;
	}
	s->kv[s->n].name = str_from_cstr(key);
	s->kv[s->n].value = str_from_cstr(value ? value : "");
	s->n++;
	return MHD_YES;
}

static void client_address(struct MHD_Connection *conn, char *out, size_t outsz)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, outsz, "-");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)outsz);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, (socklen_t)outsz);
}

/* Collects headers and query parameters into the request; 0 or an ERR_* with e. */
static int collect_request(req_ctx_t *c, struct MHD_Connection *conn, err_t *e)
{
	http_req_t *req = &c->req;
	kv_sink_t qs = { req->query, 0, HTTP_MAX_QUERY, false };
	kv_sink_t hs = { NULL, 0, 0, false };
	size_t nh = 0;

	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_kv, &nh);
	hs.kv = arena_alloc(req->arena, (nh ? nh : 1) * sizeof *hs.kv);
	if (!hs.kv)
		return err_set(e, ERR_NOMEM, "out of memory");
	hs.max = nh;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_kv, &hs);
	req->headers = hs.kv;
	req->nheaders = hs.n;
	req->lang = http_lang_from_header(http_req_header(req, "Accept-Language"));
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_kv, &qs);
	req->nquery = qs.n;
	if (qs.overflow) {
		err_set(e, ERR_INVALID,
			req->lang == HTTP_LANG_EN ? "more than %d query parameters"
						  : "查询参数超过 %d 个",
			HTTP_MAX_QUERY);
		return ERR_INVALID;
	}
	return 0;
}

/* Answers an error decided from the headers (in c->early): at once when a body may
 * follow (then libmicrohttpd closes the connection instead of reading it) or when out of
 * memory, else at the final call so that a keep-alive connection stays open. */
static void answer_early(req_ctx_t *c, struct MHD_Connection *conn)
{
	if (http_req_has_body(&c->req) || c->early.status == 500 || !c->early.json)
		send_resp(c, conn, &c->early);
	else
		c->deferred = true;
}

/* The first call: sets up c, or decides an error from the headers alone. */
static void first_call(req_ctx_t *c, struct MHD_Connection *conn)
{
	http_server_t *srv = c->srv;
	err_t e;
	int rc;

	err_clear(&e);
	rc = collect_request(c, conn, &e);
	if (rc == 0 && atomic_fetch_add(&srv->inflight, 1) >= srv->cfg.max_inflight) {
		atomic_fetch_sub(&srv->inflight, 1);
		rc = ERR_UNAVAILABLE;
	} else if (rc == 0) {
		c->counted = true;
	}
	if (rc) {
		http_dispatch_error(&c->req, &c->early, rc, &e);
		answer_early(c, conn);
		return;
	}
	if (!http_dispatch_begin(&srv->dispatch, &c->req, &c->early)) {
		answer_early(c, conn);
		return;
	}
	buf_init(&c->body, c->req.route->max_body ? c->req.route->max_body : 1);
	c->ready = true;
}

/* ---- body and final call ------------------------------------------------------------ */

static enum MHD_Result body_call(req_ctx_t *c, const char *data, size_t *size)
{
	size_t n = *size;

	*size = 0;
	if (!c->ready || c->responded || c->pending) {
		c->discarded += n;
		return c->discarded > DISCARD_MAX ? MHD_NO : MHD_YES;
	}
	if (c->body.len + n > c->req.route->max_body) {
		c->pending = ERR_LIMIT;
		c->discarded += n;
		return MHD_YES;
	}
	buf_append(&c->body, data, n);
	if (buf_error(&c->body))
		c->pending = buf_error(&c->body);
	return MHD_YES;
}

static void final_call(req_ctx_t *c, struct MHD_Connection *conn)
{
	http_resp_t resp = { .status = 200 };

	if (c->pending == ERR_LIMIT)
		http_dispatch_too_large(&c->req, &resp);
	else if (c->pending)
		http_dispatch_error(&c->req, &resp, c->pending, NULL);
	else {
		c->req.body = buf_str(&c->body);
		http_dispatch_run(&c->req, &resp);
	}
	send_resp(c, conn, &resp);
}

/* Copies s for the access log, control bytes replaced (no log injection). */
static void log_copy(char *out, size_t outsz, const char *s)
{
	size_t i = 0;

	for (; s && s[i] && i + 1 < outsz; i++)
		out[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
	out[i] = '\0';
}

static req_ctx_t *ctx_new(http_server_t *srv, struct MHD_Connection *conn, const char *url,
			  const char *method)
{
	arena_t *a = arena_new(16 << 10, REQ_ARENA_MAX);
	req_ctx_t *c = a ? arena_zalloc(a, sizeof *c) : NULL;

	if (!c) {
		arena_free(a);
		return NULL;
	}
	c->srv = srv;
	c->req.arena = a;
	c->req.method = http_method_parse(str_from_cstr(method));
	c->req.path = arena_str(a, str_from_cstr(url));
	snprintf(c->req.id, sizeof c->req.id, "%llx",
		 (unsigned long long)atomic_fetch_add(&srv->next_id, 1));
	http_dispatch_req_init(&srv->dispatch, &c->req);
	client_address(conn, c->req.client, sizeof c->req.client);
	log_copy(c->method, sizeof c->method, method);
	log_copy(c->path, sizeof c->path, url);
	clock_gettime(CLOCK_MONOTONIC, &c->start);
	return c;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *data,
				  size_t *size, void **con_cls)
{
	req_ctx_t *c = *con_cls;

	(void)version;
	if (!c) {
		c = ctx_new(cls, conn, url, method);
		if (!c || !c->req.path.ptr) {
			if (c)
				arena_free(c->req.arena);
			return MHD_NO; /* out of memory: close the connection */
		}
		*con_cls = c;
		first_call(c, conn);
		/* none of these: a response could not be queued */
		return (c->responded || c->ready || c->deferred) ? MHD_YES : MHD_NO;
	}
	if (*size > 0)
		return body_call(c, data, size);
	if (!c->responded && c->deferred)
		send_resp(c, conn, &c->early);
	else if (!c->responded && c->ready)
		final_call(c, conn);
	return c->responded ? MHD_YES : MHD_NO;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	http_server_t *srv = cls;
	req_ctx_t *c = *con_cls;
	struct timespec now;
	long long us;

	(void)conn;
	if (!c)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	us = (long long)(now.tv_sec - c->start.tv_sec) * 1000000 +
	     (now.tv_nsec - c->start.tv_nsec) / 1000;
	log_info("access %s %s %d %zu %lldus %s id=%s%s", c->method, c->path, c->status, c->bytes,
		 us, c->req.client, c->req.id,
		 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (cut)");
	if (c->counted) {
		pthread_mutex_lock(&srv->mu);
		atomic_fetch_sub(&srv->inflight, 1);
		pthread_cond_broadcast(&srv->drained);
		pthread_mutex_unlock(&srv->mu);
	}
	buf_free(&c->body);
	http_resp_clear(&c->early);
	*con_cls = NULL;
	arena_free(c->req.arena);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	(void)cls;
	vsnprintf(line, sizeof line, fmt, ap);
	n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	log_warn("http: %s", line);
}

/* ---- lifecycle ---------------------------------------------------------------------- */

int http_listen_parse(const char *listen, void *out_addr, unsigned *out_len, err_t *e)
{
	struct sockaddr_storage *ss = out_addr;
	char host[64];
	const char *colon, *h = listen, *port_s;
	size_t hlen;
	long long port;

	memset(ss, 0, sizeof *ss);
	colon = listen ? strrchr(listen, ':') : NULL;
	if (!colon)
		return err_set(e, ERR_USAGE, "listen address '%s' is not HOST:PORT",
			       listen ? listen : "");
	hlen = (size_t)(colon - listen);
	if (hlen >= 2 && listen[0] == '[' && listen[hlen - 1] == ']') {
		h = listen + 1;
		hlen -= 2;
	}
	port_s = colon + 1;
	if (hlen == 0 || hlen >= sizeof host || str_to_ll(str_from_cstr(port_s), &port) != 0 ||
	    port < 0 || port > 65535 || port_s[0] == '+' || port_s[0] == '-')
		return err_set(e, ERR_USAGE, "listen address '%s' is not HOST:PORT", listen);
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)out_addr)->sin_addr) == 1) {
		struct sockaddr_in *in = out_addr;
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		*out_len = sizeof *in;
		return 0;
	}
	if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)out_addr)->sin6_addr) == 1) {
		struct sockaddr_in6 *in6 = out_addr;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*out_len = sizeof *in6;
		return 0;
	}
	return err_set(e, ERR_USAGE, "listen address '%s': '%s' is not an IP address", listen,
		       host);
}

/* Four threads per core: a handler waits for the disk (a durable write waits for its
 * fsync), and a waiting thread holds up the other connections of its event loop; with
 * more threads, concurrent writers share one fsync (the store's group commit).  The
 * store's pool (16 connections) is shared by them. */
static unsigned default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 4 : n > 16 ? 64 : (unsigned)n * 4;
}

static void config_defaults(http_server_config_t *cfg)
{
	if (!cfg->listen)
		cfg->listen = "127.0.0.1:8080";
	if (!cfg->version)
		cfg->version = "0";
	if (!cfg->threads)
		cfg->threads = default_threads();
	if (!cfg->connection_limit)
		cfg->connection_limit = 256;
	if (!cfg->per_ip_limit)
		cfg->per_ip_limit = 64;
	if (!cfg->timeout_s)
		cfg->timeout_s = 30;
	if (!cfg->header_limit)
		cfg->header_limit = 32 << 10;
	if (!cfg->max_inflight)
		cfg->max_inflight = 64;
	if (!cfg->max_depth)
		cfg->max_depth = HTTP_JSON_MAX_DEPTH;
}

/* Starts libmicrohttpd with the poller given in flags. */
static struct MHD_Daemon *daemon_start(http_server_t *srv, unsigned flags,
				       const struct sockaddr *sa)
{
	const http_server_config_t *cfg = &srv->cfg;

	if (sa->sa_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	return MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned int)(cfg->threads > 1 ? cfg->threads : 0), MHD_OPTION_CONNECTION_LIMIT,
		(unsigned int)cfg->connection_limit, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned int)cfg->per_ip_limit, MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned int)cfg->timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->header_limit,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
}

static int server_init_sync(http_server_t *srv)
{
	pthread_condattr_t ca;

	if (pthread_condattr_init(&ca))
		return ERR_NOMEM;
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if (pthread_cond_init(&srv->drained, &ca)) {
		pthread_condattr_destroy(&ca);
		return ERR_NOMEM;
	}
	pthread_condattr_destroy(&ca);
	if (pthread_mutex_init(&srv->mu, NULL)) {
		pthread_cond_destroy(&srv->drained);
		return ERR_NOMEM;
	}
	return 0;
}

static void server_free(http_server_t *srv, bool sync)
{
	if (sync) {
		pthread_mutex_destroy(&srv->mu);
		pthread_cond_destroy(&srv->drained);
	}
	http_dispatch_free(&srv->dispatch);
	mem_free(srv);
}

int http_server_start(const http_server_config_t *cfg, http_server_t **out_srv, err_t *e)
{
	struct sockaddr_storage ss;
	unsigned sslen, flags;
	http_server_t *srv;
	const union MHD_DaemonInfo *di;
	int rc;

	*out_srv = NULL;
	srv = mem_calloc(1, sizeof *srv);
	if (!srv)
		return err_set(e, ERR_NOMEM, "out of memory");
	srv->cfg = *cfg;
	config_defaults(&srv->cfg);
	atomic_init(&srv->inflight, 0);
	atomic_init(&srv->next_id, (unsigned long long)time(NULL) << 24);
	rc = http_listen_parse(srv->cfg.listen, &ss, &sslen, e);
	if (rc == 0)
		rc = http_dispatch_init(&srv->dispatch, cfg->routes, cfg->nroutes, cfg->authorize,
					cfg->app, srv->cfg.version, srv->cfg.max_depth, e);
	if (rc == 0 && server_init_sync(srv))
		rc = err_set(e, ERR_NOMEM, "out of memory");
	if (rc) {
		server_free(srv, false);
		return rc;
	}
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES)
		srv->daemon = daemon_start(srv, flags | MHD_USE_EPOLL, (struct sockaddr *)&ss);
	if (!srv->daemon) /* no epoll here: poll() */
		srv->daemon = daemon_start(srv, flags | MHD_USE_POLL, (struct sockaddr *)&ss);
	if (!srv->daemon) {
		rc = err_set(e, ERR_IO, "cannot listen on %s: %s", srv->cfg.listen,
			     strerror(errno));
		server_free(srv, true);
		return rc;
	}
	di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di ? di->port : 0;
	if (ss.ss_family == AF_INET6) {
		char a[INET6_ADDRSTRLEN];
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, a, sizeof a);
		snprintf(srv->url, sizeof srv->url, "http://[%s]:%u", a, srv->port);
	} else {
		char a[INET_ADDRSTRLEN];
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, a, sizeof a);
		snprintf(srv->url, sizeof srv->url, "http://%s:%u", a, srv->port);
	}
	*out_srv = srv;
	return 0;
}

unsigned http_server_port(const http_server_t *srv)
{
	return srv->port;
}

const char *http_server_url(const http_server_t *srv)
{
	return srv->url;
}

unsigned http_server_inflight(const http_server_t *srv)
{
	return atomic_load(&((http_server_t *)srv)->inflight);
}

int http_server_stop(http_server_t *srv, unsigned drain_ms)
{
	struct timespec deadline;
	MHD_socket fd;
	int rc = 0;

	if (!srv)
		return 0;
	fd = MHD_quiesce_daemon(srv->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += drain_ms / 1000;
	deadline.tv_nsec += (long)(drain_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&srv->mu);
	while (atomic_load(&srv->inflight) > 0)
		if (pthread_cond_timedwait(&srv->drained, &srv->mu, &deadline) == ETIMEDOUT)
			break;
	if (atomic_load(&srv->inflight) > 0) {
		log_warn("http: %u requests still running at the drain deadline; cutting them",
			 atomic_load(&srv->inflight));
		rc = ERR_UNAVAILABLE;
	}
	pthread_mutex_unlock(&srv->mu);
	MHD_stop_daemon(srv->daemon);
	server_free(srv, true);
	return rc;
}
