using System.Globalization;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Domain.Subscriptions;

/// <summary>One proration: a prorated unit amount (12 decimals, minor units), the item's quantity, and the line amount.</summary>
public readonly record struct ProrationAmount(decimal UnitAmountDecimal, long Quantity, long Amount);

/// <summary>
/// Stripe's proration formula, to the second: for a change at <c>t</c> inside the period [start, end), the unused time
/// of the old price is credited and the remaining time of the new one is charged, each
/// <c>unit amount × quantity × (end − t) / (end − start)</c>, rounded down to a whole minor unit (toward negative
/// infinity, so a credit of 2.5 is −3): recorded against Stripe, 10.00 → 18.00 at 1/400 of the period credits −3 and
/// charges 4; a third of 10.00 → 20.00 credits −334 and charges 666. The stored unit amount is that amount ÷ quantity
/// to 12 decimals (<see cref="LineAmounts.MaxUnitDecimals"/>), so <see cref="LineAmounts.Amount"/> gives the amount
/// back; Stripe shows no unit amount for a proration (<c>pricing.unit_amount_decimal</c> null).
/// </summary>
public static class Prorations
{
    /// <summary>Whether <paramref name="at"/> may prorate the period [start, end] (Stripe: inside the current period).</summary>
    public static bool Within(long periodStart, long periodEnd, long at) => at >= periodStart && at <= periodEnd;

    /// <summary>
    /// The remaining-time charge (<paramref name="credit"/> false) or unused-time credit (true) at <paramref name="at"/>.
    /// <paramref name="billedQuantity"/>: what a price's quantity transform makes of <paramref name="quantity"/> (8 seats
    /// in packs of 5 bill 2 packs); the amount is of it, the line keeps the quantity (its unit amount is amount ÷ quantity).
    /// </summary>
    public static ProrationAmount Of(decimal unitAmount, long quantity, long periodStart, long periodEnd, long at, bool credit, long? billedQuantity = null)
    {
        if (periodEnd <= periodStart) throw new ArgumentOutOfRangeException(nameof(periodEnd), "an empty period");
        if (!Within(periodStart, periodEnd, at)) throw new ArgumentOutOfRangeException(nameof(at), "outside the period");
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        var remaining = (decimal)(periodEnd - at);
        var total = (decimal)(periodEnd - periodStart);
        var exact = unitAmount * (billedQuantity ?? quantity) * remaining / total;
        var amount = (long)Math.Floor(credit ? -exact : exact);
        var unit = quantity == 0 ? 0m : Math.Round((decimal)amount / quantity, LineAmounts.MaxUnitDecimals, MidpointRounding.AwayFromZero);
        // Past about 10^12 units 12 decimals no longer give the amount back: the line rule decides then, as for any line.
        if (LineAmounts.Amount(unit, quantity) != amount) amount = LineAmounts.Amount(unit, quantity);
        // Trailing zeros off (1000.000000000000 → 1000), as Stripe's decimals show them.
        unit = unit / 1.000000000000000000000000000000000m;
        return new ProrationAmount(unit, quantity, amount);
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
