#!/usr/bin/env bash
# documents.sh — plan documents over the API, the real binary end to end: POST
# /api/documents (a seed and its GB18030 form become draft plans; who may; media type,
# CSRF, empty, binary and year-less bodies, unknown parameters), then GET
# /api/plans/{id}/document, /glossary and /results (spans point into the stored text),
# 404s, and the audit row of the import.
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/http.sh"
command -v curl >/dev/null && command -v jq >/dev/null && command -v sqlite3 >/dev/null ||
  { echo "not ok 1 - curl, jq and sqlite3 are needed"; exit 1; }

DB=$tap_dir/docs.db
SEED=$(cd "$(dirname "$0")/../data" && pwd)/002_c7f7bf300aa76a8f.txt
HTTP_MAX_TIME=60
http_serve "$DB" '{"threads": 2}'
tap_ok "serve starts"

sqlite3 "$DB" <<'SQL' || { echo "not ok - seeding failed"; exit 1; }
.timeout 5000
INSERT INTO units (id, parent_id, name, kind) VALUES (1, NULL, '保定市', 'city'), (2, 1, '莲池区', 'district');
INSERT INTO users (name, display_name, pw_hash, role, unit_id, disabled)
  SELECT n, n, (SELECT pw_hash FROM users WHERE name = 'admin'), r, u, 0 FROM (
    SELECT 'sup' AS n, 'supervisor' AS r, 1 AS u UNION ALL
    SELECT 'leader', 'leader', 1 UNION ALL
    SELECT 'ed', 'unit_editor', 2 UNION ALL
    SELECT 'view', 'unit_viewer', 2);
INSERT INTO plans (id, title, source, year, state, created_at)
  VALUES (100, '手工计划', 'hand', 2024, 'active', '2024-01-01T00:00:00Z');
SQL

upload() { # USER QUERY FILE [CURL ARGS...]
  local user=$1 q=$2 f=$3; shift 3
  call "$user" POST "/api/documents$q" "" -H 'Content-Type: application/octet-stream' \
    --data-binary "@$f" "$@"
}

: >"$ERR"
for u in admin sup leader ed view; do login $u; done
expect_status 201 "users log in"

# ---- upload ----
STATUS=$(curl -s -o "$OUT" -w '%{http_code}' -X POST -H "Origin: $URL" \
  -H 'Content-Type: application/octet-stream' --data-binary "@$SEED" "$URL/api/documents")
expect_status 401 "anonymous upload answers 401"
upload leader '' "$SEED"
expect_status 403 "a leader may not import a plan (403)"
upload ed '' "$SEED"
expect_status 403 "a unit editor may not import a plan (403)"
call sup POST /api/documents "" -H 'Content-Type: application/json' --data-binary "@$SEED"
expect_status 415 "the body must be application/octet-stream (415)"
STATUS=$(curl -s -o "$OUT" -w '%{http_code}' -X POST -b "$tap_dir/jar.sup" -H "Origin: $URL" \
  -H 'Content-Type: application/octet-stream' --data-binary "@$SEED" "$URL/api/documents")
expect_status 403 "an upload without the CSRF token answers 403"
upload sup '?bogus=1' "$SEED"
expect_status 400 "an undeclared query parameter answers 400"
upload sup '?year=abc' "$SEED"
expect_status 400 "a bad year answers 400"
jqt '.error.field == "year"' "... naming the field"

upload sup '?name=2023%E5%B9%B4%E6%8A%A5%E5%91%8A.txt' "$SEED"
expect_status 201 "a supervisor uploads a seed: a draft plan (201)"
cp "$OUT" "$tap_dir/up.json"
jqt '.state == "draft" and .year == 2023 and .counts.nodes > 50 and .counts.targets > 10 and .counts.results > 100 and .counts.glossary > 20' \
  "the answer has the counts"
jqt '(.outline | length) == .counts.nodes and .outline[0].label != null and .document.encoding == "UTF-8"' \
  "the answer has the outline found and the document's encoding"
grep -qi '^Location: /api/plans/[0-9]' "$H" && tap_ok "Location names the new plan" || tap_not_ok "Location names the new plan"
P=$(jq -r .plan_id "$tap_dir/up.json")

iconv -f UTF-8 -t GB18030 "$SEED" >"$tap_dir/gb.txt"
upload admin '?title=GB%E6%96%87%E4%BB%B6' "$tap_dir/gb.txt"
expect_status 201 "an admin uploads the same document in GB18030"
jqt '.title == "GB文件" and .document.encoding == "GB18030"' "title from the query, encoding detected"
G=$(jq -r .plan_id "$OUT")

: >"$tap_dir/empty"
upload sup '' "$tap_dir/empty"
expect_status 400 "an empty body answers 400"
head -c 3000 /dev/urandom >"$tap_dir/bin"
upload sup '' "$tap_dir/bin"
expect_status 400 "a binary body answers 400"
printf '工作要点\n一、提升效能\n新增市场主体3万户。\n' >"$tap_dir/noyear.txt"
upload sup '' "$tap_dir/noyear.txt"
expect_status 400 "a document that does not say its year needs ?year (400)"
jqt '.error.field == "year"' "... naming year"
upload sup '?year=2025' "$tap_dir/noyear.txt"
expect_status 201 "with ?year it is imported"

# ---- reading back ----
call view GET "/api/plans/$P/document"
expect_status 200 "GET /api/plans/{id}/document (any reader)"
cp "$OUT" "$tap_dir/doc.json"
jqt '.file_name == "2023年报告.txt" and .encoding == "UTF-8" and (.text | contains("保定")) and (.dropped | length) > 0' \
  "the document: file name, encoding, text, dropped lines"
call view GET "/api/plans/$P/results"
expect_status 200 "GET /api/plans/{id}/results"
cp "$OUT" "$tap_dir/res.json"
[ "$(jq '.results | length' "$tap_dir/res.json")" = "$(jq .counts.results "$tap_dir/up.json")" ] &&
  tap_ok "every result found is stored" || tap_not_ok "every result found is stored"
call view GET "/api/plans/$P/glossary"
expect_status 200 "GET /api/plans/{id}/glossary"
cp "$OUT" "$tap_dir/gl.json"
jqt '(.glossary | length) > 20 and .glossary[0].label == "[1]" and (.glossary[0].cited | length) >= 1' \
  "the glossary with labels and citations"
if python3 - "$tap_dir/doc.json" "$tap_dir/res.json" "$tap_dir/gl.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))["text"].encode()
res = json.load(open(sys.argv[2]))["results"]
gl = json.load(open(sys.argv[3]))["glossary"]
for r in res:
    s, e = r["span"]
    assert doc[s:e].decode() == r["text"], (r, doc[s:e])
for g in gl:
    for s, e in g["cited"]:
        assert doc[s:e].decode() == g["label"], (g["label"], doc[s:e])
PY
then tap_ok "result and citation spans point into the stored text"; else tap_not_ok "spans point into the stored text"; fi
call sup GET "/api/plans/$G/results"
[ "$(jq '.results | length' "$OUT")" = "$(jq '.results | length' "$tap_dir/res.json")" ] &&
  tap_ok "the GB18030 upload finds the same results" || tap_not_ok "the GB18030 upload finds the same results"
call sup GET "/api/plans/$G/document"
jqt '.encoding == "GB18030" and (.text | contains("保定"))' "the GB18030 document is stored as UTF-8 text"

call view GET /api/plans/100/document
expect_status 404 "a plan without a stored document answers 404"
call view GET /api/plans/999/glossary
expect_status 404 "an unknown plan answers 404"
call view GET /api/plans/x/results
expect_status 404 "a bad id answers 404"
STATUS=$(curl -s -o "$OUT" -w '%{http_code}' "$URL/api/plans/$P/document")
expect_status 401 "reading a document needs a session"

call sup GET "/api/audit?entity=plan&entity_id=$P"
jqt '[.rows[] | select(.action == "import" and .actor == "sup")] | length == 1' "the import is audited under the uploader"
call sup GET /api/plans
jqt "[.plans[] | select(.id == $P and .state == \"draft\")] | length == 1" "the plan is listed as a draft"
STATUS=$(curl -s -o "$OUT" -w '%{http_code}' "$URL/api/openapi.json")
jqt '.paths["/api/documents"].post.requestBody.content["application/octet-stream"] != null and .paths["/api/plans/{id}/glossary"].get["x-permission"] == "read"' \
  "OpenAPI describes the routes"

http_stop
expect_status 0 "serve stops with status 0"
finish
