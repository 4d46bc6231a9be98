using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.CreditNotes;

public sealed record VoidCreditNoteCommand(string CreditNoteId);

/// <summary>Why a credit note void was refused: already void, or <see cref="CreditNoteAmounts.VoidRefusal"/>.</summary>
public sealed class CreditNoteVoidRefused(CreditNote note, Invoice invoice, CreditNoteVoidRefusal refusal)
    : Exception($"void of {note.Id} refused: {(note.IsVoid ? "already void" : refusal.ToString())}")
{
    public CreditNote Note { get; } = note;
    public Invoice Invoice { get; } = invoice;
    /// <summary><see cref="CreditNoteVoidRefusal.None"/> when the note is already void.</summary>
    public CreditNoteVoidRefusal Refusal { get; } = refusal;
}

/// <summary>
/// issued → void: the invoice's credit-note amounts go back (<see cref="Invoice.RemoveCreditNote"/>; a paid invoice is
/// never reopened), the balance credit is reversed (a <c>credit_note</c> ledger entry of +credit_amount), the cited
/// refund groups are released. Events: <c>credit_note.voided</c>, <c>invoice.updated</c>, <c>customer.updated</c>.
/// </summary>
public sealed class VoidCreditNote(BillingContext billing)
{
    public async Task<(CreditNote Note, IReadOnlyList<CreditNoteRefund> Citations)> RunAsync(VoidCreditNoteCommand command)
    {
        var notes = billing.CreditNotes;
        var found = await notes.FindAsync(command.CreditNoteId) ?? throw new NotFound("credit_note", command.CreditNoteId);
        var citations = await notes.CitationsAsync(found.Id);
        // Lock order: payment records → customer → invoice → note.
        await notes.LockPaymentRecordsAsync(citations.Select(c => c.PaymentRecordId));
        var customer = found.CreditAmount > 0 ? await billing.Invoices.LockExistingCustomerAsync(found.CustomerId) : null;
        var invoice = await billing.Invoices.LockInvoiceAsync(found.InvoiceId, "invoice");
        var note = await notes.LockAsync(command.CreditNoteId) ?? throw new NotFound("credit_note", command.CreditNoteId);
        billing.BillFor(invoice.CustomerId);
        if (note.IsVoid) throw new CreditNoteVoidRefused(note, invoice, CreditNoteVoidRefusal.None);
        var refusal = CreditNoteAmounts.VoidRefusal(invoice, note, await notes.OverpaymentCreditedAsync(invoice));
        if (refusal != CreditNoteVoidRefusal.None) throw new CreditNoteVoidRefused(note, invoice, refusal);

        var invoiceChange = await billing.Events.WatchInvoiceAsync(invoice);
        var customerChange = customer is null ? null : billing.Events.WatchCustomer(customer);
        invoice.RemoveCreditNote(note);
        foreach (var citation in citations) citation.Voided = true;
        if (note.CreditAmount > 0)
            billing.Invoices.Book(customer!.MoveBalance(note.CreditAmount, invoice.Currency, CustomerBalanceTransaction.CreditNote, invoice.Id, note.Id, billing.Now));
        note.MarkVoid(billing.Now);

        await billing.Events.CreditNoteAsync(BillingOutcome.CreditNoteVoided, note, citations);
        invoiceChange.EmitIfChanged();
        customerChange?.EmitIfChanged();
        return (note, citations);
    }
}
