using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// Price and quantity changes through the official Stripe.net client: an upgrade invoiced at once (always_invoice with
/// proration_date), subscription items created, updated and deleted, and the pending prorations as invoice items.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetSubscriptionChangeTests(ServerFixture fixture)
{
    [Fact]
    public async Task Upgrade_and_item_changes_through_stripe_net()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var product = await client.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Gold" });
        Price Price30Days(long amount) => client.V1.Prices.Create(new PriceCreateOptions
        {
            Product = product.Id, Currency = "usd", UnitAmount = amount,
            Recurring = new PriceRecurringOptions { Interval = "day", IntervalCount = 30 },
        });
        var basic = Price30Days(2500);
        var pro = Price30Days(4000);
        var seat = Price30Days(500);
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "change@example.com" });
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = basic.Id }],
            CollectionMethod = "send_invoice", DaysUntilDue = 30,
        });
        Assert.Equal("active", subscription.Status);
        var item = subscription.Items.Data[0];
        var halfway = item.CurrentPeriodStart.AddDays(15);

        subscription = await client.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = item.Id, Price = pro.Id }],
            ProrationBehavior = "always_invoice",
            ProrationDate = halfway,
            Expand = ["latest_invoice"],
        });
        Assert.Equal(pro.Id, subscription.Items.Data[0].Price.Id);
        var invoice = subscription.LatestInvoice;
        Assert.Equal("subscription_update", invoice.BillingReason);
        Assert.Equal(new long[] { -1250, 2000 }, invoice.Lines.Data.Select(l => l.Amount));
        Assert.All(invoice.Lines.Data, l => Assert.True(l.Parent.SubscriptionItemDetails.Proration));
        Assert.Equal(750, invoice.AmountDue);

        var added = await client.V1.SubscriptionItems.CreateAsync(new SubscriptionItemCreateOptions
        {
            Subscription = subscription.Id, Price = seat.Id, Quantity = 2, ProrationDate = halfway,
        });
        Assert.Equal(2, added.Quantity);
        added = await client.V1.SubscriptionItems.UpdateAsync(added.Id, new SubscriptionItemUpdateOptions { Quantity = 4, ProrationBehavior = "none" });
        Assert.Equal(4, added.Quantity);
        var pending = await client.V1.InvoiceItems.ListAsync(new InvoiceItemListOptions { Customer = customer.Id, Pending = true });
        var proration = Assert.Single(pending.Data);
        Assert.True(proration.Proration);
        Assert.Equal(500, proration.Amount);
        Assert.Equal(subscription.Id, proration.Parent.SubscriptionDetails.Subscription);
        Assert.Equal(added.Id, proration.Parent.SubscriptionDetails.SubscriptionItem);

        var deleted = await client.V1.SubscriptionItems.DeleteAsync(added.Id, new SubscriptionItemDeleteOptions { ProrationBehavior = "none" });
        Assert.True(deleted.Deleted);
        var items = await client.V1.SubscriptionItems.ListAsync(new SubscriptionItemListOptions { Subscription = subscription.Id });
        Assert.Single(items.Data);
    }
}
