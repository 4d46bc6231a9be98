using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.PaymentMethods;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class PaymentMethodConfiguration : IEntityTypeConfiguration<PaymentMethod>
{
    public void Configure(EntityTypeBuilder<PaymentMethod> b)
    {
        b.ToTable("payment_methods");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Type).HasMaxLength(32);
        b.Property(x => x.CustomType).HasMaxLength(255);
        b.Property(x => x.Metadata).IsMetadataJson();
        b.Property(x => x.Attributes).IsJsonObject();
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        // GET /v1/payment_methods?customer=… and /v1/customers/{customer}/payment_methods.
        b.HasIndex(x => new { x.AccountId, x.CustomerId, x.Created, x.Seq }).IsDescending(false, false, true, true)
            .HasFilter("customer_id IS NOT NULL");
    }
}
