using System.Text.Json.Nodes;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Domain.Subscriptions;

/// <summary>A discount on a subscription as it keeps it: the coupon's terms, its duration and, for a repeating one, its end.</summary>
public sealed record SubscriptionDiscount(string Id, decimal? PercentOff, long? AmountOff, string Duration, long? End)
{
    public AppliedDiscount Applied() => new(Id, PercentOff, AmountOff);
}

/// <summary>
/// The subscription's discounts (<c>discounts</c>), kept in <see cref="Attributes"/> in the order applied, and which of
/// them an invoice of the subscription takes (docs/endpoints-coupons.md, "Discounts on a subscription"): "If you set the
/// duration to once, the coupon applies only to the first invoice"; a repeating one "applies to all invoices in the N
/// month period starting when the coupon is first applied"; a forever one to every invoice.
/// </summary>
public sealed partial class Subscription
{
    /// <summary>The <see cref="Attributes"/> key of the discounts: [{id, percent_off, amount_off, duration, end}].</summary>
    public const string DiscountsKey = "discounts";

    public IReadOnlyList<SubscriptionDiscount> Discounts() =>
        Attributes[DiscountsKey] is JsonArray entries
            ? entries.OfType<JsonObject>().Select(e => new SubscriptionDiscount(e["id"]!.GetValue<string>(), e["percent_off"]?.GetValue<decimal>(),
                e["amount_off"]?.GetValue<long>(), e["duration"]!.GetValue<string>(), e["end"]?.GetValue<long>())).ToList()
            : [];

    public void SetDiscounts(IReadOnlyList<SubscriptionDiscount> discounts)
    {
        if (discounts.Count == 0)
        {
            Attributes.Remove(DiscountsKey);
            return;
        }
        Attributes[DiscountsKey] = new JsonArray([.. discounts.Select(d => (JsonNode)new JsonObject
        {
            ["id"] = d.Id, ["percent_off"] = d.PercentOff, ["amount_off"] = d.AmountOff, ["duration"] = d.Duration, ["end"] = d.End,
        })]);
    }

    /// <summary>
    /// The discounts a new invoice of the subscription created at <paramref name="at"/> takes, in order. A repeating one
    /// whose end has come is dropped from the subscription first. A once one goes with the first invoice that bills
    /// the subscription's items (<paramref name="billsItems"/>: its first invoice, a renewal) outside a trial, and
    /// leaves the subscription then, unless <paramref name="preview"/>; other invoices (prorations, a trial's) leave it
    /// for that one.
    /// </summary>
    public IReadOnlyList<AppliedDiscount> TakeDiscounts(long at, bool billsItems, bool preview)
    {
        var all = Discounts();
        if (all.Count == 0) return [];
        var live = all.Where(d => d.End is not { } end || at < end).ToList();
        var inTrial = TrialEnd is { } trialEnd && at < trialEnd;
        var takesOnce = billsItems && !inTrial;
        var taken = live.Where(d => d.Duration != Catalog.Coupon.Once || takesOnce).Select(d => d.Applied()).ToList();
        if (!preview) SetDiscounts(takesOnce ? [.. live.Where(d => d.Duration != Catalog.Coupon.Once)] : live);
        return taken;
    }
}
