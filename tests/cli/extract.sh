#!/usr/bin/env bash
# extract.sh — `duban extract`: exit statuses (0/1/2/3), the readable outline, --json
# (parsed by python3 -m json.tool), standard input, --simplified, --year, --max-bytes;
# labels and messages in Chinese by default, in English with DUBAN_LANG=en.
set -uo pipefail
unset DUBAN_LANG LC_ALL LC_MESSAGES # the default language, zh-CN
export LANG=C.UTF-8
BIN=${DUBAN_BIN:-build/duban}
SEED=tests/data/002_c7f7bf300aa76a8f.txt
TRAD=tests/data/000_28d01b229fcb1637.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

# check DESCRIPTION COMMAND...: runs the command, prints ok/not ok.
check() {
	local desc=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		failed=1
	fi
}

# status WANT COMMAND...: the command exits with WANT (output kept in $tmp/out, $tmp/err).
status() {
	local want=$1 rc
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" = "$want" ] || { echo "# exit $rc, wanted $want: $(head -c 300 "$tmp/err")"; return 1; }
}

check "text output exits 0" status 0 "$BIN" extract "$SEED"
check "text output shows the outline and glossary" \
	grep -q '^一、' "$tmp/out"
check "text output lists the glossary" grep -q '^名词解释:' "$tmp/out"
check "text output puts results under their headings" grep -q "^    \[结果\] " "$tmp/out"
check "text output names the encoding and year in Chinese" \
	grep -q '^编码 UTF-8，字形 简体，[0-9]* 字节，年度 2023$' "$tmp/out"
check "DUBAN_LANG=en: text output exits 0" status 0 env DUBAN_LANG=en "$BIN" extract "$SEED"
check "  ... English labels" grep -q '^encoding UTF-8, script simplified, [0-9]* bytes, year 2023$' "$tmp/out"
check "  ... English glossary heading" grep -q '^glossary:' "$tmp/out"
check "  ... English statement labels" grep -q "^    \[result\] " "$tmp/out"
check "--json exits 0" status 0 "$BIN" extract "$SEED" --json
check "--json parses" python3 -m json.tool "$tmp/out" /dev/null
check "--json has the six parts" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert set(j) >= {"document", "outline", "statements", "projects", "units", "glossary"}
assert j["document"]["year"] == 2023 and len(j["glossary"]) == 31
raw = open(sys.argv[2], "rb").read()
for o in j["outline"]:
    s, e = o["span"]
    assert raw[s:e].decode().startswith(o["label"]), o
' "$tmp/out" "$SEED"
check "reads standard input with -" status 0 "$BIN" extract - --json <"$SEED"
check "stdin JSON parses" python3 -m json.tool "$tmp/out" /dev/null
check "reads standard input without FILE" status 0 "$BIN" extract <"$SEED"
check "Traditional titles stay Traditional" status 0 "$BIN" extract "$TRAD"
check "  ... 健全服務" grep -q '健全服務' "$tmp/out"
check "--simplified shows Simplified" status 0 "$BIN" extract "$TRAD" --simplified
check "  ... 健全服务" grep -q '健全服务' "$tmp/out"
check "--year is used when the document has none" status 0 "$BIN" extract "$TRAD" --json --year 2024
check "  ... year 2024" python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["document"]["year"] == 2024' "$tmp/out"
: >"$tmp/empty.txt"
check "empty file exits 3" status 3 "$BIN" extract "$tmp/empty.txt"
check "  ... with duban: extract: 输入无效：" grep -q '^duban: extract: 输入无效：' "$tmp/err"
check "missing file exits 1" status 1 "$BIN" extract "$tmp/no-such-file.txt"
check "  ... naming the file" grep -q '读写失败：无法打开 .*no-such-file.txt' "$tmp/err"
check "--max-bytes below the size exits 3" status 3 "$BIN" extract "$SEED" --max-bytes 100
check "  ... naming the limit" grep -q '超出限制：.*超过 100 字节的上限' "$tmp/err"
check "DUBAN_LANG=en: --max-bytes below the size exits 3" \
	status 3 env DUBAN_LANG=en "$BIN" extract "$SEED" --max-bytes 100
check "  ... naming the limit in English" grep -q 'larger than the limit of 100 bytes' "$tmp/err"
check "bad --year exits 2" status 2 "$BIN" extract "$SEED" --year abc
check "  ... naming the range" grep -q -- '--year 必须是 1900 到 2199 之间的整数' "$tmp/err"
check "unknown option exits 2" status 2 "$BIN" extract "$SEED" --jsn
check "two files exit 2" status 2 "$BIN" extract "$SEED" "$SEED"
check "--help exits 0" status 0 "$BIN" extract --help
check "  ... in Chinese" grep -q '^从规划文件起草台账' "$tmp/out"
exit $failed
