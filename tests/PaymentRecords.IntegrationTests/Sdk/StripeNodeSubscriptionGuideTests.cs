using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// tests/sdk-node/subscription-guide.js: the subscription part of Stripe's third-party-processor guide through
/// stripe-node — incomplete with an open first invoice; the synchronous outcome (report guaranteed + attach → paid,
/// active); the asynchronous one (initiated + attach, failed → still incomplete, retried on the same record → paid,
/// active) — with the script's own loopback handler verifying each webhook with constructEvent.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNodeSubscriptionGuideTests(ServerFixture fixture)
{
    [NodeSdkFact]
    public async Task Subscription_guide_through_stripe_node()
    {
        var (exit, stdout, stderr) = await StripeNodeTests.RunScriptAsync("subscription-guide.js", fixture.Server.BaseAddress);
        Assert.True(exit == 0, $"stripe-node subscription guide failed:\n{stdout}\n{stderr}");
        Assert.Contains("stripe-node subscription guide ok", stdout);
    }
}
