using System.Text.Json.Nodes;

namespace PaymentRecords.Domain.Catalog;

/// <summary>
/// A price's <c>transform_quantity</c> (package pricing): "Divide usage by this number", then round the result
/// <c>up</c> or <c>down</c>, before the unit amount applies. Stripe's example: 10 USD an hour, usage reported in
/// minutes, <c>divide_by=60</c>, <c>round=up</c>: 150 minutes bill 3 hours, 30 USD. The line keeps the quantity as
/// given (150); only its amount is of the transformed quantity. Kept under <see cref="Key"/> in the price's attributes,
/// and in those of each line priced with it, so a line's amount can be worked out again from its own row.
/// </summary>
public sealed record QuantityTransform(long DivideBy, string Round)
{
    public const string Up = "up";
    public const string Down = "down";
    public const string Key = "transform_quantity";

    /// <summary>The quantity billed for <paramref name="quantity"/> (non-negative).</summary>
    public long Apply(long quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        var whole = quantity / DivideBy;
        return Round == Up && quantity % DivideBy != 0 ? whole + 1 : whole;
    }

    public JsonObject ToJson() => new() { ["divide_by"] = DivideBy, ["round"] = Round };

    /// <summary>The transform kept under <see cref="Key"/> in <paramref name="attributes"/>; null when there is none.</summary>
    public static QuantityTransform? From(JsonObject attributes) =>
        attributes[Key] is JsonObject o ? new QuantityTransform(o["divide_by"]!.GetValue<long>(), o["round"]!.GetValue<string>()) : null;

    /// <summary>Keeps <paramref name="transform"/> in <paramref name="attributes"/> (null: removes any).</summary>
    public static void Keep(JsonObject attributes, QuantityTransform? transform)
    {
        if (transform is null) attributes.Remove(Key);
        else attributes[Key] = transform.ToJson();
    }
}
