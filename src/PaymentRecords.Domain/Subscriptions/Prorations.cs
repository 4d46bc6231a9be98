using System.Globalization;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Domain.Subscriptions;

/// <summary>One proration: a prorated unit amount (12 decimals, minor units), the item's quantity, and the line amount.</summary>
public readonly record struct ProrationAmount(decimal UnitAmountDecimal, long Quantity, long Amount);

/// <summary>
/// Stripe's proration formula, to the second: for a change at <c>t</c> inside the period [start, end), the unused time
/// of the old price is credited and the remaining time of the new one is charged, each
/// <c>unit amount × quantity × (end − t) / (end − start)</c>. The prorated unit amount keeps 12 decimals
/// (<see cref="LineAmounts.MaxUnitDecimals"/>, what <c>unit_amount_decimal</c> shows); the line amount is that unit ×
/// quantity rounded half away from zero to a whole minor unit (<see cref="LineAmounts.Amount"/>), so the stored item
/// and this computation always agree. A credit is the same computation, negative.
/// </summary>
public static class Prorations
{
    /// <summary>Whether <paramref name="at"/> may prorate the period [start, end] (Stripe: inside the current period).</summary>
    public static bool Within(long periodStart, long periodEnd, long at) => at >= periodStart && at <= periodEnd;

    /// <summary>The remaining-time charge (<paramref name="credit"/> false) or unused-time credit (true) at <paramref name="at"/>.</summary>
    public static ProrationAmount Of(decimal unitAmount, long quantity, long periodStart, long periodEnd, long at, bool credit)
    {
        if (periodEnd <= periodStart) throw new ArgumentOutOfRangeException(nameof(periodEnd), "an empty period");
        if (!Within(periodStart, periodEnd, at)) throw new ArgumentOutOfRangeException(nameof(at), "outside the period");
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        var remaining = (decimal)(periodEnd - at);
        var total = (decimal)(periodEnd - periodStart);
        var unit = Math.Round(unitAmount * remaining / total, LineAmounts.MaxUnitDecimals, MidpointRounding.AwayFromZero);
        if (credit) unit = -unit;
        // Trailing zeros off (1000.000000000000 → 1000): the wire shows the digits that matter, as Stripe's decimals do.
        unit = unit / 1.000000000000000000000000000000000m;
        return new ProrationAmount(unit, quantity, LineAmounts.Amount(unit, quantity));
    }

    /// <summary>
    /// Stripe's proration descriptions: "Unused time on Gold after 16 Nov 2026", "Remaining time on 2 × Gold after
    /// 16 Nov 2026" (the quantity is named when it is not 1; the date is the proration time, UTC).
    /// </summary>
    public static string Description(bool credit, string productName, long quantity, long at)
    {
        var what = quantity == 1 ? productName : $"{quantity.ToString(CultureInfo.InvariantCulture)} × {productName}";
        var date = DateTimeOffset.FromUnixTimeSeconds(at).UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        return $"{(credit ? "Unused" : "Remaining")} time on {what} after {date}";
    }
}
