#!/usr/bin/env bash
# status.sh — the supervision picture over the API: GET /api/status, /api/warnings and
# /api/rankings on the real binary (127.0.0.1:0, a temporary SQLite database).  The
# ledger is this year's, so reports filed now are on time for this month (due the 5th of
# next month), which is the day everything is judged on.  Checks the scope (nothing of
# another unit, in lists or by a unit filter), the filters, sort and paging, bad
# parameters, and the ranking with all three components.
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/http.sh"
command -v curl >/dev/null && command -v jq >/dev/null && command -v sqlite3 >/dev/null ||
  { echo "not ok 1 - curl, jq and sqlite3 are needed"; exit 1; }

DB=$tap_dir/status.db
Y=$(date +%Y)
P=$(date +%Y-%m)
# the due day of this month: the 5th of the next month
DUE=$(date -d "$(date +%Y-%m-01) +1 month +4 days" +%Y-%m-%d)

http_serve "$DB" '{"threads": 2}'

# 市(1) → 市发改委(2), 涞水县(3) → 某镇(4).  Plan 1 (this year): task 1 led by 2 with
# target 1 (100 亿元), task 2 led by 3, task 3 led by 4, task 4 unassigned; project 1
# owned by 3 (10 亿元 planned).  Deadlines at the end of next year.
sqlite3 "$DB" <<SQL || { echo "not ok - seeding failed"; exit 1; }
.timeout 5000
INSERT INTO units (id, parent_id, name, kind) VALUES (1, NULL, '市', 'city'),
  (2, 1, '市发改委', 'department'), (3, 1, '涞水县', 'county'), (4, 3, '某镇', 'district');
INSERT INTO users (name, display_name, pw_hash, role, unit_id, disabled)
  SELECT n, d, (SELECT pw_hash FROM users WHERE name = 'admin'), r, u, 0 FROM (
    SELECT 'sup' AS n, '督查员' AS d, 'supervisor' AS r, 1 AS u UNION ALL
    SELECT 'ed_a', '涞水填报', 'unit_editor', 3 UNION ALL
    SELECT 'view_b', '发改查看', 'unit_viewer', 2);
INSERT INTO plans (id, title, source, year, state, created_at)
  VALUES (1, '${Y}年政府工作报告', 'seed', $Y, 'active', '$Y-01-01T00:00:00Z');
INSERT INTO nodes (id, plan_id, parent_id, seq, label, title, body, deadline, lead_unit_id)
  VALUES (1, 1, NULL, 1, '一、', '抓投资', '', '$((Y + 1))-12-31', 2),
         (2, 1, NULL, 2, '二、', '涞水任务', '', '$((Y + 1))-12-31', 3),
         (3, 1, NULL, 3, '三、', '某镇任务', '', '$((Y + 1))-12-31', 4),
         (4, 1, NULL, 4, '四、', '未分配任务', '', '', NULL);
SQL
DUBAN_USER=seed "$DUBAN_BIN" target set 1 --db "$DB" --indicator 固定资产投资 --verb 增长 \
  --value 100 --unit 亿元 >/dev/null 2>&1 &&
  DUBAN_USER=seed "$DUBAN_BIN" project add 物流园 --db "$DB" --plan 1 --owner 涞水县 --total 30 \
    --planned 10 --stage 在建 >/dev/null 2>&1 ||
  { echo "not ok - seeding targets and projects failed"; exit 1; }


for u in sup ed_a view_b; do login $u; done
expect_status 201 "the users log in"

# ---- reports: the county on time (task done, project half), the department late-ish ----
call ed_a POST /api/reports "{\"item_kind\":\"node\",\"item_id\":2,\"period\":\"$P\",\"actual_value\":100}"
expect_status 201 "the county reports its task done"
call ed_a POST /api/reports "{\"item_kind\":\"project\",\"item_id\":1,\"period\":\"$P\",\"actual_value\":5}"
expect_status 201 "the county reports its project"
DUBAN_USER=seed run report submit --db "$DB" --unit 市发改委 --item target:1 --period "$P" --value 1
expect_status 0 "the department reports its target (command line, same database)"

# ---- status ----
call sup GET "/api/status?plan=1&as_of=$DUE"
expect_status 200 "a supervisor reads the status"
jqt ".as_of == \"$DUE\" and .due_period == \"$P\" and .summary.total == 4 and .total == 4" \
  "every target, project and assigned task without targets is an item"
jqt '[.items[] | "\(.kind):\(.id)"] == ["target:1","node:2","node:3","project:1"]' \
  "items in kind and id order by default"
jqt '.items[0] | .unit_name == "市发改委" and .title == "固定资产投资 增长" and .actual_pct == 1 and .status == "seriously_lagging" and .warning == "red" and (.reason | length) > 0' \
  "a target far behind is seriously lagging (red) with a reason"
jqt '[.items[] | select(.kind == "node" and .id == 2)][0] | .status == "done" and .reported' \
  "a task reported at 100% is done"
jqt '[.items[] | select(.kind == "node" and .id == 3)][0] | .status == "not_reported" and .warning == "yellow"' \
  "a task without a report for the month is not reported (yellow)"
jqt '[.items[] | select(.kind == "project")][0] | .actual_pct == 50 and .status_label == "严重滞后"' \
  "a project's progress is its investment completion rate"

call ed_a GET "/api/status?as_of=$DUE"
expect_status 200 "a county editor reads the status"
jqt '.summary.total == 3 and ([.items[].unit_id] | all(. == 3 or . == 4))' \
  "a county sees its own subtree only (the department's target does not appear)"
call view_b GET "/api/status?as_of=$DUE"
jqt '.summary.total == 1 and .items[0].kind == "target"' "a department sees its own items only"
call ed_a GET "/api/status?unit=2"
expect_status 404 "asking for another unit's items answers 404"
call ed_a GET "/api/status?unit=4&as_of=$DUE"
jqt '.summary.total == 1 and .items[0].id == 3' "a unit filter inside the scope narrows to that subtree"

call sup GET "/api/status?as_of=$DUE&status=done"
jqt '.summary.total == 4 and .total == 1 and .items[0].id == 2' "status filter (the summary counts everything)"
call sup GET "/api/status?as_of=$DUE&kind=project"
jqt '.total == 1 and .items[0].kind == "project"' "kind filter"
call sup GET "/api/status?as_of=$DUE&warning=red&sort=gap"
jqt '.total == 2 and .items[0].kind == "target"' "warning filter, sorted by the gap behind schedule"
call sup GET "/api/status?as_of=$DUE&sort=severity&limit=1&offset=1"
jqt '.total == 4 and .limit == 1 and .offset == 1 and (.items | length) == 1 and .items[0].warning == "red"' \
  "sorted by severity and paged on the server"
call sup GET "/api/status?as_of=$DUE&sort=unit"
jqt '[.items[].unit_id] == [2,3,3,4]' "sorted by unit"
call sup GET "/api/status?as_of=$DUE&sort=unit&limit=2&offset=2"
jqt '.total == 4 and [.items[].unit_id] == [3,4]' "a later page of a sorted list"
call sup GET "/api/status?as_of=$DUE&limit=1&offset=3"
jqt '.total == 4 and [.items[] | "\(.kind):\(.id)"] == ["project:1"]' "the last page in id order"
call sup GET "/api/status?as_of=$DUE&limit=10&offset=6000"
jqt '.total == 4 and (.items | length) == 0' "a page past the end is empty (deep pages keep every item)"

call sup GET "/api/status?status=bogus"
expect_status 400 "an unknown status answers 400"
jqt '.error.field == "status"' "the 400 names the parameter"
call sup GET "/api/status?kind=widget"
expect_status 400 "an unknown kind answers 400"
call sup GET "/api/status?as_of=2024-02-30"
expect_status 400 "a bad as_of answers 400"
call sup GET "/api/status?limit=100000"
expect_status 400 "a page larger than the maximum answers 400"
call sup GET "/api/status?colour=red"
expect_status 400 "an undeclared parameter answers 400"
call sup GET "/api/status?plan=99"
expect_status 404 "an unknown plan answers 404"
STATUS=$(curl -s -o "$OUT" -w '%{http_code}' "$URL/api/status")
expect_status 401 "anonymous status answers 401"

# ---- warnings ----
call sup GET "/api/warnings?as_of=$DUE"
expect_status 200 "a supervisor reads the warnings"
jqt '.total == 3 and ([.items[].warning] == ["red","red","yellow"])' "yellow and red only, red first"
call ed_a GET "/api/warnings?as_of=$DUE"
jqt '.total == 2 and ([.items[].unit_id] | all(. == 3 or . == 4))' "warnings are scoped too"
call sup GET "/api/warnings?as_of=$DUE&warning=yellow"
jqt '.total == 1 and .items[0].id == 3' "warnings filtered by level"
call sup GET "/api/warnings?status=done"
expect_status 400 "warnings take no status filter (undeclared)"

# ---- rankings ----
call sup GET "/api/rankings?plan=1&period=$P"
expect_status 200 "a supervisor reads the rankings"
jqt '[.rankings[].unit_id] == [3,2,4] and .rankings[0].rank == 1' \
  "the unit that reported on time and is on schedule ranks first; ties by unit id"
jqt '.rankings[0] | .components.ontime.rate == 100 and .components.schedule.rate == 50 and .components.invest.rate == 50 and .reports_due == 2 and .reports_on_time == 2 and (.score > 69.9 and .score < 70.1)' \
  "the score has all three components: on time, on schedule, investment"
jqt '.rankings[1] | .components.invest == null and .reports_on_time == 0' \
  "a component a unit has nothing for is left out"
call ed_a GET "/api/rankings?plan=1&period=$P"
expect_status 403 "a unit editor may not read the rankings (403)"
call sup GET "/api/rankings?plan=1&period=$Y"
expect_status 400 "rankings want a month"

# ---- exports ----
dl() { # dl USER PATH FILE — downloads to FILE, headers in $H, status in STATUS
  STATUS=$(curl -s --max-time 20 -D "$H" -o "$3" -w '%{http_code}' -b "$tap_dir/jar.$1" "$URL$2")
}
TODAY=$(date +%Y%m%d)
dl sup "/api/exports/ledger?plan=1&format=xlsx" "$tap_dir/ledger.xlsx"
expect_status 200 "a supervisor downloads the ledger as xlsx"
hdr '^Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' \
  "the xlsx has its media type"
hdr "^Content-Disposition: attachment; filename=\"duban-ledger-$TODAY.xlsx\"" \
  "the download has a dated file name"
# read it back with the repo's reader: import-ledger parses .xlsx with src/extract/sheet_xlsx.c
DUBAN_USER=seed run import-ledger "$tap_dir/ledger.xlsx" --title 导出回读 --year "$Y" --db "$DB" --json
expect_status 0 "the exported xlsx opens cleanly with the xlsx reader (import-ledger)"
jqt '.nodes == 4' "every task of the ledger is in the workbook"
NEWPLAN=$(jq -r '.plan_id' "$OUT")
run plan show "${NEWPLAN:-0}" --db "$DB" --json
jqt '[.nodes[].title] == ["抓投资","涞水任务","某镇任务","未分配任务"]' "Chinese text survives the round trip"

dl ed_a "/api/exports/ledger?plan=1&format=csv" "$tap_dir/ledger_a.csv"
expect_status 200 "a county editor downloads its ledger as CSV"
hdr '^Content-Type: text/csv; charset=utf-8' "the CSV has its media type"
hdr "filename=\"duban-ledger-$TODAY.csv\"" "the CSV has a dated file name"
if head -c 3 "$tap_dir/ledger_a.csv" | od -An -tx1 | grep -q 'ef bb bf'; then
  tap_ok "the CSV starts with a BOM"; else tap_not_ok "the CSV starts with a BOM"; fi
if grep -q '涞水任务' "$tap_dir/ledger_a.csv" && grep -q '某镇任务' "$tap_dir/ledger_a.csv" &&
  ! grep -q '抓投资' "$tap_dir/ledger_a.csv" && ! grep -q '未分配任务' "$tap_dir/ledger_a.csv"; then
  tap_ok "a unit's ledger export holds its subtree's tasks only"
else tap_not_ok "a unit's ledger export holds its subtree's tasks only"; fi
dl ed_a "/api/exports/projects?format=csv" "$tap_dir/projects_a.csv"
expect_status 200 "a county editor downloads its projects"
grep -q '物流园' "$tap_dir/projects_a.csv" && tap_ok "its project is in the project table" ||
  tap_not_ok "its project is in the project table"
dl view_b "/api/exports/projects?format=csv" "$tap_dir/projects_b.csv"
! grep -q '物流园' "$tap_dir/projects_b.csv" && tap_ok "another unit's project is not exported" ||
  tap_not_ok "another unit's project is not exported"
dl sup "/api/exports/bulletin?plan=1&format=xlsx&as_of=$DUE" "$tap_dir/bulletin.xlsx"
expect_status 200 "the bulletin downloads as xlsx"
if python3 - "$tap_dir/bulletin.xlsx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None
assert len([n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]) == 3
assert "某镇任务" in z.read("xl/sharedStrings.xml").decode()
PY
then tap_ok "the bulletin has its three sheets and names the task not reported"
else tap_not_ok "the bulletin has its three sheets and names the task not reported"; fi
call sup GET "/api/exports/widgets?format=csv"
expect_status 404 "an unknown export answers 404"
call sup GET "/api/exports/ledger?plan=1&format=pdf"
expect_status 400 "an unknown format answers 400"
call sup GET "/api/exports/ledger?plan=77&format=csv"
expect_status 404 "an export of an unknown plan answers 404"
call sup GET "/api/exports/ledger?format=csv"
expect_status 400 "a ledger export with several plans needs one named"
STATUS=$(curl -s -o "$OUT" -w '%{http_code}' "$URL/api/exports/ledger?plan=1")
expect_status 401 "anonymous exports answer 401"

finish
