using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// Billing alerts (<c>/v1/billing/alerts</c>): <c>billing_alerts</c>, and <c>billing_alert_triggers</c>, one row per
    /// alert and customer it fired for (the key: a one_time alert fires once per customer). A trigger on
    /// <c>billing_meter_events</c> writes a <c>billing_alert.check</c> due work row for the event's meter and customer,
    /// due at the event's receipt (the transaction's <c>now()</c>), when an active alert watches that customer and has
    /// not fired for it, and the customer is on no test clock (Stripe: "Alerts currently don't work with test clocks");
    /// the scheduler checks the usage (Application/Meters/BillingAlertUseCases.cs). In the database, in the event's own
    /// transaction: the meter event route stays one round trip, and a burst of one customer's events within a second
    /// makes one row. Without alerts the trigger costs one probe of an empty partial index.
    /// <para>
    /// The upsert (<c>DO UPDATE</c>, not <c>DO NOTHING</c>) takes the row's lock, so no event is left unchecked: a row
    /// the scheduler has claimed (locked) makes the event wait until the check commits and deletes it, then the event
    /// writes a new row; a row the event locked first is skipped by the scheduler's <c>SKIP LOCKED</c> until the event
    /// commits, so the check that claims it sees the event. <c>pg_notify</c> wakes the schedulers only when a row was
    /// inserted (<c>xmax = 0</c>), not on every event of a burst. A real due time, not a constant: checks take their
    /// turn among other due work, and a burst in a later second queues a row of its own.
    /// </para>
    /// </summary>
    public partial class BillingAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "billing_alert_triggers",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    alert_id = table.Column<string>(type: "text", nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false),
                    created = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_alert_triggers", x => new { x.account_id, x.alert_id, x.customer_id });
                });

            migrationBuilder.CreateTable(
                name: "billing_alerts",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    title = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    alert_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    meter_id = table.Column<string>(type: "text", nullable: false),
                    gte = table.Column<long>(type: "bigint", nullable: false),
                    recurrence = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_alerts", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_billing_alerts_account_id_created_seq",
                table: "billing_alerts",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_billing_alerts_account_id_meter_id",
                table: "billing_alerts",
                columns: new[] { "account_id", "meter_id" },
                filter: "status = 'active'");

            migrationBuilder.Sql("""
                ALTER TABLE billing_alerts ALTER COLUMN account_id SET STATISTICS 0;
                ALTER TABLE billing_alert_triggers ALTER COLUMN account_id SET STATISTICS 0;

                CREATE FUNCTION pr_billing_alert_check() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    fresh boolean;
                BEGIN
                    IF EXISTS (SELECT 1 FROM billing_alerts a
                               WHERE a.account_id = NEW.account_id AND a.meter_id = NEW.meter_id AND a.status = 'active'
                                 AND (a.customer_id IS NULL OR a.customer_id = NEW.customer_id)
                                 AND NOT EXISTS (SELECT 1 FROM billing_alert_triggers t
                                                 WHERE t.account_id = a.account_id AND t.alert_id = a.id AND t.customer_id = NEW.customer_id))
                       AND NOT EXISTS (SELECT 1 FROM customers c
                                       WHERE c.account_id = NEW.account_id AND c.id = NEW.customer_id AND c.test_clock_id IS NOT NULL)
                    THEN
                        INSERT INTO due_work (account_id, kind, object_id, due_at)
                        VALUES (NEW.account_id, 'billing_alert.check', NEW.meter_id || ':' || NEW.customer_id, EXTRACT(EPOCH FROM now())::bigint)
                        ON CONFLICT (account_id, kind, object_id, due_at) DO UPDATE SET due_at = EXCLUDED.due_at
                        RETURNING xmax = 0 INTO fresh;
                        IF fresh THEN
                            PERFORM pg_notify('due_work', '');
                        END IF;
                    END IF;
                    RETURN NULL;
                END
                $fn$;
                CREATE TRIGGER billing_alert_check AFTER INSERT ON billing_meter_events FOR EACH ROW
                    EXECUTE FUNCTION pr_billing_alert_check();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER billing_alert_check ON billing_meter_events;
                DROP FUNCTION pr_billing_alert_check();
                DELETE FROM due_work WHERE kind = 'billing_alert.check';
                """);

            migrationBuilder.DropTable(
                name: "billing_alert_triggers");

            migrationBuilder.DropTable(
                name: "billing_alerts");
        }
    }
}
