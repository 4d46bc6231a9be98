using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> b)
    {
        b.ToTable("invoices");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Status).HasConversion(s => s.Wire(), s => InvoiceStatuses.Parse(s));
        b.Property(x => x.Metadata).IsMetadataJson();
        b.Property(x => x.Attributes).IsJsonObject();
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        b.HasIndex(x => new { x.AccountId, x.CustomerId, x.Created, x.Seq }).IsDescending(false, false, true, true);
        b.Property(x => x.BillingReason).HasMaxLength(40).HasDefaultValue("manual");
        // GET /v1/invoices?subscription=…
        b.HasIndex(x => new { x.AccountId, x.SubscriptionId }).HasFilter("subscription_id IS NOT NULL");
    }
}
