using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Catalog;

[Collection(ServerCollection.Name)]
public sealed class PriceTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private async Task<string> ProductAsync() => (await _client.PostAsync("/v1/products", ("name", "P"))).AssertOk().Id;

    [Fact]
    public async Task One_time_and_recurring_prices_render_as_stripe_does()
    {
        var product = await ProductAsync();
        var once = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "USD"), ("unit_amount", "1999"),
            ("nickname", "n"), ("tax_behavior", "exclusive"), ("metadata[k]", "v"))).AssertOk().Body;
        Assert.StartsWith("price_", once["id"]!.GetValue<string>());
        Assert.Equal("usd", once["currency"]!.GetValue<string>());
        Assert.Equal("per_unit", once["billing_scheme"]!.GetValue<string>());
        Assert.Equal("one_time", once["type"]!.GetValue<string>());
        Assert.Null(once["recurring"]);
        Assert.Equal(1999, once["unit_amount"]!.GetValue<long>());
        Assert.Equal("1999", once["unit_amount_decimal"]!.GetValue<string>());
        Assert.Equal("exclusive", once["tax_behavior"]!.GetValue<string>());

        var monthly = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "eur"), ("unit_amount_decimal", "12.5"),
            ("recurring[interval]", "month"), ("recurring[interval_count]", "3"), ("expand[]", "product"))).AssertOk().Body;
        Assert.Equal("recurring", monthly["type"]!.GetValue<string>());
        Assert.Null(monthly["unit_amount"]);
        Assert.Equal("12.5", monthly["unit_amount_decimal"]!.GetValue<string>());
        Assert.Equal(3, monthly["recurring"]!["interval_count"]!.GetValue<long>());
        Assert.Equal("licensed", monthly["recurring"]!["usage_type"]!.GetValue<string>());
        Assert.Equal("unspecified", monthly["tax_behavior"]!.GetValue<string>());
        Assert.Equal(product, monthly["product"]!["id"]!.GetValue<string>());
        Assert.Equal(2, (await _client.GetAsync("/v1/events", ("type", "price.created"))).AssertOk().Body["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Product_data_creates_the_product()
    {
        var price = (await _client.PostAsync("/v1/prices", ("product_data[name]", "Inline"), ("currency", "usd"), ("unit_amount", "5"))).AssertOk().Body;
        var product = (await _client.GetAsync($"/v1/products/{price["product"]!.GetValue<string>()}")).AssertOk().Body;
        Assert.Equal("Inline", product["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refusals_are_stripe_shaped()
    {
        var product = await ProductAsync();
        // The messages, params and statuses below were recorded against Stripe.
        (await _client.PostAsync("/v1/prices", ("currency", "usd"), ("unit_amount", "5")))
            .AssertRefusedWithoutCode("You must specify either `product` or `product_data` when creating a price.");
        var both = (await _client.PostAsync("/v1/prices", ("product", product), ("product_data[name]", "x"), ("currency", "usd"), ("unit_amount", "5")))
            .AssertError(HttpStatusCode.BadRequest, param: "product");
        Assert.Equal("You may only specify one of these parameters: product, product_data.", both.ErrorMessage);
        (await _client.PostAsync("/v1/prices", ("product", "prod_nope"), ("currency", "usd"), ("unit_amount", "5"))).AssertError(HttpStatusCode.BadRequest, "resource_missing", "product");
        var listed = (await _client.GetAsync("/v1/prices", ("product", "prod_nope"))).AssertError(HttpStatusCode.BadRequest, "resource_missing", "product");
        Assert.Equal("No such product: 'prod_nope'", listed.ErrorMessage);
        (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "usd")))
            .AssertRefusedWithoutCode("Prices require an `unit_amount` or `unit_amount_decimal` parameter to be set.");
        var currency = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "XYZ"), ("unit_amount", "5")))
            .AssertRefusedWithoutCode().AssertError(HttpStatusCode.BadRequest, param: "currency");
        // Stripe's answer (seen in logged Stripe errors): the value lowercased, then every supported currency, usd first.
        Assert.StartsWith("Invalid currency: xyz. Stripe currently supports these currencies: usd, aed, afn, all, amd, ang,", currency.ErrorMessage);
        Assert.EndsWith(", yer, zar, zmw", currency.ErrorMessage);
        (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "5"), ("recurring[interval]", "month"), ("recurring[interval_count]", "13")))
            .AssertError(HttpStatusCode.BadRequest, param: "recurring[interval_count]");
        var metered = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "5"),
            ("recurring[interval]", "month"), ("recurring[usage_type]", "metered")))
            .AssertRefusedWithoutCode("Starting with Stripe version `2025-03-31.basil`, metered prices must be backed by meters.");
        Assert.Null(metered.ErrorParam);
        // A one-time tiered price is not built (tiered prices are recurring here).
        var oneTimeTiered = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("billing_scheme", "tiered"), ("tiers_mode", "volume"),
            ("tiers[0][up_to]", "inf"), ("tiers[0][unit_amount]", "5"))).AssertError(HttpStatusCode.BadRequest, param: "billing_scheme");
        Assert.Contains("one-time tiered prices are not built", oneTimeTiered.ErrorMessage);
        (await _client.GetAsync("/v1/prices/price_nope")).AssertError(HttpStatusCode.NotFound, "resource_missing", "price");
    }

    [Fact]
    public async Task Lookup_keys_are_unique_and_transfer()
    {
        var product = await ProductAsync();
        var first = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "5"), ("lookup_key", "std"))).AssertOk().Id;
        var clash = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "6"), ("lookup_key", "std")))
            .AssertError(HttpStatusCode.BadRequest, param: "lookup_key");
        Assert.Equal($"A price (`{first}`) already uses that lookup key.", clash.ErrorMessage);
        Assert.Null(clash.ErrorCode);
        var second = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "6"), ("lookup_key", "std"),
            ("transfer_lookup_key", "true"))).AssertOk();
        Assert.Equal("std", second.Body["lookup_key"]!.GetValue<string>());
        Assert.Null((await _client.GetAsync($"/v1/prices/{first}")).AssertOk().Body["lookup_key"]);
        var found = (await _client.GetAsync("/v1/prices", ("lookup_keys[]", "std"))).AssertOk().Body["data"]!.AsArray();
        Assert.Equal(second.Id, Assert.Single(found)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_and_list_filters()
    {
        var product = await ProductAsync();
        var once = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "5"))).AssertOk().Id;
        var yearly = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "eur"), ("unit_amount", "50"), ("recurring[interval]", "year"))).AssertOk().Id;
        var archived = (await _client.PostAsync($"/v1/prices/{once}", ("active", "false"), ("nickname", "old"), ("tax_behavior", "inclusive"))).AssertOk().Body;
        Assert.False(archived["active"]!.GetValue<bool>());
        (await _client.PostAsync($"/v1/prices/{once}", ("tax_behavior", "exclusive"))).AssertError(HttpStatusCode.BadRequest, param: "tax_behavior");
        var ev = (await _client.GetAsync("/v1/events", ("type", "price.updated"))).AssertOk().Body["data"]![0]!;
        Assert.True(ev["data"]!["previous_attributes"]!["active"]!.GetValue<bool>());

        Assert.Equal([yearly], Ids(await _client.GetAsync("/v1/prices", ("product", product))));
        Assert.Equal([once], Ids(await _client.GetAsync("/v1/prices", ("active", "false"))));
        Assert.Equal([yearly], Ids(await _client.GetAsync("/v1/prices", ("type", "recurring"), ("currency", "eur"))));
        Assert.Equal([yearly], Ids(await _client.GetAsync("/v1/prices", ("recurring[interval]", "year"))));
        Assert.Empty(Ids(await _client.GetAsync("/v1/prices", ("recurring[interval]", "month"))));
    }

    private static List<string> Ids(StripeResponse r) => r.AssertOk().Body["data"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()).ToList();
}
