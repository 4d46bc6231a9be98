using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary><c>add_invoice_items</c> on subscription create: one-time prices billed with the subscription's next invoice.</summary>
[Collection(ServerCollection.Name)]
public sealed class AddInvoiceItemsTests(ServerFixture fixture)
{

    private static async Task<string> OneTimePriceAsync(StripeTestClient client, long amount, string currency = "usd") =>
        (await client.PostAsync("/v1/prices", ("currency", currency), ("unit_amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("product_data[name]", "Setup fee"))).AssertOk().Id;

    [Fact]
    public async Task A_setup_fee_goes_on_the_first_invoice_as_an_invoice_item_of_the_subscription()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var fee = await OneTimePriceAsync(kit.Client, 5000);
        var created = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(2500), ("default_payment_method", pm),
            ("add_invoice_items[0][price]", fee), ("add_invoice_items[0][quantity]", "2"), ("add_invoice_items[0][metadata][kind]", "setup"))).AssertOk().Body;
        var subscription = Str(created["id"]);
        var invoice = created["latest_invoice"]!;
        Assert.Equal(12500, Long(invoice["amount_due"]));
        var lines = invoice["lines"]!["data"]!.AsArray().Select(l => l!.AsObject()).ToList();
        Assert.Equal(2, lines.Count);
        var setup = lines.Single(l => Str(l["parent"]!["type"]) == "invoice_item_details");
        Assert.Equal((10000L, 2L, "Setup fee", subscription), (Long(setup["amount"]), Long(setup["quantity"]), Str(setup["description"]),
            Str(setup["parent"]!["invoice_item_details"]!["subscription"])));
        Assert.Equal(subscription, Str(setup["subscription"]));
        Assert.Equal("setup", Str(setup["metadata"]!["kind"]));
        var itemsEnd = Long(created["items"]!["data"]![0]!["current_period_end"]);
        Assert.Equal((Jan10.ToUnixTimeSeconds(), itemsEnd), (Long(setup["period"]!["start"]), Long(setup["period"]!["end"])));

        var itemId = Str(setup["parent"]!["invoice_item_details"]!["invoice_item"]);
        var item = (await kit.Client.GetAsync($"/v1/invoiceitems/{itemId}")).AssertOk().Body;
        Assert.Equal(("subscription_details", subscription), (Str(item["parent"]!["type"]), Str(item["parent"]!["subscription_details"]!["subscription"])));
        Assert.Equal(fee, Str(item["pricing"]!["price_details"]!["price"]));
        Assert.Equal([itemId], (await kit.Subs.EventsAsync("invoiceitem.created")).Select(e => Str(e["data"]!["object"]!["id"])));

        // Paid, then renewed: the fee is not billed again.
        (await kit.Subs.AttachAsync(Str(invoice["id"]), await kit.Subs.ReportAsync(customer, pm, 12500))).AssertOk();
        await kit.AdvanceAsync(clock, Jan10.AddMonths(1).AddHours(2));
        Assert.Equal(2500, Long((await kit.InvoicesAsync(customer))[^1]["total"]));
    }

    [Fact]
    public async Task With_a_free_first_period_the_item_waits_for_the_first_renewal()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var feb1 = new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero);
        var created = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(3100), ("default_payment_method", pm),
            ("billing_cycle_anchor", S(feb1)), ("proration_behavior", "none"), ("add_invoice_items[0][price]", await OneTimePriceAsync(kit.Client, 900)),
            ("add_invoice_items[0][period][start][type]", "now"), ("add_invoice_items[0][period][end][type]", "timestamp"),
            ("add_invoice_items[0][period][end][timestamp]", S(Jan10.AddDays(1))))).AssertOk().Body;
        Assert.Null(created["latest_invoice"]);
        var pending = (await kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray();
        var item = Assert.Single(pending)!;
        Assert.Equal((900L, Jan10.ToUnixTimeSeconds(), Jan10.AddDays(1).ToUnixTimeSeconds()),
            (Long(item["amount"]), Long(item["period"]!["start"]), Long(item["period"]!["end"])));

        // The renewal's preview shows the pending item first, as the renewal will bill it, and leaves it pending.
        var preview = (await kit.Client.PostAsync("/v1/invoices/create_preview", ("subscription", Str(created["id"])))).AssertOk().Body;
        Assert.Equal(4000, Long(preview["total"]));
        Assert.Equal(Str(item["id"]), Str(preview["lines"]!["data"]![0]!["parent"]!["invoice_item_details"]!["invoice_item"]));
        Assert.Single((await kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray());

        await kit.AdvanceAsync(clock, feb1.AddHours(2));
        var first = Assert.Single(await kit.InvoicesAsync(customer));
        Assert.Equal(("subscription_cycle", 4000L), (Str(first["billing_reason"]), Long(first["total"])));
        // invoice.upcoming (three days before) showed it too.
        var upcoming = Assert.Single(await kit.Subs.EventsAsync("invoice.upcoming"));
        Assert.Equal(4000, Long(upcoming["data"]!["object"]!["total"]));
    }

    [Fact]
    public async Task A_recurring_or_foreign_price_or_price_data_of_a_missing_product_is_refused_and_nothing_is_written()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var price = await kit.Subs.PriceAsync(2500);
        var recurring = (await kit.Subs.CreateAsync(customer, price, ("add_invoice_items[0][price]", await kit.Subs.PriceAsync(100))))
            .AssertError(HttpStatusCode.BadRequest, param: "add_invoice_items[0][price]");
        Assert.Equal("The price specified is set to `type=recurring` but this field only accepts prices with `type=one_time`.",
            Str(recurring.Body["error"]!["message"]));
        (await kit.Subs.CreateAsync(customer, price, ("add_invoice_items[0][price]", await OneTimePriceAsync(kit.Client, 100, "eur"))))
            .AssertError(HttpStatusCode.BadRequest, param: "add_invoice_items[0][price]");
        (await kit.Subs.CreateAsync(customer, price, ("add_invoice_items[0][price]", "price_nope")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "add_invoice_items[0][price]");
        (await kit.Subs.CreateAsync(customer, price, ("add_invoice_items[0][price_data][currency]", "usd"),
            ("add_invoice_items[0][price_data][product]", "prod_x"), ("add_invoice_items[0][price_data][unit_amount]", "5")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "add_invoice_items[0][price_data][product]");
        (await kit.Subs.CreateAsync(customer, price, ("add_invoice_items[0][price]", await OneTimePriceAsync(kit.Client, 100)),
            ("add_invoice_items[0][period][start][type]", "now"), ("add_invoice_items[0][period][end][type]", "timestamp"),
            ("add_invoice_items[0][period][end][timestamp]", S(Jan10.AddDays(-1)))))
            .AssertError(HttpStatusCode.BadRequest, param: "add_invoice_items[0][period]");
        (await kit.Subs.CreateAsync(customer, price, ("add_invoice_items[0][price]", await OneTimePriceAsync(kit.Client, 100)),
            ("add_invoice_items[0][quantity]", "9223372036854775807")))
            .AssertError(HttpStatusCode.BadRequest, "amount_too_large", "add_invoice_items[0][quantity]");
        (await kit.Subs.CreateAsync(customer, price, ("items[0][quantity]", "9223372036854775807")))
            .AssertError(HttpStatusCode.BadRequest, "amount_too_large", "items[0][quantity]");
        Assert.Empty((await kit.Client.GetAsync("/v1/subscriptions", ("customer", customer))).AssertOk().Body["data"]!.AsArray());
        Assert.Empty((await kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer))).AssertOk().Body["data"]!.AsArray());
        _ = pm;
    }
}
