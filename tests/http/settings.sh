#!/usr/bin/env bash
# settings.sh — GET/PUT /api/settings end to end: read by every role that reads the
# status, changed by administrators only, with ETag/If-Match (428 without, 412 when
# stale), bad keys and values refused naming the key, the change audited with its client
# address, and /api/status, /api/warnings, /api/rankings and the exports judging by the
# stored thresholds and weights at once.
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/http.sh"
command -v curl >/dev/null && command -v jq >/dev/null ||
  { echo "not ok 1 - curl and jq are needed"; exit 1; }

DB=$tap_dir/settings.db
# a small ledger: one target 5 of 100 reported for March 2024 (22.6 points behind on 10 April)
for cmd in "unit add 市发改委 --kind department" "plan add 计划 --year 2024" "plan activate 1" \
  "plan add-node 1 --title 抓投资" "assign 1 --lead 市发改委" \
  "target set 1 --indicator 固定资产投资 --verb 增长 --value 100 --unit 亿元" \
  "report submit --unit 市发改委 --item target:1 --period 2024-03 --value 5"; do
  # shellcheck disable=SC2086
  run $cmd --db "$DB"
  [ "$STATUS" = 0 ] || tap_not_ok "ledger: $cmd"
done
http_serve "$DB" '{"threads": 2, "login_max_failures_per_address": 1000}'
etag() { sed -n 's/^ETag: *//Ip' "$H" | tr -d '\r'; }

login admin
call admin POST /api/users "{\"name\":\"viewer\",\"password\":\"$PW\",\"role\":\"unit_viewer\",\"unit_id\":1}"
expect_status 201 "a unit viewer"
login viewer

call viewer GET /api/settings
expect_status 200 "a unit viewer reads the settings"
jqt '.settings["status.lag_points"] == 10 and .defaults["rank.w_ontime"] == 0.4 and (.settings | length) == 8' \
  "every key with its value and default"
call admin GET /api/settings
TAG=$(etag)
[ -n "$TAG" ] && tap_ok "GET /api/settings carries an ETag" || tap_not_ok "no ETag"
call viewer PUT /api/settings '{"status.lag_points":12}' -H "If-Match: $TAG"
expect_status 403 "a unit viewer may not change them (403)"

call admin GET '/api/status?as_of=2024-04-10'
jqt '.items[0].status == "lagging"' "by the defaults the target lags"
call admin GET '/api/rankings?plan=1&period=2024-03'
jqt '.rankings[0].score == 0' "… and scores 0"

call admin PUT /api/settings '{"status.lag_points":23}'
expect_status 428 "PUT without If-Match answers 428"
call admin PUT /api/settings '{"status.lag_points":23,"status.serious_points":30}' -H "If-Match: $TAG"
expect_status 200 "PUT with the current ETag"
jqt '.settings["status.lag_points"] == 23 and .settings["status.serious_points"] == 30 and .settings["status.done_pct"] == 100' \
  "answers the new settings (keys not given keep their value)"
NEWTAG=$(etag)
[ -n "$NEWTAG" ] && [ "$NEWTAG" != "$TAG" ] && tap_ok "the ETag changes" || tap_not_ok "the ETag changes"
call admin PUT /api/settings '{"status.lag_points":1}' -H "If-Match: $TAG"
expect_status 412 "a stale If-Match answers 412"
call admin GET /api/settings
jqt '.settings["status.lag_points"] == 23' "… and nothing was overwritten"

call admin PUT /api/settings '{"status.lag_points":40}' -H "If-Match: $NEWTAG"
expect_status 400 "lag above serious answers 400"
jqt '.error.field == "status.serious_points"' "… naming the key"
call admin PUT /api/settings '{"rank.invest_cap":-1}' -H "If-Match: $NEWTAG"
jqt '.error.field == "rank.invest_cap"' "a negative cap is refused naming rank.invest_cap"
call admin PUT /api/settings '{"status.nope":1}' -H "If-Match: $NEWTAG"
expect_status 400 "an unknown key answers 400"
jqt '.error.field == "status.nope"' "… naming it"
call admin PUT /api/settings '{"rank.w_invest":"high"}' -H "If-Match: $NEWTAG"
jqt '.error.field == "rank.w_invest"' "a value that is not a number is refused naming the key"
call admin PUT /api/settings '[1]' -H "If-Match: $NEWTAG"
expect_status 400 "a body that is not an object answers 400"

call admin GET '/api/status?as_of=2024-04-10'
jqt '.items[0].status == "normal"' "/api/status judges by the stored thresholds"
call admin GET '/api/warnings?as_of=2024-04-10'
jqt '(.items | length) == 0' "/api/warnings: no warning left"
call admin GET '/api/rankings?plan=1&period=2024-03'
jqt '.rankings[0].score == 50' "/api/rankings: on schedule now (0.4 x 0 + 0.4 x 100)"
call admin GET '/api/exports/ledger?plan=1&as_of=2024-04-10&format=csv'
expect_status 200 "the ledger export"
grep -q '正常' "$OUT" && ! grep -q '滞后' "$OUT" && tap_ok "the export judges by the stored thresholds" ||
  tap_not_ok "the export judges by the stored thresholds"

call admin GET '/api/audit?entity=settings&limit=1000'
jqt '(.rows | length) == 1 and .rows[0].actor == "admin" and .rows[0].client == "127.0.0.1" and .rows[0].before["status.lag_points"] == 10 and .rows[0].after["status.lag_points"] == 23' \
  "one audit row: who, from where, before and after"

http_stop
finish
