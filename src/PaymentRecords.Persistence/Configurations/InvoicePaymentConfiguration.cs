using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.InvoicePayments;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class InvoicePaymentConfiguration : IEntityTypeConfiguration<InvoicePayment>
{
    /// <summary>
    /// One payment record can be attached (open or paid) to one invoice only: a partial unique index enforces it,
    /// so two concurrent attaches, even through two server instances, cannot both succeed.
    /// </summary>
    public const string OneLiveAttachmentPerRecord = "ix_invoice_payments_one_live_per_record";

    public void Configure(EntityTypeBuilder<InvoicePayment> b)
    {
        b.ToTable("invoice_payments");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Status).HasConversion(v => v.ToString().ToLowerInvariant(),
            s => Enum.Parse<InvoicePaymentStatus>(s, true)).HasMaxLength(16);
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        b.HasIndex(x => new { x.AccountId, x.InvoiceId });
        b.HasIndex(x => new { x.AccountId, x.PaymentRecordId }).IsUnique()
            .HasFilter("status <> 'canceled'").HasDatabaseName(OneLiveAttachmentPerRecord);
    }
}
