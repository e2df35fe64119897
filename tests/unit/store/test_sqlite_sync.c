/* test_sqlite_sync.c — the SQLite backend's group commit and writer queue
 * (store/sqlite_sync.h): one shared state per file, a sync that covers every commit
 * finished before it started (concurrent committers share syncs, and nobody returns
 * before a sync that started after its commit), a failed sync reported to exactly the
 * commits it covered, and a writer lock that gives up instead of deadlocking.  Then the
 * store end to end: concurrent writers on one file all durable and all there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/mem.h"
#include "store/sqlite_sync.h"
#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_acquire_shares_per_path(void **state)
{
	(void)state;
	sq_db_t *a = sq_db_acquire("/tmp/x.db");
	sq_db_t *b = sq_db_acquire("/tmp/x.db");
	sq_db_t *c = sq_db_acquire("/tmp/y.db");
	assert_non_null(a);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, c);
	sq_db_release(b);
	sq_db_release(c);
	sq_db_t *d = sq_db_acquire("/tmp/x.db"); /* still held by a */
	assert_ptr_equal(a, d);
	sq_db_release(d);
	sq_db_release(a);
	sq_db_release(NULL);
}

/* ---- syncs shared by concurrent committers ---- */

typedef struct shared {
	sq_db_t *d;
	atomic_int syncs;
	atomic_int in_sync;
	atomic_int overlap; /* two syncs at once: must not happen */
	int fail;           /* the sync answers this (0: success) */
} shared_t;

static int slow_sync(void *arg)
{
	shared_t *s = arg;
	if (atomic_fetch_add(&s->in_sync, 1) != 0)
		atomic_store(&s->overlap, 1);
	atomic_fetch_add(&s->syncs, 1);
	usleep(2000); /* a disk's fsync: the others commit meanwhile */
	atomic_fetch_sub(&s->in_sync, 1);
	return s->fail;
}

static void *committer(void *arg)
{
	shared_t *s = arg;
	for (int i = 0; i < 20; i++)
		if (sq_db_sync(s->d, slow_sync, s) != s->fail)
			return (void *)1;
	return NULL;
}

static void test_concurrent_commits_share_syncs(void **state)
{
	(void)state;
	shared_t s = { .d = sq_db_acquire("/tmp/group.db") };
	pthread_t t[8];
	for (int i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&t[i], NULL, committer, &s), 0);
	for (int i = 0; i < 8; i++) {
		void *r;
		pthread_join(t[i], &r);
		assert_null(r);
	}
	assert_int_equal(atomic_load(&s.overlap), 0);
	/* 160 commits; at least one sync each round, far fewer than one per commit */
	assert_true(atomic_load(&s.syncs) >= 20);
	assert_true(atomic_load(&s.syncs) < 160);
	sq_db_release(s.d);
}

static void test_single_commit_syncs_once(void **state)
{
	(void)state;
	shared_t s = { .d = sq_db_acquire("/tmp/one.db") };
	assert_int_equal(sq_db_sync(s.d, slow_sync, &s), 0);
	assert_int_equal(sq_db_sync(s.d, slow_sync, &s), 0);
	assert_int_equal(atomic_load(&s.syncs), 2); /* a later commit needs a new sync */
	sq_db_release(s.d);
}

static void test_failed_sync_reported(void **state)
{
	(void)state;
	shared_t s = { .d = sq_db_acquire("/tmp/fail.db"), .fail = 10 /* SQLITE_IOERR */ };
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, committer, &s), 0);
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		assert_null(r); /* every commit covered by a failed sync got the error */
	}
	/* once the disk is back, a new commit succeeds */
	s.fail = 0;
	assert_int_equal(sq_db_sync(s.d, slow_sync, &s), 0);
	sq_db_release(s.d);
}

static void *try_lock(void *arg)
{
	return sq_db_write_lock(arg, 50) ? (void *)1 : NULL;
}

static void test_write_lock_gives_up(void **state)
{
	(void)state;
	sq_db_t *d = sq_db_acquire("/tmp/lock.db");
	pthread_t t;
	void *r;
	assert_true(sq_db_write_lock(d, 1000));
	assert_int_equal(pthread_create(&t, NULL, try_lock, d), 0);
	pthread_join(t, &r);
	assert_null(r); /* held: the other thread gave up after 50 ms */
	sq_db_write_unlock(d);
	assert_true(sq_db_write_lock(d, 0));
	sq_db_write_unlock(d);
	sq_db_release(d);
}

/* ---- the store: concurrent writers on one file ---- */

typedef struct writer {
	const char *url;
	long long unit_base;
	int rc;
} writer_t;

static void *unit_writer(void *arg)
{
	writer_t *w = arg;
	err_t e;
	store_t *s = store_open(w->url, &e);
	if (!s) {
		w->rc = -1;
		return NULL;
	}
	for (int i = 0; i < 25 && w->rc == 0; i++) {
		char name[32];
		snprintf(name, sizeof name, "单位%lld-%d", w->unit_base, i);
		store_unit_t u = { .name = str_from_cstr(name), .kind = STR_LIT("x") };
		w->rc = store_unit_add(s, STR_LIT("t"), &u, &e);
	}
	store_close(s);
	return NULL;
}

static void test_store_concurrent_writers(void **state)
{
	(void)state;
	char path[64], url[80];
	snprintf(path, sizeof path, "/tmp/duban-test-sync-%ld.db", (long)getpid());
	snprintf(url, sizeof url, "sqlite:%s", path);
	unlink(path);
	err_t e;
	store_t *s = store_open(url, &e);
	assert_non_null(s);
	assert_int_equal(store_migrate(s, NULL, &e), 0);
	writer_t w[4];
	pthread_t t[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (writer_t){ .url = url, .unit_base = i };
		assert_int_equal(pthread_create(&t[i], NULL, unit_writer, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].rc, 0);
	}
	arena_t *a = arena_new(0, 0);
	store_unit_t *units;
	size_t n;
	assert_int_equal(store_unit_list(s, a, &units, &n, &e), 0);
	assert_int_equal(n, 100);
	arena_free(a);
	store_close(s);
	char side[80];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acquire_shares_per_path),
		cmocka_unit_test(test_concurrent_commits_share_syncs),
		cmocka_unit_test(test_single_commit_syncs_once),
		cmocka_unit_test(test_failed_sync_reported),
		cmocka_unit_test(test_write_lock_gives_up),
		cmocka_unit_test(test_store_concurrent_writers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
