using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.CreditNotes;

namespace PaymentRecords.Application.CreditNotes;

public sealed record CreditNoteListFilter(RangeFilter? Created, string? CustomerId, string? InvoiceId);

/// <summary>
/// What the credit note endpoints read to list (PaymentRecords.Persistence implements it): untracked, one account. A
/// filter naming a missing customer or invoice throws <see cref="NotFound"/> on its parameter.
/// </summary>
public interface ICreditNoteReads
{
    /// <summary>Credit notes by the filters, in order of the checks: customer, then invoice.</summary>
    Task<ListQuery<CreditNote>> ListAsync(CreditNoteListFilter filter);

    /// <summary>The note's lines, unordered (GET …/lines pages them).</summary>
    IQueryable<CreditNoteLineItem> Lines(string noteId);
}
