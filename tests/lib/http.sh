# http.sh — what tests/http/*.sh share: `duban serve` on 127.0.0.1:0 with a temporary
# database and a first admin, and curl as a logged-in user (one cookie jar and CSRF token
# per user, our Origin).  Source it after tap.sh; the helpers need curl and jq.
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$tap_dir"' EXIT
SOUT=$tap_dir/serve.out
SLOG=$tap_dir/serve.log
H=$tap_dir/headers
PW='correct horse battery'
HTTP_MAX_TIME=20

# http_wait — waits (10 s at most) for the server $PID to print "listening on URL" to
# $SOUT, or to die; sets URL ("" when it did not start).
http_wait() {
  for _ in $(seq 1 100); do
    grep -q '^listening on ' "$SOUT" && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  URL=$(sed -n 's/^listening on //p' "$SOUT")
}

# http_serve DB CONFIG — serve on DB with the JSON text CONFIG and the first admin
# "admin" (password $PW); sets PID and URL, or says "not ok 1" and exits.
http_serve() {
  printf '%s\n' "$2" >"$tap_dir/cfg.json"
  printf '%s\n' "$PW" >"$tap_dir/pw"
  timeout 300 "$DUBAN_BIN" serve --listen 127.0.0.1:0 --db "$1" --config "$tap_dir/cfg.json" \
    --bootstrap-admin admin <"$tap_dir/pw" >"$SOUT" 2>"$SLOG" &
  PID=$!
  http_wait
  [ -n "$URL" ] || { echo "not ok 1 - serve did not start"; cat "$SLOG"; exit 1; }
}

# http_stop — SIGTERM to the server and its exit status in STATUS.
http_stop() {
  kill -TERM "$PID"
  wait "$PID"
  STATUS=$?
  PID=
}

# call USER METHOD PATH [BODY] [CURL ARGS...] — as USER (cookie jar, CSRF token, our
# Origin); a JSON BODY when not empty; body in $OUT, headers in $H, status in STATUS.
call() {
  local user=$1 method=$2 path=$3 body=${4-}
  local args=(-s --max-time "$HTTP_MAX_TIME" -D "$H" -o "$OUT" -w '%{http_code}' -X "$method"
    -b "$tap_dir/jar.$user" -c "$tap_dir/jar.$user" -H "Origin: $URL")
  [ -s "$tap_dir/csrf.$user" ] && args+=(-H "X-CSRF-Token: $(cat "$tap_dir/csrf.$user")")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  STATUS=$(curl "${args[@]}" "${@:5}" "$URL$path")
}

# login USER [PASSWORD] — a new session for USER (password $PW unless given); its CSRF
# token kept for call.
login() {
  rm -f "$tap_dir/jar.$1" "$tap_dir/csrf.$1"
  call "$1" POST /api/session "{\"name\":\"$1\",\"password\":\"${2:-$PW}\"}"
  [ "$STATUS" = 201 ] && jq -r .csrf_token "$OUT" >"$tap_dir/csrf.$1"
}

# jqt FILTER NAME — a check that the jq FILTER holds on $OUT.
jqt() { if jq -e "$1" "$OUT" >/dev/null 2>&1; then tap_ok "$2"; else tap_not_ok "$2"; fi; }
# hdr REGEX NAME — a check that a header line of the last answer matches REGEX.
hdr() { if grep -qiE -- "$1" "$H"; then tap_ok "$2"; else tap_not_ok "$2"; fi; }
