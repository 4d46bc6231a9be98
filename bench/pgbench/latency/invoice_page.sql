-- pgbench script: the database work of GET /v1/invoices?limit=100 as the server reads it (EfInvoiceRenderings.PageAsync):
-- the page (one more than the limit, for has_more) joined by key to each invoice's stored rendering, in one statement.
-- latency.sh seeds 150 invoices and their renderings (a real paid invoice's 2.7 KB of JSON each); the page is the
-- newest 100, among 20,000 invoices and renderings of another account. pgbench reads results as text, where a bytea
-- is sent hex-encoded (twice its size, and the encoding costs the server ~2 ms a page); the server reads it binary,
-- byte for byte, so the body is sent here as its text (the same bytes) instead.
SELECT i.id, r.version, convert_from(r.body, 'UTF8') AS body
FROM (SELECT account_id, id, created FROM prbench.invoices WHERE account_id = 'acct_page'
      ORDER BY created DESC, id DESC LIMIT 101) i
LEFT JOIN prbench.invoice_renderings r ON r.account_id = i.account_id AND r.invoice_id = i.id
ORDER BY i.created DESC, i.id DESC;
