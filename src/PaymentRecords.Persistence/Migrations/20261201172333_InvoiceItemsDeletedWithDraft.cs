using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// <c>invoice_items.deleted</c>: an item deleted with its draft invoice. Stripe keeps such items on the deleted
    /// invoice instead of returning them to pending (recorded), so the row stays, out of every list and lookup.
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
