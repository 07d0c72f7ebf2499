#!/usr/bin/env bash
# Streamable HTTP throughput of the real server against a bare `MapMcp` echo over the same MCP SDK, with wrk.
#   reference: bench/ReliabilityMcp.Bench.ReferenceServer, tool `echo` (the SDK's MapMcp, stateless, nothing else)
#   typescript: bench/http/typescript-echo, tool `echo` (the official TypeScript SDK's stateless example shape)
#   ours:      src/ReliabilityMcp.Server (Release), bearer-token auth on, a Garnet store, logging at Warning;
#              tools `server_status` (PINGs the store), `evaluate_policies` (pipelined reads of the counters of the
#              policies that could act) and `slo_status` for one service (pipelined HMGETs of its SLO buckets)
# Rounds alternate reference and ours so load from elsewhere on the machine hits both alike; each row's ratio is
# against the reference measured in the same round. Everything listens on free 127.0.0.1 ports and every process
# started here is stopped on exit.
# Usage: bench/http/run.sh            (env: DURATION=15s THREADS=2 CONNECTIONS=32 ROUNDS=2 WARMUP=30s NO_BUILD=1)
set -euo pipefail
bench_name=http
source "$(dirname "$0")/lib.sh"

start_store
token=$(newtoken)
ours_port=$(free_port)
ours_url=http://127.0.0.1:$ours_port/mcp
start_reference
start_typescript_echo
(cd "$server_dir" && exec env ASPNETCORE_URLS="http://127.0.0.1:$ours_port" Logging__LogLevel__Default=Warning \
  ConnectionStrings__store="$connection_string" \
  Auth__Tokens__0__Principal=bench Auth__Tokens__0__Sha256="$(sha "$token")" Auth__Tokens__0__Roles__0=agent \
  dotnet ReliabilityMcp.Server.dll 9>&- >"$work/ours.log" 2>&1) &
pids+=($!)

status_body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"server_status","arguments":{}}}'
slo_body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slo_status","arguments":{"service":"checkout"}}}'
policies_body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"evaluate_policies","arguments":{"service":"checkout","telemetry":{"latency_p99":650,"error_rate":0.04,"throughput":1200,"cpu_util":0.55,"memory_util":0.62}}}}'

wait_for post "$reference_url" "$echo_body"
wait_for post "$typescript_url" "$echo_body"
wait_for curl -sf "http://127.0.0.1:$ours_port/health"

# Spot checks: each call returns a JSON-RPC result that is not a tool error; ours refuses a missing token.
check() { # name url body [token]
  local body
  body=$(post "$2" "$3" "${4:-}")
  if ! grep -q '"result":' <<<"$body" || grep -q '"isError":true' <<<"$body"; then
    echo "spot check of $1 failed: $body" >&2
    exit 1
  fi
  echo "spot check $1: $(grep -o '"text":"[^"]*"' <<<"$body" | head -1 | cut -c1-150)"
}
check "reference echo" "$reference_url" "$echo_body"
check "typescript echo" "$typescript_url" "$echo_body"
check "ours server_status" "$ours_url" "$status_body" "$token"
check "ours evaluate_policies" "$ours_url" "$policies_body" "$token"
check "ours slo_status" "$ours_url" "$slo_body" "$token"
unauthenticated=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$ours_url" -H 'Content-Type: application/json' \
  -H 'Accept: application/json, text/event-stream' -d "$status_body")
if [ "$unauthenticated" != 401 ]; then echo "ours answered $unauthenticated without a token, expected 401" >&2; exit 1; fi
echo "spot check ours without token: 401"

run_rounds "MapMcp echo|$reference_url|$echo_body|" "typescript echo|$typescript_url|$echo_body|" "ours server_status|$ours_url|$status_body|$token" "ours evaluate_policies|$ours_url|$policies_body|$token" \
  "ours slo_status|$ours_url|$slo_body|$token"
echo "ratio = calls/s over the MapMcp echo of the same round; errors = non-2xx + socket errors + JSON-RPC/tool errors"
if [ "$failed" -ne 0 ]; then echo "some requests failed; see the errors column" >&2; exit 1; fi
