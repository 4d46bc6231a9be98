using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Catalog;

/// <summary>
/// A price (<c>price_</c>) of a product: per_unit, optionally with a <see cref="QuantityTransform"/> (package pricing),
/// or tiered (<see cref="PriceTiers"/>, recurring only); licensed, or metered
/// (<see cref="UsageType"/> <c>metered</c>, billed in arrears from the meter <see cref="MeterId"/>).
/// Prices are never deleted through the API (Stripe archives them with active=false).
/// An <see cref="Inline"/> price is made by an invoice item's <c>price_data</c>: archived from the start (no new
/// purchase can name it), not listed by <c>GET /v1/prices</c>, and not one of the "user-created prices" that keep a
/// product from being deleted.
/// </summary>
public sealed class Price : IAccountScoped
{
    public const string OneTime = "one_time";
    public const string Recurring = "recurring";
    public const string Metered = "metered";

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string ProductId { get; init; }
    public bool Active { get; set; } = true;
    /// <summary>Made inline by <c>price_data</c> (see the class summary); never changes.</summary>
    public bool Inline { get; init; }
    public required string Currency { get; init; }
    /// <summary>Minor units; null when the amount has sub-minor-unit precision (only the decimal is set then).</summary>
    public long? UnitAmount { get; init; }
    public decimal? UnitAmountDecimal { get; init; }
    public required string Type { get; init; }
    /// <summary>Recurring prices: day, week, month or year; null for one_time.</summary>
    public string? Interval { get; init; }
    public long? IntervalCount { get; init; }
    public string? UsageType { get; init; }
    /// <summary>The meter (<c>mtr_</c>) whose usage a metered price bills (<c>recurring.meter</c>); null for licensed prices.</summary>
    public string? MeterId { get; init; }
    public string? LookupKey { get; set; }
    public string? Nickname { get; set; }
    public string? TaxBehavior { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public JsonObject Attributes { get; set; } = [];

    /// <summary>The unit amount as a decimal of minor units, whichever way it was given.</summary>
    public decimal EffectiveUnitAmount => UnitAmountDecimal ?? UnitAmount ?? 0;

    /// <summary>Its <c>transform_quantity</c> (package pricing), fixed at create; null when it has none.</summary>
    public QuantityTransform? Transform => QuantityTransform.From(Attributes);

    /// <summary>The quantity this price bills for <paramref name="quantity"/> (the transformed one under a transform).</summary>
    public long BilledQuantity(long quantity) => Transform?.Apply(quantity) ?? quantity;

    /// <summary>Its tiers (<c>billing_scheme=tiered</c>), fixed at create; null for a per_unit price.</summary>
    public PriceTiers? Tiers => PriceTiers.From(Attributes);

    /// <summary>
    /// What <paramref name="quantity"/> costs for a whole period (minor units, exact decimals): the tiers' amount, else
    /// the unit amount × the billed quantity. What a proration takes its share of.
    /// </summary>
    public decimal PeriodAmount(long quantity) => Tiers is { } tiers ? tiers.Amount(quantity) : EffectiveUnitAmount * BilledQuantity(quantity);
}
