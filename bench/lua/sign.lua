-- POST the sign form with a new address on every request, as a browser posts it from
-- the campaign page: no CSRF token (the page has none), Sec-Fetch-Site: same-origin
-- (core/csrf.py). Run it with as many threads as connections (-t N -c N): each thread then
-- has one connection, its requests are strictly one after another, and thread T's n-th
-- request uses bench-RUN-T-n@example.org, so the rows can be checked afterwards. A
-- response answers the request generated last; numbers generated but never answered
-- (wrk sometimes generates one it does not send; the last one is in flight at the end)
-- and answers other than 302 are listed per thread.
--   wrk -t32 -c32 -s sign.lua URL -- PATH RUN_ID COUNTRY
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

sent = 0
responded = 0
redirected = 0
unanswered = {}
not_redirected = {}
last_answered = true
report_globals = { "sent", "responded", "redirected", "unanswered", "not_redirected", "last_answered" }

local path, run_id, country

local function form_encode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

function init(args)
  path, run_id, country = args[1], args[2], args[3]
end

function request()
  if not last_answered then table.insert(unanswered, sent) end
  last_answered = false
  sent = sent + 1
  local email = string.format("bench-%s-%d-%d@example.org", run_id, thread_id, sent)
  local body = "name=Bench+Signer&email=" .. form_encode(email) .. "&country=" .. country
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Sec-Fetch-Site"] = "same-origin",
  }
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  responded = responded + 1
  last_answered = true
  if status == 302 then
    redirected = redirected + 1
  else
    table.insert(not_redirected, sent)
  end
  count_response(status, headers)
end
