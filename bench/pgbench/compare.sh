#!/usr/bin/env bash
# The server's seed.flow against its database floor, in one run on one database: pgbench running the same statements
# in the same six transactions (seed_flow_6tx.sql, one per API request) at N clients, then the load generator's
# seed.flow at N clients against a server that uses that same database; prints both and the ratio.
#
# usage: [PGHOST=.. PGPORT=.. PGUSER=.. PGDATABASE=..] bench/pgbench/compare.sh [seconds]
#   seconds   per side (default 10)
#   CLIENTS   client count for both sides (default 8)
#   URL       the running server (default http://127.0.0.1:12111); it must use PGDATABASE on PGHOST:PGPORT
#   BENCH     the load generator binary (default: the Release build in bench/PaymentRecords.Bench)
#   PGBENCH_ARGS  extra pgbench flags (default "-M prepared": the server prepares its statements too)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-10}
clients=${CLIENTS:-8}
url=${URL:-http://127.0.0.1:12111}
bench=${BENCH:-$root/bench/PaymentRecords.Bench/bin/Release/net10.0/PaymentRecords.Bench}
[[ -x $bench ]] || { echo "build the load generator first: dotnet build -c Release bench/PaymentRecords.Bench" >&2; exit 2; }
curl -sf "$url/healthz" >/dev/null || { echo "no server answers at $url" >&2; exit 2; }

out=$(CLIENTS=$clients SCRIPT=seed_flow_6tx.sql PGBENCH_ARGS="${PGBENCH_ARGS:--M prepared}" "$here/run.sh" "$secs")
echo "$out" | sed 's/^/[pgbench] /'
floor=$(echo "$out" | awk -v c="$clients" '$1 == c && $2 ~ /^[0-9.]+$/ { print $2 }' | tail -1)

server=$("$bench" --url "$url" --scenario seed.flow --clients "$clients" --duration "$secs" --warmup 2)
echo "$server" | grep -E '^(step|flow|measured|-)' | sed 's/^/[server]  /'
flows=$(echo "$server" | awk '$1 == "flow" { print $4 }')

printf 'seed flow at %s clients: server %.1f flows/s, pgbench (same statements, six transactions) %.1f flows/s, ratio %.2f\n' \
    "$clients" "$flows" "$floor" "$(echo "$flows / $floor" | bc -l)"
