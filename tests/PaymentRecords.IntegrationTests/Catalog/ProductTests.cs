using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Catalog;

[Collection(ServerCollection.Name)]
public sealed class ProductTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [Fact]
    public async Task Create_renders_every_field_and_emits_product_created()
    {
        var p = (await _client.PostAsync("/v1/products", ("name", "Gold plan"), ("description", "Best"), ("tax_code", "txcd_10000000"),
            ("unit_label", "seat"), ("url", "https://example.com/gold"), ("metadata[tier]", "gold"))).AssertOk();
        var b = p.Body;
        Assert.StartsWith("prod_", p.Id);
        Assert.Equal("product", b["object"]!.GetValue<string>());
        Assert.True(b["active"]!.GetValue<bool>());
        Assert.Null(b["default_price"]);
        Assert.Equal("Best", b["description"]!.GetValue<string>());
        Assert.Equal("txcd_10000000", b["tax_code"]!.GetValue<string>());
        Assert.Equal("seat", b["unit_label"]!.GetValue<string>());
        Assert.Equal("https://example.com/gold", b["url"]!.GetValue<string>());
        Assert.Equal("service", b["type"]!.GetValue<string>());
        Assert.Equal("gold", b["metadata"]!["tier"]!.GetValue<string>());
        Assert.Empty(b["images"]!.AsArray());
        var events = (await _client.GetAsync("/v1/events", ("type", "product.created"))).AssertOk().Body;
        Assert.Equal(p.Id, events["data"]![0]!["data"]!["object"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Default_price_data_creates_the_default_price_and_expands()
    {
        var p = (await _client.PostAsync("/v1/products", ("name", "Seat"), ("default_price_data[currency]", "usd"),
            ("default_price_data[unit_amount]", "1500"), ("default_price_data[recurring][interval]", "month"), ("expand[]", "default_price"))).AssertOk();
        var price = p.Body["default_price"]!;
        Assert.Equal("price", price["object"]!.GetValue<string>());
        Assert.Equal(p.Id, price["product"]!.GetValue<string>());
        Assert.Equal(1500, price["unit_amount"]!.GetValue<long>());
        Assert.Equal("recurring", price["type"]!.GetValue<string>());
        Assert.Equal("month", price["recurring"]!["interval"]!.GetValue<string>());
        // Recorded against Stripe: product.created first, already naming its default price, then price.created.
        var events = (await _client.GetAsync("/v1/events", ("limit", "100"))).AssertOk().Body["data"]!.AsArray()
            .Where(e => e!["data"]!["object"]!["id"]!.GetValue<string>() is var id && (id == p.Id || id == price["id"]!.GetValue<string>()))
            .Reverse().ToList();
        Assert.Equal(["product.created", "price.created"], events.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal(price["id"]!.GetValue<string>(), events[0]!["data"]!["object"]!["default_price"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_sets_default_price_and_unsets_with_empty_strings()
    {
        var id = (await _client.PostAsync("/v1/products", ("name", "A"), ("description", "d"), ("url", "https://x"))).AssertOk().Id;
        var price = (await _client.PostAsync("/v1/prices", ("product", id), ("currency", "eur"), ("unit_amount", "100"))).AssertOk().Id;
        var other = (await _client.PostAsync("/v1/prices", ("product_data[name]", "B"), ("currency", "eur"), ("unit_amount", "100"))).AssertOk().Id;
        var updated = (await _client.PostAsync($"/v1/products/{id}", ("default_price", price), ("description", ""), ("url", ""), ("name", "A2"))).AssertOk().Body;
        Assert.Equal(price, updated["default_price"]!.GetValue<string>());
        Assert.Null(updated["description"]);
        Assert.Null(updated["url"]);
        Assert.Equal("A2", updated["name"]!.GetValue<string>());
        (await _client.PostAsync($"/v1/products/{id}", ("default_price", other))).AssertError(HttpStatusCode.BadRequest, param: "default_price");
        (await _client.PostAsync($"/v1/products/{id}", ("default_price", "price_missing"))).AssertError(HttpStatusCode.BadRequest, "resource_missing", "default_price");
        var ev = (await _client.GetAsync("/v1/events", ("type", "product.updated"))).AssertOk().Body["data"]![0]!;
        Assert.Equal("d", ev["data"]!["previous_attributes"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_is_refused_while_the_product_has_prices()
    {
        var id = (await _client.PostAsync("/v1/products", ("name", "A"))).AssertOk().Id;
        (await _client.PostAsync("/v1/prices", ("product", id), ("currency", "usd"), ("unit_amount", "100"))).AssertOk();
        var refused = (await _client.DeleteAsync($"/v1/products/{id}")).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("This product cannot be deleted because it has one or more user-created prices.", refused.ErrorMessage);

        var bare = (await _client.PostAsync("/v1/products", ("name", "B"))).AssertOk().Id;
        var deleted = (await _client.DeleteAsync($"/v1/products/{bare}")).AssertOk();
        Assert.Equal($$"""{"id":"{{bare}}","object":"product","deleted":true}""", deleted.Raw);
        var missing = (await _client.GetAsync($"/v1/products/{bare}")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        Assert.Equal($"No such product: '{bare}'", missing.ErrorMessage);
        var deletedEvent = Assert.Single((await _client.GetAsync("/v1/events", ("type", "product.deleted"))).AssertOk().Body["data"]!.AsArray())!;
        // Recorded against Stripe: the deleted product's snapshot is inactive.
        Assert.False(deletedEvent["data"]!["object"]!["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task List_filters_and_pages()
    {
        var a = (await _client.PostAsync("/v1/products", ("name", "A"), ("active", "false"))).AssertOk().Id;
        var b = (await _client.PostAsync("/v1/products", ("name", "B"), ("type", "good"), ("shippable", "true"))).AssertOk().Id;
        var c = (await _client.PostAsync("/v1/products", ("name", "C"), ("id", "prod_custom_c"))).AssertOk().Id;
        Assert.Equal("prod_custom_c", c);
        (await _client.PostAsync("/v1/products", ("name", "C again"), ("id", "prod_custom_c"))).AssertError(HttpStatusCode.BadRequest, "resource_already_exists", "id");

        var all = (await _client.GetAsync("/v1/products")).AssertOk().Body["data"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()).ToList();
        Assert.Equal([c, b, a], all);
        Assert.Equal([a], Ids(await _client.GetAsync("/v1/products", ("active", "false"))));
        Assert.Equal([b], Ids(await _client.GetAsync("/v1/products", ("type", "good"))));
        Assert.Equal([c, a], Ids(await _client.GetAsync("/v1/products", ("ids[]", a), ("ids[]", c))));
        var page = (await _client.GetAsync("/v1/products", ("limit", "1"), ("starting_after", c))).AssertOk().Body;
        Assert.True(page["has_more"]!.GetValue<bool>());
        Assert.Equal(b, page["data"]![0]!["id"]!.GetValue<string>());
    }

    private static List<string> Ids(StripeResponse r) => r.AssertOk().Body["data"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()).ToList();
}
