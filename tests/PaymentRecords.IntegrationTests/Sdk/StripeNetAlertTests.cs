using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;
using Stripe.Billing;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>Billing alerts through the official Stripe.net client (docs/endpoints-billing-meters.md, "Billing alerts").</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetAlertTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_usage_alert_is_created_fires_once_as_an_AlertTriggered_event_and_moves_through_its_statuses()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var meter = await StripeNetMeterTests.MeterAsync(client, "api_call");
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "alerts@example.com" });
        var alert = await client.V1.Billing.Alerts.CreateAsync(new AlertCreateOptions
        {
            Title = "API usage", AlertType = "usage_threshold",
            UsageThreshold = new AlertUsageThresholdOptions
            {
                Gte = 10, Meter = meter.Id, Recurrence = "one_time",
                Filters = [new AlertUsageThresholdFilterOptions { Type = "customer", Customer = customer.Id }],
            },
        });
        Assert.StartsWith("alrt_", alert.Id);
        Assert.Equal(("billing.alert", "active", "usage_threshold"), (alert.Object, alert.Status, alert.AlertType));
        Assert.Equal((10L, meter.Id, "one_time"), (alert.UsageThreshold.Gte, alert.UsageThreshold.MeterId, alert.UsageThreshold.Recurrence));
        Assert.Equal(customer.Id, Assert.Single(alert.UsageThreshold.Filters).CustomerId);

        foreach (var value in new[] { "4", "6", "20" })
            await client.V1.Billing.MeterEvents.CreateAsync(new MeterEventCreateOptions
            {
                EventName = "api_call", Payload = new Dictionary<string, string> { ["stripe_customer_id"] = customer.Id, ["value"] = value },
            });
        Event? fired = null;
        for (var i = 0; i < 300 && fired is null; i++)
        {
            var events = await client.V1.Events.ListAsync(new EventListOptions { Type = "billing.alert.triggered" });
            fired = events.Data.SingleOrDefault();
            if (fired is null) await Task.Delay(50);
        }
        Assert.NotNull(fired);
        var triggered = Assert.IsType<AlertTriggered>(fired.Data.Object);
        Assert.Equal(customer.Id, triggered.Customer);
        Assert.Equal(alert.Id, triggered.Alert.Id);
        // The check may run after the second or the third event: either way the value reached the threshold, once.
        Assert.True(triggered.Value is 10 or 30, $"value {triggered.Value}");

        Assert.Equal("inactive", (await client.V1.Billing.Alerts.DeactivateAsync(alert.Id)).Status);
        Assert.Equal("active", (await client.V1.Billing.Alerts.ActivateAsync(alert.Id)).Status);
        var listed = await client.V1.Billing.Alerts.ListAsync(new AlertListOptions { Meter = meter.Id });
        Assert.Equal([alert.Id], listed.Data.Select(a => a.Id));
        Assert.Equal("archived", (await client.V1.Billing.Alerts.ArchiveAsync(alert.Id)).Status);
        Assert.Empty((await client.V1.Billing.Alerts.ListAsync(new AlertListOptions())).Data);
        var refused = await Assert.ThrowsAsync<StripeException>(() => client.V1.Billing.Alerts.ActivateAsync(alert.Id));
        Assert.Equal("invalid_request_error", refused.StripeError.Type);
        // Once per customer: a second firing after the third event would have followed within milliseconds.
        await Task.Delay(1000);
        Assert.Single((await client.V1.Events.ListAsync(new EventListOptions { Type = "billing.alert.triggered" })).Data);
    }
}
