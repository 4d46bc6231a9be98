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

    [Fact]
    public async Task The_flat_fee_and_overages_guides_graduated_tiers_bill_the_tokens_past_1000()
    {
        // Stripe's "Set up a flat fee and overages pricing model", call by call.
        var meter = (await _client.PostAsync("/v1/billing/meters", ("display_name", "Hypernian tokens"), ("event_name", "hypernian_tokens"),
            ("default_aggregation[formula]", "sum"), ("customer_mapping[event_payload_key]", "stripe_customer_id"),
            ("customer_mapping[type]", "by_id"), ("value_settings[event_payload_key]", "value"))).AssertOk().Id;
        var usageProduct = (await _client.PostAsync("/v1/products", ("description", "Usage fees for Hypernian"), ("name", "Hypernian Usage"))).AssertOk().Id;
        var usage = (await _client.PostAsync("/v1/prices", ("product", usageProduct), ("currency", "usd"), ("billing_scheme", "tiered"),
            ("recurring[interval]", "month"), ("recurring[interval_count]", "1"), ("recurring[usage_type]", "metered"), ("recurring[meter]", meter),
            ("tiers[0][flat_amount_decimal]", "0"), ("tiers[0][unit_amount_decimal]", "0"), ("tiers[0][up_to]", "1000"),
            ("tiers[1][flat_amount_decimal]", "0"), ("tiers[1][unit_amount_decimal]", "4"), ("tiers[1][up_to]", "inf"),
            ("tiers_mode", "graduated"))).AssertOk().Body;
        Assert.Equal(("tiered", "graduated"), (Str(usage["billing_scheme"]), Str(usage["tiers_mode"])));
        Assert.Null(usage["unit_amount"]);
        Assert.Null(usage["unit_amount_decimal"]);
        // "This field is not included by default. To include it in the response, expand the tiers field."
        Assert.False(usage.ContainsKey("tiers"));
        var expanded = (await _client.GetAsync($"/v1/prices/{Str(usage["id"])}", ("expand[]", "tiers"))).AssertOk().Body;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            [{"flat_amount":0,"flat_amount_decimal":"0","unit_amount":0,"unit_amount_decimal":"0","up_to":1000},
             {"flat_amount":0,"flat_amount_decimal":"0","unit_amount":4,"unit_amount_decimal":"4","up_to":null}]
            """), expanded["tiers"]));

        var licenseProduct = (await _client.PostAsync("/v1/products", ("description", "License fee for Hypernian"), ("name", "Hypernian License fee"))).AssertOk().Id;
        var license = (await _client.PostAsync("/v1/prices", ("billing_scheme", "per_unit"), ("currency", "usd"), ("product", licenseProduct),
            ("recurring[interval]", "month"), ("recurring[interval_count]", "1"), ("recurring[usage_type]", "licensed"),
            ("unit_amount_decimal", "10000"))).AssertOk().Id;
        var customer = (await _client.PostAsync("/v1/customers", ("name", "John Doe"))).AssertOk().Id;
        var pm = (await _client.PostAsync("/v1/payment_methods", PaymentMethods.PaymentMethodTests.Custom())).AssertOk().Id;
        (await _client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", customer))).AssertOk();
        var subscription = (await _client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", license),
            ("items[1][price]", Str(usage["id"])), ("default_payment_method", pm))).AssertOk().Body;
        // The license fee's first invoice, paid by the processor (the own-processor flow).
        var subs = new Subscriptions.SubscriptionKit(_client);
        var record = await subs.ReportAsync(customer, pm, 10000);
        (await subs.AttachAsync(Str(subscription["latest_invoice"]), record)).AssertOk();
        (await _client.PostAsync("/v1/billing/meter_events", ("event_name", "hypernian_tokens"), ("payload[stripe_customer_id]", customer),
            ("payload[value]", "3000"))).AssertOk();

        var preview = (await _client.PostAsync("/v1/invoices/create_preview", ("subscription", Str(subscription["id"])))).AssertOk().Body;
        var lines = preview["lines"]!["data"]!.AsArray();
        var tokens = lines.Single(l => Str(l!["pricing"]!["price_details"]!["price"]) == Str(usage["id"]))!;
        // 1,000 free, 2,000 at 4 cents.
        Assert.Equal((3000L, 8000L), (Long(tokens["quantity"]), Long(tokens["amount"])));
        Assert.Null(tokens["pricing"]!["unit_amount_decimal"]);
        Assert.Equal("3000 × Hypernian Usage (Tier 2 at $0.04 / month)", Str(tokens["description"]));
        Assert.Equal(18000, Long(preview["amount_due"]));
    }

    [Fact]
    public async Task Volume_tiers_price_every_seat_at_the_tier_reached_and_a_change_prorates_the_tiers_amounts()
    {
        var clocks = new ClockKit(_client);
        var clock = await clocks.ClockAsync(ClockKit.Jan10);
        var (customer, pm) = await clocks.CustomerAsync(clock);
        var price = (await _client.PostAsync("/v1/prices", ("currency", "usd"), ("product_data[name]", "Seats"), ("billing_scheme", "tiered"),
            ("tiers_mode", "volume"), ("recurring[interval]", "month"),
            ("tiers[0][up_to]", "5"), ("tiers[0][unit_amount]", "1000"), ("tiers[0][flat_amount]", "500"),
            ("tiers[1][up_to]", "inf"), ("tiers[1][unit_amount]", "800"))).AssertOk().Id;
        var created = (await clocks.Subs.CreateAsync(customer, price, ("items[0][quantity]", "8"), ("default_payment_method", pm))).AssertOk().Body;
        var first = created["latest_invoice"]!.AsObject();
        // 8 seats reach the second tier: all 8 at 8.00.
        Assert.Equal((8L, 6400L), (Long(first["lines"]!["data"]![0]!["quantity"]), Long(first["amount_due"])));
        var record = await clocks.Subs.ReportAsync(customer, pm, 6400);
        (await clocks.Subs.AttachAsync(Str(first["id"]), record)).AssertOk();

        // Half way through the period, 8 → 3 seats (the first tier: 3 × 10.00 + 5.00).
        await clocks.AdvanceAsync(clock, ClockKit.Jan10.AddDays(15.5));
        (await _client.PostAsync($"/v1/subscriptions/{Str(created["id"])}", ("items[0][id]", Str(created["items"]!["data"]![0]!["id"])),
            ("items[0][quantity]", "3"))).AssertOk();
        var pending = (await _client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray()
            .Select(i => (Long(i!["quantity"]), Long(i["amount"]))).OrderBy(x => x.Item2).ToList();
        Assert.Equal([(8L, -3200L), (3L, 1750L)], pending);
    }

    [Fact]
    public async Task Tiers_are_checked_and_only_subscription_items_take_a_tiered_price()
    {
        async Task Refused(string param, params (string, string)[] form) =>
            (await _client.PostAsync("/v1/prices", [("currency", "usd"), ("product_data[name]", "X"), .. form]))
                .AssertError(HttpStatusCode.BadRequest, param: param);
        (string, string)[] twoTiers = [("tiers[0][up_to]", "10"), ("tiers[0][unit_amount]", "5"), ("tiers[1][up_to]", "inf"), ("tiers[1][unit_amount]", "3")];
        await Refused("tiers", [("unit_amount", "5"), ("recurring[interval]", "month"), .. twoTiers]);
        await Refused("tiers_mode", [("billing_scheme", "tiered"), ("recurring[interval]", "month"), .. twoTiers]);
        await Refused("tiers", ("billing_scheme", "tiered"), ("tiers_mode", "volume"), ("recurring[interval]", "month"));
        await Refused("tiers[1][up_to]", ("billing_scheme", "tiered"), ("tiers_mode", "volume"), ("recurring[interval]", "month"),
            ("tiers[0][up_to]", "10"), ("tiers[0][unit_amount]", "5"), ("tiers[1][up_to]", "20"), ("tiers[1][unit_amount]", "3"));
        await Refused("tiers[1][up_to]", ("billing_scheme", "tiered"), ("tiers_mode", "volume"), ("recurring[interval]", "month"),
            ("tiers[0][up_to]", "10"), ("tiers[0][unit_amount]", "5"), ("tiers[1][up_to]", "10"), ("tiers[1][unit_amount]", "3"), ("tiers[2][up_to]", "inf"));
        await Refused("unit_amount", [("billing_scheme", "tiered"), ("tiers_mode", "volume"), ("recurring[interval]", "month"), ("unit_amount", "5"), .. twoTiers]);
        await Refused("transform_quantity", [("billing_scheme", "tiered"), ("tiers_mode", "volume"), ("recurring[interval]", "month"),
            ("transform_quantity[divide_by]", "10"), ("transform_quantity[round]", "up"), .. twoTiers]);
        await Refused("billing_scheme", [("billing_scheme", "tiered"), ("tiers_mode", "volume"), .. twoTiers]);
        Assert.Empty((await _client.GetAsync("/v1/prices")).AssertOk().Body["data"]!.AsArray());

        var tiered = (await _client.PostAsync("/v1/prices", [("currency", "usd"), ("product_data[name]", "X"), ("billing_scheme", "tiered"),
            ("tiers_mode", "volume"), ("recurring[interval]", "month"), .. twoTiers])).AssertOk().Id;
        var customer = (await _client.PostAsync("/v1/customers", ("email", "tiers@example.com"))).AssertOk().Id;
        (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("pricing[price]", tiered)))
            .AssertError(HttpStatusCode.BadRequest, param: "pricing[price]");
        var invoice = (await _client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;
        (await _client.PostAsync($"/v1/invoices/{invoice}/add_lines", ("lines[0][pricing][price]", tiered)))
            .AssertError(HttpStatusCode.BadRequest, param: "lines[0][pricing][price]");
        await Refused("tiers[0][flat_amount_decimal]", ("billing_scheme", "tiered"), ("tiers_mode", "volume"), ("recurring[interval]", "month"),
            ("tiers[0][up_to]", "inf"), ("tiers[0][flat_amount_decimal]", "10.5"));

        // The tiers of a subscription's items, on expand.
        var subscription = (await _client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", tiered),
            ("collection_method", "send_invoice"), ("days_until_due", "30"), ("expand[]", "items.data.price.tiers"))).AssertOk().Body;
        Assert.Equal(2, subscription["items"]!["data"]![0]!["price"]!["tiers"]!.AsArray().Count);
        var item = Str(subscription["items"]!["data"]![0]!["id"]);
        Assert.Equal(10, Long((await _client.GetAsync($"/v1/subscription_items/{item}", ("expand[]", "price.tiers"))).AssertOk().Body["price"]!["tiers"]![0]!["up_to"]));
        // A quantity whose period would pass the amount limit is refused as create refuses it, before any proration.
        (await _client.PostAsync($"/v1/subscription_items/{item}", ("quantity", "9000000000000000")))
            .AssertError(HttpStatusCode.BadRequest, "amount_too_large", "quantity");
    }
}
