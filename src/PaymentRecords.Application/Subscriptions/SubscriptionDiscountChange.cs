using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// A subscription's <c>discounts</c> set on create or update (docs/endpoints-coupons.md, "Discounts on a subscription"):
/// the list replaces them (empty: none). A coupon makes a new discount (<c>di_…</c>) that starts now, a repeating one
/// ending <c>duration_in_months</c> later, and counts as redeemed (<see cref="InvoiceDiscountChange.ResolveAsync"/>: valid
/// now, an amount-off one in the subscription's currency); <c>discount</c> keeps one of its own. "Updating discounts
/// doesn't incur prorations or generate an invoice on its own": the next invoice takes them
/// (<see cref="Subscription.TakeDiscounts"/>). Lock order: the subscription (the caller's), then the coupons by id.
/// </summary>
public static class SubscriptionDiscountChange
{
    public static async Task SetAsync(BillingContext billing, Subscription subscription, IReadOnlyList<DiscountRequest> requests)
    {
        var current = subscription.Discounts();
        var kept = await InvoiceDiscountChange.ResolveAsync(billing, requests, subscription.Currency, redeem: true,
            reuse: (id, param) => Task.FromResult(current.FirstOrDefault(d => d.Id == id) ?? throw new NotFound("discount", id, param, asInvalidParameter: true)),
            make: coupon =>
            {
                var start = billing.Now;
                long? end = coupon is { Duration: Coupon.Repeating, DurationInMonths: { } months }
                    ? DateTimeOffset.FromUnixTimeSeconds(start).AddMonths(months).ToUnixTimeSeconds()
                    : null;
                var discount = Discount.Of(coupon, subscription.CustomerId, start, subscriptionId: subscription.Id, end: end);
                billing.Catalog.Add(discount);
                return new SubscriptionDiscount(discount.Id, discount.PercentOff, discount.AmountOff, discount.Duration, discount.End);
            },
            idOf: d => d.Id);
        subscription.SetDiscounts(kept);
    }
}

/// <summary>
/// DELETE /v1/subscriptions/{id}/discount: "Removes the currently applied discount on a subscription" — all of its
/// discounts (this API version's <c>discounts</c> list; the endpoint predates it). None is a refusal
/// (<see cref="Catalog.CatalogRefusal.NoDiscount"/>). Events: <c>customer.subscription.updated</c>.
/// </summary>
public sealed class RemoveSubscriptionDiscount(BillingContext billing)
{
    /// <returns>The discounts removed, in order.</returns>
    public async Task<IReadOnlyList<SubscriptionDiscount>> RunAsync(string subscriptionId)
    {
        var subscription = await billing.Subscriptions.LockAsync(subscriptionId) ?? throw new NotFound("subscription", subscriptionId);
        // As any change but its notes: an ended subscription takes none.
        if (!SubscriptionStatusMachine.CanCancel(subscription.Status))
            throw new SubscriptionRefused(SubscriptionRefusal.Ended, null, subscription.Id, subscription.Status.Wire());
        var removed = subscription.Discounts();
        if (removed.Count == 0) throw new Catalog.CatalogRefused(Catalog.CatalogRefusal.NoDiscount, null, subscription.Id);
        var change = await billing.Events.WatchSubscriptionAsync(subscription);
        subscription.SetDiscounts([]);
        change.EmitIfChanged();
        return removed;
    }
}
