#!/usr/bin/env bash
# ledger.sh — the ledger commands end to end on a temporary SQLite database: init, unit,
# user, plan, assign, target, project, report, status, rank; exit statuses, error
# messages that name the field, --json output (parsed with python3).
set -u
. "$(dirname "$0")/../lib/tap.sh"
# messages in the default language (zh-CN) whatever the caller's locale; the English
# ones are checked with DUBAN_LANG=en
unset DUBAN_LANG LC_ALL LC_MESSAGES
export LANG=C.UTF-8

# DUBAN_TEST_DB may name another database (a PostgreSQL URL from scripts/pg-test.sh);
# it must be empty.  The checks that read the SQLite file directly are skipped then.
export DUBAN_DB=${DUBAN_TEST_DB:-$tap_dir/ledger.db}
have_sqlite3() { [ -z "${DUBAN_TEST_DB:-}" ] && command -v sqlite3 >/dev/null; }
export DUBAN_USER=tester
YEAR=$(date +%Y)
MONTH=$(date +%Y-%m)

# jq_ok EXPR DESC — evaluates the python expression EXPR over the JSON in $OUT (as j).
jq_ok() {
  if python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
    "$OUT" "$1" 2>/dev/null; then tap_ok "$2"; else tap_not_ok "$2"; fi
}

# ---- init ----
run init
expect_status 0 "init exits 0"
expect_out "^数据库 .*已就绪：结构版本 [0-9]+" "init prints the schema version (in Chinese)"
DUBAN_LANG=en run init
expect_out "^database .* ready: schema version [0-9]+" "DUBAN_LANG=en: init in English"
run init --json
expect_status 0 "init again is fine"
jq_ok 'j["schema_version"] >= 1 and j["backend"] in ("sqlite", "postgres")' "init --json gives backend and version"
run init --db "$tap_dir/nodir/x.db"
expect_status 1 "init on an impossible path fails"
expect_err "^duban: init: 存储错误：无法打开数据库 '.*nodir/x.db'" \
  "the failure names the database, led by the kind of error in Chinese"
DUBAN_LANG=en run init --db "$tap_dir/nodir/x.db"
expect_status 1 "DUBAN_LANG=en: the same exit status"
expect_err "^duban: init: cannot open database '.*nodir/x.db'" "DUBAN_LANG=en: the English message"

# ---- units ----
run unit add 保定市 --kind city
expect_status 0 "unit add city"
expect_out "^已添加单位 1: 保定市（市）" "unit add says so in Chinese"
run unit add 市发改委 --kind department --parent 保定市
expect_status 0 "unit add with a parent by name"
run unit add 涿州市 --kind county --parent 1 --json
expect_status 0 "unit add with a parent by id"
jq_ok 'j["id"] == 3 and j["parent_id"] == 1 and j["kind"] == "county"' "unit add --json"
run unit add 高新区 --kind zone --parent 保定市
run unit add 市住建局 --kind department --parent 保定市
run unit add 涞水县 --kind bogus
expect_status 3 "an unknown kind is invalid input"
expect_err "输入无效：--kind: 没有单位类型 'bogus'（city 市、" "the message names --kind"
DUBAN_LANG=en run unit add 涞水县 --kind bogus
expect_err "\-\-kind: unknown kind 'bogus' \(city, department" "DUBAN_LANG=en: the message names --kind"
run unit add 涞水县 --kind county --parent 不存在
expect_status 3 "an unknown parent unit is invalid input"
expect_err "\-\-parent: 没有单位 '不存在'" "the message names --parent and the unit"
DUBAN_LANG=en run unit add 涞水县 --kind county --parent 不存在
expect_err "\-\-parent: no unit '不存在'" "DUBAN_LANG=en: the message names --parent and the unit"
run unit add 涞水县
expect_status 2 "unit add without --kind is a usage error"
expect_err "用法错误：必须给出 --kind" "the message says --kind is required"
run unit add 市发改委 --kind department
expect_status 1 "a duplicate unit name fails"
expect_err "冲突：已有名为 '市发改委' 的单位" "the duplicate is named"
run unit frob
expect_status 2 "an unknown subcommand is a usage error"
run unit list
expect_status 0 "unit list"
expect_out "市发改委 +部门 +保定市" "unit list aligns CJK columns"
expect_out "^编号 +名称 +类型 +上级" "unit list has Chinese headings"
DUBAN_LANG=en run unit list
expect_out "^ID +name +kind +parent" "DUBAN_LANG=en: English headings"
expect_out "市发改委 +Department +保定市" "DUBAN_LANG=en: English kind labels"
run unit list --json
jq_ok 'len(j) == 5 and j[1]["name"] == "市发改委"' "unit list --json"
run unit tree
expect_out "^  涿州市" "unit tree indents children"
run unit tree --json
jq_ok 'j[0]["name"] == "保定市" and len(j[0]["children"]) == 4' "unit tree --json nests children"

# ---- users ----
printf 'correct horse battery\n' >"$tap_dir/pw"
STDIN=$tap_dir/pw run user add zhang --unit 市发改委 --role unit_editor --password-stdin --json
expect_status 0 "user add"
jq_ok 'j["role"] == "unit_editor" and j["unit_id"] == 2' "user add --json"
printf 'short\n' >"$tap_dir/pw2"
STDIN=$tap_dir/pw2 run user add li --role admin --password-stdin
expect_status 3 "a short password is refused"
expect_err "密码至少需要 10 个字符" "the message says why"
STDIN=$tap_dir/pw2 DUBAN_LANG=en run user add li --role admin --password-stdin
expect_err "at least 10 characters" "DUBAN_LANG=en: the message says why"
STDIN=$tap_dir/pw run user add li --role emperor --password-stdin
expect_status 3 "an unknown role is invalid input"
STDIN=$tap_dir/pw run user add li --role admin
expect_status 2 "a user without --password-stdin is a usage error"
STDIN=$tap_dir/pw run user add wang --role unit_editor --unit 不存在 --password-stdin
expect_status 3 "a user in an unknown unit is invalid input"
expect_err "\-\-unit: 没有单位" "the message names --unit"
run user list
expect_out "^编号 +登录名 +姓名 +角色 +单位 +状态" "user list has Chinese headings"
expect_out "zhang +zhang +单位填报员 +市发改委 +启用" "user list shows the role and state in Chinese"
run user list --json
jq_ok 'len(j) == 1 and "pw_hash" not in j[0]' "user list never shows the hash"
if ! have_sqlite3; then
  tap_ok "the password is stored as an argon2id hash # SKIP no sqlite3 shell or not SQLite"
elif sqlite3 "$DUBAN_DB" 'select pw_hash from users' | grep -q '^\$argon2id\$'; then
  tap_ok "the password is stored as an argon2id hash"
else tap_not_ok "the password is stored as an argon2id hash"; fi

# ---- plans and tasks ----
run plan add 政府工作报告 --year "$YEAR" --source report.txt --json
expect_status 0 "plan add"
jq_ok 'j["id"] == 1 and j["state"] == "draft"' "plan add --json"
run plan add x
expect_status 2 "plan add without --year is a usage error"
expect_err "必须给出 --year" "the message says --year is required"
run plan add-node 1 --title 扩大有效投资 --label 一、
expect_out "^已添加任务 1（规划 1）: 扩大有效投资" "plan add-node says so in Chinese"
run plan add-node 1 --title 抓项目促投资 --label （一） --parent 1 --deadline 年底
expect_status 0 "plan add-node with a parent"
run plan add-node 1 --title 优化营商环境 --label 二、 --deadline "$YEAR-06-30"
run plan add-node 1 --title x --deadline 2024-13-01
expect_status 3 "a bad deadline is invalid input"
expect_err "\-\-deadline" "the message names --deadline"
run plan add-node 1 --title x --deadline 明年
expect_err "\-\-deadline: 无法识别期限 '明年'" "an unreadable deadline is named in Chinese"
run plan add-node 9 --title x
expect_status 3 "add-node to an unknown plan is invalid input"
run plan list
expect_out "政府工作报告 +$YEAR +草稿" "plan list"
expect_out "^编号 +标题 +年度 +状态 +创建时间" "plan list has Chinese headings"
DUBAN_LANG=en run plan list
expect_out "政府工作报告 +$YEAR +Draft" "DUBAN_LANG=en: plan list shows the state in English"
run plan show 99
expect_status 3 "showing an unknown plan is invalid input"
expect_err "输入无效：ID: 没有编号为 99 的规划" "the message names the id"
DUBAN_LANG=en run plan show 99
expect_err "no plan with id 99" "DUBAN_LANG=en: the message names the id"
run plan show abc
expect_status 3 "a non-numeric id is invalid input"
expect_err "ID: 'abc' 不是编号" "the message says it is not an id"

# ---- assign ----
run assign 2 --lead 市发改委 --help-unit 涿州市 --help-unit 高新区 --json
expect_status 0 "assign"
jq_ok 'j["version"] == 2 and j["coop_unit_ids"] == [3, 4]' "assign --json gives the new version"
run assign 3 --lead 市住建局
expect_out "^任务 3 已分配：牵头单位 5，配合单位 0 个，版本 2" "assign says so in Chinese"
run assign 2 --lead 市住建局 --version 1
expect_status 1 "a stale version is refused"
expect_err "冲突：任务 2 已被他人修改" "the message says the node changed"
DUBAN_LANG=en run assign 2 --lead 市住建局 --version 1
expect_err "changed by someone else" "DUBAN_LANG=en: the message says the node changed"
run assign 2 --lead 市发改委 --help-unit 市发改委
expect_status 3 "the lead cannot also help"
run assign 2 --lead 不存在
expect_status 3 "an unknown lead unit is invalid input"
expect_err "\-\-lead: 没有单位 '不存在'" "the message names --lead"
run assign 77 --lead 市发改委
expect_status 3 "an unknown node is invalid input"
run assign 3 --lead 市住建局 --version 2
expect_status 0 "assign with the current version"

# ---- targets ----
run target set 2 --indicator 固定资产投资 --verb 增长 --value 10 --unit % --qualifier 左右 --json
expect_status 0 "target set"
jq_ok 'j["id"] == 1 and j["qualifier"] == "about" and j["value"] == 10' "target set --json"
run target set 2 --indicator 高新技术企业 --verb 新增 --value 200 --unit 家 --qualifier 以上
expect_out "^已添加目标 2（任务 2）: 高新技术企业" "target set says so in Chinese"
run target set 2 --indicator x --value ten --unit %
expect_status 3 "a non-numeric value is invalid input"
expect_err "\-\-value: 'ten' 不是数字" "the message names --value"
DUBAN_LANG=en run target set 2 --indicator x --value ten --unit %
expect_err "\-\-value: 'ten' is not a number" "DUBAN_LANG=en: the message names --value"
run target set 2 --indicator x --value 1 --unit % --qualifier 大概
expect_status 3 "an unknown qualifier is invalid input"
expect_err "无法识别的限定词 '大概'" "the qualifier is named"
run target set 2 --value 1 --unit %
expect_status 2 "a target without --indicator is a usage error"

# ---- projects ----
run project add 涿州物流园 --plan 1 --owner 涿州市 --total 30 --planned 12 --place 涿州市 --stage 在建 --json
expect_status 0 "project add"
jq_ok 'j["id"] == 1 and j["owner_unit_id"] == 3' "project add --json"
run project list
expect_out "^编号 +项目 +责任单位" "project list has Chinese headings"
run project add x --plan 1 --owner 涿州市 --total 1 --planned 1 --stage 施工
expect_status 3 "an unknown stage is invalid input"
expect_err "\-\-stage: 无法识别的阶段 '施工'" "the stage is named"
run project add x --plan 1 --owner 不存在 --total 1 --planned 1
expect_status 3 "an unknown owner is invalid input"
expect_err "\-\-owner: 没有单位" "the message names --owner"
run project add x --plan 1 --owner 涿州市 --total 1
expect_status 2 "project add without --planned is a usage error"
expect_err "必须给出 --planned" "the message names --planned"
run project list --json
jq_ok 'len(j) == 1 and j[0]["plan_invest"] == 12' "project list --json"

run plan show 1
expect_out "（一） 抓项目促投资 +\[#2 v2; 牵头: 市发改委; 配合: 涿州市、高新区; 期限: 年底\]" \
  "plan show prints lead units, cooperating units and deadline"
expect_out "目标 #1: 固定资产投资 增长 10% 左右" "plan show prints targets"
expect_out "涿州物流园" "plan show prints projects"
run plan show 1 --json
jq_ok 'j["nodes"][0]["children"][0]["lead_unit"] == "市发改委" and len(j["nodes"][0]["children"][0]["targets"]) == 2' \
  "plan show --json nests children and targets"

# ---- reports ----
run report submit --unit 市发改委 --item target:1 --period "$MONTH" --value 4
expect_status 1 "a draft plan takes no reports"
expect_err "不接受填报（先用 'duban plan activate 1'）" "the message says what to do"
DUBAN_LANG=en run report submit --unit 市发改委 --item target:1 --period "$MONTH" --value 4
expect_err "takes no reports \(first 'duban plan activate 1'\)" "DUBAN_LANG=en: the message says what to do"
run plan activate 1 --json
expect_status 0 "plan activate"
jq_ok 'j["from"] == "draft" and j["state"] == "active"' "plan activate --json"
run plan activate 1
expect_status 1 "activating twice is refused by the state machine"
expect_err "^duban: plan: 冲突：" "the refusal is led by the kind of error"
run report submit --unit 市发改委 --item target:1 --period "$MONTH" --value 4 --json
expect_status 0 "report submit"
jq_ok 'j["id"] == 1 and j["state"] == "submitted"' "report submit --json"
run report submit --unit 市发改委 --item target:2 --period "$MONTH" --value 50 --draft
expect_out "^报告 [0-9]+ 草稿: target:2，$MONTH" "report submit says so in Chinese"
run report submit --unit 市发改委 --item target:1 --period "$MONTH" --value 5
expect_status 1 "a submitted report cannot be submitted again"
run report submit --unit 市发改委 --item widget:1 --period "$MONTH"
expect_status 3 "an unknown item kind is invalid input"
expect_err "\-\-item: 'widget:1' 不是 node:编号" "the message names --item"
run report submit --unit 市发改委 --item target:99 --period "$MONTH"
expect_status 3 "an unknown item is invalid input"
run report submit --unit 市发改委 --item target:1 --period 2024-13
expect_status 3 "a bad period is invalid input"
expect_err "\-\-period" "the message names --period"
run report submit --unit 市发改委 --item target:1
expect_err "必须给出 --period" "the message says --period is required"
run report submit --unit 不存在 --item target:1 --period "$MONTH"
expect_status 3 "an unknown reporting unit is invalid input"
run report return 1
expect_status 3 "returning without a comment is invalid input"
run report return 1 --comment 请补充佐证材料
expect_status 0 "report return"
expect_out "^报告 1: 已提交 → 已退回" "report return says so in Chinese"
# --at: a paper report entered late, submitted at a given past time (UTC)
run report submit --unit 市发改委 --item target:1 --period 2024-01 --value 3 --at 2024-02-05 --json
expect_status 0 "report submit --at a date"
jq_ok 'j["state"] == "submitted" and j["submitted_at"] == "2024-02-05T00:00:00Z"' \
  "--at a date is midnight UTC"
run report submit --unit 市发改委 --item target:1 --period 2024-02 --at '2024-03-05T09:30:00+08:00'
expect_status 0 "report submit --at a time with an offset"
expect_out "（补录，提交时间 2024-03-05T01:30:00Z）" "the offset is turned into UTC, said in Chinese"
DUBAN_LANG=en run report submit --unit 市发改委 --item target:2 --period 2024-03 --at '2024-04-01 08:00' --json
jq_ok 'j["submitted_at"] == "2024-04-01T08:00:00Z"' "a space may separate date and time"
if have_sqlite3; then
  if sqlite3 "$DUBAN_DB" "SELECT after_json FROM audit WHERE entity = 'report' ORDER BY id DESC LIMIT 1" |
    grep -q '"backdated":true'; then tap_ok "the audit row says the submission is backdated"
  else tap_not_ok "the audit row says the submission is backdated"; fi
  if sqlite3 "$DUBAN_DB" "SELECT submitted_at FROM reports WHERE period = '2024-02'" | grep -qx '2024-03-05T01:30:00Z'
  then tap_ok "the report keeps the given submission time"
  else tap_not_ok "the report keeps the given submission time"; fi
fi
run report submit --unit 市发改委 --item target:1 --period 2024-04 --at 2999-01-01
expect_status 3 "--at in the future is invalid input"
expect_err "\-\-at 2999-01-01T00:00:00Z 晚于现在" "the message says it is in the future"
DUBAN_LANG=en run report submit --unit 市发改委 --item target:1 --period 2024-04 --at 2999-01-01
expect_err "\-\-at 2999-01-01T00:00:00Z is in the future" "DUBAN_LANG=en: the same in English"
run report submit --unit 市发改委 --item target:1 --period 2024-04 --at 2024-02-30
expect_status 3 "--at on a day that does not exist is invalid input"
expect_err "\-\-at '2024-02-30' 不是日期或时间" "the message names --at"
for bad in 2024-04-05T25:00 2024-04-05T09 '2024-04-05T09:30+8' 2024/04/05 '2024-04-05T09:30:00Zx'; do
  run report submit --unit 市发改委 --item target:1 --period 2024-04 --at "$bad"
  expect_status 3 "--at '$bad' is invalid input"
done
DUBAN_LANG=en run report submit --unit 市发改委 --item target:1 --period 2024-04 --at 2024-13-01
expect_err "\-\-at '2024-13-01' is not a date or time" "DUBAN_LANG=en: the message names --at"
run report submit --unit 市发改委 --item target:1 --period 2024-04 --at 2024-05-01 --draft
expect_status 2 "--at with --draft is a usage error"
run report submit --unit 市发改委 --item target:1 --period 2024-01 --at 2024-02-06
expect_status 1 "a submitted report cannot be entered again with --at"
run report list --period 2024-04 --json
jq_ok 'j == []' "refused --at submissions wrote nothing"
run report accept 1
expect_status 1 "accepting a returned report is an illegal transition"
expect_err "已退回" "the message names the state"
run report submit --unit 市发改委 --item target:1 --period "$MONTH" --value 9
expect_status 0 "a returned report can be submitted again"
run report accept 1 --json
expect_status 0 "report accept"
jq_ok 'j["from"] == "submitted" and j["state"] == "accepted"' "report accept --json"
run report return 1 --comment again
expect_status 1 "an accepted report is final"
run report accept 42
expect_status 3 "accepting an unknown report is invalid input"
run report submit --unit 涿州市 --item project:1 --period "$MONTH" --value 6 --stage 在建
expect_status 0 "a project report"
run report submit --unit 市住建局 --item node:3 --period "$MONTH" --value 50 --draft --json
jq_ok 'j["state"] == "draft"' "a report saved as a draft"
DRAFT_ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$OUT" 2>/dev/null)

run report list --period "$MONTH"
expect_status 0 "report list"
expect_out "涿州市 +project:1 +$MONTH +已提交 +6" "report list shows unit, item, period, state, value"
run report list --period "$MONTH" --state accepted --json
jq_ok 'len(j) == 1 and j[0]["item_kind"] == "target" and j[0]["value"] == 9' "report list --state filters"
run report list --period "$MONTH" --unit 涿州市 --json
jq_ok 'len(j) == 1 and j[0]["unit_id"] == 3' "report list --unit filters"
run report list --period "$MONTH" --state lost
expect_status 3 "report list with an unknown state is invalid input"
run report list
expect_status 2 "report list without --period is a usage error"

# ---- status ----
run status
expect_status 0 "status"
expect_out "^截至 [0-9-]+，共 4 项" "status prints the summary first"
expect_out "固定资产投资 增长 +市发改委" "status lists targets with their unit"
expect_out "未填报（" "status prints the not-reported list"
run status --json --as-of "$YEAR-12-31"
expect_status 0 "status --json"
jq_ok 'j["summary"]["total"] == 4 and len(j["items"]) == 4 and "not_reported" in j' "status --json has summary, items, not_reported"
jq_ok '[i for i in j["items"] if i["kind"] == "target" and i["id"] == 1][0]["actual_pct"] == 90' \
  "a target's actual progress is reported value over target"
jq_ok '[i for i in j["items"] if i["kind"] == "project"][0]["actual_pct"] == 50' \
  "a project's actual progress is its investment completion rate"
run status --as-of "$((YEAR + 1))-02-01" --json
jq_ok 'any(i["status"] == "overdue" and i["warning"] == "red" for i in j["items"])' \
  "after the deadline an unfinished item is overdue (red)"
run status --unit 涿州市 --json
jq_ok 'len(j["items"]) == 1 and j["items"][0]["kind"] == "project"' "status --unit filters by unit"
run status --unit 不存在
expect_status 3 "status for an unknown unit is invalid input"
run status --as-of 2024-02-30
expect_status 3 "a bad --as-of is invalid input"
run status --plan 9
expect_status 3 "status for an unknown plan is invalid input"

# ---- rank ----
run rank --period "$MONTH"
expect_status 0 "rank"
expect_out "^1 +涿州市" "the unit with on-time reports and investment ranks first"
run rank --period "$MONTH" --json
jq_ok 'j["ranking"][0]["unit"] == "涿州市" and j["ranking"][0]["components"]["ontime"]["rate"] == 100' \
  "rank --json gives the score breakdown"
run rank --period 2024-Q1
expect_status 3 "rank wants a month"

# ---- a draft is edited, then submitted ----
run report submit --unit 市住建局 --item node:3 --period "$MONTH" --value 60 --draft
expect_status 0 "a draft can be saved again"
run report submit --unit 市住建局 --item node:3 --period "$MONTH" --value 60 --json
expect_status 0 "a draft can be submitted"
jq_ok "j['id'] == ${DRAFT_ID:-0} and j['state'] == 'submitted'" "submitting a draft keeps its id"

# ---- import (only once the extraction engine is linked in) ----
SEED=$(dirname "$0")/../data/002_c7f7bf300aa76a8f.txt
if "$DUBAN_BIN" help import >/dev/null 2>&1; then
  run import "$SEED" --title 2023年政府工作报告 --year 2023 --json
  expect_status 0 "import a government work report"
  jq_ok 'j["counts"]["nodes"] > 5 and j["counts"]["targets"] > 0 and j["state"] == "draft"' \
    "import finds tasks and targets"
  IMPORTED=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["plan_id"])' "$OUT" 2>/dev/null)
  run plan show "${IMPORTED:-0}" --json
  jq_ok 'j["plan"]["state"] == "draft" and len(j["nodes"]) > 0' "the imported plan is a draft with a task tree"
  DUBAN_LANG=en run import "$SEED" --year 2023
  expect_status 0 "import prints a summary for people"
  expect_out "^imported plan [0-9]+" "the summary names the plan"
  run import "$tap_dir/missing.txt" --year 2023
  expect_status 1 "importing a missing file fails"
  run import "$SEED" --year twenty
  expect_status 3 "a bad --year is invalid input"
else
  tap_ok "import # SKIP the extraction engine is not linked in yet"
fi

# ---- the audit trail saw every write ----
if ! have_sqlite3; then
  tap_ok "every write is audited under \$DUBAN_USER # SKIP no sqlite3 shell or not SQLite"
else
  n=$(sqlite3 "$DUBAN_DB" "select count(*) from audit where actor = 'tester'")
  if [ "${n:-0}" -ge 20 ]; then tap_ok "every write is audited under \$DUBAN_USER"; else
    tap_not_ok "every write is audited under \$DUBAN_USER ($n rows)"; fi
fi

finish
