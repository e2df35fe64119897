-- list_nodes.lua — wrk script of bench/api: one page of 50 tasks of a plan as the
-- department editor sees them (its unit subtree, filtered in the query), sorted by
-- deadline, at one of the first ten pages.
local plan = os.getenv("DUBAN_BENCH_PLAN")
wrk.headers["Cookie"] = "duban_session=" .. os.getenv("DUBAN_BENCH_EDITOR_TOKEN")

request = function()
  return wrk.format("GET", "/api/plans/" .. plan .. "/nodes?limit=50&sort=deadline&offset=" ..
    (50 * math.random(0, 9)))
end
