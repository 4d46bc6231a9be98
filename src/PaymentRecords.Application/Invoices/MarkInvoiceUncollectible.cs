using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <param name="ByRequest">
/// Marked through the API (true) or by the end of dunning (false): only the former clears the customer's
/// <c>delinquent</c> ("Paying an invoice or marking it uncollectible via the API will set this field to false").
/// </param>
public sealed record MarkInvoiceUncollectibleCommand(string InvoiceId, bool ByRequest = true);

/// <summary>
/// open → uncollectible (<see cref="Invoice.MarkUncollectible"/>), refused while an open payment may still pay; open
/// payments that hold nothing are canceled (<see cref="InvoiceGuards.CancelStale"/>), and, through the API, the customer
/// is no longer delinquent (<c>customer.updated</c> when it was, <see cref="Customers.CustomerDelinquency"/>). Event: <c>invoice.marked_uncollectible</c>.
/// </summary>
public sealed class MarkInvoiceUncollectible(BillingContext billing)
{
    public async Task<Invoice> RunAsync(MarkInvoiceUncollectibleCommand command)
    {
        var store = billing.Invoices;
        var (customer, invoice) = await store.LockCustomerThenInvoiceAsync(command.InvoiceId);
        billing.BillFor(invoice.CustomerId);
        InvoiceGuards.RequireStatusAllows(invoice, InvoiceAction.MarkUncollectible);
        var stale = await store.RequireNotHeldAsync(invoice, InvoiceAction.MarkUncollectible);

        InvoiceGuards.CancelStale(stale, billing.Now);
        invoice.MarkUncollectible(billing.Now);
        await billing.Events.InvoiceAsync(BillingOutcome.InvoiceMarkedUncollectible, invoice, null);
        if (command.ByRequest) Customers.CustomerDelinquency.Set(billing, customer, false);
        await Subscriptions.SubscriptionResumption.InvoiceSettledAsync(billing, invoice, paymentFailed: false);
        return invoice;
    }
}
