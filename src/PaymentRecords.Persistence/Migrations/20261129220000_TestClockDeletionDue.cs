using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// A test clock's deletion at <c>deletes_after</c> is due work (<c>test_clock.deletes_after</c>, wall time), written
    /// with the clock's create from now on; the clocks made before get their row here. No model change.
    /// </summary>
    [DbContext(typeof(PaymentRecordsDbContext))]
    [Migration("20261129220000_TestClockDeletionDue")]
    public partial class TestClockDeletionDue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                INSERT INTO due_work (account_id, kind, object_id, due_at)
                SELECT account_id, 'test_clock.deletes_after', id, deletes_after FROM test_clocks
                ON CONFLICT DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM due_work WHERE kind = 'test_clock.deletes_after';");
        }
    }
}
