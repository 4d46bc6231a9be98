using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Wire;

[Collection(ServerCollection.Name)]
public sealed class EventsTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private async Task<List<JsonObject>> EventsAsync(params (string, string)[] query) =>
        (await _client.GetAsync("/v1/events", query)).AssertOk().Body["data"]!.AsArray().Select(e => e!.AsObject()).ToList();

    [Fact]
    public async Task Customer_lifecycle_writes_created_updated_deleted_with_exact_payloads()
    {
        var key = Guid.NewGuid().ToString();
        var created = (await _client.PostIdempotentAsync("/v1/customers", key, ("email", "e@example.com"), ("name", "Eve"))).AssertOk();
        var id = created.Id;
        await _client.PostAsync($"/v1/customers/{id}", ("name", "Eva"), ("metadata[x]", "1"));
        await _client.PostAsync($"/v1/customers/{id}", ("name", "Eva"));
        await _client.DeleteAsync($"/v1/customers/{id}");

        var events = await EventsAsync();
        Assert.Equal(["customer.deleted", "customer.updated", "customer.created"], events.Select(e => e["type"]!.GetValue<string>()));

        var createdEvent = events[2];
        Assert.StartsWith("evt_", createdEvent["id"]!.GetValue<string>());
        Assert.Equal("event", createdEvent["object"]!.GetValue<string>());
        Assert.Equal("2025-10-29.clover", createdEvent["api_version"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(created.Body, createdEvent["data"]!["object"]));
        Assert.Equal(created.Header("Request-Id"), createdEvent["request"]!["id"]!.GetValue<string>());
        Assert.Equal(key, createdEvent["request"]!["idempotency_key"]!.GetValue<string>());

        var updated = events[1];
        Assert.Equal("""{"metadata":{"x":null},"name":"Eve"}""", Sorted(updated["data"]!["previous_attributes"]!));
        Assert.Equal("Eva", updated["data"]!["object"]!["name"]!.GetValue<string>());

        Assert.Equal(id, events[0]["data"]!["object"]!["id"]!.GetValue<string>());
        var one = (await _client.GetAsync($"/v1/events/{events[0]["id"]}")).AssertOk();
        Assert.True(JsonNode.DeepEquals(events[0], one.Body));
    }

    private static string Sorted(JsonNode node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"\"{kv.Key}\":{(kv.Value is null ? "null" : Sorted(kv.Value))}")) + "}",
        _ => node.ToJsonString(),
    };

    [Fact]
    public async Task Type_filters_support_wildcards_and_lists_but_not_both()
    {
        var id = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        await _client.PostAsync($"/v1/customers/{id}", ("name", "n"));
        Assert.Equal(2, (await EventsAsync(("type", "customer.*"))).Count);
        Assert.Single(await EventsAsync(("type", "customer.updated")));
        Assert.Equal(2, (await EventsAsync(("types[]", "customer.created"), ("types[]", "customer.updated"))).Count);
        Assert.Empty(await EventsAsync(("type", "invoice.*")));
        // An underscore in the prefix is a character, not LIKE's wildcard left unescaped or escaped into nothing.
        (await _client.PostAsync("/v1/test_helpers/test_clocks", ("frozen_time", "1801353600"))).AssertOk();
        Assert.Single(await EventsAsync(("type", "test_helpers.test_clock.*")));
        Assert.Single(await EventsAsync(("type", "test_helpers.*")));
        (await _client.GetAsync("/v1/events", ("type", "customer.created"), ("types[0]", "customer.updated"))).AssertError(HttpStatusCode.BadRequest);
        var tooMany = Enumerable.Range(0, 21).Select(i => ("types[]", $"t{i}")).ToArray();
        (await _client.GetAsync("/v1/events", tooMany)).AssertError(HttpStatusCode.BadRequest, param: "types");
        (await _client.GetAsync("/v1/events/evt_nope")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
    }
}
