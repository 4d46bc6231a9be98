using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Webhooks;

/// <summary>
/// "The automatic retries still continue, even if you manually retry transmitting individual webhook events to a
/// given endpoint and the attempt is successful": a resend's success counts the delivery once and leaves it on its schedule.
/// </summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookResendTests(WebhookFixture fixture)
{
    [Fact]
    public async Task A_successful_resend_leaves_the_automatic_attempt_running_and_the_delivery_is_counted_once()
    {
        var c = fixture.Client();
        var resent = fixture.Receiver.NewUrl("resent");
        var failing = fixture.Receiver.NewUrl("failing");
        // Both first attempts are held open, so the resend lands while the automatic attempt is still in flight.
        var heldResent = fixture.Receiver.HoldAsync(resent);
        var heldFailing = fixture.Receiver.HoldAsync(failing);
        fixture.Receiver.FailFirst(failing, 1000);
        var endpoint = (await c.PostAsync("/v1/webhook_endpoints", ("url", resent), ("enabled_events[]", "customer.created"))).AssertOk().Id;
        (await c.PostAsync("/v1/webhook_endpoints", ("url", failing), ("enabled_events[]", "customer.created"))).AssertOk();
        await c.PostAsync("/v1/customers", ("email", "resend@example.com"));
        await Task.WhenAll(heldResent, heldFailing).WaitAsync(TimeSpan.FromSeconds(30));
        var eventId = fixture.Receiver.For(resent)[0].EventId;

        await using var db = Npgsql.NpgsqlDataSource.Create(fixture.ConnectionString);
        var store = new global::PaymentRecords.Api.Webhooks.WebhookStore(db);
        var accountId = await ScalarAsync<string>(db, "SELECT account_id FROM webhook_deliveries WHERE endpoint_id = $1", endpoint);
        var delivery = (await store.LoadAsync(accountId, eventId, endpoint, CancellationToken.None))!;
        await store.RecordAsync(delivery, new global::PaymentRecords.Api.Webhooks.AttemptOutcome(true, 200, null, "ok", 1),
            retryIn: null, resend: true, CancellationToken.None);

        // Counted as delivered, still pending on its schedule.
        Assert.Equal("pending", await ScalarAsync<string>(db, "SELECT state FROM webhook_deliveries WHERE endpoint_id = $1", endpoint));
        Assert.Equal(1, (await c.GetAsync($"/v1/events/{eventId}")).AssertOk().Body["pending_webhooks"]!.GetValue<int>());

        // The automatic attempt then succeeds too: the delivery is settled, and not counted a second time (the other
        // endpoint, still failing, keeps the event at 1).
        fixture.Receiver.Release(resent);
        fixture.Receiver.Release(failing);
        for (var i = 0; i < 300 && await ScalarAsync<string>(db, "SELECT state FROM webhook_deliveries WHERE endpoint_id = $1", endpoint) != "succeeded"; i++)
            await Task.Delay(100);
        Assert.Equal("succeeded", await ScalarAsync<string>(db, "SELECT state FROM webhook_deliveries WHERE endpoint_id = $1", endpoint));
        Assert.Equal(1, (await c.GetAsync($"/v1/events/{eventId}")).AssertOk().Body["pending_webhooks"]!.GetValue<int>());
    }

    private static async Task<T> ScalarAsync<T>(Npgsql.NpgsqlDataSource db, string sql, string value)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
