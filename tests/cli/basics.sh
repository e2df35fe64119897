#!/usr/bin/env bash
# basics.sh — the command-line contract: help, version, exit statuses, error format,
# "did you mean" suggestions.  Runs the real binary ($DUBAN_BIN).
set -u
. "$(dirname "$0")/../lib/tap.sh"

run --help
expect_status 0 "duban --help exits 0"
expect_out "usage: duban <command>" "--help prints the usage"
expect_out "exit status: 0 success, 1 runtime failure, 2 usage error, 3 invalid input" \
  "--help documents the exit statuses"

run --version
expect_status 0 "duban --version exits 0"
expect_out "^duban [0-9]+\.[0-9]+\.[0-9]+" "--version prints the version"

run version --json
expect_status 0 "version --json exits 0"
expect_json "version --json prints JSON"

run
expect_status 2 "no command is a usage error"

run versoin
expect_status 2 "an unknown command is a usage error"
expect_err "duban: unknown command 'versoin' \(did you mean 'version'\?\)" \
  "an unknown command names the nearest one"

run version --jsn
expect_status 2 "an unknown option is a usage error"
expect_err "^duban: version: unknown option '--jsn' \(did you mean '--json'\?\)" \
  "errors are 'duban: <command>: <message>' and name the nearest option"

run version extra
expect_status 2 "an unexpected argument is a usage error"

run help version
expect_status 0 "help <command> exits 0"
expect_out "usage: duban version" "help <command> prints the command's usage"

run version --help
expect_status 0 "<command> --help exits 0"
expect_out "usage: duban version" "<command> --help prints the usage"

run help nosuch
expect_status 2 "help for an unknown command is a usage error"

run --frobnicate
expect_status 2 "an unknown global option is a usage error"

finish
