# tap.sh — helpers for integration scripts: run the binary, check status and output,
# print "ok N - …" / "not ok N - …" lines, and exit non-zero at the end if any failed.
# Sourced by tests/cli/*.sh and tests/http/*.sh; needs $DUBAN_BIN.
: "${DUBAN_BIN:?DUBAN_BIN must name the duban binary}"
tap_n=0
tap_failed=0
tap_dir=$(mktemp -d)
trap 'rm -rf "$tap_dir"' EXIT
OUT=$tap_dir/out
ERR=$tap_dir/err

# run ARGS... — runs duban with ARGS, stdin from /dev/null unless STDIN names a file.
run() {
  "$DUBAN_BIN" "$@" <"${STDIN:-/dev/null}" >"$OUT" 2>"$ERR"
  STATUS=$?
}
tap_ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
tap_not_ok() {
  tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $1"
  echo "# status=$STATUS"; sed 's/^/# out: /' "$OUT" | head -n 5; sed 's/^/# err: /' "$ERR" | head -n 5
}
expect_status() { if [ "$STATUS" = "$1" ]; then tap_ok "$2"; else tap_not_ok "$2 (want $1)"; fi; }
expect_out() { if grep -qE -- "$1" "$OUT"; then tap_ok "$2"; else tap_not_ok "$2"; fi; }
expect_err() { if grep -qE -- "$1" "$ERR"; then tap_ok "$2"; else tap_not_ok "$2"; fi; }
expect_json() {
  if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT" 2>/dev/null; then
    tap_ok "$1"; else tap_not_ok "$1"; fi
}
finish() {
  echo "# $tap_n checks, $tap_failed failed"
  [ "$tap_failed" = 0 ]
}
