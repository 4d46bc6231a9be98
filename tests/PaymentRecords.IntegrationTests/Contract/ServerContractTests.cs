using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>Every object type the server returns, validated against Stripe's schema (SOURCE.md's rule).</summary>
[Collection(ServerCollection.Name)]
public sealed class ServerContractTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [ContractFact]
    public async Task Customer_objects_match_the_schema()
    {
        var minimal = (await _client.PostAsync("/v1/customers")).AssertOk();
        ContractAssert.Matches("customer", minimal.Body);
        var full = (await _client.PostAsync("/v1/customers", ("email", "c@example.com"), ("name", "C"), ("phone", "+1"),
            ("description", "d"), ("business_name", "B"), ("individual_name", "I"), ("address[line1]", "l1"),
            ("shipping[name]", "S"), ("shipping[address][city]", "X"), ("invoice_settings[footer]", "f"),
            ("invoice_settings[custom_fields][0][name]", "n"), ("invoice_settings[custom_fields][0][value]", "v"),
            ("invoice_settings[rendering_options][amount_tax_display]", "exclude_tax"),
            ("preferred_locales[0]", "en"), ("tax_exempt", "reverse"), ("balance", "-500"), ("metadata[k]", "v"))).AssertOk();
        ContractAssert.Matches("customer", full.Body);
        ContractAssert.MatchesList("customer", (await _client.GetAsync("/v1/customers")).AssertOk().Body);
        var deleted = (await _client.DeleteAsync($"/v1/customers/{minimal.Id}")).AssertOk();
        ContractAssert.Matches("deleted_customer", deleted.Body);
    }

    [ContractFact]
    public async Task Events_and_errors_match_the_schema()
    {
        var id = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        await _client.PostAsync($"/v1/customers/{id}", ("name", "x"));
        var events = (await _client.GetAsync("/v1/events")).AssertOk();
        ContractAssert.MatchesList("event", events.Body);
        var error = await _client.GetAsync("/v1/customers/cus_missing");
        ContractAssert.Matches("error", error.Body);
        var unknown = await _client.PostAsync("/v1/customers", ("nope", "1"));
        ContractAssert.Matches("error", unknown.Body);
    }
}
