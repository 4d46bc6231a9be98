using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// Invoice items for a subscription and an invoice that bills a subscription's pending items, through the official
/// Stripe.net client (its <c>Subscription</c> options and <c>invoice_no_subscription_line_items</c> error code).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetSubscriptionInvoiceItemsTests(ServerFixture fixture)
{
    [Fact]
    public async Task An_item_for_a_subscription_is_billed_by_an_invoice_for_it_through_stripe_net()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "sdk-sub-items@example.com" });
        var price = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Currency = "usd", UnitAmount = 2000, ProductData = new PriceProductDataOptions { Name = "Plan" },
            Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price.Id }], PaymentBehavior = "default_incomplete",
        });

        var item = await client.V1.InvoiceItems.CreateAsync(new InvoiceItemCreateOptions
        {
            Customer = customer.Id, Subscription = subscription.Id, Amount = 750, Description = "Overage",
        });
        Assert.Equal(("usd", subscription.Id), (item.Currency, item.Parent.SubscriptionDetails.Subscription));

        var invoice = await client.V1.Invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer.Id, Subscription = subscription.Id });
        Assert.Equal(("manual", 750L, subscription.Id), (invoice.BillingReason, invoice.Total, invoice.Parent.SubscriptionDetails.SubscriptionId));
        Assert.Equal(item.Id, invoice.Lines.Data.Single().Parent.InvoiceItemDetails.InvoiceItem);

        var nothing = await Assert.ThrowsAsync<StripeException>(() =>
            client.V1.Invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer.Id, Subscription = subscription.Id }));
        Assert.Equal("invoice_no_subscription_line_items", nothing.StripeError.Code);
    }
}
