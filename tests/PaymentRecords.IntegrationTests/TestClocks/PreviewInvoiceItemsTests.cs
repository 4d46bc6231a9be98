using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// <c>POST /v1/invoices/create_preview</c> with <c>invoice_items</c> (Stripe's *Preview an invoice* guide): alone, with
/// a new subscription, and with an existing one; nothing of the preview is stored.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PreviewInvoiceItemsTests(ServerFixture fixture)
{
    private static List<(long Amount, string? Description)> Lines(JsonNode invoice) =>
        invoice["lines"]!["data"]!.AsArray().Select(l => (Long(l!["amount"]), l["description"]?.GetValue<string>())).ToList();

    private static Task<StripeResponse> PreviewAsync(ClockKit kit, params (string, string)[] form) =>
        kit.Client.PostAsync("/v1/invoices/create_preview", form);

    private static async Task<int> PendingAsync(ClockKit kit, string customer) =>
        (await kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray().Count;

    [Fact]
    public async Task Items_alone_preview_a_one_off_invoice_of_just_those_items_and_store_nothing()
    {
        var kit = new ClockKit(fixture.Client());
        var (customer, _) = await kit.CustomerAsync(await kit.ClockAsync(Jan10));
        var service = await kit.Subs.PriceAsync(29900, recurring: false);
        (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "100"), ("currency", "usd"), ("description", "Already pending"))).AssertOk();
        var eventsBefore = (await kit.Subs.EventsAsync()).Count;

        var preview = (await PreviewAsync(kit, ("customer", customer), ("invoice_items[0][price]", service),
            ("invoice_items[1][amount]", "2900"), ("invoice_items[1][currency]", "usd"), ("invoice_items[1][description]", "Material A"),
            ("invoice_items[2][unit_amount]", "450"), ("invoice_items[2][quantity]", "2"), ("invoice_items[2][description]", "Screws"))).AssertOk().Body;
        Assert.StartsWith("upcoming_in_", Str(preview["id"]));
        Assert.Equal(("upcoming", "draft", customer, "usd"), (Str(preview["billing_reason"]), Str(preview["status"]), Str(preview["customer"]), Str(preview["currency"])));
        // The item already pending is not on it: an invoice created now leaves pending items out by default.
        Assert.Equal([29900L, 2900L, 900L], Lines(preview).Select(l => l.Amount));
        Assert.Equal(("Material A", "Screws"), (Lines(preview)[1].Description, Lines(preview)[2].Description));
        Assert.Equal(33700L, Long(preview["amount_due"]));
        Assert.Equal(Jan10.ToUnixTimeSeconds(), Long(preview["created"]));

        Assert.Empty(await kit.InvoicesAsync(customer));
        Assert.Equal(1, await PendingAsync(kit, customer));
        Assert.Equal(eventsBefore, (await kit.Subs.EventsAsync()).Count);
    }

    [Fact]
    public async Task Items_alone_for_no_customer_name_none_and_leave_no_customer()
    {
        var kit = new ClockKit(fixture.Client());
        var preview = (await PreviewAsync(kit, ("invoice_items[0][amount]", "1500"), ("invoice_items[0][currency]", "eur"))).AssertOk().Body;
        Assert.Null(preview["customer"]);
        Assert.Equal(("eur", 1500L), (Str(preview["currency"]), Long(preview["amount_due"])));
        Assert.Empty((await kit.Client.GetAsync("/v1/customers")).AssertOk().Body["data"]!.AsArray());
        Assert.Empty(await kit.Subs.EventsAsync());

        // An idempotency key replays the answer byte for byte, and still nothing is left.
        var first = (await kit.Client.PostIdempotentAsync("/v1/invoices/create_preview", "items-preview-1", ("invoice_items[0][amount]", "1500"))).AssertOk();
        var replay = (await kit.Client.PostIdempotentAsync("/v1/invoices/create_preview", "items-preview-1", ("invoice_items[0][amount]", "1500"))).AssertOk();
        Assert.Equal(first.Raw, replay.Raw);
        Assert.Empty((await kit.Client.GetAsync("/v1/customers")).AssertOk().Body["data"]!.AsArray());
    }

    [Fact]
    public async Task Items_with_a_new_subscription_go_on_its_first_invoice_as_pending_items_would()
    {
        // The guide's second call: a recurring price and two one-off items.
        var kit = new ClockKit(fixture.Client());
        var (customer, _) = await kit.CustomerAsync(await kit.ClockAsync(Jan10));
        var plan = await kit.Subs.PriceAsync(4900);
        var eventsBefore = (await kit.Subs.EventsAsync()).Count;
        var preview = (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", plan),
            ("invoice_items[0][amount]", "29900"), ("invoice_items[0][description]", "Setup"))).AssertOk().Body;
        Assert.Equal([(29900L, (string?)"Setup"), (4900L, "1 × Gold (at $49.00 / month)")], Lines(preview));
        Assert.Equal(34800L, Long(preview["amount_due"]));
        Assert.Equal(0, await PendingAsync(kit, customer));
        Assert.Empty((await kit.Client.GetAsync("/v1/subscriptions", ("customer", customer), ("status", "all"))).AssertOk().Body["data"]!.AsArray());
        Assert.Empty(await kit.InvoicesAsync(customer));
        Assert.Equal(eventsBefore, (await kit.Subs.EventsAsync()).Count);

        // With an anchor and proration_behavior=none the first period makes no invoice: the items would not be on it.
        (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", plan),
            ("subscription_details[billing_cycle_anchor]", S(Jan10.AddDays(10))), ("subscription_details[proration_behavior]", "none"),
            ("invoice_items[0][amount]", "100"))).AssertError(HttpStatusCode.BadRequest, param: "invoice_items");

        (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", plan),
            ("invoice_items[0][amount]", "100"), ("invoice_items[1][amount]", "100"), ("invoice_items[1][currency]", "eur")))
            .AssertError(HttpStatusCode.BadRequest, param: "invoice_items[1][currency]");
    }

    [Fact]
    public async Task Items_with_an_existing_subscription_go_first_on_its_next_renewal()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var sub = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());
        var preview = (await PreviewAsync(kit, ("subscription", sub), ("invoice_items[0][amount]", "1200"), ("invoice_items[0][description]", "Overage"))).AssertOk().Body;
        Assert.Equal([(1200L, (string?)"Overage"), (2500L, "1 × Gold (at $25.00 / month)")], Lines(preview));
        Assert.Equal(Jan10.AddMonths(1).ToUnixTimeSeconds(), Long(preview["created"]));
        Assert.Equal(0, await PendingAsync(kit, customer));
        var plain = (await PreviewAsync(kit, ("subscription", sub))).AssertOk().Body;
        Assert.Equal([2500L], Lines(plain).Select(l => l.Amount));

        (await PreviewAsync(kit, ("subscription", sub), ("invoice_items[0][amount]", "1200"), ("invoice_items[0][currency]", "eur")))
            .AssertError(HttpStatusCode.BadRequest, param: "invoice_items[0][currency]");

        // With a change: the change's prorations and the items, then the renewal at the new quantity.
        var item = Str((await kit.Subs.GetAsync(sub))["items"]!["data"]![0]!["id"]);
        var changed = (await PreviewAsync(kit, ("subscription", sub), ("subscription_details[items][0][id]", item),
            ("subscription_details[items][0][quantity]", "2"), ("subscription_details[proration_behavior]", "none"),
            ("invoice_items[0][amount]", "300"), ("invoice_items[0][description]", "Extra"))).AssertOk().Body;
        Assert.Equal([(300L, (string?)"Extra"), (5000L, "2 × Gold (at $25.00 / month)")], Lines(changed));

        // The renewal takes pending items only in the room its own line leaves: 250 more would not all fit.
        var form = new List<(string, string)> { ("subscription", sub) };
        for (var i = 0; i < 250; i++) form.Add(($"invoice_items[{i}][amount]", "1"));
        (await PreviewAsync(kit, [.. form])).AssertError(HttpStatusCode.BadRequest, param: "invoice_items");
        Assert.Equal(0, await PendingAsync(kit, customer));
    }

    [Fact]
    public async Task Preview_mode_recurring_leaves_out_the_one_off_items_and_prorations()
    {
        // The guide: "The resulting invoice only contains the 49 USD per month support plan".
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var plan = await kit.Subs.PriceAsync(4900);
        var recurring = (await PreviewAsync(kit, ("customer", customer), ("preview_mode", "recurring"), ("subscription_details[items][0][price]", plan),
            ("invoice_items[0][amount]", "29900"), ("invoice_items[1][amount]", "9900"))).AssertOk().Body;
        Assert.Equal([(4900L, (string?)"1 × Gold (at $49.00 / month)")], Lines(recurring));
        Assert.Equal((4900L, 4900L), (Long(recurring["subtotal"]), Long(recurring["amount_due"])));
        var next = (await PreviewAsync(kit, ("customer", customer), ("preview_mode", "next"), ("subscription_details[items][0][price]", plan),
            ("invoice_items[0][amount]", "29900"))).AssertOk().Body;
        Assert.Equal(34800L, Long(next["amount_due"]));

        // An existing subscription's change: its prorations are one-off too; the next period's charge stays.
        var sub = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());
        var item = Str((await kit.Subs.GetAsync(sub))["items"]!["data"]![0]!["id"]);
        await kit.AdvanceAsync(clock, Jan10.AddDays(10));
        var changed = (await PreviewAsync(kit, ("subscription", sub), ("preview_mode", "recurring"), ("subscription_details[items][0][id]", item),
            ("subscription_details[items][0][quantity]", "3"), ("invoice_items[0][amount]", "100"))).AssertOk().Body;
        Assert.Equal([(7500L, (string?)"3 × Gold (at $25.00 / month)")], Lines(changed));
        Assert.Equal(7500L, Long(changed["amount_due"]));

        // Items alone are all one-off.
        var alone = (await PreviewAsync(kit, ("customer", customer), ("preview_mode", "recurring"), ("invoice_items[0][amount]", "100"))).AssertOk().Body;
        Assert.Empty(Lines(alone));
        Assert.Equal(0L, Long(alone["amount_due"]));
    }

    [Fact]
    public async Task A_bad_item_is_refused_naming_it_under_invoice_items()
    {
        var kit = new ClockKit(fixture.Client());
        var (customer, _) = await kit.CustomerAsync(await kit.ClockAsync(Jan10));
        var missing = (await PreviewAsync(kit, ("customer", customer), ("invoice_items[0][amount]", "100"), ("invoice_items[1][description]", "no amount")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "invoice_items[1][amount]");
        Assert.Equal("Missing required param: invoice_items[1][amount].", missing.ErrorMessage);
        (await PreviewAsync(kit, ("customer", customer), ("invoice_items[0][unit_amount]", "100"), ("invoice_items[0][unit_amount_decimal]", "100")))
            .AssertError(HttpStatusCode.BadRequest, "parameters_exclusive", "invoice_items[0][unit_amount]");
        // unit_amount is the create's unit_amount_decimal, named as the entry gave it.
        var tooLarge = (await PreviewAsync(kit, ("customer", customer), ("invoice_items[0][unit_amount]", "100000000000")))
            .AssertError(HttpStatusCode.BadRequest, param: "invoice_items[0][unit_amount]");
        Assert.DoesNotContain("decimal", tooLarge.ErrorMessage);
        // The preview is in currency (else the customer's): a price in another is refused naming the item's price.
        var usd = await kit.Subs.PriceAsync(500, recurring: false);
        (await PreviewAsync(kit, ("customer", customer), ("currency", "eur"), ("invoice_items[0][price]", usd)))
            .AssertError(HttpStatusCode.BadRequest, param: "invoice_items[0][price]");
        var inEur = (await PreviewAsync(kit, ("customer", customer), ("currency", "eur"), ("invoice_items[0][amount]", "700")))
            .AssertOk().Body;
        Assert.Equal(("eur", 700L), (Str(inEur["currency"]), Long(inEur["amount_due"])));
        (await PreviewAsync(kit, ("customer", customer), ("invoice_items[0][price]", "price_missing")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice_items[0][price]");
        (await PreviewAsync(kit, ("customer", customer), ("invoice_items[0][invoiceitem]", "ii_123")))
            .AssertError(HttpStatusCode.BadRequest, param: "invoice_items[0][invoiceitem]");
        (await PreviewAsync(kit, ("customer", customer), ("invoice_items[0][amount]", "100"),
            ("invoice_items[0][period][start]", S(Jan10)), ("invoice_items[0][period][end]", S(Jan10.AddDays(-1)))))
            .AssertError(HttpStatusCode.BadRequest, param: "invoice_items[0][period]");
        (await PreviewAsync(kit, ("customer", "cus_missing"), ("invoice_items[0][amount]", "100")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "customer");
        Assert.Empty(await kit.InvoicesAsync(customer));
    }
}
