#!/usr/bin/env bash
# pg-test.sh COMMAND [ARG...] — runs COMMAND against a throwaway PostgreSQL 15 cluster.
#
# Creates a cluster with initdb in a temporary directory, starts it listening only on a
# Unix socket in that directory (no TCP), creates database duban_test, exports
#   DUBAN_TEST_PG_URL=postgresql:///duban_test?host=<dir>&user=postgres
# runs COMMAND, and always stops the cluster and removes the directory.  Exits with
# COMMAND's status.  PostgreSQL refuses to run as root: when run as root, the server runs
# as user postgres (runuser) and the directory is handed to that user.
#   bash scripts/pg-test.sh build/tests/unit/store/test_store_contract
set -uo pipefail
[ $# -ge 1 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$PGBIN/initdb" ] || { echo "pg-test: $PGBIN/initdb not found (install postgresql)" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/duban-pg-XXXXXX") || exit 2
as_pg=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "pg-test: user postgres missing" >&2; rm -rf "$dir"; exit 2; }
  chown postgres: "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${as_pg[@]}" "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C \
  >"$dir/initdb.log" 2>&1 || { echo "pg-test: initdb failed" >&2; cat "$dir/initdb.log" >&2; exit 2; }
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-k $dir -c listen_addresses= -c fsync=off -c full_page_writes=off" start >/dev/null \
  || { echo "pg-test: server did not start" >&2; cat "$dir/server.log" >&2; exit 2; }
"${as_pg[@]}" "$PGBIN/createdb" -h "$dir" -U postgres duban_test \
  || { echo "pg-test: createdb failed" >&2; exit 2; }

export DUBAN_TEST_PG_URL="postgresql:///duban_test?host=$dir&user=postgres"
"$@"
