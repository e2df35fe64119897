/* sqlite_v7.h — the SQLite statements of the settings table (schema v7, store/settings.c),
 * internal to sqlite.c, which includes it once in sq_sql[]; kept apart so sqlite.c stays
 * under its size guideline.  SQLite's write transaction is exclusive already, so the lock
 * statement is a no-op here. */
#ifndef DUBAN_STORE_SQLITE_V7_H
#define DUBAN_STORE_SQLITE_V7_H

#define SQ_SQL_V7                                                                                  \
	[ST_SETTINGS_LOCK] = "SELECT 1",                                                           \
	[ST_SETTINGS_LIST] =                                                                       \
		"SELECT key, value, updated_at, updated_by FROM settings ORDER BY key",            \
	[ST_SETTINGS_PUT] = "INSERT INTO settings (key, value, updated_at, updated_by)"            \
			    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET"             \
			    " value = excluded.value, updated_at = excluded.updated_at,"           \
			    " updated_by = excluded.updated_by",                                   \
	[ST_COPY_OUT_SETTINGS] = "SELECT key, value, updated_at, updated_by FROM settings"         \
				 " ORDER BY key LIMIT ?1",                                         \
	[ST_COPY_IN_SETTINGS] = "INSERT INTO settings (key, value, updated_at, updated_by)"        \
				" VALUES (?1, ?2, ?3, ?4)",

#endif
