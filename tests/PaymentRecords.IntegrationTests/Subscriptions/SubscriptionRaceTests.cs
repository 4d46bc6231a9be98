using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;

namespace PaymentRecords.IntegrationTests.Subscriptions;

[Collection(ServerCollection.Name)]
public sealed class SubscriptionRaceTests(ServerFixture fixture)
{
    private readonly SubscriptionKit _kit = new(fixture.Client());

    [Fact]
    public async Task Two_attaches_at_once_on_the_first_invoice_pay_it_once_and_activate_once()
    {
        var price = await _kit.PriceAsync(1500);
        var (customer, pm) = await _kit.CustomerAsync();
        var sub = (await _kit.CreateAsync(customer, price)).AssertOk().Body;
        var invoice = Str(sub["latest_invoice"]!["id"]);
        var first = await _kit.ReportAsync(customer, pm, 1500);
        var second = await _kit.ReportAsync(customer, pm, 1500);

        var results = await Race.AllAtOnceAsync(() => _kit.AttachAsync(invoice, first), () => _kit.AttachAsync(invoice, second));
        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        Assert.Single(results, r => r.Status == HttpStatusCode.BadRequest);

        Assert.Equal("active", Str((await _kit.GetAsync(Str(sub["id"])))["status"]));
        var activations = (await _kit.EventsAsync("customer.subscription.updated"))
            .Where(e => e["data"]!["previous_attributes"]?["status"] is not null).ToList();
        Assert.Single(activations);
        Assert.Single(await _kit.EventsAsync("invoice.paid"));
    }
}

/// <summary>Concurrent item changes of one subscription: serialized on its row lock (customer, then subscription).</summary>
[Collection(ServerCollection.Name)]
public sealed class SubscriptionItemRaceTests(ServerFixture fixture)
{
    private readonly SubscriptionKit _kit = new(fixture.Client());

    private async Task<(string Sub, string Item, string Customer, long Start)> ActiveAsync(string price)
    {
        var (customer, _) = await _kit.CustomerAsync();
        var sub = (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("collection_method", "send_invoice"), ("days_until_due", "30"))).AssertOk().Body;
        var item = sub["items"]!["data"]![0]!;
        return (Str(sub["id"]), Str(item["id"]), customer, Long(item["current_period_start"]));
    }

    [Fact]
    public async Task Two_quantity_changes_at_once_prorate_each_step_once_and_the_last_one_wins()
    {
        var price = await _kit.PriceAsync(2400, interval: "day", intervalCount: 30);
        var (sub, item, customer, start) = await ActiveAsync(price);
        var at = S(start + 30 * 86_400 / 2);

        var results = await Race.AllAtOnceAsync(
            () => _kit.Client.PostAsync($"/v1/subscriptions/{sub}", ("items[0][id]", item), ("items[0][quantity]", "2"), ("proration_date", at)),
            () => _kit.Client.PostAsync($"/v1/subscription_items/{item}", ("quantity", "3"), ("proration_date", at)));
        Assert.All(results, r => r.AssertOk());

        var pending = (await _kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!
            .AsArray().Select(i => Long(i!["amount"])).Order().ToList();
        var final = Long((await _kit.GetAsync(sub))["items"]!["data"]![0]!["quantity"]);
        // Each change credits the quantity the other left and charges its own: half of 2400 per seat.
        var expected = final == 3 ? new long[] { -2400, -1200, 2400, 3600 } : [-3600, -1200, 2400, 3600];
        Assert.Equal(expected, pending);
        Assert.Equal(2, (await _kit.EventsAsync("customer.subscription.updated")).Count);
    }

    [Fact]
    public async Task Two_items_added_at_once_both_stay()
    {
        var price = await _kit.PriceAsync(1000);
        var a = await _kit.PriceAsync(100);
        var b = await _kit.PriceAsync(200);
        var (sub, _, _, _) = await ActiveAsync(price);
        var results = await Race.AllAtOnceAsync(
            () => _kit.Client.PostAsync("/v1/subscription_items", ("subscription", sub), ("price", a)),
            () => _kit.Client.PostAsync($"/v1/subscriptions/{sub}", ("items[0][price]", b)));
        Assert.All(results, r => r.AssertOk());
        var prices = (await _kit.GetAsync(sub))["items"]!["data"]!.AsArray().Select(i => Str(i!["price"]!["id"])).Order().ToList();
        Assert.Equal(new[] { price, a, b }.Order(), prices);
    }
}
