using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Coupons;

/// <summary>Coupons applied to an invoice (<c>discounts[][coupon]</c>): the amounts, the objects, the refusals (docs/endpoints-coupons.md).</summary>
[Collection(ServerCollection.Name)]
public sealed class InvoiceDiscountTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private async Task<string> CustomerAsync() => (await _client.PostAsync("/v1/customers", ("email", "d@example.com"))).AssertOk().Id;

    private async Task<string> CouponAsync(params (string, string)[] form) => (await _client.PostAsync("/v1/coupons", form)).AssertOk().Id;

    private async Task ItemAsync(string customer, string invoice, long amount, bool? discountable = null)
    {
        var form = new List<(string, string)> { ("customer", customer), ("invoice", invoice), ("amount", amount.ToString()), ("currency", "usd") };
        if (discountable is { } d) form.Add(("discountable", d ? "true" : "false"));
        (await _client.PostAsync("/v1/invoiceitems", [.. form])).AssertOk();
    }

    private static long L(JsonNode? n) => n!.GetValue<long>();

    [Fact]
    public async Task A_percent_off_coupon_takes_its_share_of_the_discountable_lines_and_the_invoice_is_paid_at_its_discounted_total()
    {
        var customer = await CustomerAsync();
        var coupon = await CouponAsync(("percent_off", "25"));
        var invoice = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("discounts[0][coupon]", coupon))).AssertOk().Id;
        await ItemAsync(customer, invoice, 1000);
        await ItemAsync(customer, invoice, 333);
        await ItemAsync(customer, invoice, 500, discountable: false);

        var b = (await _client.GetAsync($"/v1/invoices/{invoice}")).AssertOk().Body;
        var discount = b["discounts"]![0]!.GetValue<string>();
        Assert.StartsWith("di_", discount);
        Assert.Equal(1833, L(b["subtotal"]));
        Assert.Equal(1833, L(b["subtotal_excluding_tax"]));
        // 25% of the 1333 discountable: 333.25 → 333.
        Assert.Equal(1500, L(b["total"]));
        Assert.Equal(1500, L(b["total_excluding_tax"]));
        Assert.Equal(1500, L(b["amount_due"]));
        Assert.True(JsonNode.DeepEquals(new JsonArray(new JsonObject { ["amount"] = 333, ["discount"] = discount }), b["total_discount_amounts"]));
        var lines = b["lines"]!["data"]!.AsArray();
        // Lines in the order added: 1000, 333, then the non-discountable 500; shares 250 + 83 (333 × 1000/1333 = 249.8 → 250).
        Assert.Equal([250L, 83L, 0L], lines.Select(l => L(l!["discount_amounts"]![0]!["amount"])));
        Assert.All(lines, l => Assert.Equal(discount, l!["discount_amounts"]![0]!["discount"]!.GetValue<string>()));
        Assert.All(lines, l => Assert.Empty(l!["discounts"]!.AsArray()));
        var paged = (await _client.GetAsync($"/v1/invoices/{invoice}/lines")).AssertOk().Body["data"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(lines, paged));

        var open = (await _client.PostAsync($"/v1/invoices/{invoice}/finalize")).AssertOk().Body;
        Assert.Equal(1500, L(open["amount_remaining"]));
        // The hosted invoice page shows the discount between the subtotal and the total.
        using (var http = new HttpClient())
        {
            var page = await http.GetStringAsync(open["hosted_invoice_url"]!.GetValue<string>());
            Assert.Matches("Subtotal.*18\\.33.*Discount.*-.*3\\.33.*Total.*15\\.00", page.Replace("\n", " "));
        }
        var record = (await _client.PostAsync("/v1/payment_records/report_payment", ("amount_requested[currency]", "usd"),
            ("amount_requested[value]", "1500"), ("customer_details[customer]", customer), ("initiated_at", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString()),
            ("payment_method_details[type]", "custom"), ("payment_method_details[custom][display_name]", "Wire"), ("outcome", "guaranteed"),
            ("guaranteed[guaranteed_at]", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString()))).AssertOk().Id;
        var paid = (await _client.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("payment_record", record))).AssertOk().Body;
        Assert.Equal(("paid", 1500L, 0L), (paid["status"]!.GetValue<string>(), L(paid["amount_paid"]), L(paid["amount_remaining"])));
        Assert.Equal(1, L((await _client.GetAsync($"/v1/coupons/{coupon}")).AssertOk().Body["times_redeemed"]));
    }

    [Fact]
    public async Task Discounts_apply_in_order_to_what_the_ones_before_left_and_never_past_the_lines()
    {
        var customer = await CustomerAsync();
        var twenty = await CouponAsync(("percent_off", "20"));
        var five = await CouponAsync(("amount_off", "500"), ("currency", "usd"));
        async Task<JsonObject> Invoice(params string[] coupons)
        {
            var form = new List<(string, string)> { ("customer", customer) };
            for (var i = 0; i < coupons.Length; i++) form.Add(($"discounts[{i}][coupon]", coupons[i]));
            var id = (await _client.PostAsync("/v1/invoices", [.. form])).AssertOk().Id;
            await ItemAsync(customer, id, 10000);
            return (await _client.GetAsync($"/v1/invoices/{id}")).AssertOk().Body;
        }
        var percentFirst = await Invoice(twenty, five);
        Assert.Equal([2000L, 500L], percentFirst["total_discount_amounts"]!.AsArray().Select(a => L(a!["amount"])));
        Assert.Equal(7500, L(percentFirst["total"]));
        var amountFirst = await Invoice(five, twenty);
        Assert.Equal([500L, 1900L], amountFirst["total_discount_amounts"]!.AsArray().Select(a => L(a!["amount"])));
        Assert.Equal(7600, L(amountFirst["total"]));

        var big = await CouponAsync(("amount_off", "20000"), ("currency", "usd"));
        var capped = await Invoice(big);
        Assert.Equal((10000L, 0L, 0L), (L(capped["total_discount_amounts"]![0]!["amount"]), L(capped["total"]), L(capped["amount_due"])));
    }

    [Fact]
    public async Task Discounts_never_take_the_total_below_zero_when_negative_lines_lower_the_subtotal()
    {
        var customer = await CustomerAsync();
        var all = await CouponAsync(("percent_off", "100"));
        var invoice = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("discounts[0][coupon]", all))).AssertOk().Id;
        await ItemAsync(customer, invoice, 1000);
        await ItemAsync(customer, invoice, -500);
        var b = (await _client.GetAsync($"/v1/invoices/{invoice}")).AssertOk().Body;
        Assert.Equal((500L, 500L, 0L, 0L), (L(b["subtotal"]), L(b["total_discount_amounts"]![0]!["amount"]), L(b["total"]), L(b["amount_due"])));
        var finalized = (await _client.PostAsync($"/v1/invoices/{invoice}/finalize")).AssertOk().Body;
        Assert.Equal(("paid", 0L), (finalized["status"]!.GetValue<string>(), L(finalized["ending_balance"])));
        Assert.Equal(0, L((await _client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["balance"]));
    }

    [Fact]
    public async Task An_amount_off_share_is_split_by_line_and_the_cents_left_go_to_the_largest_remainders()
    {
        var customer = await CustomerAsync();
        var coupon = await CouponAsync(("amount_off", "100"), ("currency", "usd"));
        var invoice = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("discounts[0][coupon]", coupon))).AssertOk().Id;
        foreach (var amount in new[] { 100L, 100L, 100L }) await ItemAsync(customer, invoice, amount);
        var lines = (await _client.GetAsync($"/v1/invoices/{invoice}")).AssertOk().Body["lines"]!["data"]!.AsArray();
        // 33.33 each: 33, 33, 33 and the cent left to the first line in the invoice's order.
        Assert.Equal(100, lines.Sum(l => L(l!["discount_amounts"]![0]!["amount"])));
        Assert.Equal([34L, 33L, 33L], lines.Select(l => L(l!["discount_amounts"]![0]!["amount"])));
    }

    [Fact]
    public async Task Updating_a_drafts_discounts_replaces_keeps_or_clears_them()
    {
        var customer = await CustomerAsync();
        var ten = await CouponAsync(("percent_off", "10"));
        var fifty = await CouponAsync(("percent_off", "50"));
        var invoice = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("discounts[0][coupon]", ten))).AssertOk().Id;
        await ItemAsync(customer, invoice, 1000);
        var kept = (await _client.GetAsync($"/v1/invoices/{invoice}")).AssertOk().Body["discounts"]![0]!.GetValue<string>();

        var both = (await _client.PostAsync($"/v1/invoices/{invoice}", ("discounts[0][discount]", kept), ("discounts[1][coupon]", fifty))).AssertOk().Body;
        Assert.Equal(kept, both["discounts"]![0]!.GetValue<string>());
        Assert.Equal(450, L(both["total"]));
        var expanded = (await _client.GetAsync($"/v1/invoices/{invoice}", ("expand[]", "discounts"), ("expand[]", "total_discount_amounts.discount"))).AssertOk().Body;
        var first = expanded["discounts"]![0]!;
        Assert.Equal(("discount", ten, invoice, customer), (first["object"]!.GetValue<string>(), first["source"]!["coupon"]!.GetValue<string>(),
            first["invoice"]!.GetValue<string>(), first["customer"]!.GetValue<string>()));
        Assert.Null(first["subscription"]);
        Assert.Equal("discount", expanded["total_discount_amounts"]![1]!["discount"]!["object"]!.GetValue<string>());

        var cleared = (await _client.PostAsync($"/v1/invoices/{invoice}", ("discounts", ""))).AssertOk().Body;
        Assert.Empty(cleared["discounts"]!.AsArray());
        Assert.Empty(cleared["total_discount_amounts"]!.AsArray());
        Assert.Equal(1000, L(cleared["total"]));
        Assert.Empty(cleared["lines"]!["data"]![0]!["discount_amounts"]!.AsArray());

        (await _client.PostAsync($"/v1/invoices/{invoice}/finalize")).AssertOk();
        (await _client.PostAsync($"/v1/invoices/{invoice}", ("discounts[0][coupon]", ten))).AssertError(HttpStatusCode.BadRequest, param: "discounts");
    }

    [Fact]
    public async Task A_used_up_coupon_another_currency_a_repeat_or_a_coupon_limited_to_products_is_refused_and_nothing_is_written()
    {
        var customer = await CustomerAsync();
        var once = await CouponAsync(("percent_off", "10"), ("max_redemptions", "1"));
        (await _client.PostAsync("/v1/invoices", ("customer", customer), ("discounts[0][coupon]", once))).AssertOk();
        Assert.False((await _client.GetAsync($"/v1/coupons/{once}")).AssertOk().Body["valid"]!.GetValue<bool>());
        var expired = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("discounts[0][coupon]", once)))
            .AssertError(HttpStatusCode.BadRequest, "coupon_expired", "discounts[0][coupon]");
        Assert.Equal($"Coupon expired: {once}", expired.ErrorMessage);

        var euros = await CouponAsync(("amount_off", "100"), ("currency", "eur"));
        (await _client.PostAsync("/v1/invoices", ("customer", customer), ("currency", "usd"), ("discounts[0][coupon]", euros)))
            .AssertError(HttpStatusCode.BadRequest, param: "discounts[0][coupon]");
        var ten = await CouponAsync(("percent_off", "10"));
        (await _client.PostAsync("/v1/invoices", ("customer", customer), ("discounts[0][coupon]", ten), ("discounts[1][coupon]", ten)))
            .AssertError(HttpStatusCode.BadRequest, param: "discounts[1][coupon]");
        var product = (await _client.PostAsync("/v1/products", ("name", "Seat"))).AssertOk().Id;
        var limited = await CouponAsync(("percent_off", "10"), ("applies_to[products][0]", product));
        (await _client.PostAsync("/v1/invoices", ("customer", customer), ("discounts[0][coupon]", limited)))
            .AssertError(HttpStatusCode.BadRequest, param: "discounts[0][coupon]");
        Assert.Single((await _client.GetAsync("/v1/invoices", ("customer", customer))).AssertOk().Body["data"]!.AsArray());
        Assert.Equal(0, L((await _client.GetAsync($"/v1/coupons/{ten}")).AssertOk().Body["times_redeemed"]));
        // An invoice item's own discounts are not applied yet: refused, never dropped.
        var invoice = (await _client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;
        (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", invoice), ("amount", "100"), ("currency", "usd"), ("discounts[0][coupon]", ten)))
            .AssertError(HttpStatusCode.BadRequest, param: "discounts[0][coupon]");
    }

    [Fact]
    public async Task A_discounted_invoice_is_credited_by_amount_up_to_its_discounted_total_and_not_by_lines()
    {
        var customer = await CustomerAsync();
        var coupon = await CouponAsync(("percent_off", "50"));
        var invoice = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("discounts[0][coupon]", coupon))).AssertOk().Id;
        await ItemAsync(customer, invoice, 1000);
        var line = (await _client.PostAsync($"/v1/invoices/{invoice}/finalize")).AssertOk().Body["lines"]!["data"]![0]!["id"]!.GetValue<string>();
        (await _client.PostAsync("/v1/credit_notes", ("invoice", invoice), ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", line),
            ("lines[0][quantity]", "1"))).AssertError(HttpStatusCode.BadRequest, param: "lines");
        (await _client.PostAsync("/v1/credit_notes", ("invoice", invoice), ("amount", "501"))).AssertError(HttpStatusCode.BadRequest);
        var note = (await _client.PostAsync("/v1/credit_notes", ("invoice", invoice), ("amount", "500"))).AssertOk().Body;
        Assert.Equal(500, L(note["total"]));
        Assert.Equal(0, L((await _client.GetAsync($"/v1/invoices/{invoice}")).AssertOk().Body["amount_remaining"]));
    }
}
