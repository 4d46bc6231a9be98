using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// 23 hours after an incomplete subscription was created its first invoice is still unpaid: the invoice is voided
/// (<see cref="VoidInvoice"/>, locks customer → invoice) and the subscription turns <c>incomplete_expired</c> (locked
/// after, as the lock order says). Events: <c>invoice.voided</c>, <c>customer.subscription.updated</c>. A subscription
/// that is no longer incomplete is left alone.
/// </summary>
public sealed class ExpireIncompleteSubscription(BillingContext billing)
{
    public async Task RunAsync(string subscriptionId)
    {
        var found = await billing.Schedule.FindSubscriptionAsync(subscriptionId);
        if (found is null || found.Status != SubscriptionStatus.Incomplete) return;
        billing.BillFor(found.CustomerId);
        if (found.LatestInvoiceId is { } invoiceId && await billing.Schedule.FindInvoiceAsync(invoiceId) is { Status: InvoiceStatus.Open })
            await new VoidInvoice(billing).RunAsync(new VoidInvoiceCommand(invoiceId));
        var subscription = await billing.Subscriptions.LockAsync(subscriptionId);
        if (subscription is null) return;
        var change = await billing.Events.WatchSubscriptionAsync(subscription);
        subscription.Expire(billing.Now);
        change.EmitIfChanged();
    }
}
