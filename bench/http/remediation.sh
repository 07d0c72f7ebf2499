#!/usr/bin/env bash
# Guarded execute_remediation decisions over Streamable HTTP (advisory mode: what_if), side by side with the
# reference echo server, then the approval round trip (request → operator-API approve → signed webhook → completed).
#   ours: src/ReliabilityMcp.Server (Release), bearer-token auth, a Garnet store, logging at Warning, the benchmark
#         configuration in bench/http/Remediation/bench-reliability.yaml. Each decision reads the guard counters
#         (one Lua call) and appends an audit entry.
# Usage: bench/http/remediation.sh   (env: DURATION=15s THREADS=2 CONNECTIONS=32 ROUNDS=2 WARMUP=10s APPROVALS=300 NO_BUILD=1)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

DURATION=${DURATION:-15s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-10s}
APPROVALS=${APPROVALS:-300}

command -v wrk >/dev/null 2>&1 || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }
if [ -z "${NO_BUILD:-}" ]; then
  dotnet build -c Release -nologo -v q bench/ReliabilityMcp.Benchmarks >/dev/null   # builds the server too
  dotnet build -c Release -nologo -v q bench/ReliabilityMcp.Bench.ReferenceServer >/dev/null
fi
bench_dll=$root/bench/ReliabilityMcp.Benchmarks/bin/Release/net10.0/ReliabilityMcp.Benchmarks.dll
reference_dll=$root/bench/ReliabilityMcp.Bench.ReferenceServer/bin/Release/net10.0/ReliabilityMcp.Bench.ReferenceServer.dll
server_dir=$root/src/ReliabilityMcp.Server/bin/Release/net10.0

work=$(mktemp -d -t reliabilitymcp-bench-remediation.XXXXXX)
pids=()
garnet_pid=""
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -n "$garnet_pid" ] && kill -0 "$garnet_pid" 2>/dev/null; then kill -KILL "$garnet_pid" 2>/dev/null || true; fi
  exec 9>&- 2>/dev/null || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_for() {
  for _ in $(seq 1 120); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "timed out waiting for: $*" >&2
  return 1
}

mkfifo "$work/store.stdin"
dotnet "$bench_dll" store --out "$work/store.txt" <"$work/store.stdin" >"$work/store.log" 2>&1 &
pids+=($!)
exec 9>"$work/store.stdin"
wait_for test -s "$work/store.txt"
connection_string=$(sed -n 1p "$work/store.txt")
garnet_pid=$(sed -n 2p "$work/store.txt")

python3 "$root/bench/http/Remediation/receiver.py" "$work/receiver.port" 9>&- &
pids+=($!)
wait_for test -s "$work/receiver.port"
sed "s|WEBHOOK_URL|http://127.0.0.1:$(cat "$work/receiver.port")/hook|" "$root/bench/http/Remediation/bench-reliability.yaml" >"$work/reliability.yaml"

newtoken() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
sha() { printf %s "$1" | sha256sum | cut -d' ' -f1; }
agent=$(newtoken); appr=$(newtoken); approver=$(newtoken)
secret=$(newtoken)
reference_port=$(free_port)
ours_port=$(free_port)
reference_url=http://127.0.0.1:$reference_port/mcp
ours_url=http://127.0.0.1:$ours_port/mcp

ASPNETCORE_URLS=http://127.0.0.1:$reference_port Logging__LogLevel__Default=Warning dotnet "$reference_dll" 9>&- >"$work/reference.log" 2>&1 &
pids+=($!)
(cd "$server_dir" && exec env ASPNETCORE_URLS="http://127.0.0.1:$ours_port" Logging__LogLevel__Default=Warning \
  ConnectionStrings__store="$connection_string" Reliability__ConfigPath="$work/reliability.yaml" Reliability__KeyPrefix="bench-$(newtoken)" \
  Executors__bench-hook__Secret="$secret" \
  Auth__Tokens__0__Principal=bench Auth__Tokens__0__Sha256="$(sha "$agent")" Auth__Tokens__0__Roles__0=agent \
  Auth__Tokens__1__Principal=bench-appr Auth__Tokens__1__Sha256="$(sha "$appr")" Auth__Tokens__1__Roles__0=agent \
  Auth__Tokens__2__Principal=bench-approver Auth__Tokens__2__Sha256="$(sha "$approver")" Auth__Tokens__2__Roles__0=approver \
  dotnet ReliabilityMcp.Server.dll 9>&- >"$work/ours.log" 2>&1) &
pids+=($!)

echo_body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}'
remediation_body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"execute_remediation","arguments":{"action":"restart","targets":["checkout"],"justification":"p99 latency 2.4 s for ten minutes after a config push","confidence":0.9}}}'
post() {
  local auth=()
  if [ -n "${3:-}" ]; then auth=(-H "Authorization: Bearer $3"); fi
  curl -sS --fail --max-time 10 -X POST "$1" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2025-11-25' "${auth[@]}" -d "$2"
}
wait_for post "$reference_url" "$echo_body"
wait_for curl -sf "http://127.0.0.1:$ours_port/health"

spot=$(post "$ours_url" "$remediation_body" "$agent")
if ! grep -q '"status":"what_if"' <<<"$spot" || grep -q '"isError":true' <<<"$spot"; then echo "spot check failed: $spot" >&2; exit 1; fi
echo "spot check ours execute_remediation: what_if"

run_wrk() {
  MCP_BODY=$3 MCP_TOKEN=${4:-} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --latency -s "$root/bench/http/tools-call.lua" "$2" \
    | tee -a "$work/wrk.log" | grep '^RESULT' || { echo "wrk failed:" >&2; cat "$work/wrk.log" >&2; exit 1; }
}
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

targets=("reference echo|$reference_url|$echo_body|" "ours execute_remediation|$ours_url|$remediation_body|$agent")
echo "warm-up ($WARMUP per target)"
for target in "${targets[@]}"; do
  IFS='|' read -r name url body auth <<<"$target"
  run_wrk "$WARMUP" "$url" "$body" "$auth" >/dev/null
done

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS rounds, $(nproc) cores; load is the 1-minute average before each run"
rows=()
failed=0
for round in $(seq 1 "$ROUNDS"); do
  reference_rps=""
  for target in "${targets[@]}"; do
    IFS='|' read -r name url body auth <<<"$target"
    load=$(cut -d' ' -f1 /proc/loadavg)
    result=$(run_wrk "$DURATION" "$url" "$body" "$auth")
    rps=$(field rps "$result")
    [ -z "$reference_rps" ] && reference_rps=$rps
    ratio=$(awk -v a="$rps" -v b="$reference_rps" 'BEGIN { printf "%.2f", a / b }')
    errors=$(( $(field non2xx "$result") + $(field socket_errors "$result") + $(field rpc_errors "$result") ))
    [ "$errors" -eq 0 ] || failed=1
    rows+=("$(awk -v r="$round" -v n="$name" -v rps="$rps" -v p50="$(field p50 "$result")" -v p99="$(field p99 "$result")" \
      -v ratio="$ratio" -v e="$errors" -v l="$load" \
      'BEGIN { printf "%-5s %-26s %10.0f %9.2f %9.2f %7s %7d %6s", r, n, rps, p50 / 1000, p99 / 1000, ratio, e, l }')")
    echo "  ${rows[-1]}"
  done
done
echo
printf '%-5s %-26s %10s %9s %9s %7s %7s %6s\n' round target calls/s "p50 ms" "p99 ms" ratio errors load
printf '%s\n' "${rows[@]}"

echo
echo "approval round trip, $APPROVALS sequential requests (first tenth is warm-up); load $(cut -d' ' -f1 /proc/loadavg)"
python3 "$root/bench/http/Remediation/approval_roundtrip.py" "$ours_url" "$appr" "$approver" "$APPROVALS"
if [ "$failed" -ne 0 ]; then echo "some requests failed; see the errors column" >&2; exit 1; fi
