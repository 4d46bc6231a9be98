using System.Net;
using PaymentRecords.IntegrationTests.Contract;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Webhooks;

/// <summary>/v1/webhook_endpoints as Stripe answers it.</summary>
[Collection(ServerCollection.Name)]
public sealed class WebhookEndpointsTests(ServerFixture fixture)
{
    [Fact]
    public async Task Create_returns_the_secret_once_and_crud_matches_the_schema()
    {
        var c = fixture.Client();
        var created = (await c.PostAsync("/v1/webhook_endpoints", ("url", "http://127.0.0.1:9/hook"),
            ("enabled_events[]", "customer.created"), ("enabled_events[]", "invoice.paid"), ("description", "d"),
            ("metadata[k]", "v"), ("api_version", "2026-10-28.endive"))).AssertOk().Body;
        ContractAssert.Matches("webhook_endpoint", created);
        var id = created["id"]!.GetValue<string>();
        Assert.StartsWith("we_", id);
        Assert.StartsWith("whsec_", created["secret"]!.GetValue<string>());
        Assert.Equal("enabled", created["status"]!.GetValue<string>());
        Assert.Equal("2026-10-28.endive", created["api_version"]!.GetValue<string>());
        Assert.Equal(["customer.created", "invoice.paid"], created["enabled_events"]!.AsArray().Select(e => e!.GetValue<string>()));

        var retrieved = (await c.GetAsync($"/v1/webhook_endpoints/{id}")).AssertOk().Body;
        ContractAssert.Matches("webhook_endpoint", retrieved);
        Assert.Null(retrieved["secret"]);

        var disabled = (await c.PostAsync($"/v1/webhook_endpoints/{id}", ("disabled", "true"), ("enabled_events[]", "*"),
            ("url", "https://example.com/h"), ("metadata[k]", ""), ("description", ""))).AssertOk().Body;
        ContractAssert.Matches("webhook_endpoint", disabled);
        Assert.Equal("disabled", disabled["status"]!.GetValue<string>());
        Assert.Equal("https://example.com/h", disabled["url"]!.GetValue<string>());
        Assert.Empty(disabled["metadata"]!.AsObject());
        Assert.Null(disabled["description"]);
        Assert.Null(disabled["secret"]);
        Assert.Equal("enabled", (await c.PostAsync($"/v1/webhook_endpoints/{id}", ("disabled", "false"))).AssertOk().Body["status"]!.GetValue<string>());

        var second = (await c.PostAsync("/v1/webhook_endpoints", ("url", "https://example.com/2"), ("enabled_events[]", "*"))).AssertOk().Id;
        var page = (await c.GetAsync("/v1/webhook_endpoints", ("limit", "1"))).AssertOk().Body;
        ContractAssert.MatchesList("webhook_endpoint", page);
        Assert.True(page["has_more"]!.GetValue<bool>());
        Assert.Equal(second, page["data"]![0]!["id"]!.GetValue<string>());
        var next = (await c.GetAsync("/v1/webhook_endpoints", ("starting_after", second))).AssertOk().Body;
        Assert.Equal(id, Assert.Single(next["data"]!.AsArray())!["id"]!.GetValue<string>());

        var deleted = (await c.DeleteAsync($"/v1/webhook_endpoints/{id}")).AssertOk().Body;
        ContractAssert.Matches("deleted_webhook_endpoint", deleted);
        Assert.Equal(3, deleted.Count);
        Assert.True(deleted["deleted"]!.GetValue<bool>());
        (await c.GetAsync($"/v1/webhook_endpoints/{id}")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        (await c.DeleteAsync($"/v1/webhook_endpoints/{id}")).AssertError(HttpStatusCode.NotFound, "resource_missing");
        // Another account sees none of it.
        Assert.Empty((await fixture.Client().GetAsync("/v1/webhook_endpoints")).AssertOk().Body["data"]!.AsArray());
    }

    [Fact]
    public async Task An_account_holds_at_most_16_endpoints_and_a_deleted_one_frees_its_place()
    {
        var c = fixture.Client();
        var ids = new List<string>();
        for (var i = 0; i < 16; i++)
            ids.Add((await c.PostAsync("/v1/webhook_endpoints", ("url", $"https://example.com/hook/{i}"), ("enabled_events[]", "*"))).AssertOk().Id);
        var refused = (await c.PostAsync("/v1/webhook_endpoints", ("url", "https://example.com/hook/16"), ("enabled_events[]", "*")))
            .AssertError(System.Net.HttpStatusCode.BadRequest);
        Assert.Contains("up to 16 webhook endpoints", refused.ErrorMessage);
        (await c.DeleteAsync($"/v1/webhook_endpoints/{ids[0]}")).AssertOk();
        (await c.PostAsync("/v1/webhook_endpoints", ("url", "https://example.com/hook/16"), ("enabled_events[]", "*"))).AssertOk();
    }

    [Fact]
    public async Task Unknown_events_bad_urls_and_versions_are_refused_naming_the_param()
    {
        var c = fixture.Client();
        (await c.PostAsync("/v1/webhook_endpoints", ("url", "http://127.0.0.1:9/h"), ("enabled_events[]", "customer.created"),
            ("enabled_events[]", "customer.exploded"))).AssertError(HttpStatusCode.BadRequest, param: "enabled_events[1]");
        (await c.PostAsync("/v1/webhook_endpoints", ("url", "http://127.0.0.1:9/h"))).AssertError(HttpStatusCode.BadRequest, "parameter_missing", "enabled_events");
        (await c.PostAsync("/v1/webhook_endpoints", ("enabled_events[]", "*"))).AssertError(HttpStatusCode.BadRequest, "parameter_missing", "url");
        (await c.PostAsync("/v1/webhook_endpoints", ("url", "ftp://example.com/h"), ("enabled_events[]", "*")))
            .AssertError(HttpStatusCode.BadRequest, "url_invalid", "url");
        (await c.PostAsync("/v1/webhook_endpoints", ("url", "not a url"), ("enabled_events[]", "*")))
            .AssertError(HttpStatusCode.BadRequest, "url_invalid", "url");
        (await c.PostAsync("/v1/webhook_endpoints", ("url", "http://localhost/h"), ("enabled_events[]", "*"), ("api_version", "clover")))
            .AssertError(HttpStatusCode.BadRequest, param: "api_version");
        var id = (await c.PostAsync("/v1/webhook_endpoints", ("url", "http://localhost/h"), ("enabled_events[]", "*"))).AssertOk().Id;
        (await c.PostAsync($"/v1/webhook_endpoints/{id}", ("enabled_events[]", "nope"))).AssertError(HttpStatusCode.BadRequest, param: "enabled_events[0]");
        (await c.PostAsync($"/v1/webhook_endpoints/{id}", ("url", "mailto:x@example.com"))).AssertError(HttpStatusCode.BadRequest, "url_invalid", "url");
    }
}
