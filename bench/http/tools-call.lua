-- wrk script for bench/http/run.sh: POSTs one MCP tools/call JSON-RPC request (MCP_BODY) to a stateless Streamable
-- HTTP endpoint, with a bearer token when MCP_TOKEN is set. Every response body is checked for a JSON-RPC result
-- that is not a tool error, so a fast stream of errors cannot pass for throughput; the count is printed at the end
-- with a machine-readable RESULT line (latencies in microseconds).
wrk.method = "POST"
wrk.body = os.getenv("MCP_BODY") or error("MCP_BODY is not set")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
local token = os.getenv("MCP_TOKEN")
if token ~= nil and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  rpc_errors = 0
  first_error = ""
end

function response(status, headers, body)
  if status == 200 and (not string.find(body, '"result":', 1, true) or string.find(body, '"isError":true', 1, true)) then
    rpc_errors = rpc_errors + 1
    if first_error == "" then first_error = string.sub(body, 1, 300) end
  end
end

function done(summary, latency, requests)
  local errors, sample = 0, ""
  for _, thread in ipairs(threads) do
    errors = errors + thread:get("rpc_errors")
    local e = thread:get("first_error")
    if sample == "" and e ~= nil then sample = e end
  end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f requests=%d p50=%d p90=%d p99=%d max=%d non2xx=%d socket_errors=%d rpc_errors=%d\n",
    summary.requests / (summary.duration / 1e6), summary.requests, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, summary.errors.status, socket, errors))
  if sample ~= "" then io.write("first rpc error: " .. sample .. "\n") end
end
