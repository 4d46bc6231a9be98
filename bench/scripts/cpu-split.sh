#!/usr/bin/env bash
# Where the machine's CPU goes per seed flow (issue 11: the seed flow against pgbench): runs seed.flow at 8 clients
# against a running server and counts, over the middle of the run, the CPU time (user + system, /proc/<pid>/stat) of
# the server, of every PostgreSQL process (backends, WAL writer, autovacuum…) and of the load generator, and the
# machine's idle time; prints each per flow. On a machine that runs all three, the flows per second are at most the
# cores divided by the sum. pgbench's own figure is compare.sh's; its CPU per flow the same way is (cores × seconds −
# idle) ÷ flows.
#
#   bench/scripts/cpu-split.sh [URL] [SECONDS]          default URL http://127.0.0.1:12111, 10 s counted
#   CLIENTS=8 (environment) changes the run. The server's pid is found from the URL's port (ss).
set -euo pipefail
URL=${1:-http://127.0.0.1:12111}
SECONDS_=${2:-10}
CLIENTS=${CLIENTS:-8}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/bench/PaymentRecords.Bench/bin/Release/net10.0/PaymentRecords.Bench"
[ -x "$BENCH" ] || dotnet build "$ROOT/bench/PaymentRecords.Bench" -c Release -v q >/dev/null
port=${URL##*:}; port=${port%%/*}
SERVER=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)
[ -n "$SERVER" ] || { echo "no server listening on $URL" >&2; exit 2; }
HZ=$(getconf CLK_TCK)

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_ticks() {
  local total=0 p
  for p in $(pgrep -x postgres || true); do total=$((total + $(ticks "$p"))); done
  echo "$total"
}
idle_ticks() { awk '$1 == "cpu" { print $5 }' /proc/stat; }

out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$BENCH" --url "$URL" --scenario seed.flow --clients "$CLIENTS" --duration $((SECONDS_ + 3)) --warmup 0 >"$out" &
bench=$!
sleep 2
s0=$(ticks "$SERVER"); p0=$(postgres_ticks); b0=$(ticks "$bench"); i0=$(idle_ticks)
sleep "$SECONDS_"
s1=$(ticks "$SERVER"); p1=$(postgres_ticks); b1=$(ticks "$bench"); i1=$(idle_ticks)
wait "$bench"
rate=$(awk '$1 == "flow" { print $4 }' "$out")
[ -n "$rate" ] || { cat "$out" >&2; echo "the load generator printed no flow rate" >&2; exit 1; }
awk -v c="$CLIENTS" -v r="$rate" -v s="$SECONDS_" -v hz="$HZ" -v cores="$(nproc)" \
    -v sv=$((s1 - s0)) -v pg=$((p1 - p0)) -v lg=$((b1 - b0)) -v idle=$((i1 - i0)) 'BEGIN {
  per = 1000 / (hz * r * s)   # ms of CPU per flow for one tick
  printf "seed.flow at %s clients: %.1f flows/s\n", c, r
  printf "CPU per flow (ms): server %.2f, postgres %.2f, load generator %.2f, total %.2f; machine idle %.0f%%\n",
         sv * per, pg * per, lg * per, (sv + pg + lg) * per, 100 * idle / (hz * s * cores)
}'
