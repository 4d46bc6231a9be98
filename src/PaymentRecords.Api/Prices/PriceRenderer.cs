using System.Text.Json.Nodes;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Api.Prices;

/// <summary>The price object exactly as Stripe shapes it (per_unit only; a metered price names its meter in recurring.meter; package pricing in transform_quantity).</summary>
public static class PriceRenderer
{
    public static JsonObject Render(Price p) => new()
    {
        ["id"] = p.Id,
        ["object"] = "price",
        ["active"] = p.Active,
        ["billing_scheme"] = "per_unit",
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
        ["tiers_mode"] = null,
        ["transform_quantity"] = p.Transform?.ToJson(),
        ["type"] = p.Type,
        ["unit_amount"] = p.UnitAmount,
        ["unit_amount_decimal"] = LineAmounts.Format(p.EffectiveUnitAmount),
    };
}
