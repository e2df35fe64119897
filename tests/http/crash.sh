#!/usr/bin/env bash
# crash.sh — durability under SIGKILL: the real `duban serve` on a random loopback port
# with a temporary SQLite database, several concurrent writers (progress reports filed
# and submitted, task edits with If-Match) that log every write answered 2xx, and the
# server killed with SIGKILL at random moments and restarted, cycle after cycle.
# Afterwards, straight from the database file:
#   - PRAGMA integrity_check is ok and the server starts again;
#   - every acknowledged report is there with its state and value, and every report row
#     has its audit row (nothing half-written);
#   - report_latest equals what the reports say it should be (recomputed from scratch);
#   - every task is at or past its last acknowledged version: at it, with that title;
#     past it, with the title of a write that was in flight; one audit row per version
#     step; its search document has its title.
# Bounded: CRASH_CYCLES (default 8) cycles of 0.4–2 s each, CRASH_WRITERS (default 3)
# writers; e.g. `CRASH_CYCLES=200 bash tests/http/crash.sh` for a long run.  CRASH_SEED
# makes the kill moments reproducible.
set -u
. "$(dirname "$0")/../lib/tap.sh"
command -v curl >/dev/null && command -v sqlite3 >/dev/null ||
  { echo "not ok 1 - curl and sqlite3 are needed"; exit 1; }

CYCLES=${CRASH_CYCLES:-8}
WRITERS=${CRASH_WRITERS:-3}
SEED=${CRASH_SEED:-$$}
RANDOM=$SEED
echo "# crash test: $CYCLES cycles, $WRITERS writers, seed $SEED"

PID=
WPIDS=()
cleanup() {
  touch "$tap_dir/stop"
  [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null
  for w in "${WPIDS[@]}"; do kill "$w" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$tap_dir"
}
trap cleanup EXIT
DB=$tap_dir/crash.db
SOUT=$tap_dir/serve.out
SLOG=$tap_dir/serve.log
PW='correct horse battery'
NODES_PER_WRITER=40
echo '{"threads": 2, "login_max_failures_per_address": 100000}' >"$tap_dir/cfg.json"

# start_server [ARGS...] — starts serve on port 0, waits for its URL (published to the
# writers in $tap_dir/url).  0 when it is up.
start_server() {
  : >"$SOUT"
  "$DUBAN_BIN" serve --listen 127.0.0.1:0 --db "$DB" --config "$tap_dir/cfg.json" "$@" \
    <"${SERVE_STDIN:-/dev/null}" >"$SOUT" 2>>"$SLOG" &
  PID=$!
  for _ in $(seq 1 200); do
    grep -q '^listening on ' "$SOUT" && break
    kill -0 "$PID" 2>/dev/null || return 1
    sleep 0.05
  done
  URL=$(sed -n 's/^listening on //p' "$SOUT")
  [ -n "$URL" ] || return 1
  echo "$URL" >"$tap_dir/url.tmp" && mv "$tap_dir/url.tmp" "$tap_dir/url"
}

kill_server() {
  rm -f "$tap_dir/url"
  kill -9 "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
  PID=
}

printf '%s\n' "$PW" >"$tap_dir/pw"
STATUS=0
if SERVE_STDIN=$tap_dir/pw start_server --bootstrap-admin admin; then
  tap_ok "serve starts on a new database"
else
  tap_not_ok "serve starts on a new database"; cat "$SLOG"; exit 1
fi

# Seed: two units, an active plan; nodes 1..W are edited (one per writer), nodes
# 101.. are reported on (NODES_PER_WRITER per writer), all led by unit 2.
{
  echo ".timeout 5000"
  echo "BEGIN;"
  echo "INSERT INTO units (id, parent_id, name, kind) VALUES (1, NULL, '市', 'city'),"
  echo "  (2, 1, '市发改委', 'department');"
  echo "INSERT INTO plans (id, title, source, year, state, created_at)"
  echo "  VALUES (1, '崩溃测试规划', 'seed', 2024, 'active', '2024-01-01T00:00:00Z');"
  for w in $(seq 1 "$WRITERS"); do
    echo "INSERT INTO nodes (id, plan_id, seq, title, lead_unit_id) VALUES ($w, 1, $w, 'n$w', 2);"
    for i in $(seq 0 $((NODES_PER_WRITER - 1))); do
      n=$((100 + (w - 1) * NODES_PER_WRITER + i + 1))
      echo "INSERT INTO nodes (id, plan_id, seq, title, lead_unit_id) VALUES ($n, 1, $n, 'r$n', 2);"
    done
  done
  echo "COMMIT;"
} | sqlite3 "$DB" || { echo "not ok - seeding failed"; exit 1; }

# login JAR — a session for one writer; its CSRF token in JAR.csrf.
login() {
  local url
  url=$(cat "$tap_dir/url" 2>/dev/null) || return 1
  curl -s --max-time 20 -c "$1" -o "$1.body" -H "Origin: $url" -H 'Content-Type: application/json' \
    --data-binary "{\"name\":\"admin\",\"password\":\"$PW\"}" "$url/api/session" &&
    sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p' "$1.body" >"$1.csrf" && [ -s "$1.csrf" ]
}

# req JAR METHOD PATH BODY [HEADER] — one write; the status in CODE (000 when the server
# was not there or died), the body in JAR.out, the headers in JAR.hdr.
req() {
  local url
  url=$(cat "$tap_dir/url" 2>/dev/null) || { CODE=000; sleep 0.05; return; }
  CODE=$(curl -s --max-time 10 -b "$1" -o "$1.out" -D "$1.hdr" -w '%{http_code}' -X "$2" \
    -H "Origin: $url" -H "X-CSRF-Token: $(cat "$1.csrf")" -H 'Content-Type: application/json' \
    ${5:+-H "$5"} --data-binary "$4" "$url$3") || CODE=000
}

# writer W — until $tap_dir/stop: file reports (sometimes a draft first) on its own
# nodes for ever new periods, and edit its own task.  Logs in $tap_dir/log.W:
#   rep NODE PERIOD STATE VALUE ID    an acknowledged report write
#   try NODE VERSION TITLE            a task edit about to be sent (VERSION: the new one)
#   node NODE VERSION TITLE           an acknowledged task edit
writer() {
  local w=$1 jar=$tap_dir/jar.$w log=$tap_dir/log.$w i=0 ver=1 node=$1 k n period v state body
  until login "$jar"; do [ -e "$tap_dir/stop" ] && return; sleep 0.1; done
  while [ ! -e "$tap_dir/stop" ]; do
    i=$((i + 1))
    if ((i % 3 == 0)); then
      echo "try $node $((ver + 1)) w$w-$i" >>"$log"
      req "$jar" PATCH "/api/nodes/$node" "{\"title\":\"w$w-$i\"}" "If-Match: \"$ver\""
      if [ "$CODE" = 200 ]; then
        ver=$((ver + 1))
        echo "node $node $ver w$w-$i" >>"$log"
      elif [ "$CODE" = 412 ]; then # a write in flight at a kill went through: re-read
        req "$jar" GET "/api/nodes/$node" ""
        [ "$CODE" = 200 ] && ver=$(sed -n 's/.*"version":\([0-9]*\).*/\1/p' "$jar.out")
      fi
      continue
    fi
    k=$((i / 3))
    n=$((100 + (w - 1) * NODES_PER_WRITER + k % NODES_PER_WRITER + 1))
    period=$(printf '%04d-%02d' $((2000 + k / NODES_PER_WRITER / 12)) $((k / NODES_PER_WRITER % 12 + 1)))
    v=$((w * 100000 + i))
    for state in draft submitted; do
      [ "$state" = draft ] && ((i % 2)) && continue
      body="{\"item_kind\":\"node\",\"item_id\":$n,\"period\":\"$period\",\"actual_value\":$v"
      [ "$state" = draft ] && body="$body,\"submit\":false"
      req "$jar" POST /api/reports "$body}"
      if [ "$CODE" = 201 ]; then
        echo "rep $n $period $state $v $(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$jar.out")" >>"$log"
      else
        break # not acknowledged: a new key next time
      fi
    done
  done
}

for w in $(seq 1 "$WRITERS"); do
  writer "$w" &
  WPIDS+=($!)
done

started=0
for c in $(seq 1 "$CYCLES"); do
  if [ -z "$PID" ]; then
    if start_server; then started=$((started + 1)); else
      tap_not_ok "serve restarts after a kill (cycle $c)"; tail -5 "$SLOG" | sed 's/^/# /'; break
    fi
  fi
  ms=$((400 + RANDOM % 1600))
  sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
  kill_server
done
if [ "$started" -ge "$((CYCLES - 1))" ]; then tap_ok "serve restarted after each of $CYCLES SIGKILLs"
else tap_not_ok "serve restarted only $started times in $CYCLES cycles"; fi
touch "$tap_dir/stop"
for w in "${WPIDS[@]}"; do wait "$w" 2>/dev/null; done
WPIDS=()
cat "$tap_dir"/log.* 2>/dev/null >"$tap_dir/acked"
nrep=$(grep -c '^rep ' "$tap_dir/acked")
nnode=$(grep -c '^node ' "$tap_dir/acked")
echo "# acknowledged: $nrep report writes, $nnode task edits"
# (on a heavily loaded machine a short run may get only a few writes of one kind through)
[ $((nrep + nnode)) -gt 0 ] && tap_ok "writers got writes acknowledged" ||
  tap_not_ok "writers got writes acknowledged ($nrep reports, $nnode edits)"

# ---- checks, straight from the file (sqlite3 recovers the WAL on open) ----
q() { sqlite3 -batch -noheader "$DB" "$@"; }
ic=$(q 'PRAGMA integrity_check;')
[ "$ic" = ok ] && tap_ok "PRAGMA integrity_check is ok" || tap_not_ok "integrity_check: $ic"

# acknowledged reports: one lookup table, one query
{
  echo "CREATE TEMP TABLE acked (node INTEGER, period TEXT, state TEXT, value REAL, id INTEGER);"
  echo "BEGIN;"
  grep '^rep ' "$tap_dir/acked" | while read -r _ n p s v id; do
    echo "INSERT INTO acked VALUES ($n, '$p', '$s', $v, ${id:-0});"
  done
  echo "COMMIT;"
  # an acknowledged write missing or different: state must be the acknowledged one or
  # later (a draft may have been submitted by a write in flight)
  echo "SELECT 'lost', a.node, a.period, a.state FROM acked a LEFT JOIN reports r"
  echo " ON r.id = a.id AND r.item_kind = 'node' AND r.item_id = a.node AND r.period = a.period"
  echo " WHERE r.id IS NULL OR r.actual_value <> a.value"
  echo "  OR NOT (r.state = a.state OR (a.state = 'draft' AND r.state = 'submitted'));"
} >"$tap_dir/check.sql"
lost=$(q <"$tap_dir/check.sql")
[ -z "$lost" ] && tap_ok "every acknowledged report write is there ($nrep)" ||
  { tap_not_ok "acknowledged report writes lost"; echo "$lost" | head -5 | sed 's/^/# /'; }

bad=$(q "SELECT r.id FROM reports r WHERE NOT EXISTS (SELECT 1 FROM audit a
  WHERE a.entity = 'report' AND a.entity_id = r.id AND a.action IN ('draft', 'submit')
  AND (r.state = 'draft' OR a.action = 'submit'));")
[ -z "$bad" ] && tap_ok "every report row has its audit row" ||
  tap_not_ok "reports without their audit row: $(echo $bad | head -c 200)"
bad=$(q "SELECT a.entity_id FROM audit a WHERE a.entity = 'report'
  AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.id = a.entity_id);")
[ -z "$bad" ] && tap_ok "no audit row for a report that is not there" ||
  tap_not_ok "audit rows without their report: $(echo $bad | head -c 200)"

diff=$(q "WITH want AS (SELECT item_kind, item_id, unit_id, id AS report_id, period, state,
  actual_value FROM (SELECT r.*, row_number() OVER (PARTITION BY item_kind, item_id, unit_id
  ORDER BY period DESC) AS rn FROM reports r WHERE state IN ('submitted', 'accepted')) WHERE rn = 1),
  have AS (SELECT item_kind, item_id, unit_id, report_id, period, state, actual_value FROM report_latest)
  SELECT count(*) FROM (SELECT * FROM want EXCEPT SELECT * FROM have
  UNION ALL SELECT * FROM (SELECT * FROM have EXCEPT SELECT * FROM want));")
[ "$diff" = 0 ] && tap_ok "report_latest matches the reports" ||
  tap_not_ok "report_latest differs from the reports in $diff rows"

# task edits: per node, the last acknowledged version and title, and the attempts
node_ok=0
for w in $(seq 1 "$WRITERS"); do
  last=$(grep "^node $w " "$tap_dir/acked" | tail -n 1)
  read -r _ _ av at <<<"${last:-node $w 1 n$w}"
  row=$(q "SELECT version || ' ' || title FROM nodes WHERE id = $w;")
  read -r dv dt <<<"$row"
  audits=$(q "SELECT count(*) FROM audit WHERE entity = 'node' AND entity_id = $w AND action = 'update';")
  fts=$(q "SELECT group_concat(title, '|') FROM search_fts WHERE kind = 'node' AND item_id = $w;")
  [ "$dv" = 1 ] && fts=$dt # never edited: no search document yet
  ok=1
  if [ "$dv" -lt "$av" ]; then ok=0; echo "# node $w: version $dv < acknowledged $av"
  elif [ "$dv" = "$av" ] && [ "$dt" != "$at" ]; then ok=0; echo "# node $w: title '$dt', acknowledged '$at'"
  elif [ "$dv" -gt "$av" ] && ! grep -qx "try $w $dv $dt" "$tap_dir/acked"; then
    ok=0; echo "# node $w: version $dv title '$dt' was never sent"
  fi
  [ "$audits" = "$((dv - 1))" ] || { ok=0; echo "# node $w: $audits audit rows for version $dv"; }
  [ "$fts" = "$dt" ] || { ok=0; echo "# node $w: search document '$fts', title '$dt'"; }
  node_ok=$((node_ok + ok))
done
[ "$node_ok" = "$WRITERS" ] && tap_ok "every task is at its acknowledged version or a sent one, audited once per version" ||
  tap_not_ok "task edits inconsistent"

if start_server; then
  s=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$URL/healthz")
  [ "$s" = 200 ] && tap_ok "serve starts on the crashed database and answers" ||
    tap_not_ok "serve answers /healthz after the crashes ($s)"
  kill -TERM "$PID"; wait "$PID" 2>/dev/null; PID=
else
  tap_not_ok "serve starts on the crashed database"
fi
finish
