using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TestClockOnObjects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "test_clock_id",
                table: "subscriptions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "test_clock_id",
                table: "invoices",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "test_clock_id",
                table: "invoice_items",
                type: "text",
                nullable: true);

            // Objects made before this column existed: their customer's clock (a customer joins one only at creation).
            migrationBuilder.Sql("""
                UPDATE subscriptions s SET test_clock_id = c.test_clock_id FROM customers c
                WHERE c.account_id = s.account_id AND c.id = s.customer_id AND c.test_clock_id IS NOT NULL;
                UPDATE invoices i SET test_clock_id = c.test_clock_id FROM customers c
                WHERE c.account_id = i.account_id AND c.id = i.customer_id AND c.test_clock_id IS NOT NULL;
                UPDATE invoice_items x SET test_clock_id = c.test_clock_id FROM customers c
                WHERE c.account_id = x.account_id AND c.id = x.customer_id AND c.test_clock_id IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "test_clock_id",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "test_clock_id",
                table: "invoices");

            migrationBuilder.DropColumn(
                name: "test_clock_id",
                table: "invoice_items");
        }
    }
}
