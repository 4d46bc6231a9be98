using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;
using Stripe.TestHelpers;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>Backdated subscriptions through the official Stripe.net client (docs/endpoints-subscriptions.md, "Backdating").</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetBackdateTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_migrated_subscription_keeps_its_start_and_next_billing_date_and_charges_nothing_through_stripe_net()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var now = new DateTime(2027, 10, 15, 0, 0, 0, DateTimeKind.Utc);
        var clock = await client.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = now });
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "migrated@example.com", TestClock = clock.Id });
        var price = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Currency = "usd", UnitAmount = 3000, ProductData = new PriceProductDataOptions { Name = "Seat" },
            Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        var started = new DateTime(2027, 9, 1, 0, 0, 0, DateTimeKind.Utc);
        var next = new DateTime(2027, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var migrated = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            CollectionMethod = "send_invoice", DaysUntilDue = 30,
            BackdateStartDate = started, BillingCycleAnchor = next, ProrationBehavior = "none",
        });
        Assert.Equal(("active", started, next), (migrated.Status, migrated.StartDate, migrated.BillingCycleAnchor));
        Assert.Null(migrated.LatestInvoiceId);
        Assert.Equal((new DateTime(2027, 10, 1, 0, 0, 0, DateTimeKind.Utc), next), (migrated.Items.Data[0].CurrentPeriodStart, migrated.Items.Data[0].CurrentPeriodEnd));

        // Charging the elapsed time instead: September and October, one line each.
        var billed = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            CollectionMethod = "send_invoice", DaysUntilDue = 30,
            BackdateStartDate = started, BillingCycleAnchor = next,
            Expand = ["latest_invoice"],
        });
        Assert.Equal([3000L, 3000L], billed.LatestInvoice.Lines.Data.Select(l => l.Amount));
        Assert.Equal([started, new DateTime(2027, 10, 1, 0, 0, 0, DateTimeKind.Utc)], billed.LatestInvoice.Lines.Data.Select(l => l.Period.Start));
    }
}
