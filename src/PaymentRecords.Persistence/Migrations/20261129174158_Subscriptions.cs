using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// Subscriptions and their items (issue 14); invoices learn their billing_reason and subscription, and a line the
    /// subscription billed its subscription item. The new tables take no planner statistics on account_id
    /// (<c>AccountIdWithoutStatistics</c>).
    /// </summary>
    public partial class Subscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "billing_reason",
                table: "invoices",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "manual");

            migrationBuilder.AddColumn<string>(
                name: "subscription_id",
                table: "invoices",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subscription_id",
                table: "invoice_items",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subscription_item_id",
                table: "invoice_items",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "subscriptions",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    collection_method = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    days_until_due = table.Column<long>(type: "bigint", nullable: true),
                    default_payment_method_id = table.Column<string>(type: "text", nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    billing_cycle_anchor = table.Column<long>(type: "bigint", nullable: false),
                    start_date = table.Column<long>(type: "bigint", nullable: false),
                    cancel_at_period_end = table.Column<bool>(type: "boolean", nullable: false),
                    canceled_at = table.Column<long>(type: "bigint", nullable: true),
                    ended_at = table.Column<long>(type: "bigint", nullable: true),
                    latest_invoice_id = table.Column<string>(type: "text", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    attributes = table.Column<string>(type: "json", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subscriptions", x => new { x.account_id, x.id });
                    table.ForeignKey(
                        name: "fk_subscriptions_customers_account_id_customer_id",
                        columns: x => new { x.account_id, x.customer_id },
                        principalTable: "customers",
                        principalColumns: new[] { "account_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "subscription_items",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    subscription_id = table.Column<string>(type: "text", nullable: false),
                    price_id = table.Column<string>(type: "text", nullable: false),
                    quantity = table.Column<long>(type: "bigint", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    current_period_start = table.Column<long>(type: "bigint", nullable: false),
                    current_period_end = table.Column<long>(type: "bigint", nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subscription_items", x => new { x.account_id, x.id });
                    table.ForeignKey(
                        name: "fk_subscription_items_prices_account_id_price_id",
                        columns: x => new { x.account_id, x.price_id },
                        principalTable: "prices",
                        principalColumns: new[] { "account_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_subscription_items_subscriptions_account_id_subscription_id",
                        columns: x => new { x.account_id, x.subscription_id },
                        principalTable: "subscriptions",
                        principalColumns: new[] { "account_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_account_id_subscription_id",
                table: "invoices",
                columns: new[] { "account_id", "subscription_id" },
                filter: "subscription_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_subscription_items_account_id_created_seq",
                table: "subscription_items",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_subscription_items_account_id_price_id",
                table: "subscription_items",
                columns: new[] { "account_id", "price_id" });

            migrationBuilder.CreateIndex(
                name: "ix_subscription_items_account_id_subscription_id_position",
                table: "subscription_items",
                columns: new[] { "account_id", "subscription_id", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_account_id_created_seq",
                table: "subscriptions",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_account_id_customer_id_created_seq",
                table: "subscriptions",
                columns: new[] { "account_id", "customer_id", "created", "seq" },
                descending: new[] { false, false, true, true });

            migrationBuilder.Sql("""
                ALTER TABLE subscriptions ALTER COLUMN account_id SET STATISTICS 0;
                ALTER TABLE subscription_items ALTER COLUMN account_id SET STATISTICS 0;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "subscription_items");

            migrationBuilder.DropTable(
                name: "subscriptions");

            migrationBuilder.DropIndex(
                name: "ix_invoices_account_id_subscription_id",
                table: "invoices");

            migrationBuilder.DropColumn(
                name: "billing_reason",
                table: "invoices");

            migrationBuilder.DropColumn(
                name: "subscription_id",
                table: "invoices");

            migrationBuilder.DropColumn(
                name: "subscription_id",
                table: "invoice_items");

            migrationBuilder.DropColumn(
                name: "subscription_item_id",
                table: "invoice_items");
        }
    }
}
