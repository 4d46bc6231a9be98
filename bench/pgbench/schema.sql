-- Self-contained schema for bench/pgbench/seed_flow.sql: a stand-in for the tables the server's seed
-- flow writes. It does NOT follow the server's real schema (written separately); it only keeps its
-- shape: text ids, account_id leading every primary key, bigint amounts (minor units), jsonb data.
-- Re-running drops and recreates everything in schema prbench.

DROP SCHEMA IF EXISTS prbench CASCADE;
CREATE SCHEMA prbench;

CREATE TABLE prbench.customers (
    account_id            text    NOT NULL,
    id                    text    NOT NULL,
    email                 text,
    name                  text,
    invoice_prefix        text    NOT NULL,
    next_invoice_sequence integer NOT NULL DEFAULT 1,
    livemode              boolean NOT NULL DEFAULT false,
    created               bigint  NOT NULL,
    data                  jsonb   NOT NULL DEFAULT '{}',
    PRIMARY KEY (account_id, id)
);
CREATE INDEX customers_list ON prbench.customers (account_id, created DESC, id DESC);

CREATE TABLE prbench.invoices (
    account_id       text   NOT NULL,
    id               text   NOT NULL,
    customer_id      text   NOT NULL,
    status           text   NOT NULL,
    number           text,
    currency         text,
    subtotal         bigint NOT NULL DEFAULT 0,
    total            bigint NOT NULL DEFAULT 0,
    amount_due       bigint NOT NULL DEFAULT 0,
    amount_paid      bigint NOT NULL DEFAULT 0,
    amount_remaining bigint NOT NULL DEFAULT 0,
    created          bigint NOT NULL,
    finalized_at     bigint,
    paid_at          bigint,
    data             jsonb  NOT NULL DEFAULT '{}',
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, customer_id) REFERENCES prbench.customers (account_id, id)
);
CREATE INDEX invoices_by_customer ON prbench.invoices (account_id, customer_id, created DESC, id DESC);
CREATE INDEX invoices_list ON prbench.invoices (account_id, created DESC, id DESC);

CREATE TABLE prbench.invoice_items (
    account_id  text   NOT NULL,
    id          text   NOT NULL,
    customer_id text   NOT NULL,
    invoice_id  text,
    amount      bigint NOT NULL,
    currency    text   NOT NULL,
    created     bigint NOT NULL,
    data        jsonb  NOT NULL DEFAULT '{}',
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, customer_id) REFERENCES prbench.customers (account_id, id),
    FOREIGN KEY (account_id, invoice_id) REFERENCES prbench.invoices (account_id, id)
);
CREATE INDEX invoice_items_by_invoice ON prbench.invoice_items (account_id, invoice_id);

CREATE TABLE prbench.payment_records (
    account_id         text   NOT NULL,
    id                 text   NOT NULL,
    customer_id        text,
    currency           text   NOT NULL,
    amount_requested   bigint NOT NULL,
    amount_guaranteed  bigint NOT NULL DEFAULT 0,
    amount_refunded    bigint NOT NULL DEFAULT 0,
    outcome            text   NOT NULL,
    initiated_at       bigint NOT NULL,
    guaranteed_at      bigint,
    payment_reference  text,
    created            bigint NOT NULL,
    data               jsonb  NOT NULL DEFAULT '{}',
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, customer_id) REFERENCES prbench.customers (account_id, id)
);

CREATE TABLE prbench.invoice_payments (
    account_id        text    NOT NULL,
    id                text    NOT NULL,
    invoice_id        text    NOT NULL,
    payment_record_id text    NOT NULL,
    currency          text    NOT NULL,
    amount_requested  bigint  NOT NULL,
    amount_paid       bigint,
    status            text    NOT NULL,
    is_default        boolean NOT NULL,
    created           bigint  NOT NULL,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, invoice_id) REFERENCES prbench.invoices (account_id, id),
    FOREIGN KEY (account_id, payment_record_id) REFERENCES prbench.payment_records (account_id, id)
);
CREATE INDEX invoice_payments_by_invoice ON prbench.invoice_payments (account_id, invoice_id);
-- As the server's ix_invoice_payments_one_live_per_record: one open or paid attachment per payment record.
CREATE UNIQUE INDEX invoice_payments_one_live_per_record ON prbench.invoice_payments (account_id, payment_record_id)
    WHERE status <> 'canceled';

CREATE TABLE prbench.events (
    account_id  text   NOT NULL,
    id          text   NOT NULL,
    type        text   NOT NULL,
    api_version text   NOT NULL,
    created     bigint NOT NULL,
    object_id   text   NOT NULL,
    request_id  text,
    data        jsonb  NOT NULL,
    PRIMARY KEY (account_id, id)
);
CREATE INDEX events_list ON prbench.events (account_id, created DESC, id DESC);

CREATE TABLE prbench.idempotency_keys (
    account_id    text        NOT NULL,
    key           text        NOT NULL,
    method        text        NOT NULL,
    path          text        NOT NULL,
    request_hash  text        NOT NULL,
    status_code   integer     NOT NULL,
    response      jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, key)
);
