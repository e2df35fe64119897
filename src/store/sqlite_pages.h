/* sqlite_pages.h — the SQLite statements behind the API's paged units, users and plans
 * (store_unit_page, store_user_page, store_plan_page in store/ledger.c); internal to
 * sqlite.c, which expands SQ_SQL_PAGES in sq_sql[] after UNIT_COLS, USER_COLS and
 * PLAN_COLS are defined.  Filters come first so the count statements take the same
 * leading parameters as the page:
 *   ST_UNIT_PAGE[_COUNT]  ?1 parent (0: any), ?2 kind ('': any), ?3 name substring
 *                         ('': any), ?4 sort (0 id, 1 name), ?5 limit, ?6 offset
 *   ST_USER_PAGE[_COUNT]  ?1 unit (0: any), ?2 role ('': any), ?3 disabled (-1: any),
 *                         ?4 sort (0 id, 1 name), ?5 limit, ?6 offset
 *   ST_PLAN_PAGE[_COUNT]  ?1 state ('': any), ?2 year (0: any), ?3 sort (0 id,
 *                         1 year newest first, 2 title), ?4 limit, ?5 offset
 * id breaks every tie. */
#ifndef DUBAN_STORE_SQLITE_PAGES_H
#define DUBAN_STORE_SQLITE_PAGES_H

/* clang-format off */

#define SQ_UNIT_PAGE_WHERE                                                                \
	"WHERE (?1 = 0 OR parent_id = ?1) AND (?2 = '' OR kind = ?2)"                     \
	" AND (?3 = '' OR instr(name, ?3) > 0) "
#define SQ_USER_PAGE_WHERE                                                                \
	"WHERE (?1 = 0 OR unit_id = ?1) AND (?2 = '' OR role = ?2)"                       \
	" AND (?3 < 0 OR disabled = ?3) "
#define SQ_PLAN_PAGE_WHERE "WHERE (?1 = '' OR state = ?1) AND (?2 = 0 OR year = ?2) "

#define SQ_SQL_PAGES                                                                      \
	[ST_UNIT_PAGE] = UNIT_COLS SQ_UNIT_PAGE_WHERE                                     \
		"ORDER BY CASE WHEN ?4 = 1 THEN name END, id LIMIT ?5 OFFSET ?6",         \
	[ST_UNIT_PAGE_COUNT] = "SELECT count(*) FROM units " SQ_UNIT_PAGE_WHERE,          \
	[ST_USER_PAGE] = USER_COLS SQ_USER_PAGE_WHERE                                     \
		"ORDER BY CASE WHEN ?4 = 1 THEN name END, id LIMIT ?5 OFFSET ?6",         \
	[ST_USER_PAGE_COUNT] = "SELECT count(*) FROM users " SQ_USER_PAGE_WHERE,          \
	[ST_PLAN_PAGE] = PLAN_COLS SQ_PLAN_PAGE_WHERE                                     \
		"ORDER BY CASE WHEN ?3 = 1 THEN year END DESC,"                           \
		" CASE WHEN ?3 = 2 THEN title END, id LIMIT ?4 OFFSET ?5",                \
	[ST_PLAN_PAGE_COUNT] = "SELECT count(*) FROM plans " SQ_PLAN_PAGE_WHERE,

/* clang-format on */

#endif
