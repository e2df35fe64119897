/* sqlite_list.h — the SQLite statements behind the API's paged lists (internal to
 * sqlite.c, which includes it once and expands SQ_SQL_LIST after SUBTREE and NODE_IN_SUB
 * are defined): a plan's tasks (store_node_page) and the items without a report for a
 * period (store_report_missing_page).
 *
 * Each list has two ways in, and store/nodes.c and store/report.c choose one per request
 * (SQLite runs without statistics, so its planner cannot; see store_subtree_small): from
 * the plan (nodes_plan, which also gives tree order, so a page in tree order stops after
 * offset + limit rows) for everything or a large unit subtree, or from the unit subtree
 * (nodes_lead, node_units_unit, projects_owner) for a small one, which touches only the
 * subtree's items instead of every item of the plan.  A lead-unit filter starts from
 * nodes_lead.  CROSS JOIN fixes the join order; INDEXED BY keeps the planner on the
 * index.  A page is chosen on ids and sort keys only, then its rows are read with their
 * cooperating units (one correlated group_concat per row of the page, not per
 * candidate).
 *
 * Parameters:
 *   ST_UNIT_SUBTREE_SHARE        ?1 root → units in its subtree, all units, all plans
 *   ST_NODE_PAGE[_DEADLINE]      ?1 root (0: all), ?2 plan, ?3 limit, ?4 offset
 *   ST_NODE_PAGE_COUNT           ?1 root (0: all), ?2 plan
 *   ST_NODE_PAGE_SUB             ?1 root, ?2 plan, ?3 limit, ?4 offset, ?5 by deadline
 *   ST_NODE_PAGE_LEAD            ?1 root (0: all), ?2 plan, ?3 lead unit, ?4 limit,
 *                                ?5 offset, ?6 by deadline
 *   ST_REPORT_MISSING_{PAGE,SUB} ?1 plan, ?2 period, ?3 root (0: all; SUB: > 0),
 *                                ?4 by unit, ?5 limit, ?6 offset
 * The _SUB, _LEAD and MISSING statements give page and total in one pass over the
 * candidates (window functions; see SQ_NODE_CAND_ROWS), the plan's tree order two
 * statements (the page stops early, the count reads the index only). */
#ifndef DUBAN_STORE_SQLITE_LIST_H
#define DUBAN_STORE_SQLITE_LIST_H

/* clang-format off */

/* The rows of a page pg (id, k, par, seq): the node columns and the cooperating units'
 * ids, comma-separated (NULL: none), in the page's order. */
#define SQ_NODE_PAGE_ROWS(inner)                                                          \
	"SELECT n.id, n.plan_id, coalesce(n.parent_id, 0), n.seq, n.label, n.title,"      \
	" n.body, n.deadline, coalesce(n.lead_unit_id, 0), n.version,"                    \
	" (SELECT group_concat(nu.unit_id) FROM node_units nu WHERE nu.node_id = n.id)"   \
	" FROM (" inner ") AS pg CROSS JOIN nodes n ON n.id = pg.id"                      \
	" ORDER BY pg.k, pg.par, pg.seq, pg.id"

/* One pass over the candidates cand(id, rn, total) numbered in page order: the rows of
 * the page (rn in OFF + 1 .. OFF + LIM) as SQ_NODE_PAGE_ROWS gives them, then total;
 * the first candidate always comes, with NULL node columns when it is not on the page,
 * so that the total arrives even for a page past the end. */
#define SQ_NODE_CAND_ROWS(off, lim)                                                       \
	"SELECT n.id, n.plan_id, coalesce(n.parent_id, 0), n.seq, n.label, n.title,"      \
	" n.body, n.deadline, coalesce(n.lead_unit_id, 0), n.version,"                    \
	" (SELECT group_concat(nu.unit_id) FROM node_units nu WHERE nu.node_id = n.id),"  \
	" c.total FROM cand c LEFT JOIN nodes n ON n.id = c.id"                           \
	" AND c.rn > " off " AND c.rn <= " off " + " lim                                  \
	" WHERE c.rn = 1 OR (c.rn > " off " AND c.rn <= " off " + " lim ") ORDER BY c.rn"

/* The page key of candidate n: deadline first when BYDL is 1, then tree order. */
#define SQ_NODE_CAND_COLS(bydl)                                                           \
	"n.id AS id, row_number() OVER (ORDER BY CASE WHEN " bydl " = 1 THEN n.deadline"  \
	" ELSE '' END, n.parent_id, n.seq, n.id) AS rn, count(*) OVER () AS total"

/* The nodes of plan ?2 led by, or cooperated on by, a unit of sub (no duplicates). */
#define SQ_NODE_VIS_SUB                                                                   \
	", vis(id) AS (SELECT n.id FROM sub CROSS JOIN nodes n INDEXED BY nodes_lead"     \
	" ON n.lead_unit_id = sub.id WHERE n.plan_id = ?2"                                \
	" UNION SELECT nu.node_id FROM sub CROSS JOIN node_units nu"                      \
	" INDEXED BY node_units_unit ON nu.unit_id = sub.id) "

/* An item without a submitted or accepted report for PERIOD by its responsible unit. */
#define SQ_NOT_FILED(kind, id, unit, period)                                              \
	"NOT EXISTS (SELECT 1 FROM reports r WHERE r.item_kind = '" kind "'"              \
	" AND r.item_id = " id " AND r.unit_id = " unit " AND r.period = " period         \
	" AND r.state IN ('submitted', 'accepted'))"

/* The missing items of plan ?1 for period ?2, from the plan, within sub unless ?3 is 0 */
#define SQ_MISSING_PLAN                                                                   \
	"SELECT 'node' AS kind, n.id AS id, n.lead_unit_id AS unit, n.title AS title"     \
	" FROM nodes n INDEXED BY nodes_plan"                                             \
	" WHERE n.plan_id = ?1 AND n.lead_unit_id IS NOT NULL"                            \
	" AND (?3 = 0 OR n.lead_unit_id IN (SELECT id FROM sub))"                         \
	" AND " SQ_NOT_FILED("node", "n.id", "n.lead_unit_id", "?2")                      \
	" UNION ALL SELECT 'project', p.id, p.owner_unit_id, p.name"                      \
	" FROM projects p INDEXED BY projects_plan"                                       \
	" WHERE p.plan_id = ?1 AND p.owner_unit_id IS NOT NULL"                           \
	" AND (?3 = 0 OR p.owner_unit_id IN (SELECT id FROM sub))"                        \
	" AND " SQ_NOT_FILED("project", "p.id", "p.owner_unit_id", "?2")

/* … and from the units of sub */
#define SQ_MISSING_SUB                                                                    \
	"SELECT 'node' AS kind, n.id AS id, n.lead_unit_id AS unit, n.title AS title"     \
	" FROM sub CROSS JOIN nodes n INDEXED BY nodes_lead ON n.lead_unit_id = sub.id"   \
	" WHERE n.plan_id = ?1"                                                           \
	" AND " SQ_NOT_FILED("node", "n.id", "n.lead_unit_id", "?2")                      \
	" UNION ALL SELECT 'project', p.id, p.owner_unit_id, p.name"                      \
	" FROM sub CROSS JOIN projects p INDEXED BY projects_owner"                       \
	" ON p.owner_unit_id = sub.id WHERE p.plan_id = ?1"                               \
	" AND " SQ_NOT_FILED("project", "p.id", "p.owner_unit_id", "?2")

/* One pass over the missing items M: the page (by responsible unit first when ?4 is 1,
 * then kind and id: stable; limit ?5, offset ?6), each row with the total and whether it
 * is on the page; the first item always comes so that the total arrives. */
#define SQ_MISSING_ROWS(m)                                                                \
	"SELECT kind, id, unit, title, total,"                                            \
	" CASE WHEN rn > ?6 AND rn <= ?6 + ?5 THEN 1 ELSE 0 END FROM ("                   \
	"SELECT m.*, count(*) OVER () AS total, row_number() OVER (ORDER BY"              \
	" CASE WHEN ?4 = 1 THEN m.unit ELSE 0 END, m.kind, m.id) AS rn"                   \
	" FROM (" m ") AS m) WHERE rn = 1 OR (rn > ?6 AND rn <= ?6 + ?5) ORDER BY rn"

/* The entries of sq_sql[] for these statements. */
#define SQ_SQL_LIST                                                                       \
	[ST_UNIT_SUBTREE_SHARE] = SUBTREE("?1")                                           \
		"SELECT (SELECT count(*) FROM sub), (SELECT count(*) FROM units),"        \
		" (SELECT count(*) FROM plans)",                                          \
	[ST_NODE_PAGE] = SUBTREE("?1") SQ_NODE_PAGE_ROWS(                                 \
		"SELECT n.id AS id, '' AS k, n.parent_id AS par, n.seq AS seq"            \
		" FROM nodes n INDEXED BY nodes_plan"                                     \
		" WHERE n.plan_id = ?2 AND (?1 = 0 OR " NODE_IN_SUB ")"                   \
		" ORDER BY n.parent_id, n.seq, n.id LIMIT ?3 OFFSET ?4"),                 \
	[ST_NODE_PAGE_DEADLINE] = SUBTREE("?1") SQ_NODE_PAGE_ROWS(                        \
		"SELECT n.id AS id, n.deadline AS k, n.parent_id AS par, n.seq AS seq"    \
		" FROM nodes n INDEXED BY nodes_plan"                                     \
		" WHERE n.plan_id = ?2 AND (?1 = 0 OR " NODE_IN_SUB ")"                   \
		" ORDER BY n.deadline, n.parent_id, n.seq, n.id LIMIT ?3 OFFSET ?4"),     \
	[ST_NODE_PAGE_COUNT] = SUBTREE("?1")                                              \
		"SELECT count(*) FROM nodes n INDEXED BY nodes_plan"                      \
		" WHERE n.plan_id = ?2 AND (?1 = 0 OR " NODE_IN_SUB ")",                  \
	[ST_NODE_PAGE_SUB] = SUBTREE("?1") SQ_NODE_VIS_SUB                                \
		", cand AS (SELECT " SQ_NODE_CAND_COLS("?5")                              \
		" FROM vis CROSS JOIN nodes n ON n.id = vis.id WHERE n.plan_id = ?2) "    \
		SQ_NODE_CAND_ROWS("?4", "?3"),                                            \
	[ST_NODE_PAGE_LEAD] = SUBTREE("?1")                                               \
		", cand AS (SELECT " SQ_NODE_CAND_COLS("?6")                              \
		" FROM nodes n INDEXED BY nodes_lead"                                     \
		" WHERE n.lead_unit_id = ?3 AND n.plan_id = ?2"                           \
		" AND (?1 = 0 OR " NODE_IN_SUB ")) "                                      \
		SQ_NODE_CAND_ROWS("?5", "?4"),                                            \
	[ST_REPORT_MISSING_PAGE] = SUBTREE("?3") SQ_MISSING_ROWS(SQ_MISSING_PLAN),       \
	[ST_REPORT_MISSING_SUB] = SUBTREE("?3") SQ_MISSING_ROWS(SQ_MISSING_SUB),

/* clang-format on */

#endif
