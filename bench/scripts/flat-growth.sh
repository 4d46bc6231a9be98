#!/usr/bin/env bash
# Flat growth (issue 11): on ONE fresh account, four consecutive seed.flow runs (8 clients, 8 s measured after a 1 s
# warm-up, the same --key); prints the flows/s of each run and the ratio 4th/1st (target >= 0.9). Repeats the whole
# thing ROUNDS times (a fresh account each) and prints the median and spread of the ratios. Runs no ANALYZE: the
# account grows by ~2,500 flows per round, as a test run's account does.
#
#   bench/scripts/flat-growth.sh [URL] [ROUNDS]        defaults: http://127.0.0.1:12111, 3
#   CLIENTS=8 DURATION=8 WARMUP=1 RUNS=4 (environment) change the run shape.
set -euo pipefail
URL=${1:-http://127.0.0.1:12111}
ROUNDS=${2:-3}
CLIENTS=${CLIENTS:-8} DURATION=${DURATION:-8} WARMUP=${WARMUP:-1} RUNS=${RUNS:-4}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/bench/PaymentRecords.Bench/bin/Release/net10.0/PaymentRecords.Bench"
[ -x "$BENCH" ] || dotnet build "$ROOT/bench/PaymentRecords.Bench" -c Release -v q >/dev/null

echo "flat-growth url=$URL rounds=$ROUNDS runs=$RUNS clients=$CLIENTS duration=${DURATION}s warmup=${WARMUP}s load: $(cut -d' ' -f1-3 /proc/loadavg)"
ratios=()
for round in $(seq 1 "$ROUNDS"); do
  key="sk_test_flat$(date +%s%N)"
  rates=()
  for run in $(seq 1 "$RUNS"); do
    json=$("$BENCH" --url "$URL" --scenario seed.flow --clients "$CLIENTS" --duration "$DURATION" --warmup "$WARMUP" --key "$key" | tail -n1)
    rates+=("$(jq -r '.flow.rate' <<<"$json")")
    errors=$(jq -r '.errors' <<<"$json")
    [ "$errors" = 0 ] || echo "  round $round run $run: $errors errors" >&2
  done
  ratio=$(awk -v a="${rates[0]}" -v b="${rates[$((RUNS - 1))]}" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
  ratios+=("$ratio")
  echo "round $round key=$key flows/s: ${rates[*]}  ratio ${RUNS}th/1st: $ratio  load: $(cut -d' ' -f1 /proc/loadavg)"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ r[NR] = $1 } END {
  m = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
  printf "ratio median %.2f (min %.2f, max %.2f, %d rounds; target >= 0.9)\n", m, r[1], r[NR], NR }'
