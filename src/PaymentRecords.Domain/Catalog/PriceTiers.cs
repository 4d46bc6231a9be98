using System.Globalization;
using System.Text.Json.Nodes;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Domain.Catalog;

/// <summary>
/// One tier of a tiered price: the quantities up to and including <see cref="UpTo"/> (null: every quantity above the
/// tier before, Stripe's <c>inf</c>), a unit amount and a flat amount, each in minor units with up to 12 decimals, null
/// when not given (it counts as 0).
/// </summary>
public sealed record PriceTier(long? UpTo, decimal? UnitAmount, decimal? FlatAmount);

/// <summary>
/// A tiered price's <c>tiers</c> and <c>tiers_mode</c> (<c>billing_scheme=tiered</c>). <c>volume</c>: "the maximum
/// quantity within a period determines the per unit price"; <c>graduated</c>: "pricing can successively change as the
/// quantity grows", each tier billing the units that fall in it. A tier's flat amount is billed when a unit falls in
/// it: a quantity of 0 enters no tier and bills nothing (our decision, so a metered line at 0 — a trial's, a first
/// invoice's — bills nothing either). Kept under <see cref="Key"/> in the price's attributes and in those of each line
/// priced with it, as <see cref="QuantityTransform"/> is.
/// </summary>
public sealed record PriceTiers(string Mode, IReadOnlyList<PriceTier> Tiers)
{
    public const string Graduated = "graduated";
    public const string Volume = "volume";
    public const string Key = "tiers";

    /// <summary>The exact amount (minor units, decimals) of <paramref name="quantity"/>.</summary>
    public decimal Amount(long quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        if (quantity == 0) return 0;
        if (Mode == Volume)
        {
            var tier = Tiers[IndexOf(quantity)];
            return (tier.UnitAmount ?? 0) * quantity + (tier.FlatAmount ?? 0);
        }
        decimal total = 0;
        long below = 0;
        foreach (var tier in Tiers)
        {
            var top = tier.UpTo is { } upTo ? Math.Min(quantity, upTo) : quantity;
            var units = top - below;
            if (units <= 0) break;
            total += (tier.UnitAmount ?? 0) * units + (tier.FlatAmount ?? 0);
            below = top;
        }
        return total;
    }

    /// <summary>The line amount of <paramref name="quantity"/>: <see cref="Amount"/> rounded half away from zero.</summary>
    public long LineAmount(long quantity) => (long)Math.Round(Amount(quantity), MidpointRounding.AwayFromZero);

    /// <summary>The tier <paramref name="quantity"/> falls in (the first for 0): volume's price, graduated's last tier reached.</summary>
    public int IndexOf(long quantity)
    {
        for (var i = 0; i < Tiers.Count; i++)
            if (Tiers[i].UpTo is not { } upTo || Math.Max(quantity, 1) <= upTo) return i;
        return Tiers.Count - 1;
    }

    public JsonObject ToJson() => new()
    {
        ["mode"] = Mode,
        ["tiers"] = new JsonArray(Tiers.Select(t => (JsonNode)new JsonObject
        {
            ["up_to"] = t.UpTo,
            ["unit_amount_decimal"] = t.UnitAmount is { } unit ? LineAmounts.Format(unit) : null,
            ["flat_amount_decimal"] = t.FlatAmount is { } flat ? LineAmounts.Format(flat) : null,
        }).ToArray()),
    };

    /// <summary>The tiers kept under <see cref="Key"/> in <paramref name="attributes"/>; null when there are none.</summary>
    public static PriceTiers? From(JsonObject attributes)
    {
        if (attributes[Key] is not JsonObject o) return null;
        var tiers = o["tiers"]!.AsArray().Select(t => new PriceTier(
            t!["up_to"]?.GetValue<long>(), Decimal(t["unit_amount_decimal"]), Decimal(t["flat_amount_decimal"]))).ToList();
        return new PriceTiers(o["mode"]!.GetValue<string>(), tiers);
    }

    /// <summary>Keeps <paramref name="tiers"/> in <paramref name="attributes"/> (null: removes any).</summary>
    public static void Keep(JsonObject attributes, PriceTiers? tiers)
    {
        if (tiers is null) attributes.Remove(Key);
        else attributes[Key] = tiers.ToJson();
    }

    private static decimal? Decimal(JsonNode? node) =>
        node is null ? null : decimal.Parse(node.GetValue<string>(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
