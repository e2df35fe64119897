#!/usr/bin/env bash
# lint-layers.sh [ROOT] — enforces the layering rule of docs/architecture.md: a file in
# src/<layer>/ may include headers of its own layer and of lower layers only.
#   base < extract < model < store < http < api < cli
set -uo pipefail
root=${1:-src}
rank() {
  case $1 in
    base) echo 0;; extract) echo 1;; model) echo 2;; store) echo 3;;
    http) echo 4;; api) echo 5;; cli) echo 6;; *) echo -1;;
  esac
}
bad=0
while IFS= read -r f; do
  layer=$(basename "$(dirname "$f")")
  mine=$(rank "$layer")
  [ "$mine" -ge 0 ] || { echo "$f: not in a known layer folder"; bad=1; continue; }
  while IFS=: read -r line inc; do
    dep=${inc%%/*}
    r=$(rank "$dep")
    if [ "$r" -lt 0 ]; then continue; fi
    if [ "$r" -gt "$mine" ]; then
      echo "$f:$line: layer '$layer' must not include '$inc' (layer '$dep' is higher)"
      bad=1
    fi
  done < <(grep -nE '^\s*#\s*include\s*"' "$f" | sed -E 's/^([0-9]+):\s*#\s*include\s*"([^"]+)".*/\1:\2/')
done < <(find "$root" -name '*.[ch]' | sort)
exit $bad
