using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Webhooks;

/// <summary>The store's record step against a delivery another instance has claimed since.</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookStaleAttemptTests(WebhookFixture fixture)
{
    /// <summary>
    /// An attempt that outlived its lease records its failure after another instance re-claimed the delivery: the
    /// new claim's lease stands (it used to be cut to the retry delay, so a third claim could send it concurrently).
    /// </summary>
    [Fact]
    public async Task A_stale_failure_does_not_cut_the_current_lease_short()
    {
        var c = fixture.Client();
        var url = fixture.Receiver.NewUrl("stale");
        var held = fixture.Receiver.HoldAsync(url);
        var endpoint = (await c.PostAsync("/v1/webhook_endpoints", ("url", url), ("enabled_events[]", "customer.created"))).AssertOk().Id;
        await c.PostAsync("/v1/customers", ("email", "stale@example.com"));
        await held.WaitAsync(TimeSpan.FromSeconds(30));
        var eventId = fixture.Receiver.For(url)[0].EventId;

        await using var db = Npgsql.NpgsqlDataSource.Create(fixture.ConnectionString);
        // Another instance's claim: attempt 2, leased for an hour.
        await using (var claim = db.CreateCommand(
            "UPDATE webhook_deliveries SET attempts = 2, next_attempt_at = now() + interval '1 hour' WHERE endpoint_id = $1 RETURNING account_id"))
        {
            claim.Parameters.Add(new Npgsql.NpgsqlParameter { Value = endpoint });
            var accountId = (string)(await claim.ExecuteScalarAsync())!;
            var store = new global::PaymentRecords.Api.Webhooks.WebhookStore(db);
            var loaded = (await store.LoadAsync(accountId, eventId, endpoint, CancellationToken.None))!;
            // Attempt 1, late, fails.
            await store.RecordAsync(loaded with { Attempt = 1 }, new global::PaymentRecords.Api.Webhooks.AttemptOutcome(false, 500, null, null, 1),
                TimeSpan.FromMilliseconds(1), resend: false, CancellationToken.None);
        }
        try
        {
            await using var check = db.CreateCommand(
                "SELECT state, next_attempt_at > now() + interval '50 minutes' FROM webhook_deliveries WHERE endpoint_id = $1");
            check.Parameters.Add(new Npgsql.NpgsqlParameter { Value = endpoint });
            await using var r = await check.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.Equal("pending", r.GetString(0));
            Assert.True(r.GetBoolean(1), "the current claim's lease was cut short by a stale attempt's failure");
        }
        finally
        {
            fixture.Receiver.Release(url);
        }
    }
}
