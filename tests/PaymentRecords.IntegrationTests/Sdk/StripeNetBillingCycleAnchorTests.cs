using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>A subscription anchored to the 1st of the month, with a one-time setup fee, through the official Stripe.net client.</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetBillingCycleAnchorTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_subscription_anchored_to_the_first_with_a_setup_fee_through_stripe_net()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "sdk-anchor@example.com" });
        var price = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Currency = "usd", UnitAmount = 3000, ProductData = new PriceProductDataOptions { Name = "Seat" },
            Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        var fee = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Currency = "usd", UnitAmount = 4900, ProductData = new PriceProductDataOptions { Name = "Onboarding" },
        });
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            AddInvoiceItems = [new SubscriptionAddInvoiceItemOptions { Price = fee.Id }],
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            PaymentBehavior = "default_incomplete",
            BillingCycleAnchorConfig = new SubscriptionBillingCycleAnchorConfigOptions { DayOfMonth = 1, Hour = 0, Minute = 0, Second = 0 },
            Expand = ["latest_invoice"],
        });
        var anchor = subscription.BillingCycleAnchor;
        Assert.Equal((1, 0, 0, 0), (anchor.Day, anchor.Hour, anchor.Minute, anchor.Second));
        Assert.True(anchor > DateTime.UtcNow && anchor <= DateTime.UtcNow.AddMonths(1));
        Assert.Equal(1, subscription.BillingCycleAnchorConfig.DayOfMonth);
        Assert.Equal(anchor, subscription.Items.Data[0].CurrentPeriodEnd);
        var line = subscription.LatestInvoice.Lines.Data[0];
        var onboarding = subscription.LatestInvoice.Lines.Data[1];
        Assert.Equal(("Onboarding", 4900L, subscription.Id), (onboarding.Description, onboarding.Amount, onboarding.Parent.InvoiceItemDetails.Subscription));
        Assert.True(line.Parent.SubscriptionItemDetails.Proration);
        Assert.InRange(line.Amount, 0, 3000);
        Assert.StartsWith("Remaining time on Seat after ", line.Description);
    }
}
