using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// tests/sdk-node/alerts.js: Stripe's "Set up usage-based alerts" guide through stripe-node: the guide's alert, meter
/// events reaching its threshold, billing.alert.triggered verified by constructEvent in a loopback handler, once per
/// customer; the alert's list, retrieve with expansion, and status moves.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNodeAlertTests(ServerFixture fixture)
{
    [NodeSdkFact]
    public async Task Usage_alerts_guide_through_stripe_node()
    {
        var (exit, stdout, stderr) = await StripeNodeTests.RunScriptAsync("alerts.js", fixture.Server.BaseAddress);
        Assert.True(exit == 0, $"stripe-node alerts failed:\n{stdout}\n{stderr}");
        Assert.Contains("stripe-node alerts ok", stdout);
    }
}
