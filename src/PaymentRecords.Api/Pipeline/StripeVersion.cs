using System.Text.RegularExpressions;

namespace PaymentRecords.Api.Pipeline;

/// <summary>Any dated version is accepted (SDKs pin their own); every answer is shaped as this one.</summary>
public static partial class StripeVersion
{
    public const string Current = "2025-10-29.clover";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(\.[a-z_]+)?$")]
    private static partial Regex Pattern();

    /// <summary>No header, or a real date (not 2025-13-45) with an optional lower-case name.</summary>
    public static bool IsAcceptable(string? header) =>
        string.IsNullOrEmpty(header)
        || (Pattern().IsMatch(header)
            && DateOnly.TryParseExact(header.AsSpan(0, 10), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out _));
}
