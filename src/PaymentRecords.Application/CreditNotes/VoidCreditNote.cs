using PaymentRecords.Domain.CreditNotes;
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
/// issued → void, only while the invoice is open (<see cref="CreditNoteAmounts.VoidRefusal"/>): the invoice's
/// pre-payment credit goes back (<see cref="Invoice.RemoveCreditNote"/>). A note on an open invoice is pre-payment
/// only: a post-payment part needs amount_remaining at 0, which pays the invoice. So a void moves no customer balance
/// and releases no refund citation. Events: <c>credit_note.voided</c>, <c>invoice.updated</c>.
/// </summary>
public sealed class VoidCreditNote(BillingContext billing)
{
    public async Task<(CreditNote Note, IReadOnlyList<CreditNoteRefund> Citations)> RunAsync(VoidCreditNoteCommand command)
    {
        var notes = billing.CreditNotes;
        var found = await notes.FindAsync(command.CreditNoteId) ?? throw new NotFound("credit_note", command.CreditNoteId);
        // Lock order: invoice → note.
        var invoice = await billing.Invoices.LockInvoiceAsync(found.InvoiceId, "invoice");
        var note = await notes.LockAsync(command.CreditNoteId) ?? throw new NotFound("credit_note", command.CreditNoteId);
        billing.BillFor(invoice.CustomerId);
        if (note.IsVoid) throw new CreditNoteVoidRefused(note, invoice, CreditNoteVoidRefusal.None);
        var refusal = CreditNoteAmounts.VoidRefusal(invoice, note);
        if (refusal != CreditNoteVoidRefusal.None) throw new CreditNoteVoidRefused(note, invoice, refusal);
        if (note.PostPaymentAmount != 0) throw new InvalidOperationException($"{note.Id} has a post-payment part on open invoice {invoice.Id}");
        // Read for the events' rendering: the note as it stands, refunds included (none on an open invoice's note).
        var citations = await notes.CitationsAsync(note.Id);

        var invoiceChange = await billing.Events.WatchInvoiceAsync(invoice);
        invoice.RemoveCreditNote(note);
        note.MarkVoid(billing.Now);

        await billing.Events.CreditNoteAsync(BillingOutcome.CreditNoteVoided, note, citations);
        invoiceChange.EmitIfChanged();
        return (note, citations);
    }
}
