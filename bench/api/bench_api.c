/* bench_api.c — the JSON API under load: builds the province-sized ledger of
 * bench/ledger (ledger/province.h) in a temporary SQLite file, adds an administrator and
 * a department editor with sessions, starts the real `duban serve` on it and drives it
 * with wrk (Debian package wrk) at 16 connections for a few seconds per scenario:
 *
 *   node        GET /api/nodes/{id}, ids spread over the whole ledger (administrator)
 *   list        GET /api/plans/{id}/nodes?limit=50 — one page of 50 tasks as the
 *               department editor sees them (its unit subtree, filtered in the query)
 *   missing     GET /api/not-reported?plan=…&period=… as the department editor
 *   report      POST /api/reports, each a new item × period, submitted: one durable write
 *               (synchronous=FULL) with its audit row and report_latest
 *
 * It prints requests/s, latency p50/p90/p99 (wrk --latency), the server's CPU time per
 * request (/proc/PID/stat: a figure less swayed by a busy machine than requests/s), the
 * answers that were not 2xx, and the server's peak memory (VmHWM of /proc/PID/status).  The wrk scripts
 * (bench/api/, one .lua file per scenario) put the session cookie and the CSRF token on each request.
 *
 *   bench_api [--scale X] [--seconds N] [--threads N] [--keep PATH]
 *
 * The binary is $DUBAN_BIN, else ../duban next to this program (build/bench/api →
 * build/duban); the scripts are in $DUBAN_BENCH_LUA, else bench/api (run from the top of
 * the repository, as `make bench` does).  Default scale 0.1 (10 000 tasks, 100 000
 * reports) so that `make bench` stays within a minute here; docs/performance.md has the
 * figures. */
#include "base/mem.h"
#include "store/store.h"

#include <errno.h>
#include <libgen.h>
#include <malloc.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ledger/province.h"

#define DEFAULT_SCALE   0.1
#define DEFAULT_SECONDS 4
#define CONNECTIONS     16

typedef struct bench_cfg {
	double scale;
	int seconds;
	int threads; /* server threads; 0: its default (the cores) */
	const char *keep;
	char db[512];
	char bin[1024];
	const char *lua;
} bench_cfg_t;

typedef struct session {
	char token[65];
	char csrf[65];
} session_t;

static void die(const char *what, const err_t *e)
{
	fprintf(stderr, "bench_api: %s: %s\n", what, e ? e->msg : strerror(errno));
}

/* ---- the data ---------------------------------------------------------------------- */

/* Adds user name (role, unit) and a session for it with a random token. */
static int add_user(store_t *s, const char *name, const char *role, long long unit, session_t *out,
		    err_t *e)
{
	static const char pw[] = "bench password";
	char hash[crypto_pwhash_STRBYTES];
	unsigned char raw[32], h[32], c[32];
	char hex[65];
	long long now = (long long)time(NULL);
	int rc;

	if (crypto_pwhash_str(hash, pw, sizeof pw - 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return err_set(e, ERR_NOMEM, "hashing");
	store_user_t u = { .name = str_from_cstr(name),
			   .display_name = str_from_cstr(name),
			   .pw_hash = str_from_cstr(hash),
			   .role = str_from_cstr(role),
			   .unit_id = unit };
	rc = store_user_add(s, actor, &u, e);
	if (rc)
		return rc;
	randombytes_buf(raw, sizeof raw);
	randombytes_buf(c, sizeof c);
	sodium_bin2hex(out->token, sizeof out->token, raw, sizeof raw);
	sodium_bin2hex(out->csrf, sizeof out->csrf, c, sizeof c);
	crypto_generichash(h, sizeof h, (const unsigned char *)out->token, 64, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	store_session_t sess = { .token_hash = str_from_cstr(hex),
				 .user_id = u.id,
				 .created_at = now,
				 .last_seen = now,
				 .expires_at = now + 86400,
				 .csrf = str_from_cstr(out->csrf),
				 .client = STR_LIT("127.0.0.1") };
	return store_session_create(s, u.name, &sess, e);
}

static int build(bench_cfg_t *cfg, ledger_t *l, session_t *admin, session_t *editor, err_t *e)
{
	char url[600];
	store_t *s;
	int rc;

	snprintf(url, sizeof url, "sqlite:%s", cfg->db);
	s = store_open(url, e);
	if (!s)
		return e->code ? e->code : ERR_DB;
	rc = store_migrate(s, NULL, e);
	if (rc == 0)
		rc = ledger_alloc(l) == 0 ? 0 : err_set(e, ERR_NOMEM, "out of memory");
	if (rc == 0)
		rc = load(s, l, e);
	if (rc == 0)
		rc = add_user(s, "bench_admin", "admin", 0, admin, e);
	if (rc == 0)
		rc = add_user(s, "bench_editor", "unit_editor", l->big_unit, editor, e);
	store_close(s);
	return rc;
}

/* ---- the server ---------------------------------------------------------------------- */

/* Starts `duban serve` on port 0; *out_url gets its address.  The pid, or -1. */
static pid_t serve_start(const bench_cfg_t *cfg, char *out_url, size_t urlsz)
{
	char conf[600], log[600], line[256];
	int fds[2];
	pid_t pid;
	FILE *f;

	snprintf(conf, sizeof conf, "%s.json", cfg->db);
	snprintf(log, sizeof log, "%s.log", cfg->db);
	f = fopen(conf, "w");
	if (!f)
		return -1;
	if (cfg->threads > 0)
		fprintf(f, "{\"threads\": %d}\n", cfg->threads);
	else
		fprintf(f, "{}\n");
	fclose(f);
	if (pipe(fds) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		FILE *lf = freopen(log, "w", stderr); /* the access log: one line per request */
		(void)lf;
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl(cfg->bin, cfg->bin, "serve", "--listen", "127.0.0.1:0", "--db", cfg->db,
		      "--config", conf, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	out_url[0] = '\0';
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "listening on %200s", out_url) == 1)
			break;
	if (f)
		fclose(f);
	return out_url[0] && urlsz > 0 ? pid : -1;
}

/* VmHWM of pid in KiB, or -1. */
static long vm_hwm(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/* CPU time (user + system) pid has used, in seconds; -1 when unknown. */
static double cpu_s(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long ut = 0, st = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* after the command name: state is field 3, utime 14 */
	if (!p ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* ---- wrk ---------------------------------------------------------------------------- */

/* A latency figure of wrk ("1.23ms", "850.00us", "1.01s") in milliseconds. */
static double wrk_ms(const char *v)
{
	char unit[8] = "";
	double x = 0;

	if (sscanf(v, "%lf%7s", &x, unit) < 1)
		return -1;
	return strcmp(unit, "us") == 0 ? x / 1000 : strcmp(unit, "s") == 0 ? x * 1000 : x;
}

/* Runs wrk with script on path and prints one line of figures. */
static int run_wrk(const bench_cfg_t *cfg, pid_t server, const char *name, const char *script,
		   const char *url)
{
	double cpu0 = cpu_s(server);
	char cmd[2048], line[512], v[32];
	double rps = -1, p50 = -1, p90 = -1, p99 = -1;
	long non2xx = 0, errors = 0, total = 0;
	FILE *p;

	snprintf(cmd, sizeof cmd, "wrk -t2 -c%d -d%ds --latency -s %s/%s %s 2>&1", CONNECTIONS,
		 cfg->seconds, cfg->lua, script, url);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (fgets(line, sizeof line, p)) {
		long a, b, c, d;
		if (sscanf(line, " 50%% %31s", v) == 1)
			p50 = wrk_ms(v);
		else if (sscanf(line, " 90%% %31s", v) == 1)
			p90 = wrk_ms(v);
		else if (sscanf(line, " 99%% %31s", v) == 1)
			p99 = wrk_ms(v);
		else if (sscanf(line, "Requests/sec: %lf", &rps) == 1)
			;
		else if (sscanf(line, " Non-2xx or 3xx responses: %ld", &non2xx) == 1)
			;
		else if (sscanf(line, " %ld requests in", &total) == 1)
			;
		else if (sscanf(line,
				" Socket errors: connect %ld, read %ld, write %ld, timeout %ld", &a,
				&b, &c, &d) == 4)
			errors = a + b + c + d;
		else if (strstr(line, "error") || strstr(line, "cannot"))
			fputs(line, stderr);
	}
	if (pclose(p) != 0 || rps < 0) {
		fprintf(stderr, "bench_api: wrk failed for %s (is wrk installed?)\n", name);
		return -1;
	}
	double cpu = cpu_s(server) - cpu0;
	printf("%-8s %7.0f req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %7.2f ms  server CPU %4.0f "
	       "us/req "
	       "(%ld requests, %ld not 2xx, %ld socket errors)\n",
	       name, rps, p50, p90, p99, total > 0 ? cpu * 1e6 / (double)total : -1, total, non2xx,
	       errors);
	return non2xx > total / 100 ? -1 : 0; /* more than 1 % failed: not a valid figure */
}

/* ---- main ---------------------------------------------------------------------------- */

static int args(int argc, char **argv, bench_cfg_t *cfg)
{
	const char *bin = getenv("DUBAN_BIN"), *lua = getenv("DUBAN_BENCH_LUA");
	char self[1024];

	cfg->scale = DEFAULT_SCALE;
	cfg->seconds = DEFAULT_SECONDS;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc)
			cfg->scale = strtod(argv[++i], NULL);
		else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			cfg->seconds = atoi(argv[++i]);
		else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
			cfg->threads = atoi(argv[++i]);
		else if (strcmp(argv[i], "--keep") == 0 && i + 1 < argc)
			cfg->keep = argv[++i];
		else
			return -1;
	}
	if (!(cfg->scale > 0 && cfg->scale <= 10) || cfg->seconds < 1 || cfg->seconds > 600)
		return -1;
	snprintf(self, sizeof self, "%s", argv[0]);
	if (bin && bin[0])
		snprintf(cfg->bin, sizeof cfg->bin, "%s", bin);
	else
		snprintf(cfg->bin, sizeof cfg->bin, "%s/../duban", dirname(self));
	cfg->lua = lua && lua[0] ? lua : "bench/api";
	if (cfg->keep)
		snprintf(cfg->db, sizeof cfg->db, "%s", cfg->keep);
	else
		snprintf(cfg->db, sizeof cfg->db, "%s/duban-bench-api-%ld.db",
			 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
			 (long)getpid());
	return 0;
}

static void remove_files(const char *db)
{
	static const char *const sfx[] = { "", "-wal", "-shm", ".json", ".log" };
	char p[600];

	for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(p, sizeof p, "%s%s", db, sfx[i]);
		unlink(p);
	}
}

/* The environment the wrk scripts read. */
static void bench_env(const ledger_t *l, const session_t *admin, const session_t *editor,
		      const char *url)
{
	char v[64];

	setenv("DUBAN_BENCH_ADMIN_TOKEN", admin->token, 1);
	setenv("DUBAN_BENCH_ADMIN_CSRF", admin->csrf, 1);
	setenv("DUBAN_BENCH_EDITOR_TOKEN", editor->token, 1);
	setenv("DUBAN_BENCH_ORIGIN", url, 1);
	snprintf(v, sizeof v, "%lld", l->node_ids[0]);
	setenv("DUBAN_BENCH_NODE_FIRST", v, 1);
	snprintf(v, sizeof v, "%lld", l->n.nodes);
	setenv("DUBAN_BENCH_NODES", v, 1);
	snprintf(v, sizeof v, "%lld", l->plan_ids[0]);
	setenv("DUBAN_BENCH_PLAN", v, 1);
}

static int scenarios(const bench_cfg_t *cfg, pid_t server, const char *url)
{
	int rc = run_wrk(cfg, server, "node", "get_node.lua", url);
	if (rc == 0)
		rc = run_wrk(cfg, server, "list", "list_nodes.lua", url);
	if (rc == 0)
		rc = run_wrk(cfg, server, "missing", "not_reported.lua", url);
	if (rc == 0)
		rc = run_wrk(cfg, server, "report", "post_report.lua", url);
	return rc;
}

int main(int argc, char **argv)
{
	bench_cfg_t cfg = { 0 };
	session_t admin, editor;
	ledger_t l = { 0 };
	char url[256];
	err_t e;
	pid_t pid;
	int rc, status;

	if (args(argc, argv, &cfg) != 0) {
		fprintf(stderr, "usage: bench_api [--scale X] [--seconds N] [--threads N] "
				"[--keep PATH]\n");
		return 2;
	}
	if (sodium_init() < 0)
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	mallopt(M_TRIM_THRESHOLD, 256 << 20); /* the loader keeps its heap (bench/ledger) */
	err_clear(&e);
	remove_files(cfg.db);
	ledger_sizes(cfg.scale, &l.n);
	printf("api: scale %g on sqlite: %lld units, %lld plans, %lld nodes, %lld reports; "
	       "wrk -t2 -c%d -d%ds\n",
	       cfg.scale, l.n.units, l.n.plans, l.n.nodes, l.n.reports, CONNECTIONS, cfg.seconds);
	rc = build(&cfg, &l, &admin, &editor, &e);
	if (rc) {
		die("build", &e);
		ledger_free(&l);
		return 1;
	}
	pid = serve_start(&cfg, url, sizeof url);
	if (pid < 0) {
		die("cannot start duban serve", NULL);
		ledger_free(&l);
		return 1;
	}
	bench_env(&l, &admin, &editor, url);
	rc = scenarios(&cfg, pid, url);
	printf("server peak memory (VmHWM): %.1f MiB\n", (double)vm_hwm(pid) / 1024.0);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	if (!cfg.keep)
		remove_files(cfg.db);
	ledger_free(&l);
	return rc != 0;
}
