using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Wire;

[Collection(ServerCollection.Name)]
public sealed class MetadataTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [Fact]
    public async Task Updates_merge_empty_value_unsets_one_key_and_empty_metadata_clears_all()
    {
        var id = (await _client.PostAsync("/v1/customers", ("metadata[a]", "1"), ("metadata[b]", "2"))).AssertOk().Id;
        var merged = (await _client.PostAsync($"/v1/customers/{id}", ("metadata[c]", "3"), ("metadata[a]", ""))).AssertOk().Body["metadata"]!;
        Assert.Equal("""{"b":"2","c":"3"}""", merged.ToJsonString());
        var cleared = (await _client.PostAsync($"/v1/customers/{id}", ("metadata", ""))).AssertOk().Body["metadata"]!;
        Assert.Equal("{}", cleared.ToJsonString());
    }

    [Fact]
    public async Task Limits_on_keys_and_values()
    {
        var tooMany = Enumerable.Range(0, 51).Select(i => ($"metadata[k{i}]", "v")).ToArray();
        (await _client.PostAsync("/v1/customers", tooMany)).AssertError(HttpStatusCode.BadRequest, param: "metadata");
        (await _client.PostAsync("/v1/customers", (($"metadata[{new string('k', 41)}]"), "v"))).AssertError(HttpStatusCode.BadRequest);
        (await _client.PostAsync("/v1/customers", ("metadata[k]", new string('v', 501)))).AssertError(HttpStatusCode.BadRequest);
        (await _client.PostAsync("/v1/customers", (($"metadata[{new string('k', 40)}]"), new string('v', 500)))).AssertOk();

        var fifty = Enumerable.Range(0, 50).Select(i => ($"metadata[k{i}]", "v")).ToArray();
        var id = (await _client.PostAsync("/v1/customers", fifty)).AssertOk().Id;
        (await _client.PostAsync($"/v1/customers/{id}", ("metadata[one_more]", "v"))).AssertError(HttpStatusCode.BadRequest, param: "metadata");
    }
}
