-- pgbench script: the database work of one seed.flow (see bench/README.md) in SIX transactions, one per API
-- request, as the server commits them: the same statements as seed_flow.sql (generated from it: keep the two in
-- step), each request's rows, events and idempotency row committed together. bench/pgbench/compare.sh runs it
-- next to the server's seed.flow on the same database and prints the ratio (issue 11's target: server >= 0.7x).
\set rid random(1, 4000000000000000000)
\set amount 1000

BEGIN;
-- POST /v1/customers
INSERT INTO prbench.customers (account_id, id, email, invoice_prefix, created, data)
VALUES ('acct_bench', 'cus_' || :rid, 'bench-' || :rid || '@example.com', upper(substr(md5(random()::text), 1, 8)),
        extract(epoch FROM now())::bigint, '{"metadata": {}}');
INSERT INTO prbench.events (account_id, id, type, api_version, created, object_id, data)
VALUES ('acct_bench', 'evt_' || :rid || '_1', 'customer.created', '2025-10-29.clover', extract(epoch FROM now())::bigint,
        'cus_' || :rid, jsonb_build_object('object', jsonb_build_object('id', 'cus_' || :rid, 'object', 'customer')));
INSERT INTO prbench.idempotency_keys (account_id, key, method, path, request_hash, status_code, response)
VALUES ('acct_bench', gen_random_uuid()::text, 'POST', '/v1/customers', md5('email=bench-' || :rid), 200,
        jsonb_build_object('id', 'cus_' || :rid, 'object', 'customer'));
COMMIT;

BEGIN;
-- POST /v1/invoices (customer=cus)
SELECT id FROM prbench.customers WHERE account_id = 'acct_bench' AND id = 'cus_' || :rid;
INSERT INTO prbench.invoices (account_id, id, customer_id, status, currency, created)
VALUES ('acct_bench', 'in_' || :rid, 'cus_' || :rid, 'draft', 'usd', extract(epoch FROM now())::bigint);
INSERT INTO prbench.events (account_id, id, type, api_version, created, object_id, data)
VALUES ('acct_bench', 'evt_' || :rid || '_2', 'invoice.created', '2025-10-29.clover', extract(epoch FROM now())::bigint,
        'in_' || :rid, jsonb_build_object('object', jsonb_build_object('id', 'in_' || :rid, 'object', 'invoice', 'status', 'draft')));
INSERT INTO prbench.idempotency_keys (account_id, key, method, path, request_hash, status_code, response)
VALUES ('acct_bench', gen_random_uuid()::text, 'POST', '/v1/invoices', md5('customer=cus_' || :rid), 200,
        jsonb_build_object('id', 'in_' || :rid, 'object', 'invoice'));
COMMIT;

BEGIN;
-- POST /v1/invoiceitems (customer, invoice, amount=1000, currency=usd): add the line, recompute totals
SELECT status FROM prbench.invoices WHERE account_id = 'acct_bench' AND id = 'in_' || :rid FOR UPDATE;
INSERT INTO prbench.invoice_items (account_id, id, customer_id, invoice_id, amount, currency, created)
VALUES ('acct_bench', 'ii_' || :rid, 'cus_' || :rid, 'in_' || :rid, :amount, 'usd', extract(epoch FROM now())::bigint);
UPDATE prbench.invoices i
   SET subtotal = t.sum, total = t.sum, amount_due = t.sum, amount_remaining = t.sum
  FROM (SELECT coalesce(sum(amount), 0) AS sum FROM prbench.invoice_items
         WHERE account_id = 'acct_bench' AND invoice_id = 'in_' || :rid) t
 WHERE i.account_id = 'acct_bench' AND i.id = 'in_' || :rid;
INSERT INTO prbench.events (account_id, id, type, api_version, created, object_id, data)
VALUES ('acct_bench', 'evt_' || :rid || '_3', 'invoiceitem.created', '2025-10-29.clover', extract(epoch FROM now())::bigint,
        'ii_' || :rid, jsonb_build_object('object', jsonb_build_object('id', 'ii_' || :rid, 'object', 'invoiceitem', 'amount', :amount::bigint)));
INSERT INTO prbench.events (account_id, id, type, api_version, created, object_id, data)
VALUES ('acct_bench', 'evt_' || :rid || '_3u', 'invoice.updated', '2025-10-29.clover', extract(epoch FROM now())::bigint,
        'in_' || :rid, jsonb_build_object('object', jsonb_build_object('id', 'in_' || :rid, 'object', 'invoice', 'total', :amount::bigint)));
INSERT INTO prbench.idempotency_keys (account_id, key, method, path, request_hash, status_code, response)
VALUES ('acct_bench', gen_random_uuid()::text, 'POST', '/v1/invoiceitems', md5('invoice=in_' || :rid), 200,
        jsonb_build_object('id', 'ii_' || :rid, 'object', 'invoiceitem'));
COMMIT;

BEGIN;
-- POST /v1/invoices/{in}/finalize: take the customer's next invoice number, open the invoice
SELECT status FROM prbench.invoices WHERE account_id = 'acct_bench' AND id = 'in_' || :rid FOR UPDATE;
WITH c AS (
    UPDATE prbench.customers SET next_invoice_sequence = next_invoice_sequence + 1
     WHERE account_id = 'acct_bench' AND id = 'cus_' || :rid
    RETURNING invoice_prefix, next_invoice_sequence - 1 AS seq)
UPDATE prbench.invoices i
   SET status = 'open', number = c.invoice_prefix || '-' || lpad(c.seq::text, 4, '0'),
       finalized_at = extract(epoch FROM now())::bigint
  FROM c
 WHERE i.account_id = 'acct_bench' AND i.id = 'in_' || :rid;
INSERT INTO prbench.events (account_id, id, type, api_version, created, object_id, data)
VALUES ('acct_bench', 'evt_' || :rid || '_4', 'invoice.finalized', '2025-10-29.clover', extract(epoch FROM now())::bigint,
        'in_' || :rid, jsonb_build_object('object', jsonb_build_object('id', 'in_' || :rid, 'object', 'invoice', 'status', 'open')));
INSERT INTO prbench.idempotency_keys (account_id, key, method, path, request_hash, status_code, response)
VALUES ('acct_bench', gen_random_uuid()::text, 'POST', '/v1/invoices/in_' || :rid || '/finalize', md5(''), 200,
        jsonb_build_object('id', 'in_' || :rid, 'object', 'invoice', 'status', 'open'));
COMMIT;

BEGIN;
-- POST /v1/payment_records/report_payment (guaranteed, custom, 1000 usd)
INSERT INTO prbench.payment_records (account_id, id, customer_id, currency, amount_requested, amount_guaranteed, outcome,
                                     initiated_at, guaranteed_at, payment_reference, created, data)
VALUES ('acct_bench', 'pr_' || :rid, 'cus_' || :rid, 'usd', :amount, :amount, 'guaranteed',
        extract(epoch FROM now())::bigint, extract(epoch FROM now())::bigint, gen_random_uuid()::text,
        extract(epoch FROM now())::bigint,
        '{"payment_method_details": {"type": "custom", "custom": {"display_name": "ACME"}}, "processor_details": {"type": "custom"}}');
INSERT INTO prbench.idempotency_keys (account_id, key, method, path, request_hash, status_code, response)
VALUES ('acct_bench', gen_random_uuid()::text, 'POST', '/v1/payment_records/report_payment', md5('pr_' || :rid), 200,
        jsonb_build_object('id', 'pr_' || :rid, 'object', 'payment_record'));
COMMIT;

BEGIN;
-- POST /v1/invoices/{in}/attach_payment (payment_record=pr): locks in the server's order (payment record ->
-- customer -> invoice), checks the record is not attached elsewhere, links it, marks the invoice paid
SELECT customer_id FROM prbench.invoices WHERE account_id = 'acct_bench' AND id = 'in_' || :rid;
SELECT amount_guaranteed FROM prbench.payment_records WHERE account_id = 'acct_bench' AND id = 'pr_' || :rid FOR UPDATE;
SELECT next_invoice_sequence FROM prbench.customers WHERE account_id = 'acct_bench' AND id = 'cus_' || :rid FOR UPDATE;
SELECT status, amount_remaining FROM prbench.invoices WHERE account_id = 'acct_bench' AND id = 'in_' || :rid FOR UPDATE;
SELECT invoice_id FROM prbench.invoice_payments
 WHERE account_id = 'acct_bench' AND payment_record_id = 'pr_' || :rid AND status <> 'canceled' LIMIT 1;
INSERT INTO prbench.invoice_payments (account_id, id, invoice_id, payment_record_id, currency, amount_requested, amount_paid,
                                      status, is_default, created)
VALUES ('acct_bench', 'inpay_' || :rid, 'in_' || :rid, 'pr_' || :rid, 'usd', :amount, :amount, 'paid', false,
        extract(epoch FROM now())::bigint);
UPDATE prbench.invoices i
   SET amount_paid = p.paid, amount_remaining = i.amount_due - p.paid,
       status = CASE WHEN p.paid >= i.amount_due THEN 'paid' ELSE i.status END,
       paid_at = extract(epoch FROM now())::bigint
  FROM (SELECT coalesce(sum(amount_paid), 0) AS paid FROM prbench.invoice_payments
         WHERE account_id = 'acct_bench' AND invoice_id = 'in_' || :rid) p
 WHERE i.account_id = 'acct_bench' AND i.id = 'in_' || :rid;
INSERT INTO prbench.events (account_id, id, type, api_version, created, object_id, data)
VALUES ('acct_bench', 'evt_' || :rid || '_5', 'invoice_payment.paid', '2025-10-29.clover', extract(epoch FROM now())::bigint,
        'inpay_' || :rid, jsonb_build_object('object', jsonb_build_object('id', 'inpay_' || :rid, 'object', 'invoice_payment', 'amount_paid', :amount::bigint))),
       ('acct_bench', 'evt_' || :rid || '_6', 'invoice.updated', '2025-10-29.clover', extract(epoch FROM now())::bigint,
        'in_' || :rid, jsonb_build_object('object', jsonb_build_object('id', 'in_' || :rid, 'object', 'invoice', 'status', 'paid'))),
       ('acct_bench', 'evt_' || :rid || '_7', 'invoice.paid', '2025-10-29.clover', extract(epoch FROM now())::bigint,
        'in_' || :rid, jsonb_build_object('object', jsonb_build_object('id', 'in_' || :rid, 'object', 'invoice', 'status', 'paid'))),
       ('acct_bench', 'evt_' || :rid || '_8', 'invoice.payment_succeeded', '2025-10-29.clover', extract(epoch FROM now())::bigint,
        'in_' || :rid, jsonb_build_object('object', jsonb_build_object('id', 'in_' || :rid, 'object', 'invoice', 'status', 'paid')));
INSERT INTO prbench.idempotency_keys (account_id, key, method, path, request_hash, status_code, response)
VALUES ('acct_bench', gen_random_uuid()::text, 'POST', '/v1/invoices/in_' || :rid || '/attach_payment', md5('pr_' || :rid), 200,
        jsonb_build_object('id', 'in_' || :rid, 'object', 'invoice', 'status', 'paid'));
COMMIT;
