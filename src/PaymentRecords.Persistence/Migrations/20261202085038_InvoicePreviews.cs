using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// <c>invoice_previews</c>: create_preview's answers, kept 72 hours by their <c>upcoming_in_</c> id ("the resulting
    /// invoice preview can be retrieved through the /v1/invoices/:id endpoint for the following 72 hours"): the invoice
    /// as answered and all its lines, JSON as text, written once and read whole (Persistence/Stores/EfInvoicePreviews.cs).
    /// Not in the EF model: two statements use it. <c>expires_at</c> (unix seconds, wall time) is indexed for the
    /// hourly purge.
    /// </summary>
    public partial class InvoicePreviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE invoice_previews (
                    account_id text NOT NULL,
                    id text NOT NULL,
                    expires_at bigint NOT NULL,
                    invoice text NOT NULL,
                    lines text NOT NULL,
                    CONSTRAINT pk_invoice_previews PRIMARY KEY (account_id, id)
                );
                CREATE INDEX ix_invoice_previews_expires_at ON invoice_previews (expires_at);
                ALTER TABLE invoice_previews ALTER COLUMN account_id SET STATISTICS 0;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE invoice_previews;");
        }
    }
}
