using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Webhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "pending_webhooks",
                table: "events",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "webhooks_fanned_out",
                table: "events",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            // Events written before webhook endpoints existed count as fanned out (true above); new ones start false.
            migrationBuilder.Sql("ALTER TABLE events ALTER COLUMN webhooks_fanned_out SET DEFAULT false;");

            // One NOTIFY per committed transaction that wrote events: PostgreSQL folds identical notifications of a
            // transaction into one and delivers it at commit. The webhook dispatchers LISTEN on this channel.
            migrationBuilder.Sql("""
                CREATE FUNCTION pr_notify_webhooks() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('pr_webhooks', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER events_notify_webhooks AFTER INSERT ON events
                    FOR EACH STATEMENT EXECUTE FUNCTION pr_notify_webhooks();
                """);

            migrationBuilder.CreateTable(
                name: "webhook_attempts",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    event_id = table.Column<string>(type: "text", nullable: false),
                    endpoint_id = table.Column<string>(type: "text", nullable: false),
                    attempted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    duration_ms = table.Column<int>(type: "integer", nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    response_excerpt = table.Column<string>(type: "text", nullable: true),
                    next_retry_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resend = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_attempts", x => new { x.account_id, x.seq });
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    event_id = table.Column<string>(type: "text", nullable: false),
                    endpoint_id = table.Column<string>(type: "text", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => new { x.account_id, x.event_id, x.endpoint_id });
                });

            migrationBuilder.CreateTable(
                name: "webhook_endpoints",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    url = table.Column<string>(type: "text", nullable: false),
                    enabled_events = table.Column<string[]>(type: "text[]", nullable: false),
                    api_version = table.Column<string>(type: "text", nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    disabled = table.Column<bool>(type: "boolean", nullable: false),
                    secret = table.Column<string>(type: "text", nullable: false),
                    deleted = table.Column<bool>(type: "boolean", nullable: false),
                    events_after_seq = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_endpoints", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_events_webhooks_unfanned",
                table: "events",
                column: "seq",
                filter: "NOT webhooks_fanned_out");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_attempts_account_id_event_id",
                table: "webhook_attempts",
                columns: new[] { "account_id", "event_id" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_due",
                table: "webhook_deliveries",
                column: "next_attempt_at",
                filter: "state = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_endpoints_account_id_created_seq",
                table: "webhook_endpoints",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS events_notify_webhooks ON events; DROP FUNCTION IF EXISTS pr_notify_webhooks();");

            migrationBuilder.DropTable(
                name: "webhook_attempts");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "webhook_endpoints");

            migrationBuilder.DropIndex(
                name: "ix_events_webhooks_unfanned",
                table: "events");

            migrationBuilder.DropColumn(
                name: "pending_webhooks",
                table: "events");

            migrationBuilder.DropColumn(
                name: "webhooks_fanned_out",
                table: "events");
        }
    }
}
