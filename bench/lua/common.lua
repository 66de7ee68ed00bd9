-- Shared by the bench scripts (loaded with dofile): counts responses per status in
-- every wrk thread, and writes one JSON report to $BENCH_WRK_JSON in done().

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
  table.insert(threads, thread)
end

-- Per-thread state (each wrk thread runs its own copy of the script).
statuses = {}
retry_after = 0

function count_response(status, headers)
  statuses[status] = (statuses[status] or 0) + 1
  if headers["Retry-After"] or headers["retry-after"] then
    retry_after = retry_after + 1
  end
end

local function encode(value)
  local kind = type(value)
  if kind == "table" then
    local parts = {}
    if #value > 0 then
      for _, item in ipairs(value) do table.insert(parts, encode(item)) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    for key, item in pairs(value) do
      table.insert(parts, encode(tostring(key)) .. ":" .. encode(item))
    end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif kind == "string" then
    return '"' .. value:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
  elseif kind == "number" then
    return string.format("%.17g", value)
  elseif kind == "boolean" then
    return tostring(value)
  end
  return "null"
end

-- Per-thread figures a script wants in the report, by global name (e.g. sign.lua's).
report_globals = {}

function done(summary, latency, requests)
  local out = {
    requests = summary.requests,
    duration_us = summary.duration,
    bytes = summary.bytes,
    errors = summary.errors,
    latency_us = {
      p50 = latency:percentile(50), p90 = latency:percentile(90),
      p99 = latency:percentile(99), mean = latency.mean, max = latency.max,
    },
    statuses = {}, retry_after = 0, threads = {},
  }
  for index, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      local key = tostring(status)
      out.statuses[key] = (out.statuses[key] or 0) + n
    end
    out.retry_after = out.retry_after + thread:get("retry_after")
    local row = { id = thread:get("thread_id") }
    for _, name in ipairs(report_globals) do row[name] = thread:get(name) end
    out.threads[index] = row
  end
  local path = os.getenv("BENCH_WRK_JSON")
  local file = assert(io.open(path, "w"))
  file:write(encode(out))
  file:close()
end
