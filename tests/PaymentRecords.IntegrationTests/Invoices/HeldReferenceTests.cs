using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Subscriptions;

namespace PaymentRecords.IntegrationTests.Invoices;

/// <summary>
/// Subscriptions register their loader, so a parameter naming one resolves (<c>Wire/NotHeldObjects.cs</c>): an
/// invoice item naming the account's subscription gets the endpoint's own answer (billing it is not built: a 400 on
/// the parameter), one naming a subscription the account does not have a 404, and a type with no loader (a tax rate)
/// always a 404.
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
        var subscription = (await kit.CreateAsync(customer, price)).AssertOk().Id;

        (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "500"), ("currency", "usd"), ("subscription", subscription)))
            .AssertError(HttpStatusCode.BadRequest, param: "subscription");
        (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "500"), ("currency", "usd"), ("subscription", "sub_missing")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "subscription");
        (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "500"), ("currency", "usd"), ("tax_rates[0]", "txr_1")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "tax_rates[0]");
    }
}
