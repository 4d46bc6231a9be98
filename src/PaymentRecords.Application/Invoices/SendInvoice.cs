using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

public sealed record SendInvoiceCommand(string InvoiceId);

/// <summary>
/// POST /v1/invoices/{id}/send: records that an open or paid invoice was sent (no email leaves this server).
/// Events: <c>invoice.sent</c>.
/// </summary>
public sealed class SendInvoice(BillingContext billing)
{
    public async Task<Invoice> RunAsync(SendInvoiceCommand command)
    {
        var invoice = await billing.Invoices.LockInvoiceAsync(command.InvoiceId);
        billing.BillFor(invoice.CustomerId);
        InvoiceGuards.RequireStatusAllows(invoice, InvoiceAction.Send);
        await billing.Events.InvoiceAsync(BillingOutcome.InvoiceSent, invoice, null);
        return invoice;
    }
}
