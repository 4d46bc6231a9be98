using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Persistence.Configurations;

/// <summary>
/// Citations of refund groups. What a group has left is its refund's amount less the live citations of that
/// refund, summed through <c>ix_credit_note_refunds_live</c> while the payment record's row is locked.
/// </summary>
internal sealed class CreditNoteRefundConfiguration : IEntityTypeConfiguration<CreditNoteRefund>
{
    public void Configure(EntityTypeBuilder<CreditNoteRefund> b)
    {
        b.ToTable("credit_note_refunds");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Type).HasMaxLength(32);
        b.HasIndex(x => new { x.AccountId, x.CreditNoteId, x.Position }).IsUnique();
        b.HasIndex(x => new { x.AccountId, x.PaymentRecordRefundId }).HasFilter("NOT voided").HasDatabaseName("ix_credit_note_refunds_live");
        b.HasOne<CreditNote>().WithMany().HasForeignKey(x => new { x.AccountId, x.CreditNoteId });
        b.HasOne<PaymentRecordRefund>().WithMany().HasForeignKey(x => new { x.AccountId, x.PaymentRecordRefundId });
    }
}
