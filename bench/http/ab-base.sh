#!/usr/bin/env bash
# A/B in one run: this branch's server against another build of it (BASE_SERVER_DIR: a Release build of an older
# commit, e.g. from `git archive`), alternating rounds on one Garnet. Env as run.sh; NO_BUILD is implied.
set -euo pipefail
bench_name=http-ab
NO_BUILD=1
source "$(dirname "$0")/lib.sh"
start_store
token=$(newtoken)
start_reference
start_server() { # dir port log
  (cd "$1" && exec env ASPNETCORE_URLS="http://127.0.0.1:$2" Logging__LogLevel__Default=Warning \
    ConnectionStrings__store="$connection_string" Reliability__KeyPrefix="ab$2" \
    Auth__Tokens__0__Principal=bench Auth__Tokens__0__Sha256="$(sha "$token")" Auth__Tokens__0__Roles__0=agent \
    dotnet ReliabilityMcp.Server.dll 9>&- >"$work/$3.log" 2>&1) &
  pids+=($!)
}
new_port=$(free_port); old_port=$(free_port)
start_server "$server_dir" "$new_port" new
start_server "${BASE_SERVER_DIR:?set BASE_SERVER_DIR to a Release build of the base commit}" "$old_port" old
slo_body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slo_status","arguments":{"service":"checkout"}}}'
policies_body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"evaluate_policies","arguments":{"service":"checkout","telemetry":{"latency_p99":650,"error_rate":0.04,"throughput":1200,"cpu_util":0.55,"memory_util":0.62}}}}'
wait_for post "$reference_url" "$echo_body"
wait_for curl -sf "http://127.0.0.1:$new_port/health"
wait_for curl -sf "http://127.0.0.1:$old_port/health"
new=http://127.0.0.1:$new_port/mcp; old=http://127.0.0.1:$old_port/mcp
post "$new" "$policies_body" "$token" | head -c 200; echo
post "$old" "$policies_body" "$token" | head -c 200; echo
run_rounds "MapMcp echo|$reference_url|$echo_body|" "MapMcp evaluate_policies|$new|$policies_body|$token" "base+direct evaluate_policies|$old|$policies_body|$token" \
  "MapMcp slo_status|$new|$slo_body|$token" "base+direct slo_status|$old|$slo_body|$token"
