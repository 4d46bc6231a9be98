using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Scheduling;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// A subscription's earliest item period ended (due work <see cref="DueWorkKinds.SubscriptionPeriodEnd"/>, run at that
/// time). With <c>cancel_at_period_end</c> it ends there: <c>canceled</c>, <c>customer.subscription.deleted</c>, and a
/// final draft bills its metered items' usage of the last period (<c>invoice.created</c>).
/// Otherwise, when it renews (active, past_due, unpaid, trialing), every item whose period ended rolls to its next
/// period (counted from the billing cycle anchor: <see cref="BillingPeriods.PeriodAt"/>), and a draft invoice
/// (<c>billing_reason=subscription_cycle</c>, auto_advance on, one line per rolled item for its new period; a metered item's
/// line is the usage of the period that ended, <see cref="MeteredUsage"/>) is created;
/// the scheduler finalizes it about an hour later (<c>Scheduling/AutoFinalizeDraft.cs</c>). The next period end is
/// written as due work in the same transaction. Events: <c>customer.subscription.updated</c> (periods,
/// latest_invoice), <c>invoice.created</c>. Incomplete and ended subscriptions do not renew.
/// </summary>
public sealed class RenewSubscription(BillingContext billing)
{
    public async Task<Invoice?> RunAsync(string subscriptionId, long periodEnd, string? testClockId)
    {
        var store = billing.Subscriptions;
        var subscription = await store.LockAsync(subscriptionId);
        if (subscription is null) return null;
        billing.BillFor(subscription.CustomerId);
        var items = await store.ItemsAsync(subscription.Id);
        var ended = items.Where(i => i.CurrentPeriodEnd <= periodEnd).ToList();
        // Stale (the periods already rolled, or the subscription changed its items): nothing ended at this time.
        if (ended.Count == 0) return null;

        if ((subscription.CancelAtPeriodEnd || subscription.CancelAt <= periodEnd) && SubscriptionStatusMachine.CanCancel(subscription.Status))
        {
            var final = await FinalUsageInvoiceAsync(subscription, ended);
            subscription.EndAtPeriodEnd(periodEnd);
            await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionEnded, subscription);
            if (final is not null) await billing.Events.InvoiceAsync(BillingOutcome.InvoiceCreated, final, null);
            return final;
        }
        if (!subscription.Renews) return null;

        var change = await billing.Events.WatchSubscriptionAsync(subscription);
        if (subscription.Status == SubscriptionStatus.Trialing)
        {
            var end = TrialEnds.Behavior(subscription, await HasPaymentMethodAsync(subscription));
            if (end == TrialEnd.Cancel)
            {
                subscription.EndAtPeriodEnd(periodEnd);
                await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionEnded, subscription);
                return null;
            }
            subscription.EndTrial(paused: end == TrialEnd.Pause);
            if (end == TrialEnd.Pause)
            {
                change.EmitIfChanged();
                await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionPaused, subscription);
                return null;
            }
        }
        var now = billing.Now;
        var invoice = SubscriptionPendingItems.NewInvoice(billing, subscription, BillingReasons.SubscriptionCycle);
        // "When a subscription has a status of unpaid, no subsequent invoices will be attempted (invoices will be
        // created, but then immediately automatically closed)": closed is today's auto_advance=false, a draft left as it is.
        // pause_collection: keep_as_draft leaves it a draft the same way; mark_uncollectible and void finalize it at once
        // (the scheduler, in its own transaction: finalize locks the customer first) and then settle it that way.
        var paused = subscription.CollectionPausedAt(now);
        if (subscription.Status == SubscriptionStatus.Unpaid || paused == Subscription.KeepAsDraft) invoice.AutoAdvance = false;
        else if (paused is not null) invoice.PauseCollection(paused, now);
        else invoice.AutomaticallyFinalizesAt = now + Scheduling.AutoFinalizeDraft.GracePeriodSeconds;
        invoice.SetUsagePeriod(ended.Min(i => i.CurrentPeriodStart), ended.Max(i => i.CurrentPeriodEnd));
        // The pending items first (the subscription's and the customer's), as Stripe lists them, then the new period of each item.
        await SubscriptionPendingItems.AttachAllAsync(billing, subscription, invoice, reservedLines: ended.Count);
        var lines = new List<InvoiceItem>();
        foreach (var item in ended)
        {
            var price = await store.PriceAsync(item.PriceId) ?? throw new InvalidOperationException($"{item.PriceId} is gone");
            // A metered item bills the period that just ended, in arrears: its usage × the unit amount.
            if (MeteredUsage.IsMetered(price))
            {
                // From when its price began to count, if that was mid-period (MeteredFrom).
                var endedPeriod = (CurrentPeriodStart: item.UsageStart, item.CurrentPeriodEnd);
                var usage = await MeteredUsage.OfAsync(billing, subscription, price, endedPeriod.CurrentPeriodStart, endedPeriod.CurrentPeriodEnd);
                lines.Add(await SubscriptionInvoices.LineAsync(billing, invoice, subscription, item, price, now, endedPeriod, quantity: usage));
            }
            var (start, end) = BillingPeriods.PeriodAt(subscription.BillingCycleAnchor, price.Interval!, price.IntervalCount ?? 1, item.CurrentPeriodEnd);
            item.CurrentPeriodStart = start;
            item.CurrentPeriodEnd = end;
            if (!MeteredUsage.IsMetered(price)) lines.Add(await SubscriptionInvoices.LineAsync(billing, invoice, subscription, item, price, now));
        }
        subscription.LatestInvoiceId = invoice.Id;
        store.AddInvoice(invoice, lines);
        change.EmitIfChanged();
        await billing.Events.InvoiceAsync(BillingOutcome.InvoiceCreated, invoice, null);
        SubscriptionSchedule.PeriodEnd(billing, subscription, items, testClockId);
        return invoice;
    }

    /// <summary>
    /// A subscription ending at its period end with metered items: "the final invoice at the end of the period includes
    /// metered usage from the last billing period". A draft like a renewal's (its pending items first, then one line per
    /// metered item for the period that ended; licensed items bill nothing more), or null when no item is metered.
    /// </summary>
    private async Task<Invoice?> FinalUsageInvoiceAsync(Subscription subscription, IReadOnlyList<SubscriptionItem> ended)
    {
        var metered = await MeteredUsage.ItemsAsync(billing, ended);
        if (metered.Count == 0) return null;
        var now = billing.Now;
        var invoice = SubscriptionPendingItems.NewInvoice(billing, subscription, BillingReasons.SubscriptionCycle);
        invoice.AutomaticallyFinalizesAt = now + Scheduling.AutoFinalizeDraft.GracePeriodSeconds;
        invoice.SetUsagePeriod(ended.Min(i => i.CurrentPeriodStart), ended.Max(i => i.CurrentPeriodEnd));
        await SubscriptionPendingItems.AttachAllAsync(billing, subscription, invoice, reservedLines: metered.Count);
        var lines = new List<InvoiceItem>();
        foreach (var (item, price) in metered)
        {
            var usage = await MeteredUsage.OfAsync(billing, subscription, price, item.UsageStart, item.CurrentPeriodEnd);
            lines.Add(await SubscriptionInvoices.LineAsync(billing, invoice, subscription, item, price, now, (item.UsageStart, item.CurrentPeriodEnd), quantity: usage));
        }
        subscription.LatestInvoiceId = invoice.Id;
        billing.Subscriptions.AddInvoice(invoice, lines);
        return invoice;
    }

    /// <summary>Whether a payment method would pay: the subscription's default, else the customer's invoice default.</summary>
    private async Task<bool> HasPaymentMethodAsync(Subscription subscription) =>
        subscription.DefaultPaymentMethodId is not null
        || (await billing.Invoices.LiveCustomerAsync(subscription.CustomerId))?.DefaultPaymentMethodId is not null;
}

/// <summary>The lines a subscription bills: one per item, for its period (the draft: <see cref="SubscriptionPendingItems.NewInvoice"/>).</summary>
public static class SubscriptionInvoices
{
    /// <summary>
    /// The item's line on <paramref name="invoice"/>: price × quantity (the item's, or <paramref name="quantity"/>: a metered
    /// item's usage) for its period (or <paramref name="period"/>), described as Stripe does
    /// (<see cref="LineDescriptions.Period"/>); a trial's line is $0 with its own description.
    /// </summary>
    public static async Task<InvoiceItem> LineAsync(BillingContext billing, Invoice invoice, Subscription subscription, SubscriptionItem item, Domain.Catalog.Price price, long now,
        (long Start, long End)? period = null, decimal? unitAmount = null, string? description = null, long? quantity = null)
    {
        var (start, end) = period ?? (item.CurrentPeriodStart, item.CurrentPeriodEnd);
        description ??= await PeriodDescriptionAsync(billing, price, quantity ?? item.Quantity, unitAmount ?? price.EffectiveUnitAmount, subscription.Currency);
        var line = new InvoiceItem
        {
            AccountId = billing.AccountId,
            Id = Ids.New(Ids.InvoiceItem),
            Created = now,
            CustomerId = subscription.CustomerId,
            Currency = subscription.Currency,
            PeriodStart = start,
            PeriodEnd = end,
            SubscriptionId = subscription.Id,
            SubscriptionItemId = item.Id,
            TestClockId = subscription.TestClockId,
            Description = description,
        };
        // The price's own unit amount bills through its quantity transform; a given one (a prorated remaining time, a
        // trial's zero) already is the line's.
        if (unitAmount is null) line.PricedWith(price.Transform, price.Tiers);
        line.SetUnitAmount(unitAmount ?? price.EffectiveUnitAmount, quantity ?? item.Quantity);
        line.Attributes["price_details"] = new JsonObject { ["price"] = price.Id, ["product"] = price.ProductId };
        invoice.AddLine(line, Ids.New(Ids.InvoiceLine));
        return line;
    }

    /// <summary>A period line's description (<see cref="LineDescriptions.Period"/>), naming the price's product.</summary>
    public static async Task<string> PeriodDescriptionAsync(BillingContext billing, Domain.Catalog.Price price, long quantity, decimal unitAmount, string currency) =>
        price.Tiers is { } tiers
            ? LineDescriptions.Period(quantity, await ProductNameAsync(billing, price), tiers.Tiers[tiers.IndexOf(quantity)].UnitAmount ?? 0, currency,
                price.Interval!, price.IntervalCount ?? 1, tier: tiers.IndexOf(quantity) + 1)
            : LineDescriptions.Period(quantity, await ProductNameAsync(billing, price), unitAmount, currency, price.Interval!, price.IntervalCount ?? 1,
                price.Transform?.DivideBy);

    /// <summary>The items' prices by id (each read once).</summary>
    public static async Task<Dictionary<string, Domain.Catalog.Price>> PricesAsync(BillingContext billing, IEnumerable<SubscriptionItem> items)
    {
        var prices = new Dictionary<string, Domain.Catalog.Price>(StringComparer.Ordinal);
        foreach (var item in items)
            if (!prices.ContainsKey(item.PriceId))
                prices[item.PriceId] = await billing.Subscriptions.PriceAsync(item.PriceId) ?? throw new InvalidOperationException($"{item.PriceId} is gone");
        return prices;
    }

    /// <summary>
    /// The invoice of a new period that a request starts now (<c>billing_reason=subscription_update</c>: a resume, a
    /// trial ended with <c>trial_end=now</c>): the subscription's pending items first, then one line per licensed item
    /// for its period in <paramref name="periods"/>, after a metered item's usage over <paramref name="usageSoFar"/>, when
    /// given (a reset's old period up to now, under the item's price then); it becomes the <c>latest_invoice</c> and is
    /// finalized at once (<see cref="FinalizeNowAsync"/>). A metered item's new period has no line ("Flexible billing mode
    /// doesn't create zero-amount line items when you add usage-based items … If the invoice is empty as a result, we
    /// don't generate one"), so with nothing to bill there is no invoice (null). Events: <c>invoice.created</c>, then finalize's.
    /// </summary>
    public static async Task<Invoice?> NewPeriodInvoiceAsync(BillingContext billing, Subscription subscription, IReadOnlyList<SubscriptionItem> items,
        IReadOnlyDictionary<string, Domain.Catalog.Price> prices, IReadOnlyDictionary<string, (long Start, long End)> periods, long now,
        IReadOnlyDictionary<string, (long Start, long End, Domain.Catalog.Price Price)>? usageSoFar = null)
    {
        // It bills every item's new period: a once discount goes with it, as with a renewal.
        var invoice = SubscriptionPendingItems.NewInvoice(billing, subscription, SubscriptionPendingItems.SubscriptionUpdate, billsItems: true);
        await SubscriptionPendingItems.AttachAllAsync(billing, subscription, invoice, reservedLines: items.Count + (usageSoFar?.Count ?? 0));
        var lines = new List<InvoiceItem>();
        foreach (var item in items)
        {
            var price = prices[item.PriceId];
            // A cycle cut short (a reset): the metered usage of the old period so far is billed here, in arrears, under
            // the price the item had then.
            if (usageSoFar is not null && usageSoFar.TryGetValue(item.Id, out var used))
                lines.Add(await LineAsync(billing, invoice, subscription, item, used.Price, now, (used.Start, used.End),
                    quantity: await MeteredUsage.OfAsync(billing, subscription, used.Price, used.Start, used.End)));
            if (!MeteredUsage.IsMetered(price)) lines.Add(await LineAsync(billing, invoice, subscription, item, price, now, periods[item.Id]));
        }
        if (invoice.LineCount == 0) return null;
        subscription.LatestInvoiceId = invoice.Id;
        billing.Subscriptions.AddInvoice(invoice, lines);
        await billing.Events.InvoiceAsync(BillingOutcome.InvoiceCreated, invoice, null);
        return await FinalizeNowAsync(billing, subscription, invoice);
    }

    /// <summary>
    /// Finalizes a subscription's invoice in the request with auto_advance on, as its first invoice is
    /// (<c>invoice.payment_attempt_required</c> when its default payment method is a custom one and something is due).
    /// </summary>
    public static async Task<Invoice> FinalizeNowAsync(BillingContext billing, Subscription subscription, Invoice invoice)
    {
        await billing.Subscriptions.FlushAsync();
        var defaultIsCustom = subscription.DefaultPaymentMethodId is { } pm
            && (await billing.Subscriptions.PaymentMethodAsync(pm))?.Type == Domain.PaymentMethods.PaymentMethod.Custom;
        return await new Invoices.FinalizeInvoice(billing).RunAsync(
            new Invoices.FinalizeInvoiceCommand(invoice.Id, AutoAdvance: true, SubscriptionDefaultIsCustom: defaultIsCustom));
    }

    /// <summary>The name a line description gives the price's product (its id if the product is gone).</summary>
    public static async Task<string> ProductNameAsync(BillingContext billing, Domain.Catalog.Price price) =>
        await billing.Subscriptions.ProductNameAsync(price.ProductId) ?? price.ProductId;
}
