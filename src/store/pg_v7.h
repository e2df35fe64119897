/* pg_v7.h — the PostgreSQL statements of the settings table (schema v7,
 * store/settings.c), internal to pg.c, which includes it once in pg_sql[]; kept apart so
 * pg.c stays under its size guideline.  A settings write first locks the table against
 * other writers (readers go on), so two saves of the same before cannot both pass the
 * check. */
#ifndef DUBAN_STORE_PG_V7_H
#define DUBAN_STORE_PG_V7_H

#define PG_SQL_V7                                                                                  \
	[ST_SETTINGS_LOCK] = "LOCK TABLE settings IN SHARE ROW EXCLUSIVE MODE",                    \
	[ST_SETTINGS_LIST] =                                                                       \
		"SELECT key, value, updated_at, updated_by FROM settings ORDER BY key",            \
	[ST_SETTINGS_PUT] = "INSERT INTO settings (key, value, updated_at, updated_by)"            \
			    " VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET"             \
			    " value = excluded.value, updated_at = excluded.updated_at,"           \
			    " updated_by = excluded.updated_by",                                   \
	[ST_COPY_OUT_SETTINGS] = "SELECT key, value, updated_at, updated_by FROM settings"         \
				 " ORDER BY key LIMIT $1",                                         \
	[ST_COPY_IN_SETTINGS] = "INSERT INTO settings (key, value, updated_at, updated_by)"        \
				" VALUES ($1, $2, $3, $4)",

#endif
