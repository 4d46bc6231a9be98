using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class CustomerBalanceTransactionConfiguration : IEntityTypeConfiguration<CustomerBalanceTransaction>
{
    public void Configure(EntityTypeBuilder<CustomerBalanceTransaction> b)
    {
        b.ToTable("customer_balance_transactions");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Metadata).IsMetadataJson();
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        b.HasIndex(x => new { x.AccountId, x.CustomerId, x.Created, x.Seq }).IsDescending(false, false, true, true);
    }
}
