#!/usr/bin/env bash
# Database floor for seed.flow: runs seed_flow.sql (one transaction = the DB work of one seed flow) with
# pgbench at 1 and 16 clients and prints flows/s and latency percentiles.
#
# usage: [PGHOST=.. PGPORT=.. PGUSER=.. PGDATABASE=..] bench/pgbench/run.sh [seconds]
#   seconds        per run (default 10; or DURATION=)
#   CLIENTS        client counts to run (default "1 16")
#   PGBENCH_ARGS   extra pgbench flags, e.g. "-M prepared" (default query mode is simple)
#   SCRIPT         seed_flow.sql (default: one transaction per flow) or seed_flow_6tx.sql (one per API request)
#
# WARNING: (re)creates schema "prbench" in the target database (drops whatever was there under that name).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
secs=${1:-${DURATION:-10}}
clients=${CLIENTS:-"1 16"}
read -r -a extra <<<"${PGBENCH_ARGS:-}"
script=${SCRIPT:-seed_flow.sql}

# shellcheck source=bench/pgbench/lib.sh
. "$here/lib.sh"
print_target
q -c 'SET client_min_messages = warning' -f "$here/schema.sql"
echo "schema prbench created; $script; ${secs}s per run; clients: $clients; pgbench ${extra[*]:-(simple query mode)}"
echo

results=()
for c in $clients; do
    q -c 'TRUNCATE prbench.idempotency_keys, prbench.events, prbench.invoice_payments, prbench.payment_records,
                   prbench.invoice_items, prbench.invoices, prbench.customers'
    q -c 'CHECKPOINT' 2>/dev/null || true # needs superuser; keeps a checkpoint out of the run where allowed

    rm -f "$work"/log*
    out=$work/out.$c
    if ! "$pgbench" -n -f "$here/$script" -c "$c" -j "$c" -T "$secs" -l --log-prefix="$work/log" "${extra[@]}" >"$out" 2>&1; then
        cat "$out" >&2
        echo "pgbench failed at $c clients" >&2
        exit 1
    fi
    sed 's/^/  /' "$out"

    tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out")
    avg=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$out")
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")
    # Per-transaction log: "client tx_no latency_us script_no epoch epoch_us"; percentiles from column 3.
    pct=$(cat "$work"/log* | awk '$3 ~ /^[0-9]+$/ { print $3 }' | sort -n | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "- - - -"; exit }
            split("50 90 99", p, " ")
            for (i = 1; i <= 3; i++) { k = int(NR * p[i] / 100 + 0.999999); if (k < 1) k = 1; printf "%.3f ", v[k] / 1000 }
            printf "%.3f\n", v[NR] / 1000
        }')
    flows=$(q -c 'SELECT count(*) FROM prbench.invoices WHERE status = '"'paid'"'')
    events=$(q -c 'SELECT count(*) FROM prbench.events')
    echo "  check: $flows paid invoices, $events events ($(( flows > 0 ? events / flows : 0 )) per flow)"
    echo
    results+=("$c $tps $avg $pct ${failed:-0}")
done

printf '%-8s %12s %10s %9s %9s %9s %9s %7s\n' clients "flows/s(tps)" "avg ms" "p50 ms" "p90 ms" "p99 ms" "max ms" failed
for r in "${results[@]}"; do
    read -r c tps avg p50 p90 p99 max failed <<<"$r"
    printf '%-8s %12.1f %10.3f %9s %9s %9s %9s %7s\n' "$c" "$tps" "$avg" "$p50" "$p90" "$p99" "$max" "$failed"
done
