#!/usr/bin/env bash
# ledger_sheets.sh — spreadsheets in and out: `duban import-ledger` (CSV with BOM and
# Traditional headers, GB18030 CSV, xlsx), a rejected import (exit 3, row and column named,
# nothing written), `duban export` in CSV and xlsx read back (BOM, cells, bold frozen
# header, '=1+1' stored as text and never as a formula), and `duban demo`.
set -u
. "$(dirname "$0")/../lib/tap.sh"
unset DUBAN_LANG LC_ALL LC_MESSAGES # messages in the default language, zh-CN
export LANG=C.UTF-8

W=$tap_dir/w
mkdir -p "$W"
DB=$W/t.db

# py SCRIPT ARGS... — runs python3 on an inline script; its exit status is the check.
py() { python3 -c "$@"; }
check() { if "$@" >"$tap_dir/check" 2>&1; then tap_ok "$CHECK"; else
  STATUS=$?; tap_not_ok "$CHECK"; sed 's/^/# /' "$tap_dir/check" | head -n 5; fi; }

# ---- import-ledger ----

run init --db "$DB"
for u in 保定市 市发改委 市住建局 市财政局; do
  run unit add "$u" --kind department --db "$DB"
done
expect_status 0 "units for the import exist"

printf '\xEF\xBB\xBF保定市重点任务台账（2026年）\n序號,重點任務,牽頭單位,配合單位（可多个）,完成時限,目標值,計量單位\n一、,产业升级,市发改委,,,,\n1,推进园区建设,市发改委,市住建局、市财政局,2026年底,100,亿元\n1.1,"子任务 ""甲""",市住建局,,2026-06-30,3.5,亿元\n1.2,=1+1,,,,,\n二、,民生,,,,\n（一）,教育,市财政局,,,,\n' >"$W/good.csv"
run import-ledger "$W/good.csv" --title 测试台账 --year 2026 --db "$DB" --json
expect_status 0 "import-ledger a CSV with BOM and Traditional headers"
expect_out '"nodes": 6' "all six rows become tasks"
expect_out '"targets": 2' "target values become targets"
expect_out '"header_line": 2' "the title row above the header is skipped"

run plan show 1 --json --db "$DB"
CHECK="the numbering gives the tree and units are resolved"
check py 'import json,sys
p=json.load(open(sys.argv[1]))
top=p["nodes"]; assert [n["label"] for n in top]==["一、","二、"], top
c=top[0]["children"][0]; assert c["label"]=="1" and c["lead_unit"]=="市发改委", c
assert [k["label"] for k in c["children"]]==["1.1","1.2"], c
assert len(c["coop_unit_ids"])==2, c
assert top[1]["children"][0]["label"]=="（一）"' "$OUT"

printf '序号,任务,牵头单位\n1,城市更新,市住建局\n2,财政保障,市财政局\n' | iconv -f UTF-8 -t GB18030 >"$W/gb.csv"
run import-ledger "$W/gb.csv" --title GB台账 --db "$DB"
expect_status 0 "import-ledger a GB18030 CSV"
expect_out "^已导入到规划 [0-9]+ «GB台账»: [0-9]+ 个任务" "import-ledger says so in Chinese"

py 'import zipfile,sys
wb="""<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"""
rels="""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="ws" Target="worksheets/sheet1.xml"/></Relationships>"""
sst="<sst><si><t>序号</t></si><si><t>工作任务</t></si><si><t>牵头单位</t></si><si><t>市发改委</t></si><si><t>完成时限</t></si></sst>"
def row(r, cells): return "<row r=\"%d\">%s</row>" % (r, "".join(cells))
ws="<worksheet><sheetData>"+row(1,["<c r=\"A1\" t=\"s\"><v>0</v></c>","<c r=\"B1\" t=\"s\"><v>1</v></c>","<c r=\"C1\" t=\"s\"><v>2</v></c>","<c r=\"D1\" t=\"s\"><v>4</v></c>"])
ws+=row(2,["<c r=\"A2\"><v>1</v></c>","<c r=\"B2\" t=\"inlineStr\"><is><t>项目谋划</t></is></c>","<c r=\"C2\" t=\"s\"><v>3</v></c>","<c r=\"D2\" s=\"1\"><v>46387</v></c>"])
ws+=row(3,["<c r=\"A3\"><v>1.1</v></c>","<c r=\"B3\" t=\"inlineStr\"><is><t>前期手续</t></is></c>"])
bad=ws+row(5,["<c r=\"A5\"><v>2</v></c>","<c r=\"B5\" t=\"inlineStr\"><is><t>x</t></is></c>","<c r=\"C5\" t=\"inlineStr\"><is><t>不存在局</t></is></c>"])
for name,body in (("good.xlsx",ws),("bad.xlsx",bad)):
  with zipfile.ZipFile(sys.argv[1]+"/"+name,"w",zipfile.ZIP_DEFLATED) as z:
    z.writestr("xl/workbook.xml",wb); z.writestr("xl/_rels/workbook.xml.rels",rels)
    z.writestr("xl/sharedStrings.xml",sst); z.writestr("xl/worksheets/sheet1.xml",body+"</sheetData></worksheet>")
with zipfile.ZipFile(sys.argv[1]+"/nosheet.xlsx","w") as z: z.writestr("xl/workbook.xml",wb)' "$W"
run import-ledger "$W/good.xlsx" --title XLSX台账 --db "$DB" --json
expect_status 0 "import-ledger an xlsx (shared strings, inline strings, numbers)"
expect_out '"nodes": 2' "the xlsx rows become tasks"
xplan=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["plan_id"])' "$OUT")
run plan show "$xplan" --json --db "$DB"
expect_out '"deadline": "2026-12-31"' "an Excel date serial becomes YYYY-MM-DD"

printf '序号,任务
（1）,追加一
（2）,追加二
' >"$W/more.csv"
run import-ledger "$W/more.csv" --plan 1 --db "$DB" --json
expect_status 0 "import-ledger --plan adds to an existing plan"
run plan show 1 --json --db "$DB"
CHECK="the added tasks follow the plan's existing top-level tasks"
check py 'import json,sys
top=json.load(open(sys.argv[1]))["nodes"]
assert [n["label"] for n in top]==["一、","二、","（1）","（2）"], [n["label"] for n in top]
assert [n["seq"] for n in top]==[1,2,3,4], [n["seq"] for n in top]' "$OUT"
run import-ledger "$W/more.csv" --plan 1 --title x --db "$DB"
expect_status 2 "--plan with --title is a usage error"

run plan list --json --db "$DB"
before=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$OUT")

printf '序号,任务,牵头单位\n1,a,市发改委\n2,b,市发改委\n3,c,市发改委\n4,d,不存在局\n' >"$W/bad.csv"
run import-ledger "$W/bad.csv" --db "$DB"
expect_status 3 "an unknown unit rejects the import (exit 3)"
expect_err "^duban: import-ledger: 输入无效：bad.csv: 第5行 第3列（牵头单位）: 未知单位 '不存在局'" \
  "the error names the row, the column and the unit"
DUBAN_LANG=en run import-ledger "$W/bad.csv" --db "$DB"
expect_status 3 "DUBAN_LANG=en: the same exit status"
expect_err "bad.csv: row 5, column 3 \(牵头单位\): unknown unit '不存在局'" \
  "DUBAN_LANG=en: the error names the row, the column and the unit"
run import-ledger "$W/bad.xlsx" --db "$DB"
expect_status 3 "an unknown unit in an xlsx rejects the import"
expect_err "第5行 第3列（牵头单位）" "the xlsx error names the spreadsheet row and column"
run import-ledger "$W/nosheet.xlsx" --db "$DB"
expect_status 3 "an xlsx without its worksheet is rejected"
expect_err "缺少工作表" "the error says the worksheet is missing"
printf '序号,任务\n1,a\n1.2.1,b\n' >"$W/tree.csv"
run import-ledger "$W/tree.csv" --db "$DB"
expect_status 3 "a number whose parent is missing is rejected"
expect_err "第3行 第1列（序号）: '1.2.1' 的上级 '1.2' 不存在" "the error names the missing parent"
run plan list --json --db "$DB"
after=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$OUT")
if [ "$before" = "$after" ]; then tap_ok "rejected imports changed nothing"; else
  tap_not_ok "rejected imports changed nothing ($before plans before, $after after)"; fi

# ---- export ----

run export --format csv --plan 1 -o "$W/l.csv" --db "$DB"
expect_status 0 "export the ledger as CSV"
CHECK="the CSV has a BOM, the header, Chinese text and a neutralised formula"
check py 'import csv,sys
raw=open(sys.argv[1],"rb").read(); assert raw.startswith(b"\xef\xbb\xbf"), raw[:5]
rows=list(csv.reader(raw.decode("utf-8-sig").splitlines()))
assert rows[0][:3]==["序号","任务","牵头单位"], rows[0]
assert ["1","推进园区建设","市发改委","市住建局、市财政局"]==rows[2][:4], rows[2]
assert "子任务 \"甲\"" in [r[1] for r in rows], rows
assert "'"'"'=1+1" in [r[1] for r in rows], [r[1] for r in rows]' "$W/l.csv"

run export --format xlsx --plan 1 -o "$W/l.xlsx" --db "$DB" --json
expect_status 0 "export the ledger as xlsx"
expect_json "export --json prints JSON"
CHECK="the xlsx has a bold frozen header, Chinese text, and '=1+1' as a string, not a formula"
check py 'import zipfile,sys,re
import xml.etree.ElementTree as ET
ns={"m":"http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z=zipfile.ZipFile(sys.argv[1])
sst=[ "".join(t.text or "" for t in si.iter("{%s}t"%ns["m"])) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si",ns)]
ws=ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
assert not list(ws.iter("{%s}f"%ns["m"])), "a formula was written"
cells={}
for c in ws.iter("{%s}c"%ns["m"]):
  v=c.find("m:v",ns); t=c.get("t")
  cells[c.get("r")]=(t, sst[int(v.text)] if t=="s" else (v.text if v is not None else None), c.get("s"))
assert cells["A1"][1]=="序号" and cells["B1"][1]=="任务", cells["A1"]
assert cells["A1"][2] is not None, "header has no style"
vals={v[1]:k for k,v in cells.items()}
assert "=1+1" in vals and cells[vals["=1+1"]][0]=="s", cells.get(vals.get("=1+1"))
assert "推进园区建设" in vals and "市住建局、市财政局" in vals
pane=ws.find(".//m:pane",ns); assert pane is not None and pane.get("state")=="frozen" and pane.get("ySplit")=="1"
styles=z.read("xl/styles.xml").decode(); assert "<b/>" in styles' "$W/l.xlsx"

(cd "$W" && "$DUBAN_BIN" export --format csv --plan 1 --db "$DB" >/dev/null 2>&1)
if ls "$W"/duban-ledger-[0-9]*.csv >/dev/null 2>&1; then
  tap_ok "the default file is duban-ledger-YYYYMMDD.csv in the current folder"
else tap_not_ok "the default file is duban-ledger-YYYYMMDD.csv in the current folder"; fi

run export --format csv --db "$DB"
expect_status 2 "export of the ledger with several plans needs --plan"
run export --format pdf --db "$DB"
expect_status 2 "an unknown format is a usage error"
run export --format csv --plan 1 -x "$W/x.csv" --db "$DB"
expect_status 2 "an unknown one-letter option is still a usage error"
run export --format csv --plan 1 -o
expect_status 2 "-o needs a value"

# ---- demo ----

DEMO=$W/demo.db
run demo --db "$DEMO"
expect_status 0 "demo builds a database"
expect_out "【演示】" "demo says its data is labelled"
expect_out "admin +admin +[A-Za-z0-9]{12}" "demo prints the users' passwords"
run demo --db "$DEMO"
expect_status 1 "demo refuses a database that has data"
expect_err "已有数据" "the refusal says why"
run demo --db "$DEMO" --force --json
expect_status 0 "demo --force rebuilds it"
expect_json "demo --json prints JSON"
CHECK="demo has units, the five seeds as plans, projects and six months of reports"
check py 'import json,sys
d=json.load(open(sys.argv[1]))
assert d["units"]>=30 and d["plans"]==5 and d["projects"]>=6 and d["reports"]>500, d
assert d["targets"]>50 and d["results"]>50 and len(d["users"])==5, d' "$OUT"
NPROJ=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["projects"])' "$OUT" 2>/dev/null)
run plan list --json --db "$DEMO"
CHECK="every demo plan title starts with 【演示】"
check py 'import json,sys
p=json.load(open(sys.argv[1])); assert p and all(x["title"].startswith("【演示】") for x in p), p' "$OUT"
run status --db "$DEMO" --json
expect_status 0 "status works on the demo database"
CHECK="the demo has lagging items and items not reported"
check py 'import json,sys
s=json.load(open(sys.argv[1])); assert s["summary"]["total"]>=20, s["summary"]
assert len(s["not_reported"])>0 and (s["summary"]["lagging"]+s["summary"]["seriously_lagging"])>0, s["summary"]' "$OUT"

run export --format xlsx --what bulletin -o "$W/b.xlsx" --db "$DEMO"
expect_status 0 "export the bulletin as xlsx"
CHECK="the bulletin has the summary, warning and not-reported sheets"
check py 'import zipfile,sys
z=zipfile.ZipFile(sys.argv[1]); wb=z.read("xl/workbook.xml").decode()
assert "汇总" in wb and "预警" in wb and "未填报" in wb, wb
assert len([n for n in z.namelist() if n.startswith("xl/worksheets/sheet")])==3' "$W/b.xlsx"
run export --format csv --what projects -o "$W/p.csv" --db "$DEMO"
expect_status 0 "export the projects as CSV"
CHECK="the project table has the completion rate"
check py 'import csv,sys
rows=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig")))
assert rows[0][-1]=="投资完成率(%)" and len(rows)==int(sys.argv[2])+1, rows[0]
for r in rows[1:]:
  assert abs(float(r[6])/float(r[5])*100-float(r[7]))<0.1, r' "$W/p.csv" "${NPROJ:-0}"

finish
