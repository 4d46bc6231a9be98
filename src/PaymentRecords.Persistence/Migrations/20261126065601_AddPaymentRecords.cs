using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddPaymentRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "payment_record_refunds");

            migrationBuilder.DropTable(
                name: "payment_attempt_records");

            migrationBuilder.DropTable(
                name: "payment_records");
        }
    }
}
