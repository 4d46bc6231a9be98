using System.Net;
using PaymentRecords.IntegrationTests.Contract;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Catalog;

/// <summary>Invoice items and add_lines made from a price: pricing[price], lines carry pricing.price_details.</summary>
[Collection(ServerCollection.Name)]
public sealed class InvoicePricingTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [Fact]
    public async Task Items_and_lines_take_pricing_price()
    {
        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var product = (await _client.PostAsync("/v1/products", ("name", "Seat"))).AssertOk().Id;
        var price = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "1250"))).AssertOk().Id;
        var draft = (await _client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;

        var item = (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", draft), ("pricing[price]", price), ("quantity", "2"))).AssertOk().Body;
        Assert.Equal(2500, item["amount"]!.GetValue<long>());
        Assert.Equal("usd", item["currency"]!.GetValue<string>());
        Assert.Equal(price, item["pricing"]!["price_details"]!["price"]!.GetValue<string>());
        Assert.Equal(product, item["pricing"]!["price_details"]!["product"]!.GetValue<string>());
        ContractAssert.Matches("invoiceitem", item);

        var invoice = (await _client.PostAsync($"/v1/invoices/{draft}/add_lines", ("lines[0][pricing][price]", price))).AssertOk().Body;
        Assert.Equal(3750, invoice["amount_due"]!.GetValue<long>());
        var lines = invoice["lines"]!["data"]!.AsArray();
        Assert.All(lines, l => Assert.Equal(price, l!["pricing"]!["price_details"]!["price"]!.GetValue<string>()));
        ContractAssert.Matches("invoice", invoice);

        (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("pricing[price]", "price_nope")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "pricing[price]");
        (await _client.PostAsync($"/v1/prices/{price}", ("active", "false"))).AssertOk();
        (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("pricing[price]", price)))
            .AssertError(HttpStatusCode.BadRequest, param: "pricing[price]");
        (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("price_data[product]", "prod_nope"), ("price_data[currency]", "usd"),
            ("price_data[unit_amount]", "5"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "price_data[product]");
        (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("price_data[product]", product), ("price_data[currency]", "usd"),
            ("price_data[unit_amount]", "5"))).AssertOk();
    }

    private static string Str(System.Text.Json.Nodes.JsonNode? node) => node!.GetValue<string>();

    private async Task<List<string>> EventObjectIdsAsync(string type) =>
        (await _client.GetAsync("/v1/events", ("type", type), ("limit", "100"))).AssertOk().Body["data"]!.AsArray()
            .Select(e => Str(e!["data"]!["object"]!["id"])).ToList();

    [Fact]
    public async Task Price_data_on_an_invoice_item_creates_an_inline_price()
    {
        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var product = (await _client.PostAsync("/v1/products", ("name", "Consulting"))).AssertOk().Id;
        var draft = (await _client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;

        var item = (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", draft), ("price_data[product]", product),
            ("price_data[currency]", "USD"), ("price_data[unit_amount]", "1500"), ("price_data[tax_behavior]", "exclusive"), ("quantity", "3"))).AssertOk().Body;
        Assert.Equal(4500, item["amount"]!.GetValue<long>());
        Assert.Equal("usd", Str(item["currency"]));
        Assert.Equal("1500", Str(item["pricing"]!["unit_amount_decimal"]));
        Assert.Equal(product, Str(item["pricing"]!["price_details"]!["product"]));
        var inline = Str(item["pricing"]!["price_details"]!["price"]);
        ContractAssert.Matches("invoiceitem", item);

        // The inline price: retrievable, archived, one_time, the amounts and tax_behavior given.
        var price = (await _client.GetAsync($"/v1/prices/{inline}")).AssertOk().Body;
        Assert.False(price["active"]!.GetValue<bool>());
        Assert.Equal(product, Str(price["product"]));
        Assert.Equal("one_time", Str(price["type"]));
        Assert.Equal(1500, price["unit_amount"]!.GetValue<long>());
        Assert.Equal("exclusive", Str(price["tax_behavior"]));
        ContractAssert.Matches("price", price);
        // Not listed (neither as active nor as archived), no price.created, and no later purchase can name it.
        foreach (var active in new[] { "true", "false" })
            Assert.DoesNotContain((await _client.GetAsync("/v1/prices", ("active", active), ("limit", "100"))).AssertOk().Body["data"]!.AsArray(),
                p => Str(p!["id"]) == inline);
        Assert.DoesNotContain(inline, await EventObjectIdsAsync("price.created"));
        (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("pricing[price]", inline)))
            .AssertError(HttpStatusCode.BadRequest, param: "pricing[price]");

        // A fraction of a minor unit, on update: a new inline price replaces the first.
        var updated = (await _client.PostAsync($"/v1/invoiceitems/{Str(item["id"])}", ("price_data[product]", product), ("price_data[currency]", "usd"),
            ("price_data[unit_amount_decimal]", "12.5"), ("quantity", "2"))).AssertOk().Body;
        Assert.Equal(25, updated["amount"]!.GetValue<long>());
        Assert.NotEqual(inline, Str(updated["pricing"]!["price_details"]!["price"]));
        var line = (await _client.GetAsync($"/v1/invoices/{draft}")).AssertOk().Body["lines"]!["data"]![0]!;
        Assert.Equal(Str(updated["pricing"]!["price_details"]!["price"]), Str(line["pricing"]!["price_details"]!["price"]));
        // An amount given directly replaces the price.
        var plain = (await _client.PostAsync($"/v1/invoiceitems/{Str(item["id"])}", ("amount", "700"))).AssertOk().Body;
        Assert.Null(plain["pricing"]!["price_details"]);
        ContractAssert.Matches("invoiceitem", plain);

        // Inline prices are not "user-created": they do not keep the product from being deleted.
        (await _client.DeleteAsync($"/v1/products/{product}")).AssertOk();
        Assert.Equal(product, Str((await _client.GetAsync($"/v1/prices/{inline}")).AssertOk().Body["product"]));
        (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("price_data[product]", product), ("price_data[currency]", "usd"),
            ("price_data[unit_amount]", "1"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "price_data[product]");
    }

    [Fact]
    public async Task Price_data_on_add_lines_takes_a_product_or_makes_one()
    {
        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var product = (await _client.PostAsync("/v1/products", ("name", "Seat"))).AssertOk().Id;
        var draft = (await _client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;
        var invoice = (await _client.PostAsync($"/v1/invoices/{draft}/add_lines",
            ("lines[0][price_data][product]", product), ("lines[0][price_data][currency]", "usd"), ("lines[0][price_data][unit_amount]", "400"),
            ("lines[0][quantity]", "2"),
            ("lines[1][price_data][product_data][name]", "Onboarding"), ("lines[1][price_data][currency]", "usd"),
            ("lines[1][price_data][unit_amount_decimal]", "250"))).AssertOk().Body;
        ContractAssert.Matches("invoice", invoice);
        Assert.Equal(1050, invoice["amount_due"]!.GetValue<long>());
        var lines = invoice["lines"]!["data"]!.AsArray();
        Assert.Equal(product, Str(lines[0]!["pricing"]!["price_details"]!["product"]));
        var made = Str(lines[1]!["pricing"]!["price_details"]!["product"]);
        Assert.NotEqual(product, made);
        Assert.Equal("Onboarding", Str((await _client.GetAsync($"/v1/products/{made}")).AssertOk().Body["name"]));
        Assert.Equal("Onboarding", Str(lines[1]!["description"]));
        Assert.Contains(made, await EventObjectIdsAsync("product.created"));
        foreach (var l in lines)
        {
            var inline = (await _client.GetAsync($"/v1/prices/{Str(l!["pricing"]!["price_details"]!["price"])}")).AssertOk().Body;
            Assert.False(inline["active"]!.GetValue<bool>());
            // No tax_behavior given: unspecified, as on any price.
            Assert.Equal("unspecified", Str(inline["tax_behavior"]));
            ContractAssert.Matches("price", inline);
        }

        (await _client.PostAsync($"/v1/invoices/{draft}/add_lines", ("lines[0][price_data][currency]", "usd"), ("lines[0][price_data][unit_amount]", "1")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "lines[0][price_data][product]");
        (await _client.PostAsync($"/v1/invoices/{draft}/add_lines", ("lines[0][price_data][currency]", "usd"), ("lines[0][price_data][unit_amount]", "1"),
            ("lines[0][price_data][product]", product), ("lines[0][price_data][product_data][name]", "X")))
            .AssertError(HttpStatusCode.BadRequest, "parameters_exclusive");
        (await _client.PostAsync($"/v1/invoices/{draft}/add_lines", ("lines[0][price_data][currency]", "usd"), ("lines[0][price_data][unit_amount]", "1"),
            ("lines[0][price_data][product]", "prod_nope"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "lines[0][price_data][product]");
        (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("price_data[currency]", "usd"), ("price_data[unit_amount]", "1")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "price_data[product]");
        // Nothing of the refused requests stayed.
        Assert.Equal(2, (await _client.GetAsync($"/v1/invoices/{draft}/lines")).AssertOk().Body["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_price_in_another_currency_is_refused_naming_the_parameter()
    {
        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var product = (await _client.PostAsync("/v1/products", ("name", "Euro seat"))).AssertOk().Id;
        var eur = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "eur"), ("unit_amount", "900"))).AssertOk().Id;
        var usd = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "1000"))).AssertOk().Id;
        var draft = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("currency", "usd"))).AssertOk().Id;

        var onInvoice = (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", draft), ("pricing[price]", eur)))
            .AssertError(HttpStatusCode.BadRequest, param: "pricing[price]");
        Assert.Equal("invalid_request_error", Str(onInvoice.Body["error"]!["type"]));
        Assert.Equal($"The currency of the price (eur) must match the currency of invoice {draft} (usd).", onInvoice.ErrorMessage);
        ContractAssert.Matches("error", onInvoice.Body);
        (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("pricing[price]", eur), ("currency", "usd")))
            .AssertError(HttpStatusCode.BadRequest, param: "pricing[price]");
        (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", draft), ("price_data[product]", product),
            ("price_data[currency]", "eur"), ("price_data[unit_amount]", "5"))).AssertError(HttpStatusCode.BadRequest, param: "price_data[currency]");
        (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("currency", "usd"), ("price_data[product]", product),
            ("price_data[currency]", "eur"), ("price_data[unit_amount]", "5"))).AssertError(HttpStatusCode.BadRequest, param: "price_data[currency]");
        (await _client.PostAsync($"/v1/invoices/{draft}/add_lines", ("lines[0][amount]", "1"), ("lines[1][pricing][price]", eur)))
            .AssertError(HttpStatusCode.BadRequest, param: "lines[1][pricing][price]");
        (await _client.PostAsync($"/v1/invoices/{draft}/add_lines", ("lines[0][price_data][product]", product), ("lines[0][price_data][currency]", "eur"),
            ("lines[0][price_data][unit_amount]", "5"))).AssertError(HttpStatusCode.BadRequest, param: "lines[0][price_data][currency]");
        var item = (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", draft), ("pricing[price]", usd))).AssertOk().Id;
        var update = (await _client.PostAsync($"/v1/invoiceitems/{item}", ("pricing[price]", eur)))
            .AssertError(HttpStatusCode.BadRequest, param: "pricing[price]");
        Assert.Equal("The currency of the price (eur) must match the currency of the invoice item (usd).", update.ErrorMessage);
        // A pending item takes its price's currency.
        var pending = (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("pricing[price]", eur))).AssertOk().Body;
        Assert.Equal("eur", Str(pending["currency"]));
        Assert.Equal(1000, (await _client.GetAsync($"/v1/invoices/{draft}")).AssertOk().Body["amount_due"]!.GetValue<long>());
    }
}
