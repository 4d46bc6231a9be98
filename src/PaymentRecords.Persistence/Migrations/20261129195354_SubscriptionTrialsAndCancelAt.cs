using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>Subscriptions learn their trial (trial_start, trial_end) and cancel_at (issue 14): columns the time-driven work reads.</summary>
    public partial class SubscriptionTrialsAndCancelAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "cancel_at",
                table: "subscriptions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "trial_end",
                table: "subscriptions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "trial_start",
                table: "subscriptions",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "cancel_at",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "trial_end",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "trial_start",
                table: "subscriptions");
        }
    }
}
