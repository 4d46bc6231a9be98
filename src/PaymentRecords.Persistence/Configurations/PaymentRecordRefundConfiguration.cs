using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class PaymentRecordRefundConfiguration : IEntityTypeConfiguration<PaymentRecordRefund>
{
    public void Configure(EntityTypeBuilder<PaymentRecordRefund> b)
    {
        b.ToTable("payment_record_refunds");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Metadata).IsMetadataJson();
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        // Unique per account, so it holds when two reports race too (UniqueRules maps the collision). In the database
        // it keys on md5(refund_reference) (migration 20261201110000_RefundReferenceKeyedByHash: references up to
        // Stripe's 5000 characters fit), under this name.
        b.HasIndex(x => new { x.AccountId, x.RefundReference }).IsUnique().HasDatabaseName(UniqueIndexes.PaymentRecordRefundReference);
        b.HasIndex(x => new { x.AccountId, x.PaymentRecordId });
        b.HasOne<PaymentRecord>().WithMany().HasForeignKey(x => new { x.AccountId, x.PaymentRecordId });
        b.HasOne<PaymentAttemptRecord>().WithMany().HasForeignKey(x => new { x.AccountId, x.PaymentAttemptRecordId });
    }
}
