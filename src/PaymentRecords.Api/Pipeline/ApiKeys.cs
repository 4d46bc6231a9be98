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

    /// <summary>
    /// <c>acct_</c> and the first 32 hex digits (16 bytes) of the SHA-256 of the key's UTF-8 bytes. Computed on every
    /// request, so into stack buffers: the one string made is the id.
    /// </summary>
    public static string AccountIdFor(string key)
    {
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        Span<byte> utf8 = length <= 1024 ? stackalloc byte[length] : new byte[length];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(key, utf8)], hash);
        Span<char> id = stackalloc char[5 + 32];
        "acct_".CopyTo(id);
        Convert.TryToHexStringLower(hash[..16], id[5..], out _);
        return new string(id);
    }

    internal static string? ExtractKey(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization)) return null;
        var space = authorization.IndexOf(' ');
        if (space < 0) return null;
        var scheme = authorization.AsSpan(0, space);
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return authorization.AsSpan(space + 1).Trim().ToString();
        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return null;
        var value = authorization[(space + 1)..].Trim();
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
