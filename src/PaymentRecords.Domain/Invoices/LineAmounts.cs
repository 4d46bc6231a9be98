using System.Globalization;

namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// Line amounts from a unit amount and a quantity. <c>unit_amount_decimal</c> is kept exactly as given (up to 12
/// decimal places, in minor units); the line amount is unit × quantity rounded half away from zero to a whole
/// minor unit.
/// </summary>
public static class LineAmounts
{
    public const int MaxUnitDecimals = 12;

    /// <summary>round(unit × quantity, half away from zero); throws <see cref="OverflowException"/> past a long.</summary>
    public static long Amount(decimal unitAmountDecimal, long quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        var exact = unitAmountDecimal * quantity;
        return decimal.ToInt64(Math.Round(exact, 0, MidpointRounding.AwayFromZero));
    }

    /// <summary>Whether unit × quantity makes a line amount within Stripe's limit (±<see cref="Money.Currencies.MaxAmount"/>; past a long is not).</summary>
    public static bool WithinLimit(decimal unitAmountDecimal, long quantity)
    {
        try
        {
            return Math.Abs(Amount(unitAmountDecimal, quantity)) <= Money.Currencies.MaxAmount;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// Parses a caller's <c>unit_amount_decimal</c>: an optional minus sign, digits, and at most 12 decimals
    /// ("1500", "0.5", "-12.345678901234"). The returned decimal keeps the given scale, so it prints back as sent.
    /// </summary>
    public static bool TryParseUnitAmount(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 40) return false;
        var body = text[0] == '-' ? text.AsSpan(1) : text.AsSpan();
        var dot = body.IndexOf('.');
        var whole = dot < 0 ? body : body[..dot];
        var fraction = dot < 0 ? ReadOnlySpan<char>.Empty : body[(dot + 1)..];
        if (whole.Length == 0 || (dot >= 0 && fraction.Length == 0) || fraction.Length > MaxUnitDecimals) return false;
        foreach (var c in whole) if (c is < '0' or > '9') return false;
        foreach (var c in fraction) if (c is < '0' or > '9') return false;
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The wire form of a unit amount: exactly the digits that were given (scale preserved).</summary>
    public static string Format(decimal unitAmountDecimal) => unitAmountDecimal.ToString(CultureInfo.InvariantCulture);

    /// <summary>Σ line amounts, checked.</summary>
    public static long Sum(IEnumerable<long> amounts)
    {
        long sum = 0;
        foreach (var a in amounts) sum = checked(sum + a);
        return sum;
    }
}
