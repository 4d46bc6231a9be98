using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Webhooks;

/// <summary>
/// The server as a separate process (<c>dotnet PaymentRecords.Api.dll</c>), killed with SIGKILL while the receiver holds
/// a delivery open: after a restart the event is delivered again (at-least-once), from what PostgreSQL kept.
/// </summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookCrashTests(WebhookFixture fixture)
{
    [Fact]
    public async Task A_delivery_cut_by_kill_9_is_delivered_after_restart()
    {
        var database = "pr_test_crash_" + Guid.NewGuid().ToString("N")[..10];
        var connection = new NpgsqlConnectionStringBuilder(fixture.ServerConnectionString) { Database = database }.ConnectionString;
        var port = ServerProcess.FreePort();
        var receiver = fixture.Receiver;
        var url = receiver.NewUrl("crash");
        var first = await ServerProcess.StartAsync(connection, port, WebhookFixture.FastRetries);
        try
        {
            var c = new StripeTestClient(first.BaseAddress, ServerFixture.NewKey());
            (await c.PostAsync("/v1/webhook_endpoints", ("url", url), ("enabled_events[]", "customer.created"))).AssertOk();
            var held = receiver.HoldAsync(url);
            (await c.PostAsync("/v1/customers", ("email", "crash@example.com"))).AssertOk();
            await held.WaitAsync(TimeSpan.FromSeconds(30));
            first.Kill();
            receiver.Release(url);

            await using var second = await ServerProcess.StartAsync(connection, port, WebhookFixture.FastRetries);
            var received = await receiver.WaitForAsync(url, 2, TimeSpan.FromSeconds(60));
            Assert.Single(received.Select(r => r.EventId).Distinct());
            var ev = await WebhookDeliveryTests.WaitForAsync(c, received[0].EventId, e => e["pending_webhooks"]!.GetValue<int>() == 0);
            Assert.Equal(0, ev["pending_webhooks"]!.GetValue<int>());
        }
        finally
        {
            first.Kill();
            await WebhookFixture.DropDatabaseAsync(fixture.ServerConnectionString, database);
        }
    }
}
