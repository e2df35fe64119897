#!/usr/bin/env bash
# fuzz-regress.sh FUZZ_O SECONDS FUZZER... — replays each fuzzer's committed corpus
# (tests/fuzz/corpus/<target>/) and, when SECONDS > 0, fuzzes each for that long into a
# scratch copy of the corpus.  A crash fails the run and leaves the input in build/fuzz/.
set -euo pipefail
O=$1; secs=$2; shift 2
for f in "$@"; do
  name=$(basename "$f"); target=${name#fuzz_}
  corpus=tests/fuzz/corpus/$target
  [ -d "$corpus" ] || { echo "fuzz: $name has no corpus at $corpus" >&2; exit 1; }
  n=$(find "$corpus" -type f | wc -l)
  echo "fuzz: $name replays $n inputs"
  "$f" -runs=0 -artifact_prefix="$O/$name-" "$corpus" >"$O/$name.log" 2>&1 || {
    tail -n 40 "$O/$name.log"; echo "fuzz: $name FAILED on its corpus" >&2; exit 1; }
  if [ "$secs" -gt 0 ]; then
    scratch=$O/scratch-$target; rm -rf "$scratch"; mkdir -p "$scratch"
    "$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$O/$name-" \
      "$scratch" "$corpus" >"$O/$name.fuzz.log" 2>&1 || {
      tail -n 40 "$O/$name.fuzz.log"; echo "fuzz: $name FAILED while fuzzing" >&2; exit 1; }
    echo "fuzz: $name fuzzed ${secs}s: $(grep -c '' "$O/$name.fuzz.log") log lines, no crash"
  fi
done
echo "fuzz: all targets passed"
