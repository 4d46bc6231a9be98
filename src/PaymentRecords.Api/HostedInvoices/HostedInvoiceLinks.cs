using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PaymentRecords.Api.HostedInvoices;

/// <summary>
/// The links a finalized invoice is published at, in Stripe's shapes: <c>hosted_invoice_url</c>
/// <c>{base}/i/{acct}/test_{token}?s=ap</c> and <c>invoice_pdf</c> <c>{base}/invoice/{acct}/test_{token}/pdf?s=ap</c>.
/// The token is the account and invoice ids, base64url-encoded, as Stripe's token carries the account: it is an
/// address, not a secret (anyone who has the invoice id and the link's form can read the page; a local tool).
/// The base is <c>PaymentRecords:PublicUrl</c> when set, else the address this server listens on (a wildcard host
/// read as 127.0.0.1), else <see cref="Hosting.PaymentRecordsApp.DefaultUrl"/>.
/// </summary>
public sealed class HostedInvoiceLinks(Func<string> resolveBase)
{
    private const string TokenPrefix = "test_";
    private string? _base;

    /// <summary>Read on first use (the server is listening by then, so a port chosen at start is known).</summary>
    public string Base => _base ??= resolveBase();

    /// <summary>The server's links: <c>PaymentRecords:PublicUrl</c>, else where <paramref name="server"/> listens.</summary>
    public static HostedInvoiceLinks For(IConfiguration configuration, IServer server) => new(() => ResolveBase(configuration, server));

    public (string HostedInvoiceUrl, string InvoicePdf) For(string accountId, string invoiceId)
    {
        var token = Token(accountId, invoiceId);
        return ($"{Base}/i/{accountId}/{token}?s=ap", $"{Base}/invoice/{accountId}/{token}/pdf?s=ap");
    }

    /// <summary><c>test_</c> and base64url("{acct},{invoice}").</summary>
    public static string Token(string accountId, string invoiceId) =>
        TokenPrefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{accountId},{invoiceId}"));

    /// <summary>The invoice id a link's token names under <paramref name="accountId"/>; null for anything else.</summary>
    public static string? InvoiceIdOf(string accountId, string token)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 200) return null;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token.AsSpan(TokenPrefix.Length));
        }
        catch (FormatException)
        {
            return null;
        }
        var parts = Encoding.UTF8.GetString(bytes).Split(',');
        return parts is [var account, var invoice] && account == accountId && invoice.StartsWith("in_", StringComparison.Ordinal) ? invoice : null;
    }

    private static string ResolveBase(IConfiguration configuration, IServer server)
    {
        if (configuration["PaymentRecords:PublicUrl"] is { Length: > 0 } configured) return configured.TrimEnd('/');
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0"), UriKind.Absolute, out var uri))
            return Hosting.PaymentRecordsApp.DefaultUrl;
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port).Uri.ToString().TrimEnd('/');
    }
}
