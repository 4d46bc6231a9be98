using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PaymentRecords.Api.HostedInvoices;

/// <summary>
/// The links a finalized invoice is published at, in Stripe's shapes: <c>hosted_invoice_url</c>
/// <c>{base}/i/{acct}/test_{token}?s=ap</c> and <c>invoice_pdf</c> <c>{base}/invoice/{acct}/test_{token}/pdf?s=ap</c>.
/// The token is the account and invoice ids, base64url-encoded, as Stripe's token carries the account: it is an
/// address, not a secret (anyone who has the invoice id and the link's form can read the page; a local tool).
/// Finalize stores them for good, as Stripe's never change, so the base must be known before the first one: it is
/// <c>PaymentRecords:PublicUrl</c> when set, else the configured listen address (<c>urls</c>), else the address the
/// server is bound to (a port chosen at start), else <see cref="Hosting.PaymentRecordsApp.DefaultUrl"/>; a wildcard
/// host reads as 127.0.0.1.
/// </summary>
public sealed partial class HostedInvoiceLinks(Func<string?> resolveBase)
{
    private const string TokenPrefix = "test_";
    private string? _base;

    /// <summary>Resolved on first use and kept once known; until then (a port still to be chosen) the default.</summary>
    public string Base => _base ?? (_base = resolveBase()) ?? Hosting.PaymentRecordsApp.DefaultUrl;

    /// <summary>The server's links: <c>PaymentRecords:PublicUrl</c>, else where it listens.</summary>
    public static HostedInvoiceLinks For(IConfiguration configuration, IServer server) => new(() => ResolveBase(configuration, server));

    public (string HostedInvoiceUrl, string InvoicePdf) For(string accountId, string invoiceId)
    {
        var token = Token(accountId, invoiceId);
        return ($"{Base}{PagePath(accountId, token)}", $"{Base}{PdfPath(accountId, token)}");
    }

    public static string PagePath(string accountId, string token) => $"/i/{accountId}/{token}?s=ap";

    public static string PdfPath(string accountId, string token) => $"/invoice/{accountId}/{token}/pdf?s=ap";

    /// <summary><c>test_</c> and base64url("{acct},{invoice}").</summary>
    public static string Token(string accountId, string invoiceId) =>
        TokenPrefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{accountId},{invoiceId}"));

    [GeneratedRegex("^acct_[0-9a-f]{32},in_[0-9A-Za-z]{1,64}$")]
    private static partial Regex TokenText();

    /// <summary>The invoice id a link's token names under <paramref name="accountId"/>; null for anything else.</summary>
    public static string? InvoiceIdOf(string accountId, string token)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 200) return null;
        string text;
        try
        {
            text = StrictUtf8.GetString(Base64Url.DecodeFromChars(token.AsSpan(TokenPrefix.Length)));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return null;
        }
        // Only ids of the shapes this server makes reach the database (a NUL would be refused by PostgreSQL).
        if (!TokenText().IsMatch(text)) return null;
        var comma = text.IndexOf(',');
        return text[..comma] == accountId ? text[(comma + 1)..] : null;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The configured base or listen address; null while the only address is a port still to be chosen.</summary>
    private static string? ResolveBase(IConfiguration configuration, IServer server)
    {
        if (configuration["PaymentRecords:PublicUrl"] is { Length: > 0 } configured) return configured.TrimEnd('/');
        var listen = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"])?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        return FirstUsable(listen) ?? FirstUsable(bound);
    }

    /// <summary>The first http(s) address with a fixed port, its wildcard host read as 127.0.0.1; unix sockets are skipped.</summary>
    private static string? FirstUsable(IEnumerable<string>? addresses)
    {
        foreach (var address in addresses ?? [])
        {
            var normalized = address.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0");
            if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Port == 0) continue;
            if (normalized.Contains("://unix:", StringComparison.Ordinal)) continue;
            var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
            return new UriBuilder(uri.Scheme, host, uri.Port).Uri.ToString().TrimEnd('/');
        }
        return null;
    }
}
