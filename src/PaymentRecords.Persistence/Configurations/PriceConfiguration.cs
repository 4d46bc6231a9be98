using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.Catalog;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class PriceConfiguration : IEntityTypeConfiguration<Price>
{
    /// <summary>A lookup_key names one price of the account (transfer_lookup_key moves it).</summary>
    public const string LookupKey = "ix_prices_account_id_lookup_key";

    public void Configure(EntityTypeBuilder<Price> b)
    {
        b.ToTable("prices");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        // Unconstrained numeric keeps the scale it was given, as invoice items do.
        b.Property(x => x.UnitAmountDecimal).HasColumnType("numeric");
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Type).HasMaxLength(16);
        b.Property(x => x.Interval).HasMaxLength(8);
        b.Property(x => x.UsageType).HasMaxLength(16);
        b.Property(x => x.TaxBehavior).HasMaxLength(16);
        b.Property(x => x.LookupKey).HasMaxLength(200);
        b.Property(x => x.Metadata).IsMetadataJson();
        b.Property(x => x.Attributes).IsJsonObject();
        b.Ignore(x => x.EffectiveUnitAmount);
        b.Ignore(x => x.Transform);
        b.Ignore(x => x.Tiers);
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        // GET /v1/prices?product=… and the product delete check.
        b.HasIndex(x => new { x.AccountId, x.ProductId, x.Created, x.Seq }).IsDescending(false, false, true, true);
        b.HasIndex(x => new { x.AccountId, x.LookupKey }).IsUnique().HasFilter("lookup_key IS NOT NULL").HasDatabaseName(LookupKey);
        b.HasOne<Product>().WithMany().HasForeignKey(x => new { x.AccountId, x.ProductId });
    }
}
