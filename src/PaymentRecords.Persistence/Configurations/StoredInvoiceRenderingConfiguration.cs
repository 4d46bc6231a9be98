using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Persistence.Configurations;

/// <summary>
/// Mapped so that a page's query reads the renderings with the invoices it pages over, in one round trip; the table,
/// its triggers and its other columns are the hand-written migration's (<c>20261130160000_InvoiceRenderings</c>).
/// </summary>
internal sealed class StoredInvoiceRenderingConfiguration : IEntityTypeConfiguration<StoredInvoiceRendering>
{
    public void Configure(EntityTypeBuilder<StoredInvoiceRendering> b)
    {
        b.ToTable("invoice_renderings", t => t.ExcludeFromMigrations());
        b.HasKey(x => new { x.AccountId, x.InvoiceId });
    }
}
