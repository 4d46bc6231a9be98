using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.Catalog;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class CouponConfiguration : IEntityTypeConfiguration<Coupon>
{
    public void Configure(EntityTypeBuilder<Coupon> b)
    {
        b.ToTable("coupons");
        b.HasKey(x => new { x.AccountId, x.Id }).HasName(UniqueIndexes.CouponId);
        b.Ignore(x => x.Removed);
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Duration).HasMaxLength(16);
        b.Property(x => x.Metadata).IsMetadataJson();
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
    }
}

internal sealed class DiscountConfiguration : IEntityTypeConfiguration<Discount>
{
    public void Configure(EntityTypeBuilder<Discount> b)
    {
        b.ToTable("discounts");
        b.Ignore(x => x.Created);
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Duration).HasMaxLength(16);
        // A subscription's discounts, in the order applied.
        b.HasIndex(x => new { x.AccountId, x.SubscriptionId, x.Seq }).HasFilter("subscription_id IS NOT NULL");
    }
}
