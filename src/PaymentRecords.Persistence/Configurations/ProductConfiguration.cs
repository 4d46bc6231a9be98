using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.Catalog;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("products");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Type).HasMaxLength(16);
        b.Property(x => x.Metadata).IsMetadataJson();
        b.Property(x => x.Attributes).IsJsonObject();
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
    }
}
