using System.Globalization;

namespace PaymentRecords.Domain.Money;

/// <summary>
/// An amount as Stripe writes it into descriptions ("$1,880.00", "€10.00", "¥1,000"): the currency's symbol as an
/// en-US reader knows it, thousands separators, and the currency's minor digits (more when a decimal unit amount has
/// them). Currencies without a symbol here are written with their code ("CHF 10.00").
/// </summary>
public static class MoneyText
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["usd"] = "$", ["eur"] = "€", ["gbp"] = "£", ["jpy"] = "¥", ["cad"] = "CA$", ["aud"] = "A$", ["nzd"] = "NZ$",
        ["hkd"] = "HK$", ["mxn"] = "MX$", ["brl"] = "R$", ["inr"] = "₹", ["cny"] = "CN¥", ["krw"] = "₩", ["ils"] = "₪",
        ["twd"] = "NT$", ["vnd"] = "₫", ["php"] = "₱",
    };

    /// <param name="minorUnits">The amount in the currency's minor unit (cents), possibly with decimals.</param>
    /// <param name="currency">Lowercase ISO code.</param>
    public static string Format(decimal minorUnits, string currency)
    {
        var digits = Currencies.MinorDigits(currency);
        var major = minorUnits / (decimal)Math.Pow(10, digits);
        // Only as many extra decimals as the amount needs: 0.5¢ is $0.005, a whole cent stays $0.01.
        var scale = Math.Max(digits, DecimalPlaces(major));
        var number = Math.Abs(major).ToString("N" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var sign = major < 0 ? "-" : "";
        return Symbols.TryGetValue(currency, out var symbol) ? $"{sign}{symbol}{number}" : $"{sign}{currency.ToUpperInvariant()} {number}";
    }

    private static int DecimalPlaces(decimal value)
    {
        value /= 1.000000000000000000000000000000000m; // trailing zeros off
        return (decimal.GetBits(value)[3] >> 16) & 0xFF;
    }
}
