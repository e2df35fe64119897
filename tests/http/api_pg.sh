#!/usr/bin/env bash
# api_pg.sh — two `duban serve` processes on one PostgreSQL database share sessions: a
# login on one is valid on the other, and a logout on either ends it on both.  Needs
# DUBAN_TEST_PG_URL (scripts/pg-test.sh sets it; `make test` runs inside it); without it
# the test is skipped with a message.  The database is emptied first.
set -u
. "$(dirname "$0")/../lib/tap.sh"
if [ -z "${DUBAN_TEST_PG_URL:-}" ]; then
  echo "ok 1 - # SKIP DUBAN_TEST_PG_URL is not set (run under scripts/pg-test.sh)"
  exit 0
fi
command -v curl >/dev/null && command -v jq >/dev/null && command -v psql >/dev/null ||
  { echo "not ok 1 - curl, jq and psql are needed"; exit 1; }

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tap_dir"' EXIT
PW='correct horse battery'
psql -q "$DUBAN_TEST_PG_URL" -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public' \
  >/dev/null 2>&1 || { echo "not ok 1 - cannot reset the test database"; exit 1; }

# start N ARGS... — starts serve number N (stdin from $IN, else /dev/null); sets URL_N.
start() {
  local n=$1; shift
  timeout 120 "$DUBAN_BIN" serve --listen 127.0.0.1:0 --db "$DUBAN_TEST_PG_URL" "$@" \
    <"${IN:-/dev/null}" >"$tap_dir/out$n" 2>"$tap_dir/log$n" &
  PIDS+=($!)
  for _ in $(seq 1 100); do
    grep -q '^listening on ' "$tap_dir/out$n" && break
    sleep 0.1
  done
  eval "URL_$n=\$(sed -n 's/^listening on //p' \"\$tap_dir/out$n\")"
}
printf '%s\n' "$PW" >"$tap_dir/pw"
STATUS=0
IN=$tap_dir/pw start 1 --bootstrap-admin admin
start 2
if [ -n "$URL_1" ] && [ -n "$URL_2" ] && [ "$URL_1" != "$URL_2" ]; then
  tap_ok "two servers run on one PostgreSQL database"
else
  tap_not_ok "two servers run on one PostgreSQL database"; cat "$tap_dir"/log*; exit 1
fi

JAR=$tap_dir/jar
STATUS=$(curl -s --max-time 20 -o "$OUT" -w '%{http_code}' -c "$JAR" -H "Origin: $URL_1" \
  -H 'Content-Type: application/json' --data-binary "{\"name\":\"admin\",\"password\":\"$PW\"}" \
  "$URL_1/api/session")
expect_status 201 "log in on server 1"
CSRF=$(jq -r .csrf_token "$OUT")
STATUS=$(curl -s --max-time 20 -o "$OUT" -w '%{http_code}' -b "$JAR" "$URL_2/api/session")
expect_status 200 "the session is valid on server 2"
expect_out '"name":"admin"' "server 2 knows the user"
STATUS=$(curl -s --max-time 20 -o "$OUT" -w '%{http_code}' -X DELETE -b "$JAR" \
  -H "Origin: $URL_2" -H "X-CSRF-Token: $CSRF" "$URL_2/api/session")
expect_status 204 "log out on server 2"
STATUS=$(curl -s --max-time 20 -o "$OUT" -w '%{http_code}' -b "$JAR" "$URL_1/api/session")
expect_status 401 "the session is gone on server 1 too"
for p in "${PIDS[@]}"; do kill -TERM "$p"; wait "$p"; done
PIDS=()
tap_ok "both servers stop"
finish
