using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>webhook_endpoint (with and without its secret) and deleted_webhook_endpoint against the spec's schemas.</summary>
[Collection(ServerCollection.Name)]
public sealed class WebhookEndpointContractTests(ServerFixture fixture)
{
    [Fact]
    public async Task Webhook_endpoints_match_the_schema()
    {
        var c = fixture.Client();
        var minimal = (await c.PostAsync("/v1/webhook_endpoints", ("url", "http://127.0.0.1:9/contract"), ("enabled_events[]", "*"))).AssertOk();
        ContractAssert.Matches("webhook_endpoint", minimal.Body);
        var full = (await c.PostAsync("/v1/webhook_endpoints", ("url", "https://example.com/contract"), ("enabled_events[]", "invoice.paid"),
            ("enabled_events[]", "invoice.payment_attempt_required"), ("api_version", "2025-10-29.clover"), ("description", "d"),
            ("metadata[k]", "v"), ("connect", "false"))).AssertOk();
        ContractAssert.Matches("webhook_endpoint", full.Body);
        ContractAssert.Matches("webhook_endpoint", (await c.GetAsync($"/v1/webhook_endpoints/{full.Id}")).AssertOk().Body);
        ContractAssert.Matches("webhook_endpoint", (await c.PostAsync($"/v1/webhook_endpoints/{full.Id}", ("disabled", "true"))).AssertOk().Body);
        ContractAssert.MatchesList("webhook_endpoint", (await c.GetAsync("/v1/webhook_endpoints")).AssertOk().Body);
        ContractAssert.Matches("deleted_webhook_endpoint", (await c.DeleteAsync($"/v1/webhook_endpoints/{minimal.Id}")).AssertOk().Body);
    }
}
