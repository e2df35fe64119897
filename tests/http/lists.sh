#!/usr/bin/env bash
# lists.sh — the paged lists of the API end to end: GET /api/plans/{id}/nodes and
# GET /api/not-reported are filtered, sorted and paged in the query, carry the total on
# every page, give tasks their cooperating units, and never show another unit's item, on
# both ways the store reads them (from a small unit subtree, from the plan: the county
# editor and the city-wide editor below take one each).  The real binary on 127.0.0.1:0
# with a temporary SQLite database seeded with the sqlite3 shell.
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/http.sh"
command -v curl >/dev/null && command -v jq >/dev/null && command -v sqlite3 >/dev/null ||
  { echo "not ok 1 - curl, jq and sqlite3 are needed"; exit 1; }

DB=$tap_dir/lists.db
http_serve "$DB" '{"threads": 2}'
tap_ok "serve starts on a new database"

# Seed: 市(1) → 市发改委(2), 涞水县(3) → 某镇(4), 市住建局(5).  Plan 1: nodes 101..112 led
# by 3, 113..115 by 4, 116..119 by 2, 120 by 5 with 3 and 4 cooperating, 121 by 5, 122
# unassigned; deadlines spread over 2024.  Plan 2: nodes 201..203 led by 3.  Projects of
# plan 1: 301, 302 owned by 3, 303 by 4, 304 by 2.  Reports for 2024-03: 101, 113 and 301
# submitted, 102 a draft (still missing).
sqlite3 "$DB" <<'SQL' || { echo "not ok - seeding failed"; exit 1; }
.timeout 5000
INSERT INTO units (id, parent_id, name, kind) VALUES (1, NULL, '市', 'city'),
  (2, 1, '市发改委', 'department'), (3, 1, '涞水县', 'county'), (4, 3, '某镇', 'district'),
  (5, 1, '市住建局', 'department');
INSERT INTO users (name, display_name, pw_hash, role, unit_id, disabled)
  SELECT n, n, (SELECT pw_hash FROM users WHERE name = 'admin'), r, u, 0 FROM (
    SELECT 'ed_a' AS n, 'unit_editor' AS r, 3 AS u UNION ALL
    SELECT 'ed_b', 'unit_viewer', 2 UNION ALL
    SELECT 'ed_city', 'unit_editor', 1);
INSERT INTO plans (id, title, source, year, state, created_at) VALUES
  (1, '2024年政府工作报告', 'seed', 2024, 'active', '2024-01-01T00:00:00Z'),
  (2, '另一规划', 'seed', 2024, 'active', '2024-01-01T00:00:00Z');
WITH RECURSIVE k(i) AS (SELECT 101 UNION ALL SELECT i + 1 FROM k WHERE i < 122)
INSERT INTO nodes (id, plan_id, parent_id, seq, label, title, body, deadline, lead_unit_id)
  SELECT i, 1, NULL, 130 - i, '', '任务' || i, '',
         printf('2024-%02d-15', 1 + (i * 7) % 12),
         CASE WHEN i <= 112 THEN 3 WHEN i <= 115 THEN 4 WHEN i <= 119 THEN 2
              WHEN i <= 121 THEN 5 END FROM k;
INSERT INTO nodes (id, plan_id, parent_id, seq, label, title, body, deadline, lead_unit_id)
  VALUES (201, 2, NULL, 1, '', '他规划任务1', '', '2024-01-01', 3),
         (202, 2, NULL, 2, '', '他规划任务2', '', '2024-01-01', 3),
         (203, 2, NULL, 3, '', '他规划任务3', '', '2024-01-01', 3),
         (123, 1, 101, 1, '', '子任务', '', '2024-02-01', 3);
INSERT INTO node_units (node_id, unit_id) VALUES (120, 3), (120, 4), (201, 3);
INSERT INTO projects (id, plan_id, name, owner_unit_id) VALUES
  (301, 1, '项目甲', 3), (302, 1, '项目乙', 3), (303, 1, '项目丙', 4), (304, 1, '项目丁', 2);
INSERT INTO reports (unit_id, item_kind, item_id, period, state, updated_at, submitted_at)
  VALUES (3, 'node', 101, '2024-03', 'submitted', '2024-04-01', '2024-04-01'),
         (4, 'node', 113, '2024-03', 'submitted', '2024-04-01', '2024-04-01'),
         (3, 'project', 301, '2024-03', 'submitted', '2024-04-01', '2024-04-01'),
         (3, 'node', 102, '2024-03', 'draft', '2024-04-01', NULL);
SQL
for u in admin ed_a ed_b ed_city; do login $u; done
expect_status 201 "the users log in"

# pages USER PATH LIMIT KEY — every page of PATH (with limit=LIMIT&offset=…) concatenated
# as one JSON array of .KEY items into $OUT; the totals of the pages into $tap_dir/totals.
pages() {
  local all=$tap_dir/all offset=0 sep='?'
  case $2 in *\?*) sep='&' ;; esac
  echo '[]' >"$all"; : >"$tap_dir/totals"
  while :; do
    call "$1" GET "$2${sep}limit=$3&offset=$offset"
    [ "$STATUS" = 200 ] || break
    jq .total "$OUT" >>"$tap_dir/totals"
    jq -s ".[0] + .[1].$4" "$all" "$OUT" >"$all.new" && mv "$all.new" "$all"
    [ "$(jq ".$4 | length" "$OUT")" -lt "$3" ] && break
    offset=$((offset + $3))
  done
  cp "$all" "$OUT"
}

# ---- tasks: scope, filter, sort, page ----
ED_A_NODES='[101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,120,123]'
call ed_a GET '/api/plans/1/nodes?limit=500'
expect_status 200 "the county editor lists plan 1"
jqt "([.nodes[].id] | sort) == $ED_A_NODES and .total == 17" \
  "the county sees its own, its town's and its cooperating tasks of plan 1, nothing else"
jqt '[.nodes[] | select(.plan_id != 1)] == []' "no task of another plan comes along"
jqt '[.nodes[].parent_id] | index(101) != null' "a subtask is listed with its parent"
jqt '[.nodes[] | select(.id == 120) | .coop_unit_ids] == [[3,4]]' \
  "a listed task carries its cooperating units"
jqt '[.nodes[] | select(.id != 120) | .coop_unit_ids] | all(. == [])' \
  "tasks without cooperating units list none"
jqt '[.nodes[] | select(.parent_id == null) | .seq] as $s | $s == ($s | sort)' \
  "tree order: top-level tasks by seq"
cp "$OUT" "$tap_dir/ed_a_full"
pages ed_a '/api/plans/1/nodes' 5 nodes
jqt "[.[].id] == $(jq -c '[.nodes[].id]' "$tap_dir/ed_a_full")" \
  "pages of 5 concatenate to the whole list, in the same order"
if sort -u "$tap_dir/totals" | grep -qx 17 && [ "$(sort -u "$tap_dir/totals" | wc -l)" = 1 ]; then
  tap_ok "every page carries the same total"; else tap_not_ok "every page carries the same total"; fi
call ed_a GET '/api/plans/1/nodes?limit=5&offset=15'
jqt '(.nodes | length) == 2 and .total == 17 and .limit == 5 and .offset == 15' "the last page is short"
call ed_a GET '/api/plans/1/nodes?limit=5&offset=100'
jqt '.nodes == [] and .total == 17' "a page past the end is empty and still has the total"
pages ed_a '/api/plans/1/nodes?sort=deadline' 4 nodes
jqt '[.[].deadline] as $d | $d == ($d | sort) and length == 17' "sort=deadline pages in deadline order"
jqt '[.[].id] | length == (unique | length)' "no task appears on two pages"
call ed_a GET '/api/plans/1/nodes?lead_unit=4'
jqt '([.nodes[].id] | sort) == [113,114,115] and .total == 3' "lead_unit filters inside the scope"
call ed_a GET '/api/plans/1/nodes?lead_unit=2'
jqt '.nodes == [] and .total == 0' "lead_unit of another unit shows nothing of it"
call ed_a GET '/api/plans/1/nodes?lead_unit=5'
jqt '[.nodes[].id] == [120] and .total == 1' "lead_unit keeps only the tasks the scope cooperates on"
call ed_b GET '/api/plans/1/nodes?sort=deadline'
jqt '([.nodes[].id] | sort) == [116,117,118,119] and .total == 4' "a department sees only its tasks"
call ed_a GET '/api/plans/2/nodes'
jqt '([.nodes[].id] | sort) == [201,202,203] and .total == 3' "plan 2 lists only plan 2's tasks"
call ed_a GET '/api/plans/1/nodes?limit=501'
expect_status 400 "a limit above 500 answers 400"

# the city-wide editor is read from the plan: the same answers as the administrator's
# except the unassigned task
call admin GET '/api/plans/1/nodes?limit=500'
jq -c '[.nodes[] | select(.lead_unit_id != null)]' "$OUT" >"$tap_dir/admin_led"
jqt '.total == 23' "the administrator sees every task of plan 1"
call ed_city GET '/api/plans/1/nodes?limit=500'
jqt ".nodes == $(cat "$tap_dir/admin_led") and .total == 22" \
  "the city editor sees every assigned task, in the same order"
call admin GET '/api/plans/1/nodes?limit=500&sort=deadline'
jq -c '[.nodes[] | select(.lead_unit_id != null) | .id]' "$OUT" >"$tap_dir/admin_dl"
jqt '[.nodes[].deadline] as $d | $d == ($d | sort)' "the administrator's deadline order"
pages ed_city '/api/plans/1/nodes?sort=deadline' 7 nodes
jqt "[.[].id] == $(cat "$tap_dir/admin_dl")" "the city editor's deadline pages match it"
call ed_city GET '/api/plans/1/nodes?lead_unit=3&limit=3&offset=3'
jqt '.total == 13 and (.nodes | length) == 3 and ([.nodes[].lead_unit_id] | unique) == [3]' \
  "lead_unit pages for the city editor too"

# ---- not reported: scope, filter, sort, page ----
call ed_a GET '/api/not-reported?plan=1&period=2024-03&limit=500'
expect_status 200 "the county editor lists what is not reported"
jqt '[.items[] | "\(.item_kind)\(.item_id)"] == ["node102","node103","node104","node105",
  "node106","node107","node108","node109","node110","node111","node112","node114","node115",
  "node123","project302","project303"] and .total == 16' \
  "the county's and its town's missing items, by kind and id; submitted ones left out"
jqt '[.items[].unit_id] | unique == [3,4]' "no other unit's item"
cp "$OUT" "$tap_dir/missing_full"
pages ed_a '/api/not-reported?plan=1&period=2024-03' 3 items
jqt "[.[] | .item_id] == $(jq -c '[.items[].item_id]' "$tap_dir/missing_full")" \
  "pages of 3 concatenate to the whole list"
pages ed_a '/api/not-reported?plan=1&period=2024-03&sort=unit' 4 items
jqt '[.[].unit_id] as $u | $u == ($u | sort) and length == 16' "sort=unit pages by unit"
jqt '[.[] | select(.unit_id == 4) | .item_id] == [114,115,303]' "then by kind and id"
call ed_a GET '/api/not-reported?plan=1&period=2024-03&unit=4'
jqt '[.items[].item_id] == [114,115,303] and .total == 3' "unit=4 narrows to the town"
call ed_a GET '/api/not-reported?plan=1&period=2024-03&unit=2'
expect_status 404 "unit outside the user's scope answers 404"
call admin GET '/api/not-reported?plan=1&period=2024-03&unit=3&limit=2'
jqt '.total == 16 and (.items | length) == 2 and .limit == 2' "the administrator filters by unit"
call admin GET '/api/not-reported?plan=1&period=2024-03'
jqt '.total == 23 and ([.items[].unit_id] | unique) == [2,3,4,5]' "the administrator sees every unit"
cp "$OUT" "$tap_dir/admin_missing"
call ed_city GET '/api/not-reported?plan=1&period=2024-03'
jqt ".items == $(jq -c .items "$tap_dir/admin_missing")" "the city editor (from the plan) agrees"
call ed_b GET '/api/not-reported?plan=1&period=2024-03'
jqt '[.items[] | "\(.item_kind)\(.item_id)"] == ["node116","node117","node118","node119","project304"]' \
  "a department sees only its own"
call ed_a GET '/api/not-reported?plan=1&period=2024-03&limit=501'
expect_status 400 "a limit above 500 answers 400"
call ed_a GET '/api/not-reported?plan=1&period=2024-03&sort=title'
expect_status 400 "an unknown sort answers 400"
jqt '.error.field == "sort"' "the 400 names the field"

finish
