using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Search;

/// <summary>GET /v1/{customers,invoices,subscriptions}/search (docs/search.md): Stripe's query language over one account's objects.</summary>
[Collection(ServerCollection.Name)]
public sealed class SearchTests(ServerFixture fixture)
{
    private static List<string> Ids(JsonObject result) => result["data"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).ToList();

    private static async Task<JsonObject> SearchAsync(StripeTestClient client, string resource, string query, params (string, string)[] extra) =>
        (await client.GetAsync($"/v1/{resource}/search", [("query", query), .. extra])).AssertOk().Body;

    [Fact]
    public async Task Customers_are_found_by_email_name_phrase_substring_metadata_created_and_negation()
    {
        var client = fixture.Client();
        var jenny = (await client.PostAsync("/v1/customers", ("email", "Jenny.Rosen@example.com"), ("name", "Jenny Rosen"), ("metadata[plan]", "gold"))).AssertOk().Id;
        var sally = (await client.PostAsync("/v1/customers", ("email", "sally@example.com"), ("name", "Sally Jenkins"), ("metadata[plan]", "silver"))).AssertOk().Id;
        var anon = (await client.PostAsync("/v1/customers")).AssertOk().Id;

        var result = await SearchAsync(client, "customers", "email:'jenny.rosen@example.com'");
        Assert.Equal(("search_result", "/v1/customers/search", false, (JsonNode?)null),
            (result["object"]!.GetValue<string>(), result["url"]!.GetValue<string>(), result["has_more"]!.GetValue<bool>(), result["next_page"]));
        Assert.Equal([jenny], Ids(result));
        Assert.Equal([jenny], Ids(await SearchAsync(client, "customers", "name:\"rosen\"")));
        Assert.Equal([sally, jenny], Ids(await SearchAsync(client, "customers", "name~\"jen\"")));
        Assert.Equal([sally], Ids(await SearchAsync(client, "customers", "metadata['plan']:'silver'")));
        Assert.Equal([anon], Ids(await SearchAsync(client, "customers", "email:null")));
        Assert.Equal([anon, jenny], Ids(await SearchAsync(client, "customers", "-metadata[\"plan\"]:\"silver\"")));
        Assert.Equal([sally, jenny], Ids(await SearchAsync(client, "customers", "metadata['plan']:'gold' OR metadata['plan']:'silver'")));
        Assert.Empty(Ids(await SearchAsync(client, "customers", "metadata['plan']:'gold' and name:'sally'")));
        Assert.Equal([anon, sally, jenny], Ids(await SearchAsync(client, "customers", "created>0")));
    }

    [Fact]
    public async Task Pages_follow_next_page_and_total_count_comes_with_its_expansion()
    {
        var client = fixture.Client();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await client.PostAsync("/v1/customers", ("metadata[batch]", "b1"))).AssertOk().Id);
        ids.Reverse();

        var first = await SearchAsync(client, "customers", "metadata['batch']:'b1'", ("limit", "2"), ("expand[]", "total_count"));
        Assert.Equal(ids[..2], Ids(first));
        Assert.Equal((true, 5L), (first["has_more"]!.GetValue<bool>(), first["total_count"]!.GetValue<long>()));
        var second = await SearchAsync(client, "customers", "metadata['batch']:'b1'", ("limit", "2"), ("page", first["next_page"]!.GetValue<string>()));
        Assert.Equal(ids[2..4], Ids(second));
        Assert.Null(second["total_count"]);
        var last = await SearchAsync(client, "customers", "metadata['batch']:'b1'", ("limit", "2"), ("page", second["next_page"]!.GetValue<string>()));
        Assert.Equal(ids[4..], Ids(last));
        Assert.Equal((false, (JsonNode?)null), (last["has_more"]!.GetValue<bool>(), last["next_page"]));
    }

    [Fact]
    public async Task Invoices_and_subscriptions_are_found_by_their_fields()
    {
        var client = fixture.Client();
        var customer = (await client.PostAsync("/v1/customers")).AssertOk().Id;
        var open = (await client.PostAsync("/v1/invoices", ("customer", customer), ("metadata[order]", "42"))).AssertOk().Id;
        (await client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", open), ("amount", "1500"), ("currency", "usd"))).AssertOk();
        (await client.PostAsync($"/v1/invoices/{open}/finalize")).AssertOk();
        var draft = (await client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;

        Assert.Equal([open], Ids(await SearchAsync(client, "invoices", $"customer:'{customer}' AND status:'open'")));
        Assert.Equal([open], Ids(await SearchAsync(client, "invoices", "total>=1500")));
        Assert.Equal([draft], Ids(await SearchAsync(client, "invoices", "-metadata['order']:'42'")));
        Assert.Equal([draft, open], Ids(await SearchAsync(client, "invoices", "currency:'USD'")));

        var product = (await client.PostAsync("/v1/products", ("name", "Gold"))).AssertOk().Id;
        var price = (await client.PostAsync("/v1/prices", ("product", product), ("unit_amount", "2500"), ("currency", "usd"), ("recurring[interval]", "month"))).AssertOk().Id;
        var subscription = (await client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("payment_behavior", "default_incomplete"), ("metadata[tier]", "gold"))).AssertOk().Id;
        Assert.Equal([subscription], Ids(await SearchAsync(client, "subscriptions", "status:'incomplete' metadata['tier']:'gold'")));
        Assert.Empty(Ids(await SearchAsync(client, "subscriptions", "status:'active'")));
    }

    [Fact]
    public async Task Prices_and_products_are_found_by_their_booleans_tokens_and_strings()
    {
        var client = fixture.Client();
        var gold = (await client.PostAsync("/v1/products", ("name", "Gold plan"), ("metadata[tier]", "1"))).AssertOk().Id;
        var silver = (await client.PostAsync("/v1/products", ("name", "Silver plan"), ("active", "false"))).AssertOk().Id;
        var monthly = (await client.PostAsync("/v1/prices", ("product", gold), ("unit_amount", "2500"), ("currency", "usd"), ("recurring[interval]", "month"), ("lookup_key", "gold_monthly"))).AssertOk().Id;
        var once = (await client.PostAsync("/v1/prices", ("product", gold), ("unit_amount", "900"), ("currency", "eur"))).AssertOk().Id;

        Assert.Equal([gold], Ids(await SearchAsync(client, "products", "active:'true' AND name~'plan'")));
        Assert.Equal([silver], Ids(await SearchAsync(client, "products", "active:false")));
        Assert.Equal([silver, gold], Ids(await SearchAsync(client, "products", "name:'plan'")));
        Assert.Equal([monthly], Ids(await SearchAsync(client, "prices", $"product:'{gold}' AND type:'recurring'")));
        Assert.Equal([once], Ids(await SearchAsync(client, "prices", "currency:'eur'")));
        Assert.Equal([monthly], Ids(await SearchAsync(client, "prices", "lookup_key:'gold_monthly'")));
        (await client.GetAsync("/v1/prices/search", ("query", "active:'maybe'"))).AssertError(HttpStatusCode.BadRequest, param: "query");
    }

    [Fact]
    public async Task Bad_queries_and_pages_are_refused_on_their_parameter()
    {
        var client = fixture.Client();
        var unsupported = await client.GetAsync("/v1/customers/search", ("query", "foo:'bar'"));
        unsupported.AssertError(HttpStatusCode.BadRequest, param: "query");
        Assert.Equal("Field `foo` is an unsupported search field for resource `customers`. See http://stripe.com/docs/search#query-fields-for-customers for a list of supported fields.",
            unsupported.Body["error"]!["message"]!.GetValue<string>());
        foreach (var bad in new[] { "asdf", "email:'unclosed", "email:''", "email:'a' AND", "-", "email:'a\u0000'", "email:'a' AND name:'b' OR phone:'c'", "name~'ab'", "created>'soon'", "email>'a'", "status~'open'" })
        {
            var refused = await client.GetAsync(bad.StartsWith("status", StringComparison.Ordinal) ? "/v1/subscriptions/search" : "/v1/customers/search", ("query", bad));
            refused.AssertError(HttpStatusCode.BadRequest, param: "query");
            Assert.StartsWith("We were unable to parse your search query.", refused.Body["error"]!["message"]!.GetValue<string>());
        }
        (await client.GetAsync("/v1/customers/search", ("query", "email:'a'"), ("page", "not-a-page"))).AssertError(HttpStatusCode.BadRequest, param: "page");
        (await client.GetAsync("/v1/customers/search")).AssertError(HttpStatusCode.BadRequest, "parameter_missing", "query");
    }
}
