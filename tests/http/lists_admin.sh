#!/usr/bin/env bash
# lists_admin.sh — GET /api/units, /api/users and /api/plans as paged lists end to end:
# filtered, sorted and paged in the query, the total on every page, bad parameters 400
# with the field, and the old answers kept (GET /api/units without parameters is still
# the nested tree).  Units and plans are visible to every reader (the organisation tree
# and the plans are not secret), users only to administrators.  The real binary on
# 127.0.0.1:0 with a temporary SQLite database seeded with the sqlite3 shell.
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/http.sh"
command -v curl >/dev/null && command -v jq >/dev/null && command -v sqlite3 >/dev/null ||
  { echo "not ok 1 - curl, jq and sqlite3 are needed"; exit 1; }

DB=$tap_dir/lists_admin.db
http_serve "$DB" '{"threads": 2}'
tap_ok "serve starts on a new database"

# Seed: 市(1) → 市发改委(2), 涞水县(3) → 某镇(4), 市住建局(5); 涞水县 also has the towns
# 10..21 (kind town, named 乡镇20 .. 乡镇09: name order is the reverse of id order).
# Users besides admin: ed_a (unit_editor of 3), ed_b (unit_viewer of 2), dis (unit_viewer
# of 3, disabled), sup (supervisor).  Plans: 1 2024 active, 2 2023 closed, 3 2025 draft,
# 4 2024 draft.
sqlite3 "$DB" <<'SQL' || { echo "not ok - seeding failed"; exit 1; }
.timeout 5000
INSERT INTO units (id, parent_id, name, kind) VALUES (1, NULL, '市', 'city'),
  (2, 1, '市发改委', 'department'), (3, 1, '涞水县', 'county'), (4, 3, '某镇', 'district'),
  (5, 1, '市住建局', 'department');
WITH RECURSIVE k(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM k WHERE i < 21)
INSERT INTO units (id, parent_id, name, kind)
  SELECT i, 3, printf('乡镇%02d', 30 - i), 'town' FROM k;
INSERT INTO users (name, display_name, pw_hash, role, unit_id, disabled)
  SELECT n, n, (SELECT pw_hash FROM users WHERE name = 'admin'), r, u, d FROM (
    SELECT 'ed_a' AS n, 'unit_editor' AS r, 3 AS u, 0 AS d UNION ALL
    SELECT 'ed_b', 'unit_viewer', 2, 0 UNION ALL
    SELECT 'dis', 'unit_viewer', 3, 1 UNION ALL
    SELECT 'sup', 'supervisor', NULL, 0);
INSERT INTO plans (id, title, source, year, state, created_at) VALUES
  (1, '2024年政府工作报告', 'seed', 2024, 'active', '2024-01-01T00:00:00Z'),
  (2, 'B规划', 'seed', 2023, 'closed', '2023-01-01T00:00:00Z'),
  (3, 'A规划', 'seed', 2025, 'draft', '2025-01-01T00:00:00Z'),
  (4, 'C规划', 'seed', 2024, 'draft', '2024-02-01T00:00:00Z');
SQL
for u in admin ed_a ed_b sup; do login $u; done
expect_status 201 "the users log in"

# pages USER PATH LIMIT KEY — every page of PATH concatenated into $OUT as one JSON array
# of .KEY items; the totals of the pages into $tap_dir/totals.
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
same_totals() { # WANT LABEL
  if sort -u "$tap_dir/totals" | grep -qx "$1" && [ "$(sort -u "$tap_dir/totals" | wc -l)" = 1 ]
  then tap_ok "$2"; else tap_not_ok "$2"; fi
}

# ---- units ----
call ed_a GET /api/units
expect_status 200 "GET /api/units without parameters answers 200"
jqt '.units | length == 1 and .[0].name == "市" and (.[0].children | length) == 3' \
  "without parameters the answer is still the nested tree"
jqt '.total == 17' "the tree carries the number of units"
call ed_a GET '/api/units?limit=500'
jqt '(.units | length) == 17 and .total == 17 and .limit == 500 and .offset == 0' \
  "with limit, a flat page with total, limit and offset"
jqt '[.units[].id] as $i | $i == ($i | sort)' "sorted by id by default"
jqt '[.units[] | has("children")] | any | not' "flat rows carry no children"
cp "$OUT" "$tap_dir/units_all"
call admin GET '/api/units?limit=500'
jqt ".units == $(jq -c .units "$tap_dir/units_all")" \
  "a unit editor sees the same units as the administrator (the tree is not secret, as before)"
pages ed_a /api/units 5 units
jqt "[.[].id] == $(jq -c '[.units[].id]' "$tap_dir/units_all")" \
  "pages of 5 concatenate to the whole list"
same_totals 17 "every page carries the same total"
call ed_a GET '/api/units?offset=0'
jqt '.limit == 50 and .total == 17' "the default limit is 50"
call ed_a GET '/api/units?parent=3'
jqt '([.units[].id] | sort) == [4,10,11,12,13,14,15,16,17,18,19,20,21] and .total == 13' \
  "parent=3 lists only its direct children"
call ed_a GET '/api/units?parent=1&limit=2&offset=2'
jqt '[.units[].id] == [5] and .total == 3' "parent filters before paging"
call ed_a GET '/api/units?kind=town&sort=name&limit=3'
jqt '[.units[].name] == ["乡镇09","乡镇10","乡镇11"] and [.units[].id] == [21,20,19] and .total == 12' \
  "kind filters and sort=name orders by name"
call ed_a GET '/api/units?q=%E5%8E%BF'
jqt '[.units[].name] == ["涞水县"] and .total == 1' "q matches a part of the name"
call ed_a GET '/api/units?q=%E5%B8%82&sort=name'
jqt '([.units[].id] | sort) == [1,2,5] and .total == 3' "q matches anywhere in the name"
call ed_a GET '/api/units?parent=999'
jqt '.units == [] and .total == 0' "an unknown parent lists nothing"
call ed_a GET '/api/units?limit=5&offset=100'
jqt '.units == [] and .total == 17' "a page past the end is empty and still has the total"
call ed_a GET '/api/units?sort=kind'
expect_status 400 "an unknown sort answers 400"
jqt '.error.field == "sort"' "the 400 names the field"
call ed_a GET '/api/units?limit=501'
expect_status 400 "a limit above 500 answers 400"
jqt '.error.field == "limit"' "the 400 names limit"
call ed_a GET '/api/units?parent=x'
expect_status 400 "a parent that is not a number answers 400"
jqt '.error.field == "parent"' "the 400 names parent"
call ed_a GET '/api/units?colour=red'
expect_status 400 "an undeclared parameter answers 400"

# ---- users ----
call admin GET /api/users
expect_status 200 "admin lists users"
jqt '(.users | length) == 5 and .total == 5 and .limit == 50 and .offset == 0' \
  "users come with total, limit and offset"
jqt '[.users[] | has("pw_hash")] | any | not' "users never carry password hashes"
call ed_a GET /api/users
expect_status 403 "a unit editor may not list users (403)"
call ed_a GET '/api/users?unit=3'
expect_status 403 "nor with a filter of its own unit (403)"
call sup GET '/api/users?limit=1'
expect_status 403 "a supervisor may not list users (403)"
pages admin /api/users 2 users
jqt '[.[].id] as $i | $i == ($i | sort) and length == 5' "pages of 2 give every user once, by id"
same_totals 5 "every users page carries the same total"
call admin GET '/api/users?unit=3'
jqt '([.users[].name] | sort) == ["dis","ed_a"] and .total == 2' "unit=3 lists that unit's users"
call admin GET '/api/users?unit=3&disabled=false'
jqt '[.users[].name] == ["ed_a"] and .total == 1' "disabled=false leaves out disabled users"
call admin GET '/api/users?disabled=true'
jqt '[.users[].name] == ["dis"] and .total == 1' "disabled=true lists only disabled users"
call admin GET '/api/users?role=unit_viewer&sort=name'
jqt '[.users[].name] == ["dis","ed_b"] and .total == 2' "role filters, sort=name orders by name"
call admin GET '/api/users?sort=name&limit=2&offset=1'
jqt '[.users[].name] == ["dis","ed_a"] and .total == 5' "sort=name pages by name"
call admin GET '/api/users?role=king'
expect_status 400 "an unknown role answers 400"
jqt '.error.field == "role"' "the 400 names role"
call admin GET '/api/users?disabled=yes'
expect_status 400 "disabled other than true or false answers 400"
jqt '.error.field == "disabled"' "the 400 names disabled"
call admin GET '/api/users?sort=role'
expect_status 400 "an unknown users sort answers 400"
jqt '.error.field == "sort"' "the 400 names sort"

# ---- plans ----
call ed_a GET /api/plans
expect_status 200 "a unit editor lists plans"
jqt '[.plans[].id] == [1,2,3,4] and .total == 4 and .limit == 50 and .offset == 0' \
  "every plan, by id, with total, limit and offset"
call ed_a GET '/api/plans?state=draft'
jqt '[.plans[].id] == [3,4] and .total == 2' "state=draft lists the drafts"
call ed_a GET '/api/plans?year=2024'
jqt '[.plans[].id] == [1,4] and .total == 2' "year=2024 lists that year's plans"
call ed_a GET '/api/plans?year=2024&state=active'
jqt '[.plans[].id] == [1] and .total == 1' "filters combine"
call ed_a GET '/api/plans?sort=year'
jqt '[.plans[].year] == [2025,2024,2024,2023] and [.plans[].id] == [3,1,4,2]' \
  "sort=year: newest first, id breaks ties"
call ed_a GET '/api/plans?sort=title&limit=2&offset=1'
jqt '[.plans[].title] == ["A规划","B规划"] and .total == 4 and .limit == 2 and .offset == 1' \
  "sort=title pages by title"
pages ed_a /api/plans 3 plans
jqt '[.[].id] == [1,2,3,4]' "pages of 3 give every plan once"
same_totals 4 "every plans page carries the same total"
call ed_a GET '/api/plans?state=open'
expect_status 400 "an unknown state answers 400"
jqt '.error.field == "state"' "the 400 names state"
call ed_a GET '/api/plans?year=20240'
expect_status 400 "a year out of range answers 400"
jqt '.error.field == "year"' "the 400 names year"
call ed_a GET '/api/plans?sort=state'
expect_status 400 "an unknown plans sort answers 400"
call ed_a GET '/api/plans?offset=-1'
expect_status 400 "a negative offset answers 400"
jqt '.error.field == "offset"' "the 400 names offset"

# ---- the description ----
call admin GET /api/openapi.json
jqt '[.paths["/api/units"].get.parameters[].name] | index("parent") != null and index("q") != null' \
  "OpenAPI declares the units parameters"
jqt '[.paths["/api/users"].get.parameters[].name] | index("disabled") != null' \
  "OpenAPI declares the users parameters"
jqt '[.paths["/api/plans"].get.parameters[].name] | index("year") != null' \
  "OpenAPI declares the plans parameters"

finish
