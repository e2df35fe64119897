#!/usr/bin/env bash
# basics.sh — the command-line contract: help, version, exit statuses, error format,
# "did you mean" suggestions, and the message language (zh-CN by default, English with
# DUBAN_LANG=en or an English locale).  Runs the real binary ($DUBAN_BIN).
set -u
. "$(dirname "$0")/../lib/tap.sh"
# the default language whatever the caller's locale
unset DUBAN_LANG LC_ALL LC_MESSAGES
export LANG=C.UTF-8

run --help
expect_status 0 "duban --help exits 0"
expect_out "用法: duban <命令>" "--help prints the usage in Chinese"
expect_out "退出状态: 0 成功，1 运行失败，2 用法错误，3 输入无效" \
  "--help documents the exit statuses"
expect_out "^  unit +添加、列出单位" "--help lists the commands with Chinese summaries"

DUBAN_LANG=en run --help
expect_out "usage: duban <command>" "DUBAN_LANG=en: --help prints the usage in English"
expect_out "exit status: 0 success, 1 runtime failure, 2 usage error, 3 invalid input" \
  "DUBAN_LANG=en: --help documents the exit statuses"
expect_out "^  unit +add, list or show the tree of units" "DUBAN_LANG=en: English summaries"

LANG=en_US.UTF-8 run --help
expect_out "usage: duban <command>" "LANG=en_US.UTF-8 gives English"
LANG=en_US.UTF-8 DUBAN_LANG=zh-CN run --help
expect_out "用法: duban <命令>" "DUBAN_LANG=zh-CN wins over an English LANG"
env LC_ALL=en_GB.UTF-8 "$DUBAN_BIN" --help >"$OUT" 2>"$ERR"
expect_out "usage: duban <command>" "LC_ALL=en_GB.UTF-8 gives English"

run --version
expect_status 0 "duban --version exits 0"
expect_out "^duban [0-9]+\.[0-9]+\.[0-9]+" "--version prints the version"

run version --json
expect_status 0 "version --json exits 0"
expect_json "version --json prints JSON"
DUBAN_LANG=en run version --json
expect_out '"name": ?"duban"' "DUBAN_LANG=en: JSON keys are the same"

run
expect_status 2 "no command is a usage error"
expect_err "用法: duban <命令>" "no command prints the usage on stderr"

run versoin
expect_status 2 "an unknown command is a usage error"
expect_err "^duban: 用法错误：没有命令 'versoin'（是否要用 'version'？）" \
  "an unknown command names the nearest one"
DUBAN_LANG=en run versoin
expect_err "duban: unknown command 'versoin' \(did you mean 'version'\?\)" \
  "DUBAN_LANG=en: an unknown command names the nearest one"

run version --jsn
expect_status 2 "an unknown option is a usage error"
expect_err "^duban: version: 用法错误：没有选项 '--jsn'（是否要用 '--json'？）" \
  "errors are 'duban: <command>: <kind>：<message>' and name the nearest option"
expect_err "^参见 'duban help version'" "a usage error points to the command's help"
DUBAN_LANG=en run version --jsn
expect_status 2 "DUBAN_LANG=en: the exit status is the same"
expect_err "^duban: version: unknown option '--jsn' \(did you mean '--json'\?\)" \
  "DUBAN_LANG=en: errors are 'duban: <command>: <message>'"
expect_err "^see 'duban help version'" "DUBAN_LANG=en: see 'duban help <command>'"

run version extra
expect_status 2 "an unexpected argument is a usage error"
expect_err "多余的参数 'extra'" "the unexpected argument is named"

run version --json=1
expect_err "选项 '--json' 不带取值" "a flag with a value is refused in Chinese"

run help version
expect_status 0 "help <command> exits 0"
expect_out "用法: duban version" "help <command> prints the command's usage"
expect_out "显示版本号" "help <command> prints the Chinese summary"
expect_out "以 JSON 输出" "help <command> prints the options' Chinese help"

run version --help
expect_status 0 "<command> --help exits 0"
expect_out "用法: duban version" "<command> --help prints the usage"
DUBAN_LANG=en run version --help
expect_out "usage: duban version" "DUBAN_LANG=en: <command> --help prints the usage"
expect_out "print as JSON" "DUBAN_LANG=en: the options' English help"

run help
expect_status 0 "help exits 0"
expect_out "^  import-ledger +把已有的台账表格" "help lists the commands"

run help nosuch
expect_status 2 "help for an unknown command is a usage error"
expect_err "没有命令 'nosuch'" "help names the unknown command"

run --frobnicate
expect_status 2 "an unknown global option is a usage error"
expect_err "没有选项 '--frobnicate'" "the unknown global option is named"
DUBAN_LANG=en run --frobnicate
expect_err "unknown option '--frobnicate'" "DUBAN_LANG=en: the unknown global option is named"

finish
