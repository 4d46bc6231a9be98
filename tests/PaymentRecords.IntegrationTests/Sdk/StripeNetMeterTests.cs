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
        Assert.Equal(("recurring[usage_type]", System.Net.HttpStatusCode.BadRequest), (noMeter.StripeError.Param, noMeter.HttpStatusCode));
        Assert.Contains("metered prices must be backed by meters", noMeter.StripeError.Message);
        var unknown = await Assert.ThrowsAsync<StripeException>(() => client.V1.Prices.CreateAsync(Metered("mtr_unknown")));
        Assert.Equal(("resource_missing", "recurring[meter]"), (unknown.StripeError.Code, unknown.StripeError.Param));
        var licensedWithMeter = Metered(meter.Id);
        licensedWithMeter.Recurring.UsageType = "licensed";
        var refused = await Assert.ThrowsAsync<StripeException>(() => client.V1.Prices.CreateAsync(licensedWithMeter));
        Assert.Equal("recurring[meter]", refused.StripeError.Param);
    }
}
