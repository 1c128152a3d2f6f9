-- wrk script: POST /v1/tokens, a new subject on every request (so no per-subject limit is
-- hit), keeping each issued token in $TOKENS_OUT.<thread> for verify.lua.
-- Environment: API_KEY (the bearer key), TOKENS_OUT (file prefix), RUN (a name unique to this
-- cell and loader, so two loaders or two cells never share a subject: a second token for one
-- subject would supersede the first).

local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  sent = 0
  out = io.open(os.getenv("TOKENS_OUT") .. "." .. id, "w")
  wrk.method = "POST"
  wrk.path = "/v1/tokens"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("API_KEY")
end

function request()
  sent = sent + 1
  local body = string.format('{"subject":"bench-%s-%d-%d"}', os.getenv("RUN"), id, sent)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  local token = body:match('"token"%s*:%s*"([%w_%-]+)"')
  if status == 201 and token then
    out:write(token, "\n")
  end
end
