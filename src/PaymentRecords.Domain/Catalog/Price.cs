using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Catalog;

/// <summary>
/// A price (<c>price_</c>) of a product: per_unit only (tiers and metered usage are refused until they are built).
/// Prices are never deleted through the API (Stripe archives them with active=false).
/// </summary>
public sealed class Price : IAccountScoped
{
    public const string OneTime = "one_time";
    public const string Recurring = "recurring";

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string ProductId { get; init; }
    public bool Active { get; set; } = true;
    public required string Currency { get; init; }
    /// <summary>Minor units; null when the amount has sub-minor-unit precision (only the decimal is set then).</summary>
    public long? UnitAmount { get; init; }
    public decimal? UnitAmountDecimal { get; init; }
    public required string Type { get; init; }
    /// <summary>Recurring prices: day, week, month or year; null for one_time.</summary>
    public string? Interval { get; init; }
    public long? IntervalCount { get; init; }
    public string? UsageType { get; init; }
    public string? LookupKey { get; set; }
    public string? Nickname { get; set; }
    public string? TaxBehavior { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public JsonObject Attributes { get; set; } = [];

    /// <summary>The unit amount as a decimal of minor units, whichever way it was given.</summary>
    public decimal EffectiveUnitAmount => UnitAmountDecimal ?? UnitAmount ?? 0;
}
