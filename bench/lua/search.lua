-- GET each path of a file in turn, each request with a parameter of its own that the
-- page ignores but the page cache's key does not: every request costs what a query asked
-- for the first time costs (the uncached search).
--   wrk -s search.lua http://127.0.0.1:PORT -- /path/to/paths.txt
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local paths = {}
local next_index = 1
local sent = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then table.insert(paths, line) end
  end
  next_index = ((thread_id or 1) * 7919) % #paths + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  sent = sent + 1
  return wrk.format("GET", path .. "&uncached=" .. thread_id .. "-" .. sent)
end

function response(status, headers, body)
  count_response(status, headers)
end
