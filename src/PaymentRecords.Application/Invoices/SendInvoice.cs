using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <param name="InvoiceId">The invoice to send.</param>
/// <param name="Dunning">The retry settings a draft's finalize takes (<see cref="FinalizeInvoiceCommand.Dunning"/>).</param>
public sealed record SendInvoiceCommand(string InvoiceId, Scheduling.DunningOptions? Dunning = null);

/// <summary>
/// POST /v1/invoices/{id}/send: records that a send_invoice invoice was sent (no email leaves this server). Stripe
/// refuses a charge_automatically invoice ("You can only manually send an invoice if its collection method is
/// 'send_invoice'."), finalizes a draft before sending it ("Stripe automatically finalizes drafts before sending"),
/// sends an open one, and refuses any other (recorded against Stripe for a paid one: "This invoice cannot be sent right now…").
/// Events: a draft's finalize events (<see cref="FinalizeInvoice"/>), then <c>invoice.sent</c>.
/// </summary>
public sealed class SendInvoice(BillingContext billing)
{
    public async Task<Invoice> RunAsync(SendInvoiceCommand command)
    {
        var (customer, invoice) = await billing.Invoices.LockCustomerThenInvoiceAsync(command.InvoiceId, "invoice");
        billing.BillFor(invoice.CustomerId);
        if (invoice.CollectionMethod != Invoice.SendInvoice) throw new InvoiceRefused(InvoiceAction.Send, invoice, InvoiceRefusal.NotSendInvoice);
        InvoiceGuards.RequireStatusAllows(invoice, InvoiceAction.Send);
        if (invoice.Status == InvoiceStatus.Draft)
            await new FinalizeInvoice(billing).LockedAsync(customer, invoice, new FinalizeInvoiceCommand(invoice.Id, Dunning: command.Dunning));
        await billing.Events.InvoiceAsync(BillingOutcome.InvoiceSent, invoice, null);
        return invoice;
    }
}
