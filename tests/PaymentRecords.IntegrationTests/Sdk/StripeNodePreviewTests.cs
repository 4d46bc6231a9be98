using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// tests/sdk-node/preview.js: Stripe's "Preview an invoice" guide through stripe-node: one-off items previewed for no
/// customer, a new subscription's first invoice with one-off items, and a customer's preview the create then bills.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNodePreviewTests(ServerFixture fixture)
{
    [NodeSdkFact]
    public async Task Preview_an_invoice_guide_through_stripe_node()
    {
        var (exit, stdout, stderr) = await StripeNodeTests.RunScriptAsync("preview.js", fixture.Server.BaseAddress);
        Assert.True(exit == 0, $"stripe-node preview failed:\n{stdout}\n{stderr}");
        Assert.Contains("stripe-node preview ok", stdout);
    }
}
