using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Webhooks;

/// <summary>
/// Retries as Stripe's webhook docs describe them: "The automatic retries still continue, even if you manually retry
/// transmitting individual webhook events to a given endpoint and the attempt is successful", and a retry that comes
/// due while the endpoint is disabled ends the delivery, while one not yet due survives a disable and re-enable.
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

    [Fact]
    public async Task A_retry_due_while_the_endpoint_was_disabled_ends_the_delivery_and_one_not_yet_due_goes_on()
    {
        var c = fixture.Client();
        var lapsed = fixture.Receiver.NewUrl("lapsed");
        var waiting = fixture.Receiver.NewUrl("waiting");
        var heldLapsed = fixture.Receiver.HoldAsync(lapsed);
        var heldWaiting = fixture.Receiver.HoldAsync(waiting);
        fixture.Receiver.FailFirst(lapsed, 1000);
        fixture.Receiver.FailFirst(waiting, 1000);
        var lapsedEndpoint = (await c.PostAsync("/v1/webhook_endpoints", ("url", lapsed), ("enabled_events[]", "customer.created"))).AssertOk().Id;
        var waitingEndpoint = (await c.PostAsync("/v1/webhook_endpoints", ("url", waiting), ("enabled_events[]", "customer.created"))).AssertOk().Id;
        await c.PostAsync("/v1/customers", ("email", "disabled@example.com"));
        await Task.WhenAll(heldLapsed, heldWaiting).WaitAsync(TimeSpan.FromSeconds(30));

        // Disabled while the first attempts are in flight; they fail, and their retries (300 ms) come due while disabled.
        (await c.PostAsync($"/v1/webhook_endpoints/{lapsedEndpoint}", ("disabled", "true"))).AssertOk();
        (await c.PostAsync($"/v1/webhook_endpoints/{waitingEndpoint}", ("disabled", "true"))).AssertOk();
        fixture.Receiver.Release(lapsed);
        fixture.Receiver.Release(waiting);
        await using var db = Npgsql.NpgsqlDataSource.Create(fixture.ConnectionString);
        for (var i = 0; i < 300 && await ScalarAsync<long>(db, "SELECT count(*) FROM webhook_attempts WHERE endpoint_id = $1", waitingEndpoint) == 0; i++)
            await Task.Delay(100);
        // The other's retry is pushed an hour out: not yet due when it is enabled again.
        await using (var push = db.CreateCommand("UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 hour' WHERE endpoint_id = $1"))
        {
            push.Parameters.Add(new Npgsql.NpgsqlParameter { Value = waitingEndpoint });
            await push.ExecuteNonQueryAsync();
        }
        for (var i = 0; i < 300 && await ScalarAsync<long>(db, "SELECT count(*) FROM webhook_attempts WHERE endpoint_id = $1", lapsedEndpoint) == 0; i++)
            await Task.Delay(100);
        await Task.Delay(500);

        (await c.PostAsync($"/v1/webhook_endpoints/{lapsedEndpoint}", ("disabled", "false"))).AssertOk();
        (await c.PostAsync($"/v1/webhook_endpoints/{waitingEndpoint}", ("disabled", "false"))).AssertOk();
        await Task.Delay(1500);
        Assert.Equal("failed", await ScalarAsync<string>(db, "SELECT state FROM webhook_deliveries WHERE endpoint_id = $1", lapsedEndpoint));
        Assert.Single(fixture.Receiver.For(lapsed));
        Assert.Equal("pending", await ScalarAsync<string>(db, "SELECT state FROM webhook_deliveries WHERE endpoint_id = $1", waitingEndpoint));
    }

    private static async Task<T> ScalarAsync<T>(Npgsql.NpgsqlDataSource db, string sql, string value)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
