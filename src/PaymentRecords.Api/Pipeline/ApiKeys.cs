using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// Test-mode secret or restricted keys authenticate; each distinct key is its own account, identified by a hash
/// of the key (the key itself is never stored).
/// </summary>
public static partial class ApiKeys
{
    [GeneratedRegex("^(sk|rk)_test_[A-Za-z0-9_]{1,247}$")]
    private static partial Regex ValidKey();

    /// <summary>Reads Bearer or Basic (key as user name) credentials; returns the account id or the 401 error.</summary>
    public static (string? AccountId, StripeError? Error) Authenticate(string? authorization)
    {
        var key = ExtractKey(authorization);
        if (string.IsNullOrEmpty(key)) return (null, ErrorCatalog.MissingApiKey());
        if (key.StartsWith("pk_", StringComparison.Ordinal)) return (null, ErrorCatalog.PublishableKey());
        if (!ValidKey().IsMatch(key)) return (null, ErrorCatalog.InvalidApiKey(Mask(key)));
        return (AccountIdFor(key), null);
    }

    public static string AccountIdFor(string key) =>
        "acct_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];

    internal static string? ExtractKey(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization)) return null;
        var space = authorization.IndexOf(' ');
        if (space < 0) return null;
        var scheme = authorization[..space];
        var value = authorization[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return value;
        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            var colon = decoded.IndexOf(':');
            return colon < 0 ? decoded : decoded[..colon];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Stripe shows the key's type prefix, stars for the middle and the last four characters.</summary>
    internal static string Mask(string key)
    {
        var prefixEnd = key.IndexOf('_', key.IndexOf('_') + 1) + 1;
        if (prefixEnd <= 0 || key.Length - prefixEnd <= 4) prefixEnd = Math.Min(3, key.Length);
        var visibleTail = Math.Min(4, Math.Max(0, key.Length - prefixEnd));
        return key[..prefixEnd] + new string('*', key.Length - prefixEnd - visibleTail) + key[^visibleTail..];
    }
}
