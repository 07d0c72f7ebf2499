#!/usr/bin/env bash
# Throughput of the store client against redis-benchmark on the same Garnet, same key space, value size,
# concurrency and pipeline depth. Usage: bench/resp/run.sh [--ops N] [--clients C] [--pipeline P] ...
# (options of `resp-throughput`, see bench/ReliabilityMcp.Benchmarks/Resp/RespThroughputCommand.cs).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v redis-benchmark >/dev/null 2>&1; then
  echo "redis-benchmark not found; installing redis-tools" >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq redis-tools
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq redis-tools
  fi
fi

dotnet tool restore >/dev/null
exec dotnet run -c Release --project bench/ReliabilityMcp.Benchmarks -- resp-throughput "$@"
