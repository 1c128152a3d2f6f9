-- wrk script: POST /v1/tokens/verify, each token of $TOKENS_IN once (this thread's share of
-- the lines), then round again: the later rounds are answered "invalid", and bench/serve.sh
-- reports how many requests succeeded.
-- Environment: API_KEY (the bearer key), TOKENS_IN (one token per line), THREADS (per loader),
-- LOADERS and LOADER (how many wrk processes share the tokens, and which one this is).

local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  local threads_here = tonumber(os.getenv("THREADS"))
  local share = threads_here * tonumber(os.getenv("LOADERS"))
  local mine = tonumber(os.getenv("LOADER")) * threads_here + id
  tokens = {}
  local line_no = 0
  for line in io.lines(os.getenv("TOKENS_IN")) do
    if line_no % share == mine then
      tokens[#tokens + 1] = line
    end
    line_no = line_no + 1
  end
  next_token = 1
  wrk.method = "POST"
  wrk.path = "/v1/tokens/verify"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("API_KEY")
end

function request()
  local token = tokens[next_token] or "none"
  next_token = next_token % math.max(#tokens, 1) + 1
  return wrk.format(nil, nil, nil, string.format('{"token":"%s"}', token))
end
