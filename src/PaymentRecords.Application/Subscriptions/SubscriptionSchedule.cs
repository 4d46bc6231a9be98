using PaymentRecords.Domain.Scheduling;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// Writes what a subscription's change makes due (docs/endpoints-test-clocks.md), in the change's own unit of work:
/// its next period end, its cancel_at, three days before a trial's end <c>trial_will_end</c>, and for a new
/// incomplete one its 23-hour expiry. The clock is the customer's.
/// </summary>
public static class SubscriptionSchedule
{
    /// <summary>After create: the first period end, and the expiry when it starts incomplete.</summary>
    public static void AfterCreate(BillingContext billing, Subscription subscription, IReadOnlyList<SubscriptionItem> items, string? testClockId)
    {
        PeriodEnd(billing, subscription, items, testClockId);
        CancelAt(billing, subscription, testClockId);
        if (subscription is { Status: SubscriptionStatus.Trialing, TrialEnd: { } trialEnd })
            billing.Schedule.Add(new DueWork
            {
                AccountId = billing.AccountId,
                Kind = DueWorkKinds.SubscriptionTrialWillEnd,
                ObjectId = subscription.Id,
                // Three days before the end; at once for a shorter trial.
                DueAt = Math.Max(billing.Now, trialEnd - UpcomingDays * 86400L),
                TestClockId = testClockId,
            });
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

    /// <summary>The subscription's cancel_at, when set (a later change leaves this row stale: its runner checks).</summary>
    public static void CancelAt(BillingContext billing, Subscription subscription, string? testClockId)
    {
        if (subscription.CancelAt is not { } at) return;
        billing.Schedule.Add(new DueWork
        {
            AccountId = billing.AccountId, Kind = DueWorkKinds.SubscriptionCancelAt, ObjectId = subscription.Id, DueAt = at, TestClockId = testClockId,
        });
    }

    /// <summary>How many days before a renewal <c>invoice.upcoming</c> is sent (Stripe's default setting is a few days).</summary>
    public const int UpcomingDays = 3;

    /// <summary>The earliest end of the items' current periods, and invoice.upcoming that many days before it (when still ahead).</summary>
    public static void PeriodEnd(BillingContext billing, Subscription subscription, IReadOnlyList<SubscriptionItem> items, string? testClockId)
    {
        if (items.Count == 0) return;
        var end = items.Min(i => i.CurrentPeriodEnd);
        billing.Schedule.Add(new DueWork
        {
            AccountId = billing.AccountId,
            Kind = DueWorkKinds.SubscriptionPeriodEnd,
            ObjectId = subscription.Id,
            DueAt = end,
            TestClockId = testClockId,
        });
        var upcoming = end - UpcomingDays * 86400L;
        if (upcoming > billing.Now)
            billing.Schedule.Add(new DueWork
            {
                AccountId = billing.AccountId, Kind = DueWorkKinds.InvoiceUpcoming, ObjectId = subscription.Id, DueAt = upcoming, TestClockId = testClockId,
            });
    }
}
