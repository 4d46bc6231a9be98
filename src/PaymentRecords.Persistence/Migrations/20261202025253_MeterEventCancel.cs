using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// A meter event adjustment cancels an event (<c>POST /v1/billing/meter_event_adjustments</c>): <c>canceled_at</c>,
    /// when (null: it counts), and <c>received_at</c>, the wall-clock receipt the 24-hour cancel window runs from (null
    /// for events stored before: <c>created</c> stands in). Nullable, no default: no table rewrite.
    /// </summary>
    public partial class MeterEventCancel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "canceled_at",
                table: "billing_meter_events",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "received_at",
                table: "billing_meter_events",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "canceled_at",
                table: "billing_meter_events");

            migrationBuilder.DropColumn(
                name: "received_at",
                table: "billing_meter_events");
        }
    }
}
