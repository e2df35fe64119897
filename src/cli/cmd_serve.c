/* cmd_serve.c — `duban serve`: runs the HTTP server (src/http) until SIGTERM or SIGINT,
 * then stops accepting, drains the requests in flight and returns 0.
 *
 * Signals are blocked before the server's threads start (they inherit the mask) and
 * taken synchronously with sigwait() here in the main thread: no handler, no exit().
 * They stay blocked until the process exits (see serve_run). */
#include "cli/cli.h"

#include "api/api.h"
#include "base/log.h"
#include "cli/version.h"
#include "http/server.h"

#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SERVE_DRAIN_MS 10000

static const cli_opt_t serve_opts[] = {
	{ "listen", CLI_VALUE, "HOST:PORT",
	  "监听地址（默认 127.0.0.1:8080；端口 0 表示自动选择空闲端口）" CLI_EN
	  "address to listen on (default 127.0.0.1:8080; port 0 picks a free port)" },
	{ "db", CLI_VALUE, "FILE|URL",
	  "数据库（默认 $DUBAN_DB，否则 ./duban.db）；启动时自动升级" CLI_EN
	  "the database (default: $DUBAN_DB, else ./duban.db); migrated on start" },
	{ "config", CLI_VALUE, "FILE",
	  "服务器设置的 JSON 文件（见 docs/http.md）" CLI_EN
	  "a JSON file of server settings (see docs/http.md)" },
	{ "bootstrap-admin", CLI_VALUE, "NAME",
	  "如果还没有管理员，用标准输入读到的密码创建管理员 NAME" CLI_EN
	  "if no admin exists, create admin NAME with the password read from stdin" },
};

/* The application plugged into the server: the JSON API (src/api). */
static const http_app_t *serve_app(void)
{
	return &api_app;
}

/* Whether key is one of the API's settings (read by api_app.open from the same file). */
static bool api_key(const char *key)
{
	for (size_t i = 0; api_config_keys[i]; i++)
		if (strcmp(api_config_keys[i], key) == 0)
			return true;
	return false;
}

/* --bootstrap-admin NAME: reads one line from stdin as the password and creates the
 * admin unless one exists. */
static int serve_bootstrap(void *app_ctx, const char *name, err_t *e)
{
	char pw[1100];
	size_t n;
	bool created = false;
	int rc;

	if (!fgets(pw, sizeof pw, stdin))
		return err_set(e, ERR_USAGE, "%s",
			       cli_msg("--bootstrap-admin: 标准输入中没有密码",
				       "--bootstrap-admin: no password on stdin"));
	n = strlen(pw);
	while (n > 0 && (pw[n - 1] == '\n' || pw[n - 1] == '\r'))
		pw[--n] = '\0';
	rc = api_bootstrap_admin(app_ctx, name, pw, &created, e);
	memset(pw, 0, sizeof pw);
	if (rc == 0)
		log_info(created ? "serve: created admin %s"
				 : "serve: an admin exists; %s not created",
			 name);
	return rc;
}

typedef struct serve_settings {
	const char *listen;
	const char *db;
	unsigned drain_ms;
	http_server_config_t cfg;
} serve_settings_t;

/* Reads an unsigned setting key of the config object o into *out (untouched if absent). */
static int config_uint(json_t *o, const char *key, unsigned long long max, unsigned *out, err_t *e)
{
	json_t *v = json_object_get(o, key);

	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (unsigned long long)json_integer_value(v) > max) {
		err_set(e, ERR_INVALID,
			cli_msg("config: '%s' 必须是 0 到 %llu 之间的整数",
				"config: '%s' must be an integer from 0 to %llu"),
			key, max);
		return err_field(e, key);
	}
	*out = (unsigned)json_integer_value(v);
	return 0;
}

/* Loads --config FILE: a JSON object with the keys below (all optional).  The strings
 * point into *out_doc, which the caller releases. */
static int config_load(const char *path, serve_settings_t *s, json_t **out_doc, err_t *e)
{
	static const char *const keys[] = { "listen",           "db",           "threads",
					    "connection_limit", "per_ip_limit", "timeout_seconds",
					    "max_in_flight",    "header_limit", "drain_seconds" };
	json_error_t jerr;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr), *v;
	const char *key;
	unsigned header = 0, drain = s->drain_ms / 1000;
	int rc = 0;

	*out_doc = doc;
	if (!doc)
		return err_set_at(e, ERR_INVALID, jerr.line, jerr.position,
				  cli_msg("配置文件 %s: %s", "config %s: %s"), path, jerr.text);
	if (!json_is_object(doc))
		return err_set(
			e, ERR_INVALID,
			cli_msg("配置文件 %s: 不是 JSON 对象", "config %s: not a JSON object"),
			path);
	json_object_foreach(doc, key, v)
	{
		size_t i = 0;
		while (i < sizeof keys / sizeof keys[0] && strcmp(keys[i], key) != 0)
			i++;
		if (i == sizeof keys / sizeof keys[0] && api_key(key))
			continue;
		if (i == sizeof keys / sizeof keys[0])
			return err_set(e, ERR_INVALID,
				       cli_msg("配置文件 %s: 没有设置项 '%s'",
					       "config %s: unknown setting '%s'"),
				       path, key);
		if (i < 2 && !json_is_string(v))
			return err_set(e, ERR_INVALID,
				       cli_msg("配置文件 %s: '%s' 必须是字符串",
					       "config %s: '%s' must be a string"),
				       path, key);
	}
	if (json_object_get(doc, "listen"))
		s->listen = json_string_value(json_object_get(doc, "listen"));
	if (json_object_get(doc, "db"))
		s->db = json_string_value(json_object_get(doc, "db"));
	rc = config_uint(doc, "threads", 256, &s->cfg.threads, e);
	if (rc == 0)
		rc = config_uint(doc, "connection_limit", 1 << 20, &s->cfg.connection_limit, e);
	if (rc == 0)
		rc = config_uint(doc, "per_ip_limit", 1 << 20, &s->cfg.per_ip_limit, e);
	if (rc == 0)
		rc = config_uint(doc, "timeout_seconds", 86400, &s->cfg.timeout_s, e);
	if (rc == 0)
		rc = config_uint(doc, "max_in_flight", 1 << 20, &s->cfg.max_inflight, e);
	if (rc == 0)
		rc = config_uint(doc, "header_limit", 1 << 24, &header, e);
	if (rc == 0)
		rc = config_uint(doc, "drain_seconds", 3600, &drain, e);
	s->cfg.header_limit = header;
	s->drain_ms = drain * 1000;
	return rc;
}

/* Blocks until SIGTERM or SIGINT arrives; returns its number. */
static int serve_wait(const sigset_t *set)
{
	int sig = 0;

	while (sigwait(set, &sig) != 0)
		;
	return sig;
}

static int serve_run(cli_ctx_t *ctx, err_t *e)
{
	serve_settings_t s = { .listen = "127.0.0.1:8080", .drain_ms = SERVE_DRAIN_MS };
	const http_app_t *app = serve_app();
	const char *config = cli_arg(&ctx->args, "config");
	sigset_t set;
	http_server_t *srv = NULL;
	json_t *doc = NULL;
	void *app_ctx = NULL;
	int rc = 0, sig;

	if (config)
		rc = config_load(config, &s, &doc, e);
	if (rc)
		goto done;
	if (cli_arg(&ctx->args, "listen"))
		s.listen = cli_arg(&ctx->args, "listen");
	if (cli_arg(&ctx->args, "db"))
		s.db = cli_arg(&ctx->args, "db");
	if (!s.db)
		s.db = getenv("DUBAN_DB") && getenv("DUBAN_DB")[0] ? getenv("DUBAN_DB")
								   : "duban.db";
	if (app && app->open) {
		rc = app->open(s.db, config, &app_ctx, e);
		if (rc)
			goto done;
	}
	if (cli_arg(&ctx->args, "bootstrap-admin")) {
		rc = serve_bootstrap(app_ctx, cli_arg(&ctx->args, "bootstrap-admin"), e);
		if (rc) {
			app->close(app_ctx);
			goto done;
		}
	}
	s.cfg.listen = s.listen;
	s.cfg.version = DUBAN_VERSION;
	s.cfg.app = app_ctx;
	if (app) {
		s.cfg.routes = app->routes;
		s.cfg.nroutes = app->nroutes;
		s.cfg.authorize = app->authorize;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	rc = http_server_start(&s.cfg, &srv, e);
	if (rc == 0) {
		/* this line stays the same in every language: scripts read the URL from it */
		fprintf(ctx->out, "listening on %s\n", http_server_url(srv));
		fflush(ctx->out);
		if (!ctx->en)
			fprintf(ctx->errf, "服务已启动，地址 %s（按 Ctrl+C 或发送 SIGTERM 停止）\n",
				http_server_url(srv));
		log_info("serve: listening on %s", http_server_url(srv));
		sig = serve_wait(&set);
		log_info("serve: %s: draining %u requests in flight", strsignal(sig),
			 http_server_inflight(srv));
		http_server_stop(srv, s.drain_ms);
		log_info("serve: stopped");
	}
	/* The signals stay blocked until the process exits: a second SIGTERM sent during
	 * the drain (timeout(1) signals both the process and its group) must not kill us
	 * after a clean stop.  Pending ones are consumed here. */
	while (sigtimedwait(&set, NULL, &(struct timespec){ 0, 0 }) > 0)
		;
	if (app && app->close)
		app->close(app_ctx);
done:
	json_decref(doc);
	return rc;
}

const cli_command_t cmd_serve = {
	.name = "serve",
	.summary = "运行 HTTP 服务（JSON API、/healthz、/api/openapi.json）" CLI_EN
		   "run the HTTP server (JSON API, /healthz, /api/openapi.json)",
	.usage = "[--listen 127.0.0.1:8080] [--db FILE|URL] [--config FILE] "
		 "[--bootstrap-admin NAME]",
	.help = "在 127.0.0.1 上提供 JSON API（--listen 可另行指定），就绪后输出\n"
		"'listening on http://HOST:PORT'（这一行固定为英文，供脚本读取）。收到 SIGTERM\n"
		"或 SIGINT 后停止接受新请求，等待处理中的请求完成，然后以 0 退出。数据库\n"
		"（--db，否则 $DUBAN_DB，否则 ./duban.db；文件或 postgresql:// URL）在启动时\n"
		"升级。--bootstrap-admin NAME 从标准输入读取密码，在还没有管理员时创建第一个\n"
		"管理员（见 docs/api.md）。" CLI_EN
		"Serves the JSON API on 127.0.0.1 unless --listen says otherwise, and prints\n"
		"'listening on http://HOST:PORT' once ready.  SIGTERM or SIGINT stops accepting,\n"
		"waits for the requests in flight, and exits 0.  The database (--db, else\n"
		"$DUBAN_DB, else ./duban.db; a file or a postgresql:// URL) is migrated on\n"
		"start.  --bootstrap-admin NAME reads a password from stdin and creates the\n"
		"first administrator when there is none (see docs/api.md).",
	.opts = serve_opts,
	.nopts = sizeof serve_opts / sizeof serve_opts[0],
	.run = serve_run,
};
