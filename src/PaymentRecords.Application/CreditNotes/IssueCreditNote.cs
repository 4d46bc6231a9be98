using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Application.CreditNotes;

/// <summary>
/// Issues a credit note (<see cref="CreditNoteDrafts"/> decides what it is): the invoice's credit-note amounts move
/// (<see cref="Domain.Invoices.Invoice.ApplyCreditNote"/>: an open invoice left with nothing to pay becomes paid),
/// credit_amount goes to the customer's balance (a <c>credit_note</c> ledger entry of −credit_amount), the refund
/// groups are cited. Events: <c>credit_note.created</c>, <c>invoice.updated</c>, <c>invoice.paid</c> when it became
/// paid, <c>customer.updated</c> when the balance moved.
/// </summary>
public sealed class IssueCreditNote(BillingContext billing)
{
    public async Task<CreditNoteDraft> RunAsync(IssueCreditNoteCommand command)
    {
        var draft = await new CreditNoteDrafts(billing).DraftAsync(command);
        var (note, invoice, customer) = (draft.Note, draft.Invoice, draft.Customer);
        var invoiceChange = await billing.Events.WatchInvoiceAsync(invoice);
        var customerChange = customer is null ? null : billing.Events.WatchCustomer(customer);

        billing.CreditNotes.Add(note, draft.Lines, draft.Refunds);
        var paid = invoice.ApplyCreditNote(draft.Split, billing.Now);
        if (paid) await Invoices.InvoiceGuards.CancelStaleAsync(billing.Invoices, invoice, billing.Now);
        if (note.CreditAmount > 0)
            note.CustomerBalanceTransactionId = billing.Invoices.Book(customer!.MoveBalance(-note.CreditAmount, invoice.Currency,
                CustomerBalanceTransaction.CreditNote, invoice.Id, note.Id, billing.Now))!.Id;

        await billing.Events.CreditNoteAsync(BillingOutcome.CreditNoteIssued, note, draft.Refunds, draft.Lines);
        invoiceChange.EmitIfChanged();
        if (paid) await billing.Events.InvoiceAsync(BillingOutcome.InvoicePaidByCreditNote, invoice, customer);
        customerChange?.EmitIfChanged();
        // A subscription's invoice paid this way does what any payment of it does (activate, recover, resume).
        if (paid) await Subscriptions.SubscriptionInvoicePaid.RunAsync(billing, invoice, null);
        return draft;
    }
}
