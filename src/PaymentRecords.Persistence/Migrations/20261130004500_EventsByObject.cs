using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// The events of an object (the dashboard's invoice and subscription timelines, <c>EfEventReads.OfObjectsAsync</c>):
    /// an index on the account and <c>data.object.id</c>, newest first, so the read walks only that object's events
    /// instead of every event of the account. An expression index: <c>data</c> is plain json (kept in Stripe's key
    /// order), and EF Core's model cannot express the expression, so there is no model change.
    /// </summary>
    [DbContext(typeof(PaymentRecordsDbContext))]
    [Migration("20261130004500_EventsByObject")]
    public partial class EventsByObject : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX IF NOT EXISTS ix_events_account_id_object_id
                    ON events (account_id, (data -> 'object' ->> 'id'), created DESC, seq DESC);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_events_account_id_object_id;");
        }
    }
}
