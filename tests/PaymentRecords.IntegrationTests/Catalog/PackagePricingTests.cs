using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.TestClocks;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;

namespace PaymentRecords.IntegrationTests.Catalog;

/// <summary>
/// Prices with <c>transform_quantity</c> (package pricing) over raw HTTP: usage-based billing's guide, seats in packs,
/// an invoice item's quantity (docs/endpoints-products-prices.md).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PackagePricingTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private async Task<JsonObject> PackagePriceAsync(long unitAmount, long divideBy, string round, params (string, string)[] extra) =>
        (await _client.PostAsync("/v1/prices", [("currency", "usd"), ("unit_amount", S(unitAmount)), ("product_data[name]", "Seats"),
            ("transform_quantity[divide_by]", S(divideBy)), ("transform_quantity[round]", round), .. extra])).AssertOk().Body;

    [Fact]
    public async Task The_usage_based_billing_guides_calls_price_25_tokens_as_one_package_of_1000()
    {
        // Stripe's "Set up usage-based billing with products and prices", call by call.
        var meter = (await _client.PostAsync("/v1/billing/meters", ("display_name", "Alpaca AI tokens"), ("event_name", "alpaca_ai_tokens"),
            ("default_aggregation[formula]", "sum"), ("customer_mapping[event_payload_key]", "stripe_customer_id"),
            ("customer_mapping[type]", "by_id"), ("value_settings[event_payload_key]", "value"))).AssertOk().Id;
        var price = (await _client.PostAsync("/v1/prices", ("currency", "usd"), ("unit_amount", "4"), ("billing_scheme", "per_unit"),
            ("transform_quantity[divide_by]", "1000"), ("transform_quantity[round]", "up"), ("recurring[usage_type]", "metered"),
            ("recurring[interval]", "month"), ("recurring[meter]", meter), ("product_data[name]", "Alpaca AI tokens"))).AssertOk().Body;
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["divide_by"] = 1000, ["round"] = "up" }, price["transform_quantity"]));
        var customer = (await _client.PostAsync("/v1/customers", ("name", "John Doe"))).AssertOk().Id;
        var subscription = (await _client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price["id"]!.GetValue<string>()))).AssertOk().Body;
        var plan = subscription["items"]!["data"]![0]!["plan"]!;
        Assert.True(JsonNode.DeepEquals(price["transform_quantity"], plan["transform_usage"]));
        Assert.Equal(meter, Str(plan["meter"]));
        (await _client.PostAsync("/v1/billing/meter_events", ("event_name", "alpaca_ai_tokens"), ("payload[stripe_customer_id]", customer),
            ("payload[value]", "25"))).AssertOk();

        var preview = (await _client.PostAsync("/v1/invoices/create_preview", ("subscription", Str(subscription["id"])))).AssertOk().Body;
        var line = preview["lines"]!["data"]!.AsArray().Single()!;
        // 25 tokens round up to one package of 1000: 4 cents; the line keeps the 25.
        Assert.Equal((25L, 4L, "4"), (Long(line["quantity"]), Long(line["amount"]), Str(line["pricing"]!["unit_amount_decimal"])));
        Assert.Equal("25 × Alpaca AI tokens (at $0.04 per 1000 units / month)", Str(line["description"]));
        Assert.Equal(4, Long(preview["amount_due"]));

        // 2,000 more: 2,025 tokens are three packages.
        (await _client.PostAsync("/v1/billing/meter_events", ("event_name", "alpaca_ai_tokens"), ("payload[stripe_customer_id]", customer),
            ("payload[value]", "2000"))).AssertOk();
        preview = (await _client.PostAsync("/v1/invoices/create_preview", ("subscription", Str(subscription["id"])))).AssertOk().Body;
        Assert.Equal((2025L, 12L), (Long(preview["lines"]!["data"]![0]!["quantity"]), Long(preview["amount_due"])));
    }

    [Fact]
    public async Task Seats_in_packs_of_five_bill_whole_packs_and_a_change_prorates_the_packs()
    {
        var clocks = new ClockKit(_client);
        var clock = await clocks.ClockAsync(ClockKit.Jan10);
        var (customer, pm) = await clocks.CustomerAsync(clock);
        var price = Str((await PackagePriceAsync(2500, 5, "up", ("recurring[interval]", "month")))["id"]);
        var created = (await clocks.Subs.CreateAsync(customer, price, ("items[0][quantity]", "8"), ("default_payment_method", pm))).AssertOk().Body;
        var first = created["latest_invoice"]!.AsObject();
        var line = first["lines"]!["data"]![0]!;
        // 8 seats in packs of 5, rounded up: 2 packs.
        Assert.Equal((8L, 5000L), (Long(line["quantity"]), Long(line["amount"])));
        Assert.Equal("8 × Seats (at $25.00 per 5 units / month)", Str(line["description"]));
        Assert.Equal(5000, Long(first["amount_due"]));
        var record = await clocks.Subs.ReportAsync(customer, pm, 5000);
        (await clocks.Subs.AttachAsync(Str(first["id"]), record)).AssertOk();
        Assert.Equal("active", Str((await clocks.Subs.GetAsync(Str(created["id"])))["status"]));

        // Half way through January 10 → February 10 (31 days), 8 → 11 seats: 2 packs → 3.
        await clocks.AdvanceAsync(clock, ClockKit.Jan10.AddDays(15.5));
        var item = Str(created["items"]!["data"]![0]!["id"]);
        (await _client.PostAsync($"/v1/subscriptions/{Str(created["id"])}", ("items[0][id]", item), ("items[0][quantity]", "11"),
            ("proration_behavior", "create_prorations"))).AssertOk();
        var pending = (await _client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray()
            .Select(i => (Long(i!["quantity"]), Long(i["amount"]))).OrderBy(x => x.Item2).ToList();
        // 2 packs × 2500 × 15.5/31 credited, 3 packs × 2500 × 15.5/31 charged; each line keeps its seat count.
        Assert.Equal([(8L, -2500L), (11L, 3750L)], pending);
    }

    [Fact]
    public async Task An_invoice_items_quantity_bills_packages_and_an_amount_given_directly_drops_the_transform()
    {
        var price = Str((await PackagePriceAsync(1000, 5, "down"))["id"]);
        var customer = (await _client.PostAsync("/v1/customers", ("email", "packs@example.com"))).AssertOk().Id;
        var item = (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("pricing[price]", price), ("quantity", "8"))).AssertOk().Body;
        // 8 in packs of 5, rounded down: one pack.
        Assert.Equal((8L, 1000L), (Long(item["quantity"]), Long(item["amount"])));
        var id = Str(item["id"]);
        var updated = (await _client.PostAsync($"/v1/invoiceitems/{id}", ("quantity", "14"))).AssertOk().Body;
        Assert.Equal((14L, 2000L), (Long(updated["quantity"]), Long(updated["amount"])));
        // A unit amount of its own replaces the price, transform and all: 14 × 300.
        updated = (await _client.PostAsync($"/v1/invoiceitems/{id}", ("unit_amount_decimal", "300"))).AssertOk().Body;
        Assert.Equal((14L, 4200L), (Long(updated["quantity"]), Long(updated["amount"])));

        // On an invoice, the line bills the same.
        var invoice = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("pending_invoice_items_behavior", "exclude"))).AssertOk().Id;
        var added = (await _client.PostAsync($"/v1/invoices/{invoice}/add_lines", ("lines[0][pricing][price]", price), ("lines[0][quantity]", "12"))).AssertOk().Body;
        Assert.Equal(2000, Long(added["lines"]!["data"]![0]!["amount"]));
    }

    [Fact]
    public async Task A_package_lines_quantity_is_checked_against_the_amount_limit_in_packages()
    {
        var price = Str((await PackagePriceAsync(4, 1000, "up"))["id"]);
        var customer = (await _client.PostAsync("/v1/customers", ("email", "tokens@example.com"))).AssertOk().Id;
        // 30,000,000 × 4 would pass the 99,999,999 limit; 30,000 packages × 4 is 1,200.00.
        var item = (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("pricing[price]", price), ("quantity", "30000000"))).AssertOk().Body;
        Assert.Equal((30_000_000L, 120_000L), (Long(item["quantity"]), Long(item["amount"])));
    }

    [Fact]
    public async Task Credit_notes_by_quantity_credit_a_package_lines_share_and_all_of_it_adds_up_to_its_amount()
    {
        var price = Str((await PackagePriceAsync(2500, 5, "up"))["id"]);
        var customer = (await _client.PostAsync("/v1/customers", ("email", "credit-packs@example.com"))).AssertOk().Id;
        var invoice = (await _client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;
        (await _client.PostAsync($"/v1/invoices/{invoice}/add_lines", ("lines[0][pricing][price]", price), ("lines[0][quantity]", "8"))).AssertOk();
        var finalized = (await _client.PostAsync($"/v1/invoices/{invoice}/finalize")).AssertOk().Body;
        var line = finalized["lines"]!["data"]![0]!;
        Assert.Equal((8L, 5000L), (Long(line["quantity"]), Long(line["amount"])));
        var lineId = Str(line["id"]);
        Task<StripeResponse> CreditAsync(long quantity) => _client.PostAsync("/v1/credit_notes", ("invoice", invoice),
            ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", lineId), ("lines[0][quantity]", S(quantity)));

        // 3 of 8 seats: 3/8 of 50.00; then the other 5: the rest, so the two add up to the line's 50.00 exactly.
        Assert.Equal(1875, Long((await CreditAsync(3)).AssertOk().Body["amount"]));
        Assert.Equal(3125, Long((await CreditAsync(5)).AssertOk().Body["amount"]));
        (await CreditAsync(1)).AssertError(HttpStatusCode.BadRequest);

        // A line of 0.05 for 2 units in packs of 2: half is 2.5 cents; the first credit rounds it up, the second takes the rest.
        var odd = Str((await PackagePriceAsync(5, 2, "up"))["id"]);
        var second = (await _client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;
        (await _client.PostAsync($"/v1/invoices/{second}/add_lines", ("lines[0][pricing][price]", odd), ("lines[0][quantity]", "2"))).AssertOk();
        var oddLine = Str((await _client.PostAsync($"/v1/invoices/{second}/finalize")).AssertOk().Body["lines"]!["data"]![0]!["id"]);
        Task<StripeResponse> CreditOddAsync() => _client.PostAsync("/v1/credit_notes", ("invoice", second),
            ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", oddLine), ("lines[0][quantity]", "1"));
        Assert.Equal(3, Long((await CreditOddAsync()).AssertOk().Body["amount"]));
        Assert.Equal(2, Long((await CreditOddAsync()).AssertOk().Body["amount"]));
    }

    [Fact]
    public async Task A_transform_needs_a_positive_divide_by_and_a_rounding()
    {
        (await _client.PostAsync("/v1/prices", ("currency", "usd"), ("unit_amount", "100"), ("product_data[name]", "X"),
            ("transform_quantity[divide_by]", "0"), ("transform_quantity[round]", "up")))
            .AssertError(HttpStatusCode.BadRequest, param: "transform_quantity[divide_by]");
        (await _client.PostAsync("/v1/prices", ("currency", "usd"), ("unit_amount", "100"), ("product_data[name]", "X"),
            ("transform_quantity[divide_by]", "10")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "transform_quantity[round]");
        (await _client.PostAsync("/v1/prices", ("currency", "usd"), ("unit_amount", "100"), ("product_data[name]", "X"),
            ("transform_quantity[divide_by]", "10"), ("transform_quantity[round]", "nearest")))
            .AssertError(HttpStatusCode.BadRequest, param: "transform_quantity[round]");
        // No price was written.
        Assert.Empty((await _client.GetAsync("/v1/prices")).AssertOk().Body["data"]!.AsArray());
    }
}
