#!/usr/bin/env bash
# promise.sh — `duban promise` end to end: this year's plan (targets) and next year's
# government work report (results, 完成情况) imported from two small documents written
# here, then the promise check: met, missed and 未核验, stored and audited, shown as a
# table (zh-CN and English) and as JSON; bad input and exit statuses.
set -u
. "$(dirname "$0")/../lib/tap.sh"

DB=$tap_dir/p.db
py() { python3 -c "$@"; }
jq_ok() { if py 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$OUT" "$1" 2>/dev/null
  then tap_ok "$2"; else tap_not_ok "$2"; fi; }

cat >"$tap_dir/2024.txt" <<'DOC'
2024年政府工作报告
——2024年1月10日在保定市第十六届人民代表大会第三次会议上
市长

一、2023年工作回顾
过去一年，全市生产总值完成4000亿元。

二、2024年主要目标和重点工作
今年经济社会发展的主要预期目标是：全市生产总值增长6%左右，一般公共预算收入增长5%以上，规模以上工业增加值增长8%，城镇新增就业5万人，居民人均可支配收入增长6.5%，单位生产总值能耗下降3%。
（一）坚定不移推进产业转型升级。全年新增高新技术企业300家。
DOC
cat >"$tap_dir/2025.txt" <<'DOC'
2025年政府工作报告
——2025年1月8日在保定市第十六届人民代表大会第四次会议上

一、2024年工作回顾
过去一年，全市生产总值增长6.3%，一般公共预算收入增长4.1%，规模以上工业增加值增长8.2%，居民人均可支配收入增长5.9%，新增高新技术企业320家。

二、2025年主要目标
全市生产总值增长6%左右。
DOC

run import "$tap_dir/2024.txt" --db "$DB" --json
expect_status 0 "import this year's plan"
P=$(py 'import json,sys; print(json.load(open(sys.argv[1]))["plan_id"])' "$OUT" 2>/dev/null)
jq_ok 'j["counts"]["targets"] >= 6' "this year's targets are found"
run import "$tap_dir/2025.txt" --db "$DB" --json
expect_status 0 "import next year's report"
Q=$(py 'import json,sys; print(json.load(open(sys.argv[1]))["plan_id"])' "$OUT" 2>/dev/null)
jq_ok 'j["counts"]["results"] >= 5' "next year's results are stored"

run promise --plan "${P:-0}" --against "${Q:-0}" --db "$DB" --json
expect_status 0 "promise check"
expect_json "promise --json prints JSON"
byind='{c["indicator"]: c for c in j["checks"]}'
jq_ok "(lambda b: b['生产总值']['verdict'] == 'met' and b['生产总值']['result_value'] == 6.3)($byind)" \
  "GDP growth 6.3% meets 6% 左右"
jq_ok "(lambda b: b['一般公共预算收入']['verdict'] == 'missed')($byind)" \
  "revenue growth 4.1% misses 5% 以上"
jq_ok "(lambda b: b['居民人均可支配收入']['verdict'] == 'missed')($byind)" \
  "income growth 5.9% misses 6.5%"
jq_ok "[c['verdict'] for c in j['checks'] if '高新技术企业' in c['indicator']] == ['met']" \
  "320 new high-tech firms meet 300 (same unit 家)"
jq_ok "(lambda b: b['单位生产总值能耗']['verdict'] == 'unverified' and b['单位生产总值能耗']['result_id'] is None)($byind)" \
  "a target the report does not mention is 未核验"
jq_ok 'j["summary"]["total"] == len(j["checks"]) and j["summary"]["met"] >= 2 and j["summary"]["unverified"] >= 1' \
  "the summary counts every target"

run promise --plan "${P:-0}" --against "${Q:-0}" --db "$DB"
expect_status 0 "promise prints a table for people"
expect_out "已兑现" "the table says 已兑现"
expect_out "未兑现" "the table says 未兑现"
expect_out "未核验" "the table lists unmatched targets as 未核验"
DUBAN_LANG=en run promise --plan "${P:-0}" --against "${Q:-0}" --db "$DB"
expect_out "^targets of plan [0-9]+ against the results of plan [0-9]+" "English with DUBAN_LANG=en"

# stored and audited: one row per target and run
n=$(sqlite3 "$DB" "SELECT count(*) FROM promise_checks WHERE against_plan_id = ${Q:-0}" 2>/dev/null)
t=$(sqlite3 "$DB" "SELECT count(*) FROM targets t JOIN nodes n ON n.id = t.node_id WHERE n.plan_id = ${P:-0}" 2>/dev/null)
if [ -n "$n" ] && [ "$n" = "$t" ]; then tap_ok "a verdict is stored for every target"; else STATUS=1; tap_not_ok "a verdict is stored for every target ($n of $t)"; fi
a=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'promise_check'" 2>/dev/null)
if [ "${a:-0}" -ge $((3 * ${t:-1})) ]; then tap_ok "every verdict is audited (three runs)"; else STATUS=1; tap_not_ok "every verdict is audited ($a)"; fi

# bad input
run promise --against "${Q:-0}" --db "$DB"
expect_status 2 "--plan is required (exit 2)"
run promise --plan 999 --against "${Q:-0}" --db "$DB"
expect_status 3 "an unknown plan is invalid input (exit 3)"
run promise --plan x --against "${Q:-0}" --db "$DB"
expect_status 3 "a bad id is invalid input (exit 3)"
run promise --plan "${P:-0}" --against "${Q:-0}" --bogus --db "$DB"
expect_status 2 "an unknown option is a usage error"

finish
