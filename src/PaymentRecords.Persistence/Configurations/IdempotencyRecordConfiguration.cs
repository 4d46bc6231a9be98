using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Persistence.Idempotency;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_keys");
        b.HasKey(x => new { x.AccountId, x.Key });
        b.Property(x => x.Key).HasMaxLength(255);
        // Leads with the account like every index here (distribution by account); the hourly purge may scan.
        b.HasIndex(x => new { x.AccountId, x.CreatedAt });
    }
}
