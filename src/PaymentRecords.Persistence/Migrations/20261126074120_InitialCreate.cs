using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "customer_balance_transactions",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    ending_balance = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    invoice_id = table.Column<string>(type: "text", nullable: true),
                    credit_note_id = table.Column<string>(type: "text", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_balance_transactions", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    email = table.Column<string>(type: "text", nullable: true),
                    name = table.Column<string>(type: "text", nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    phone = table.Column<string>(type: "text", nullable: true),
                    balance = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: true),
                    invoice_prefix = table.Column<string>(type: "text", nullable: false),
                    next_invoice_sequence = table.Column<long>(type: "bigint", nullable: false),
                    deleted = table.Column<bool>(type: "boolean", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    attributes = table.Column<string>(type: "json", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customers", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    data = table.Column<string>(type: "json", nullable: false),
                    request_id = table.Column<string>(type: "text", nullable: true),
                    idempotency_key = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    endpoint = table.Column<string>(type: "text", nullable: false),
                    request_hash = table.Column<string>(type: "text", nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: false),
                    response_body = table.Column<string>(type: "text", nullable: false),
                    request_id = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.account_id, x.key });
                });

            migrationBuilder.CreateTable(
                name: "invoice_items",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    invoice_id = table.Column<string>(type: "text", nullable: true),
                    line_id = table.Column<string>(type: "text", nullable: true),
                    line_position = table.Column<int>(type: "integer", nullable: true),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<long>(type: "bigint", nullable: false),
                    unit_amount_decimal = table.Column<decimal>(type: "numeric", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    discountable = table.Column<bool>(type: "boolean", nullable: false),
                    period_start = table.Column<long>(type: "bigint", nullable: false),
                    period_end = table.Column<long>(type: "bigint", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    attributes = table.Column<string>(type: "json", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_items", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "invoice_payments",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    invoice_id = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    amount_requested = table.Column<long>(type: "bigint", nullable: false),
                    amount_paid = table.Column<long>(type: "bigint", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    payment_type = table.Column<string>(type: "text", nullable: false),
                    payment_record_id = table.Column<string>(type: "text", nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    paid_at = table.Column<long>(type: "bigint", nullable: true),
                    canceled_at = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_payments", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "invoices",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    collection_method = table.Column<string>(type: "text", nullable: false),
                    auto_advance = table.Column<bool>(type: "boolean", nullable: false),
                    number = table.Column<string>(type: "text", nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    due_date = table.Column<long>(type: "bigint", nullable: true),
                    days_until_due = table.Column<long>(type: "bigint", nullable: true),
                    effective_at = table.Column<long>(type: "bigint", nullable: true),
                    automatically_finalizes_at = table.Column<long>(type: "bigint", nullable: true),
                    finalized_at = table.Column<long>(type: "bigint", nullable: true),
                    paid_at = table.Column<long>(type: "bigint", nullable: true),
                    voided_at = table.Column<long>(type: "bigint", nullable: true),
                    marked_uncollectible_at = table.Column<long>(type: "bigint", nullable: true),
                    subtotal = table.Column<long>(type: "bigint", nullable: false),
                    line_count = table.Column<int>(type: "integer", nullable: false),
                    next_line_position = table.Column<int>(type: "integer", nullable: false),
                    starting_balance = table.Column<long>(type: "bigint", nullable: true),
                    ending_balance = table.Column<long>(type: "bigint", nullable: true),
                    amount_paid_out_of_band = table.Column<long>(type: "bigint", nullable: false),
                    amount_paid_by_payments = table.Column<long>(type: "bigint", nullable: false),
                    pre_payment_credit_notes_amount = table.Column<long>(type: "bigint", nullable: false),
                    post_payment_credit_notes_amount = table.Column<long>(type: "bigint", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    attributes = table.Column<string>(type: "json", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoices", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "payment_records",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    amount_requested = table.Column<long>(type: "bigint", nullable: false),
                    latest_attempt_id = table.Column<string>(type: "text", nullable: false),
                    latest_attempt_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    amount_refunded = table.Column<long>(type: "bigint", nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    customer_presence = table.Column<string>(type: "text", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    attributes = table.Column<string>(type: "json", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_records", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "credit_notes",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    invoice_id = table.Column<string>(type: "text", nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    number = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    pre_payment_amount = table.Column<long>(type: "bigint", nullable: false),
                    post_payment_amount = table.Column<long>(type: "bigint", nullable: false),
                    credit_amount = table.Column<long>(type: "bigint", nullable: false),
                    refund_amount = table.Column<long>(type: "bigint", nullable: false),
                    out_of_band_amount = table.Column<long>(type: "bigint", nullable: true),
                    refunds_amount = table.Column<long>(type: "bigint", nullable: false),
                    memo = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: true),
                    effective_at = table.Column<long>(type: "bigint", nullable: true),
                    customer_balance_transaction_id = table.Column<string>(type: "text", nullable: true),
                    voided_at = table.Column<long>(type: "bigint", nullable: true),
                    line_count = table.Column<int>(type: "integer", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_notes", x => new { x.account_id, x.id });
                    table.ForeignKey(
                        name: "fk_credit_notes_invoices_account_id_invoice_id",
                        columns: x => new { x.account_id, x.invoice_id },
                        principalTable: "invoices",
                        principalColumns: new[] { "account_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "payment_attempt_records",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    payment_record_id = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    amount_requested = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    amount_refunded = table.Column<long>(type: "bigint", nullable: false),
                    initiated_at = table.Column<long>(type: "bigint", nullable: false),
                    guaranteed_at = table.Column<long>(type: "bigint", nullable: true),
                    failed_at = table.Column<long>(type: "bigint", nullable: true),
                    canceled_at = table.Column<long>(type: "bigint", nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    customer_presence = table.Column<string>(type: "text", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    attributes = table.Column<string>(type: "json", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_attempt_records", x => new { x.account_id, x.id });
                    table.ForeignKey(
                        name: "fk_payment_attempt_records_payment_records_account_id_payment_",
                        columns: x => new { x.account_id, x.payment_record_id },
                        principalTable: "payment_records",
                        principalColumns: new[] { "account_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "credit_note_line_items",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    credit_note_id = table.Column<string>(type: "text", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    invoice_line_item = table.Column<string>(type: "text", nullable: true),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<long>(type: "bigint", nullable: true),
                    unit_amount = table.Column<long>(type: "bigint", nullable: true),
                    unit_amount_decimal = table.Column<decimal>(type: "numeric", nullable: true),
                    description = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_note_line_items", x => new { x.account_id, x.id });
                    table.ForeignKey(
                        name: "fk_credit_note_line_items_credit_notes_account_id_credit_note_",
                        columns: x => new { x.account_id, x.credit_note_id },
                        principalTable: "credit_notes",
                        principalColumns: new[] { "account_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "payment_record_refunds",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    payment_record_id = table.Column<string>(type: "text", nullable: false),
                    payment_attempt_record_id = table.Column<string>(type: "text", nullable: false),
                    refund_reference = table.Column<string>(type: "text", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    refunded_at = table.Column<long>(type: "bigint", nullable: false),
                    initiated_at = table.Column<long>(type: "bigint", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_record_refunds", x => new { x.account_id, x.id });
                    table.ForeignKey(
                        name: "fk_payment_record_refunds_payment_attempt_records_account_id_p",
                        columns: x => new { x.account_id, x.payment_attempt_record_id },
                        principalTable: "payment_attempt_records",
                        principalColumns: new[] { "account_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_payment_record_refunds_payment_records_account_id_payment_r",
                        columns: x => new { x.account_id, x.payment_record_id },
                        principalTable: "payment_records",
                        principalColumns: new[] { "account_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "credit_note_refunds",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    credit_note_id = table.Column<string>(type: "text", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    payment_record_id = table.Column<string>(type: "text", nullable: false),
                    refund_group = table.Column<string>(type: "text", nullable: false),
                    payment_record_refund_id = table.Column<string>(type: "text", nullable: false),
                    amount_refunded = table.Column<long>(type: "bigint", nullable: false),
                    voided = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_note_refunds", x => new { x.account_id, x.id });
                    table.ForeignKey(
                        name: "fk_credit_note_refunds_credit_notes_account_id_credit_note_id",
                        columns: x => new { x.account_id, x.credit_note_id },
                        principalTable: "credit_notes",
                        principalColumns: new[] { "account_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_credit_note_refunds_payment_record_refunds_account_id_payme",
                        columns: x => new { x.account_id, x.payment_record_refund_id },
                        principalTable: "payment_record_refunds",
                        principalColumns: new[] { "account_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_credit_note_line_items_account_id_credit_note_id_position",
                table: "credit_note_line_items",
                columns: new[] { "account_id", "credit_note_id", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_credit_note_line_items_account_id_invoice_line_item",
                table: "credit_note_line_items",
                columns: new[] { "account_id", "invoice_line_item" },
                filter: "invoice_line_item IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_credit_note_refunds_account_id_credit_note_id_position",
                table: "credit_note_refunds",
                columns: new[] { "account_id", "credit_note_id", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_credit_note_refunds_live",
                table: "credit_note_refunds",
                columns: new[] { "account_id", "payment_record_refund_id" },
                filter: "NOT voided");

            migrationBuilder.CreateIndex(
                name: "ix_credit_notes_account_id_created_seq",
                table: "credit_notes",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_credit_notes_account_id_customer_id_created_seq",
                table: "credit_notes",
                columns: new[] { "account_id", "customer_id", "created", "seq" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_credit_notes_account_id_invoice_id_created_seq",
                table: "credit_notes",
                columns: new[] { "account_id", "invoice_id", "created", "seq" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_credit_notes_account_id_invoice_id_number",
                table: "credit_notes",
                columns: new[] { "account_id", "invoice_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customer_balance_transactions_account_id_created_seq",
                table: "customer_balance_transactions",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_customer_balance_transactions_account_id_customer_id_create",
                table: "customer_balance_transactions",
                columns: new[] { "account_id", "customer_id", "created", "seq" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_customers_account_id_created_seq",
                table: "customers",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_customers_account_id_email",
                table: "customers",
                columns: new[] { "account_id", "email" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_account_id_invoice_prefix",
                table: "customers",
                columns: new[] { "account_id", "invoice_prefix" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_account_id_created_seq",
                table: "events",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_events_account_id_type",
                table: "events",
                columns: new[] { "account_id", "type" });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_account_id_created_at",
                table: "idempotency_keys",
                columns: new[] { "account_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_invoice_items_account_id_created_seq",
                table: "invoice_items",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_invoice_items_account_id_invoice_id_line_position",
                table: "invoice_items",
                columns: new[] { "account_id", "invoice_id", "line_position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invoice_items_account_id_line_id",
                table: "invoice_items",
                columns: new[] { "account_id", "line_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invoice_items_pending",
                table: "invoice_items",
                columns: new[] { "account_id", "customer_id" },
                filter: "invoice_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_invoice_payments_account_id_created_seq",
                table: "invoice_payments",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_invoice_payments_account_id_invoice_id",
                table: "invoice_payments",
                columns: new[] { "account_id", "invoice_id" });

            migrationBuilder.CreateIndex(
                name: "ix_invoice_payments_one_live_per_record",
                table: "invoice_payments",
                columns: new[] { "account_id", "payment_record_id" },
                unique: true,
                filter: "status <> 'canceled'");

            migrationBuilder.CreateIndex(
                name: "ix_invoices_account_id_created_seq",
                table: "invoices",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_account_id_customer_id_created_seq",
                table: "invoices",
                columns: new[] { "account_id", "customer_id", "created", "seq" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_payment_attempt_records_account_id_created_seq",
                table: "payment_attempt_records",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_payment_attempt_records_account_id_payment_record_id_create",
                table: "payment_attempt_records",
                columns: new[] { "account_id", "payment_record_id", "created", "seq" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_payment_record_refunds_account_id_created_seq",
                table: "payment_record_refunds",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_payment_record_refunds_account_id_payment_attempt_record_id",
                table: "payment_record_refunds",
                columns: new[] { "account_id", "payment_attempt_record_id" });

            migrationBuilder.CreateIndex(
                name: "ix_payment_record_refunds_account_id_payment_record_id",
                table: "payment_record_refunds",
                columns: new[] { "account_id", "payment_record_id" });

            migrationBuilder.CreateIndex(
                name: "ix_payment_record_refunds_account_id_refund_reference",
                table: "payment_record_refunds",
                columns: new[] { "account_id", "refund_reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payment_records_account_id_created_seq",
                table: "payment_records",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credit_note_line_items");

            migrationBuilder.DropTable(
                name: "credit_note_refunds");

            migrationBuilder.DropTable(
                name: "customer_balance_transactions");

            migrationBuilder.DropTable(
                name: "customers");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "invoice_items");

            migrationBuilder.DropTable(
                name: "invoice_payments");

            migrationBuilder.DropTable(
                name: "credit_notes");

            migrationBuilder.DropTable(
                name: "payment_record_refunds");

            migrationBuilder.DropTable(
                name: "invoices");

            migrationBuilder.DropTable(
                name: "payment_attempt_records");

            migrationBuilder.DropTable(
                name: "payment_records");
        }
    }
}
