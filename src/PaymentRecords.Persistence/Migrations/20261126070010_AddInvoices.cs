using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddInvoices : Migration
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
                name: "ix_invoices_account_id_created_seq",
                table: "invoices",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_account_id_customer_id_created_seq",
                table: "invoices",
                columns: new[] { "account_id", "customer_id", "created", "seq" },
                descending: new[] { false, false, true, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customer_balance_transactions");

            migrationBuilder.DropTable(
                name: "invoice_items");

            migrationBuilder.DropTable(
                name: "invoices");
        }
    }
}
