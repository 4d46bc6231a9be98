using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
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

    /// <summary>Payment records by id, untracked and unlocked (a preview cites them without locks).</summary>
    Task<Dictionary<string, PaymentRecord>> PaymentRecordsAsync(IReadOnlyCollection<string> ids);

    /// <summary>The customer, untracked (a preview), deleted ones included; null if none.</summary>
    Task<Customer?> CustomerAsync(string customerId);

    /// <summary>The invoice, untracked (a preview); null if none.</summary>
    Task<Invoice?> InvoiceAsync(string invoiceId);

    /// <summary>The invoice's items behind the line ids <paramref name="lineIds"/>, untracked, by line id.</summary>
    Task<Dictionary<string, InvoiceItem>> InvoiceLinesAsync(string invoiceId, IReadOnlyCollection<string> lineIds);

    /// <summary>What issued (not void) credit notes already credited on each of the invoice lines, by line id.</summary>
    Task<Dictionary<string, LineCredited>> CreditedPerLineAsync(IReadOnlyCollection<string> lineIds);

    /// <summary>Whether the record pays the invoice: an open or paid invoice payment of it.</summary>
    Task<bool> RecordPaysInvoiceAsync(string recordId, string invoiceId);

    /// <summary>The record's refund with that refund_reference (a credit note's refund_group), untracked; null if none.</summary>
    Task<PaymentRecordRefund?> RefundGroupAsync(string recordId, string refundGroup);

    /// <summary>What live (not voided) citations already cite of the refund.</summary>
    Task<long> CitedAsync(string paymentRecordRefundId);

    /// <summary>How many credit notes the invoice has (its next note's number follows).</summary>
    Task<int> CountForInvoiceAsync(string invoiceId);

    /// <summary>Adds a new note with its lines and citations to the unit of work.</summary>
    void Add(CreditNote note, IEnumerable<CreditNoteLineItem> lines, IEnumerable<CreditNoteRefund> citations);
}
