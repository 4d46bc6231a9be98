using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// tests/sdk-node/test-clock-renewals.js: through stripe-node, a year of monthly renewals on a test clock (12 invoices
/// with the month ends), and the third-party-processor guide past the first payment (renewal finalized →
/// invoice.payment_attempt_required verified by a loopback handler → failed attempt → past_due → a new attempt on the
/// same record → paid → active); tests/sdk-node/test-clock-lifecycle.js: an unanswered attempt failing at the retry →
/// past_due → paid → active, retries run out → canceled, incomplete → incomplete_expired, a trial → its first paid
/// invoice, cancel at period end.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNodeTestClockTests(ServerFixture fixture)
{
    [NodeSdkFact]
    public async Task Test_clock_renewals_through_stripe_node()
    {
        var (exit, stdout, stderr) = await StripeNodeTests.RunScriptAsync("test-clock-renewals.js", fixture.Server.BaseAddress);
        Assert.True(exit == 0, $"stripe-node test clock renewals failed:\n{stdout}\n{stderr}");
        Assert.Contains("stripe-node test clock renewals ok", stdout);
    }

    [NodeSdkFact]
    public async Task Retries_expiry_trials_and_cancel_at_period_end_through_stripe_node()
    {
        var (exit, stdout, stderr) = await StripeNodeTests.RunScriptAsync("test-clock-lifecycle.js", fixture.Server.BaseAddress);
        Assert.True(exit == 0, $"stripe-node test clock lifecycle failed:\n{stdout}\n{stderr}");
        Assert.Contains("stripe-node test clock lifecycle ok", stdout);
    }
}
