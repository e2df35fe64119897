/* pgtest.c — see pgtest.h: PostgreSQL server discovery and reset for tests, temporary
 * SQLite files, and the store fixture both run the same tests on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pgtest.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

const char *pgtest_url(void)
{
	const char *url = getenv("DUBAN_TEST_PG_URL");
	return url != NULL && url[0] != '\0' ? url : NULL;
}

int pgtest_reset(store_t *s, err_t *e)
{
	return store_exec_literal(s, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public",
				  e);
}

int pgtest_sqlite_path(char *out, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	int n = snprintf(out, size, "%s/duban-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= size)
		return ERR_IO;
	int fd = mkstemp(out);
	if (fd < 0)
		return ERR_IO;
	close(fd);
	unlink(out);
	return 0;
}

void pgtest_sqlite_remove(const char *path)
{
	char side[4096];
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static int fx_open(pgtest_fx_t *f, bool pg)
{
	err_t e;
	int version = 0;
	f->s = store_open(f->url, &e);
	if (f->s == NULL || (pg && pgtest_reset(f->s, &e) != 0) ||
	    store_migrate(f->s, &version, &e) != 0) {
		fprintf(stderr, "pgtest: %s: %s\n", f->url, e.msg);
		return -1;
	}
	return version > 0 ? 0 : -1;
}

static pgtest_fx_t *fx_new(void **state)
{
	pgtest_fx_t *f = calloc(1, sizeof(*f));
	*state = f;
	if (f == NULL)
		return NULL;
	f->a = arena_new(0, 0);
	return f->a ? f : NULL;
}

int pgtest_setup_sqlite(void **state)
{
	pgtest_fx_t *f = fx_new(state);
	if (f == NULL || pgtest_sqlite_path(f->path, sizeof(f->path)) != 0)
		return -1;
	snprintf(f->url, sizeof(f->url), "sqlite:%s", f->path);
	return fx_open(f, false);
}

int pgtest_setup_pg(void **state)
{
	pgtest_fx_t *f = fx_new(state);
	const char *url = pgtest_url();
	if (f == NULL || url == NULL || strlen(url) >= sizeof(f->url))
		return -1;
	strcpy(f->url, url);
	return fx_open(f, true);
}

int pgtest_teardown(void **state)
{
	pgtest_fx_t *f = *state;
	if (f == NULL)
		return 0;
	store_close(f->s);
	if (f->path[0])
		pgtest_sqlite_remove(f->path);
	arena_free(f->a);
	free(f);
	*state = NULL;
	return 0;
}

#define ACTOR STR_LIT("test")

long long pgtest_add_unit(store_t *s, const char *name, long long parent_id)
{
	store_unit_t u = { .name = str_from_cstr(name),
			   .kind = STR_LIT("department"),
			   .parent_id = parent_id };
	int rc = store_unit_add(s, ACTOR, &u, NULL);
	return rc < 0 ? rc : u.id;
}

long long pgtest_add_plan(store_t *s)
{
	store_plan_t p = { .title = STR_LIT("2023年政府工作报告"), .year = 2023 };
	int rc = store_plan_add(s, ACTOR, &p, NULL);
	return rc < 0 ? rc : p.id;
}

long long pgtest_add_node(store_t *s, long long plan_id, long long parent_id, int seq,
			  const char *title, long long lead_unit_id)
{
	store_node_t n = { .plan_id = plan_id,
			   .parent_id = parent_id,
			   .seq = seq,
			   .label = STR_LIT("（一）"),
			   .title = str_from_cstr(title),
			   .lead_unit_id = lead_unit_id };
	int rc = store_node_add(s, ACTOR, &n, NULL);
	return rc < 0 ? rc : n.id;
}

long long pgtest_audit_count(store_t *s, arena_t *a)
{
	store_audit_query_t q = { .limit = 2 }; /* small pages: exercises paging too */
	long long total = 0;
	for (;;) {
		store_audit_t *rows;
		size_t n;
		int rc = store_audit_list(s, a, &q, &rows, &n, NULL);
		if (rc < 0)
			return rc;
		if (n == 0)
			return total;
		total += (long long)n;
		q.after_id = rows[n - 1].id;
	}
}

/* The n cases as cmocka tests on the fixture setup gives. */
static void cases_for(const pgtest_case_t *cases, size_t n, CMFixtureFunction setup,
		      struct CMUnitTest *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (struct CMUnitTest){ cases[i].name, cases[i].fn, setup, pgtest_teardown,
					      NULL };
}

int pgtest_run_contract(const pgtest_case_t *cases, size_t n)
{
	static struct CMUnitTest tests[PGTEST_MAX_CASES];
	int failed;

	if (n > PGTEST_MAX_CASES) {
		fprintf(stderr, "pgtest: %zu cases, at most %d\n", n, PGTEST_MAX_CASES);
		return (int)n;
	}
	cases_for(cases, n, pgtest_setup_sqlite, tests);
	failed = _cmocka_run_group_tests("sqlite", tests, n, NULL, NULL);
	if (pgtest_url() == NULL) {
		printf("[  SKIPPED ] postgres (DUBAN_TEST_PG_URL not set)\n");
		return failed;
	}
	cases_for(cases, n, pgtest_setup_pg, tests);
	return failed + _cmocka_run_group_tests("postgres", tests, n, NULL, NULL);
}
