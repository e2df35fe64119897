#!/usr/bin/env bash
# run.sh BIN — `make run`: the main job on the embedded default.  Creates ./duban.db with
# `duban demo` if it does not exist (the demo accounts are kept in
# ./duban-demo-accounts.txt, since passwords are shown only once), prints the accounts and
# a few example requests, and runs `duban serve` on 127.0.0.1:8080 until Ctrl-C.
set -euo pipefail
bin=$1
db=${DUBAN_DB:-./duban.db}
listen=${DUBAN_LISTEN:-127.0.0.1:8080}
accounts=./duban-demo-accounts.txt
if [ ! -e "$db" ]; then
  echo "make run: creating $db with demo data (duban demo)"
  "$bin" demo --db "$db" | tee "$accounts"
fi
base=http://$listen
cat <<MSG

make run: serving $db on $base   (stop with Ctrl-C)
demo accounts (one per role, from $accounts):
$( [ -f "$accounts" ] && grep -E '^  [a-z]+ +(admin|supervisor|leader|unit_editor|unit_viewer) ' "$accounts" || echo "  (not kept: see the output of 'duban demo' when $db was made)")

example requests (use a password from above):
  curl -s $base/healthz
  curl -s -c jar -H 'Origin: $base' -H 'Content-Type: application/json' \\
       -d '{"name":"ducha","password":"…"}' $base/api/session
  curl -s -b jar $base/api/plans
  curl -s -b jar '$base/api/plans/1/nodes?limit=5'
  curl -s -b jar '$base/api/not-reported?plan=1&period=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)'
  curl -s $base/api/openapi.json
and on the command line:  $bin status --db $db ;  $bin extract tests/data/002_c7f7bf300aa76a8f.txt

MSG
exec "$bin" serve --db "$db" --listen "$listen"
