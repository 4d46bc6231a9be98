using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddCreditNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credit_note_line_items");

            migrationBuilder.DropTable(
                name: "credit_note_refunds");

            migrationBuilder.DropTable(
                name: "credit_notes");
        }
    }
}
