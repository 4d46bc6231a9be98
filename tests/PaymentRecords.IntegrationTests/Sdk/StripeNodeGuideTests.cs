using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// tests/sdk-node/guide.js: Stripe's third-party-processor guide, steps 1–4, through stripe-node, with the script's own
/// loopback webhook handler receiving invoice.payment_attempt_required and invoice.paid (verified by constructEvent).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNodeGuideTests(ServerFixture fixture)
{
    [NodeSdkFact]
    public async Task Third_party_processor_guide_through_stripe_node()
    {
        var (exit, stdout, stderr) = await StripeNodeTests.RunScriptAsync("guide.js", fixture.Server.BaseAddress);
        Assert.True(exit == 0, $"stripe-node guide failed:\n{stdout}\n{stderr}");
        Assert.Contains("stripe-node guide ok", stdout);
    }
}
