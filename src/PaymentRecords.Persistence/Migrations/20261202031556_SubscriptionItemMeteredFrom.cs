using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// <c>metered_from</c>: when a subscription item's current price began to count usage inside its current period (an
    /// item added or moved to another price mid-period); null for every item before (their usage counts from their
    /// period's start, as it did). Nullable, no default: no table rewrite.
    /// </summary>
    public partial class SubscriptionItemMeteredFrom : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "metered_from",
                table: "subscription_items",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "metered_from",
                table: "subscription_items");
        }
    }
}
