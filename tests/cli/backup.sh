#!/usr/bin/env bash
# backup.sh — `duban backup FILE [--db URL]`: the copy is written and opens as a ledger,
# an existing file is never overwritten, a missing database is refused, $DUBAN_DB is
# honoured; on PostgreSQL too when DUBAN_TEST_PG_URL is set.
set -u
. "$(dirname "$0")/../lib/tap.sh"
unset DUBAN_LANG LC_ALL LC_MESSAGES # messages in the default language, zh-CN
export LANG=C.UTF-8

db=$tap_dir/ledger.db
: >"$db" # an empty file is a new SQLite database; backup migrates it first

run backup "$tap_dir/copy.db" --db "$db"
expect_status 0 "backup of a SQLite ledger exits 0"
expect_out "备份已写入 .*copy.db" "backup says where the copy is (in Chinese)"
if [ -s "$tap_dir/copy.db" ]; then tap_ok "the copy exists"; else tap_not_ok "the copy exists"; fi

run backup "$tap_dir/copy2.db" --db "$tap_dir/copy.db" --json
expect_status 0 "a backup opens as a ledger and backs up again"
expect_json "backup --json prints JSON"
expect_out '"backend":"sqlite"' "backup --json names the backend"

echo "keep" >"$tap_dir/exists.db"
run backup "$tap_dir/exists.db" --db "$db"
expect_status 1 "backup refuses an existing file"
expect_err "^duban: backup: 冲突：.*already exists" \
  "the refusal says why, led by the kind of error in Chinese"
if [ "$(cat "$tap_dir/exists.db")" = keep ]; then tap_ok "the existing file is untouched"
else tap_not_ok "the existing file is untouched"; fi

run backup "$tap_dir/x.db" --db "$tap_dir/missing.db"
expect_status 3 "backup of a missing database is invalid input"
expect_err "输入无效：'.*missing.db' 处没有数据库" "the missing database is named"
if [ ! -e "$tap_dir/missing.db" ] && [ ! -e "$tap_dir/x.db" ]; then
  tap_ok "nothing is created for a missing database"
else tap_not_ok "nothing is created for a missing database"; fi

DUBAN_DB=$db run backup "$tap_dir/env.db"
expect_status 0 "backup uses \$DUBAN_DB"
DUBAN_LANG=en run backup "$tap_dir/en.db" --db "$db"
expect_out "backup of the sqlite database written to .*en.db" "DUBAN_LANG=en: English"
DUBAN_LANG=en run backup "$tap_dir/en.db" --db "$db"
expect_err "^duban: backup: store: backup: .*already exists" "DUBAN_LANG=en: English error"

run backup
expect_status 2 "backup without FILE is a usage error"

if [ -n "${DUBAN_TEST_PG_URL:-}" ]; then
  run backup "$tap_dir/pg.db" --db "$DUBAN_TEST_PG_URL" --json
  expect_status 0 "backup of a PostgreSQL ledger exits 0"
  expect_out '"backend":"postgres"' "the PostgreSQL backup names its backend"
  run backup "$tap_dir/pg2.db" --db "$tap_dir/pg.db"
  expect_status 0 "the PostgreSQL backup opens as a SQLite ledger"
fi
finish
