using System.Text.Json.Nodes;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>Stripe's <c>proration_behavior</c>.</summary>
public enum ProrationBehavior
{
    /// <summary>Stripe's default: pending invoice items for the unused and the remaining time.</summary>
    CreateProrations,
    /// <summary>No prorations: the change shows on the next invoice.</summary>
    None,
    /// <summary>Prorations, invoiced at once (<c>billing_reason=subscription_update</c>).</summary>
    AlwaysInvoice,
}

/// <summary>
/// One item change: an existing item (<paramref name="ItemId"/>) gets a new price, quantity or metadata, or is
/// deleted; without an id, a new item on <paramref name="PriceId"/>. <paramref name="Param"/> is the request's name
/// for it (<c>items[0]</c>, or "" for the /v1/subscription_items endpoints), for the errors.
/// </summary>
/// <param name="InlinePrice">The price is this change's own inline one (<c>price_data</c>): archived from the start, and usable here.</param>
public sealed record SubscriptionItemChange(string Param, string? ItemId, string? PriceId, long? Quantity, bool Deleted, MetadataChange? Metadata,
    bool InlinePrice = false);

/// <param name="ProrationDate">Stripe's <c>proration_date</c>; null: the billing time.</param>
/// <param name="PaymentBehavior">Stripe's <c>payment_behavior</c> (<see cref="PaymentBehaviors"/>).</param>
/// <param name="Anchor">Stripe's <c>billing_cycle_anchor</c> on update: <see cref="AnchorChange.Now"/> resets the cycle;
/// <see cref="AnchorChange.Unchanged"/> and null keep it (flexible billing mode never resets it on its own).</param>
/// <param name="AddsTrial">The same update adds a trial (a future <c>trial_end</c> on an active subscription): no reset with it.</param>
public sealed record SubscriptionItemChanges(
    IReadOnlyList<SubscriptionItemChange> Items,
    ProrationBehavior ProrationBehavior = ProrationBehavior.CreateProrations,
    long? ProrationDate = null,
    string PaymentBehavior = PaymentBehaviors.AllowIncomplete,
    AnchorChange? Anchor = null,
    bool AddsTrial = false);

/// <summary>Stripe's <c>billing_cycle_anchor</c> values on update.</summary>
public enum AnchorChange
{
    Now,
    Unchanged,
}

/// <summary>What an item change wrote: the prorations (pending or invoiced), the invoice always_invoice made, the items touched.</summary>
public sealed record SubscriptionItemsChanged(IReadOnlyList<InvoiceItem> Prorations, Invoice? Invoice, IReadOnlyList<SubscriptionItem> Items);

/// <summary>
/// Price and quantity changes mid-period (POST /v1/subscriptions/{id} with <c>items[]</c>, and /v1/subscription_items).
/// Runs on a subscription its caller locked (after the customer: the lock order of <see cref="ISubscriptionStore"/>)
/// and watches. For each changed item, with <c>create_prorations</c> (Stripe's default) or <c>always_invoice</c>:
/// a credit for the unused time of the old price × old quantity and a charge for the remaining time of the new price ×
/// new quantity, from the proration time (<c>proration_date</c>, else now) to the end of the item's current period
/// (<see cref="Prorations"/>); a new item is charged for the remaining time of the period it joins (counted from the
/// billing cycle anchor in its own interval), a deleted item credited for its unused time. The prorations are pending
/// invoice items (<see cref="CreateInvoiceItem"/>, <c>proration: true</c>, parent.subscription_details) that the
/// subscription's next invoice bills (<see cref="SubscriptionPendingItems"/>); <c>always_invoice</c> bills them now.
/// An item moving to a price of another interval keeps the anchor and takes that interval's period around now (flexible
/// billing mode, mixed intervals). <c>billing_cycle_anchor=now</c> restarts the cycle instead: the unused time of every
/// item is credited, and a new period starting now is invoiced at once (<see cref="NewCycleAsync"/>).
/// Events: <c>invoiceitem.created</c> per proration; always_invoice and a reset: <c>invoice.created</c> and finalize's.
/// </summary>
public sealed class UpdateSubscriptionItems(BillingContext billing)
{
    public async Task<SubscriptionItemsChanged> ApplyAsync(Subscription subscription, SubscriptionItemChanges changes)
    {
        var store = billing.Subscriptions;
        // Until its first invoice is paid, nothing that could prorate or invoice is taken (Stripe refuses such updates).
        if (subscription.Status == SubscriptionStatus.Incomplete)
            throw new SubscriptionRefused(SubscriptionRefusal.ItemsWhileIncomplete,
                changes.Items.Count == 0 ? "proration_behavior" : changes.Items[0].Param.Length == 0 ? null : "items", subscription.LatestInvoiceId ?? "");
        var now = billing.Now;
        var items = await store.ItemsAsync(subscription.Id);
        var kept = items.ToList();
        var prices = new Dictionary<string, Price>(StringComparer.Ordinal);
        var plans = new List<ProrationPlan>();
        var touched = new List<SubscriptionItem>();
        var reset = ResetsAnchor(subscription, changes);
        // A reset happens now, whatever proration_date says.
        var at = reset ? now : changes.ProrationDate ?? now;
        // A trial is free, and so is a first period up to an anchor created with proration_behavior=none: a change
        // during either has no used or remaining paid time to prorate.
        var prorate = changes.ProrationBehavior != ProrationBehavior.None && subscription.Status != SubscriptionStatus.Trialing
            && !subscription.InFreeFirstPeriod(at);
        var nextPosition = items.Count == 0 ? 0 : items.Max(i => i.Position) + 1;
        // A metered price removed mid-period (the item deleted, or moved to another price) bills its usage so far on an
        // invoice item, unless proration_behavior=none. A reset bills a kept item's on the new period's invoice instead
        // (NewCycleAsync, under the price it had); a deleted item's pending usage item goes on that invoice too.
        var billsUsageSoFar = changes.ProrationBehavior != ProrationBehavior.None;
        var usageSoFar = new List<(SubscriptionItem Item, Price Price, long Start)>();
        var periodsMoved = false;
        var earliestEnd = items.Count == 0 ? 0 : items.Min(i => i.CurrentPeriodEnd);
        // What each item was before the change: a reset bills a metered item's usage so far under the price it had.
        var before = items.ToDictionary(i => i.Id, i => (i.PriceId, i.UsageStart, i.CurrentPeriodEnd), StringComparer.Ordinal);
        if (reset)
        {
            // The cycle restarts now: what was paid for is credited from now, and nothing of the new prices is prorated.
            foreach (var item in items)
                if (prorate && Prorations.Within(item.CurrentPeriodStart, item.CurrentPeriodEnd, now))
                    plans.Add(Plan(subscription, item, await PriceAsync(prices, item.PriceId, "items"), item.Quantity, true));
            prorate = false;
        }

        foreach (var change in changes.Items)
        {
            if (change.ItemId is { } itemId)
            {
                var item = items.FirstOrDefault(i => i.Id == itemId);
                if (item is null)
                {
                    if (await store.FindItemAsync(itemId) is not null)
                        throw new SubscriptionRefused(SubscriptionRefusal.ItemOfOtherSubscription, IdParam(change), itemId, subscription.Id);
                    throw new NotFound("subscription_item", itemId, IdParam(change));
                }
                var oldPrice = await PriceAsync(prices, item.PriceId, ItemsParam(change));
                if (prorate) RequireWithin(item, at);
                if (change.Deleted)
                {
                    if (billsUsageSoFar && MeteredUsage.IsMetered(oldPrice)) usageSoFar.Add((item, oldPrice, item.UsageStart));
                    if (prorate) plans.Add(Plan(subscription, item, oldPrice, item.Quantity, true));
                    kept.Remove(item);
                    store.RemoveItem(item);
                    continue;
                }
                var newPrice = change.PriceId is { } priceId && priceId != item.PriceId
                    ? await RequireUsableAsync(prices, priceId, PriceParam(change), subscription.Currency, change.InlinePrice)
                    : oldPrice;
                RefuseMeteredQuantity(change, newPrice);
                var quantity = change.Quantity ?? item.Quantity;
                RefuseOutOfRange(change, newPrice, quantity);
                var changed = newPrice.Id != item.PriceId || quantity != item.Quantity;
                // Where the old price's usage so far starts, before a move to another interval changes the period.
                var oldUsageStart = item.UsageStart;
                if (prorate && changed) plans.Add(Plan(subscription, item, oldPrice, item.Quantity, true));
                // Another interval: the item moves to that interval's period around now (mixed intervals), the anchor kept.
                if (!reset && MoveToIntervalOf(subscription, item, oldPrice, newPrice, now))
                {
                    periodsMoved = true;
                    if (prorate) RequireWithin(item, at);
                }
                if (prorate && changed) plans.Add(Plan(subscription, item, newPrice, quantity, false));
                if (newPrice.Id != item.PriceId)
                {
                    if (billsUsageSoFar && !reset && MeteredUsage.IsMetered(oldPrice)) usageSoFar.Add((item, oldPrice, oldUsageStart));
                    // The new price counts usage from now to the period's end.
                    item.MeteredFrom = now;
                }
                item.PriceId = newPrice.Id;
                item.Quantity = quantity;
                if (change.Metadata is { } metadata) item.Metadata = metadata.ApplyTo(item.Metadata);
                touched.Add(item);
            }
            else
            {
                var price = await RequireUsableAsync(prices, change.PriceId!, PriceParam(change), subscription.Currency, change.InlinePrice);
                RefuseMeteredQuantity(change, price);
                RefuseOutOfRange(change, price, change.Quantity ?? 1);
                // In a trial the new item's period is the trial, as its other items' are; else the anchor's cycle period
                // around now (counted back from an anchor still to come), from the subscription's start at the earliest.
                var (start, end) = subscription.Status == SubscriptionStatus.Trialing && now < subscription.BillingCycleAnchor
                    ? (subscription.TrialStart ?? now, subscription.BillingCycleAnchor)
                    : BillingPeriods.PeriodAt(subscription.BillingCycleAnchor, price.Interval!, price.IntervalCount ?? 1, now);
                start = Math.Max(start, subscription.StartDate);
                var item = new SubscriptionItem
                {
                    AccountId = billing.AccountId,
                    Id = Ids.New(Ids.SubscriptionItem),
                    Created = now,
                    SubscriptionId = subscription.Id,
                    PriceId = price.Id,
                    Quantity = change.Quantity ?? 1,
                    Position = nextPosition++,
                    CurrentPeriodStart = start,
                    CurrentPeriodEnd = end,
                    // Joining mid-period, a metered price counts the usage from now ("includes usage from January 16").
                    MeteredFrom = now,
                    Metadata = MetadataChange.New(change.Metadata),
                };
                if (prorate)
                {
                    RequireWithin(item, at);
                    plans.Add(Plan(subscription, item, price, item.Quantity, false));
                }
                kept.Add(item);
                store.AddItem(item);
                touched.Add(item);
            }
        }

        if (kept.Count == 0) throw new SubscriptionRefused(SubscriptionRefusal.LastItem, changes.Items.Count == 1 && changes.Items[0].Param.Length == 0 ? null : "items");
        if (kept.Count > Subscription.MaxItems) throw new SubscriptionRefused(SubscriptionRefusal.TooManyItems, "items");
        var duplicate = kept.GroupBy(i => i.PriceId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            // Stripe names the item that already had the price: one that existed before and is not the one moved onto it.
            var moved = changes.Items.Where(c => c.ItemId is not null && c.PriceId is not null).Select(c => c.ItemId).ToHashSet();
            var holder = duplicate.FirstOrDefault(i => items.Contains(i) && !moved.Contains(i.Id)) ?? duplicate.FirstOrDefault(items.Contains);
            throw holder is null
                ? new SubscriptionRefused(SubscriptionRefusal.DuplicatePrice, "plan", duplicate.Key)
                : new SubscriptionRefused(SubscriptionRefusal.PriceInUse, "plan", duplicate.Key, holder.Id);
        }

        var prorations = await CreateProrationsAsync(subscription, plans, at);
        // The next period end is the items' earliest: an item moved to another interval, or the earliest one deleted or
        // an earlier one added (mixed intervals), moves it. A reset reschedules itself; a trial's or a pause's is theirs.
        if (!reset && subscription.Status is not (SubscriptionStatus.Trialing or SubscriptionStatus.Paused)
            && (periodsMoved || kept.Min(i => i.CurrentPeriodEnd) != earliestEnd))
            await RescheduleAsync(subscription, kept);
        foreach (var (item, price, start) in usageSoFar) await UsageSoFarItemAsync(subscription, item, price, start, now);

        Invoice? invoice = null;
        if (reset)
        {
            invoice = await NewCycleAsync(subscription, kept, prices, before, now);
            if (invoice is not null && changes.PaymentBehavior == PaymentBehaviors.ErrorIfIncomplete && invoice.Status != InvoiceStatus.Paid)
                throw new SubscriptionRefused(SubscriptionRefusal.ErrorIfIncomplete, "payment_behavior", "update");
        }
        else if (changes.ProrationBehavior == ProrationBehavior.AlwaysInvoice)
        {
            invoice = await SubscriptionPendingItems.InvoiceNowAsync(billing, subscription);
            if (invoice is not null && changes.PaymentBehavior == PaymentBehaviors.ErrorIfIncomplete && invoice.Status != InvoiceStatus.Paid)
                throw new SubscriptionRefused(SubscriptionRefusal.ErrorIfIncomplete, "payment_behavior", "update");
        }
        return new SubscriptionItemsChanged(prorations, invoice, touched);
    }

    /// <summary>
    /// Whether the change restarts the billing cycle now: only <c>billing_cycle_anchor=now</c> ("Flexible billing mode only
    /// resets your billing cycle anchor on subscription updates when you explicitly set billing_cycle_anchor to a value
    /// other than unchanged … The billing_cycle_anchor is never automatically reset"; an item moving to a price of
    /// another interval takes that interval's period instead: <see cref="MoveToIntervalOf"/>). A trialing or paused
    /// subscription is refused a reset (not built: a trial ends with <c>trial_end=now</c>, a pause with resume's own
    /// <c>billing_cycle_anchor</c>).
    /// </summary>
    private static bool ResetsAnchor(Subscription subscription, SubscriptionItemChanges changes)
    {
        var reset = changes.Anchor == AnchorChange.Now;
        const string cause = "billing_cycle_anchor";
        if (reset && subscription.Status is SubscriptionStatus.Trialing or SubscriptionStatus.Paused)
            throw new SubscriptionRefused(SubscriptionRefusal.AnchorResetNotBuilt, cause, subscription.Status.Wire());
        // A trial added in the same request moves the anchor to its end: a reset now would bill a period the trial credits.
        if (reset && changes.AddsTrial) throw new SubscriptionRefused(SubscriptionRefusal.AnchorWithTrial, "trial_end");
        return reset;
    }

    /// <summary>
    /// The cycle restarts now: the anchor is now, every item's period runs from now for its price's interval, the next
    /// period end is due work instead of the old one, and a new period's invoice (the pending credits first, then one
    /// line per item) is finalized at once (<see cref="SubscriptionInvoices.NewPeriodInvoiceAsync"/>).
    /// </summary>
    private async Task<Invoice?> NewCycleAsync(Subscription subscription, List<SubscriptionItem> kept, Dictionary<string, Price> prices,
        IReadOnlyDictionary<string, (string PriceId, long Start, long End)> before, long now)
    {
        subscription.ResetAnchor(now);
        // An item that was metered before the change bills its usage of the old period so far, under that old price.
        var usageSoFar = new Dictionary<string, (long Start, long End, Price Price)>(StringComparer.Ordinal);
        foreach (var item in kept)
        {
            if (before.TryGetValue(item.Id, out var was) && was.Start < now && was.End > now
                && await PriceAsync(prices, was.PriceId, "items") is var oldPrice && MeteredUsage.IsMetered(oldPrice))
                usageSoFar[item.Id] = (was.Start, now, oldPrice);
            var price = await PriceAsync(prices, item.PriceId, "items");
            (item.CurrentPeriodStart, item.CurrentPeriodEnd) = (now, BillingPeriods.Boundary(now, price.Interval!, price.IntervalCount ?? 1));
        }
        foreach (var kind in new[] { Domain.Scheduling.DueWorkKinds.SubscriptionPeriodEnd, Domain.Scheduling.DueWorkKinds.InvoiceUpcoming })
            await billing.Schedule.RemoveAsync(kind, subscription.Id);
        SubscriptionSchedule.PeriodEnd(billing, subscription, kept, subscription.TestClockId);
        // cancel_at_period_end follows the period: its cancel_at is the new period's end.
        if (subscription.CancelAtPeriodEnd) subscription.CancelAt = kept.Min(i => i.CurrentPeriodEnd);
        return await SubscriptionInvoices.NewPeriodInvoiceAsync(billing, subscription, kept, prices,
            kept.ToDictionary(i => i.Id, i => (i.CurrentPeriodStart, i.CurrentPeriodEnd)), now, usageSoFar);
    }

    /// <summary>
    /// A proration of the item's current period, counted against the full period it belongs to: the item's own, except
    /// the shorter first period up to a billing cycle anchor, which is counted against the anchor's cycle period that
    /// ends with it, as create charged it (<see cref="CreateSubscription"/>: remaining time of that period).
    /// </summary>
    private static ProrationPlan Plan(Subscription subscription, SubscriptionItem item, Price price, long quantity, bool credit)
    {
        var (start, end) = (item.CurrentPeriodStart, item.CurrentPeriodEnd);
        if (subscription.Status != SubscriptionStatus.Trialing && price.Interval is not null)
        {
            var cycle = BillingPeriods.PeriodAt(subscription.BillingCycleAnchor, price.Interval, price.IntervalCount ?? 1, start);
            if (cycle.End == end && cycle.Start < start) start = cycle.Start;
        }
        return new ProrationPlan(item, price, quantity, start, end, credit);
    }

    /// <summary>One proration to make: a credit (unused time) or a charge (remaining time) of an item's price × quantity over [Start, End).</summary>
    public sealed record ProrationPlan(SubscriptionItem Item, Price Price, long Quantity, long Start, long End, bool Credit);

    /// <summary>
    /// Credits the unused time of every item from now to its period end (DELETE /v1/subscriptions/{id} with
    /// <c>prorate=true</c>); the caller holds the customer's and the subscription's locks.
    /// </summary>
    public async Task<List<InvoiceItem>> CreditUnusedTimeAsync(Subscription subscription)
    {
        var now = billing.Now;
        var prices = new Dictionary<string, Price>(StringComparer.Ordinal);
        var plans = new List<ProrationPlan>();
        foreach (var item in await billing.Subscriptions.ItemsAsync(subscription.Id))
        {
            if (!Prorations.Within(item.CurrentPeriodStart, item.CurrentPeriodEnd, now)) continue;
            if (subscription.InFreeFirstPeriod(now)) continue;
            plans.Add(Plan(subscription, item, await PriceAsync(prices, item.PriceId, "prorate"), item.Quantity, true));
        }
        return await CreateProrationsAsync(subscription, plans, now);
    }

    /// <summary>The pending invoice items of <paramref name="plans"/> at <paramref name="at"/>, made in order (credit, then charge).</summary>
    public async Task<List<InvoiceItem>> CreateProrationsAsync(Subscription subscription, IReadOnlyList<ProrationPlan> plans, long at)
    {
        var store = billing.Subscriptions;
        var prorations = new List<InvoiceItem>();
        foreach (var plan in plans)
        {
            // A change at the very end of a period leaves no time to prorate; a metered price is billed by its usage,
            // never prorated ("We don't support proration with usage-based billing").
            if (at >= plan.End || MeteredUsage.IsMetered(plan.Price)) continue;
            var amount = Prorations.Of(plan.Price.PeriodAmount(plan.Quantity), plan.Quantity, plan.Start, plan.End, at, plan.Credit, billedQuantity: 1);
            var product = await store.ProductNameAsync(plan.Price.ProductId) ?? plan.Price.ProductId;
            var attributes = SubscriptionPendingItems.ItemAttributes(subscription.Id, plan.Item.Id, plan.Price);
            attributes[SubscriptionPendingItems.ProrationKey] = true;
            var details = new InvoiceItemDetails(amount.UnitAmountDecimal, amount.Quantity,
                Prorations.Description(plan.Credit, product, plan.Quantity, at),
                // Stripe: discountable "defaults to false for prorations".
                Discountable: false, PeriodStart: at, PeriodEnd: plan.End, Metadata: [], Attributes: attributes);
            prorations.Add(await new CreateInvoiceItem(billing).RunAsync(
                new CreateInvoiceItemCommand(subscription.CustomerId, null, subscription.Currency, null, details)));
            // One insert at a time: the rows' seq is the order the next invoice bills them in (credit, then charge),
            // and one save of several new rows does not keep the order they were added in.
            await store.FlushAsync();
        }
        return prorations;
    }

    /// <summary>
    /// The usage of a metered price removed from <paramref name="item"/> mid-period, [<paramref name="start"/>, now), as
    /// a pending invoice item of the subscription: "With billing_mode=flexible subscriptions, we create an invoice item
    /// that bills for previously reported metered usage when you remove a metered price from a subscription" (the next
    /// invoice bills it; always_invoice, now). Described like the period line it replaces, with its price, transform and
    /// the usage as quantity; not a proration. No usage (none reported, or a trial's): no item.
    /// </summary>
    private async Task UsageSoFarItemAsync(Subscription subscription, SubscriptionItem item, Price price, long start, long now)
    {
        if (start >= now) return;
        var usage = await MeteredUsage.OfAsync(billing, subscription, price, start, now);
        if (usage == 0) return;
        var attributes = SubscriptionPendingItems.ItemAttributes(subscription.Id, item.Id, price);
        InvoiceItem.KeepPriceRules(attributes, price.Transform, price.Tiers);
        var description = await SubscriptionInvoices.PeriodDescriptionAsync(billing, price, usage, price.EffectiveUnitAmount, subscription.Currency);
        var details = new InvoiceItemDetails(price.EffectiveUnitAmount, usage, description, Discountable: true, PeriodStart: start, PeriodEnd: now,
            Metadata: [], Attributes: attributes);
        await new CreateInvoiceItem(billing).RunAsync(new CreateInvoiceItemCommand(subscription.CustomerId, null, subscription.Currency, null, details));
        await billing.Subscriptions.FlushAsync();
    }

    /// <summary>An item of a metered price bills its usage: Stripe refuses a quantity for it.</summary>
    private static void RefuseMeteredQuantity(SubscriptionItemChange change, Price price)
    {
        if (change.Quantity is not null && MeteredUsage.IsMetered(price))
            throw new SubscriptionRefused(SubscriptionRefusal.MeteredQuantity, change.Param.Length == 0 ? "quantity" : $"{change.Param}[quantity]", price.Id);
    }

    private static string ItemsParam(SubscriptionItemChange change) => change.Param.Length == 0 ? "item" : change.Param;

    /// <summary>
    /// An item moving to a price of another interval (outside a trial, whose period is the trial's): its period becomes
    /// that interval's period around now counted from the billing cycle anchor, as a new item's would be (from the
    /// subscription's start at the earliest). The unused time of the old period is credited and the new period charged
    /// from now by the caller's prorations. False when the interval is the same.
    /// </summary>
    private static bool MoveToIntervalOf(Subscription subscription, SubscriptionItem item, Price oldPrice, Price newPrice, long now)
    {
        if (newPrice.Interval is null || (newPrice.Interval == oldPrice.Interval && (newPrice.IntervalCount ?? 1) == (oldPrice.IntervalCount ?? 1)))
            return false;
        if (subscription.Status == SubscriptionStatus.Trialing && now < subscription.BillingCycleAnchor) return false;
        // A paused subscription's periods are set anew when it resumes.
        if (subscription.Status == SubscriptionStatus.Paused) return false;
        var (start, end) = BillingPeriods.PeriodAt(subscription.BillingCycleAnchor, newPrice.Interval, newPrice.IntervalCount ?? 1, now);
        (item.CurrentPeriodStart, item.CurrentPeriodEnd) = (Math.Max(start, subscription.StartDate), end);
        return true;
    }

    /// <summary>
    /// An item's period moved: the next period end (and its <c>invoice.upcoming</c>) is due work again from the items'
    /// periods, and <c>cancel_at_period_end</c>'s <c>cancel_at</c> follows, as after a reset.
    /// </summary>
    private async Task RescheduleAsync(Subscription subscription, List<SubscriptionItem> kept)
    {
        foreach (var kind in new[] { Domain.Scheduling.DueWorkKinds.SubscriptionPeriodEnd, Domain.Scheduling.DueWorkKinds.InvoiceUpcoming })
            await billing.Schedule.RemoveAsync(kind, subscription.Id);
        SubscriptionSchedule.PeriodEnd(billing, subscription, kept, subscription.TestClockId);
        if (subscription.CancelAtPeriodEnd) subscription.CancelAt = kept.Min(i => i.CurrentPeriodEnd);
    }

    /// <summary>A period of the price at the quantity past Stripe's amount limit, as create refuses it (and before any proration's arithmetic).</summary>
    private static void RefuseOutOfRange(SubscriptionItemChange change, Price price, long quantity)
    {
        if (!LineAmounts.WithinLimit(price.PeriodAmount(quantity), 1))
            throw new SubscriptionRefused(SubscriptionRefusal.AmountOutOfRange, change.Param.Length == 0 ? "quantity" : $"{change.Param}[quantity]");
    }

    private static string IdParam(SubscriptionItemChange change) => change.Param.Length == 0 ? "item" : $"{change.Param}[id]";

    private static string PriceParam(SubscriptionItemChange change) => change.Param.Length == 0 ? "price" : $"{change.Param}[price]";

    private static void RequireWithin(SubscriptionItem item, long at)
    {
        if (!Prorations.Within(item.CurrentPeriodStart, item.CurrentPeriodEnd, at))
            throw new SubscriptionRefused(SubscriptionRefusal.ProrationDateOutsidePeriod, "proration_date");
    }

    private async Task<Price> PriceAsync(Dictionary<string, Price> prices, string priceId, string param)
    {
        if (prices.TryGetValue(priceId, out var known)) return known;
        var price = await billing.Subscriptions.PriceAsync(priceId) ?? throw new NotFound("price", priceId, param);
        return prices[priceId] = price;
    }

    /// <summary>A price an item may move to: active (or the change's own inline price), recurring, in the subscription's currency.</summary>
    private async Task<Price> RequireUsableAsync(Dictionary<string, Price> prices, string priceId, string param, string currency, bool inline)
    {
        var price = await PriceAsync(prices, priceId, param);
        if (!price.Active && !inline) throw new SubscriptionRefused(SubscriptionRefusal.PriceInactive, param, price.Id);
        if (price.Type != Price.Recurring || price.Interval is null) throw new SubscriptionRefused(SubscriptionRefusal.PriceNotRecurring, param, price.Id);
        if (price.Currency != currency) throw new SubscriptionRefused(SubscriptionRefusal.CurrencyNotSupported, param, price.Currency, currency);
        return price;
    }
}

/// <param name="SubscriptionId">The subscription of a new item (POST /v1/subscription_items); null: the item's own.</param>
public sealed record ChangeSubscriptionItemCommand(string? SubscriptionId, SubscriptionItemChanges Changes);

/// <summary>
/// POST /v1/subscription_items (create), POST /v1/subscription_items/{item} (update), DELETE …/{item}: one item change
/// of <see cref="UpdateSubscriptionItems"/> on its subscription, locked as POST /v1/subscriptions/{id} locks it
/// (customer, then subscription). Events: the prorations' and always_invoice's, then <c>customer.subscription.updated</c>.
/// </summary>
public sealed class ChangeSubscriptionItem(BillingContext billing)
{
    public async Task<(Subscription Subscription, SubscriptionItemsChanged Changed)> RunAsync(ChangeSubscriptionItemCommand command)
    {
        var change = command.Changes.Items.Single();
        var subscriptionId = command.SubscriptionId;
        if (change.ItemId is { } itemId)
            subscriptionId = (await billing.Subscriptions.FindItemAsync(itemId) ?? throw new NotFound("subscription_item", itemId, "item")).SubscriptionId;
        // Recorded against Stripe: a new item for a canceled subscription answers as if the subscription were missing.
        var subscription = await SubscriptionLocks.LockForChangeAsync(billing, subscriptionId!, "subscription", endedIsMissing: change.ItemId is null,
            ended: SubscriptionRefusal.ItemOfEnded);
        var watch = await billing.Events.WatchSubscriptionAndItemsAsync(subscription);
        var changed = await new UpdateSubscriptionItems(billing).ApplyAsync(subscription, command.Changes);
        await watch.EmitIfChangedAsync();
        return (subscription, changed);
    }
}

/// <summary>How a change that may bill locks its subscription: the customer first, then the subscription (the lock order of <see cref="ISubscriptionStore"/>).</summary>
public static class SubscriptionLocks
{
    /// <param name="ended">The refusal of an ended subscription (unless <paramref name="endedIsMissing"/>): a change of the
    /// subscription, or of one of its items.</param>
    public static async Task<Subscription> LockForChangeAsync(BillingContext billing, string subscriptionId, string param = "id", bool endedIsMissing = false,
        SubscriptionRefusal ended = SubscriptionRefusal.Ended)
    {
        var store = billing.Subscriptions;
        var customerId = await store.CustomerIdAsync(subscriptionId) ?? throw new NotFound("subscription", subscriptionId, param);
        await billing.Invoices.LockCustomerAsync(customerId);
        var subscription = await store.LockAsync(subscriptionId) ?? throw new NotFound("subscription", subscriptionId, param);
        billing.BillFor(subscription.CustomerId);
        if (!SubscriptionStatusMachine.CanCancel(subscription.Status))
            throw endedIsMissing ? new NotFound("subscription", subscriptionId, param)
                : new SubscriptionRefused(ended, null, subscription.Id, subscription.Status.Wire());
        return subscription;
    }

    /// <summary>
    /// The subscription an invoice or invoice item names (<c>subscription</c> on their create), locked after the customer
    /// and invoice: it must be <paramref name="customerId"/>'s, and a <paramref name="currency"/> given must be its own
    /// (refused on <paramref name="currencyParam"/>).
    /// </summary>
    public static async Task<Subscription> LockNamedAsync(BillingContext billing, string subscriptionId, string customerId, string? currency, string currencyParam)
    {
        var subscription = await billing.Subscriptions.LockAsync(subscriptionId) ?? throw new NotFound("subscription", subscriptionId, "subscription");
        if (subscription.CustomerId != customerId)
            throw new SubscriptionRefused(SubscriptionRefusal.OtherCustomer, "subscription", subscription.Id, customerId);
        if (currency is not null && currency != subscription.Currency)
            throw new SubscriptionRefused(SubscriptionRefusal.CurrencyOfSubscription, currencyParam, currency, subscription.Id, subscription.Currency);
        return subscription;
    }
}
