using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// No NOTIFY from the writing transaction any more: even limited to accounts with an endpoint, every notifying
    /// commit serialized behind PostgreSQL's one notification-queue lock and lost its group commit, which cost the seed
    /// flow with one <c>*</c> endpoint a third of its throughput. The committing process now wakes its own dispatcher
    /// (<c>Persistence/Outbox/OutboxCommitInterceptor.cs</c>), and the dispatcher NOTIFYs the other instances on its own
    /// connection, at most ten times a second.
    /// </summary>
    [DbContext(typeof(PaymentRecordsDbContext))]
    [Migration("20261129170000_WakeDispatcherInProcess")]
    public partial class WakeDispatcherInProcess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS events_notify_webhooks ON events;
                DROP FUNCTION IF EXISTS pr_notify_webhooks();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION pr_notify_webhooks() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (
                        SELECT 1 FROM webhook_endpoints w
                        WHERE w.account_id IN (SELECT DISTINCT n.account_id FROM new_events n)
                          AND NOT w.deleted AND NOT w.disabled) THEN
                        PERFORM pg_notify('pr_webhooks', '');
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER events_notify_webhooks AFTER INSERT ON events
                    REFERENCING NEW TABLE AS new_events
                    FOR EACH STATEMENT EXECUTE FUNCTION pr_notify_webhooks();
                """);
        }
    }
}
