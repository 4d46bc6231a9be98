using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.CreditNotes;

/// <summary>What a create would issue (and what a preview shows): the note, its lines and its refund citations.</summary>
public sealed class CreditNoteDraft
{
    public required CreditNote Note { get; init; }
    public required List<CreditNoteLineItem> Lines { get; init; }
    public required List<CreditNoteRefund> Refunds { get; init; }
    /// <summary>Tracked and row-locked for a create; untracked for a preview.</summary>
    public required Invoice Invoice { get; init; }
    /// <summary>Loaded (and locked, for a create) only when the note credits the customer's balance.</summary>
    public Customer? Customer { get; init; }
    public required CreditNoteSplit Split { get; init; }
}

/// <summary>How a draft's objects get ids: new ones for a create; for a preview, ids derived from its parameters.</summary>
public delegate string DraftIds(string prefix, int index);
