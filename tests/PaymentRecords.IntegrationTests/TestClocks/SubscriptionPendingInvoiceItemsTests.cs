using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// Pending invoice items and a subscription's invoices: a customer's items go on the next cycle invoice ("invoice items
/// are always added to the next invoice to be charged"); one created with <c>subscription</c> waits for that
/// subscription's; an invoice created with <c>subscription</c> bills that subscription's pending items only.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SubscriptionPendingInvoiceItemsTests(ServerFixture fixture)
{
    private static async Task<JsonObject> PendingItemAsync(StripeTestClient client, string customer, long amount, string currency = "usd",
        params (string, string)[] extra) =>
        (await client.PostAsync("/v1/invoiceitems", [("customer", customer), ("amount", S(amount)), ("currency", currency), .. extra])).AssertOk().Body;

    private static async Task<List<string>> PendingIdsAsync(StripeTestClient client, string customer) =>
        (await client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray()
            .Select(i => Str(i!["id"])).ToList();

    private static async Task<JsonArray> DraftsAsync(StripeTestClient client, string subscription) =>
        (await client.GetAsync("/v1/invoices", ("subscription", subscription), ("status", "draft"))).AssertOk().Body["data"]!.AsArray();

    /// <summary>The invoice items behind the lines, in order (a proration's line is a subscription item's, with its invoice item).</summary>
    private static List<string> LineItemIds(JsonNode invoice) =>
        invoice["lines"]!["data"]!.AsArray().Select(l => l!["parent"]!).Select(p => p[Str(p["type"])]!["invoice_item"])
            .Where(i => i is not null).Select(Str).ToList();

    [Fact]
    public async Task A_customers_pending_item_goes_first_on_the_subscriptions_first_invoice_and_one_in_another_currency_waits()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var usd = await PendingItemAsync(kit.Client, customer, 700);
        var eur = await PendingItemAsync(kit.Client, customer, 300, "eur");

        var created = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(2500), ("default_payment_method", pm))).AssertOk().Body;
        var invoice = created["latest_invoice"]!;
        Assert.Equal((3200L, "open"), (Long(invoice["amount_due"]), Str(invoice["status"])));
        var first = invoice["lines"]!["data"]![0]!;
        Assert.Equal((Str(usd["id"]), 700L), (Str(first["parent"]!["invoice_item_details"]!["invoice_item"]), Long(first["amount"])));
        // The item keeps naming no subscription; its line is on the subscription's invoice.
        var item = (await kit.Client.GetAsync($"/v1/invoiceitems/{Str(usd["id"])}")).AssertOk().Body;
        Assert.Equal(Str(invoice["id"]), Str(item["invoice"]));
        Assert.Null(item["parent"]);
        Assert.Equal([Str(eur["id"])], await PendingIdsAsync(kit.Client, customer));
    }

    [Fact]
    public async Task A_renewal_takes_the_customers_items_and_its_own_and_leaves_another_subscriptions()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var first = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync(2500));
        await kit.AdvanceAsync(clock, Jan10.AddDays(10));
        var second = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync(2500));

        var own = await PendingItemAsync(kit.Client, customer, 400, extra: ("subscription", first));
        Assert.Equal(("subscription_details", first), (Str(own["parent"]!["type"]), Str(own["parent"]!["subscription_details"]!["subscription"])));
        var other = await PendingItemAsync(kit.Client, customer, 90, extra: ("subscription", second));
        var loose = await PendingItemAsync(kit.Client, customer, 150);

        // The first subscription's renewal preview shows what its renewal will take: its own item and the customer's.
        var preview = (await kit.Client.PostAsync("/v1/invoices/create_preview", ("subscription", first))).AssertOk().Body;
        Assert.Equal(3050, Long(preview["total"]));
        Assert.Equal([Str(own["id"]), Str(loose["id"])], LineItemIds(preview));

        await kit.AdvanceAsync(clock, Jan10.AddMonths(1).AddHours(2));
        var renewal = (await kit.InvoicesAsync(customer)).Single(i => Str(i["billing_reason"]) == "subscription_cycle");
        Assert.Equal((first, 3050L), (Str(renewal["parent"]!["subscription_details"]!["subscription"]), Long(renewal["total"])));
        Assert.Equal([Str(own["id"]), Str(loose["id"])], LineItemIds(renewal));
        Assert.Equal([Str(other["id"])], await PendingIdsAsync(kit.Client, customer));

        await kit.AdvanceAsync(clock, Jan10.AddDays(10).AddMonths(1).AddHours(2));
        var secondRenewal = (await kit.InvoicesAsync(customer)).Where(i => Str(i["billing_reason"]) == "subscription_cycle")
            .Single(i => Str(i["parent"]!["subscription_details"]!["subscription"]) == second);
        Assert.Equal(2590, Long(secondRenewal["total"]));
        Assert.Empty(await PendingIdsAsync(kit.Client, customer));
    }

    [Fact]
    public async Task An_item_for_a_subscription_must_be_in_its_customer_and_currency_and_nothing_is_written_otherwise()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync(2500));
        var (stranger, _) = await kit.CustomerAsync(clock);

        (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", stranger), ("amount", "100"), ("currency", "usd"), ("subscription", subscription)))
            .AssertError(HttpStatusCode.BadRequest, param: "subscription");
        (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "100"), ("currency", "eur"), ("subscription", subscription)))
            .AssertError(HttpStatusCode.BadRequest, param: "currency");
        (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "100"), ("subscription", "sub_missing")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "subscription");
        Assert.Empty(await PendingIdsAsync(kit.Client, customer));
        Assert.Empty(await PendingIdsAsync(kit.Client, stranger));

        // No currency given: the subscription's.
        var item = await PendingItemAsync(kit.Client, customer, 100, extra: ("subscription", subscription));
        Assert.Equal("usd", Str(item["currency"]));
    }

    [Fact]
    public async Task An_invoice_created_for_a_subscription_bills_its_prorations_only_and_nothing_pending_is_refused()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync(2500));
        var latest = Str((await kit.Subs.GetAsync(subscription))["latest_invoice"]);
        await kit.AdvanceAsync(clock, Jan10.AddDays(10));
        var itemId = Str((await kit.Subs.GetAsync(subscription))["items"]!["data"]![0]!["id"]);
        (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("items[0][id]", itemId), ("items[0][quantity]", "3"))).AssertOk();
        var prorations = (await kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray()
            .Select(i => i!.AsObject()).ToList();
        Assert.NotEmpty(prorations);
        var loose = await PendingItemAsync(kit.Client, customer, 150);

        var both = (await kit.Client.PostAsync("/v1/invoices", ("customer", customer), ("subscription", subscription), ("pending_invoice_items_behavior", "include")))
            .AssertError(HttpStatusCode.BadRequest, param: "pending_invoice_items_behavior");
        Assert.Equal("You may only specify one of these parameters: pending_invoice_items_behavior, subscription.", Str(both.Body["error"]!["message"]));
        var invoice = (await kit.Client.PostAsync("/v1/invoices", ("customer", customer), ("subscription", subscription))).AssertOk().Body;
        Assert.Equal(("draft", "manual", subscription), (Str(invoice["status"]), Str(invoice["billing_reason"]),
            Str(invoice["parent"]!["subscription_details"]!["subscription"])));
        Assert.Equal(prorations.Sum(p => Long(p["amount"])), Long(invoice["total"]));
        Assert.Equal(prorations.Select(p => Str(p["id"])).Order(), LineItemIds(invoice).Order());
        Assert.Equal([Str(loose["id"])], await PendingIdsAsync(kit.Client, customer));
        Assert.Equal(latest, Str((await kit.Subs.GetAsync(subscription))["latest_invoice"]));
        Assert.Single(await DraftsAsync(kit.Client, subscription));

        var nothing = (await kit.Client.PostAsync("/v1/invoices", ("customer", customer), ("subscription", subscription)))
            .AssertError(HttpStatusCode.BadRequest, "invoice_no_subscription_line_items");
        Assert.Equal("Nothing to invoice for subscription", Str(nothing.Body["error"]!["message"]));
        var (stranger, _) = await kit.CustomerAsync(clock);
        (await kit.Client.PostAsync("/v1/invoices", ("customer", stranger), ("subscription", subscription)))
            .AssertError(HttpStatusCode.BadRequest, param: "subscription");
        Assert.Single(await DraftsAsync(kit.Client, subscription));
    }
}
