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
 * rows stay immutable on both backends. */
#define STORE_MIG_V7                                                                               \
	"ALTER TABLE audit ADD COLUMN client TEXT NOT NULL DEFAULT '';"                            \
	"CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL,"                        \
	" updated_at TEXT NOT NULL, updated_by TEXT NOT NULL);"

#endif
