#!/usr/bin/env bash
# run.sh BIN — `make run`: the main job on the embedded default.  While `duban serve`
# does not exist yet, this is the most useful thing that does: drafting a ledger from the
# 2023 Baoding government work report with `duban extract`.
set -euo pipefail
bin=$1
if "$bin" help extract >/dev/null 2>&1; then
  echo "make run: drafting the ledger of tests/data/002_c7f7bf300aa76a8f.txt (duban extract)" >&2
  exec "$bin" extract tests/data/002_c7f7bf300aa76a8f.txt
fi
echo "make run: no import command is built yet; showing the command list" >&2
exec "$bin" --help
