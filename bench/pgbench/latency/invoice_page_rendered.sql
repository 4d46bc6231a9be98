-- pgbench script: what GET /v1/invoices?limit=100 read before invoices kept stored renderings (and still reads for
-- the invoices a page finds none for): the page (one more than the limit, for has_more), then the first lines of each
-- of its invoices, one LATERAL read per invoice. Two statements, two round trips, no transaction. latency.sh seeds 150
-- invoices with one line each; the page is the newest 100 (in_page_51 … in_page_150), given to the second read as its
-- array of ids.
SELECT * FROM prbench.invoices WHERE account_id = 'acct_page' ORDER BY created DESC, id DESC LIMIT 101;
SELECT c.* FROM (SELECT DISTINCT unnest(ARRAY(SELECT 'in_page_' || g FROM generate_series(51, 150) g)) AS parent_id) p
CROSS JOIN LATERAL (SELECT * FROM prbench.invoice_items x
                     WHERE x.account_id = 'acct_page' AND x.invoice_id = p.parent_id
                     ORDER BY x.created LIMIT 11) c;
