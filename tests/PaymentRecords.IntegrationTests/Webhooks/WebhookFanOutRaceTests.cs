using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Webhooks;

/// <summary>Fan-out against an endpoint whose delete is under way.</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookFanOutRaceTests(WebhookFixture fixture)
{
    /// <summary>
    /// An event fanned out while its endpoint's delete is uncommitted: the fan-out waits for the delete and sends it
    /// nowhere. (It used to read the endpoint as not deleted and make a delivery the delete never saw, so the event
    /// kept <c>pending_webhooks: 1</c> and <c>delivery_success=false</c> listed it forever.)
    /// </summary>
    [Fact]
    public async Task A_delete_under_way_leaves_no_delivery_behind()
    {
        var c = fixture.Client();
        var url = fixture.Receiver.NewUrl("deleting");
        var endpoint = (await c.PostAsync("/v1/webhook_endpoints", ("url", url), ("enabled_events[]", "customer.created"))).AssertOk().Id;

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using (var tx = await connection.BeginTransactionAsync())
        {
            // What DELETE /v1/webhook_endpoints/{id} does in its transaction: lock the row, mark it deleted.
            await using (var delete = new NpgsqlCommand("UPDATE webhook_endpoints SET deleted = true WHERE id = $1", connection, tx))
            {
                delete.Parameters.Add(new NpgsqlParameter { Value = endpoint });
                await delete.ExecuteNonQueryAsync();
            }
            await c.PostAsync("/v1/customers", ("email", "deleting@example.com"));
            // Time for both instances' fan-out to reach the event.
            await Task.Delay(TimeSpan.FromSeconds(2));
            await tx.CommitAsync();
        }

        var eventId = (await c.GetAsync("/v1/events", ("type", "customer.created"))).AssertOk().Body["data"]![0]!["id"]!.GetValue<string>();
        await using var check = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1), NOT EXISTS (SELECT 1 FROM webhook_outbox WHERE event_id = $2)",
            connection);
        check.Parameters.Add(new NpgsqlParameter { Value = endpoint });
        check.Parameters.Add(new NpgsqlParameter { Value = eventId });
        var deadline = DateTime.UtcNow.AddSeconds(20);
        long deliveries;
        bool fannedOut;
        do
        {
            await using var r = await check.ExecuteReaderAsync();
            await r.ReadAsync();
            (deliveries, fannedOut) = (r.GetInt64(0), r.GetBoolean(1));
            if (fannedOut) break;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.True(fannedOut);
        Assert.Equal(0, deliveries);
        var ev = (await c.GetAsync($"/v1/events/{eventId}")).AssertOk().Body;
        Assert.Equal(0, ev["pending_webhooks"]!.GetValue<int>());
        Assert.Empty((await c.GetAsync("/v1/events", ("delivery_success", "false"))).AssertOk().Body["data"]!.AsArray());
        Assert.Empty(fixture.Receiver.For(url));
    }
}
