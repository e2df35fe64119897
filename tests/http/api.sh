#!/usr/bin/env bash
# api.sh — the JSON API end to end: the real binary on 127.0.0.1:0 with a temporary
# SQLite database, curl with one cookie jar per user.  The first admin comes from
# `serve --bootstrap-admin`; the other users, units, plan and tasks are seeded with the
# sqlite3 shell (the API has no create routes yet; user passwords reuse the admin's
# argon2id hash).  Covers every route's success and failure (401, 403, 404, 412, 428,
# CSRF and Origin, 429, logout, disabled users) and an authorization matrix derived from
# GET /api/policy and the OpenAPI route table: no other unit's task ever leaks.
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/http.sh"
command -v curl >/dev/null && command -v jq >/dev/null && command -v sqlite3 >/dev/null ||
  { echo "not ok 1 - curl, jq and sqlite3 are needed"; exit 1; }

DB=$tap_dir/api.db
http_serve "$DB" '{"threads": 2, "login_max_failures": 3, "login_max_failures_per_address": 1000,
 "trusted_proxies": ["127.0.0.1"]}'
tap_ok "serve --bootstrap-admin starts and migrates a new database"

# Seed: 市(1) → 市发改委(2), 涞水县(3) → 某镇(4), 市住建局(5); an active plan with tasks led
# by 2 (n1), 3 (n2), 4 (n3), 5 with 3 cooperating (n4), and one unassigned (n5).
sqlite3 "$DB" <<'SQL' || { echo "not ok - seeding failed"; exit 1; }
.timeout 5000
INSERT INTO units (id, parent_id, name, kind) VALUES (1, NULL, '市', 'city'),
  (2, 1, '市发改委', 'department'), (3, 1, '涞水县', 'county'), (4, 3, '某镇', 'district'),
  (5, 1, '市住建局', 'department');
INSERT INTO users (name, display_name, pw_hash, role, unit_id, disabled)
  SELECT n, d, (SELECT pw_hash FROM users WHERE name = 'admin'), r, u, 0 FROM (
    SELECT 'sup' AS n, '督查员' AS d, 'supervisor' AS r, 1 AS u UNION ALL
    SELECT 'leader', '领导', 'leader', 1 UNION ALL
    SELECT 'ed_a', '涞水填报', 'unit_editor', 3 UNION ALL
    SELECT 'view_a', '涞水查看', 'unit_viewer', 3 UNION ALL
    SELECT 'ed_b', '发改填报', 'unit_editor', 2 UNION ALL
    SELECT 'dis', '将停用', 'unit_editor', 3 UNION ALL
    SELECT 'nounit', '无单位', 'unit_viewer', NULL);
INSERT INTO plans (id, title, source, year, state, created_at)
  VALUES (1, '2024年政府工作报告', 'seed', 2024, 'active', '2024-01-01T00:00:00Z');
INSERT INTO nodes (id, plan_id, parent_id, seq, label, title, body, deadline, lead_unit_id)
  VALUES (1, 1, NULL, 1, '一、', '发改任务', '', '2024-12-31', 2),
         (2, 1, NULL, 2, '二、', '涞水任务', '', '2024-06-30', 3),
         (3, 1, NULL, 3, '三、', '某镇任务', '', '2024-09-30', 4),
         (4, 1, NULL, 4, '四、', '住建任务', '', '2024-03-31', 5),
         (5, 1, NULL, 5, '五、', '未分配任务', '', '', NULL);
INSERT INTO node_units (node_id, unit_id) VALUES (4, 3);
SQL

# raw [CURL ARGS...] PATH — no cookie, no CSRF, no Origin unless given.
raw() { STATUS=$(curl -s --max-time 20 -D "$H" -o "$OUT" -w '%{http_code}' "${@:1:$#-1}" "$URL${!#}"); }

# ---- anonymous ----
raw /api/plans
expect_status 401 "anonymous GET /api/plans answers 401"
jqt '.error.code == "auth_required" or (.error.code | type == "string")' "401 has the error shape"
raw /api/session
expect_status 401 "anonymous GET /api/session answers 401"
raw -X DELETE -H "Origin: $URL" /api/session
expect_status 401 "anonymous logout answers 401"

# ---- login ----
login admin 'wrong password'
expect_status 401 "a wrong password answers 401"
cp "$OUT" "$tap_dir/wrong_pw"
login nobody 'wrong password'
expect_status 401 "an unknown user answers 401"
if cmp -s "$OUT" "$tap_dir/wrong_pw"; then tap_ok "unknown user and wrong password answer the same"
else tap_not_ok "unknown user and wrong password answer the same"; fi
raw -X POST -H 'Content-Type: application/json' --data-binary "{\"name\":\"admin\",\"password\":\"$PW\"}" /api/session
expect_status 403 "login without Origin answers 403"
raw -X POST -H 'Origin: http://evil.example' -H 'Content-Type: application/json' \
  --data-binary "{\"name\":\"admin\",\"password\":\"$PW\"}" /api/session
expect_status 403 "login from a foreign Origin answers 403"
call admin POST /api/session '{"name":"admin"}'
expect_status 400 "login without a password answers 400"
jqt '.error.field == "password"' "the 400 names the field"

login admin
expect_status 201 "admin logs in"
hdr '^Set-Cookie: duban_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/' \
  "the session cookie is HttpOnly, SameSite=Strict, Path=/"
jqt '.user.role == "admin" and (.csrf_token | length) == 64' "login answers the user and a CSRF token"
first_cookie=$(grep -o 'duban_session=[0-9a-f]*' "$H")
login admin
second_cookie=$(grep -o 'duban_session=[0-9a-f]*' "$H")
[ "$first_cookie" != "$second_cookie" ] && tap_ok "every login makes a new token" ||
  tap_not_ok "every login makes a new token"
if sqlite3 "$DB" "SELECT count(*) FROM sessions WHERE token_hash = '${second_cookie#duban_session=}'" | grep -qx 0; then
  tap_ok "the token itself is not stored"; else tap_not_ok "the token itself is not stored"; fi
call admin GET /api/session
expect_status 200 "GET /api/session answers 200"
jqt '.user.name == "admin" and .user.role_label == "系统管理员"' "GET /api/session says who and which role"
for u in sup leader ed_a view_a ed_b dis nounit; do login $u; done
expect_status 201 "every seeded user logs in"

# ---- units, users, plans ----
call view_a GET /api/units
expect_status 200 "GET /api/units answers 200"
jqt '.units | length == 1 and .[0].name == "市" and (.[0].children | length) == 3' "the unit tree is nested"
jqt '[.units[0].children[] | select(.name == "涞水县") | .children[0].name] == ["某镇"]' "grandchildren are nested too"
call admin GET /api/users
expect_status 200 "admin lists users"
jqt '(.users | length) == 8 and ([.users[] | has("pw_hash")] | any | not)' "users never carry password hashes"
call sup GET /api/users
expect_status 403 "a supervisor may not list users (403)"
call ed_a GET /api/plans
expect_status 200 "GET /api/plans answers 200"
jqt '.plans[0].title == "2024年政府工作报告"' "plans are listed"
call ed_a GET /api/plans/1
expect_status 200 "GET /api/plans/1 answers 200"
call ed_a GET /api/plans/99
expect_status 404 "an unknown plan answers 404"
call ed_a GET /api/plans/abc
expect_status 404 "a non-numeric id answers 404"

# ---- node lists: paged, sorted, filtered, scoped ----
call admin GET '/api/plans/1/nodes'
jqt '.total == 5 and ([.nodes[].id] == [1,2,3,4,5])' "admin sees all five tasks in tree order"
call admin GET '/api/plans/1/nodes?limit=2&offset=2'
jqt '.total == 5 and ([.nodes[].id] == [3,4]) and .limit == 2 and .offset == 2' "limit and offset page the list"
call admin GET '/api/plans/1/nodes?sort=deadline'
jqt '[.nodes[].id] == [5,4,2,3,1]' "sort=deadline orders by deadline"
call admin GET '/api/plans/1/nodes?lead_unit=3'
jqt '[.nodes[].id] == [2]' "lead_unit filters by lead unit"
call admin GET '/api/plans/1/nodes?sort=size'
expect_status 400 "a bad sort answers 400"
call admin GET '/api/plans/1/nodes?limit=x'
expect_status 400 "a bad limit answers 400"
call admin GET '/api/plans/1/nodes?color=red'
expect_status 400 "an unknown query parameter answers 400"
call ed_a GET '/api/plans/1/nodes'
jqt '.total == 3 and ([.nodes[].id] == [2,3,4])' "a county editor sees its subtree and cooperating tasks only"
call ed_b GET '/api/plans/1/nodes'
jqt '.total == 1 and ([.nodes[].id] == [1])' "a department editor sees its own task only"
call nounit GET '/api/plans/1/nodes'
expect_status 403 "a unit role without a unit is refused (403)"

# ---- one node: ETag, If-Match ----
call ed_a GET /api/nodes/2
expect_status 200 "GET /api/nodes/2 answers 200"
hdr '^ETag: "1"' "the ETag is the version"
call ed_a GET /api/nodes/1
expect_status 404 "another unit's task answers 404"
call ed_a GET /api/nodes/999
expect_status 404 "an unknown task answers 404"
call ed_a PATCH /api/nodes/2 '{"title":"涞水任务（改）"}'
expect_status 428 "PATCH without If-Match answers 428"
jqt '.error.code == "precondition_required"' "428 has the error shape"
call ed_a PATCH /api/nodes/2 '{"title":"涞水任务（改）"}' -H 'If-Match: "1"'
expect_status 200 "PATCH with the current ETag answers 200"
hdr '^ETag: "2"' "the answer carries the new ETag"
jqt '.title == "涞水任务（改）" and .version == 2' "the change is applied"
call ed_a PATCH /api/nodes/2 '{"title":"覆盖"}' -H 'If-Match: "1"'
expect_status 412 "PATCH with a stale ETag answers 412"
call ed_a GET /api/nodes/2
jqt '.title == "涞水任务（改）"' "a stale PATCH overwrites nothing"
call ed_a PATCH /api/nodes/2 '{"version":9}' -H 'If-Match: "2"'
expect_status 400 "PATCH of a field that cannot change answers 400"
call ed_a PATCH /api/nodes/4 '{"title":"x"}' -H 'If-Match: "1"'
expect_status 403 "a cooperating unit may see but not edit (403)"
call ed_a PATCH /api/nodes/1 '{"title":"x"}' -H 'If-Match: "1"'
expect_status 404 "editing another unit's task answers 404"
call view_a PATCH /api/nodes/2 '{"title":"x"}' -H 'If-Match: "2"'
expect_status 403 "a viewer may not edit (403)"
call leader PATCH /api/nodes/2 '{"title":"x"}' -H 'If-Match: "2"'
expect_status 403 "a leader may not edit (403)"
STATUS=$(curl -s --max-time 20 -o "$OUT" -w '%{http_code}' -X PATCH -b "$tap_dir/jar.ed_a" \
  -H "Origin: $URL" -H 'If-Match: "2"' -H 'Content-Type: application/json' \
  --data-binary '{"title":"x"}' "$URL/api/nodes/2")
expect_status 403 "PATCH without X-CSRF-Token answers 403"
STATUS=$(curl -s --max-time 20 -o "$OUT" -w '%{http_code}' -X PATCH -b "$tap_dir/jar.ed_a" \
  -H "X-CSRF-Token: $(cat "$tap_dir/csrf.ed_a")" -H 'If-Match: "2"' \
  -H 'Content-Type: application/json' --data-binary '{"title":"x"}' "$URL/api/nodes/2")
expect_status 403 "PATCH without Origin answers 403"
STATUS=$(curl -s --max-time 20 -o "$OUT" -w '%{http_code}' -X PATCH -b "$tap_dir/jar.ed_a" \
  -H "X-CSRF-Token: $(cat "$tap_dir/csrf.admin")" -H "Origin: $URL" -H 'If-Match: "2"' \
  -H 'Content-Type: application/json' --data-binary '{"title":"x"}' "$URL/api/nodes/2")
expect_status 403 "PATCH with another session's CSRF token answers 403"

# ---- reports ----
rep='{"item_kind":"node","item_id":2,"period":"2024-03","actual_value":5,"narrative":"进展顺利"}'
call ed_a POST /api/reports "$rep"
expect_status 201 "a unit editor submits a report"
jqt '.state == "submitted" and .unit_id == 3 and .actual_value == 5' "the report is submitted for the lead unit"
rid=$(jq -r .id "$OUT")
call ed_a POST /api/reports "$rep"
expect_status 409 "a submitted report cannot be submitted again (409)"
call ed_a POST /api/reports '{"item_kind":"node","item_id":1,"period":"2024-03"}'
expect_status 404 "reporting on another unit's task answers 404"
call ed_a POST /api/reports '{"item_kind":"node","item_id":4,"period":"2024-03"}'
expect_status 403 "a cooperating unit may not report for the lead unit (403)"
call ed_a POST /api/reports '{"item_kind":"node","item_id":2,"period":"March"}'
expect_status 400 "a bad period answers 400"
call view_a POST /api/reports "$rep"
expect_status 403 "a viewer may not report (403)"
call sup POST /api/reports "$rep"
expect_status 403 "a supervisor does not report for units (403)"

call ed_a GET '/api/not-reported?plan=1&period=2024-03'
expect_status 200 "GET /api/not-reported answers 200"
jqt '[.items[].item_id] == [3]' "not-reported is limited to the unit's subtree"
call admin GET '/api/not-reported?plan=1&period=2024-03'
jqt '[.items[].item_id] == [1,3,4]' "not-reported lists every assigned task for the office"
call admin GET '/api/not-reported?plan=1'
expect_status 400 "not-reported needs a period"

call ed_a POST "/api/reports/$rid/accept" '{}'
expect_status 403 "a unit editor may not review (403)"
call sup POST "/api/reports/$rid/return" '{}'
expect_status 400 "returning needs a comment (400)"
call sup POST "/api/reports/$rid/return" '{"comment":"请补充佐证材料"}'
expect_status 200 "a supervisor returns a report"
jqt '.state == "returned" and .comment == "请补充佐证材料"' "the report is returned with the comment"
call sup POST "/api/reports/$rid/accept" '{}'
expect_status 409 "a returned report cannot be accepted (409)"
call ed_a POST /api/reports "$rep"
expect_status 201 "the unit submits the returned report again"
call sup POST "/api/reports/$rid/accept" '{"comment":"同意"}'
expect_status 200 "a supervisor accepts it"
jqt '.state == "accepted"' "the report is accepted"
call sup POST /api/reports/999/accept '{}'
expect_status 404 "reviewing an unknown report answers 404"

call sup GET '/api/reports?period=2024-03'
expect_status 200 "GET /api/reports answers 200"
jqt "[.reports[].id] == [$rid] and .reports[0].state == \"accepted\"" "the office lists the period's reports"
call ed_a GET '/api/reports?period=2024-03&state=accepted'
jqt "[.reports[].id] == [$rid]" "the unit lists its own reports, filtered by state"
call ed_b GET '/api/reports?period=2024-03'
jqt '.reports == []' "another unit's reports are not listed"
call sup GET '/api/reports?period=2024-03&state=submitted'
jqt '.reports == []' "the state filter applies"
call sup GET '/api/reports?period=2024-03&state=done'
expect_status 400 "an unknown state answers 400"
call sup GET '/api/reports'
expect_status 400 "listing reports needs a period"

# ---- rankings ----
call sup GET '/api/rankings?plan=1&period=2024-03'
expect_status 200 "a supervisor reads the rankings"
jqt '[.rankings[].unit_id] == [2,3,4,5] and .rankings[0].rank == 1 and (.rankings[0].components | has("ontime") and has("schedule") and has("invest"))' \
  "every responsible unit is ranked with all three components; ties go by unit id"
jqt '.rankings[1].unit_name == "涞水县" and .rankings[1].reports_due == 1 and .rankings[1].reports_on_time == 0' \
  "rankings name the units; a report filed after the due day is not on time"
call leader GET '/api/rankings?plan=1&period=2024-03'
expect_status 200 "a leader reads the rankings"
call ed_a GET '/api/rankings?plan=1&period=2024-03'
expect_status 403 "a unit editor may not read other units' rankings (403)"
call sup GET '/api/rankings?plan=1&period=2024-Q1'
expect_status 400 "rankings want a month"

# ---- audit ----
call sup GET '/api/audit?limit=1000'
expect_status 200 "a supervisor reads the audit trail"
jqt '[.rows[].action] | (index("login") != null and index("denied") != null and index("accept") != null)' \
  "logins, denied requests and reviews are audited"
jqt '[.rows[] | select(.action == "denied" and .actor == "ed_a")] | length >= 3' "denied requests name who"
jqt '[.rows[] | select(.action == "denied")][0] | .client == "127.0.0.1" and (.after | has("path") and has("method") and (has("client") | not))' \
  "denied rows say from where (client column) and what"
call sup GET '/api/audit?limit=2'
jqt '(.rows | length) == 2 and .next_after == .rows[1].id' "the audit trail is paged"
call leader GET /api/audit
expect_status 403 "a leader may not read the audit trail (403)"
call ed_a GET /api/audit
expect_status 403 "a unit editor may not read the audit trail (403)"
call ed_a GET /api/users '' -H 'X-Forwarded-For: 198.51.100.1, 203.0.113.9'
call sup GET '/api/audit?entity=request&limit=1000'
jqt '[.rows[] | select(.actor == "ed_a")] | last | .client == "203.0.113.9"' \
  "behind a trusted proxy the client is the last X-Forwarded-For address"
call ed_a GET /api/users '' -H 'X-Forwarded-For: not-an-address'
call sup GET '/api/audit?entity=request&limit=1000'
jqt '[.rows[] | select(.actor == "ed_a")] | last | .client == "127.0.0.1"' \
  "a malformed X-Forwarded-For is ignored"
call admin DELETE /api/audit
expect_status 405 "nothing can delete audit rows through the API (405)"

# ---- authorization matrix from the policy table ----
call admin GET /api/policy
cp "$OUT" "$tap_dir/policy.json"
raw /api/openapi.json
cp "$OUT" "$tap_dir/openapi.json"
declare -A ROLE=([admin]=admin [sup]=supervisor [leader]=leader [ed_a]=unit_editor [view_a]=unit_viewer)
leaks=0 checked=0
for u in admin sup leader ed_a view_a; do
  # every parameterless GET route with a permission: 403 exactly when the table says so
  while read -r path perm; do
    want=$(jq -r --arg r "${ROLE[$u]}" --arg p "$perm" '
      if $p == "session" then "ok" else
      (.permissions[$p]) as $need | (.table[$r][$need.action]) as $have |
      (["none","subtree","all"] | index($have)) >= (["none","subtree","all"] | index($need.min_scope))
      | if . then "ok" else "403" end end' "$tap_dir/policy.json")
    call "$u" GET "$path"
    checked=$((checked + 1))
    if [ "$want" = 403 ] && [ "$STATUS" != 403 ]; then leaks=$((leaks + 1)); echo "# $u GET $path: $STATUS (want 403)"; fi
    if [ "$want" = ok ] && [ "$STATUS" = 403 ]; then leaks=$((leaks + 1)); echo "# $u GET $path: 403 (want allowed)"; fi
  done < <(jq -r '.paths | to_entries[] | select(.key | test("[{]") | not) | select(.key != "/api/not-reported")
             | select(.value.get["x-permission"] != null) | "\(.key) \(.value.get["x-permission"])"' "$tap_dir/openapi.json")
  # own / other unit: every task, listed and fetched directly
  scope=$(jq -r --arg r "${ROLE[$u]}" '.table[$r].read' "$tap_dir/policy.json")
  call "$u" GET '/api/plans/1/nodes'
  listed=$(jq -c '[.nodes[].id]' "$OUT")
  for n in 1 2 3 4 5; do
    vis=0
    if [ "$scope" = all ]; then vis=1; else case "$u:$n" in ed_a:[234]|view_a:[234]) vis=1;; esac; fi
    call "$u" GET "/api/nodes/$n"
    checked=$((checked + 2))
    if [ $vis = 1 ] && [ "$STATUS" != 200 ]; then leaks=$((leaks + 1)); echo "# $u node $n: $STATUS (want 200)"; fi
    if [ $vis = 0 ] && [ "$STATUS" != 404 ] && [ "$STATUS" != 403 ]; then leaks=$((leaks + 1)); echo "# $u node $n: $STATUS leaks"; fi
    in_list=$(jq --argjson n $n 'index($n) != null' <<<"$listed")
    if [ $vis = 0 ] && [ "$in_list" = true ]; then leaks=$((leaks + 1)); echo "# $u sees node $n listed"; fi
    if [ $vis = 1 ] && [ "$in_list" != true ]; then leaks=$((leaks + 1)); echo "# $u misses node $n"; fi
  done
done
[ $leaks = 0 ] && [ $checked -gt 40 ] && tap_ok "authorization matrix: $checked checks, no leak" ||
  tap_not_ok "authorization matrix: $leaks of $checked checks wrong"

# ---- logout, disabled users, rate limit ----
cp "$tap_dir/jar.ed_a" "$tap_dir/jar.old"
call ed_a DELETE /api/session
expect_status 204 "logout answers 204"
hdr '^Set-Cookie: duban_session=; .*Max-Age=0' "logout clears the cookie"
STATUS=$(curl -s --max-time 20 -o "$OUT" -w '%{http_code}' -b "$tap_dir/jar.old" "$URL/api/session")
expect_status 401 "the old session cookie answers 401 after logout"
call dis GET /api/session
expect_status 200 "a user's session works while the user is enabled"
sqlite3 -cmd ".timeout 5000" "$DB" "UPDATE users SET disabled = 1 WHERE name = 'dis'"
call dis GET /api/session
expect_status 401 "a disabled user's session is refused on the next request (401)"
login dis
expect_status 401 "a disabled user cannot log in (401)"
# idle and absolute timeouts, and a session deleted behind the server's back (no waiting:
# the session rows are aged in the database)
login view_a
sqlite3 -cmd ".timeout 5000" "$DB" "UPDATE sessions SET last_seen = last_seen - 1801 WHERE user_id = (SELECT id FROM users WHERE name = 'view_a')"
call view_a GET /api/session
expect_status 401 "a session idle longer than session_idle_seconds answers 401"
login view_a
sqlite3 -cmd ".timeout 5000" "$DB" "UPDATE sessions SET expires_at = created_at WHERE user_id = (SELECT id FROM users WHERE name = 'view_a')"
call view_a GET /api/session
expect_status 401 "a session past session_max_seconds answers 401, even when in use"
login view_a
sqlite3 -cmd ".timeout 5000" "$DB" "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = 'view_a')"
call view_a GET /api/session
expect_status 401 "a deleted session is refused on the next request"
call view_a GET /api/policy
expect_status 401 "every permission needs a session"
for i in 1 2 3; do login leader 'bad guess'; done
expect_status 401 "failed logins answer 401"
login leader
expect_status 429 "past the limit even the right password answers 429"
hdr '^Retry-After: ' "429 carries Retry-After"
jqt '.error.code == "too_many_requests" and (.error.message | test("登录失败次数过多"))' "429 says why, in Chinese"
login sup
expect_status 201 "the limit is per account: others still log in"

http_stop
expect_status 0 "serve stops with status 0"
finish
