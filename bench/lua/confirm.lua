-- Open confirmation links, one token per request, each token once: thread T of N takes
-- the lines T, T+N, T+2N... of the token file. POST confirms (what the button does);
-- GET shows the page with the button and changes nothing. A confirmation answers with a
-- redirect to the thank-you page (302), or, in earlier versions, the page itself.
--   wrk -tN -cN -s confirm.lua URL -- TOKEN_FILE N METHOD CSRF_COOKIE CSRF_TOKEN
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

sent = 0
confirmed_pages = 0
wrapped = 0
report_globals = { "sent", "confirmed_pages", "wrapped" }

local tokens = {}
local method, cookie, token, next_index

function init(args)
  local file, threads = args[1], tonumber(args[2])
  method, cookie, token = args[3], args[4], args[5]
  local line_number = 0
  for line in io.lines(file) do
    line_number = line_number + 1
    if (line_number - 1) % threads == (thread_id - 1) % threads then table.insert(tokens, line) end
  end
  next_index = 1
end

function request()
  sent = sent + 1
  local path = "/en/campaigns/confirm/" .. tokens[next_index] .. "/"
  next_index = next_index + 1
  if next_index > #tokens then
    next_index = 1
    wrapped = wrapped + 1
  end
  if method == "POST" then
    local headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrftoken=" .. cookie,
    }
    -- The form asks for the name and country to publish (those the tokens were made with).
    local body = "csrfmiddlewaretoken=" .. token .. "&name=Bench+Confirmer&country=PL"
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status == 302 or (body and body:find("your signature is confirmed", 1, true)) then
    confirmed_pages = confirmed_pages + 1
  end
  count_response(status, headers)
end
