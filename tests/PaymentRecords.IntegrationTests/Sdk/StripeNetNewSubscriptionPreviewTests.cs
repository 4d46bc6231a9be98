using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// The first invoice of a new subscription previewed through the official Stripe.net client (Stripe's *Preview an
/// invoice* guide, "Preview invoices with subscriptions"), then the create it previews.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetNewSubscriptionPreviewTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_new_subscriptions_first_invoice_previews_as_the_create_then_bills_it_through_stripe_net()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "preview@example.com" });
        var price = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Currency = "usd", UnitAmount = 4900, ProductData = new PriceProductDataOptions { Name = "Support plan" },
            Recurring = new PriceRecurringOptions { Interval = "month" },
        });

        var preview = await client.V1.Invoices.CreatePreviewAsync(new InvoiceCreatePreviewOptions
        {
            Customer = customer.Id,
            SubscriptionDetails = new InvoiceSubscriptionDetailsOptions
            {
                Items = [new InvoiceSubscriptionDetailsItemOptions { Price = price.Id, Quantity = 3 }],
            },
        });
        Assert.StartsWith("upcoming_in_", preview.Id);
        Assert.Equal(("draft", "upcoming", 14700L), (preview.Status, preview.BillingReason, preview.AmountDue));
        var line = Assert.Single(preview.Lines.Data);
        Assert.Equal((14700L, (long?)3, price.Id), (line.Amount, line.Quantity, line.Pricing.PriceDetails.PriceId));
        Assert.Empty((await client.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id })).Data);
        // "the resulting invoice preview can be retrieved through the /v1/invoices/:id endpoint for the following 72 hours".
        var kept = await client.V1.Invoices.GetAsync(preview.Id);
        Assert.Equal((preview.Id, preview.AmountDue, line.Id), (kept.Id, kept.AmountDue, Assert.Single(kept.Lines.Data).Id));

        var created = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id, Quantity = 3 }],
            PaymentBehavior = "default_incomplete",
            Expand = ["latest_invoice"],
        });
        Assert.Equal(preview.AmountDue, created.LatestInvoice.AmountDue);
        Assert.Equal(line.Description, Assert.Single(created.LatestInvoice.Lines.Data).Description);
    }
}
