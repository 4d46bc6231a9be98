using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Scheduling;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// 23 hours after an incomplete subscription was created its first invoice is still unpaid: the invoice is voided
/// (<see cref="VoidInvoice"/>, locks customer → invoice) and the subscription turns <c>incomplete_expired</c> (locked
/// after, as the lock order says). Events: <c>invoice.voided</c>, <c>customer.subscription.updated</c>. A subscription
/// that is no longer incomplete is left alone; one whose first invoice a payment in flight holds (an attached record's
/// attempt still initiated: the invoice cannot be voided) stays incomplete until that payment's outcome, and the check
/// comes again a day later.
/// </summary>
public sealed class ExpireIncompleteSubscription(BillingContext billing)
{
    /// <summary>How long the expiry waits before it looks again at a first invoice a payment in flight holds.</summary>
    public const long RecheckAfterSeconds = 86400;

    public async Task RunAsync(string subscriptionId)
    {
        var found = await billing.Schedule.FindSubscriptionAsync(subscriptionId);
        if (found is null || found.Status != SubscriptionStatus.Incomplete) return;
        billing.BillFor(found.CustomerId);
        if (found.LatestInvoiceId is { } invoiceId && await billing.Schedule.FindInvoiceAsync(invoiceId) is { Status: InvoiceStatus.Open })
        {
            // A payment still in flight (its record's attempt initiated) holds the invoice: it cannot be voided, and
            // the subscription waits for the payment's outcome, looking again a day later.
            if (InvoiceStatusMachine.BlockedByPayments(InvoiceAction.Void, (await billing.Invoices.PaymentHoldsAsync(invoiceId)).Holds))
            {
                billing.Schedule.Add(new DueWork
                {
                    AccountId = billing.AccountId, Kind = DueWorkKinds.SubscriptionIncompleteExpiry, ObjectId = subscriptionId,
                    DueAt = billing.Now + RecheckAfterSeconds, TestClockId = found.TestClockId,
                });
                return;
            }
            await new VoidInvoice(billing).RunAsync(new VoidInvoiceCommand(invoiceId));
        }
        var subscription = await billing.Subscriptions.LockAsync(subscriptionId);
        if (subscription is null) return;
        var change = await billing.Events.WatchSubscriptionAsync(subscription);
        subscription.Expire(billing.Now);
        change.EmitIfChanged();
    }
}
