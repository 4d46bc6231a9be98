using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// Responses are written with the relaxed encoder from this release (<c>Api/Wire/StripeJson.cs</c>): stored invoice
    /// renderings written before hold <c>\u0027</c>-style escapes, and a page copies them as they are, so they are emptied
    /// and made again when next read (the list's bytes stay the retrieve's). No model change.
    /// </summary>
    [DbContext(typeof(PaymentRecordsDbContext))]
    [Migration("20261202021500_RenderingsRelaxedJson")]
    public partial class RenderingsRelaxedJson : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE invoice_renderings SET version = version + 1, body = NULL, changed_by = pg_current_xact_id();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
