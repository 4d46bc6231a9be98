using System.Security.Cryptography;
using System.Text;

namespace PaymentRecords.Api.Webhooks;

/// <summary>
/// Stripe's <c>Stripe-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>, the HMAC keyed with
/// the whole <c>whsec_…</c> string over <c>"{t}.{raw body}"</c> — what stripe-node's <c>webhooks.constructEvent</c>
/// and Stripe.net's <c>EventUtility.ConstructEvent</c> check.
/// </summary>
public static class WebhookSignature
{
    public static string Header(string secret, string body, long timestamp) => $"t={timestamp},v1={Compute(secret, body, timestamp)}";

    public static string Compute(string secret, string body, long timestamp) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
