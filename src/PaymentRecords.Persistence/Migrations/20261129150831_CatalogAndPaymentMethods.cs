using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CatalogAndPaymentMethods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "payment_methods",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    custom_type = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    customer_id = table.Column<string>(type: "text", nullable: true),
                    consumed = table.Column<bool>(type: "boolean", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    attributes = table.Column<string>(type: "json", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_methods", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "products",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    updated = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    default_price_id = table.Column<string>(type: "text", nullable: true),
                    tax_code = table.Column<string>(type: "text", nullable: true),
                    unit_label = table.Column<string>(type: "text", nullable: true),
                    url = table.Column<string>(type: "text", nullable: true),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    shippable = table.Column<bool>(type: "boolean", nullable: true),
                    deleted = table.Column<bool>(type: "boolean", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    attributes = table.Column<string>(type: "json", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_products", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "prices",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<string>(type: "text", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    unit_amount = table.Column<long>(type: "bigint", nullable: true),
                    unit_amount_decimal = table.Column<decimal>(type: "numeric", nullable: true),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    interval = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    interval_count = table.Column<long>(type: "bigint", nullable: true),
                    usage_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    lookup_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    nickname = table.Column<string>(type: "text", nullable: true),
                    tax_behavior = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    attributes = table.Column<string>(type: "json", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_prices", x => new { x.account_id, x.id });
                    table.ForeignKey(
                        name: "fk_prices_products_account_id_product_id",
                        columns: x => new { x.account_id, x.product_id },
                        principalTable: "products",
                        principalColumns: new[] { "account_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_payment_methods_account_id_created_seq",
                table: "payment_methods",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_payment_methods_account_id_customer_id_created_seq",
                table: "payment_methods",
                columns: new[] { "account_id", "customer_id", "created", "seq" },
                descending: new[] { false, false, true, true },
                filter: "customer_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_prices_account_id_created_seq",
                table: "prices",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_prices_account_id_lookup_key",
                table: "prices",
                columns: new[] { "account_id", "lookup_key" },
                unique: true,
                filter: "lookup_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_prices_account_id_product_id_created_seq",
                table: "prices",
                columns: new[] { "account_id", "product_id", "created", "seq" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_products_account_id_created_seq",
                table: "products",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payment_methods");

            migrationBuilder.DropTable(
                name: "prices");

            migrationBuilder.DropTable(
                name: "products");
        }
    }
}
