#!/usr/bin/env bash
# The database floor under issue 11's single-client p50 targets: pgbench at 1 client (prepared statements, as the
# server's) running the statements each request sends, on the same database and settings the server would use, and the
# target beside each floor, so what is left for HTTP, the server's work and the thread hops is plain.
#
# usage: [PGHOST=.. PGPORT=.. PGUSER=.. PGDATABASE=..] bench/pgbench/latency.sh [seconds]
#   seconds       per script (default 8)
#   PGBENCH_ARGS  extra pgbench flags (default "-M prepared")
#
# Scripts (bench/pgbench/latency/): round_trip.sql (SELECT 1), customer_retrieve.sql, invoice_page.sql (the page with
# its stored renderings, one statement; invoice_page_rendered.sql: the page and its lines, what the server read before it
# stored renderings); the create (the three rows and a durable COMMIT) is seed_flow_6tx.sql's first transaction, run
# statement by statement and then as one pipeline (one round trip, as the server sends it). The prbench tables are
# narrower than the server's (bench/pgbench/schema.sql), so these floors are if anything low.
#
# WARNING: (re)creates schema "prbench" in the target database (drops whatever was there under that name).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
secs=${1:-${DURATION:-8}}
read -r -a extra <<<"${PGBENCH_ARGS:--M prepared}"
# shellcheck source=bench/pgbench/lib.sh
. "$here/lib.sh"
print_target
q -c 'SET client_min_messages = warning' -f "$here/schema.sql"
# What the reads read: 1,000 customers, and 150 paid invoices with one line each (the page is the newest 100), among
# 20,000 invoices and lines of another account, so the plans are the index reads the server's are, not scans of a
# small table. The lines' index is the server's (account, invoice, position), with created standing for position.
q -v rendering="$(cat "$here/latency/invoice_rendering.json")" <<'SQL'
CREATE INDEX invoice_items_by_invoice_created ON prbench.invoice_items (account_id, invoice_id, created);
INSERT INTO prbench.customers (account_id, id, invoice_prefix, created)
VALUES ('acct_other', 'cus_other', 'OTHER', 1700000000);
INSERT INTO prbench.invoices (account_id, id, customer_id, status, currency, created)
SELECT 'acct_other', 'in_other_' || g, 'cus_other', 'paid', 'usd', 1700000000 + g
  FROM generate_series(1, 20000) g;
INSERT INTO prbench.invoice_items (account_id, id, customer_id, invoice_id, amount, currency, created)
SELECT 'acct_other', 'ii_other_' || g, 'cus_other', 'in_other_' || g, 1000, 'usd', 1700000000 + g
  FROM generate_series(1, 20000) g;
INSERT INTO prbench.customers (account_id, id, email, invoice_prefix, created, data)
SELECT 'acct_page', 'cus_page_' || g, 'page-' || g || '@example.com', 'PAGE' || lpad(g::text, 4, '0'), 1700000000 + g,
       '{"metadata": {}, "description": null}'
  FROM generate_series(1, 1000) g;
INSERT INTO prbench.invoices (account_id, id, customer_id, status, number, currency, subtotal, total, amount_due,
                              amount_paid, created, finalized_at, paid_at)
SELECT 'acct_page', 'in_page_' || g, 'cus_page_1', 'paid', 'PAGE0001-' || lpad(g::text, 4, '0'), 'usd', 1000, 1000,
       1000, 1000, 1700000000 + g, 1700000000 + g, 1700000000 + g
  FROM generate_series(1, 150) g;
INSERT INTO prbench.invoice_items (account_id, id, customer_id, invoice_id, amount, currency, created, data)
SELECT 'acct_page', 'ii_page_' || g, 'cus_page_1', 'in_page_' || g, 1000, 'usd', 1700000000 + g,
       '{"description": "Line"}'
  FROM generate_series(1, 150) g;
-- The page's stored renderings (the server's invoice_renderings): a real paid invoice's JSON (2.7 KB) with each
-- invoice's id. The other account has 150,000 rows without a body: in a table of ~20,000 PostgreSQL hashes the whole
-- table instead of reading the page's 100 by key (1.5 ms more), which the server's database, past that size, does not.
CREATE TABLE prbench.invoice_renderings (account_id text NOT NULL, invoice_id text NOT NULL, version bigint NOT NULL,
                                         body bytea, PRIMARY KEY (account_id, invoice_id));
DO $$ BEGIN
    ALTER TABLE prbench.invoice_renderings ALTER COLUMN body SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN NULL;
END $$;
INSERT INTO prbench.invoice_renderings SELECT 'acct_other', 'in_other_' || g, 1, NULL FROM generate_series(1, 150000) g;
INSERT INTO prbench.invoice_renderings
SELECT 'acct_page', 'in_page_' || g, 1, convert_to(replace(:'rendering', 'in_TEMPLATE', 'in_page_' || g), 'UTF8')
  FROM generate_series(1, 150) g;
-- As the server's tables (migration AccountIdWithoutStatistics): no statistics on account_id, so the page joins its
-- renderings by key as the server's plan does, instead of hashing the other account's 20,000.
ALTER TABLE prbench.invoices ALTER COLUMN account_id SET STATISTICS 0;
ALTER TABLE prbench.invoice_renderings ALTER COLUMN account_id SET STATISTICS 0;
ANALYZE prbench.customers, prbench.invoices, prbench.invoice_items, prbench.invoice_renderings;
SQL
# The create is seed_flow_6tx.sql's first transaction (POST /v1/customers), taken from it so the two cannot drift.
awk '{ print } /^COMMIT;/ { exit }' "$here/seed_flow_6tx.sql" > "$work/customer_create.sql"
# The same transaction as one pipeline (one round trip, one Sync), as the server sends a create; pgbench runs each
# statement of the first as its own round trip, so that one is the floor of five round trips, this one of one.
awk '/^BEGIN;/ { print "\\startpipeline" } { print } /^COMMIT;/ { print "\\endpipeline"; exit }' "$here/seed_flow_6tx.sql" \
    > "$work/customer_create_pipelined.sql"
echo "schema prbench created and seeded; ${secs}s per script at 1 client; pgbench ${extra[*]}"
echo

# script | what it stands for | the issue's p50 target in ms ("-" when none)
rows=("round_trip|any statement: one round trip|-"
      "customer_retrieve|GET /v1/customers/{id}|0.20"
      "customer_create|POST /v1/customers|0.35"
      "customer_create_pipelined|the same, one round trip|0.35"
      "invoice_page|GET /v1/invoices?limit=100|1.5"
      "invoice_page_rendered|the same, read to render|-")
printf '%-28s %8s %8s %8s %10s\n' "what" "p50 ms" "p90 ms" "avg ms" "target ms"
for row in "${rows[@]}"; do
    IFS='|' read -r script what target <<<"$row"
    rm -f "$work"/log*
    file=$here/latency/$script.sql
    [[ $script == customer_create* ]] && file=$work/$script.sql
    if ! "$pgbench" -n -f "$file" -c 1 -j 1 -T "$secs" -l --log-prefix="$work/log" "${extra[@]}" >"$work/out" 2>&1; then
        cat "$work/out" >&2; echo "pgbench failed on $script.sql" >&2; exit 1
    fi
    avg=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/out")
    # Per-transaction log: "client tx_no latency_us script_no epoch epoch_us". PostgreSQL 15's pgbench sometimes logs
    # a transaction's latency as 0 (seen here on a loaded machine, for up to all of SELECT 1's and a quarter of the
    # page's); percentiles over such a log are wrong, so they are left out ("-") and the average (run time over
    # transactions) stands alone.
    read -r p50 p90 <<<"$(cat "$work"/log* | awk '$3 ~ /^[0-9]+$/ { print $3 }' | sort -n | awk '
        { v[NR] = $1 }
        END { if (NR == 0 || v[1] == 0) { print "- -"; exit }
              k50 = int(NR * 0.5 + 0.999999); k90 = int(NR * 0.9 + 0.999999)
              printf "%.3f %.3f\n", v[k50] / 1000, v[k90] / 1000 }')"
    printf '%-28s %8s %8s %8.3f %10s\n' "$what" "$p50" "$p90" "$avg" "$target"
done
