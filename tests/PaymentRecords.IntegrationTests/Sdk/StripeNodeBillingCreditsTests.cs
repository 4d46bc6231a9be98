using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// tests/sdk-node/billing-credits.js: through stripe-node, grants on a test clock customer (paid by default, a
/// promotional one with a lower priority number), the renewal's metered line taking promotional then paid credits,
/// the balance summary and the ledger agreeing, a void giving the credits back, an unused grant voided, one expired.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNodeBillingCreditsTests(ServerFixture fixture)
{
    [NodeSdkFact]
    public async Task Billing_credits_through_stripe_node()
    {
        var (exit, stdout, stderr) = await StripeNodeTests.RunScriptAsync("billing-credits.js", fixture.Server.BaseAddress);
        Assert.True(exit == 0, $"stripe-node billing credits failed:\n{stdout}\n{stderr}");
        Assert.Contains("stripe-node billing credits ok", stdout);
    }
}
