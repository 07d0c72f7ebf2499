# Shared by bench/http/run.sh and bench/http/remediation.sh (sourced, not run): settings, build, a temp folder with a
# trap that stops every process started, the store, the reference echo server, and wrk rounds printed as one table.
# The sourcing script sets `set -euo pipefail` and `bench_name` first.

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd)

DURATION=${DURATION:-15s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-30s}

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

work=$(mktemp -d -t "reliabilitymcp-bench-$bench_name.XXXXXX")
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

newtoken() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
sha() { printf %s "$1" | sha256sum | cut -d' ' -f1; }

# The store: started by the bench project's `store` command, which writes the connection string and Garnet's pid.
# Its stdin is a FIFO this script holds open on fd 9, so the store also stops if the script dies without its trap.
start_store() { # sets connection_string, garnet_pid
  mkfifo "$work/store.stdin"
  dotnet "$bench_dll" store --out "$work/store.txt" <"$work/store.stdin" >"$work/store.log" 2>&1 &
  pids+=($!)
  exec 9>"$work/store.stdin"
  wait_for test -s "$work/store.txt"
  connection_string=$(sed -n 1p "$work/store.txt")
  garnet_pid=$(sed -n 2p "$work/store.txt")
}

echo_body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}'

post() { # url body [token] -> response body; fails on a non-2xx status
  local auth=()
  if [ -n "${3:-}" ]; then auth=(-H "Authorization: Bearer $3"); fi
  curl -sS --fail --max-time 10 -X POST "$1" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2025-11-25' "${auth[@]}" -d "$2"
}

# The minimal reference server over the same MCP SDK (tool `echo`); sets reference_url once it answers.
start_reference() {
  local port
  port=$(free_port)
  reference_url=http://127.0.0.1:$port/mcp
  ASPNETCORE_URLS=http://127.0.0.1:$port Logging__LogLevel__Default=Warning \
    dotnet "$reference_dll" 9>&- >"$work/reference.log" 2>&1 &
  pids+=($!)
}

# The official TypeScript SDK's stateless echo (npm ci on first use); sets typescript_url.
start_typescript_echo() {
  local port dir=$root/bench/http/typescript-echo
  [ -d "$dir/node_modules" ] || (cd "$dir" && npm ci --no-audit --no-fund >/dev/null)
  port=$(free_port)
  typescript_url=http://127.0.0.1:$port/mcp
  PORT=$port node "$dir/server.mjs" 9>&- >"$work/typescript.log" 2>&1 &
  pids+=($!)
}

run_wrk() { # duration url body [token] -> the RESULT line
  MCP_BODY=$3 MCP_TOKEN=${4:-} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --latency -s "$root/bench/http/tools-call.lua" "$2" \
    | tee -a "$work/wrk.log" | grep '^RESULT' || { echo "wrk failed; see output:" >&2; cat "$work/wrk.log" >&2; exit 1; }
}

field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

# The pid of the process listening on the port of a http://127.0.0.1:PORT/... url, and a process's CPU time so far
# (user + system, in clock ticks): each row's "cpu us" is its server's CPU time per call, "store" Garnet's.
listener_pid() { local port=${1#http://127.0.0.1:}; port=${port%%/*}; ss -ltnpH "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }
cpu_ticks() { if [ -n "$1" ] && [ -r "/proc/$1/stat" ]; then awk '{ print $14 + $15 }' "/proc/$1/stat"; else echo 0; fi; }

# Warms up, then runs ROUNDS rounds over the targets ("name|url|body|token", the reference first: each row's ratio is
# against the reference of the same round), printing rows as they come and the table at the end; sets `failed` to 1
# when any call errored.
run_rounds() {
  local target name url body auth load result rps reference_rps ratio errors round
  echo "warm-up ($WARMUP per target)"
  for target in "$@"; do
    IFS='|' read -r name url body auth <<<"$target"
    run_wrk "$WARMUP" "$url" "$body" "$auth" >/dev/null
  done

  echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS rounds, $(nproc) cores; load is the 1-minute average before each run"
  local rows=()
  failed=0
  for round in $(seq 1 "$ROUNDS"); do
    reference_rps=""
    for target in "$@"; do
      IFS='|' read -r name url body auth <<<"$target"
      load=$(cut -d' ' -f1 /proc/loadavg)
      pid=$(listener_pid "$url")
      cpu_before=$(cpu_ticks "$pid"); store_before=$(cpu_ticks "$garnet_pid")
      result=$(run_wrk "$DURATION" "$url" "$body" "$auth")
      cpu_after=$(cpu_ticks "$pid"); store_after=$(cpu_ticks "$garnet_pid")
      requests=$(field requests "$result")
      rps=$(field rps "$result")
      [ -z "$reference_rps" ] && reference_rps=$rps
      ratio=$(awk -v a="$rps" -v b="$reference_rps" 'BEGIN { printf "%.2f", a / b }')
      errors=$(( $(field non2xx "$result") + $(field socket_errors "$result") + $(field rpc_errors "$result") ))
      [ "$errors" -eq 0 ] || failed=1
      rows+=("$(awk -v r="$round" -v n="$name" -v rps="$rps" -v p50="$(field p50 "$result")" -v p99="$(field p99 "$result")" \
        -v ratio="$ratio" -v e="$errors" -v l="$load" -v hz="$(getconf CLK_TCK)" -v req="$requests" \
        -v cpu=$((cpu_after - cpu_before)) -v store=$((store_after - store_before)) \
        'BEGIN { printf "%-5s %-26s %10.0f %9.2f %9.2f %7s %7.0f %7.0f %7d %6s", r, n, rps, p50 / 1000, p99 / 1000, ratio,
          cpu * 1e6 / hz / req, store * 1e6 / hz / req, e, l }')")
      echo "  ${rows[-1]}"
    done
  done

  echo
  printf '%-5s %-26s %10s %9s %9s %7s %7s %7s %7s %6s\n' round target calls/s "p50 ms" "p99 ms" ratio "cpu us" "store" errors load
  printf '%s\n' "${rows[@]}"
}
