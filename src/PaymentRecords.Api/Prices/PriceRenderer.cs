using System.Text.Json.Nodes;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Api.Prices;

/// <summary>The price object exactly as Stripe shapes it (per_unit or tiered; a metered price names its meter in recurring.meter; package pricing in transform_quantity).</summary>
public static class PriceRenderer
{
    public static JsonObject Render(Price p)
    {
        // The price's rules live in its attributes: read once per rendering.
        var tiers = p.Tiers;
        return new JsonObject
        {
            ["id"] = p.Id,
            ["object"] = "price",
            ["active"] = p.Active,
            ["billing_scheme"] = tiers is null ? "per_unit" : "tiered",
            ["created"] = p.Created,
            ["currency"] = p.Currency,
            ["custom_unit_amount"] = null,
            ["livemode"] = false,
            ["lookup_key"] = p.LookupKey,
            ["metadata"] = Shapes.Metadata(p.Metadata),
            ["nickname"] = p.Nickname,
            ["product"] = p.ProductId,
            ["recurring"] = p.Type == Price.Recurring
                ? new JsonObject
                {
                    ["interval"] = p.Interval,
                    ["interval_count"] = p.IntervalCount ?? 1,
                    ["meter"] = p.MeterId,
                    ["trial_period_days"] = p.Attributes["trial_period_days"]?.DeepClone(),
                    ["usage_type"] = p.UsageType ?? "licensed",
                }
                : null,
            ["tax_behavior"] = p.TaxBehavior ?? "unspecified",
            // tiers themselves only when expanded (an includable: PricesApi.IncludeTiersAsync).
            ["tiers_mode"] = tiers?.Mode,
            ["transform_quantity"] = p.Transform?.ToJson(),
            ["type"] = p.Type,
            ["unit_amount"] = p.UnitAmount,
            ["unit_amount_decimal"] = tiers is null ? LineAmounts.Format(p.EffectiveUnitAmount) : null,
        };
    }

    /// <summary>
    /// A tiered price's <c>tiers</c> as Stripe renders them (sent only when expanded): each tier's <c>up_to</c> (null for
    /// inf), its amounts as integers when whole (else null) and as decimals, null when not given.
    /// </summary>
    public static JsonArray? Tiers(Price p) => p.Tiers is not { } tiers ? null : new JsonArray(tiers.Tiers.Select(t => (JsonNode)new JsonObject
    {
        ["flat_amount"] = Whole(t.FlatAmount),
        ["flat_amount_decimal"] = t.FlatAmount is { } flat ? LineAmounts.Format(flat) : null,
        ["unit_amount"] = Whole(t.UnitAmount),
        ["unit_amount_decimal"] = t.UnitAmount is { } unit ? LineAmounts.Format(unit) : null,
        ["up_to"] = t.UpTo,
    }).ToArray());

    private static long? Whole(decimal? amount) => amount is { } a && decimal.Truncate(a) == a ? (long)a : null;
}
