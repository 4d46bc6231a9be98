using PaymentRecords.Domain.Scheduling;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// <c>trial_end</c> and <c>trial_settings</c> on POST /v1/subscriptions/{id} (the caller holds the customer's lock, then
/// the subscription's). On a <c>trialing</c> subscription a future <c>trial_end</c> moves the trial's end, the billing
/// cycle anchor ("will be updated to the trial_end value") and the items' period end, and writes the new end (and
/// <c>trial_will_end</c> three days before it) as due work; <c>now</c> ends the trial in the request
/// (<c>customer.subscription.trial_will_end</c>, "when a trial is ended immediately (using trial_end=now)"), as its end
/// would: with a payment method (or <c>missing_payment_method=create_invoice</c>) it is <c>active</c> and a new period
/// starts now, billed by an invoice finalized at once (<c>billing_reason=subscription_update</c>: the update made it);
/// without one, <c>pause</c> pauses it and <c>cancel</c> cancels it. <c>now</c> on a subscription that is not trialing
/// changes nothing (Stripe accepts it); a future timestamp on an <c>active</c> one adds a trial (<see cref="AddTrialAsync"/>),
/// on any other status it is refused (not built).
/// </summary>
public static class SubscriptionTrialChange
{
    /// <summary>
    /// Applies <paramref name="trial"/> (<paramref name="proration"/>: the update's <c>proration_behavior</c>, for a trial
    /// added to an active subscription); returns what the caller sends after <c>customer.subscription.updated</c>
    /// (paused, deleted), if anything.
    /// </summary>
    public static async Task<BillingOutcome?> ApplyAsync(BillingContext billing, Subscription subscription, TrialRequest trial,
        ProrationBehavior proration = ProrationBehavior.CreateProrations)
    {
        if (trial.Settings is { } settings) subscription.Attributes[Subscription.TrialSettingsKey] = settings;
        if (!trial.EndsNow && trial.TrialEnd is null) return null;
        if (subscription.Status != SubscriptionStatus.Trialing && (trial.EndsNow || subscription.Status != SubscriptionStatus.Active))
            return trial.EndsNow ? null : throw new SubscriptionRefused(SubscriptionRefusal.TrialOnPaid, "trial_end");
        var now = billing.Now;
        // Items the same request added are seen (they are new rows until written).
        await billing.Subscriptions.FlushAsync();
        var items = await billing.Subscriptions.ItemsAsync(subscription.Id);
        if (trial.TrialEnd is { } end)
        {
            if (end <= now) throw new SubscriptionRefused(SubscriptionRefusal.NotInFuture, "trial_end", end.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (end > now + TrialRequest.MaxDays * 86_400) throw new SubscriptionRefused(SubscriptionRefusal.TrialTooLong, "trial_end");
            if (subscription.Status == SubscriptionStatus.Active) await AddTrialAsync(billing, subscription, items, end, proration);
            else if (end == subscription.TrialEnd) return null;
            else
            {
                subscription.MoveTrialEnd(end);
                foreach (var item in items) item.CurrentPeriodEnd = end;
            }
            await ForgetOldEndAsync(billing, subscription);
            SubscriptionSchedule.PeriodEnd(billing, subscription, items, subscription.TestClockId);
            var warnAt = Math.Max(now, end - SubscriptionSchedule.UpcomingDays * 86_400L);
            // A row the scheduler is running now was left by ForgetOldEndAsync and may hold that very time.
            if (!await billing.Schedule.IsDueAsync(DueWorkKinds.SubscriptionTrialWillEnd, subscription.Id, warnAt))
                billing.Schedule.Add(new DueWork
                {
                    AccountId = billing.AccountId, Kind = DueWorkKinds.SubscriptionTrialWillEnd, ObjectId = subscription.Id,
                    DueAt = warnAt, TestClockId = subscription.TestClockId,
                });
            return null;
        }

        await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionTrialWillEnd, subscription);
        subscription.MoveTrialEnd(now);
        await ForgetOldEndAsync(billing, subscription);
        var hasPaymentMethod = subscription.DefaultPaymentMethodId is not null
            || (await billing.Invoices.LiveCustomerAsync(subscription.CustomerId))?.DefaultPaymentMethodId is not null;
        switch (TrialEnds.Behavior(subscription, hasPaymentMethod))
        {
            case TrialEnd.Cancel:
                foreach (var item in items) item.CurrentPeriodEnd = now;
                subscription.EndAtPeriodEnd(now);
                return BillingOutcome.SubscriptionEnded;
            case TrialEnd.Pause:
                foreach (var item in items) item.CurrentPeriodEnd = now;
                subscription.EndTrial(paused: true);
                return BillingOutcome.SubscriptionPaused;
        }
        subscription.EndTrial(paused: false);
        await FirstPaidPeriodAsync(billing, subscription, items, now);
        return null;
    }

    /// <summary>
    /// A trial added to an active subscription ("Adding a trial period to an active subscription" is one of the changes
    /// Stripe prorates): the unused paid time of every item is credited (pending prorations the trial's end bills, with
    /// <c>always_invoice</c> too; <c>none</c>: nothing), then the subscription is <c>trialing</c> from now to
    /// <paramref name="end"/>, the anchor and every item's period end there.
    /// </summary>
    private static async Task AddTrialAsync(BillingContext billing, Subscription subscription, List<SubscriptionItem> items, long end, ProrationBehavior proration)
    {
        var now = billing.Now;
        // A metered item's usage so far would go unbilled (its period restarts at the trial): not built.
        if ((await MeteredUsage.ItemsAsync(billing, items)).Count > 0) throw new SubscriptionRefused(SubscriptionRefusal.TrialWithMetered, "trial_end");
        if (proration != ProrationBehavior.None) await new UpdateSubscriptionItems(billing).CreditUnusedTimeAsync(subscription);
        subscription.AddTrial(now, end);
        foreach (var item in items) (item.CurrentPeriodStart, item.CurrentPeriodEnd) = (now, end);
        if (subscription.CancelAtPeriodEnd) subscription.CancelAt = end;
    }

    /// <summary>The first paid period starts now: each item's period, billed by an invoice finalized at once.</summary>
    private static async Task FirstPaidPeriodAsync(BillingContext billing, Subscription subscription, List<SubscriptionItem> items, long now)
    {
        var prices = await SubscriptionInvoices.PricesAsync(billing, items);
        foreach (var item in items)
            (item.CurrentPeriodStart, item.CurrentPeriodEnd) = (now, BillingPeriods.Boundary(now, prices[item.PriceId].Interval!, prices[item.PriceId].IntervalCount ?? 1));
        SubscriptionSchedule.PeriodEnd(billing, subscription, items, subscription.TestClockId);
        await SubscriptionInvoices.NewPeriodInvoiceAsync(billing, subscription, items, prices,
            items.ToDictionary(i => i.Id, i => (i.CurrentPeriodStart, i.CurrentPeriodEnd)), now);
    }

    /// <summary>The trial's old end (its renewal, its warning, its upcoming invoice) is no longer due.</summary>
    private static async Task ForgetOldEndAsync(BillingContext billing, Subscription subscription)
    {
        foreach (var kind in new[] { DueWorkKinds.SubscriptionPeriodEnd, DueWorkKinds.SubscriptionTrialWillEnd, DueWorkKinds.InvoiceUpcoming })
            await billing.Schedule.RemoveAsync(kind, subscription.Id);
    }
}
