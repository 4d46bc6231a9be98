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
