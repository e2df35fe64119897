-- get_node.lua — wrk script of bench/api: GET /api/nodes/{id} as the administrator, the
-- ids spread over the whole ledger (DUBAN_BENCH_NODE_FIRST .. + DUBAN_BENCH_NODES - 1).
local first = tonumber(os.getenv("DUBAN_BENCH_NODE_FIRST"))
local n = tonumber(os.getenv("DUBAN_BENCH_NODES"))
wrk.headers["Cookie"] = "duban_session=" .. os.getenv("DUBAN_BENCH_ADMIN_TOKEN")

request = function()
  return wrk.format("GET", "/api/nodes/" .. (first + math.random(0, n - 1)))
end
