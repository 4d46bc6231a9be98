using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class PaymentAttemptRecordConfiguration : IEntityTypeConfiguration<PaymentAttemptRecord>
{
    public void Configure(EntityTypeBuilder<PaymentAttemptRecord> b)
    {
        b.ToTable("payment_attempt_records");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Metadata).IsMetadataJson();
        b.Property(x => x.Attributes).IsJsonObject();
        b.Ignore(x => x.Amounts);
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        // GET /v1/payment_attempt_records?payment_record=… pages one record's attempts, newest first.
        b.HasIndex(x => new { x.AccountId, x.PaymentRecordId, x.Created, x.Seq }).IsDescending(false, false, true, true);
        b.HasOne<PaymentRecord>().WithMany().HasForeignKey(x => new { x.AccountId, x.PaymentRecordId });
    }
}
