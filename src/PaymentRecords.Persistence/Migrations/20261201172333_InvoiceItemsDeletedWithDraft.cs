using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// <c>invoice_items.deleted</c>: an item deleted with its draft invoice. Stripe keeps such items on the deleted
    /// invoice instead of returning them to pending (recorded), so the row stays, out of every list and lookup. Stored
    /// invoice renderings are emptied, to be made again by this release's renderer.
    /// </summary>
    public partial class InvoiceItemsDeletedWithDraft : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "deleted",
                table: "invoice_items",
                type: "boolean",
                nullable: false,
                defaultValue: false);
            // What an invoice renders changed with this release (line descriptions, a draft's next_payment_attempt,
            // auto_advance once paid): stored renderings are made again when next read.
            migrationBuilder.Sql("UPDATE invoice_renderings SET version = version + 1, body = NULL, changed_by = pg_current_xact_id();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "deleted",
                table: "invoice_items");
        }
    }
}
