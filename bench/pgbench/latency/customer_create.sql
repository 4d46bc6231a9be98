-- pgbench script: the database work of POST /v1/customers, as the server commits it (seed_flow_6tx.sql's first
-- transaction): the customer, its customer.created event and the idempotency row, then a durable COMMIT.
\set rid random(1, 4000000000000000000)
BEGIN;
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
