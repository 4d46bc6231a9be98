using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.Credits;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class CreditGrantConfiguration : IEntityTypeConfiguration<CreditGrant>
{
    public void Configure(EntityTypeBuilder<CreditGrant> b)
    {
        b.ToTable("credit_grants");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Category).HasMaxLength(16);
        b.Property(x => x.PriceType).HasMaxLength(16);
        b.Property(x => x.Metadata).IsMetadataJson();
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        // The list by customer, and finalization's lock of a customer's grants.
        b.HasIndex(x => new { x.AccountId, x.CustomerId, x.Created, x.Seq }).IsDescending(false, false, true, true);
    }
}

internal sealed class CreditBalanceTransactionConfiguration : IEntityTypeConfiguration<CreditBalanceTransaction>
{
    public void Configure(EntityTypeBuilder<CreditBalanceTransaction> b)
    {
        b.ToTable("credit_balance_transactions");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Type).HasMaxLength(8);
        b.Property(x => x.Reason).HasMaxLength(40);
        b.Ignore(x => x.Signed);
        b.HasIndex(x => new { x.AccountId, x.CustomerId, x.Created, x.Seq }).IsDescending(false, false, true, true);
        b.HasIndex(x => new { x.AccountId, x.CreditGrantId, x.Created, x.Seq }).IsDescending(false, false, true, true);
        // A void finds what finalization applied to the invoice.
        b.HasIndex(x => new { x.AccountId, x.InvoiceId }).HasFilter("invoice_id IS NOT NULL");
    }
}
