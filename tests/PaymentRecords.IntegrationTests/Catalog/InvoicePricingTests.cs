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
}
