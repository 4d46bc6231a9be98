using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Subscriptions;

namespace PaymentRecords.IntegrationTests.Invoices;

/// <summary>
/// Subscriptions register their loader, so a parameter naming one resolves (<c>Wire/NotHeldObjects.cs</c>): an
/// invoice item naming the account's subscription gets the endpoint's own answer (another customer's: a 400 on the
/// parameter), one naming a subscription the account does not have a 404, and a type with no loader (a tax rate)
/// always a 404. Test clocks register theirs, so a customer list filtered by one lists that clock's customers.
/// </summary>
[Collection(ServerCollection.Name)]
public class HeldReferenceTests(ServerFixture fixture)
{
    [Fact]
    public async Task An_invoice_item_naming_a_held_subscription_resolves_to_the_endpoints_answer_and_a_missing_one_answers_404()
    {
        var kit = new SubscriptionKit(fixture.Client());
        var price = await kit.PriceAsync();
        var (customer, _) = await kit.CustomerAsync();
        var (other, _) = await kit.CustomerAsync();
        var subscription = (await kit.CreateAsync(customer, price)).AssertOk().Id;

        (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", other), ("amount", "500"), ("currency", "usd"), ("subscription", subscription)))
            .AssertError(HttpStatusCode.BadRequest, param: "subscription");
        (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "500"), ("currency", "usd"), ("subscription", "sub_missing")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "subscription");
        (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "500"), ("currency", "usd"), ("tax_rates[0]", "txr_1")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "tax_rates[0]");
    }

    [Fact]
    public async Task Customers_listed_by_a_held_test_clock_are_the_clocks_customers_and_a_missing_clock_answers_404()
    {
        var client = fixture.Client();
        var frozen = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600;
        var clock = (await client.PostAsync("/v1/test_helpers/test_clocks", ("frozen_time", frozen.ToString(System.Globalization.CultureInfo.InvariantCulture)))).AssertOk().Id;
        var onClock = (await client.PostAsync("/v1/customers", ("name", "On"), ("test_clock", clock))).AssertOk().Body;
        Assert.Equal((frozen, clock), (onClock["created"]!.GetValue<long>(), onClock["test_clock"]!.GetValue<string>()));
        (await client.PostAsync("/v1/customers", ("name", "Off"))).AssertOk();

        var listed = (await client.GetAsync("/v1/customers", ("test_clock", clock))).AssertOk().Body["data"]!.AsArray();
        Assert.Equal([onClock["id"]!.GetValue<string>()], listed.Select(c => c!["id"]!.GetValue<string>()));
        (await client.GetAsync("/v1/customers", ("test_clock", "clock_missing"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "test_clock");
    }
}
