#!/usr/bin/env bash
# baseline.sh — a target's baseline end to end: `target set --baseline`, a report on the
# target, and status measuring progress from the baseline (a decreasing indicator: poverty
# incidence 32% → 18.5%); report accept reads the report and its target by id.
set -u
. "$(dirname "$0")/../lib/tap.sh"

export DUBAN_DB=${DUBAN_TEST_DB:-$tap_dir/baseline.db}
export DUBAN_USER=tester
YEAR=$(date +%Y)
MONTH=$(date +%Y-%m)

jq_ok() {
  if python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
    "$OUT" "$1" 2>/dev/null; then tap_ok "$2"; else tap_not_ok "$2"; fi
}

run init
expect_status 0 "init"
run unit add 涞水县 --kind county
expect_status 0 "unit add"
run plan add 脱贫攻坚实施方案 --year "$YEAR"
expect_status 0 "plan add"
run plan add-node 1 --title 精准扶贫 --label 一、 --deadline 年底
expect_status 0 "plan add-node"
run assign 1 --lead 涞水县
expect_status 0 "assign"
run target set 1 --indicator 贫困发生率 --verb 降至 --value 18.5 --unit % --baseline 32
expect_status 0 "target set --baseline"
run target set 1 --indicator x --value 1 --unit % --baseline many
expect_status 3 "a baseline that is not a number is refused"
run plan activate 1
expect_status 0 "plan activate"
run report submit --unit 涞水县 --item target:1 --period "$MONTH" --value 25.25 --json
expect_status 0 "report on the target"
run report accept 1
expect_status 0 "report accept reads the report and its target by id"
run report accept 1
expect_status 1 "accepting twice is an illegal transition"
run report accept 99
expect_status 3 "an unknown report id is refused"
run status --json --as-of "$YEAR-12-31"
expect_status 0 "status --json"
jq_ok '[i for i in j["items"] if i["kind"] == "target"][0]["actual_pct"] == 50' \
  "progress is measured from the baseline (32 → 18.5, at 25.25: half way)"
finish
