/* sqlite_edit.h — the SQLite statements behind the API's checked edits, project pages and
 * scoped search (internal to sqlite.c, which includes it once; kept apart so sqlite.c
 * stays under its size guideline).  SQLite's write transaction (BEGIN IMMEDIATE) already
 * excludes other writers, so a "lock" statement only confirms the row; the edit is then
 * checked against the row as read (store/ledger.c).  SUBTREE and NODE_IN_SUB come from
 * sqlite.c. */
#ifndef DUBAN_STORE_SQLITE_EDIT_H
#define DUBAN_STORE_SQLITE_EDIT_H

#include "store/sql_shared.h"

/* Project p owned in sub (ROOT 0: any), of PLAN, OWNER (0: any), STAGE ('': any). */
#define PROJECT_P_COLS                                                                             \
	"SELECT p.id, coalesce(p.plan_id, 0), p.name, coalesce(p.owner_unit_id, 0), p.place,"      \
	" p.stage, p.total_invest, p.plan_invest, p.done_invest FROM projects p"
#define PROJECT_PAGE_WHERE(root, plan, owner, stage)                                               \
	" WHERE (" root " = 0 OR p.owner_unit_id IN (SELECT id FROM sub))"                         \
	" AND (" plan " = 0 OR p.plan_id = " plan ") AND (" owner                                  \
	" = 0 OR p.owner_unit_id = " owner ") AND (" stage " = '' OR p.stage = " stage ")"

/* The entries of sq_sql[] for these statements. */
#define SQ_SQL_EDIT                                                                                \
	[ST_UNIT_LOCK] = "SELECT id FROM units WHERE id = ?",                                      \
	[ST_UNIT_UPDATE] = "UPDATE units SET parent_id = ?, name = ?, kind = ? WHERE id = ?",      \
	[ST_TARGET_LOCK] = "SELECT id FROM targets WHERE id = ?",                                  \
	[ST_TARGET_UPDATE] = "UPDATE targets SET indicator = ?, verb = ?, value = ?, unit = ?,"    \
			     " qualifier = ?, deadline = ?, text = ?, baseline = ? WHERE id = ?",  \
	[ST_PROJECT_LOCK] = "SELECT id FROM projects WHERE id = ?",                                \
	[ST_PROJECT_UPDATE] = "UPDATE projects SET plan_id = ?, name = ?, owner_unit_id = ?,"      \
			      " place = ?, stage = ?, total_invest = ?, plan_invest = ?,"          \
			      " done_invest = ? WHERE id = ?",                                     \
	[ST_PROJECT_PAGE] = SUBTREE("?1") PROJECT_P_COLS PROJECT_PAGE_WHERE(                       \
		"?1", "?2", "?3", "?4") " ORDER BY CASE WHEN ?5 = 1 THEN p.name END,"              \
					" CASE WHEN ?5 = 2 THEN p.total_invest WHEN ?5 = 3"        \
					" THEN p.done_invest END DESC, p.id LIMIT ?6 OFFSET ?7",   \
	[ST_PROJECT_PAGE_COUNT] =                                                                  \
		SUBTREE("?1") "SELECT count(*) FROM projects p" PROJECT_PAGE_WHERE("?1", "?2",     \
										   "?3", "?4"),    \
	[ST_SEARCH_MATCH_SCOPE] =                                                                  \
		SUBTREE("?3") "SELECT kind, item_id, title FROM search_fts"                        \
			      " WHERE search_fts MATCH '\"' || replace(?1, '\"',"                  \
			      " '\"\"') || '\"' AND " HIT_IN_SUB(                                  \
				      "?3", "search_fts") " ORDER BY rowid LIMIT ?2",              \
	[ST_PLAN_MOVE] = "UPDATE plans SET state = ? WHERE id = ? AND state = ?",                  \
	[ST_NODE_NEXT_SEQ] = "SELECT coalesce(max(seq), 0) + 1 FROM nodes WHERE plan_id = ?1"      \
			     " AND coalesce(parent_id, 0) = ?2",                                   \
	[ST_SEARCH_SCAN_SCOPE] =                                                                   \
		SUBTREE("?3") "SELECT kind, item_id, title FROM search_fts"                        \
			      " WHERE instr(body, ?1) > 0 AND " HIT_IN_SUB(                        \
				      "?3", "search_fts") " ORDER BY rowid LIMIT ?2",

#endif
