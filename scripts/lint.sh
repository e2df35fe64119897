#!/usr/bin/env bash
# lint.sh — `make lint`: the layering rule, the SQL rule, clang-format and cppcheck.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
step() { echo "lint: $1"; }
step "layering (scripts/lint-layers.sh)"
bash scripts/lint-layers.sh src || status=1
step "SQL only in src/store, never formatted (scripts/lint-sql.sh)"
bash scripts/lint-sql.sh || status=1
step "clang-format --dry-run -Werror"
files=$(find src tests bench -name '*.[ch]' -not -path 'tests/fuzz/corpus/*' | sort)
clang-format --dry-run -Werror $files || status=1
step "cppcheck"
cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability,performance \
  --inline-suppr --suppress=missingIncludeSystem -Isrc -D__GNUC__ src || status=1
[ $status = 0 ] && echo "lint: clean" || echo "lint: FAILED"
exit $status
