using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Application.CreditNotes;

/// <summary>
/// Credit note data access the use cases need (PaymentRecords.Persistence implements it). Lock order: the payment
/// records a note cites (by id) → the customer → the invoice → the credit note.
/// </summary>
public interface ICreditNoteStore
{
    /// <summary>The note, untracked (read before any lock, to know what to lock), or null.</summary>
    Task<CreditNote?> FindAsync(string id);

    /// <summary>The refund groups the note cites, tracked, in order.</summary>
    Task<List<CreditNoteRefund>> CitationsAsync(string noteId);

    /// <summary>SELECT … FOR UPDATE on payment records, in id order (no deadlock between two notes); the ones that exist, tracked.</summary>
    Task<Dictionary<string, PaymentRecord>> LockPaymentRecordsAsync(IEnumerable<string> ids);

    /// <summary>SELECT … FOR UPDATE on the note, tracked; null if none.</summary>
    Task<CreditNote?> LockAsync(string id);

    /// <summary>
    /// Whether the (locked) invoice's overpayment went to its customer's balance: an <c>invoice_overpaid</c> ledger
    /// entry names it. Those are only written under the invoice's lock, so the answer is current.
    /// </summary>
    Task<bool> OverpaymentCreditedAsync(Invoice invoice);
}
