using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class InvoiceItemConfiguration : IEntityTypeConfiguration<InvoiceItem>
{
    public void Configure(EntityTypeBuilder<InvoiceItem> b)
    {
        b.ToTable("invoice_items");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        // Unconstrained numeric keeps the scale it was given, so "1.50" reads back as "1.50".
        b.Property(x => x.UnitAmountDecimal).HasColumnType("numeric");
        b.Property(x => x.Metadata).IsMetadataJson();
        b.Property(x => x.Attributes).IsJsonObject();
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        // An invoice's lines in order, and a line cursor (il_) back to its row.
        b.HasIndex(x => new { x.AccountId, x.InvoiceId, x.LinePosition }).IsUnique();
        b.HasIndex(x => new { x.AccountId, x.LineId }).IsUnique();
        // A customer's pending items, pulled into the next invoice.
        b.HasIndex(x => new { x.AccountId, x.CustomerId }).HasFilter("invoice_id IS NULL").HasDatabaseName("ix_invoice_items_pending");
    }
}
