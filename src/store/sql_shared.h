/* sql_shared.h — SQL text that is the same on both backends (internal to sqlite.c,
 * sqlite_edit.h and pg.c): written once so the two cannot drift apart.  Each backend
 * defines NODE_IN_SUB (a node of the subtree "sub") before expanding HIT_IN_SUB. */
#ifndef DUBAN_STORE_SQL_SHARED_H
#define DUBAN_STORE_SQL_SHARED_H

/* Search hit TBL (kind, item_id) visible to sub (ROOT 0: everything): a node led by or
 * cooperated on in sub, a target of such a node, a project owned in sub; a plan's published
 * text (document, glossary, results) is visible to every reader. */
#define HIT_IN_SUB(root, tbl)                                                                      \
	"(" root " = 0 OR CASE " tbl ".kind WHEN 'node' THEN EXISTS (SELECT 1 FROM nodes n"        \
	" WHERE n.id = " tbl ".item_id AND " NODE_IN_SUB ") WHEN 'target' THEN EXISTS ("           \
	"SELECT 1 FROM targets t JOIN nodes n ON n.id = t.node_id WHERE t.id = " tbl ".item_id"    \
	" AND " NODE_IN_SUB                                                                        \
	") WHEN 'project' THEN EXISTS (SELECT 1 FROM projects p WHERE p.id = " tbl                 \
	".item_id AND p.owner_unit_id IN (SELECT id FROM sub)) WHEN 'document' THEN TRUE"          \
	" WHEN 'glossary' THEN TRUE WHEN 'result' THEN TRUE ELSE FALSE END)"

/* v6: the stage of the latest counted report in report_latest (kept by report.c with the
 * report, backfilled by the migration), so the status rows judge "done" by a report's 竣工 / 投产
 * without a join on reports */
#define STORE_MIG_V6                                                                               \
	"ALTER TABLE report_latest ADD COLUMN stage TEXT NOT NULL DEFAULT '';"                     \
	"UPDATE report_latest SET stage = coalesce((SELECT r.stage FROM reports r WHERE "          \
	"r.id = report_latest.report_id), '');"

/* v7: where each write came from (audit.client: the client address of an API request, "cli"
 * for the command line; '' for rows written before v7 and for the store's own events), and
 * the settings table (key -> value text, who changed it when: supervision thresholds and
 * ranking weights, store/settings.c).  Adding a column fires no row trigger, so the audit
 * rows stay immutable on both backends.  report_latest is rebuilt, since before v7 it took
 * the latest period as text ("2024-Q1" after "2024-04"; STORE_SQL_LATEST_FIRST).  The
 * lead-unit and owner indexes gain the plan, so a unit's page of one plan's tasks or
 * projects (sqlite_list.h, pg_list.h) reads only that plan's rows. */
#define STORE_MIG_V7                                                                               \
	"ALTER TABLE audit ADD COLUMN client TEXT NOT NULL DEFAULT '';"                            \
	"CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL,"                        \
	" updated_at TEXT NOT NULL, updated_by TEXT NOT NULL);"                                    \
	"DELETE FROM report_latest;" STORE_SQL_LATEST_REBUILD ";"                                  \
	"DROP INDEX nodes_lead; CREATE INDEX nodes_lead ON nodes (lead_unit_id, plan_id);"         \
	"DROP INDEX projects_owner;"                                                               \
	"CREATE INDEX projects_owner ON projects (owner_unit_id, plan_id);"

/* The whole ledger's status rows, one ordered merge per item kind (status.c): every item
 * row (second column 0) followed by its report_latest rows (second column the reporting
 * unit's id, always > 0), ORDER BY 1, 2.  Both sides come in primary-key order, so the
 * database merges two sequential scans instead of probing report_latest (and, for
 * targets, nodes) once per item; status.c pairs each item with its responsible unit's
 * report.  No parameters: the same text on both backends.  Columns:
 *   item:   id, 0, plan_id, node_id, unit_id, title, deadline, stage, verb, target,
 *           baseline, total_invest, plan_invest, done_invest
 *   report: item_id, unit_id, report_id, NULL, NULL, period, state, submitted_at, stage,
 *           actual_value, NULL, NULL, NULL, NULL
 * Target rows leave plan_id and unit_id 0: status.c takes them from the node map. */
#define STORE_SQL_LATEST_MERGE(kind)                                                               \
	" UNION ALL SELECT r.item_id, r.unit_id, r.report_id, NULL, NULL, r.period, r.state,"      \
	" r.submitted_at, r.stage, r.actual_value, NULL, NULL, NULL, NULL FROM report_latest r"    \
	" WHERE r.item_kind = '" kind "' ORDER BY 1, 2"
#define STORE_SQL_NO_REAL "CAST(NULL AS DOUBLE PRECISION)"
#define STORE_SQL_STATUS_NODES_ALL                                                                 \
	"SELECT n.id, 0, n.plan_id, n.id, coalesce(n.lead_unit_id, 0), n.title, n.deadline, '',"   \
	" '', " STORE_SQL_NO_REAL ", " STORE_SQL_NO_REAL                                           \
	", 0, 0, 0 FROM nodes n" STORE_SQL_LATEST_MERGE("node")
#define STORE_SQL_STATUS_TARGETS_ALL                                                               \
	"SELECT t.id, 0, 0, t.node_id, 0, t.indicator, t.deadline, '', t.verb, t.value,"           \
	" t.baseline, 0, 0, 0 FROM targets t" STORE_SQL_LATEST_MERGE("target")
#define STORE_SQL_STATUS_PROJECTS_ALL                                                              \
	"SELECT p.id, 0, coalesce(p.plan_id, 0), 0, coalesce(p.owner_unit_id, 0), p.name, '',"     \
	" p.stage, '', p.plan_invest, " STORE_SQL_NO_REAL ", p.total_invest, p.plan_invest,"       \
	" p.done_invest FROM projects p" STORE_SQL_LATEST_MERGE("project")
/* The node map for the target merge: every node's plan, lead unit and deadline. */
#define STORE_SQL_STATUS_NODE_MAP                                                                  \
	"SELECT n.id, n.plan_id, coalesce(n.lead_unit_id, 0), n.deadline FROM nodes n ORDER BY "   \
	"n.id"

/* Reports in the order of their periods' ends, latest first ("2024-Q1" ends with "2024-03",
 * "2024" with "2024-12"; as text, "Q" would sort after every month); at the same end an
 * accepted report before a submitted one, then the later write.  The order by which
 * report_latest picks an item x unit's latest counted report. */
#define STORE_SQL_PERIOD_END(col)                                                                  \
	"(substr(" col ", 1, 4) || CASE upper(substr(" col ", 6)) WHEN '' THEN '-12' WHEN 'Q1'"    \
	" THEN '-03' WHEN 'Q2' THEN '-06' WHEN 'Q3' THEN '-09' WHEN 'Q4' THEN '-12' ELSE '-' ||"   \
	" substr(" col ", 6) END)"
#define STORE_SQL_LATEST_FIRST                                                                     \
	STORE_SQL_PERIOD_END("period")                                                             \
	" DESC, CASE state WHEN 'accepted' THEN 1 ELSE 0 END DESC,"                                \
	" id DESC"
/* Rebuilds report_latest from reports (after a backup's import). */
#define STORE_SQL_LATEST_REBUILD                                                                   \
	"INSERT INTO report_latest (item_kind, item_id, unit_id, report_id, period, state,"        \
	" actual_value, submitted_at, stage) SELECT item_kind, item_id, unit_id, id, period,"      \
	" state, actual_value, coalesce(submitted_at, updated_at), stage FROM (SELECT r.*,"        \
	" row_number() OVER (PARTITION BY item_kind, item_id, unit_id ORDER "                      \
	"BY " STORE_SQL_LATEST_FIRST                                                               \
	") AS rn FROM reports r WHERE state IN ('submitted', 'accepted'))"                         \
	" AS z WHERE rn = 1"

#endif
