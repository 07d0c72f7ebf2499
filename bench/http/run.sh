#!/usr/bin/env bash
# Streamable HTTP throughput of the real server against a minimal reference over the same MCP SDK, with wrk.
#   reference: bench/ReliabilityMcp.Bench.ReferenceServer, tool `echo` (stateless transport, nothing else)
#   ours:      src/ReliabilityMcp.Server (Release), bearer-token auth on, a Garnet store, logging at Warning;
#              tools `server_status` (PINGs the store) and `evaluate_policies` (one Lua read of the counters)
# Rounds alternate reference and ours so load from elsewhere on the machine hits both alike; each row's ratio is
# against the reference measured in the same round. Everything listens on free 127.0.0.1 ports and every process
# started here is stopped on exit.
# Usage: bench/http/run.sh            (env: DURATION=15s THREADS=2 CONNECTIONS=32 ROUNDS=2 WARMUP=10s NO_BUILD=1)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

DURATION=${DURATION:-15s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-10s}

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk not found; installing it" >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq wrk; else sudo apt-get install -y -qq wrk; fi
fi

if [ -z "${NO_BUILD:-}" ]; then
  dotnet build -c Release -nologo -v q bench/ReliabilityMcp.Benchmarks >/dev/null   # builds the server too
  dotnet build -c Release -nologo -v q bench/ReliabilityMcp.Bench.ReferenceServer >/dev/null
fi
bench_dll=$root/bench/ReliabilityMcp.Benchmarks/bin/Release/net10.0/ReliabilityMcp.Benchmarks.dll
reference_dll=$root/bench/ReliabilityMcp.Bench.ReferenceServer/bin/Release/net10.0/ReliabilityMcp.Bench.ReferenceServer.dll
server_dir=$root/src/ReliabilityMcp.Server/bin/Release/net10.0

work=$(mktemp -d -t reliabilitymcp-bench-http.XXXXXX)
pids=()
garnet_pid=""
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  # The store command stops its Garnet on SIGTERM; this is the safety net if it could not.
  if [ -n "$garnet_pid" ] && kill -0 "$garnet_pid" 2>/dev/null; then kill -KILL "$garnet_pid" 2>/dev/null || true; fi
  exec 9>&- 2>/dev/null || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Polls until "$@" succeeds, at most 120 tries half a second apart.
wait_for() {
  for _ in $(seq 1 120); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "timed out waiting for: $*" >&2
  return 1
}

# The store: started by the bench project's `store` command, which writes the connection string and Garnet's pid.
# Its stdin is a FIFO this script holds open on fd 9, so the store also stops if the script dies without its trap.
mkfifo "$work/store.stdin"
dotnet "$bench_dll" store --out "$work/store.txt" <"$work/store.stdin" >"$work/store.log" 2>&1 &
pids+=($!)
exec 9>"$work/store.stdin"
wait_for test -s "$work/store.txt"
connection_string=$(sed -n 1p "$work/store.txt")
garnet_pid=$(sed -n 2p "$work/store.txt")

token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
token_sha=$(printf %s "$token" | sha256sum | cut -d' ' -f1)
reference_port=$(free_port)
ours_port=$(free_port)
reference_url=http://127.0.0.1:$reference_port/mcp
ours_url=http://127.0.0.1:$ours_port/mcp

ASPNETCORE_URLS=http://127.0.0.1:$reference_port Logging__LogLevel__Default=Warning \
  dotnet "$reference_dll" 9>&- >"$work/reference.log" 2>&1 &
pids+=($!)
(cd "$server_dir" && exec env ASPNETCORE_URLS="http://127.0.0.1:$ours_port" Logging__LogLevel__Default=Warning \
  ConnectionStrings__store="$connection_string" \
  Auth__Tokens__0__Principal=bench Auth__Tokens__0__Sha256="$token_sha" Auth__Tokens__0__Roles__0=agent \
  dotnet ReliabilityMcp.Server.dll 9>&- >"$work/ours.log" 2>&1) &
pids+=($!)

echo_body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}'
status_body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"server_status","arguments":{}}}'
policies_body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"evaluate_policies","arguments":{"service":"checkout","telemetry":{"latency_p99":650,"error_rate":0.04,"throughput":1200,"cpu_util":0.55,"memory_util":0.62}}}}'

post() { # url body [token] -> response body; fails on a non-2xx status
  local auth=()
  if [ -n "${3:-}" ]; then auth=(-H "Authorization: Bearer $3"); fi
  curl -sS --fail --max-time 10 -X POST "$1" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2025-11-25' "${auth[@]}" -d "$2"
}

wait_for post "$reference_url" "$echo_body"
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
check "ours server_status" "$ours_url" "$status_body" "$token"
check "ours evaluate_policies" "$ours_url" "$policies_body" "$token"
unauthenticated=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$ours_url" -H 'Content-Type: application/json' \
  -H 'Accept: application/json, text/event-stream' -d "$status_body")
if [ "$unauthenticated" != 401 ]; then echo "ours answered $unauthenticated without a token, expected 401" >&2; exit 1; fi
echo "spot check ours without token: 401"

run_wrk() { # duration url body [token] -> the RESULT line
  MCP_BODY=$3 MCP_TOKEN=${4:-} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --latency -s "$root/bench/http/tools-call.lua" "$2" \
    | tee -a "$work/wrk.log" | grep '^RESULT' || { echo "wrk failed; see output:" >&2; cat "$work/wrk.log" >&2; exit 1; }
}

field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

targets=("reference echo|$reference_url|$echo_body|" "ours server_status|$ours_url|$status_body|$token" "ours evaluate_policies|$ours_url|$policies_body|$token")
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
      'BEGIN { printf "%-5s %-24s %10.0f %9.2f %9.2f %7s %7d %6s", r, n, rps, p50 / 1000, p99 / 1000, ratio, e, l }')")
    echo "  ${rows[-1]}"
  done
done

echo
printf '%-5s %-24s %10s %9s %9s %7s %7s %6s\n' round target calls/s "p50 ms" "p99 ms" ratio errors load
printf '%s\n' "${rows[@]}"
echo "ratio = calls/s over the reference echo of the same round; errors = non-2xx + socket errors + JSON-RPC/tool errors"
if [ "$failed" -ne 0 ]; then echo "some requests failed; see the errors column" >&2; exit 1; fi
