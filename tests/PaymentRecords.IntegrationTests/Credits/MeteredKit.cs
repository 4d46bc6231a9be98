using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;
using Stripe.TestHelpers;

namespace PaymentRecords.IntegrationTests.Credits;

/// <summary>
/// A customer on a test clock with a metered subscription: a licensed base fee and a metered price backed by a
/// meter. One unit of usage is reported in the first period, so the renewal bills the metered line in arrears as
/// unit_amount × 1 (<see cref="Usage"/>), which is what the credits are applied to.
/// </summary>
internal static class MeteredKit
{
    public static readonly DateTime Jan31 = new(2027, 1, 31, 0, 0, 0, DateTimeKind.Utc);
    public const long BaseFee = 2000;
    public const long Usage = 1500;

    public static async Task<(Customer Customer, TestClock Clock, string BasePrice, string MeteredPrice)> CustomerAsync(StripeClient client)
    {
        var product = await client.V1.Products.CreateAsync(new ProductCreateOptions { Name = "API calls" });
        var basePrice = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, Currency = "usd", UnitAmount = BaseFee, Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        var meter = await client.V1.Billing.Meters.CreateAsync(new Stripe.Billing.MeterCreateOptions
        {
            DisplayName = "API calls", EventName = "api_call_" + Guid.NewGuid().ToString("N")[..8],
            DefaultAggregation = new Stripe.Billing.MeterDefaultAggregationOptions { Formula = "sum" },
        });
        var meteredPrice = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, Currency = "usd", UnitAmount = Usage,
            Recurring = new PriceRecurringOptions { Interval = "month", UsageType = "metered", Meter = meter.Id },
        });
        Assert.Equal(("metered", meter.Id), (meteredPrice.Recurring.UsageType, meteredPrice.Recurring.Meter));
        var clock = await client.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = Jan31 });
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { TestClock = clock.Id });
        return (customer, clock, basePrice.Id, meteredPrice.Id);
    }

    /// <summary>
    /// A subscription on both prices, its first invoice paid out of band (so it renews), and one unit of usage reported
    /// unless <paramref name="reportUsage"/> is false (usage is the customer's on the meter: every subscription on it bills it).
    /// </summary>
    public static async Task<Subscription> SubscribeAsync(StripeClient client, string customer, string basePrice, string meteredPrice, bool reportUsage = true)
    {
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer,
            Items = [new SubscriptionItemOptions { Price = basePrice }, new SubscriptionItemOptions { Price = meteredPrice }],
            CollectionMethod = "send_invoice", DaysUntilDue = 30,
        });
        var first = await client.V1.Invoices.GetAsync(subscription.LatestInvoiceId);
        if (first.Status == "open") await client.V1.Invoices.PayAsync(first.Id, new InvoicePayOptions { PaidOutOfBand = true });
        if (reportUsage) await ReportUsageAsync(client, customer, meteredPrice, Jan31, 1);
        return subscription;
    }

    /// <summary>A meter event of <paramref name="value"/> units at <paramref name="at"/> on the metered price's meter.</summary>
    public static async Task ReportUsageAsync(StripeClient client, string customer, string meteredPrice, DateTime at, long value, string? identifier = null)
    {
        var meter = await client.V1.Billing.Meters.GetAsync((await client.V1.Prices.GetAsync(meteredPrice)).Recurring.Meter);
        await client.V1.Billing.MeterEvents.CreateAsync(new Stripe.Billing.MeterEventCreateOptions
        {
            EventName = meter.EventName, Timestamp = at, Identifier = identifier,
            Payload = new Dictionary<string, string> { ["stripe_customer_id"] = customer, ["value"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
    }
}
