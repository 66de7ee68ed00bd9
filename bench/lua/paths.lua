-- GET each path of a file in turn (one path a line): search queries, profiles, a mix.
-- Each thread starts at a different line, so threads do not request in lockstep.
--   wrk -s paths.lua http://127.0.0.1:PORT -- /path/to/paths.txt
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local paths = {}
local next_index = 1

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then table.insert(paths, line) end
  end
  next_index = ((thread_id or 1) * 7919) % #paths + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end

function response(status, headers, body)
  count_response(status, headers)
end
