using System.Globalization;
using PaymentRecords.Domain.Money;

namespace PaymentRecords.Domain.Subscriptions;

/// <summary>
/// Stripe's description of a subscription item's line for a billing period (a proration's is
/// <see cref="Prorations.Description"/>).
/// </summary>
public static class LineDescriptions
{
    /// <summary>
    /// "1 × Gold (at $20.00 / month)", "3 × Seats (at $900.00 / every 3 months)": the quantity (always named), the
    /// product, the unit amount and the price's interval.
    /// </summary>
    /// <remarks>
    /// Under a quantity transform (<paramref name="divideBy"/>, package pricing) the unit amount is a package's:
    /// "3000 × Tokens (at $0.04 per 1000 units / month)" (our wording; Stripe's for package lines is not recorded).
    /// </remarks>
    /// <remarks>
    /// A tiered price's line names the tier the quantity reached (<paramref name="tier"/>, 1-based) and its unit amount:
    /// "3000 × Usage (Tier 2 at $0.04 / month)".
    /// </remarks>
    public static string Period(long quantity, string productName, decimal unitAmount, string currency, string interval, long intervalCount,
        long? divideBy = null, int? tier = null)
    {
        var every = intervalCount == 1 ? interval : $"every {intervalCount.ToString(CultureInfo.InvariantCulture)} {interval}s";
        var package = divideBy is { } size ? $" per {size.ToString(CultureInfo.InvariantCulture)} units" : "";
        var at = tier is { } n ? $"Tier {n.ToString(CultureInfo.InvariantCulture)} at" : "at";
        return $"{quantity.ToString(CultureInfo.InvariantCulture)} × {productName} ({at} {MoneyText.Format(unitAmount, currency)}{package} / {every})";
    }

    /// <summary>A trial's $0 line: "Free trial for 1 × Gold" (recorded against Stripe).</summary>
    public static string Trial(long quantity, string productName) =>
        $"Free trial for {quantity.ToString(CultureInfo.InvariantCulture)} × {productName}";
}
