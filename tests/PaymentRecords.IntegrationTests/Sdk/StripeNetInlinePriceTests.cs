using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>A subscription item's <c>price_data</c> through the official Stripe.net client (its <c>PriceData</c> options).</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetInlinePriceTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_subscription_with_an_inline_price_through_stripe_net()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "sdk-inline@example.com" });
        var product = await client.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Storage" });
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items =
            [
                new SubscriptionItemOptions
                {
                    PriceData = new SubscriptionItemPriceDataOptions
                    {
                        Currency = "usd", Product = product.Id, UnitAmount = 1200,
                        Recurring = new SubscriptionItemPriceDataRecurringOptions { Interval = "month", IntervalCount = 3 },
                    },
                    Quantity = 2,
                },
            ],
            PaymentBehavior = "default_incomplete",
            Expand = ["latest_invoice"],
        });
        var price = subscription.Items.Data[0].Price;
        Assert.Equal((product.Id, 1200L, "month", 3L, false), (price.ProductId, price.UnitAmount, price.Recurring.Interval, price.Recurring.IntervalCount, price.Active));
        Assert.Equal(2400, subscription.LatestInvoice.Total);
    }

    [Fact]
    public async Task A_package_price_through_stripe_net_bills_whole_packages()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var price = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Currency = "usd", UnitAmount = 1000, ProductData = new PriceProductDataOptions { Name = "Car rental" },
            Recurring = new PriceRecurringOptions { Interval = "month" },
            TransformQuantity = new PriceTransformQuantityOptions { DivideBy = 60, Round = "up" },
        });
        Assert.Equal((60L, "up"), (price.TransformQuantity.DivideBy, price.TransformQuantity.Round));
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "sdk-package@example.com" });
        // Stripe's example: 150 minutes round up to 3 hours at 10.00.
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price.Id, Quantity = 150 }],
            PaymentBehavior = "default_incomplete", Expand = ["latest_invoice"],
        });
        Assert.Equal(3000, subscription.LatestInvoice.Total);
        Assert.Equal((60L, "up"), (subscription.Items.Data[0].Plan.TransformUsage.DivideBy, subscription.Items.Data[0].Plan.TransformUsage.Round));
    }
}
