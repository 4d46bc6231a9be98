using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

public sealed record VoidInvoiceCommand(string InvoiceId);

/// <summary>
/// open | uncollectible → void (<see cref="Invoice.Void"/>): refused while open (holding) or paid payments hold the
/// invoice; open payments that hold nothing are canceled, which frees their records. A customer balance finalize
/// applied is given back, and so are billing credits (<see cref="Credits.InvoiceCredits.ReinstateAsync"/>). Events:
/// <c>invoice.voided</c>, then <c>customer.updated</c> when the balance moved, then <c>billing.credit_balance_transaction.created</c> for each entry giving credits back.
/// </summary>
public sealed class VoidInvoice(BillingContext billing)
{
    public async Task<Invoice> RunAsync(VoidInvoiceCommand command)
    {
        var store = billing.Invoices;
        var (customer, invoice) = await store.LockCustomerThenInvoiceAsync(command.InvoiceId);
        billing.BillFor(invoice.CustomerId);
        InvoiceGuards.RequireStatusAllows(invoice, InvoiceAction.Void);
        var stale = await store.RequireNotHeldAsync(invoice, InvoiceAction.Void);

        InvoiceGuards.CancelStale(stale, billing.Now);
        var customerChange = billing.Events.WatchCustomer(customer);
        store.Book(invoice.Void(customer, billing.Now));
        var credits = await Credits.InvoiceCredits.ReinstateAsync(billing, invoice, billing.Now);
        await billing.Events.InvoiceAsync(BillingOutcome.InvoiceVoided, invoice, customer);
        customerChange.EmitIfChanged();
        foreach (var entry in credits) await billing.Events.CreditBalanceTransactionAsync(entry);
        await Subscriptions.SubscriptionResumption.InvoiceVoidedAsync(billing, invoice);
        return invoice;
    }
}
