#!/usr/bin/env bash
# demo.sh — `duban demo` builds its database from the five seeds compiled into the binary
# (from any folder), or from the documents of --seeds DIR; plans, units named by the
# seeds, assigned tasks, stored documents and results; reports with submission times of
# their own (on-time rates that differ, the same on every run); refusals.
set -u
. "$(dirname "$0")/../lib/tap.sh"

py() { python3 -c "$@"; }
jq_ok() { if py 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$OUT" "$1" 2>/dev/null
  then tap_ok "$2"; else tap_not_ok "$2"; fi; }

mkdir -p "$tap_dir/elsewhere"
cd "$tap_dir/elsewhere" || exit 1
run demo --json
expect_status 0 "demo works from a folder without data files (./duban.db)"
jq_ok 'j["plans"] == 5 and j["results"] > 50 and j["glossary"] > 0' "the five seeds are imported with results and glossary"
[ -f duban.db ] && tap_ok "the default database is ./duban.db" || tap_not_ok "the default database is ./duban.db"

run plan list --json
jq_ok 'len(j) == 5 and all(p["title"].startswith("【演示】") and p["state"] == "active" for p in j)' \
  "every seed is an active plan labelled 【演示】"
run unit list --json
jq_ok '{"石家庄市发改委", "鹿泉区", "廊坊开发区", "涞水县"} <= {u["name"] for u in j}' \
  "units the seeds name are in the org tree under their city"
n=$(sqlite3 duban.db "SELECT count(*) FROM documents" 2>/dev/null)
[ "$n" = 5 ] && tap_ok "the seed documents are stored" || tap_not_ok "the seed documents are stored ($n)"
n=$(sqlite3 duban.db "SELECT count(*) FROM nodes n WHERE lead_unit_id IS NULL AND NOT EXISTS (SELECT 1 FROM nodes c WHERE c.parent_id = n.id)" 2>/dev/null)
[ "$n" = 0 ] && tap_ok "every task without subtasks has a lead unit" || tap_not_ok "every leaf task has a lead unit ($n without)"
n=$(sqlite3 duban.db "SELECT count(DISTINCT state) FROM reports" 2>/dev/null)
[ "${n:-0}" -ge 4 ] && tap_ok "reports are drafts, submitted, accepted and returned" || tap_not_ok "report states ($n)"
run status --json
jq_ok 'len(j["not_reported"]) > 0 and j["summary"]["lagging"] + j["summary"]["seriously_lagging"] > 0' \
  "the demo has lagging items and items not reported"
# submission times: most within the window (1st-5th of the next month), some late; the
# on-time part of the ranking differs between units, in the month last due and before
n=$(sqlite3 duban.db "SELECT sum(CAST(substr(submitted_at, 9, 2) AS INT) <= 5) > 2 * sum(CAST(substr(submitted_at, 9, 2) AS INT) > 5) AND sum(CAST(substr(submitted_at, 9, 2) AS INT) > 5) > 0 AND count(DISTINCT submitted_at) > 100 FROM reports WHERE submitted_at IS NOT NULL" 2>/dev/null)
[ "$n" = 1 ] && tap_ok "reports are filed on days of their own, most within the window, some late" \
  || tap_not_ok "submission times ($n)"
ontime_differs='len({round(r["components"]["ontime"]["rate"], 1) for r in j["ranking"] if r["components"]["ontime"]}) >= 3 and any(0 < r["components"]["ontime"]["rate"] < 100 for r in j["ranking"] if r["components"]["ontime"])'
run rank --json
jq_ok "$ontime_differs" "on-time rates differ between units in the month last due"
cp "$OUT" "$tap_dir/rank1.json"
first=$(sqlite3 duban.db "SELECT min(period) FROM reports" 2>/dev/null)
run rank --period "$first" --json
jq_ok "j['period'] == '$first' and $ontime_differs" "and in the first month of the demo ($first)"
run plan list --json
jq_ok 'all("演示数据" in p["source"] and str(p["year"]) in p["source"] for p in j)' \
  "each plan's source says it is demo data with the year set for the demo"
DUBAN_LANG=en run demo --force
expect_status 0 "demo --force rebuilds it"
expect_out "^demo database built" "English with DUBAN_LANG=en"
expect_out "^  admin +admin +[A-Za-z0-9]{12}" "the accounts are printed as scripts/run.sh reads them"
run rank --json
cmp -s "$OUT" "$tap_dir/rank1.json" && tap_ok "the reports are the same on every run (fixed seed)" \
  || tap_not_ok "the reports are the same on every run (fixed seed)"

# --seeds DIR
mkdir -p "$tap_dir/seeds"
cat >"$tap_dir/seeds/a.txt" <<'DOC'
廊坊市2025年优化营商环境工作要点

一、提升政务服务效能
（一）推行企业开办一日办结，全年新增市场主体3万户。
（二）工程建设项目审批时间压缩至60个工作日以内。
二、强化要素保障
新增建设用地5000亩，实际利用外资增长5%。
DOC
run demo --seeds "$tap_dir/seeds" --db "$tap_dir/s.db" --json
expect_status 0 "demo --seeds DIR imports other documents"
jq_ok 'j["plans"] == 1 and j["targets"] >= 2' "one plan with its targets"
run plan list --db "$tap_dir/s.db" --json
jq_ok 'j[0]["title"] == "【演示】廊坊市2025年优化营商环境工作要点"' "the plan is named after the document"
run demo --seeds "$tap_dir/nonexistent" --db "$tap_dir/t.db"
expect_status 3 "a missing --seeds folder is invalid input"
[ -f "$tap_dir/t.db" ] && tap_not_ok "nothing is created for a bad --seeds" || tap_ok "nothing is created for a bad --seeds"

finish
