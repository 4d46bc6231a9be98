using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Wire;

/// <summary>
/// Bodies are written as Stripe writes them: quotes, backticks and non-ASCII text as themselves in UTF-8, not as
/// <c>\u0027</c>-style escapes (Wire/StripeJson.cs), in responses, stored replays and webhook payloads alike.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class JsonTextTests(ServerFixture fixture)
{
    [Fact]
    public async Task An_error_message_and_a_non_ascii_name_are_written_as_themselves()
    {
        var client = fixture.Client();
        var missing = (await client.GetAsync("/v1/customers/cus_nope")).AssertError(HttpStatusCode.NotFound, "resource_missing");
        Assert.Contains("\"No such customer: 'cus_nope'\"", missing.Raw);

        var created = (await client.PostAsync("/v1/customers", ("name", "Zoë <Ødegård> & `co`"))).AssertOk();
        Assert.Contains("\"name\":\"Zoë <Ødegård> & `co`\"", created.Raw);
        Assert.Equal("Zoë <Ødegård> & `co`", created.Body["name"]!.GetValue<string>());
        var retrieved = (await client.GetAsync($"/v1/customers/{created.Id}")).AssertOk();
        Assert.Contains("\"name\":\"Zoë <Ødegård> & `co`\"", retrieved.Raw);
        // What JSON itself requires is still escaped.
        var quoted = (await client.PostAsync("/v1/customers", ("name", "say \"hi\"\\"))).AssertOk();
        Assert.Contains("\"name\":\"say \\\"hi\\\"\\\\\"", quoted.Raw);
    }
}
