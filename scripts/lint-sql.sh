#!/usr/bin/env bash
# lint-sql.sh — SQL lives in src/store/ only, as literals with placeholders.
#  1. No SQL statement text in a string literal outside src/store/.
#  2. In src/store/, no printf-style formatting of SQL (snprintf/buf_printf/sqlite3_mprintf
#     with a format holding SQL keywords, or a %s/%d inside a SQL literal).
set -uo pipefail
bad=0
kw='"[^"]*\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE TABLE|DROP TABLE|ALTER TABLE)\b'
while IFS= read -r hit; do
  echo "$hit: SQL outside src/store/"; bad=1
done < <(grep -rnE "$kw" src --include='*.[ch]' | grep -v '^src/store/')
while IFS= read -r hit; do
  echo "$hit: SQL built with printf-style formatting"; bad=1
done < <(grep -rnE '(printf|mprintf|snprintf)\s*\([^;]*\b(SELECT|INSERT|UPDATE|DELETE|WHERE)\b' src/store 2>/dev/null)
while IFS= read -r hit; do
  echo "$hit: format directive inside a SQL literal"; bad=1
done < <(grep -rnE '"[^"]*\b(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES)\b[^"]*%[-0-9.]*[sdluqQwz]' src/store 2>/dev/null)
exit $bad
