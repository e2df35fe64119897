/* sqlite_sync.h — write serialisation and group commit for the SQLite backend (internal
 * to src/store/).  See sqlite_sync.c. */
#ifndef DUBAN_STORE_SQLITE_SYNC_H
#define DUBAN_STORE_SQLITE_SYNC_H

#include <stdbool.h>

/* The state shared by every connection of this process to one database file. */
typedef struct sq_db sq_db_t;

/* The shared state for path (created on first use, counted); NULL when out of memory.
 * Release it with sq_db_release. */
sq_db_t *sq_db_acquire(const char *path);
void sq_db_release(sq_db_t *d);

/* The process's writers to one file queue here before SQLite's own lock, so that they
 * wake in turn instead of polling in SQLite's busy handler.  Gives up after timeout_ms
 * (false; then SQLite's busy handler decides), so that one thread with two connections
 * to the file cannot deadlock itself. */
bool sq_db_write_lock(sq_db_t *d, int timeout_ms);
void sq_db_write_unlock(sq_db_t *d);

/* Returns once a sync of the write-ahead log that started after the caller's commit has
 * completed: the first waiter syncs (sync(arg)) for everyone whose commit is done, the
 * others wait for it.  0, or sync's error (also handed to those who waited for it). */
int sq_db_sync(sq_db_t *d, int (*sync)(void *arg), void *arg);

#endif
