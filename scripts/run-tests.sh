#!/usr/bin/env bash
# run-tests.sh O UNIT_BIN... — runs every unit suite (cmocka) and every integration
# script (tests/cli/*.sh, tests/http/*.sh, given the binary O/duban), then prints one
# summary line "N passed, M failed".  Exits non-zero if anything failed.
set -uo pipefail
O=$1; shift
export DUBAN_BIN=$PWD/$O/duban
export DUBAN_BUILD=$PWD/$O
passed=0; failed=0; failed_names=()
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
for t in "$@"; do
  name=${t#$O/tests/}
  out=$log/out
  if "$t" >"$out" 2>&1; then rc=0; else rc=$?; fi
  n=$(grep -aE '^\[  PASSED  \] [0-9]+ test' "$out" | awk '{s+=$4} END {print s+0}')
  f=$(grep -aE '^\[  FAILED  \] [0-9]+ test' "$out" | awk '{s+=$4} END {print s+0}')
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  passed=$((passed + n)); failed=$((failed + f))
  if [ "$rc" = 0 ]; then
    printf 'ok    %-40s %4d tests\n' "$name" "$n"
  else
    printf 'FAIL  %-40s %4d passed, %d failed\n' "$name" "$n" "$f"
    failed_names+=("$name"); sed 's/^/      /' "$out" | tail -n 60
  fi
done
for s in $(ls tests/cli/*.sh tests/http/*.sh 2>/dev/null | sort); do
  name=${s#tests/}
  out=$log/out
  if bash "$s" >"$out" 2>&1; then rc=0; else rc=$?; fi
  n=$(grep -acE '^ok ' "$out"); f=$(grep -acE '^not ok ' "$out")
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  passed=$((passed + n)); failed=$((failed + f))
  if [ "$rc" = 0 ]; then
    printf 'ok    %-40s %4d checks\n' "$name" "$n"
  else
    printf 'FAIL  %-40s %4d passed, %d failed\n' "$name" "$n" "$f"
    failed_names+=("$name"); grep -aE '^not ok|^#' "$out" | sed 's/^/      /' | tail -n 60
  fi
done
echo
[ ${#failed_names[@]} -gt 0 ] && echo "failed suites: ${failed_names[*]}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ ${#failed_names[@]} = 0 ]
