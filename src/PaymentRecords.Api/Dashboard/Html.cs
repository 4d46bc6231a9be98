using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.Domain.Money;

namespace PaymentRecords.Api.Dashboard;

/// <summary>Escaping and the dashboard's formats: money in its currency's minor units, times in UTC for the page's script to localize.</summary>
public static class Html
{
    public static string Text(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static string Attr(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long? Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;

    /// <summary>
    /// An amount in minor units as its currency writes it: 1000 usd → "10.00 USD", 1000 jpy → "1,000 JPY" (zero-decimal),
    /// 1000 kwd → "1.000 KWD". The ISO code rather than a symbol: "$" alone is ambiguous between dollars.
    /// </summary>
    public static string Money(long? amount, string? currency) =>
        amount is null ? "—"
            : $"<span class=\"money\" data-minor=\"{amount.Value.ToString(CultureInfo.InvariantCulture)}\">{Text(MoneyText(amount.Value, currency))}</span>";

    /// <summary><see cref="Money"/> as plain text ("10.00 USD"), for a document that is not HTML.</summary>
    public static string MoneyText(long amount, string? currency)
    {
        var code = (currency ?? "").ToLowerInvariant();
        var digits = Currencies.MinorDigits(code);
        var major = (decimal)amount / (decimal)Math.Pow(10, digits);
        return major.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + code.ToUpperInvariant();
    }

    /// <summary>A Unix time: UTC in the markup and in the title; the page's script rewrites the text into the viewer's zone.</summary>
    public static string Time(long? unix)
    {
        if (unix is null) return "—";
        var utc = DateTimeOffset.FromUnixTimeSeconds(unix.Value).UtcDateTime;
        var iso = utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var shown = utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        return $"<time datetime=\"{iso}\" title=\"{shown}\">{shown}</time>";
    }

    public static string Link(string href, string text) => $"<a href=\"{Attr(href)}\">{Text(text)}</a>";
}
