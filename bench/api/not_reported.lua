-- not_reported.lua — wrk script of bench/api: the items of a plan without a submitted
-- report for 2024-03 (the month the ledger is partly reported on), as the department
-- editor sees them.
local plan = os.getenv("DUBAN_BENCH_PLAN")
wrk.headers["Cookie"] = "duban_session=" .. os.getenv("DUBAN_BENCH_EDITOR_TOKEN")
wrk.path = "/api/not-reported?plan=" .. plan .. "&period=2024-03"
