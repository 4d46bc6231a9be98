-- pgbench script: the database work of GET /v1/customers/{id}: one customer by its key (latency.sh seeds 1,000).
\set n random(1, 1000)
SELECT * FROM prbench.customers WHERE account_id = 'acct_page' AND id = 'cus_page_' || :n;
