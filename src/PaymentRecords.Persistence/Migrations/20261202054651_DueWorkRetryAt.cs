using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// A failed wall-clock item waits in <c>retry_at</c> instead of moving its <c>due_at</c>. Before, a postpone added a
    /// minute to <c>due_at</c>: an item already overdue by more than that came straight back (the scheduler spun on it,
    /// first in its queue), and the retry ran with a due time that was no longer the work's, so the use cases that
    /// compare it with the object's own time (cancel_at, a pause's resumes_at, a grant's expires_at) dropped the retry
    /// as stale: the work was lost. Nullable, no default: no table rewrite.
    /// </summary>
    public partial class DueWorkRetryAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "retry_at",
                table: "due_work",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_due_work_retry_at",
                table: "due_work",
                column: "retry_at",
                filter: "retry_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_due_work_retry_at",
                table: "due_work");

            migrationBuilder.DropColumn(
                name: "retry_at",
                table: "due_work");
        }
    }
}
