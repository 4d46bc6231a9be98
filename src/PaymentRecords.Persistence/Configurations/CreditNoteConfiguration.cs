using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class CreditNoteConfiguration : IEntityTypeConfiguration<CreditNote>
{
    public void Configure(EntityTypeBuilder<CreditNote> b)
    {
        b.ToTable("credit_notes");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Status).HasConversion(s => s.Wire(), s => CreditNoteWire.ParseStatus(s)).HasMaxLength(16);
        b.Property(x => x.Type).HasConversion(t => t.Wire(), s => CreditNoteWire.ParseType(s)).HasMaxLength(16);
        b.Property(x => x.Metadata).IsMetadataJson();
        b.Ignore(x => x.IsVoid);
        // GET /v1/credit_notes, newest first; filtered by customer or invoice.
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        b.HasIndex(x => new { x.AccountId, x.CustomerId, x.Created, x.Seq }).IsDescending(false, false, true, true);
        b.HasIndex(x => new { x.AccountId, x.InvoiceId, x.Created, x.Seq }).IsDescending(false, false, true, true);
        // One number per invoice sequence, even if two creates were ever to skip the invoice's row lock.
        b.HasIndex(x => new { x.AccountId, x.InvoiceId, x.Number }).IsUnique().HasDatabaseName(UniqueIndexes.CreditNoteNumber);
        b.HasOne<Invoice>().WithMany().HasForeignKey(x => new { x.AccountId, x.InvoiceId });
    }
}
