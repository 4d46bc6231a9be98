using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Scheduling;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <param name="AnchorNow"><c>billing_cycle_anchor=now</c> (Stripe's default); false: <c>unchanged</c>.</param>
/// <param name="ProrationBehavior">Only with <c>unchanged</c> ("When the billing_cycle_anchor is set to now (default value), no prorations are generated").</param>
/// <param name="ProrationDate">When the prorations are counted from (<c>unchanged</c> only); null: now.</param>
public sealed record ResumeSubscriptionCommand(string SubscriptionId, bool AnchorNow = true,
    ProrationBehavior ProrationBehavior = ProrationBehavior.CreateProrations, long? ProrationDate = null);

/// <summary>
/// POST /v1/subscriptions/{id}/resume, of a <c>paused</c> charge_automatically subscription (Domain/Subscriptions/Resumption.cs).
/// With <c>billing_cycle_anchor=now</c> a new period starts now: the resumption invoice
/// (<c>billing_reason=subscription_update</c>, the subscription's pending items, then one line per licensed item for
/// that period; none when there is nothing to bill, and the subscription resumes at once) is finalized at once, as Stripe does. With
/// <c>unchanged</c> the items move to the period around now of their own anchor, and the remaining time of that period
/// is prorated as <c>proration_behavior</c> says: pending items (<c>create_prorations</c>, the default), invoiced at once
/// (<c>always_invoice</c>), or not at all (<c>none</c>). When no invoice is left to pay the subscription is
/// <c>active</c> at once; otherwise it stays <c>paused</c> with a <c>pending_update</c> until the invoice is paid or
/// marked uncollectible (active), its payment fails (past_due), or it is voided, by request or 23 hours later
/// (<see cref="SubscriptionResumption"/>). Events: the invoice's, then <c>customer.subscription.updated</c>, then
/// <c>customer.subscription.resumed</c> when it resumed. The customer is locked, then the subscription.
/// </summary>
public sealed class ResumeSubscription(BillingContext billing)
{
    public async Task<Subscription> RunAsync(ResumeSubscriptionCommand command)
    {
        var store = billing.Subscriptions;
        var customerId = await store.CustomerIdAsync(command.SubscriptionId) ?? throw new NotFound("subscription", command.SubscriptionId, "subscription");
        await billing.Invoices.LockCustomerAsync(customerId);
        var subscription = await store.LockAsync(command.SubscriptionId) ?? throw new NotFound("subscription", command.SubscriptionId, "subscription");
        billing.BillFor(subscription.CustomerId);
        if (subscription.Status != SubscriptionStatus.Paused)
            throw new SubscriptionRefused(SubscriptionRefusal.NotPaused, null, subscription.Id, subscription.Status.Wire());
        if (subscription.CollectionMethod != Subscription.ChargeAutomatically)
            throw new SubscriptionRefused(SubscriptionRefusal.ResumeSendInvoice, null);

        var now = billing.Now;
        var anchor = command.AnchorNow ? now : subscription.BillingCycleAnchor;
        var items = await store.ItemsAsync(subscription.Id);
        var prices = await SubscriptionInvoices.PricesAsync(billing, items);
        var at = command.AnchorNow ? now : command.ProrationDate ?? now;
        if (!command.AnchorNow && command.ProrationDate is { } date
            && items.Any(i => SubscriptionResumption.PeriodOf(prices[i.PriceId], anchor, now) is var (start, end) && !Prorations.Within(start, end, date)))
            throw new SubscriptionRefused(SubscriptionRefusal.ProrationDateOutsidePeriod, "proration_date");

        var watch = await billing.Events.WatchSubscriptionAndItemsAsync(subscription);
        Invoice? invoice = null;
        // A new period starting now: the resumption invoice bills it.
        if (command.AnchorNow)
            invoice = await SubscriptionInvoices.NewPeriodInvoiceAsync(billing, subscription, items, prices,
                items.ToDictionary(i => i.Id, i => SubscriptionResumption.PeriodOf(prices[i.PriceId], now, now)), now);
        else if (command.ProrationBehavior != ProrationBehavior.None)
        {
            var plans = items.Select(i => (i, prices[i.PriceId], SubscriptionResumption.PeriodOf(prices[i.PriceId], anchor, now)))
                .Select(x => new UpdateSubscriptionItems.ProrationPlan(x.Item1, x.Item2, x.Item1.Quantity, x.Item3.Start, x.Item3.End, Credit: false))
                .ToList();
            await new UpdateSubscriptionItems(billing).CreateProrationsAsync(subscription, plans, at);
            if (command.ProrationBehavior == ProrationBehavior.AlwaysInvoice) invoice = await SubscriptionPendingItems.InvoiceNowAsync(billing, subscription);
        }
        if (invoice is not null) invoice.Attributes[SubscriptionResumption.InvoiceKey] = true;

        var resumed = false;
        if (invoice is null || invoice.Status == InvoiceStatus.Paid)
            resumed = SubscriptionResumption.Apply(billing, subscription, items, prices, now, anchor, paymentFailed: false);
        else
        {
            var expiresAt = now + (long)Subscription.ResumptionExpiresAfter.TotalSeconds;
            subscription.AwaitResumption(now, command.AnchorNow ? anchor : null, expiresAt);
            // A resumption voided and asked for again at the same moment already has its expiry row.
            if (!await billing.Schedule.IsDueAsync(DueWorkKinds.SubscriptionResumptionExpiry, subscription.Id, expiresAt))
                billing.Schedule.Add(new DueWork
                {
                    AccountId = billing.AccountId, Kind = DueWorkKinds.SubscriptionResumptionExpiry, ObjectId = subscription.Id,
                    DueAt = expiresAt, TestClockId = subscription.TestClockId,
                });
        }
        await watch.EmitIfChangedAsync();
        if (resumed) await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionResumed, subscription);
        return subscription;
    }
}

/// <summary>
/// A paused subscription's pending resumption and its invoice (<see cref="ResumeSubscription"/>): the invoice paid or
/// marked uncollectible resumes it (<c>active</c>), its payment failed resumes it <c>past_due</c> (and paid later then
/// turns it <c>active</c>), voided it stays <c>paused</c> with nothing pending. Called under the invoice's lock; the
/// subscription is locked after it (the lock order of <see cref="ISubscriptionStore"/>). Only a resumption invoice
/// (marked <see cref="InvoiceKey"/>) is looked at, so other invoices cost no read.
/// </summary>
public static class SubscriptionResumption
{
    /// <summary>The invoice <see cref="Invoice.Attributes"/> key marking a resumption invoice (not rendered).</summary>
    public const string InvoiceKey = "resumes_subscription";

    /// <summary>Whether <paramref name="invoice"/> is a resumption invoice.</summary>
    public static bool IsResumptionInvoice(Invoice invoice) => invoice.Attributes[InvoiceKey] is not null && invoice.SubscriptionId is not null;

    /// <summary>The period of <paramref name="price"/>'s cycle anchored at <paramref name="anchor"/> that contains <paramref name="at"/>.</summary>
    public static (long Start, long End) PeriodOf(Price price, long anchor, long at) =>
        BillingPeriods.PeriodAt(anchor, price.Interval!, price.IntervalCount ?? 1, at);

    /// <summary>
    /// Resumes it (<see cref="Subscription.Resume"/>): each item's period becomes the one around
    /// <paramref name="resumedAt"/> of the cycle anchored at <paramref name="anchor"/>, and the next period end is due work.
    /// </summary>
    public static bool Apply(BillingContext billing, Subscription subscription, IReadOnlyList<SubscriptionItem> items,
        IReadOnlyDictionary<string, Price> prices, long resumedAt, long anchor, bool paymentFailed)
    {
        if (!subscription.Resume(anchor, paymentFailed)) return false;
        foreach (var item in items) (item.CurrentPeriodStart, item.CurrentPeriodEnd) = PeriodOf(prices[item.PriceId], anchor, resumedAt);
        SubscriptionSchedule.PeriodEnd(billing, subscription, items, subscription.TestClockId);
        return true;
    }

    /// <summary>
    /// The resumption invoice was paid: the subscription resumes <c>active</c>, or, when its payment had failed before
    /// (<c>past_due</c>), turns <c>active</c> again.
    /// </summary>
    public static async Task InvoicePaidAsync(BillingContext billing, Invoice invoice)
    {
        if (!IsResumptionInvoice(invoice)) return;
        var subscription = await billing.Subscriptions.LockAsync(invoice.SubscriptionId!);
        if (subscription is null) return;
        if (subscription.PendingResumption is not null && subscription.LatestInvoiceId == invoice.Id)
        {
            await ResumeAsync(billing, subscription, paymentFailed: false);
            return;
        }
        // Only the invoice whose failed payment resumed it past_due brings it back.
        if (invoice.Attributes[SubscriptionUpdateInvoices.MadePastDueKey] is null) return;
        var watch = await billing.Events.WatchSubscriptionAsync(subscription);
        subscription.Recover();
        watch.EmitIfChanged();
    }

    /// <summary>The resumption invoice was marked uncollectible (<paramref name="paymentFailed"/> false) or its payment failed (true).</summary>
    public static async Task InvoiceSettledAsync(BillingContext billing, Invoice invoice, bool paymentFailed)
    {
        if (await PendingOnAsync(billing, invoice) is not { } subscription) return;
        if (paymentFailed) invoice.Attributes[SubscriptionUpdateInvoices.MadePastDueKey] = true;
        await ResumeAsync(billing, subscription, paymentFailed);
    }

    private static async Task ResumeAsync(BillingContext billing, Subscription subscription, bool paymentFailed)
    {
        var (resumedAt, anchor, _) = subscription.PendingResumption!.Value;
        var items = await billing.Subscriptions.ItemsAsync(subscription.Id);
        var prices = await SubscriptionInvoices.PricesAsync(billing, items);
        var watch = await billing.Events.WatchSubscriptionAndItemsAsync(subscription);
        Apply(billing, subscription, items, prices, resumedAt, anchor, paymentFailed);
        await watch.EmitIfChangedAsync();
        await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionResumed, subscription);
    }

    /// <summary>The invoice was voided: the subscription stays paused, its pending update dropped.</summary>
    public static async Task InvoiceVoidedAsync(BillingContext billing, Invoice invoice)
    {
        if (await PendingOnAsync(billing, invoice) is not { } subscription) return;
        var watch = await billing.Events.WatchSubscriptionAsync(subscription);
        subscription.DropPendingResumption();
        watch.EmitIfChanged();
    }

    /// <summary>The subscription (locked) whose pending resumption waits for <paramref name="invoice"/>, or null.</summary>
    private static async Task<Subscription?> PendingOnAsync(BillingContext billing, Invoice invoice)
    {
        if (!IsResumptionInvoice(invoice)) return null;
        var subscription = await billing.Subscriptions.LockAsync(invoice.SubscriptionId!);
        return subscription is { PendingResumption: not null } && subscription.LatestInvoiceId == invoice.Id ? subscription : null;
    }
}

/// <summary>
/// A pending resumption reached its <c>expires_at</c> unpaid (due work <see cref="DueWorkKinds.SubscriptionResumptionExpiry"/>):
/// its invoice is voided (<see cref="VoidInvoice"/>, which drops the pending update: the subscription stays paused).
/// One a payment in flight holds waits for that payment's outcome, looking again a day later; a stale item (the
/// resumption settled, or a later one replaced it, also while this one ran) does nothing.
/// </summary>
public sealed class ExpireResumption(BillingContext billing)
{
    public async Task RunAsync(string subscriptionId, long dueAt)
    {
        var found = await billing.Schedule.FindSubscriptionAsync(subscriptionId);
        if (found?.PendingResumption is not { } pending || pending.ExpiresAt > dueAt || found.LatestInvoiceId is not { } invoiceId) return;
        billing.BillFor(found.CustomerId);
        // Looked at again under the locks (customer, invoice, then subscription, as VoidInvoice takes them again): a
        // resume asked for again since the read above made another invoice the one that waits, and this one stays open.
        var (_, invoice) = await billing.Invoices.LockCustomerThenInvoiceAsync(invoiceId);
        var locked = await billing.Subscriptions.LockAsync(subscriptionId);
        if (locked?.PendingResumption is not { } still || still.ExpiresAt > dueAt || locked.LatestInvoiceId != invoiceId) return;
        if (invoice.Status is not (InvoiceStatus.Open or InvoiceStatus.Uncollectible)) return;
        if (InvoiceStatusMachine.BlockedByPayments(InvoiceAction.Void, (await billing.Invoices.PaymentHoldsAsync(invoiceId)).Holds))
        {
            billing.Schedule.Add(new DueWork
            {
                AccountId = billing.AccountId, Kind = DueWorkKinds.SubscriptionResumptionExpiry, ObjectId = subscriptionId,
                DueAt = billing.Now + ExpireIncompleteSubscription.RecheckAfterSeconds, TestClockId = found.TestClockId,
            });
            return;
        }
        await new VoidInvoice(billing).RunAsync(new VoidInvoiceCommand(invoiceId));
    }
}
