-- post_report.lua — wrk script of bench/api: POST /api/reports as the administrator with
-- the CSRF token and Origin, each request a new task × period (from 2030 on, so no report
-- exists yet), submitted: one durable write with its audit row and report_latest.
local first = tonumber(os.getenv("DUBAN_BENCH_NODE_FIRST"))
local n = tonumber(os.getenv("DUBAN_BENCH_NODES"))
-- wrk starts each thread right after its setup(), so a thread cannot learn how many
-- follow it: the requests of thread tid are g = counter * MAX_THREADS + tid (a shared
-- count made the first requests of thread 0 collide with thread 1's: 409s).
local MAX_THREADS = 64
local threads = 0
local counter = 0

wrk.method = "POST"
wrk.headers["Cookie"] = "duban_session=" .. os.getenv("DUBAN_BENCH_ADMIN_TOKEN")
wrk.headers["X-CSRF-Token"] = os.getenv("DUBAN_BENCH_ADMIN_CSRF")
wrk.headers["Origin"] = os.getenv("DUBAN_BENCH_ORIGIN")
wrk.headers["Content-Type"] = "application/json"

setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

request = function()
  local g = counter * MAX_THREADS + tid
  counter = counter + 1
  local k = math.floor(g / n)
  local body = string.format(
    '{"item_kind":"node","item_id":%d,"period":"%04d-%02d","actual_value":%d,' ..
    '"narrative":"bench","submit":true}', first + g % n, 2030 + math.floor(k / 12), k % 12 + 1,
    g % 100)
  return wrk.format(nil, "/api/reports", nil, body)
end
