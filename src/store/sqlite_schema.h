/* sqlite_schema.h — the SQLite schema migrations (sqlite_schema.c), internal to the
 * SQLite backend: sq_migrations[k] takes a database from version k to k + 1; there are
 * STORE_SCHEMA_VERSION of them (asserted in sqlite_schema.c). */
#ifndef DUBAN_STORE_SQLITE_SCHEMA_H
#define DUBAN_STORE_SQLITE_SCHEMA_H

extern const char *const sq_migrations[];

#endif
