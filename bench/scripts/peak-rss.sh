#!/usr/bin/env bash
# Server memory under load (issue 11: RSS <= 200 MB): runs seed.flow at 8 clients against a running server and
# samples its /proc/<pid>/status every 100 ms; prints the peak VmRSS seen during the run and VmHWM (the process's peak
# resident set since it started, so start-up and earlier runs count too). The server's pid is found from the URL's
# port (ss), or given.
#
#   bench/scripts/peak-rss.sh [URL] [PID]               default URL http://127.0.0.1:12111
#   CLIENTS=8 DURATION=20 WARMUP=2 (environment) change the run.
set -euo pipefail
URL=${1:-http://127.0.0.1:12111}
PID=${2:-}
CLIENTS=${CLIENTS:-8} DURATION=${DURATION:-20} WARMUP=${WARMUP:-2}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/bench/PaymentRecords.Bench/bin/Release/net10.0/PaymentRecords.Bench"
[ -x "$BENCH" ] || dotnet build "$ROOT/bench/PaymentRecords.Bench" -c Release -v q >/dev/null
if [ -z "$PID" ]; then
  port=${URL##*:}; port=${port%%/*}
  PID=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)
fi
[ -n "$PID" ] && [ -r "/proc/$PID/status" ] || { echo "no server process found for $URL (give its pid)" >&2; exit 2; }

kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$PID/status"; }
before=$(kb VmRSS)
"$BENCH" --url "$URL" --scenario seed.flow --clients "$CLIENTS" --duration "$DURATION" --warmup "$WARMUP" >/tmp/peak-rss.$$.out &
bench=$!
peak=0
while kill -0 "$bench" 2>/dev/null; do
  rss=$(kb VmRSS); [ "$rss" -gt "$peak" ] && peak=$rss
  sleep 0.1
done
wait "$bench" || true
rate=$(tail -n1 /tmp/peak-rss.$$.out | jq -r '.flow.rate'); rm -f /tmp/peak-rss.$$.out
echo "server pid $PID: VmRSS before $((before / 1024)) MB, peak during seed.flow ($CLIENTS clients, ${DURATION}s, $rate flows/s) $((peak / 1024)) MB, VmHWM $(($(kb VmHWM) / 1024)) MB (target <= 200 MB)"
