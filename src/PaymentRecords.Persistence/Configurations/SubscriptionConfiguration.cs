using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> b)
    {
        b.ToTable("subscriptions");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Status).HasConversion(s => s.Wire(), s => SubscriptionStatuses.Parse(s)).HasMaxLength(24);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.CollectionMethod).HasMaxLength(24);
        b.Property(x => x.Metadata).IsMetadataJson();
        b.Property(x => x.Attributes).IsJsonObject();
        b.Ignore(x => x.SavesDefaultPaymentMethod);
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        // GET /v1/subscriptions?customer=…
        b.HasIndex(x => new { x.AccountId, x.CustomerId, x.Created, x.Seq }).IsDescending(false, false, true, true);
        b.HasOne<Customer>().WithMany().HasForeignKey(x => new { x.AccountId, x.CustomerId });
    }
}

internal sealed class SubscriptionItemConfiguration : IEntityTypeConfiguration<SubscriptionItem>
{
    public void Configure(EntityTypeBuilder<SubscriptionItem> b)
    {
        b.ToTable("subscription_items");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Metadata).IsMetadataJson();
        b.Ignore(x => x.UsageStart);
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        // A subscription's items in order; GET /v1/subscriptions?price=… reads the price one.
        b.HasIndex(x => new { x.AccountId, x.SubscriptionId, x.Position }).IsUnique();
        b.HasIndex(x => new { x.AccountId, x.PriceId });
        b.HasOne<Subscription>().WithMany().HasForeignKey(x => new { x.AccountId, x.SubscriptionId });
        b.HasOne<Domain.Catalog.Price>().WithMany().HasForeignKey(x => new { x.AccountId, x.PriceId });
    }
}
