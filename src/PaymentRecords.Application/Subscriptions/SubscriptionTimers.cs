using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// Moments a subscription sets for itself (due work written by <see cref="SubscriptionSchedule"/> and
/// <see cref="UpdateSubscription"/>): three days before its trial ends, <c>customer.subscription.trial_will_end</c>; at
/// its <c>cancel_at</c>, the end (<c>canceled</c>, <c>customer.subscription.deleted</c>); at its
/// <c>pause_collection.resumes_at</c>, collection resumes (<c>pause_collection</c> null,
/// <c>customer.subscription.updated</c>). A row whose moment no longer holds (the trial is over, the cancel_at or the
/// pause moved or was cleared, the subscription already ended) does nothing.
/// </summary>
public sealed class SubscriptionTimers(BillingContext billing)
{
    public async Task TrialWillEndAsync(string subscriptionId, long dueAt)
    {
        var subscription = await billing.Subscriptions.LockAsync(subscriptionId);
        // Not this trial's warning: an update moved its end later since (ChangeTrial).
        if (subscription is not { Status: SubscriptionStatus.Trialing, TrialEnd: { } end } || dueAt < end - SubscriptionSchedule.UpcomingDays * 86_400L) return;
        billing.BillFor(subscription.CustomerId);
        await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionTrialWillEnd, subscription);
    }

    public async Task CancelAtAsync(string subscriptionId, long dueAt)
    {
        var subscription = await billing.Subscriptions.LockAsync(subscriptionId);
        if (subscription is null || subscription.CancelAt != dueAt || !SubscriptionStatusMachine.CanCancel(subscription.Status)) return;
        billing.BillFor(subscription.CustomerId);
        subscription.EndAtPeriodEnd(dueAt);
        await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionEnded, subscription);
    }

    public async Task CollectionResumesAsync(string subscriptionId, long dueAt)
    {
        var subscription = await billing.Subscriptions.LockAsync(subscriptionId);
        if (subscription is null || subscription.CollectionResumesAt != dueAt) return;
        billing.BillFor(subscription.CustomerId);
        var change = await billing.Events.WatchSubscriptionAsync(subscription);
        subscription.ResumeCollection();
        change.EmitIfChanged();
    }
}
