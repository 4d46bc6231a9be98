using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.CreditNotes;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class CreditNoteLineItemConfiguration : IEntityTypeConfiguration<CreditNoteLineItem>
{
    public void Configure(EntityTypeBuilder<CreditNoteLineItem> b)
    {
        b.ToTable("credit_note_line_items");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Type).HasMaxLength(32);
        // Unconstrained numeric keeps the scale it was given, as invoice items do.
        b.Property(x => x.UnitAmountDecimal).HasColumnType("numeric");
        // A note's lines in order (GET …/lines pages by position).
        b.HasIndex(x => new { x.AccountId, x.CreditNoteId, x.Position }).IsUnique();
        // What live notes already credited on one invoice line.
        b.HasIndex(x => new { x.AccountId, x.InvoiceLineItem }).HasFilter("invoice_line_item IS NOT NULL");
        b.HasOne<CreditNote>().WithMany().HasForeignKey(x => new { x.AccountId, x.CreditNoteId });
    }
}
