#!/usr/bin/env bash
# audit_client.sh — the audit trail says from where every write came (schema v7): a PATCH
# through the API records the client address (127.0.0.1; behind a trusted proxy the last
# X-Forwarded-For address), a command-line write records "cli", logins and denied
# requests carry it in the client column (not in after), and a pooled connection never
# hands one request's address to the next request's rows.
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/http.sh"
command -v curl >/dev/null && command -v jq >/dev/null ||
  { echo "not ok 1 - curl and jq are needed"; exit 1; }

DB=$tap_dir/audit.db
# one worker thread: every request takes the same pooled connection
http_serve "$DB" '{"threads": 1, "login_max_failures_per_address": 1000,
 "trusted_proxies": ["127.0.0.1"]}'

etag() { sed -n 's/^ETag: *//Ip' "$H" | tr -d '\r'; }
# last_row ENTITY ID — the newest audit row of one entity row into $OUT
last_row() {
  call admin GET "/api/audit?entity=$1&entity_id=$2&limit=1000"
  jq '.rows | last' "$OUT" >"$tap_dir/row" && cp "$tap_dir/row" "$OUT"
}

login admin
expect_status 201 "admin logs in"
call admin GET '/api/audit?entity=session&limit=1000'
jqt '[.rows[] | select(.action == "login")] | last | .client == "127.0.0.1" and (.after | has("client") | not)' \
  "a login records the client address in the client column, not in after"

call admin POST /api/units '{"name":"市","kind":"city"}'
expect_status 201 "POST /api/units"
CITY=$(jq -r .id "$OUT")
last_row unit "$CITY"
jqt '.action == "add" and .client == "127.0.0.1"' "an API create records 127.0.0.1"

call admin GET "/api/units/$CITY"
call admin PATCH "/api/units/$CITY" '{"name":"保定市"}' -H "If-Match: $(etag)"
expect_status 200 "PATCH /api/units/{id}"
last_row unit "$CITY"
jqt '.action == "update" and .actor == "admin" and .client == "127.0.0.1"' \
  "a PATCH through the API records who and 127.0.0.1"
jqt '.before.name == "市" and .after.name == "保定市"' "… with its before and after"

call admin GET "/api/units/$CITY"
call admin PATCH "/api/units/$CITY" '{"kind":"city"}' -H "If-Match: $(etag)" \
  -H 'X-Forwarded-For: 198.51.100.1, 203.0.113.9'
expect_status 200 "PATCH through a trusted proxy"
last_row unit "$CITY"
jqt '.client == "203.0.113.9"' "behind a trusted proxy the row records the forwarded address"
call admin GET "/api/units/$CITY"
call admin PATCH "/api/units/$CITY" '{"kind":"市"}' -H "If-Match: $(etag)"
last_row unit "$CITY"
jqt '.client == "127.0.0.1"' "the next request on the same connection records its own address"

# ---- the command line ----
DUBAN_USER=clerk run unit add 涞水县 --kind county --parent 保定市 --db "$DB" --json
expect_status 0 "duban unit add while the server runs"
CLI_UNIT=$(jq -r .id "$OUT" 2>/dev/null)
last_row unit "${CLI_UNIT:-0}"
jqt '.action == "add" and .actor == "clerk" and .client == "cli"' "a command-line write records \"cli\""

# ---- denied requests and failed logins ----
call admin POST /api/users "{\"name\":\"viewer\",\"password\":\"$PW\",\"role\":\"unit_viewer\",\"unit_id\":$CITY}"
expect_status 201 "a viewer account"
login viewer
call viewer GET /api/audit '' -H 'X-Forwarded-For: 192.0.2.77'
expect_status 403 "a viewer may not read the audit trail"
call admin GET '/api/audit?entity=request&limit=1000'
jqt '.rows | last | .actor == "viewer" and .client == "192.0.2.77" and (.after | has("client") | not) and .after.path == "/api/audit"' \
  "a denied request records from where in the client column and what in after"
call nobody POST /api/session '{"name":"viewer","password":"wrong password!"}'
expect_status 401 "a wrong password"
call admin GET '/api/audit?entity=user&limit=1000'
jqt '[.rows[] | select(.action == "login_failed")] | last | .client == "127.0.0.1" and .after.reason == "wrong_password"' \
  "a failed login records the address and why"

http_stop
finish
