#!/usr/bin/env bash
# A seeded account against a fresh empty one (issue 11: retrieve and create p50 within 1.25x of an empty account).
# For each scenario, ROUNDS interleaved pairs of 1-client runs (the seeded account's KEY, then a fresh key); prints
# every p50, the medians, their spread and the ratio seeded / empty. Seed the account first:
#   dotnet run -c Release --project bench/PaymentRecords.Bench -- seed-million --url URL --connection "Host=..."
#
#   bench/scripts/million-vs-empty.sh KEY [URL] [ROUNDS]   defaults: http://127.0.0.1:12111, 3
#   SCENARIOS="customer.retrieve ..." DURATION=8 WARMUP=2 (environment) change the runs.
set -euo pipefail
KEY=${1:?usage: million-vs-empty.sh KEY [URL] [ROUNDS]}
URL=${2:-http://127.0.0.1:12111}
ROUNDS=${3:-3}
SCENARIOS=${SCENARIOS:-customer.retrieve customer.create invoice.retrieve payment_record.retrieve invoice.list}
DURATION=${DURATION:-8} WARMUP=${WARMUP:-2}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/bench/PaymentRecords.Bench/bin/Release/net10.0/PaymentRecords.Bench"
[ -x "$BENCH" ] || dotnet build "$ROOT/bench/PaymentRecords.Bench" -c Release -v q >/dev/null

p50() { # scenario, extra args...: the p50 (ms) of the scenario's one step
  local s=$1; shift
  "$BENCH" --url "$URL" --scenario "$s" --clients 1 --duration "$DURATION" --warmup "$WARMUP" "$@" | tail -n1 |
    jq -r 'if .errors > 0 then "errors:\(.errors)" else .steps[0].p50_ms end'
}
stats() { # numbers -> "median (min-max)"
  printf '%s\n' "$@" | sort -n | awk '{ r[NR] = $1 } END {
    m = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2; printf "%.3f (%.3f-%.3f)", m, r[1], r[NR] }'
}
median() { printf '%s\n' "$@" | sort -n | awk '{ r[NR] = $1 } END { print (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }'; }

echo "million-vs-empty url=$URL key=$KEY rounds=$ROUNDS duration=${DURATION}s warmup=${WARMUP}s load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-26s %-26s %-26s %s\n' scenario "seeded p50 ms" "empty p50 ms" "seeded/empty"
for s in $SCENARIOS; do
  seeded=() empty=()
  for _ in $(seq 1 "$ROUNDS"); do
    seeded+=("$(p50 "$s" --key "$KEY")")
    empty+=("$(p50 "$s")")
  done
  ratio=$(awk -v a="$(median "${seeded[@]}")" -v b="$(median "${empty[@]}")" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '%-26s %-26s %-26s %s   [%s | %s]\n' "$s" "$(stats "${seeded[@]}")" "$(stats "${empty[@]}")" "$ratio" "${seeded[*]}" "${empty[*]}"
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
