using PaymentRecords.IntegrationTests.Contract;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;

namespace PaymentRecords.IntegrationTests.Subscriptions;

/// <summary>subscription and subscription_item in every status built (incomplete, active, canceled), against the spec.</summary>
[Collection(ServerCollection.Name)]
public sealed class SubscriptionContractTests(ServerFixture fixture)
{
    private readonly SubscriptionKit _kit = new(fixture.Client());

    [Fact]
    public async Task Subscriptions_and_items_match_the_schema_in_every_status()
    {
        var price = await _kit.PriceAsync(1000);
        var (customer, pm) = await _kit.CustomerAsync();
        var incomplete = (await _kit.CreateAsync(customer, price, ("metadata[k]", "v"), ("description", "d"),
            ("expand[]", "customer"), ("default_payment_method", pm), ("expand[]", "default_payment_method"))).AssertOk().Body;
        ContractAssert.Matches("subscription", incomplete);
        ContractAssert.Matches("invoice", incomplete["latest_invoice"]);
        ContractAssert.Matches("customer", incomplete["customer"]);
        ContractAssert.Matches("payment_method", incomplete["default_payment_method"]);
        var id = Str(incomplete["id"]);
        var invoice = Str(incomplete["latest_invoice"]!["id"]);
        ContractAssert.MatchesList("line_item", (await _kit.Client.GetAsync($"/v1/invoices/{invoice}/lines", ("expand[]", "data.subscription"))).AssertOk().Body);
        ContractAssert.Matches("invoice", (await _kit.Client.GetAsync($"/v1/invoices/{invoice}", ("expand[]", "parent.subscription_details.subscription"))).AssertOk().Body);

        var record = await _kit.ReportAsync(customer, pm, 1000);
        (await _kit.AttachAsync(invoice, record)).AssertOk();
        var active = await _kit.GetAsync(id);
        Assert.Equal("active", Str(active["status"]));
        ContractAssert.Matches("subscription", active);
        ContractAssert.Matches("subscription", (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("cancel_at_period_end", "true"))).AssertOk().Body);

        var sendInvoice = (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("collection_method", "send_invoice"), ("days_until_due", "7"))).AssertOk().Body;
        ContractAssert.Matches("subscription", sendInvoice);
        var itemId = Str(sendInvoice["items"]!["data"]![0]!["id"]);
        ContractAssert.Matches("subscription_item", (await _kit.Client.GetAsync($"/v1/subscription_items/{itemId}")).AssertOk().Body);
        ContractAssert.MatchesList("subscription_item", (await _kit.Client.GetAsync("/v1/subscription_items", ("subscription", id))).AssertOk().Body);

        var canceled = (await _kit.Client.DeleteAsync($"/v1/subscriptions/{id}")).AssertOk().Body;
        Assert.Equal("canceled", Str(canceled["status"]));
        ContractAssert.Matches("subscription", canceled);
        ContractAssert.MatchesList("subscription", (await _kit.Client.GetAsync("/v1/subscriptions", ("status", "all"), ("expand[]", "data.latest_invoice"))).AssertOk().Body);
        foreach (var e in await _kit.EventsAsync())
            if (Str(e["type"]).StartsWith("customer.subscription.", StringComparison.Ordinal)) ContractAssert.Matches("subscription", e["data"]!["object"]);

        ContractAssert.Matches("error", (await _kit.Client.GetAsync("/v1/subscriptions/sub_missing")).Body);
        ContractAssert.Matches("error", (await _kit.Client.DeleteAsync($"/v1/subscriptions/{id}")).Body);
    }

    [Fact]
    public async Task Item_changes_prorations_and_their_invoice_match_the_schema()
    {
        var price = await _kit.PriceAsync(3000, interval: "day", intervalCount: 30);
        var other = await _kit.PriceAsync(600, interval: "day", intervalCount: 30);
        var (customer, _) = await _kit.CustomerAsync();
        var sub = (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("collection_method", "send_invoice"), ("days_until_due", "30"))).AssertOk().Body;
        var id = Str(sub["id"]);
        var item = Str(sub["items"]!["data"]![0]!["id"]);

        var created = (await _kit.Client.PostAsync("/v1/subscription_items", ("subscription", id), ("price", other))).AssertOk().Body;
        ContractAssert.Matches("subscription_item", created);
        var updated = (await _kit.Client.PostAsync($"/v1/subscription_items/{Str(created["id"])}", ("quantity", "2"), ("metadata[k]", "v"))).AssertOk().Body;
        ContractAssert.Matches("subscription_item", updated);
        ContractAssert.MatchesList("invoiceitem", (await _kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer))).AssertOk().Body);
        ContractAssert.Matches("deleted_subscription_item", (await _kit.Client.DeleteAsync($"/v1/subscription_items/{Str(created["id"])}")).AssertOk().Body);

        var invoiced = (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("items[0][id]", item), ("items[0][quantity]", "3"),
            ("proration_behavior", "always_invoice"), ("expand[]", "latest_invoice"))).AssertOk().Body;
        ContractAssert.Matches("subscription", invoiced);
        ContractAssert.Matches("invoice", invoiced["latest_invoice"]);
        ContractAssert.MatchesList("line_item", (await _kit.Client.GetAsync($"/v1/invoices/{Str(invoiced["latest_invoice"]!["id"])}/lines")).AssertOk().Body);
        foreach (var e in await _kit.EventsAsync())
        {
            var type = Str(e["type"]);
            if (type.StartsWith("customer.subscription.", StringComparison.Ordinal)) ContractAssert.Matches("subscription", e["data"]!["object"]);
            if (type.StartsWith("invoiceitem.", StringComparison.Ordinal)) ContractAssert.Matches("invoiceitem", e["data"]!["object"]);
        }
        ContractAssert.Matches("error", (await _kit.Client.DeleteAsync($"/v1/subscription_items/{item}")).Body);
    }

    [Fact]
    public async Task A_trialing_subscription_with_cancel_at_and_its_zero_invoice_match_the_schema()
    {
        var price = await _kit.PriceAsync(1000);
        var (customer, _) = await _kit.CustomerAsync();
        var trialing = (await _kit.CreateAsync(customer, price, ("trial_period_days", "14"), ("cancel_at", "max_period_end"),
            ("trial_settings[end_behavior][missing_payment_method]", "pause"))).AssertOk().Body;
        Assert.Equal("trialing", Str(trialing["status"]));
        ContractAssert.Matches("subscription", trialing);
        ContractAssert.Matches("invoice", trialing["latest_invoice"]);
        var itemId = Str(trialing["items"]!["data"]![0]!["id"]);
        ContractAssert.Matches("subscription_item", (await _kit.Client.PostAsync($"/v1/subscription_items/{itemId}", ("quantity", "2"))).AssertOk().Body);
        var canceled = (await _kit.Client.SendAsync(HttpMethod.Delete, $"/v1/subscriptions/{Str(trialing["id"])}", [("invoice_now", "true"), ("prorate", "true")], null)).AssertOk().Body;
        ContractAssert.Matches("subscription", canceled);
        // A trial is free: canceling it with prorate credits nothing, so invoice_now has nothing to bill.
        Assert.Equal(Str(trialing["latest_invoice"]!["id"]), Str(canceled["latest_invoice"]));
        Assert.Empty((await _kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer))).AssertOk().Body["data"]!.AsArray());
    }
}
