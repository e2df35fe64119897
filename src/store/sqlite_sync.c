/* sqlite_sync.c — group commit for the SQLite backend.
 *
 * With synchronous=FULL every commit syncs the write-ahead log itself: one fsync per
 * write transaction, done while holding SQLite's write lock, so durable writes are
 * limited to the disk's fsync rate (about 260/s on the benchmark machine) however many
 * requests wait.  Instead, a connection in WAL mode runs with synchronous=NORMAL (the log
 * is not synced at commit; SQLite stays consistent after a crash, it may only lose the
 * last commits) and, after every commit, waits in sq_db_sync until an fsync of the log
 * that started after its commit has completed.  The guarantee is the same as FULL: no
 * write is reported done before it is on disk.  But one fsync now covers every commit
 * that finished while the previous one ran, and the write lock is free during the sync,
 * so concurrent writers share syncs (docs/performance.md, "api").
 *
 * SQLite has no group commit of its own, hence this file.  The state is per database
 * file and process; other processes on the same file (the CLI, a second server) use
 * SQLite's locking and their own syncs, which stays correct. */
#include "store/sqlite_sync.h"

#include "base/mem.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

struct sq_db {
	sq_db_t *next;
	char *path;
	int refs;
	pthread_mutex_t write_mu; /* held for a write transaction of this process */
	pthread_mutex_t mu;       /* guards what follows */
	pthread_cond_t cv;
	uint64_t committed; /* commits done (their sequence numbers) */
	uint64_t synced;    /* every commit up to this one is on disk */
	uint64_t failed;    /* a sync covering commits up to this one failed ... */
	int fail_rc;        /* ... with this error */
	bool syncing;
};

static pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;
static sq_db_t *registry;

sq_db_t *sq_db_acquire(const char *path)
{
	sq_db_t *d;

	pthread_mutex_lock(&registry_mu);
	for (d = registry; d && strcmp(d->path, path) != 0; d = d->next)
		;
	if (d) {
		d->refs++;
		pthread_mutex_unlock(&registry_mu);
		return d;
	}
	d = mem_calloc(1, sizeof *d);
	if (d)
		d->path = mem_strndup(path, strlen(path));
	if (!d || !d->path) {
		if (d)
			mem_free(d);
		pthread_mutex_unlock(&registry_mu);
		return NULL;
	}
	pthread_mutex_init(&d->write_mu, NULL);
	pthread_mutex_init(&d->mu, NULL);
	pthread_cond_init(&d->cv, NULL);
	d->refs = 1;
	d->next = registry;
	registry = d;
	pthread_mutex_unlock(&registry_mu);
	return d;
}

void sq_db_release(sq_db_t *d)
{
	sq_db_t **p;

	if (!d)
		return;
	pthread_mutex_lock(&registry_mu);
	if (--d->refs > 0) {
		pthread_mutex_unlock(&registry_mu);
		return;
	}
	for (p = &registry; *p && *p != d; p = &(*p)->next)
		;
	if (*p)
		*p = d->next;
	pthread_mutex_unlock(&registry_mu);
	pthread_mutex_destroy(&d->write_mu);
	pthread_mutex_destroy(&d->mu);
	pthread_cond_destroy(&d->cv);
	mem_free(d->path);
	mem_free(d);
}

bool sq_db_write_lock(sq_db_t *d, int timeout_ms)
{
	struct timespec t;

	if (pthread_mutex_trylock(&d->write_mu) == 0)
		return true;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += timeout_ms / 1000;
	t.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return pthread_mutex_timedlock(&d->write_mu, &t) == 0;
}

void sq_db_write_unlock(sq_db_t *d)
{
	pthread_mutex_unlock(&d->write_mu);
}

int sq_db_sync(sq_db_t *d, int (*sync)(void *arg), void *arg)
{
	uint64_t mine, upto;
	int rc = 0;

	pthread_mutex_lock(&d->mu);
	mine = ++d->committed; /* the caller's commit is complete: any sync from now covers it */
	while (d->synced < mine && d->failed < mine) {
		if (d->syncing) {
			pthread_cond_wait(&d->cv, &d->mu);
			continue;
		}
		d->syncing = true;
		upto = d->committed;
		pthread_mutex_unlock(&d->mu);
		rc = sync(arg);
		pthread_mutex_lock(&d->mu);
		d->syncing = false;
		if (rc == 0 && upto > d->synced)
			d->synced = upto;
		if (rc != 0 && upto > d->failed) {
			d->failed = upto;
			d->fail_rc = rc;
		}
		pthread_cond_broadcast(&d->cv);
	}
	/* a failed fsync may have dropped the pages it was to write: a later successful one
	 * does not make up for it */
	rc = d->failed >= mine ? d->fail_rc : 0;
	pthread_mutex_unlock(&d->mu);
	return rc;
}
