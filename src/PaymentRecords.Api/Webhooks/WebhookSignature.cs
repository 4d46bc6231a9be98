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
    /// <summary>
    /// The key of the <c>v0</c> signature: Stripe adds a <c>v0</c> to test-mode events, keyed with a secret it never
    /// publishes, so that handlers learn to ignore schemes other than <c>v1</c>. Random per process, so nothing can rely on it.
    /// </summary>
    private static readonly byte[] TestModeV0Key = RandomNumberGenerator.GetBytes(32);

    public static string Header(string secret, string body, long timestamp) => $"t={timestamp},v1={Compute(secret, body, timestamp)}";

    /// <summary>
    /// The header as Stripe sends it for a test-mode event (every event of this server has <c>livemode: false</c>):
    /// <c>t=…,v1=…,v0=…</c>, the <c>v0</c> unverifiable.
    /// </summary>
    public static string TestModeHeader(string secret, string body, long timestamp) =>
        $"{Header(secret, body, timestamp)},v0={Convert.ToHexStringLower(HMACSHA256.HashData(TestModeV0Key, Encoding.UTF8.GetBytes($"{timestamp}.{body}")))}";

    public static string Compute(string secret, string body, long timestamp) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
