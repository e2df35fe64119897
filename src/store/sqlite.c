/* sqlite.c — the SQLite backend (the default: one data file).
 *
 * The connection runs in WAL mode with foreign keys on and a busy timeout; write
 * transactions start with BEGIN IMMEDIATE so two writers queue instead of deadlocking on
 * the lock upgrade, and the writers of this process queue on a mutex before that
 * (sqlite_sync.c) instead of polling in SQLite's busy handler.  Durability is that of
 * synchronous=FULL: a write returns only once it is on disk; in WAL mode through the
 * group commit of sqlite_sync.c (synchronous=NORMAL plus one shared fsync of the log
 * after commits), else with synchronous=FULL itself.  Every named statement is prepared
 * once per connection and kept (reset after each use).  Search uses an FTS5 table with
 * the trigram tokenizer, so any substring of three or more characters is found, Chinese
 * included.  A store handle is used by one thread at a time (store.h), so the connection
 * is opened without SQLite's per-call mutexes (SQLITE_OPEN_NOMUTEX). */
#include "base/mem.h"
#include "store/backend.h"
#include "store/sql_shared.h"
#include "store/sqlite_v5.h"
#include "store/sqlite_v7.h"
#include "store/sqlite_edit.h"
#include "store/sqlite_list.h"
#include "store/sqlite_pages.h"
#include "store/sqlite_request.h"
#include "store/sqlite_schema.h"
#include "store/sqlite_sync.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#define SQ_BUSY_MS  5000
#define SQ_MAX_TEXT 0x3fffffff /* sqlite3_bind_text takes an int length */

typedef struct sq {
	sqlite3 *db;
	sqlite3_stmt *cache[ST_COUNT];
	sq_db_t *shared;   /* per file and process: write queue and group commit; NULL: none */
	bool group_sync;   /* WAL mode: synchronous=NORMAL and sq_db_sync after each write */
	bool write_locked; /* holds shared's write lock (a write transaction is open) */
} sq_t;

/* ---- statements (columns in the order the readers in ledger.c etc. expect) ---- */

#define UNIT_COLS "SELECT id, coalesce(parent_id, 0), name, kind FROM units "
#define USER_COLS                                                                                  \
	"SELECT id, name, display_name, pw_hash, role, coalesce(unit_id, 0), disabled FROM users "
#define PLAN_COLS "SELECT id, title, source, year, state, created_at FROM plans "
/* The node columns and the cooperating units' ids, comma-separated (NULL: none) */
#define NODE_COOP_COLS                                                                             \
	"SELECT id, plan_id, coalesce(parent_id, 0), seq, label, title, body, deadline,"           \
	" coalesce(lead_unit_id, 0), version, (SELECT group_concat(unit_id) FROM node_units"       \
	" WHERE node_id = nodes.id) FROM nodes "
#define TARGET_COLS                                                                                \
	"SELECT id, node_id, indicator, verb, value, unit, qualifier, deadline, text,"             \
	" baseline FROM targets "
#define PROJECT_COLS                                                                               \
	"SELECT id, coalesce(plan_id, 0), name, coalesce(owner_unit_id, 0), place, stage,"         \
	" total_invest, plan_invest, done_invest FROM projects "
#define REPORT_COLS                                                                                \
	"SELECT id, unit_id, item_kind, item_id, period, state, actual_value, stage, narrative,"   \
	" comment, updated_at, coalesce(submitted_at, '') FROM reports "
#define AUDIT_COLS                                                                                 \
	"SELECT id, at, actor, action, entity, entity_id, coalesce(before_json, ''),"              \
	" coalesce(after_json, ''), client FROM audit "

/* Per responsible unit of plan PLAN: items assigned, items with a submitted or accepted
 * report for period PERIOD, and the planned and completed investment of its projects. */
#define UNIT_COUNTS(plan, period)                                                                  \
	"SELECT u, count(*), sum(filed), sum(pi), sum(di) FROM ("                                  \
	" SELECT n.lead_unit_id AS u, CASE WHEN EXISTS (SELECT 1 FROM reports r"                   \
	"  WHERE r.item_kind = 'node' AND r.item_id = n.id AND r.unit_id = n.lead_unit_id"         \
	"  AND r.period = " period " AND r.state IN ('submitted', 'accepted')) THEN 1 ELSE 0 END"  \
	"  AS filed, 0.0 AS pi, 0.0 AS di FROM nodes n"                                            \
	"  WHERE n.plan_id = " plan " AND n.lead_unit_id IS NOT NULL"                              \
	" UNION ALL"                                                                               \
	" SELECT p.owner_unit_id, CASE WHEN EXISTS (SELECT 1 FROM reports r"                       \
	"  WHERE r.item_kind = 'project' AND r.item_id = p.id AND r.unit_id = p.owner_unit_id"     \
	"  AND r.period = " period " AND r.state IN ('submitted', 'accepted')) THEN 1 ELSE 0 END," \
	"  p.plan_invest, p.done_invest FROM projects p"                                           \
	"  WHERE p.plan_id = " plan " AND p.owner_unit_id IS NOT NULL"                             \
	") t GROUP BY u ORDER BY u"

/* The subtree of unit ROOT (itself and every unit below it) as table sub(id); UNION
 * (not UNION ALL) ends the walk even on cyclic data. */
#define SUBTREE(root)                                                                              \
	"WITH RECURSIVE sub(id) AS (SELECT " root " UNION"                                         \
	" SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) "
/* Node n is led by, or has a cooperating unit in, sub. */
#define NODE_IN_SUB                                                                                \
	"(n.lead_unit_id IN (SELECT id FROM sub) OR EXISTS (SELECT 1 FROM node_units nu"           \
	" WHERE nu.node_id = n.id AND nu.unit_id IN (SELECT id FROM sub)))"

static const char *const sq_sql[ST_COUNT] = {
	[ST_MIG_LOCK] = "SELECT 1",
	[ST_MIG_HAS] = "SELECT version FROM schema_migrations WHERE version = ?",
	[ST_MIG_ADD] = "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
	[ST_MIG_MAX] = "SELECT max(version) FROM schema_migrations",
	[ST_AUDIT_ADD] = "INSERT INTO audit (at, actor, action, entity, entity_id, before_json,"
			 " after_json, client) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_AUDIT_LIST] = AUDIT_COLS "WHERE id > ? ORDER BY id LIMIT ?",
	[ST_AUDIT_LIST_ENTITY] = AUDIT_COLS "WHERE entity = ? AND id > ? ORDER BY id LIMIT ?",
	[ST_AUDIT_LIST_ENTITY_ID] =
		AUDIT_COLS "WHERE entity = ? AND entity_id = ? AND id > ? ORDER BY id LIMIT ?",
	[ST_UNIT_ADD] = "INSERT INTO units (parent_id, name, kind) VALUES (?, ?, ?) RETURNING id",
	[ST_UNIT_GET] = UNIT_COLS "WHERE id = ?",
	[ST_UNIT_LIST] = UNIT_COLS "ORDER BY id",
	[ST_UNIT_CHILDREN] = UNIT_COLS "WHERE coalesce(parent_id, 0) = ? ORDER BY id",
	[ST_USER_ADD] = "INSERT INTO users (name, display_name, pw_hash, role, unit_id, disabled)"
			" VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_USER_GET] = USER_COLS "WHERE id = ?",
	[ST_USER_UPDATE] = "UPDATE users SET display_name = ?, role = ?, unit_id = ?, disabled = ?"
			   " WHERE id = ?",
	[ST_USER_SET_HASH] = "UPDATE users SET pw_hash = ? WHERE id = ?",
	[ST_USER_GET_NAME] = USER_COLS "WHERE name = ?",
	[ST_USER_LIST] = USER_COLS "ORDER BY id",
	[ST_PLAN_ADD] = "INSERT INTO plans (title, source, year, state, created_at)"
			" VALUES (?, ?, ?, ?, ?) RETURNING id",
	[ST_PLAN_GET] = PLAN_COLS "WHERE id = ?",
	[ST_PLAN_LIST] = PLAN_COLS "ORDER BY id",
	[ST_PLAN_SET_STATE] = "UPDATE plans SET state = ? WHERE id = ?",
	[ST_NODE_ADD] = "INSERT INTO nodes (plan_id, parent_id, seq, label, title, body, deadline,"
			" lead_unit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_NODE_LIST] =
		NODE_COOP_COLS "WHERE plan_id = ? ORDER BY coalesce(parent_id, 0), seq, id",
	[ST_NODE_LIST_UNIT] = NODE_COOP_COLS "WHERE lead_unit_id = ?1 OR id IN"
					     " (SELECT node_id FROM node_units WHERE unit_id = ?1)"
					     " ORDER BY plan_id, coalesce(parent_id, 0), seq, id",
	[ST_NODE_UPDATE] = "UPDATE nodes SET parent_id = ?, seq = ?, label = ?, title = ?,"
			   " body = ?, deadline = ?, version = version + 1"
			   " WHERE id = ? AND version = ?",
	[ST_NODE_SET_LEAD] = "UPDATE nodes SET lead_unit_id = ?, version = version + 1"
			     " WHERE id = ? AND version = ?",
	[ST_NODE_COOP_CLEAR] = "DELETE FROM node_units WHERE node_id = ?",
	[ST_NODE_COOP_ADD] = "INSERT INTO node_units (node_id, unit_id) VALUES (?, ?)",
	[ST_TARGET_ADD] =
		"INSERT INTO targets (node_id, indicator, verb, value, unit, qualifier,"
		" deadline, text, baseline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_TARGET_GET] = TARGET_COLS "WHERE id = ?",
	[ST_TARGET_LIST] = TARGET_COLS "WHERE node_id = ? ORDER BY id",
	[ST_PROJECT_ADD] = "INSERT INTO projects (plan_id, name, owner_unit_id, place, stage,"
			   " total_invest, plan_invest, done_invest)"
			   " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_PROJECT_GET] = PROJECT_COLS "WHERE id = ?",
	[ST_PROJECT_LIST] = PROJECT_COLS "WHERE plan_id = ? ORDER BY id",
	[ST_PROJECT_LIST_ALL] = PROJECT_COLS "ORDER BY id",
	[ST_REPORT_GET] = REPORT_COLS "WHERE id = ?",
	[ST_REPORT_GET_KEY] =
		REPORT_COLS "WHERE unit_id = ? AND item_kind = ? AND item_id = ? AND period = ?",
	[ST_REPORT_PUT] =
		"INSERT INTO reports (unit_id, item_kind, item_id, period, state, actual_value,"
		" stage, narrative, comment, updated_at, submitted_at) VALUES (?1, ?2, ?3, ?4, ?5,"
		" ?6, ?7, ?8, '', ?9, CASE WHEN ?5 = 'submitted' THEN ?10 END)"
		" ON CONFLICT (unit_id, item_kind, item_id, period) DO UPDATE SET"
		" state = excluded.state, actual_value = excluded.actual_value,"
		" stage = excluded.stage, narrative = excluded.narrative, comment = '',"
		" updated_at = excluded.updated_at, submitted_at = excluded.submitted_at"
		" WHERE reports.state IN ('draft', 'returned') RETURNING id",
	[ST_REPORT_REVIEW] = "UPDATE reports SET state = ?, comment = ?, updated_at = ?"
			     " WHERE id = ? AND state = 'submitted'",
	[ST_REPORT_LIST] = REPORT_COLS "WHERE period = ? ORDER BY unit_id, item_kind, item_id",
	[ST_REPORT_LIST_UNIT] =
		REPORT_COLS "WHERE period = ? AND unit_id = ? ORDER BY item_kind, item_id",
	[ST_REPORT_MISSING] =
		"SELECT 'node', n.id, n.lead_unit_id, n.title FROM nodes n"
		" WHERE n.plan_id = ?1 AND n.lead_unit_id IS NOT NULL AND NOT EXISTS ("
		"  SELECT 1 FROM reports r WHERE r.item_kind = 'node' AND r.item_id = n.id"
		"  AND r.unit_id = n.lead_unit_id AND r.period = ?2"
		"  AND r.state IN ('submitted', 'accepted'))"
		" UNION ALL "
		"SELECT 'project', p.id, p.owner_unit_id, p.name FROM projects p"
		" WHERE p.plan_id = ?1 AND p.owner_unit_id IS NOT NULL AND NOT EXISTS ("
		"  SELECT 1 FROM reports r WHERE r.item_kind = 'project' AND r.item_id = p.id"
		"  AND r.unit_id = p.owner_unit_id AND r.period = ?2"
		"  AND r.state IN ('submitted', 'accepted'))"
		" ORDER BY 1, 2",
	[ST_SEARCH_DEL] = "DELETE FROM search_fts WHERE rowid = ?",
	[ST_SEARCH_PUT] = "INSERT INTO search_fts (rowid, kind, item_id, title, body)"
			  " VALUES (?, ?, ?, ?, ?)",
	/* the query is passed as one FTS5 phrase: quoted, inner quotes doubled */
	[ST_SEARCH_MATCH] = "SELECT kind, item_id, title FROM search_fts"
			    " WHERE search_fts MATCH '\"' || replace(?, '\"', '\"\"') || '\"'"
			    " ORDER BY rowid LIMIT ?",
	[ST_SEARCH_SCAN] = "SELECT kind, item_id, title FROM search_fts"
			   " WHERE instr(body, ?) > 0 ORDER BY rowid LIMIT ?",
	[ST_LOGIN_FAIL_GET] =
		"SELECT count FROM login_failures WHERE key = ? AND window_start >= ?",
	/* a window older than ?3 starts again at ?2 with one failure */
	[ST_LOGIN_FAIL_ADD] =
		"INSERT INTO login_failures (key, count, window_start) VALUES (?1, 1, ?2)"
		" ON CONFLICT (key) DO UPDATE SET"
		" count = CASE WHEN login_failures.window_start < ?3 THEN 1"
		" ELSE login_failures.count + 1 END,"
		" window_start = CASE WHEN login_failures.window_start < ?3 THEN ?2"
		" ELSE login_failures.window_start END",
	[ST_LOGIN_FAIL_CLEAR] = "DELETE FROM login_failures WHERE key = ?",
	[ST_UNIT_IN_SUBTREE] = SUBTREE("?1") "SELECT count(*) FROM sub WHERE id = ?2",
	[ST_NODE_VISIBLE] = SUBTREE("?1") "SELECT count(*) FROM nodes n WHERE n.id = ?2 AND"
					  " " NODE_IN_SUB,
	[ST_REPORT_LIST_SCOPE] = SUBTREE("?2") REPORT_COLS
	"WHERE period = ?1 AND (?2 = 0 OR unit_id IN (SELECT id FROM sub))"
	" AND (?3 = '' OR state = ?3) ORDER BY unit_id, item_kind, item_id LIMIT ?4 OFFSET ?5",
	[ST_UNIT_REPORT_COUNTS] = UNIT_COUNTS("?1", "?2"),
	[ST_REPORT_MISSING_SCOPE] = SUBTREE(
		"?3") "SELECT 'node', n.id, n.lead_unit_id, n.title FROM nodes n"
		      " WHERE n.plan_id = ?1 AND n.lead_unit_id IS NOT NULL"
		      " AND (?3 = 0 OR n.lead_unit_id IN (SELECT id FROM sub)) AND NOT EXISTS ("
		      "  SELECT 1 FROM reports r WHERE r.item_kind = 'node' AND r.item_id = n.id"
		      "  AND r.unit_id = n.lead_unit_id AND r.period = ?2"
		      "  AND r.state IN ('submitted', 'accepted'))"
		      " UNION ALL "
		      "SELECT 'project', p.id, p.owner_unit_id, p.name FROM projects p"
		      " WHERE p.plan_id = ?1 AND p.owner_unit_id IS NOT NULL"
		      " AND (?3 = 0 OR p.owner_unit_id IN (SELECT id FROM sub)) AND NOT EXISTS ("
		      "  SELECT 1 FROM reports r WHERE r.item_kind = 'project' AND r.item_id = p.id"
		      "  AND r.unit_id = p.owner_unit_id AND r.period = ?2"
		      "  AND r.state IN ('submitted', 'accepted'))"
		      " ORDER BY 1, 2",
	/* the latest counted report comes from report_latest (one primary-key probe) */
	[ST_STATUS_NODES] =
		"SELECT n.id, n.plan_id, n.id, coalesce(n.lead_unit_id, 0), n.title, "
		"n.deadline, NULL, NULL, 0, 0, 0, '', r.report_id, r.period, r.state, "
		"r.actual_value, r.submitted_at, r.stage FROM nodes n LEFT JOIN report_latest r ON "
		"r.item_kind = 'node' AND r.item_id = n.id AND r.unit_id = n.lead_unit_id WHERE "
		"(CAST(?1 AS BIGINT) = 0 OR n.plan_id = ?1) ORDER BY n.id",
	[ST_STATUS_TARGETS] =
		"SELECT t.id, n.plan_id, n.id, coalesce(n.lead_unit_id, 0), CASE WHEN t.verb <> '' "
		"THEN t.indicator || ' ' || t.verb ELSE t.indicator END, CASE "
		"WHEN t.deadline <> '' THEN t.deadline ELSE n.deadline END, t.value, "
		"t.baseline, 0, 0, 0, '', r.report_id, r.period, r.state, r.actual_value, "
		"r.submitted_at, r.stage FROM targets t JOIN nodes n ON n.id = t.node_id LEFT JOIN "
		"report_latest r ON r.item_kind = 'target' AND r.item_id = t.id AND r.unit_id = "
		"n.lead_unit_id WHERE (CAST(?1 AS BIGINT) = 0 OR n.plan_id = ?1) ORDER BY t.id",
	[ST_STATUS_PROJECTS] =
		"SELECT p.id, coalesce(p.plan_id, 0), 0, coalesce(p.owner_unit_id, 0), p.name, "
		"'', p.plan_invest, NULL, p.total_invest, p.plan_invest, p.done_invest, "
		"p.stage, r.report_id, r.period, r.state, r.actual_value, r.submitted_at, r.stage "
		"FROM "
		"projects p LEFT JOIN report_latest r ON r.item_kind = 'project' AND r.item_id "
		"= p.id AND r.unit_id = p.owner_unit_id WHERE (CAST(?1 AS BIGINT) = 0 OR "
		"p.plan_id = ?1) ORDER BY p.id",
	/* CROSS JOIN fixes SQLite's join order: start from the unit subtree and follow
	 * nodes_lead / targets_node / projects_owner (without statistics the planner would
	 * scan every item and probe the subtree); INDEXED BY, because with statistics it
	 * built an automatic index over every node on each call instead */
	[ST_STATUS_NODES_SUB] =
		"WITH RECURSIVE sub(id) AS (SELECT CAST(?2 AS BIGINT) UNION ALL SELECT u.id "
		"FROM units u JOIN sub ON u.parent_id = sub.id) SELECT n.id, n.plan_id, n.id, "
		"coalesce(n.lead_unit_id, 0), n.title, n.deadline, NULL, NULL, 0, 0, 0, '', "
		"r.report_id, r.period, r.state, r.actual_value, r.submitted_at, r.stage FROM sub "
		"CROSS "
		"JOIN nodes n INDEXED BY nodes_lead ON n.lead_unit_id = sub.id LEFT JOIN "
		"report_latest r ON r.item_kind = 'node' AND r.item_id = n.id AND r.unit_id = "
		"n.lead_unit_id WHERE (CAST(?1 AS BIGINT) = 0 OR n.plan_id = ?1) ORDER BY n.id",
	[ST_STATUS_TARGETS_SUB] =
		"WITH RECURSIVE sub(id) AS (SELECT CAST(?2 AS BIGINT) UNION ALL SELECT u.id "
		"FROM units u JOIN sub ON u.parent_id = sub.id) SELECT t.id, n.plan_id, n.id, "
		"coalesce(n.lead_unit_id, 0), CASE WHEN t.verb <> '' THEN t.indicator || ' ' || "
		"t.verb ELSE t.indicator END, CASE WHEN t.deadline <> '' THEN "
		"t.deadline ELSE n.deadline END, t.value, t.baseline, 0, 0, 0, '', r.report_id, "
		"r.period, r.state, r.actual_value, r.submitted_at, r.stage FROM sub CROSS JOIN "
		"nodes n "
		"INDEXED BY nodes_lead ON n.lead_unit_id = sub.id CROSS JOIN targets t ON "
		"t.node_id = n.id LEFT JOIN report_latest r ON r.item_kind = 'target' AND "
		"r.item_id = t.id AND r.unit_id = n.lead_unit_id WHERE (CAST(?1 AS BIGINT) = 0 "
		"OR n.plan_id = ?1) ORDER BY t.id",
	[ST_STATUS_PROJECTS_SUB] =
		"WITH RECURSIVE sub(id) AS (SELECT CAST(?2 AS BIGINT) UNION ALL SELECT u.id "
		"FROM units u JOIN sub ON u.parent_id = sub.id) SELECT p.id, "
		"coalesce(p.plan_id, 0), 0, coalesce(p.owner_unit_id, 0), p.name, '', "
		"p.plan_invest, NULL, p.total_invest, p.plan_invest, p.done_invest, p.stage, "
		"r.report_id, r.period, r.state, r.actual_value, r.submitted_at, r.stage FROM sub "
		"CROSS "
		"JOIN projects p INDEXED BY projects_owner ON p.owner_unit_id = sub.id LEFT "
		"JOIN report_latest r ON r.item_kind = 'project' AND r.item_id = p.id AND "
		"r.unit_id = p.owner_unit_id WHERE (CAST(?1 AS BIGINT) = 0 OR p.plan_id = ?1) "
		"ORDER BY p.id",
	[ST_STATUS_NODES_ALL] = STORE_SQL_STATUS_NODES_ALL,
	[ST_STATUS_TARGETS_ALL] = STORE_SQL_STATUS_TARGETS_ALL,
	[ST_STATUS_PROJECTS_ALL] = STORE_SQL_STATUS_PROJECTS_ALL,
	[ST_STATUS_NODE_MAP] = STORE_SQL_STATUS_NODE_MAP,
	[ST_LATEST_DEL] = "DELETE FROM report_latest WHERE item_kind = ?1 AND item_id = ?2"
			  " AND unit_id = ?3",
	[ST_LATEST_PUT] =
		"INSERT INTO report_latest (item_kind, item_id, unit_id, report_id, period, "
		"state, actual_value, submitted_at, stage) SELECT item_kind, item_id, unit_id, "
		"id, period, state, actual_value, coalesce(submitted_at, updated_at), stage FROM "
		"reports "
		"WHERE item_kind = ?1 AND item_id = ?2 AND unit_id = ?3 AND state IN "
		"('submitted', 'accepted') ORDER BY " STORE_SQL_LATEST_FIRST " LIMIT 1",
	[ST_LATEST_REBUILD] = STORE_SQL_LATEST_REBUILD,
	[ST_REPORT_HISTORY] =
		"SELECT id, unit_id, item_kind, item_id, period, state, actual_value, stage, "
		"narrative, comment, updated_at, coalesce(submitted_at, '') FROM reports WHERE "
		"item_kind = ?1 AND item_id = "
		"?2 ORDER BY " STORE_SQL_PERIOD_END("period") ", period, unit_id",
	[ST_COPY_BEGIN] = "PRAGMA defer_foreign_keys = ON",
	[ST_COPY_OUT_UNITS] =
		"SELECT id, parent_id, name, kind FROM units WHERE id > ?1 ORDER BY id LIMIT ?2",
	[ST_COPY_OUT_USERS] =
		"SELECT id, name, display_name, pw_hash, role, unit_id, disabled FROM users "
		"WHERE id > ?1 ORDER BY id LIMIT ?2",
	[ST_COPY_OUT_PLANS] =
		"SELECT id, title, source, year, state, created_at FROM plans WHERE id > ?1 "
		"ORDER BY id LIMIT ?2",
	[ST_COPY_OUT_NODES] = "SELECT id, plan_id, parent_id, seq, label, title, body, deadline, "
			      "lead_unit_id, version FROM nodes WHERE id > ?1 ORDER BY id LIMIT ?2",
	[ST_COPY_OUT_NODE_UNITS] =
		"SELECT node_id, unit_id FROM node_units WHERE node_id > ?1 OR (node_id = ?1 "
		"AND unit_id > ?2) ORDER BY node_id, unit_id LIMIT ?3",
	[ST_COPY_OUT_TARGETS] =
		"SELECT id, node_id, indicator, verb, value, unit, qualifier, deadline, text, "
		"baseline FROM targets WHERE id > ?1 ORDER BY id LIMIT ?2",
	[ST_COPY_OUT_PROJECTS] =
		"SELECT id, plan_id, name, owner_unit_id, place, stage, total_invest, "
		"plan_invest, done_invest FROM projects WHERE id > ?1 ORDER BY id LIMIT ?2",
	[ST_COPY_OUT_REPORTS] =
		"SELECT id, unit_id, item_kind, item_id, period, state, actual_value, stage, "
		"narrative, comment, updated_at, submitted_at FROM reports WHERE id > ?1 ORDER "
		"BY id LIMIT ?2",
	[ST_COPY_OUT_AUDIT] =
		"SELECT id, at, actor, action, entity, entity_id, before_json, after_json, "
		"client FROM audit WHERE id > ?1 ORDER BY id LIMIT ?2",
	[ST_COPY_OUT_SEARCH] =
		"SELECT rowid, kind, item_id, title, body FROM search_fts WHERE rowid > ?1 "
		"ORDER BY rowid LIMIT ?2",
	[ST_COPY_IN_UNITS] =
		"INSERT INTO units (id, parent_id, name, kind) VALUES (?1, ?2, ?3, ?4)",
	[ST_COPY_IN_USERS] =
		"INSERT INTO users (id, name, display_name, pw_hash, role, unit_id, disabled) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_COPY_IN_PLANS] =
		"INSERT INTO plans (id, title, source, year, state, created_at) VALUES (?1, ?2, "
		"?3, ?4, ?5, ?6)",
	[ST_COPY_IN_NODES] =
		"INSERT INTO nodes (id, plan_id, parent_id, seq, label, title, body, deadline, "
		"lead_unit_id, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_COPY_IN_NODE_UNITS] = "INSERT INTO node_units (node_id, unit_id) VALUES (?1, ?2)",
	[ST_COPY_IN_TARGETS] =
		"INSERT INTO targets (id, node_id, indicator, verb, value, unit, qualifier, "
		"deadline, text, baseline) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_COPY_IN_PROJECTS] =
		"INSERT INTO projects (id, plan_id, name, owner_unit_id, place, stage, "
		"total_invest, plan_invest, done_invest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
		"?8, ?9)",
	[ST_COPY_IN_REPORTS] =
		"INSERT INTO reports (id, unit_id, item_kind, item_id, period, state, "
		"actual_value, stage, narrative, comment, updated_at, submitted_at) VALUES (?1, "
		"?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[ST_COPY_IN_AUDIT] =
		"INSERT INTO audit (id, at, actor, action, entity, entity_id, before_json, "
		"after_json, client) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_COPY_IN_SEARCH] =
		"INSERT INTO search_fts (rowid, kind, item_id, title, body) VALUES (?1, ?2, ?3, "
		"?4, ?5)",
	SQ_SQL_V5 SQ_SQL_EDIT SQ_SQL_REQUEST SQ_SQL_V7 SQ_SQL_LIST SQ_SQL_PAGES
};

/* ---- errors ---- */

static int sq_fail(sq_t *q, int rc, err_t *e, const char *what)
{
	int ext = q->db ? sqlite3_extended_errcode(q->db) : rc;
	const char *msg = q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc);
	int code = ERR_DB;
	switch (ext) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY: code = ERR_CONFLICT; break;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
	case SQLITE_CONSTRAINT_NOTNULL:
	case SQLITE_CONSTRAINT_CHECK: code = ERR_INVALID; break;
	case SQLITE_CONSTRAINT_TRIGGER: code = ERR_DENIED; break;
	case SQLITE_NOMEM: code = ERR_NOMEM; break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: code = ERR_UNAVAILABLE; break;
	default: break;
	}
	return err_set(e, code, "sqlite: %s: %s", what, msg);
}

/* ---- backend functions ---- */

static int sq_exec(sq_t *q, const char *sql, err_t *e)
{
	int rc = sqlite3_exec(q->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : sq_fail(q, rc, e, "exec");
}

/* Syncs the write-ahead log of q (sq_db_sync's callback). */
static int sq_wal_fsync(void *arg)
{
	sq_t *q = arg;
	sqlite3_file *f = NULL;
	int rc = sqlite3_file_control(q->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f);
	if (rc == SQLITE_OK && f != NULL && f->pMethods != NULL)
		rc = f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
	return rc;
}

/* After a write outside SQLite's own syncing: returns once it is on disk. */
static int sq_sync(sq_t *q, err_t *e)
{
	if (!q->group_sync)
		return 0;
	int rc = sq_db_sync(q->shared, sq_wal_fsync, q);
	return rc == SQLITE_OK
		       ? 0
		       : err_set(e, ERR_IO, "sqlite: syncing the log: %s", sqlite3_errstr(rc));
}

static void sq_write_lock(sq_t *q)
{
	if (q->shared && !q->write_locked)
		q->write_locked = sq_db_write_lock(q->shared, SQ_BUSY_MS);
}

static void sq_write_unlock(sq_t *q)
{
	if (q->write_locked) {
		q->write_locked = false;
		sq_db_write_unlock(q->shared);
	}
}

/* A script outside a transaction may write: it queues as a writer and is synced. */
static int sq_exec_script(store_t *s, const char *sql, err_t *e)
{
	sq_t *q = s->impl;
	if (s->depth > 0)
		return sq_exec(q, sql, e);
	sq_write_lock(q);
	int rc = sq_exec(q, sql, e);
	sq_write_unlock(q);
	return rc == 0 ? sq_sync(q, e) : rc;
}

/* Whether the connection's journal is a write-ahead log. */
static bool sq_is_wal(sq_t *q)
{
	sqlite3_stmt *st = NULL;
	bool wal = sqlite3_prepare_v2(q->db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
		   sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL &&
		   strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	return wal;
}

static int sq_open(store_t *s, const char *path, err_t *e)
{
	sq_t *q = mem_calloc(1, sizeof(*q));
	if (q == NULL)
		return err_set(e, ERR_NOMEM, "sqlite: out of memory");
	s->impl = q;
	for (int i = 0; i < ST_COUNT; i++)
		if (sq_sql[i] == NULL) {
			mem_free(q);
			return err_set(e, ERR_INTERNAL, "sqlite: statement %d has no SQL", i);
		}
	int rc = sqlite3_open_v2(path, &q->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(q->db, SQ_BUSY_MS);
	if (rc != SQLITE_OK) {
		sq_fail(q, rc, e, path);
		goto fail;
	}
	rc = sq_exec(
		q,
		"PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768",
		e);
	if (rc < 0)
		goto fail;
	/* group commit where the log is a WAL file (not for :memory: and the like) */
	const char *file = sqlite3_db_filename(q->db, "main");
	q->group_sync = file != NULL && file[0] != '\0' && sq_is_wal(q);
	if (file != NULL && file[0] != '\0' && (q->shared = sq_db_acquire(file)) == NULL) {
		rc = err_set(e, ERR_NOMEM, "sqlite: out of memory");
		goto fail;
	}
	rc = sq_exec(q, q->group_sync ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL",
		     e);
	if (rc < 0)
		goto fail;
	return 0;
fail:
	sq_db_release(q->shared);
	sqlite3_close(q->db);
	mem_free(q);
	s->impl = NULL;
	return rc < 0 ? rc : ERR_DB;
}

static void sq_close(store_t *s)
{
	sq_t *q = s->impl;
	if (q == NULL)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(q->cache[i]);
	sqlite3_close(q->db);
	sq_write_unlock(q);
	sq_db_release(q->shared);
	mem_free(q);
	s->impl = NULL;
}

static int sq_begin(store_t *s, err_t *e)
{
	sq_t *q = s->impl;
	sq_write_lock(q);
	int rc = sq_exec(q, "BEGIN IMMEDIATE", e);
	if (rc < 0)
		sq_write_unlock(q);
	return rc;
}

/* Commits, lets the next writer in, then waits until the commit is on disk. */
static int sq_commit(store_t *s, err_t *e)
{
	sq_t *q = s->impl;
	int rc = sq_exec(q, "COMMIT", e);
	if (rc < 0)
		return rc; /* the caller rolls back, which ends the write */
	sq_write_unlock(q);
	return sq_sync(q, e);
}

static int sq_rollback(store_t *s, err_t *e)
{
	sq_t *q = s->impl;
	int rc = sq_exec(q, "ROLLBACK", e);
	sq_write_unlock(q);
	return rc;
}

/* A deferred BEGIN: in WAL mode the first read fixes the snapshot until the end. */
static int sq_begin_snapshot(store_t *s, err_t *e)
{
	return sq_exec(s->impl, "BEGIN DEFERRED", e);
}

/* The online backup API copies every page in one step, i.e. inside one read transaction
 * on the source: a consistent snapshot, and in WAL mode writers are not blocked. */
static int sq_backup(store_t *s, const char *path, err_t *e)
{
	sq_t *q = s->impl;
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		rc = err_set(e, ERR_IO, "sqlite: backup: cannot open %s: %s", path,
			     dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close(dst);
		return rc;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", q->db, "main");
	if (b == NULL) {
		rc = err_set(e, ERR_DB, "sqlite: backup: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return rc;
	}
	int step;
	for (int tries = 0;; tries++) {
		step = sqlite3_backup_step(b, -1);
		if ((step != SQLITE_BUSY && step != SQLITE_LOCKED) || tries * 50 >= SQ_BUSY_MS)
			break;
		sqlite3_sleep(50);
	}
	int fin = sqlite3_backup_finish(b);
	rc = 0;
	if (step != SQLITE_DONE || fin != SQLITE_OK) {
		int code = step == SQLITE_BUSY || step == SQLITE_LOCKED  ? ERR_UNAVAILABLE
			   : step == SQLITE_NOMEM || fin == SQLITE_NOMEM ? ERR_NOMEM
									 : ERR_DB;
		rc = err_set(e, code, "sqlite: backup to %s: %s", path,
			     sqlite3_errstr(step != SQLITE_DONE ? step : fin));
	}
	if (sqlite3_close(dst) != SQLITE_OK && rc == 0)
		rc = err_set(e, ERR_IO, "sqlite: backup: cannot close %s", path);
	return rc;
}

static int sq_bind(sq_t *q, sqlite3_stmt *st, const store_val_t *p, int n, err_t *e)
{
	int rc = SQLITE_OK;
	for (int i = 0; rc == SQLITE_OK && i < n; i++) {
		switch (p[i].type) {
		case SV_NULL: rc = sqlite3_bind_null(st, i + 1); break;
		case SV_INT: rc = sqlite3_bind_int64(st, i + 1, p[i].i); break;
		case SV_REAL: rc = sqlite3_bind_double(st, i + 1, p[i].d); break;
		case SV_TEXT:
			rc = sqlite3_bind_text(st, i + 1, p[i].s.ptr ? p[i].s.ptr : "",
					       (int)p[i].s.len, SQLITE_STATIC);
			break;
		}
	}
	return rc == SQLITE_OK ? 0 : sq_fail(q, rc, e, "bind");
}

static int sq_query(store_t *s, store_stmt_t id, const store_val_t *p, int n, store_row_fn fn,
		    void *ud, long long *out_changes, err_t *e)
{
	sq_t *q = s->impl;
	sqlite3_stmt *st = q->cache[id];
	int rc;
	if (st == NULL) {
		rc = sqlite3_prepare_v3(q->db, sq_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st,
					NULL);
		if (rc != SQLITE_OK)
			return sq_fail(q, rc, e, "prepare");
		q->cache[id] = st;
	}
	for (int i = 0; i < n; i++)
		if (p[i].type == SV_TEXT && p[i].s.len > (size_t)SQ_MAX_TEXT)
			return err_set(e, ERR_LIMIT, "sqlite: text parameter %d too long", i + 1);
	/* a write outside a transaction queues as a writer and is synced below */
	bool autocommit_write = s->depth == 0 && !sqlite3_stmt_readonly(st);
	if (autocommit_write)
		sq_write_lock(q);
	rc = sq_bind(q, st, p, n, e);
	while (rc == 0) {
		int step = sqlite3_step(st);
		if (step == SQLITE_DONE)
			break;
		if (step != SQLITE_ROW) {
			rc = sq_fail(q, step, e, "step");
			break;
		}
		if (fn != NULL)
			rc = fn(s, (const store_row_t *)st, ud);
	}
	if (rc == 0 && out_changes != NULL)
		*out_changes = sqlite3_changes64(q->db);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (autocommit_write) {
		sq_write_unlock(q);
		if (rc == 0)
			rc = sq_sync(q, e);
	}
	return rc;
}

static bool sq_col_null(const store_row_t *row, int col)
{
	return sqlite3_column_type((sqlite3_stmt *)row, col) == SQLITE_NULL;
}

static long long sq_col_int(const store_row_t *row, int col)
{
	return sqlite3_column_int64((sqlite3_stmt *)row, col);
}

static double sq_col_real(const store_row_t *row, int col)
{
	return sqlite3_column_double((sqlite3_stmt *)row, col);
}

static str_t sq_col_text(const store_row_t *row, int col)
{
	sqlite3_stmt *st = (sqlite3_stmt *)row;
	const unsigned char *z = sqlite3_column_text(st, col);
	if (z == NULL)
		return STR_LIT("");
	return str_make((const char *)z, (size_t)sqlite3_column_bytes(st, col));
}

static bool sq_healthy(store_t *s)
{
	return s->impl != NULL;
}

const store_backend_t store_sqlite_backend = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec_script = sq_exec_script,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.begin_snapshot = sq_begin_snapshot,
	.backup = sq_backup,
	.query = sq_query,
	.col_null = sq_col_null,
	.col_int = sq_col_int,
	.col_real = sq_col_real,
	.col_text = sq_col_text,
	.healthy = sq_healthy,
	.analyze = NULL, /* see store_backend_t.analyze */
	.migrations = sq_migrations,
	.n_migrations = STORE_SCHEMA_VERSION, /* sqlite_schema.c asserts it counts them */
};
