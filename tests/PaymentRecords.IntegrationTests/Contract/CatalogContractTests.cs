using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.PaymentMethods;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>
/// product, price and payment_method in every state, and the invoices and items that name them (default_payment_method,
/// pricing[price], price_data), validated against the spec's component schemas.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CatalogContractTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [Fact]
    public async Task Products_and_prices_match_the_schema_in_every_state()
    {
        var bare = (await _client.PostAsync("/v1/products", ("name", "Bare"))).AssertOk();
        ContractAssert.Matches("product", bare.Body);
        var full = (await _client.PostAsync("/v1/products", ("name", "Full"), ("description", "d"), ("images[0]", "https://x/i.png"),
            ("marketing_features[0][name]", "Fast"), ("package_dimensions[height]", "1.5"), ("package_dimensions[length]", "2"),
            ("package_dimensions[weight]", "3"), ("package_dimensions[width]", "4"), ("shippable", "true"), ("statement_descriptor", "FULL"),
            ("tax_code", "txcd_10000000"), ("type", "good"), ("unit_label", "u"), ("url", "https://x"), ("metadata[k]", "v"),
            ("default_price_data[currency]", "usd"), ("default_price_data[unit_amount]", "100"), ("expand[]", "default_price"))).AssertOk();
        ContractAssert.Matches("product", full.Body);
        ContractAssert.Matches("price", full.Body["default_price"]);
        ContractAssert.Matches("product", (await _client.PostAsync($"/v1/products/{bare.Id}", ("active", "false"), ("images", ""))).AssertOk().Body);
        ContractAssert.Matches("deleted_product", (await _client.DeleteAsync($"/v1/products/{bare.Id}")).AssertOk().Body);
        ContractAssert.MatchesList("product", (await _client.GetAsync("/v1/products", ("expand[]", "data.default_price"))).AssertOk().Body);

        var recurring = (await _client.PostAsync("/v1/prices", ("product", full.Id), ("currency", "eur"), ("unit_amount_decimal", "0.5"),
            ("recurring[interval]", "week"), ("recurring[trial_period_days]", "7"), ("lookup_key", "k"), ("nickname", "n"),
            ("tax_behavior", "inclusive"), ("expand[]", "product"))).AssertOk();
        ContractAssert.Matches("price", recurring.Body);
        ContractAssert.Matches("price", (await _client.PostAsync($"/v1/prices/{recurring.Id}", ("active", "false"), ("metadata", ""))).AssertOk().Body);
        ContractAssert.MatchesList("price", (await _client.GetAsync("/v1/prices", ("active", "false"))).AssertOk().Body);

        ContractAssert.Matches("error", (await _client.DeleteAsync($"/v1/products/{full.Id}")).Body);
        ContractAssert.Matches("error", (await _client.GetAsync("/v1/products/prod_missing")).Body);
        ContractAssert.Matches("error", (await _client.PostAsync("/v1/prices", ("product", full.Id), ("currency", "usd"), ("unit_amount", "1"),
            ("recurring[interval]", "month"), ("recurring[usage_type]", "metered"))).Body);
    }

    [Fact]
    public async Task Payment_methods_match_the_schema_in_every_state()
    {
        var pm = (await _client.PostAsync("/v1/payment_methods", PaymentMethodTests.Custom())).AssertOk();
        ContractAssert.Matches("payment_method", pm.Body);
        var detailed = (await _client.PostAsync("/v1/payment_methods", PaymentMethodTests.Custom(("billing_details[name]", "N"),
            ("billing_details[email]", "e@example.com"), ("billing_details[phone]", "+1"), ("billing_details[tax_id]", "t"),
            ("billing_details[address][line1]", "L1"), ("allow_redisplay", "always"), ("metadata[k]", "v")))).AssertOk();
        ContractAssert.Matches("payment_method", detailed.Body);
        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var attached = (await _client.PostAsync($"/v1/payment_methods/{pm.Id}/attach", ("customer", customer), ("expand[]", "customer"))).AssertOk();
        ContractAssert.Matches("payment_method", attached.Body);
        ContractAssert.Matches("customer", (await _client.PostAsync($"/v1/customers/{customer}", ("invoice_settings[default_payment_method]", pm.Id),
            ("expand[]", "invoice_settings.default_payment_method"))).AssertOk().Body);
        ContractAssert.MatchesList("payment_method", (await _client.GetAsync($"/v1/customers/{customer}/payment_methods")).AssertOk().Body);
        ContractAssert.Matches("payment_method", (await _client.PostAsync($"/v1/payment_methods/{pm.Id}", ("billing_details[address]", ""))).AssertOk().Body);
        ContractAssert.Matches("payment_method", (await _client.PostAsync($"/v1/payment_methods/{pm.Id}/detach")).AssertOk().Body);
        ContractAssert.MatchesList("payment_method", (await _client.GetAsync("/v1/payment_methods", ("type", "custom"))).AssertOk().Body);
        ContractAssert.Matches("error", (await _client.PostAsync("/v1/payment_methods", ("type", "card"))).Body);
        ContractAssert.Matches("error", (await _client.PostAsync($"/v1/payment_methods/{pm.Id}/detach")).Body);
    }

    [Fact]
    public async Task Invoices_and_items_naming_the_catalog_match_the_schema()
    {
        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var pm = (await _client.PostAsync("/v1/payment_methods", PaymentMethodTests.Custom())).AssertOk().Id;
        (await _client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", customer))).AssertOk();
        var product = (await _client.PostAsync("/v1/products", ("name", "Seat"))).AssertOk().Id;
        var price = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "700"))).AssertOk().Id;

        var invoice = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("default_payment_method", pm), ("auto_advance", "true"))).AssertOk();
        ContractAssert.Matches("invoice", invoice.Body);
        var item = (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", invoice.Id), ("price_data[product]", product),
            ("price_data[currency]", "usd"), ("price_data[unit_amount_decimal]", "0.5"), ("quantity", "4"), ("expand[]", "invoice"))).AssertOk().Body;
        ContractAssert.Matches("invoiceitem", item);
        var inline = item["pricing"]!["price_details"]!["price"]!.GetValue<string>();
        ContractAssert.Matches("price", (await _client.GetAsync($"/v1/prices/{inline}", ("expand[]", "product"))).AssertOk().Body);
        var withLines = (await _client.PostAsync($"/v1/invoices/{invoice.Id}/add_lines", ("lines[0][pricing][price]", price),
            ("lines[1][price_data][product_data][name]", "Setup"), ("lines[1][price_data][currency]", "usd"), ("lines[1][price_data][unit_amount]", "100"),
            ("expand[]", "default_payment_method"))).AssertOk().Body;
        ContractAssert.Matches("invoice", withLines);
        ContractAssert.MatchesList("line_item", (await _client.GetAsync($"/v1/invoices/{invoice.Id}/lines")).AssertOk().Body);
        var open = (await _client.PostAsync($"/v1/invoices/{invoice.Id}/finalize", ("expand[]", "default_payment_method"))).AssertOk().Body;
        ContractAssert.Matches("invoice", open);
        ContractAssert.MatchesList("invoice", (await _client.GetAsync("/v1/invoices", ("expand[]", "data.default_payment_method"))).AssertOk().Body);

        ContractAssert.Matches("error", (await _client.PostAsync("/v1/invoices", ("customer", customer), ("default_payment_method", "pm_missing"))).Body);
        var eur = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "eur"), ("unit_amount", "700"))).AssertOk().Id;
        var draft = (await _client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;
        ContractAssert.Matches("error", (await _client.PostAsync($"/v1/invoices/{draft}/add_lines", ("lines[0][pricing][price]", eur))).Body);
        ContractAssert.Matches("error", (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("price_data[currency]", "usd"),
            ("price_data[unit_amount]", "1"))).Body);
    }
}
