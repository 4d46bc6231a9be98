#!/usr/bin/env bash
# Issue 11's targets in one set against a running server and its database, as the sessions' notes report them: a
# seed.flow warm-up, then ROUNDS interleaved rounds of the three 1-client scenarios (p50 of each), the database's own
# floors (pgbench/latency.sh), the seed flow against pgbench (pgbench/compare.sh, ROUNDS times) and the resident set
# under load (peak-rss.sh); ends with each target's runs, their median and the target.
#
#   PGHOST=127.0.0.1 PGPORT=<port> PGUSER=postgres PGPASSWORD=postgres PGDATABASE=paymentrecords \
#       bench/scripts/targets.sh [URL]                  default URL http://127.0.0.1:12111 (scripts/run's server)
#   ROUNDS=3 (environment) changes the number of rounds. The server must use PGDATABASE, with fsync and
#   synchronous_commit on (the test clusters turn them off; issue 11 measures with them on).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
URL=${1:-http://127.0.0.1:12111}
ROUNDS=${ROUNDS:-3}
BENCH=${BENCH:-$root/bench/PaymentRecords.Bench/bin/Release/net10.0/PaymentRecords.Bench}
[ -x "$BENCH" ] || { echo "build the load generator first: dotnet build -c Release bench/PaymentRecords.Bench" >&2; exit 1; }
curl -fsS "$URL/healthz" >/dev/null || { echo "no server answers at $URL" >&2; exit 1; }

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
declare -A runs
echo "start $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(psql -XAtc "SELECT 'fsync=' || current_setting('fsync') || ' synchronous_commit=' || current_setting('synchronous_commit')")"
"$BENCH" --url "$URL" --scenario seed.flow --clients 8 --duration 15 --warmup 0 >/dev/null
for round in $(seq 1 "$ROUNDS"); do
    for scenario in customer.create customer.retrieve invoice.list; do
        p50=$("$BENCH" --url "$URL" --scenario "$scenario" --clients 1 --duration 5 --warmup 2 | tail -1 | jq -r '.steps[-1].p50_ms')
        echo "round $round $scenario p50 $p50 ms"
        runs[$scenario]+=" $p50"
    done
done
"$root/bench/pgbench/latency.sh" 6 2>&1 | tail -7
for round in $(seq 1 "$ROUNDS"); do
    line=$(URL=$URL "$root/bench/pgbench/compare.sh" 10 2>&1 | tail -1)
    echo "$line"
    runs[ratio]+=" $(echo "$line" | sed -n 's/.*ratio \([0-9.]*\).*/\1/p')"
done
rss=$("$here/peak-rss.sh" "$URL" 2>&1 | tail -3)
echo "$rss"
runs[rss]=" $(echo "$rss" | sed -n 's/.*flows\/s) \([0-9]*\) MB.*/\1/p' | head -1)"

echo
echo "end $(date -u +%H:%M:%S) UTC"
printf '%-36s %-30s %8s  %s\n' "target" "runs" "median" "issue 11"
printf '%-36s %-30s %8s  %s\n' "POST /v1/customers p50 (ms)" "${runs[customer.create]}" "$(echo "${runs[customer.create]}" | median)" "<= 0.35"
printf '%-36s %-30s %8s  %s\n' "GET /v1/customers/{id} p50 (ms)" "${runs[customer.retrieve]}" "$(echo "${runs[customer.retrieve]}" | median)" "<= 0.20"
printf '%-36s %-30s %8s  %s\n' "GET /v1/invoices?limit=100 p50 (ms)" "${runs[invoice.list]}" "$(echo "${runs[invoice.list]}" | median)" "<= 1.5"
printf '%-36s %-30s %8s  %s\n' "seed flow, server / pgbench" "${runs[ratio]}" "$(echo "${runs[ratio]}" | median)" ">= 0.7"
printf '%-36s %-30s %8s  %s\n' "resident set peak (MB)" "${runs[rss]}" "$(echo "${runs[rss]}" | median)" "<= 200"
