using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Coupons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "coupons",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    amount_off = table.Column<long>(type: "bigint", nullable: true),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    percent_off = table.Column<decimal>(type: "numeric", nullable: true),
                    duration = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    duration_in_months = table.Column<int>(type: "integer", nullable: true),
                    max_redemptions = table.Column<long>(type: "bigint", nullable: true),
                    redeem_by = table.Column<long>(type: "bigint", nullable: true),
                    applies_to_products = table.Column<List<string>>(type: "text[]", nullable: true),
                    name = table.Column<string>(type: "text", nullable: true),
                    times_redeemed = table.Column<long>(type: "bigint", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coupons", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_coupons_account_id_created_seq",
                table: "coupons",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            // As every account-scoped table (issue 11): the planner never estimates by account.
            migrationBuilder.Sql("ALTER TABLE coupons ALTER COLUMN account_id SET STATISTICS 0;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "coupons");
        }
    }
}
