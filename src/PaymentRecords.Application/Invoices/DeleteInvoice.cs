using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

public sealed record DeleteInvoiceCommand(string InvoiceId);

/// <summary>
/// DELETE /v1/invoices/{id}: drafts only, and never a subscription's invoice. Its items (locked after the invoice) are
/// deleted with it, as recorded against Stripe: they do not go back to pending (<see cref="InvoiceItem.Deleted"/>).
/// Events: <c>invoice.deleted</c> (the invoice as it was).
/// </summary>
public sealed class DeleteInvoice(BillingContext billing)
{
    public async Task<Invoice> RunAsync(DeleteInvoiceCommand command)
    {
        var store = billing.Invoices;
        var invoice = await store.LockInvoiceAsync(command.InvoiceId, "invoice");
        billing.BillFor(invoice.CustomerId);
        if (invoice.SubscriptionId is not null) throw new InvoiceEditRefused(InvoiceEditRefusal.SubscriptionInvoice, "id", invoice);
        InvoiceGuards.RequireStatusAllows(invoice, InvoiceAction.Delete);
        await billing.Events.InvoiceAsync(BillingOutcome.InvoiceDeleted, invoice, null);
        foreach (var item in await store.LockLinesAsync(invoice.Id)) item.DeleteWithInvoice();
        store.RemoveInvoice(invoice);
        return invoice;
    }
}
