using System.Text.Json.Nodes;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Domain.Catalog;

namespace PaymentRecords.Api.Coupons;

/// <summary>The coupon object exactly as Stripe shapes it (<c>applies_to</c> and <c>currency_options</c> only when expanded).</summary>
public static class CouponRenderer
{
    public const string ObjectType = "coupon";

    /// <summary>The coupon; <c>valid</c> is judged at <paramref name="now"/> (a coupon past its <c>redeem_by</c> is no longer valid).</summary>
    public static JsonObject Render(Coupon c, long now) => new()
    {
        ["id"] = c.Id,
        ["object"] = ObjectType,
        ["amount_off"] = c.AmountOff,
        ["created"] = c.Created,
        ["currency"] = c.Currency,
        ["duration"] = c.Duration,
        ["duration_in_months"] = c.DurationInMonths,
        ["livemode"] = false,
        ["max_redemptions"] = c.MaxRedemptions,
        ["metadata"] = Shapes.Metadata(c.Metadata),
        ["name"] = c.Name,
        ["percent_off"] = c.PercentOff is { } percent ? JsonValue.Create(AsFloat(percent)) : null,
        ["redeem_by"] = c.RedeemBy,
        ["times_redeemed"] = c.TimesRedeemed,
        ["valid"] = c.ValidAt(now),
    };

    /// <summary><c>expand[]=applies_to</c>: the products it is limited to (none listed: it applies to every product).</summary>
    public static JsonObject AppliesTo(Coupon c) => new()
    {
        ["products"] = new JsonArray((c.AppliesToProducts ?? []).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
    };

    /// <summary>
    /// <c>expand[]=currency_options</c>: an amount-off coupon's amount in its own currency (the only currency it has
    /// here, since <c>currency_options</c> is not taken); a percent-off coupon has none.
    /// </summary>
    public static JsonObject CurrencyOptions(Coupon c) => c is { AmountOff: { } amount, Currency: { } currency }
        ? new JsonObject { [currency] = new JsonObject { ["amount_off"] = amount } }
        : [];

    public static JsonObject Deleted(string id) => new() { ["id"] = id, ["object"] = ObjectType, ["deleted"] = true };

    /// <summary>Stripe writes percent_off as a float: 25 is <c>25.0</c>, 25.50 is <c>25.5</c>.</summary>
    public static decimal AsFloat(decimal percent)
    {
        var normalized = percent / 1.000000000000000000000000000000000m;
        return normalized.Scale == 0 ? normalized + 0.0m : normalized;
    }
}
