#!/usr/bin/env bash
# config.sh — `duban config show|set` end to end: the defaults, a change that `duban
# status` and `duban rank` judge by at once, the table in Chinese and English, JSON, bad
# keys and values refused naming the key (exit 3), usage errors (exit 2), and the audit
# row of a change (actor, before/after, client "cli").
set -u
. "$(dirname "$0")/../lib/tap.sh"

export DUBAN_DB=$tap_dir/c.db
export DUBAN_USER=clerk
py() { python3 -c "$@"; }
jq_ok() { if py 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$OUT" "$1" 2>/dev/null
  then tap_ok "$2"; else tap_not_ok "$2"; fi; }

run config show
expect_status 0 "config show on a new database"
expect_out '^status\.lag_points +10 +10 +- +滞后阈值' "every key at its default, explained in Chinese"
expect_out '^rank\.w_ontime +0\.4 ' "… ranking weights too"
DUBAN_LANG=en run config show
expect_out '^key +value +default' "English headings with DUBAN_LANG=en"
expect_out 'ranking weight of the on-time reporting rate' "… and English explanations"
run config show --json
expect_json "config show --json is JSON"
jq_ok 'len(j["settings"]) == 8 and all(not s["set"] for s in j["settings"])' "eight keys, none set"

# a small ledger: one target 5 of 100 reported for March 2024
run unit add 市发改委 --kind department
run plan add 计划 --year 2024
run plan activate 1
run plan add-node 1 --title 抓投资
run assign 1 --lead 市发改委
run target set 1 --indicator 固定资产投资 --verb 增长 --value 100 --unit 亿元
run report submit --unit 市发改委 --item target:1 --period 2024-03 --value 5
expect_status 0 "a small ledger with a report"
run status --as-of 2024-04-10 --json
jq_ok 'j["items"][0]["status"] == "lagging"' "22.6 points behind is lagging by the defaults"
run rank --period 2024-03 --json
jq_ok 'j["ranking"][0]["score"] == 0' "… and ranks with score 0"

run config set status.lag_points 23
expect_status 0 "config set status.lag_points 23"
expect_out '已设置 status.lag_points = 23（原为 10）' "says what it was"
DUBAN_LANG=en run config set status.serious_points 30 --json
expect_status 0 "config set status.serious_points 30 --json"
jq_ok 'j == {"key": "status.serious_points", "value": 30, "previous": 25}' "… answers key, value and previous"
run status --as-of 2024-04-10 --json
jq_ok 'j["items"][0]["status"] == "normal"' "duban status judges by the stored thresholds"
run rank --period 2024-03 --json
jq_ok 'abs(j["ranking"][0]["score"] - 50) < 1e-6' "duban rank: on schedule now, 0.4 x 0 + 0.4 x 100"
run config set rank.w_ontime 0
run rank --period 2024-03 --json
jq_ok 'abs(j["ranking"][0]["score"] - 100) < 1e-6' "duban rank scores by the stored weights"
run config show --json
jq_ok '[s["key"] for s in j["settings"] if s["set"]] == ["status.lag_points", "status.serious_points", "rank.w_ontime"] and j["settings"][0]["updated_by"] == "clerk"' \
  "show marks what was set, by whom"
run config show
expect_out '^status\.lag_points +23 +10 +[0-9-]+T[0-9:]+Z clerk' "the table shows value, default and the change"

# refused: exit 3 naming the key; nothing changes
run config set status.lag_points 40
expect_status 3 "lag_points above serious_points is invalid input"
expect_err 'status.lag_points' "… naming the key"
run config set rank.w_invest abc
expect_status 3 "a value that is not a number is invalid input"
run config set status.overdue_grace_days 1.5
expect_status 3 "grace days must be whole days"
run config set -- rank.invest_cap -1
expect_status 3 "a negative cap is invalid input"
run config set status.nope 1
expect_status 3 "an unknown key is invalid input"
expect_err "没有设置项 'status.nope'" "… said in Chinese"
DUBAN_LANG=en run config set status.nope 1
expect_err "unknown setting 'status.nope'" "… or in English"
run config show --json
jq_ok 'j["settings"][0]["value"] == 23' "a refused set changes nothing"
run config set status.lag_points
expect_status 2 "set without a value is a usage error"
run config frobnicate
expect_status 2 "an unknown subcommand is a usage error"

# the change is audited, from the command line
if command -v sqlite3 >/dev/null; then
  n=$(sqlite3 "$DUBAN_DB" "SELECT count(*) FROM audit WHERE entity = 'settings' AND actor = 'clerk' AND client = 'cli' AND action = 'update'")
  [ "$n" = 3 ] && tap_ok "three changes, three audit rows from \"cli\"" || tap_not_ok "audit rows ($n)"
  a=$(sqlite3 "$DUBAN_DB" "SELECT after_json FROM audit WHERE entity = 'settings' ORDER BY id LIMIT 1")
  case "$a" in *'"status.lag_points":23'*) tap_ok "the after-image holds the new value" ;;
    *) tap_not_ok "after-image: $a" ;; esac
fi
finish
