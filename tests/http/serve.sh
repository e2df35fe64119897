#!/usr/bin/env bash
# serve.sh — `duban serve` end to end: the real binary on 127.0.0.1, port 0; /healthz,
# the generated OpenAPI description, the error body shape, security headers, bad
# options, and SIGTERM → a prompt exit with status 0.  Every wait is bounded.
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/http.sh" # PID, its trap, SOUT, SLOG, H, http_wait
unset DUBAN_LANG LC_ALL LC_MESSAGES # messages in the default language, zh-CN
export LANG=C.UTF-8
command -v curl >/dev/null || { echo "not ok 1 - curl is needed"; exit 1; }

# serve opens a database (./duban.db by default): keep it in the scratch directory
export DUBAN_DB=$tap_dir/duban.db

# start_server ARGS... — starts duban serve in the background; sets PID and URL.
start_server() {
  : >"$SOUT"
  timeout 20 "$DUBAN_BIN" serve "$@" >"$SOUT" 2>"$SLOG" &
  PID=$!
  http_wait
}

# brun ARGS... — like run, bounded: a serve that wrongly starts is killed after 20 s.
brun() {
  timeout 20 "$DUBAN_BIN" "$@" </dev/null >"$OUT" 2>"$ERR"
  STATUS=$?
}

# fetch [CURL ARGS...] URL — body in $OUT, headers in $H, status code in STATUS.
fetch() {
  STATUS=$(curl -s --max-time 10 -D "$H" -o "$OUT" -w '%{http_code}' "$@")
}
expect_header() {
  if grep -qiE -- "^$1" "$H"; then tap_ok "$2"; else tap_not_ok "$2"; fi
}

start_server --listen 127.0.0.1:0 --db "$tap_dir/duban.db"
if [[ $URL =~ ^http://127\.0\.0\.1:[0-9]+$ ]]; then
  tap_ok "serve prints 'listening on http://127.0.0.1:PORT'"
else
  tap_not_ok "serve prints 'listening on http://127.0.0.1:PORT' (got '$URL')"
  kill "$PID" 2>/dev/null; finish; exit 1
fi

fetch "$URL/healthz"
expect_status 200 "GET /healthz answers 200"
expect_out '^\{"status":"ok"\}$' "/healthz says {\"status\":\"ok\"}"
expect_header "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'" \
  "Content-Security-Policy is set"
expect_header "X-Content-Type-Options: nosniff" "X-Content-Type-Options is set"
expect_header "Referrer-Policy: no-referrer" "Referrer-Policy is set"
expect_header "Content-Type: application/json" "answers are JSON"
expect_header "X-Request-Id: [0-9a-f]+" "answers carry a request id"

fetch -I "$URL/healthz"
expect_status 200 "HEAD /healthz answers 200"

fetch "$URL/api/openapi.json"
expect_status 200 "GET /api/openapi.json answers 200"
expect_json "the OpenAPI description is valid JSON"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
assert d["openapi"].startswith("3."); assert "get" in d["paths"]["/healthz"]
assert "/api/openapi.json" in d["paths"]' "$OUT" 2>/dev/null; then
  tap_ok "the OpenAPI description lists /healthz and itself"
else tap_not_ok "the OpenAPI description lists /healthz and itself"; fi
expect_header "Cache-Control: no-store" "/api answers carry Cache-Control: no-store"

fetch "$URL/api/no-such-thing"
expect_status 404 "an unknown path answers 404"
if python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"];
assert e["code"] == "not_found" and e["message"]' "$OUT" 2>/dev/null; then
  tap_ok "404 has the error shape {\"error\":{\"code\",\"message\"}}"
else tap_not_ok "404 has the error shape {\"error\":{\"code\",\"message\"}}"; fi
expect_out '没有此地址' "error messages are in Chinese by default"
expect_header "X-Content-Type-Options: nosniff" "error answers carry the security headers too"

fetch -H 'Accept-Language: en' "$URL/api/no-such-thing"
expect_out '"message":"no such address: /api/no-such-thing"' \
  "Accept-Language: en gives English messages"

fetch -X POST "$URL/healthz"
expect_status 405 "a wrong method answers 405"
expect_header "Allow: GET, HEAD" "405 lists the allowed methods"

conns=$(curl -s --max-time 10 -o /dev/null -o /dev/null -w '%{num_connects} ' \
  "$URL/api/no-such-thing" "$URL/healthz")
if [ "$conns" = "1 0 " ]; then tap_ok "an error answer keeps the connection open"
else tap_not_ok "an error answer keeps the connection open (connects: $conns)"; fi

fetch "$URL/healthz?verbose=1"
expect_status 400 "an undeclared query parameter answers 400"
expect_out '"field":"verbose"' "the 400 names the parameter"

if grep -qE 'access GET /healthz 200 15 [0-9]+us 127\.0\.0\.1 id=[0-9a-f]+$' "$SLOG"; then
  tap_ok "each request leaves an access log line"
else tap_not_ok "each request leaves an access log line"; fi

kill -TERM "$PID"
for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$PID" 2>/dev/null; then
  tap_not_ok "SIGTERM stops the server within 10 s"; kill -KILL "$PID"
else tap_ok "SIGTERM stops the server within 10 s"; fi
wait "$PID"
STATUS=$?
expect_status 0 "after SIGTERM serve exits 0"

start_server --listen 127.0.0.1:0
kill -INT "$PID"
wait "$PID"
STATUS=$?
expect_status 0 "after SIGINT serve exits 0"

brun serve --listen nowhere
expect_status 2 "a bad --listen is a usage error"
expect_err "用法错误：.*is not HOST:PORT" "the error says what a listen address looks like"

echo '{"listen": "127.0.0.1:0", "thread": 2}' >"$tap_dir/bad.json"
brun serve --config "$tap_dir/bad.json"
expect_status 3 "an unknown config setting is invalid input"
expect_err "输入无效：配置文件 .*bad.json: 没有设置项 'thread'" "the error names the setting"
DUBAN_LANG=en brun serve --config "$tap_dir/bad.json"
expect_err "unknown setting 'thread'" "DUBAN_LANG=en: the error names the setting"

echo '{"threads": -1}' >"$tap_dir/neg.json"
brun serve --config "$tap_dir/neg.json"
expect_status 3 "a negative config number is invalid input"
expect_err "'threads' 必须是 0 到 256 之间的整数" "the error names the setting and the range"

brun serve --config "$tap_dir/missing.json"
expect_status 3 "a missing config file is reported"

echo '{"listen": "127.0.0.1:0", "threads": 2, "max_in_flight": 8}' >"$tap_dir/ok.json"
start_server --config "$tap_dir/ok.json"
fetch "$URL/healthz"
expect_status 200 "serve --config FILE serves"
kill -TERM "$PID"; wait "$PID"
STATUS=$?
expect_status 0 "and stops with status 0"

finish
