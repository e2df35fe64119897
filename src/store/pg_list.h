/* pg_list.h — the PostgreSQL statements behind the API's paged lists (internal to pg.c,
 * which includes it once and expands PG_SQL_LIST after SUBTREE and NODE_IN_SUB are
 * defined): a plan's tasks (store_node_page) and the items without a report for a
 * period (store_report_missing_page).  The same statements, parameters and results as
 * sqlite_list.h, which explains the ways in (from the plan, from a small unit subtree,
 * from the lead unit); PostgreSQL's planner orders the joins itself.  A page is chosen
 * on ids and sort keys, then its rows are read with their cooperating units. */
#ifndef DUBAN_STORE_PG_LIST_H
#define DUBAN_STORE_PG_LIST_H

/* clang-format off */

/* The rows of a page pg (id, k, par, seq): the node columns and the cooperating units'
 * ids, comma-separated (NULL: none), in the page's order. */
#define PG_NODE_PAGE_ROWS(inner)                                                          \
	"SELECT n.id, n.plan_id, coalesce(n.parent_id, 0), n.seq, n.label, n.title,"      \
	" n.body, n.deadline, coalesce(n.lead_unit_id, 0), n.version,"                    \
	" (SELECT string_agg(nu.unit_id::text, ',') FROM node_units nu"                   \
	" WHERE nu.node_id = n.id)"                                                       \
	" FROM (" inner ") AS pg JOIN nodes n ON n.id = pg.id"                            \
	" ORDER BY pg.k, pg.par, pg.seq, pg.id"

/* One pass over the candidates cand(id, rn, total) numbered in page order: the rows of
 * the page (rn in OFF + 1 .. OFF + LIM), then total; the first candidate always comes,
 * with NULL node columns when it is not on the page (see sqlite_list.h). */
#define PG_NODE_CAND_ROWS(off, lim)                                                       \
	"SELECT n.id, n.plan_id, coalesce(n.parent_id, 0), n.seq, n.label, n.title,"      \
	" n.body, n.deadline, coalesce(n.lead_unit_id, 0), n.version,"                    \
	" (SELECT string_agg(nu.unit_id::text, ',') FROM node_units nu"                   \
	" WHERE nu.node_id = n.id), c.total FROM cand c LEFT JOIN nodes n ON n.id = c.id" \
	" AND c.rn > " off " AND c.rn <= " off " + " lim                                  \
	" WHERE c.rn = 1 OR (c.rn > " off " AND c.rn <= " off " + " lim ") ORDER BY c.rn"

/* The page key of candidate n: deadline first when BYDL is 1, then tree order. */
#define PG_NODE_CAND_COLS(bydl)                                                           \
	"n.id AS id, row_number() OVER (ORDER BY CASE WHEN " bydl " = 1 THEN n.deadline"  \
	" ELSE '' END, coalesce(n.parent_id, 0), n.seq, n.id) AS rn,"                     \
	" count(*) OVER () AS total"

/* The nodes of plan $2 led by, or cooperated on by, a unit of sub (no duplicates). */
#define PG_NODE_VIS_SUB                                                                   \
	", vis(id) AS (SELECT n.id FROM sub JOIN nodes n ON n.lead_unit_id = sub.id"      \
	" WHERE n.plan_id = $2"                                                           \
	" UNION SELECT nu.node_id FROM sub JOIN node_units nu ON nu.unit_id = sub.id) "

/* An item without a submitted or accepted report for PERIOD by its responsible unit.
 * OFFSET 0 keeps the test a per-item probe of reports_item: as a plain NOT EXISTS the
 * planner made it a hash anti-join over every report of the period in every plan, which
 * grows with the whole province (190 ms a plan at full size, 14 ms as probes). */
#define PG_NOT_FILED(kind, id, unit, period)                                              \
	"NOT EXISTS (SELECT 1 FROM reports r WHERE r.item_kind = '" kind "'"              \
	" AND r.item_id = " id " AND r.unit_id = " unit " AND r.period = " period         \
	" AND r.state IN ('submitted', 'accepted') OFFSET 0)"

/* The missing items of plan $1 for period $2, from the plan, within sub unless $3 is 0 */
#define PG_MISSING_PLAN                                                                   \
	"SELECT 'node' AS kind, n.id AS id, n.lead_unit_id AS unit, n.title AS title"     \
	" FROM nodes n WHERE n.plan_id = $1 AND n.lead_unit_id IS NOT NULL"               \
	" AND ($3::bigint = 0 OR n.lead_unit_id IN (SELECT id FROM sub))"                 \
	" AND " PG_NOT_FILED("node", "n.id", "n.lead_unit_id", "$2")                      \
	" UNION ALL SELECT 'project', p.id, p.owner_unit_id, p.name"                      \
	" FROM projects p WHERE p.plan_id = $1 AND p.owner_unit_id IS NOT NULL"           \
	" AND ($3::bigint = 0 OR p.owner_unit_id IN (SELECT id FROM sub))"                \
	" AND " PG_NOT_FILED("project", "p.id", "p.owner_unit_id", "$2")

/* … and from the units of sub */
#define PG_MISSING_SUB                                                                    \
	"SELECT 'node' AS kind, n.id AS id, n.lead_unit_id AS unit, n.title AS title"     \
	" FROM sub JOIN nodes n ON n.lead_unit_id = sub.id WHERE n.plan_id = $1"          \
	" AND " PG_NOT_FILED("node", "n.id", "n.lead_unit_id", "$2")                      \
	" UNION ALL SELECT 'project', p.id, p.owner_unit_id, p.name"                      \
	" FROM sub JOIN projects p ON p.owner_unit_id = sub.id WHERE p.plan_id = $1"      \
	" AND " PG_NOT_FILED("project", "p.id", "p.owner_unit_id", "$2")

/* One pass over the missing items M: the page (by responsible unit first when $4 is 1,
 * then kind and id; limit $5, offset $6), each row with the total and whether it is on
 * the page; the first item always comes so that the total arrives. */
#define PG_MISSING_ROWS(m)                                                                \
	"SELECT w.kind, w.id, w.unit, w.title, w.total,"                                  \
	" CASE WHEN w.rn > $6 AND w.rn <= $6 + $5 THEN 1 ELSE 0 END FROM ("               \
	"SELECT m.*, count(*) OVER () AS total, row_number() OVER (ORDER BY"              \
	" CASE WHEN $4::int = 1 THEN m.unit ELSE 0 END, m.kind, m.id) AS rn"              \
	" FROM (" m ") AS m) AS w WHERE w.rn = 1 OR (w.rn > $6 AND w.rn <= $6 + $5)"      \
	" ORDER BY w.rn"

/* The entries of pg_sql[] for these statements. */
#define PG_SQL_LIST                                                                       \
	[ST_UNIT_SUBTREE_SHARE] = SUBTREE("$1::bigint")                                   \
		"SELECT (SELECT count(*) FROM sub), (SELECT count(*) FROM units),"        \
		" (SELECT count(*) FROM plans)",                                          \
	[ST_NODE_PAGE] = SUBTREE("$1::bigint") PG_NODE_PAGE_ROWS(                         \
		"SELECT n.id AS id, '' AS k, coalesce(n.parent_id, 0) AS par, n.seq AS seq" \
		" FROM nodes n WHERE n.plan_id = $2 AND ($1::bigint = 0 OR " NODE_IN_SUB ")" \
		" ORDER BY 3, 4, 1 LIMIT $3 OFFSET $4"),                                  \
	[ST_NODE_PAGE_DEADLINE] = SUBTREE("$1::bigint") PG_NODE_PAGE_ROWS(                \
		"SELECT n.id AS id, n.deadline AS k, coalesce(n.parent_id, 0) AS par,"    \
		" n.seq AS seq"                                                           \
		" FROM nodes n WHERE n.plan_id = $2 AND ($1::bigint = 0 OR " NODE_IN_SUB ")" \
		" ORDER BY 2, 3, 4, 1 LIMIT $3 OFFSET $4"),                               \
	[ST_NODE_PAGE_COUNT] = SUBTREE("$1::bigint")                                      \
		"SELECT count(*) FROM nodes n"                                            \
		" WHERE n.plan_id = $2 AND ($1::bigint = 0 OR " NODE_IN_SUB ")",          \
	[ST_NODE_PAGE_SUB] = SUBTREE("$1::bigint") PG_NODE_VIS_SUB                        \
		", cand AS (SELECT " PG_NODE_CAND_COLS("$5::int")                         \
		" FROM vis JOIN nodes n ON n.id = vis.id WHERE n.plan_id = $2) "          \
		PG_NODE_CAND_ROWS("$4", "$3"),                                            \
	[ST_NODE_PAGE_LEAD] = SUBTREE("$1::bigint")                                       \
		", cand AS (SELECT " PG_NODE_CAND_COLS("$6::int")                         \
		" FROM nodes n WHERE n.lead_unit_id = $3::bigint AND n.plan_id = $2"      \
		" AND ($1::bigint = 0 OR " NODE_IN_SUB ")) "                              \
		PG_NODE_CAND_ROWS("$5", "$4"),                                            \
	[ST_REPORT_MISSING_PAGE] = SUBTREE("$3::bigint") PG_MISSING_ROWS(PG_MISSING_PLAN), \
	[ST_REPORT_MISSING_SUB] = SUBTREE("$3::bigint") PG_MISSING_ROWS(PG_MISSING_SUB),

/* clang-format on */

#endif
