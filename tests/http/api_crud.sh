#!/usr/bin/env bash
# api_crud.sh — the API's create and update routes end to end: the real binary on
# 127.0.0.1:0 with a temporary SQLite database, everything seeded through the API itself
# (units, users with the password policy, a plan and its state machine, tasks, targets,
# key projects), ETag/If-Match (428, 412 with nothing overwritten), scoped lists, search
# and single items (another unit's item is 404, never listed, never counted), disabled
# users, password changes, and error bodies in Chinese (English with Accept-Language).
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/http.sh"
command -v curl >/dev/null && command -v jq >/dev/null ||
  { echo "not ok 1 - curl and jq are needed"; exit 1; }

DB=$tap_dir/api.db
http_serve "$DB" '{"threads": 2, "login_max_failures_per_address": 1000}'

etag() { sed -n 's/^ETag: *//Ip' "$H" | tr -d '\r'; }
id_of() { jq -r .id "$OUT"; }

login admin
expect_status 201 "admin logs in"

# ---- units ----
call admin POST /api/units '{"name":"市","kind":"city"}'
expect_status 201 "POST /api/units creates a unit"
CITY=$(id_of)
[ -n "$(etag)" ] && tap_ok "a new unit carries an ETag" || tap_not_ok "a new unit carries an ETag"
call admin POST /api/units "{\"name\":\"涞水县\",\"kind\":\"county\",\"parent_id\":$CITY}"
A=$(id_of)
call admin POST /api/units "{\"name\":\"某镇\",\"kind\":\"district\",\"parent_id\":$A}"
A2=$(id_of)
call admin POST /api/units "{\"name\":\"市发改委\",\"kind\":\"department\",\"parent_id\":$CITY}"
B=$(id_of)
call admin POST /api/units "{\"name\":\"涞水县\",\"parent_id\":$CITY}"
expect_status 409 "a duplicate unit name answers 409"
jqt '.error.field == "name" and (.error.message | test("同名"))' "… naming the field, in Chinese"
call admin POST /api/units '{"name":"外市","parent_id":999999}'
expect_status 400 "an unknown parent answers 400"
jqt '.error.field == "parent_id"' "… naming parent_id"
call admin POST /api/units '{"name":"x","colour":"red"}'
expect_status 400 "an undeclared body member answers 400"
jqt '.error.field == "colour" and .error.code == "invalid_input"' "… naming it"
call admin POST /api/units '{"name":"x"}' -H 'Accept-Language: en'
call admin POST /api/units '{"kind":"x"}' -H 'Accept-Language: en'
expect_status 400 "a unit without a name answers 400"
jqt '.error.field == "name" and (.error.message | test("^[ -~]+$"))' "… in English with Accept-Language: en"

call admin GET "/api/units/$A"
expect_status 200 "GET /api/units/{id}"
TAG=$(etag)
call admin PATCH "/api/units/$A" '{"name":"涞水县人民政府"}'
expect_status 428 "PATCH /api/units/{id} without If-Match answers 428"
call admin PATCH "/api/units/$A" '{"name":"涞水县人民政府"}' -H "If-Match: $TAG"
expect_status 200 "PATCH with the current ETag"
NEWTAG=$(etag)
[ "$NEWTAG" != "$TAG" ] && tap_ok "the ETag changes with the content" || tap_not_ok "the ETag changes"
call admin PATCH "/api/units/$A" '{"name":"覆盖"}' -H "If-Match: $TAG"
expect_status 412 "a stale If-Match answers 412"
call admin GET "/api/units/$A"
jqt '.name == "涞水县人民政府"' "… and nothing was overwritten"
call admin PATCH "/api/units/$A" "{\"parent_id\":$A2}" -H "If-Match: $NEWTAG"
expect_status 400 "moving a unit under its own descendant answers 400"

# ---- users ----
call admin POST /api/users "{\"name\":\"ed_a\",\"password\":\"12345678\",\"role\":\"unit_editor\",\"unit_id\":$A}"
expect_status 400 "a common password is refused"
jqt '.error.field == "password" and (.error.message | test("常见"))' "… saying why, in Chinese"
call admin POST /api/users "{\"name\":\"ed_a\",\"password\":\"short\",\"role\":\"unit_editor\",\"unit_id\":$A}"
expect_status 400 "a short password is refused"
call admin POST /api/users '{"name":"ed_a","password":"a fine password","role":"unit_editor"}'
expect_status 400 "a unit role without a unit is refused"
jqt '.error.field == "unit_id"' "… naming unit_id"
call admin POST /api/users '{"name":"x","password":"a fine password","role":"king"}'
expect_status 400 "an unknown role is refused"
for spec in "ed_a unit_editor $A" "view_a unit_viewer $A" "ed_b unit_editor $B" "dis unit_editor $A" \
            "sup supervisor $CITY" "leader leader $CITY"; do
  set -- $spec
  call admin POST /api/users "{\"name\":\"$1\",\"password\":\"$PW\",\"role\":\"$2\",\"unit_id\":$3}"
  [ "$STATUS" = 201 ] || tap_not_ok "create user $1"
done
tap_ok "POST /api/users creates users of every role"
jqt 'has("pw_hash") | not' "a user answer never carries the hash"
call admin POST /api/users "{\"name\":\"ed_a\",\"password\":\"$PW\",\"role\":\"leader\"}"
expect_status 409 "a taken login name answers 409"
for u in ed_a view_a ed_b dis sup leader; do login $u; done
expect_status 201 "the new users log in"

call ed_a GET /api/users/1
expect_status 403 "a unit editor cannot read users (403)"
call admin GET /api/users
DIS=$(jq '.users[] | select(.name == "dis") | .id' "$OUT")
ED_A=$(jq '.users[] | select(.name == "ed_a") | .id' "$OUT")
call admin PATCH "/api/users/$DIS" '{"disabled":true}'
expect_status 428 "PATCH /api/users/{id} without If-Match answers 428"
jqt '.error.code == "precondition_required"' "the 428 has the error shape"
call admin GET "/api/users/$DIS"
UTAG=$(etag)
call admin PATCH "/api/users/$DIS" '{"disabled":true}' -H "If-Match: $UTAG"
expect_status 200 "PATCH /api/users/{id} with the ETag disables a user"
[ "$(etag)" != "$UTAG" ] && tap_ok "the answer carries the user's new ETag" ||
  tap_not_ok "the answer carries the user's new ETag"
call admin PATCH "/api/users/$DIS" '{"display_name":"覆盖"}' -H "If-Match: $UTAG"
expect_status 412 "PATCH /api/users/{id} with a stale ETag answers 412"
call admin GET "/api/users/$DIS"
jqt '.display_name != "覆盖" and .disabled == true' "a stale user PATCH overwrites nothing"
call dis GET /api/session
expect_status 401 "the disabled user's next request answers 401"
call admin PATCH "/api/users/1" '{"disabled":true}' -H 'If-Match: *'
expect_status 409 "an admin cannot disable themself"
call admin PATCH "/api/users/$DIS" '{"password":"x"}' -H 'If-Match: *'
expect_status 400 "PATCH cannot set a password"

call ed_a POST "/api/users/$ED_A/password" "{\"current_password\":\"wrong one\",\"new_password\":\"another fine one\"}"
expect_status 403 "changing one's password needs the current one"
call ed_a POST "/api/users/$ED_A/password" "{\"current_password\":\"$PW\",\"new_password\":\"password\"}"
expect_status 400 "the new password follows the policy"
jqt '.error.field == "new_password"' "… naming new_password"
call ed_a POST "/api/users/$ED_A/password" "{\"current_password\":\"$PW\",\"new_password\":\"another fine one\"}"
expect_status 204 "a user changes their own password"
call ed_a POST "/api/users/$DIS/password" '{"new_password":"another fine one"}'
expect_status 403 "… but not someone else's"
call admin POST "/api/users/$ED_A/password" "{\"new_password\":\"$PW\"}"
expect_status 204 "an admin resets anyone's password"
login ed_a
expect_status 201 "the reset password works"

# ---- plans ----
call ed_a POST /api/plans '{"title":"越权"}'
expect_status 403 "a unit editor cannot create plans"
call sup POST /api/plans '{"title":"2024年政府工作报告","year":2024}'
expect_status 201 "a supervisor creates a plan"
PLAN=$(id_of)
jqt '.state == "draft"' "a new plan is a draft"
call sup POST "/api/plans/$PLAN/close"
expect_status 409 "a draft cannot be closed"
jqt '.error.message | test("草稿")' "… saying why, in Chinese"
call sup POST "/api/plans/$PLAN/activate"
expect_status 200 "activate a draft plan"
jqt '.state == "active"' "the plan is active"
call sup POST "/api/plans/$PLAN/activate"
expect_status 409 "activating twice answers 409"
call sup POST /api/plans/999999/activate
expect_status 404 "an unknown plan answers 404"

# ---- nodes ----
call sup POST "/api/plans/$PLAN/nodes" "{\"label\":\"一、\",\"title\":\"涞水任务\",\"seq\":1,\"lead_unit_id\":$A}"
expect_status 201 "POST /api/plans/{id}/nodes adds a top-level task"
NA=$(id_of)
call sup POST "/api/plans/$PLAN/nodes" "{\"label\":\"二、\",\"title\":\"发改任务\",\"seq\":2,\"lead_unit_id\":$B}"
NB=$(id_of)
call sup POST "/api/plans/$PLAN/nodes" '{"label":"三、","title":"未分配任务"}'
jqt '.seq == 3 and .lead_unit_id == null' "without seq a task goes last among its siblings"
call ed_a POST "/api/plans/$PLAN/nodes" '{"title":"顶层"}'
expect_status 403 "a unit editor cannot add a top-level task"
call ed_a POST "/api/plans/$PLAN/nodes" "{\"title\":\"子任务\",\"parent_id\":$NA}"
expect_status 201 "… but adds a subtask under its unit's task"
jqt ".lead_unit_id == $A" "… led by the parent's lead unit"
call ed_a POST "/api/plans/$PLAN/nodes" "{\"title\":\"子任务\",\"parent_id\":$NB}"
expect_status 400 "a parent from another unit is as unknown as a missing one"
cp "$OUT" "$tap_dir/other_parent"
call ed_a POST "/api/plans/$PLAN/nodes" '{"title":"子任务","parent_id":999999}'
if jq -S . "$OUT" | cmp -s - <(jq -S . "$tap_dir/other_parent"); then
  tap_ok "… with the same answer (no leak)"; else tap_not_ok "… with the same answer (no leak)"; fi
call ed_a POST "/api/plans/$PLAN/nodes" "{\"title\":\"子任务\",\"parent_id\":$NA,\"lead_unit_id\":$B}"
expect_status 403 "a unit editor cannot give a task to another unit"

# ---- targets ----
call ed_a POST "/api/nodes/$NA/targets" '{"indicator":"生产总值","verb":"增长","value":7,"unit":"%","qualifier":"左右"}'
expect_status 201 "POST /api/nodes/{id}/targets"
TA=$(id_of)
call ed_b POST "/api/nodes/$NA/targets" '{"indicator":"越权"}'
expect_status 404 "another unit's task is 404 for adding targets"
call ed_b GET "/api/targets/$TA"
expect_status 404 "another unit's target is 404"
call view_a GET "/api/nodes/$NA/targets"
expect_status 200 "GET /api/nodes/{id}/targets"
jqt ".targets | length == 1 and .[0].id == $TA" "… lists the target"
call view_a PATCH "/api/targets/$TA" '{"value":8}'
expect_status 403 "a viewer cannot edit targets"
call ed_a GET "/api/targets/$TA"
TAG=$(etag)
call ed_a PATCH "/api/targets/$TA" '{"value":7.5,"baseline":3.8}' -H "If-Match: $TAG"
expect_status 200 "PATCH /api/targets/{id}"
jqt '.value == 7.5 and .baseline == 3.8' "… changes the values"
call ed_a PATCH "/api/targets/$TA" '{"value":9}' -H "If-Match: $TAG"
expect_status 412 "a stale target edit answers 412"
call ed_a PATCH "/api/targets/$TA" '{"value":"七"}' -H "If-Match: $(call ed_a GET /api/targets/$TA; etag)"
expect_status 400 "a non-numeric value answers 400"
jqt '.error.field == "value"' "… naming value"

# ---- projects ----
call ed_a POST /api/projects "{\"name\":\"涞水道路建设项目\",\"plan_id\":$PLAN,\"owner_unit_id\":$A2,\"stage\":\"前期\",\"total_invest\":5}"
expect_status 201 "a unit editor adds a project in its subtree"
PA=$(id_of)
call ed_a POST /api/projects "{\"name\":\"越权项目\",\"owner_unit_id\":$B}"
expect_status 403 "… but not for another unit"
call sup POST /api/projects "{\"name\":\"发改道路建设项目\",\"plan_id\":$PLAN,\"owner_unit_id\":$B,\"stage\":\"在建\",\"total_invest\":9}"
PB=$(id_of)
call ed_a GET "/api/projects?plan=$PLAN"
expect_status 200 "GET /api/projects"
jqt ".total == 1 and .projects[0].id == $PA" "a unit sees only its subtree's projects, counts included"
call ed_a GET "/api/projects?unit=$B"
jqt '.total == 0 and (.projects | length) == 0' "filtering by another unit shows nothing, not even a count"
call leader GET "/api/projects?sort=invest&limit=1"
jqt ".total == 2 and .projects[0].id == $PB" "sorted on the server, paged"
call leader GET "/api/projects?stage=前期"
call leader GET "/api/projects?stage=%E5%89%8D%E6%9C%9F"
jqt ".total == 1 and .projects[0].id == $PA" "filtered by stage"
call leader GET "/api/projects?sort=colour"
expect_status 400 "an unknown sort answers 400"
call leader GET "/api/projects?owner=1"
expect_status 400 "an undeclared query parameter answers 400"
call ed_a GET "/api/projects/$PB"
expect_status 404 "another unit's project is 404"
call ed_a GET "/api/projects/$PA"
TAG=$(etag)
call ed_a PATCH "/api/projects/$PA" '{"stage":"开工","done_invest":1.5}' -H "If-Match: $TAG"
expect_status 200 "PATCH /api/projects/{id}"
call ed_a PATCH "/api/projects/$PA" "{\"owner_unit_id\":$B}" -H "If-Match: $(etag)"
expect_status 403 "a unit editor cannot hand a project to another unit"
call ed_a PATCH "/api/projects/$PA" '{"stage":"竣工"}' -H "If-Match: $TAG"
expect_status 412 "a stale project edit answers 412"
call ed_a GET "/api/projects/$PA"
jqt '.stage == "开工"' "… nothing overwritten"

# ---- search ----
call ed_a GET '/api/search?q=%E9%81%93%E8%B7%AF%E5%BB%BA%E8%AE%BE'
expect_status 200 "GET /api/search"
jqt "[.hits[] | select(.kind == \"project\") | .id] == [$PA]" "a unit finds only its own projects"
call leader GET '/api/search?q=%E9%81%93%E8%B7%AF'
jqt '[.hits[] | select(.kind == "project")] | length == 2' "a leader finds every unit's"
call ed_a GET '/api/search'
expect_status 400 "search without q answers 400"

# ---- closed plans ----
call sup POST "/api/plans/$PLAN/close"
expect_status 200 "close an active plan"
call ed_a POST "/api/nodes/$NA/targets" '{"indicator":"关闭后"}'
expect_status 409 "a closed plan takes no new targets"

# ---- audit ----
call sup GET '/api/audit?entity=target&limit=1000'
jqt '[.rows[] | select(.action == "update")] | length == 1 and (.[0].before.value == 7) and (.[0].after.value == 7.5)' \
  "the audit trail holds the target edit, before and after"

http_stop
expect_status 0 "serve stops with status 0"
finish
