using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class BillingMeters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "meter_id",
                table: "prices",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "billing_meter_events",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    identifier = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    meter_id = table.Column<string>(type: "text", nullable: false),
                    event_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false),
                    timestamp = table.Column<long>(type: "bigint", nullable: false),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_meter_events", x => new { x.account_id, x.identifier });
                });

            migrationBuilder.CreateTable(
                name: "billing_meters",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    updated = table.Column<long>(type: "bigint", nullable: false),
                    display_name = table.Column<string>(type: "text", nullable: false),
                    event_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    formula = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    customer_key = table.Column<string>(type: "text", nullable: false),
                    value_key = table.Column<string>(type: "text", nullable: false),
                    event_time_window = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    deactivated_at = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_meters", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_billing_meter_events_account_id_meter_id_customer_id_timest",
                table: "billing_meter_events",
                columns: new[] { "account_id", "meter_id", "customer_id", "timestamp" });

            migrationBuilder.CreateIndex(
                name: "ix_billing_meters_account_id_created_seq",
                table: "billing_meters",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_billing_meters_account_id_event_name_active",
                table: "billing_meters",
                columns: new[] { "account_id", "event_name" },
                unique: true,
                filter: "status = 'active'");

            // No planner statistics on account_id (20261129171500_AccountIdWithoutStatistics).
            migrationBuilder.Sql("""
                ALTER TABLE billing_meters ALTER COLUMN account_id SET STATISTICS 0;
                ALTER TABLE billing_meter_events ALTER COLUMN account_id SET STATISTICS 0;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "billing_meter_events");

            migrationBuilder.DropTable(
                name: "billing_meters");

            migrationBuilder.DropColumn(
                name: "meter_id",
                table: "prices");
        }
    }
}
