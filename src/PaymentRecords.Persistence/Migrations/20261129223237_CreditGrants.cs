using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <inheritdoc />
    /// <summary>Billing credits: credit grants, their ledger, and the pretax credits an invoice took at finalization.</summary>
    public partial class CreditGrants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "pretax_credit_amount",
                table: "invoices",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "credit_balance_transactions",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    effective_at = table.Column<long>(type: "bigint", nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    credit_grant_id = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    type = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    invoice_id = table.Column<string>(type: "text", nullable: true),
                    invoice_line_id = table.Column<string>(type: "text", nullable: true),
                    test_clock_id = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_balance_transactions", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "credit_grants",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    updated = table.Column<long>(type: "bigint", nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false),
                    remaining = table.Column<long>(type: "bigint", nullable: false),
                    category = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    price_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    price_ids = table.Column<List<string>>(type: "text[]", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    effective_at = table.Column<long>(type: "bigint", nullable: false),
                    expires_at = table.Column<long>(type: "bigint", nullable: true),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    test_clock_id = table.Column<string>(type: "text", nullable: true),
                    voided_at = table.Column<long>(type: "bigint", nullable: true),
                    expired_at = table.Column<long>(type: "bigint", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_grants", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_credit_balance_transactions_account_id_credit_grant_id_crea",
                table: "credit_balance_transactions",
                columns: new[] { "account_id", "credit_grant_id", "created", "seq" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_credit_balance_transactions_account_id_customer_id_created_",
                table: "credit_balance_transactions",
                columns: new[] { "account_id", "customer_id", "created", "seq" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_credit_balance_transactions_account_id_invoice_id",
                table: "credit_balance_transactions",
                columns: new[] { "account_id", "invoice_id" },
                filter: "invoice_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_credit_grants_account_id_created_seq",
                table: "credit_grants",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_credit_grants_account_id_customer_id_created_seq",
                table: "credit_grants",
                columns: new[] { "account_id", "customer_id", "created", "seq" },
                descending: new[] { false, false, true, true });

            // No planner statistics on account_id (20261129171500_AccountIdWithoutStatistics explains why).
            migrationBuilder.Sql("""
                ALTER TABLE credit_grants ALTER COLUMN account_id SET STATISTICS 0;
                ALTER TABLE credit_balance_transactions ALTER COLUMN account_id SET STATISTICS 0;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credit_balance_transactions");

            migrationBuilder.DropTable(
                name: "credit_grants");

            migrationBuilder.DropColumn(
                name: "pretax_credit_amount",
                table: "invoices");
        }
    }
}
