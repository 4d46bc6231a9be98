using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// tests/sdk-node/meters.js: through stripe-node, a meter's lifecycle, meter events (a repeated identifier refused
/// with Stripe's message, also concurrently; the timestamp window), hourly event summaries, and a metered (count)
/// subscription on a test clock: no first invoice (nothing to bill yet), the usage so far in create_preview, the period's usage
/// on the renewal.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNodeMeterTests(ServerFixture fixture)
{
    [NodeSdkFact]
    public async Task Meters_and_usage_billing_through_stripe_node()
    {
        var (exit, stdout, stderr) = await StripeNodeTests.RunScriptAsync("meters.js", fixture.Server.BaseAddress);
        Assert.True(exit == 0, $"stripe-node meters failed:\n{stdout}\n{stderr}");
        Assert.Contains("stripe-node meters ok", stdout);
    }
}
