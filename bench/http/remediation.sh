#!/usr/bin/env bash
# Guarded execute_remediation decisions over Streamable HTTP (advisory mode: what_if), side by side with the
# reference echo server, then the approval round trip (request → operator-API approve → signed webhook → completed).
#   ours: src/ReliabilityMcp.Server (Release), bearer-token auth, a Garnet store, logging at Warning, the benchmark
#         configuration in bench/http/Remediation/bench-reliability.yaml. Each decision reads the guard counters
#         (one Lua call) and appends an audit entry.
# Usage: bench/http/remediation.sh   (env: DURATION=15s THREADS=2 CONNECTIONS=32 ROUNDS=2 WARMUP=30s APPROVALS=300 NO_BUILD=1)
set -euo pipefail
bench_name=remediation
APPROVALS=${APPROVALS:-300}
source "$(dirname "$0")/lib.sh"

start_store
python3 "$root/bench/http/Remediation/receiver.py" "$work/receiver.port" 9>&- &
pids+=($!)
wait_for test -s "$work/receiver.port"
sed "s|WEBHOOK_URL|http://127.0.0.1:$(cat "$work/receiver.port")/hook|" "$root/bench/http/Remediation/bench-reliability.yaml" >"$work/reliability.yaml"

agent=$(newtoken); appr=$(newtoken); approver=$(newtoken)
secret=$(newtoken)
ours_port=$(free_port)
ours_url=http://127.0.0.1:$ours_port/mcp
start_reference
(cd "$server_dir" && exec env ASPNETCORE_URLS="http://127.0.0.1:$ours_port" Logging__LogLevel__Default=Warning \
  ConnectionStrings__store="$connection_string" Reliability__ConfigPath="$work/reliability.yaml" Reliability__KeyPrefix="bench-$(newtoken)" \
  Executors__bench-hook__Secret="$secret" \
  Auth__Tokens__0__Principal=bench Auth__Tokens__0__Sha256="$(sha "$agent")" Auth__Tokens__0__Roles__0=agent \
  Auth__Tokens__1__Principal=bench-appr Auth__Tokens__1__Sha256="$(sha "$appr")" Auth__Tokens__1__Roles__0=agent \
  Auth__Tokens__2__Principal=bench-approver Auth__Tokens__2__Sha256="$(sha "$approver")" Auth__Tokens__2__Roles__0=approver \
  dotnet ReliabilityMcp.Server.dll 9>&- >"$work/ours.log" 2>&1) &
pids+=($!)

remediation_body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"execute_remediation","arguments":{"action":"restart","targets":["checkout"],"justification":"p99 latency 2.4 s for ten minutes after a config push","confidence":0.9}}}'
wait_for post "$reference_url" "$echo_body"
wait_for curl -sf "http://127.0.0.1:$ours_port/health"

spot=$(post "$ours_url" "$remediation_body" "$agent")
if ! grep -q '"status":"what_if"' <<<"$spot" || grep -q '"isError":true' <<<"$spot"; then echo "spot check failed: $spot" >&2; exit 1; fi
echo "spot check ours execute_remediation: what_if"

run_rounds "reference echo|$reference_url|$echo_body|" "ours execute_remediation|$ours_url|$remediation_body|$agent"

echo
echo "approval round trip, $APPROVALS sequential requests (first tenth is warm-up); load $(cut -d' ' -f1 /proc/loadavg)"
python3 "$root/bench/http/Remediation/approval_roundtrip.py" "$ours_url" "$appr" "$approver" "$APPROVALS"
if [ "$failed" -ne 0 ]; then echo "some requests failed; see the errors column" >&2; exit 1; fi
