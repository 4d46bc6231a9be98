using PaymentRecords.Domain.Scheduling;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// Writes what a subscription's change makes due (docs/endpoints-test-clocks.md), in the change's own unit of work:
/// its next period end, and for a new incomplete one its 23-hour expiry. The clock is the customer's.
/// </summary>
public static class SubscriptionSchedule
{
    /// <summary>After create: the first period end, and the expiry when it starts incomplete.</summary>
    public static void AfterCreate(BillingContext billing, Subscription subscription, IReadOnlyList<SubscriptionItem> items, string? testClockId)
    {
        PeriodEnd(billing, subscription, items, testClockId);
        if (subscription.Status == SubscriptionStatus.Incomplete)
            billing.Schedule.Add(new DueWork
            {
                AccountId = billing.AccountId,
                Kind = DueWorkKinds.SubscriptionIncompleteExpiry,
                ObjectId = subscription.Id,
                DueAt = subscription.Created + (long)Subscription.IncompleteExpiresAfter.TotalSeconds,
                TestClockId = testClockId,
            });
    }

    /// <summary>The earliest end of the items' current periods.</summary>
    public static void PeriodEnd(BillingContext billing, Subscription subscription, IReadOnlyList<SubscriptionItem> items, string? testClockId)
    {
        if (items.Count == 0) return;
        billing.Schedule.Add(new DueWork
        {
            AccountId = billing.AccountId,
            Kind = DueWorkKinds.SubscriptionPeriodEnd,
            ObjectId = subscription.Id,
            DueAt = items.Min(i => i.CurrentPeriodEnd),
            TestClockId = testClockId,
        });
    }
}
