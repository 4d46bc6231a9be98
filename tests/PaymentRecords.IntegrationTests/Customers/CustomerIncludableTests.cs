using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Customers;

/// <summary>
/// The fields Stripe sends only when expanded — <c>customer.tax_ids|sources|subscriptions|cash_balance</c> and
/// <c>invoice.confirmation_secret</c> — wherever the object appears: retrieve, create, update, lists, nested.
/// Their shapes against Stripe's schema: <c>ServerContractTests.Includables_match_the_schema</c>.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CustomerIncludableTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private static readonly (string, string)[] AllIncludables =
        [("expand[]", "tax_ids"), ("expand[]", "sources"), ("expand[]", "subscriptions"), ("expand[]", "cash_balance")];

    private static string Str(JsonNode? n) => n!.GetValue<string>();

    private Task<StripeResponse> CreateWithTaxIdsAsync(params (string, string)[] extra) =>
        _client.PostAsync("/v1/customers", [("email", "tax@example.com"),
            ("tax_id_data[0][type]", "eu_vat"), ("tax_id_data[0][value]", "DE123456789"),
            ("tax_id_data[1][type]", "us_ein"), ("tax_id_data[1][value]", "12-3456789"), .. extra]);

    [Fact]
    public async Task Retrieve_includes_each_field_only_when_expanded()
    {
        var id = (await CreateWithTaxIdsAsync()).AssertOk().Id;
        var plain = (await _client.GetAsync($"/v1/customers/{id}")).AssertOk().Body;
        foreach (var field in new[] { "tax_ids", "sources", "subscriptions", "cash_balance" }) Assert.False(plain.ContainsKey(field), field);

        var c = (await _client.GetAsync($"/v1/customers/{id}", AllIncludables)).AssertOk().Body;
        var taxIds = c["tax_ids"]!.AsObject();
        Assert.Equal("list", Str(taxIds["object"]));
        Assert.False(taxIds["has_more"]!.GetValue<bool>());
        Assert.Equal($"/v1/customers/{id}/tax_ids", Str(taxIds["url"]));
        var data = taxIds["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        var vat = data[0]!.AsObject();
        Assert.StartsWith("txi_", Str(vat["id"]));
        Assert.Equal("tax_id", Str(vat["object"]));
        Assert.Equal("eu_vat", Str(vat["type"]));
        Assert.Equal("DE123456789", Str(vat["value"]));
        Assert.Equal("DE", Str(vat["country"]));
        Assert.Equal(c["created"]!.GetValue<long>(), vat["created"]!.GetValue<long>());
        Assert.Equal(id, Str(vat["customer"]));
        Assert.False(vat["livemode"]!.GetValue<bool>());
        Assert.Equal("customer", Str(vat["owner"]!["type"]));
        Assert.Equal(id, Str(vat["owner"]!["customer"]));
        Assert.True(vat.ContainsKey("verification"));
        Assert.Null(vat["verification"]);
        Assert.Equal("US", Str(data[1]!["country"]));
        Assert.Equal("12-3456789", Str(data[1]!["value"]));

        Assert.Equal($$"""{"object":"list","data":[],"has_more":false,"url":"/v1/customers/{{id}}/sources"}""", c["sources"]!.ToJsonString());
        Assert.Equal($$"""{"object":"list","data":[],"has_more":false,"url":"/v1/customers/{{id}}/subscriptions"}""", c["subscriptions"]!.ToJsonString());
        Assert.True(c.ContainsKey("cash_balance"));
        Assert.Null(c["cash_balance"]);

        // The ids are kept: every read shows the same tax ids.
        var again = (await _client.GetAsync($"/v1/customers/{id}", ("expand[]", "tax_ids"))).AssertOk().Body;
        Assert.Equal(taxIds.ToJsonString(), again["tax_ids"]!.ToJsonString());
    }

    [Fact]
    public async Task A_customer_without_tax_ids_has_an_empty_list()
    {
        var id = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var c = (await _client.GetAsync($"/v1/customers/{id}", ("expand[]", "tax_ids"))).AssertOk().Body;
        Assert.Equal($$"""{"object":"list","data":[],"has_more":false,"url":"/v1/customers/{{id}}/tax_ids"}""", c["tax_ids"]!.ToJsonString());
    }

    [Fact]
    public async Task Create_and_update_responses_include_them_but_events_never_do()
    {
        var created = (await CreateWithTaxIdsAsync(AllIncludables)).AssertOk();
        var c = created.Body;
        Assert.Equal(2, c["tax_ids"]!["data"]!.AsArray().Count);
        Assert.NotNull(c["sources"]);
        Assert.NotNull(c["subscriptions"]);
        Assert.True(c.ContainsKey("cash_balance"));

        var updated = (await _client.PostAsync($"/v1/customers/{created.Id}", [("name", "New"), .. AllIncludables])).AssertOk().Body;
        Assert.Equal("New", Str(updated["name"]));
        Assert.Equal(c["tax_ids"]!.ToJsonString(), updated["tax_ids"]!.ToJsonString());
        Assert.True(updated.ContainsKey("cash_balance"));

        var events = (await _client.GetAsync("/v1/events", ("type", "customer.*"))).AssertOk().Body["data"]!.AsArray();
        Assert.Equal(["customer.updated", "customer.created"], events.Select(e => Str(e!["type"])).ToArray());
        foreach (var e in events)
        {
            var obj = e!["data"]!["object"]!.AsObject();
            Assert.False(obj.ContainsKey("tax_ids"));
            Assert.False(obj.ContainsKey("cash_balance"));
        }
    }

    [Fact]
    public async Task Lists_include_them_per_item_with_the_data_prefix()
    {
        var withIds = (await CreateWithTaxIdsAsync()).AssertOk().Id;
        var without = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var list = (await _client.GetAsync("/v1/customers", ("expand[]", "data.tax_ids"), ("expand[]", "data.sources"),
            ("expand[]", "data.subscriptions"), ("expand[]", "data.cash_balance"))).AssertOk().Body;
        var data = list["data"]!.AsArray();
        Assert.Equal([without, withIds], data.Select(c => Str(c!["id"])).ToArray());
        Assert.Empty(data[0]!["tax_ids"]!["data"]!.AsArray());
        Assert.Equal(2, data[1]!["tax_ids"]!["data"]!.AsArray().Count);
        Assert.All(data, c => Assert.Equal($"/v1/customers/{Str(c!["id"])}/sources", Str(c!["sources"]!["url"])));
        Assert.All(data, c => Assert.True(c!.AsObject().ContainsKey("cash_balance")));

        // Without the data. prefix a list has no such field.
        var listed = (await _client.GetAsync("/v1/customers", ("expand[]", "tax_ids"))).AssertCannotExpand();
        Assert.Equal("This property cannot be expanded (tax_ids). You may want to try expanding 'data.tax_ids' instead.", listed.ErrorMessage);
    }

    [Fact]
    public async Task Tax_ids_expand_their_customer_and_nothing_expands_below_cash_balance()
    {
        var id = (await CreateWithTaxIdsAsync()).AssertOk().Id;
        var c = (await _client.GetAsync($"/v1/customers/{id}", ("expand[]", "tax_ids.data.customer"))).AssertOk().Body;
        var owner = c["tax_ids"]!["data"]![0]!["customer"]!;
        Assert.Equal(id, Str(owner["id"]));
        Assert.Equal("customer", Str(owner["object"]));

        var error = (await _client.GetAsync($"/v1/customers/{id}", ("expand[]", "cash_balance.available"))).AssertCannotExpand();
        Assert.Equal("This property cannot be expanded (cash_balance.available).", error.ErrorMessage);
        (await _client.GetAsync($"/v1/customers/{id}", ("expand[]", "tax_ids.data.nope"))).AssertCannotExpand();
    }

    [Fact]
    public async Task An_invoice_expands_its_customer_s_includables_and_its_confirmation_secret()
    {
        var customer = (await CreateWithTaxIdsAsync()).AssertOk().Id;
        var invoice = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("expand[]", "customer.tax_ids"),
            ("expand[]", "confirmation_secret"))).AssertOk();
        Assert.Equal(2, invoice.Body["customer"]!["tax_ids"]!["data"]!.AsArray().Count);
        Assert.True(invoice.Body.ContainsKey("confirmation_secret"));
        Assert.Null(invoice.Body["confirmation_secret"]);
        // customer_tax_ids shows the same tax ids (type and value).
        Assert.Equal("""[{"type":"eu_vat","value":"DE123456789"},{"type":"us_ein","value":"12-3456789"}]""",
            invoice.Body["customer_tax_ids"]!.ToJsonString());

        var plain = (await _client.GetAsync($"/v1/invoices/{invoice.Id}")).AssertOk().Body;
        Assert.False(plain.ContainsKey("confirmation_secret"));

        var finalized = (await _client.PostAsync($"/v1/invoices/{invoice.Id}/finalize", ("expand[]", "confirmation_secret"))).AssertOk().Body;
        Assert.True(finalized.ContainsKey("confirmation_secret"));
        Assert.Null(finalized["confirmation_secret"]);

        var list = (await _client.GetAsync("/v1/invoices", ("customer", customer), ("expand[]", "data.confirmation_secret"),
            ("expand[]", "data.customer.subscriptions"))).AssertOk().Body;
        var item = list["data"]![0]!.AsObject();
        Assert.True(item.ContainsKey("confirmation_secret"));
        Assert.Equal($"/v1/customers/{customer}/subscriptions", Str(item["customer"]!["subscriptions"]!["url"]));

        (await _client.GetAsync($"/v1/invoices/{invoice.Id}", ("expand[]", "confirmation_secret.client_secret")))
            .AssertCannotExpand();
    }

    [Fact]
    public async Task A_deleted_customer_expanded_on_an_invoice_stays_a_stub()
    {
        var customer = (await CreateWithTaxIdsAsync()).AssertOk().Id;
        var invoice = (await _client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;
        (await _client.DeleteAsync($"/v1/customers/{customer}")).AssertOk();
        var got = (await _client.GetAsync($"/v1/invoices/{invoice}", ("expand[]", "customer.tax_ids"))).AssertOk().Body;
        Assert.Equal($$"""{"id":"{{customer}}","object":"customer","deleted":true}""", got["customer"]!.ToJsonString());
    }
}
