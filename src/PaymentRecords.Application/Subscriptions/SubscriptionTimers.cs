using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// Two moments a subscription sets for itself (due work written by <see cref="SubscriptionSchedule"/>): three days
/// before its trial ends, <c>customer.subscription.trial_will_end</c>; at its <c>cancel_at</c>, the end
/// (<c>canceled</c>, <c>customer.subscription.deleted</c>). A row whose moment no longer holds (the trial is over, the
/// cancel_at moved or was cleared, the subscription already ended) does nothing.
/// </summary>
public sealed class SubscriptionTimers(BillingContext billing)
{
    public async Task TrialWillEndAsync(string subscriptionId)
    {
        var subscription = await billing.Subscriptions.LockAsync(subscriptionId);
        if (subscription is not { Status: SubscriptionStatus.Trialing }) return;
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
}
