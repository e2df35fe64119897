/* pgtest.h — helpers for unit tests that run against a PostgreSQL server when one is
 * available: scripts/pg-test.sh starts a throwaway cluster and exports
 * DUBAN_TEST_PG_URL; without it, PostgreSQL tests are skipped. */
#ifndef DUBAN_TESTS_PGTEST_H
#define DUBAN_TESTS_PGTEST_H

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

#include <stddef.h>

/* The server URL from DUBAN_TEST_PG_URL, or NULL when PostgreSQL tests should be
 * skipped.  Static storage (the environment). */
const char *pgtest_url(void);

/* Empties the connected database (drops and recreates schema public, taking every
 * table, trigger, function and extension of a previous test with it). */
int pgtest_reset(store_t *s, err_t *e);

/* A fresh temporary SQLite file path in out (size bytes) under $TMPDIR or /tmp; the
 * file itself does not exist yet.  0 or ERR_IO. */
int pgtest_sqlite_path(char *out, size_t size);

/* Removes the SQLite file at path and its -wal and -shm companions. */
void pgtest_sqlite_remove(const char *path);

/* A store fixture for cmocka setup/teardown: a freshly migrated, empty database. */
typedef struct pgtest_fx {
	store_t *s;
	arena_t *a;     /* for rows read in the test */
	char path[512]; /* the SQLite file, "" for PostgreSQL */
	char url[600];  /* what store_open was given: a second connection may use it */
} pgtest_fx_t;

/* cmocka group setups: *state becomes a pgtest_fx_t on a new temporary SQLite file, or on
 * the emptied DUBAN_TEST_PG_URL database; both migrated.  0 or -1 (message on stderr). */
int pgtest_setup_sqlite(void **state);
int pgtest_setup_pg(void **state);
/* Closes the store, removes the SQLite file, frees the fixture. */
int pgtest_teardown(void **state);

/* A contract test: run once on each backend, on a fresh fixture (pgtest_fx_t). */
typedef struct pgtest_case {
	const char *name;
	void (*fn)(void **state);
} pgtest_case_t;
#define PGTEST_CASE(fn)                                                                            \
	{                                                                                          \
#fn, fn                                                                            \
	}
/* At most this many cases per pgtest_run_contract. */
#define PGTEST_MAX_CASES 64

/* Runs the n cases as cmocka group "sqlite" (pgtest_setup_sqlite, pgtest_teardown) and,
 * when DUBAN_TEST_PG_URL is set, as group "postgres" (else says it skipped it).  The
 * number of failed tests. */
int pgtest_run_contract(const pgtest_case_t *cases, size_t n);

/* Small writers for test data; each returns the new id (> 0) or a negative ERR_* code. */
long long pgtest_add_unit(store_t *s, const char *name, long long parent_id);
long long pgtest_add_plan(store_t *s);
long long pgtest_add_node(store_t *s, long long plan_id, long long parent_id, int seq,
			  const char *title, long long lead_unit_id);
/* The number of audit rows, or a negative ERR_* code. */
long long pgtest_audit_count(store_t *s, arena_t *a);

/* For cmocka tests (include cmocka.h first).  PGTEST_OK fails the test with the error
 * message unless call (which must pass &e_ as its err_t) returns 0; PGTEST_FAILS wants
 * the code from a call passing &e (an err_t e of the test). */
#define PGTEST_OK(call)                                                                            \
	do {                                                                                       \
		err_t e_;                                                                          \
		err_clear(&e_);                                                                    \
		int rc_ = (call);                                                                  \
		if (rc_ != 0)                                                                      \
			fail_msg("%s -> %d: %s", #call, rc_, e_.msg);                              \
	} while (0)
#define PGTEST_FAILS(code, call)                                                                   \
	do {                                                                                       \
		int rc_ = (call);                                                                  \
		if (rc_ != (code))                                                                 \
			fail_msg("%s -> %d (want %d): %s", #call, rc_, (code), e.msg);             \
	} while (0)

#endif
