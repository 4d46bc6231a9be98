using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;
using Stripe.Billing;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>Billing meters and metered prices through the official Stripe.net client (docs/endpoints-billing-meters.md).</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetMeterTests(ServerFixture fixture)
{
    private StripeClient Client() => new(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));

    internal static Task<Meter> MeterAsync(StripeClient client, string eventName, string formula = "sum") =>
        client.V1.Billing.Meters.CreateAsync(new MeterCreateOptions
        {
            DisplayName = "API calls", EventName = eventName,
            DefaultAggregation = new MeterDefaultAggregationOptions { Formula = formula },
        });

    [Fact]
    public async Task A_meter_is_created_with_Stripes_defaults_renamed_deactivated_reactivated_and_listed_by_status()
    {
        var client = Client();
        var meter = await MeterAsync(client, "api_call");
        Assert.StartsWith("mtr_", meter.Id);
        Assert.Equal(("billing.meter", "active", "sum"), (meter.Object, meter.Status, meter.DefaultAggregation.Formula));
        Assert.Equal(("by_id", "stripe_customer_id", "value"), (meter.CustomerMapping.Type, meter.CustomerMapping.EventPayloadKey, meter.ValueSettings.EventPayloadKey));
        Assert.Null(meter.StatusTransitions.DeactivatedAt);
        Assert.Null(meter.EventTimeWindow);

        var renamed = await client.V1.Billing.Meters.UpdateAsync(meter.Id, new MeterUpdateOptions { DisplayName = "Search calls" });
        Assert.Equal("Search calls", renamed.DisplayName);
        Assert.Equal("Search calls", (await client.V1.Billing.Meters.GetAsync(meter.Id)).DisplayName);

        var deactivated = await client.V1.Billing.Meters.DeactivateAsync(meter.Id);
        Assert.Equal("inactive", deactivated.Status);
        Assert.NotNull(deactivated.StatusTransitions.DeactivatedAt);
        var other = await MeterAsync(client, "storage", "last");
        var inactive = await client.V1.Billing.Meters.ListAsync(new MeterListOptions { Status = "inactive" });
        Assert.Equal([meter.Id], inactive.Data.Select(m => m.Id));
        var all = await client.V1.Billing.Meters.ListAsync(new MeterListOptions());
        Assert.Equal([other.Id, meter.Id], all.Data.Select(m => m.Id));

        var reactivated = await client.V1.Billing.Meters.ReactivateAsync(meter.Id);
        Assert.Equal("active", reactivated.Status);
        Assert.Null(reactivated.StatusTransitions.DeactivatedAt);

        var events = await client.V1.Events.ListAsync(new EventListOptions { Limit = 100 });
        Assert.Equal(["billing.meter.created", "billing.meter.updated", "billing.meter.deactivated", "billing.meter.created", "billing.meter.reactivated"],
            events.Data.Select(e => e.Type).Reverse());
    }

    [Fact]
    public async Task A_second_active_meter_for_one_event_name_is_refused_and_an_unknown_meter_is_404()
    {
        var client = Client();
        var meter = await MeterAsync(client, "api_call");
        var taken = await Assert.ThrowsAsync<StripeException>(() => MeterAsync(client, "api_call"));
        Assert.Equal(("invalid_request_error", "event_name"), (taken.StripeError.Type, taken.StripeError.Param));
        await client.V1.Billing.Meters.DeactivateAsync(meter.Id);
        var successor = await MeterAsync(client, "api_call");
        var reactivate = await Assert.ThrowsAsync<StripeException>(() => client.V1.Billing.Meters.ReactivateAsync(meter.Id));
        Assert.Equal("event_name", reactivate.StripeError.Param);
        Assert.Equal("active", (await client.V1.Billing.Meters.GetAsync(successor.Id)).Status);
        var missing = await Assert.ThrowsAsync<StripeException>(() => client.V1.Billing.Meters.GetAsync("mtr_missing"));
        Assert.Equal((System.Net.HttpStatusCode.NotFound, "resource_missing"), (missing.HttpStatusCode, missing.StripeError.Code));
    }

    [Fact]
    public async Task A_metered_price_names_its_meter_and_without_one_or_with_an_unknown_one_is_refused()
    {
        var client = Client();
        var meter = await MeterAsync(client, "api_call");
        var product = await client.V1.Products.CreateAsync(new ProductCreateOptions { Name = "API" });
        PriceCreateOptions Metered(string? meterId) => new()
        {
            Product = product.Id, Currency = "usd", UnitAmount = 3,
            Recurring = new PriceRecurringOptions { Interval = "month", UsageType = "metered", Meter = meterId },
        };
        var price = await client.V1.Prices.CreateAsync(Metered(meter.Id));
        Assert.Equal(("metered", meter.Id), (price.Recurring.UsageType, price.Recurring.Meter));
        Assert.Equal(meter.Id, (await client.V1.Prices.GetAsync(price.Id)).Recurring.Meter);
        var listed = await client.V1.Prices.ListAsync(new PriceListOptions { Recurring = new PriceRecurringListOptions { Meter = meter.Id } });
        Assert.Equal([price.Id], listed.Data.Select(p => p.Id));

        var noMeter = await Assert.ThrowsAsync<StripeException>(() => client.V1.Prices.CreateAsync(Metered(null)));
        Assert.Equal(((string?)null, System.Net.HttpStatusCode.BadRequest), (noMeter.StripeError.Param, noMeter.HttpStatusCode));
        Assert.Contains("metered prices must be backed by meters", noMeter.StripeError.Message);
        var unknown = await Assert.ThrowsAsync<StripeException>(() => client.V1.Prices.CreateAsync(Metered("mtr_unknown")));
        Assert.Equal(("resource_missing", "recurring[meter]"), (unknown.StripeError.Code, unknown.StripeError.Param));
        var licensedWithMeter = Metered(meter.Id);
        licensedWithMeter.Recurring.UsageType = "licensed";
        var refused = await Assert.ThrowsAsync<StripeException>(() => client.V1.Prices.CreateAsync(licensedWithMeter));
        Assert.Equal("recurring[meter]", refused.StripeError.Param);
    }
}

/// <summary>Usage billing through Stripe.net: a metered subscription on a test clock bills its period's usage in arrears.</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetMeteredSubscriptionTests(ServerFixture fixture)
{
    private static readonly DateTime Mar1 = new(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A sum meter for <paramref name="eventName"/> and a metered price of 3¢ per unit on it.</summary>
    private static async Task<(Meter Meter, Product Product, Price Metered)> MeteredPriceAsync(StripeClient client, string eventName)
    {
        var meter = await StripeNetMeterTests.MeterAsync(client, eventName);
        var product = await client.V1.Products.CreateAsync(new ProductCreateOptions { Name = "API" });
        var metered = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, Currency = "usd", UnitAmount = 3,
            Recurring = new PriceRecurringOptions { Interval = "month", UsageType = "metered", Meter = meter.Id },
        });
        return (meter, product, metered);
    }

    [Fact]
    public async Task A_metered_subscription_bills_nothing_first_and_the_periods_usage_on_its_renewal()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var (meter, product, metered) = await MeteredPriceAsync(client, "api_call");
        var baseFee = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, Currency = "usd", UnitAmount = 1000, Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        var clock = await client.V1.TestHelpers.TestClocks.CreateAsync(new Stripe.TestHelpers.TestClockCreateOptions { FrozenTime = Mar1 });
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "usage@example.com", TestClock = clock.Id });
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, CollectionMethod = "send_invoice", DaysUntilDue = 30,
            Items = [new SubscriptionItemOptions { Price = metered.Id }, new SubscriptionItemOptions { Price = baseFee.Id }],
        });
        var first = await client.V1.Invoices.GetAsync(subscription.LatestInvoiceId);
        Assert.Equal(("subscription_create", 1000L), (first.BillingReason, first.AmountDue));
        // Flexible billing mode: "Stripe excludes metered line items from the first invoice".
        Assert.Equal([(1L, 1000L)], first.Lines.Data.Select(l => (l.Quantity ?? -1, l.Amount)));

        // Usage during March, reported on the clock's time; a repeated identifier is not counted twice.
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, Mar1.AddDays(10));
        async Task ReportAsync(long value, DateTime at, string identifier) => await client.V1.Billing.MeterEvents.CreateAsync(new MeterEventCreateOptions
        {
            EventName = "api_call", Identifier = identifier, Timestamp = at,
            Payload = new Dictionary<string, string> { ["stripe_customer_id"] = customer.Id, ["value"] = value.ToString() },
        });
        await ReportAsync(5, Mar1.AddDays(4), "march-1");
        await ReportAsync(7, Mar1.AddDays(9), "march-2");
        await Assert.ThrowsAsync<StripeException>(() => ReportAsync(7, Mar1.AddDays(9), "march-2"));

        var preview = await client.V1.Invoices.CreatePreviewAsync(new InvoiceCreatePreviewOptions { Subscription = subscription.Id });
        var previewUsage = preview.Lines.Data.Single(l => l.Pricing.PriceDetails.PriceId == metered.Id);
        Assert.Equal((12L, 36L), (previewUsage.Quantity ?? -1, previewUsage.Amount));

        var summaries = await client.V1.Billing.Meters.EventSummaries.ListAsync(meter.Id, new MeterEventSummaryListOptions
        {
            Customer = customer.Id, StartTime = Mar1, EndTime = Mar1.AddDays(10),
        });
        Assert.Equal(12m, Assert.Single(summaries.Data).AggregatedValue);

        // Past the period end and the draft's hour: the renewal bills March's usage and April's base fee.
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, new DateTime(2027, 4, 1, 2, 0, 0, DateTimeKind.Utc));
        var invoices = await client.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id });
        var renewal = invoices.Data.Single(i => i.BillingReason == "subscription_cycle");
        Assert.Equal(("open", 1036L), (renewal.Status, renewal.AmountDue));
        var usageLine = renewal.Lines.Data.Single(l => l.Pricing.PriceDetails.PriceId == metered.Id);
        Assert.Equal((12L, 36L, Mar1, new DateTime(2027, 4, 1, 0, 0, 0, DateTimeKind.Utc)),
            (usageLine.Quantity ?? -1, usageLine.Amount, usageLine.Period.Start, usageLine.Period.End));
        var feeLine = renewal.Lines.Data.Single(l => l.Pricing.PriceDetails.PriceId == baseFee.Id);
        Assert.Equal((1000L, new DateTime(2027, 4, 1, 0, 0, 0, DateTimeKind.Utc)), (feeLine.Amount, feeLine.Period.Start));
    }

    [Fact]
    public async Task Usage_reported_during_a_trial_is_not_billed_when_the_trial_ends()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var (meter, product, metered) = await MeteredPriceAsync(client, "trial_call");
        var clock = await client.V1.TestHelpers.TestClocks.CreateAsync(new Stripe.TestHelpers.TestClockCreateOptions { FrozenTime = Mar1 });
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { TestClock = clock.Id });
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, CollectionMethod = "send_invoice", DaysUntilDue = 30, TrialPeriodDays = 14,
            Items = [new SubscriptionItemOptions { Price = metered.Id }],
        });
        Assert.Equal("trialing", subscription.Status);
        await client.V1.Billing.MeterEvents.CreateAsync(new MeterEventCreateOptions
        {
            EventName = "trial_call", Timestamp = Mar1,
            Payload = new Dictionary<string, string> { ["stripe_customer_id"] = customer.Id, ["value"] = "40" },
        });

        // The trial ends on Mar 15: its invoice bills the trial's usage as quantity 0, and the subscription is active.
        await StripeNetTestClockTests.AdvanceAsync(client, clock.Id, Mar1.AddDays(14).AddHours(2));
        var afterTrial = (await client.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id })).Data
            .Single(i => i.BillingReason == "subscription_cycle");
        var line = afterTrial.Lines.Data.Single();
        Assert.Equal((0L, 0L, Mar1, Mar1.AddDays(14)), (line.Quantity ?? -1, line.Amount, line.Period.Start, line.Period.End));
        Assert.Equal("active", (await client.V1.Subscriptions.GetAsync(subscription.Id)).Status);
    }

    [Fact]
    public async Task A_quantity_for_a_metered_item_is_refused_as_Stripe_refuses_it()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var (meter, product, metered) = await MeteredPriceAsync(client, "seats_call");
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions());
        var refused = await Assert.ThrowsAsync<StripeException>(() => client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, CollectionMethod = "send_invoice", DaysUntilDue = 30,
            Items = [new SubscriptionItemOptions { Price = metered.Id, Quantity = 2 }],
        }));
        Assert.Equal((400, "invalid_request_error", "items[0][quantity]", "You cannot set the quantity for metered plans."),
            ((int)refused.HttpStatusCode, refused.StripeError.Type, refused.StripeError.Param, refused.StripeError.Message));
        Assert.Empty((await client.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id })).Data);
    }
}
