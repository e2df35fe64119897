/* pg_pages.h — the PostgreSQL statements behind the API's paged units, users and plans
 * (store_unit_page, store_user_page, store_plan_page in store/ledger.c); internal to pg.c,
 * which expands PG_SQL_PAGES in pg_sql[] after UNIT_COLS, USER_COLS and PLAN_COLS are
 * defined.  The parameters are those of sqlite_pages.h, in the same order; id breaks every
 * tie. */
#ifndef DUBAN_STORE_PG_PAGES_H
#define DUBAN_STORE_PG_PAGES_H

/* clang-format off */

#define PG_UNIT_PAGE_WHERE                                                                \
	"WHERE ($1::bigint = 0 OR parent_id = $1::bigint) AND ($2::text = ''"             \
	" OR kind = $2::text) AND ($3::text = '' OR strpos(name, $3::text) > 0) "
#define PG_USER_PAGE_WHERE                                                                \
	"WHERE ($1::bigint = 0 OR unit_id = $1::bigint) AND ($2::text = ''"               \
	" OR role = $2::text) AND ($3::int < 0 OR disabled = $3::int) "
#define PG_PLAN_PAGE_WHERE                                                                \
	"WHERE ($1::text = '' OR state = $1::text) AND ($2::int = 0 OR year = $2::int) "

#define PG_SQL_PAGES                                                                      \
	[ST_UNIT_PAGE] = UNIT_COLS PG_UNIT_PAGE_WHERE                                     \
		"ORDER BY CASE WHEN $4::int = 1 THEN name COLLATE \"C\" END, id LIMIT $5 OFFSET $6",    \
	[ST_UNIT_PAGE_COUNT] = "SELECT count(*) FROM units " PG_UNIT_PAGE_WHERE,          \
	[ST_USER_PAGE] = USER_COLS PG_USER_PAGE_WHERE                                     \
		"ORDER BY CASE WHEN $4::int = 1 THEN name COLLATE \"C\" END, id LIMIT $5 OFFSET $6",    \
	[ST_USER_PAGE_COUNT] = "SELECT count(*) FROM users " PG_USER_PAGE_WHERE,          \
	[ST_PLAN_PAGE] = PLAN_COLS PG_PLAN_PAGE_WHERE                                     \
		"ORDER BY CASE WHEN $3::int = 1 THEN year END DESC,"                      \
		" CASE WHEN $3::int = 2 THEN title COLLATE \"C\" END, id LIMIT $4 OFFSET $5",           \
	[ST_PLAN_PAGE_COUNT] = "SELECT count(*) FROM plans " PG_PLAN_PAGE_WHERE,

/* clang-format on */

#endif
