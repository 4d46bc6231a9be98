using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Credits;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Sdk;
using Stripe;

namespace PaymentRecords.IntegrationTests.Dashboard;

/// <summary>The invoice page shows the billing credits an invoice took, as the API renders them.</summary>
[Collection(ServerCollection.Name)]
public sealed class DashboardCreditsTests(ServerFixture fixture)
{
    [Fact]
    public async Task Invoice_page_shows_the_credits_applied_at_finalization_as_the_API_renders_them()
    {
        var key = ServerFixture.NewKey();
        var client = new StripeClient(key, apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var (customer, clock, basePrice, meteredPrice) = await MeteredKit.CustomerAsync(client);
        var subscription = await MeteredKit.SubscribeAsync(client, customer.Id, basePrice, meteredPrice);
        await client.V1.Billing.CreditGrants.CreateAsync(StripeNetCreditGrantTests.Metered(customer.Id, 1000));
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, MeteredKit.Jan31.AddMonths(1).AddMinutes(10));
        var renewal = (await client.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id })).Data
            .Single(i => i.BillingReason == "subscription_cycle");
        var json = (await fixture.Client(key).PostAsync($"/v1/invoices/{renewal.Id}/finalize")).AssertOk().Body;
        var credit = (json["total_pretax_credit_amounts"] as JsonArray)!.Single()!;
        Assert.Equal(1000, credit["amount"]!.GetValue<long>());

        using var browser = new DashboardClient(fixture.Server.BaseAddress);
        await browser.LogInAsync(key);
        var (status, html, _) = await browser.GetAsync($"/dashboard/invoices/{renewal.Id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Credits applied", html);
        Assert.Contains(credit["credit_balance_transaction"]!.GetValue<string>(), html);
        Assert.Contains("data-field=\"credits_applied\"><span class=\"money\" data-minor=\"1000\">10.00 USD", html);
        Assert.Contains($"data-field=\"amount_due\"><span class=\"money\" data-minor=\"{json["amount_due"]!.GetValue<long>()}\">", html);
    }
}
