using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;

namespace PaymentRecords.IntegrationTests.Subscriptions;

/// <summary>
/// A subscription item's <c>price_data</c> (create, update, <c>/v1/subscription_items</c>): the recurring inline price it
/// makes is the item's own (archived, not listed, no <c>price.created</c>) and bills as any price would.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SubscriptionInlinePriceTests(ServerFixture fixture)
{
    /// <summary><c>{prefix}[price_data][…]</c>, or top-level <c>price_data[…]</c> with no prefix.</summary>
    private static (string, string)[] PriceData(string prefix, string product, long amount, string currency = "usd", string interval = "month")
    {
        var name = prefix.Length == 0 ? "price_data" : $"{prefix}[price_data]";
        return [($"{name}[product]", product), ($"{name}[currency]", currency), ($"{name}[unit_amount]", S(amount)), ($"{name}[recurring][interval]", interval)];
    }

    private static async Task<string> ProductAsync(StripeTestClient client) => (await client.PostAsync("/v1/products", ("name", "Seats"))).AssertOk().Id;

    private static JsonNode Price(JsonNode subscription, int item) => subscription["items"]!["data"]![item]!["price"]!;

    [Fact]
    public async Task Create_with_price_data_bills_an_inline_recurring_price_of_the_product()
    {
        var kit = new SubscriptionKit(fixture.Client());
        var (customer, _) = await kit.CustomerAsync();
        var product = await ProductAsync(kit.Client);
        var created = (await kit.Client.PostAsync("/v1/subscriptions", [("customer", customer), ("payment_behavior", "default_incomplete"),
            ("items[0][quantity]", "2"), ("expand[]", "latest_invoice"), .. PriceData("items[0]", product, 1800)])).AssertOk().Body;
        var price = Price(created, 0);
        Assert.StartsWith("price_", Str(price["id"]));
        Assert.Equal((product, 1800L, "month", false, "recurring"), (Str(price["product"]), Long(price["unit_amount"]),
            Str(price["recurring"]!["interval"]), price["active"]!.GetValue<bool>(), Str(price["type"])));
        Assert.Equal(3600, Long(created["latest_invoice"]!["total"]));

        // The price is retrievable, but it is the item's own: not listed, no price.created, and refused elsewhere.
        (await kit.Client.GetAsync($"/v1/prices/{Str(price["id"])}")).AssertOk();
        Assert.DoesNotContain(Str(price["id"]), (await kit.Client.GetAsync("/v1/prices", ("product", product))).AssertOk().Body["data"]!.AsArray()
            .Select(p => Str(p!["id"])));
        Assert.Empty(await kit.EventsAsync("price.created"));
        (await kit.CreateAsync(customer, Str(price["id"]))).AssertError(HttpStatusCode.BadRequest, param: "items[0][price]");
    }

    [Fact]
    public async Task An_added_invoice_item_takes_price_data_as_a_one_time_inline_price()
    {
        var kit = new SubscriptionKit(fixture.Client());
        var (customer, _) = await kit.CustomerAsync();
        var product = await ProductAsync(kit.Client);
        var created = (await kit.CreateAsync(customer, await kit.PriceAsync(1000), ("add_invoice_items[0][price_data][product]", product),
            ("add_invoice_items[0][price_data][currency]", "usd"), ("add_invoice_items[0][price_data][unit_amount]", "4900"))).AssertOk().Body;
        var invoice = created["latest_invoice"]!;
        Assert.Equal(5900, Long(invoice["total"]));
        var setup = invoice["lines"]!["data"]!.AsArray().Single(l => Str(l!["parent"]!["type"]) == "invoice_item_details")!;
        var price = (await kit.Client.GetAsync($"/v1/prices/{Str(setup["pricing"]!["price_details"]!["price"])}")).AssertOk().Body;
        Assert.Equal(("one_time", false, product, 4900L), (Str(price["type"]), price["active"]!.GetValue<bool>(), Str(price["product"]), Long(price["unit_amount"])));
    }

    [Fact]
    public async Task Update_and_subscription_items_take_price_data_for_new_and_existing_items()
    {
        var kit = new SubscriptionKit(fixture.Client());
        var (customer, pm) = await kit.CustomerAsync();
        var product = await ProductAsync(kit.Client);
        var subscription = (await kit.CreateAsync(customer, await kit.PriceAsync(1000))).AssertOk().Body;
        (await kit.AttachAsync(Str(subscription["latest_invoice"]!["id"]), await kit.ReportAsync(customer, pm, 1000))).AssertOk();
        var id = Str(subscription["id"]);
        var first = Str(subscription["items"]!["data"]![0]!["id"]);

        var updated = (await kit.Client.PostAsync($"/v1/subscriptions/{id}", [("proration_behavior", "none"), ("items[0][id]", first),
            .. PriceData("items[0]", product, 1200), .. PriceData("items[1]", product, 300)])).AssertOk().Body;
        Assert.Equal([1200L, 300L], updated["items"]!["data"]!.AsArray().Select(i => Long(i!["price"]!["unit_amount"])));
        Assert.Equal(first, Str(updated["items"]!["data"]![0]!["id"]));

        var added = (await kit.Client.PostAsync("/v1/subscription_items", [("subscription", id), ("proration_behavior", "none"),
            .. PriceData("", product, 50)])).AssertOk().Body;
        Assert.Equal((50L, product), (Long(added["price"]!["unit_amount"]), Str(added["price"]!["product"])));
        var moved = (await kit.Client.PostAsync($"/v1/subscription_items/{Str(added["id"])}", [("proration_behavior", "none"),
            .. PriceData("", product, 75)])).AssertOk().Body;
        Assert.Equal(75L, Long(moved["price"]!["unit_amount"]));
        Assert.Equal(3, (await kit.GetAsync(id))["items"]!["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Price_data_refusals_name_the_parameter_and_write_nothing()
    {
        var kit = new SubscriptionKit(fixture.Client());
        var (customer, _) = await kit.CustomerAsync();
        var product = await ProductAsync(kit.Client);
        (await kit.Client.PostAsync("/v1/subscriptions", [("customer", customer), ("items[0][price]", await kit.PriceAsync()), .. PriceData("items[0]", product, 100)]))
            .AssertError(HttpStatusCode.BadRequest, param: "items[0][price]");
        (await kit.Client.PostAsync("/v1/subscriptions", [("customer", customer), .. PriceData("items[0]", "prod_missing", 100)]))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "items[0][price_data][product]");
        (await kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price_data][currency]", "usd"),
            ("items[0][price_data][unit_amount]", "100"), ("items[0][price_data][recurring][interval]", "month")))
            .AssertError(HttpStatusCode.BadRequest, param: "items[0][price_data][product]");
        // Two currencies: refused after the first inline price was made; the request is one transaction, so no subscription.
        (await kit.Client.PostAsync("/v1/subscriptions", [("customer", customer), .. PriceData("items[0]", product, 100),
            .. PriceData("items[1]", product, 100, currency: "eur")])).AssertError(HttpStatusCode.BadRequest, param: "items[1][price]");
        Assert.Empty((await kit.Client.GetAsync("/v1/subscriptions", ("customer", customer))).AssertOk().Body["data"]!.AsArray());
    }
}
