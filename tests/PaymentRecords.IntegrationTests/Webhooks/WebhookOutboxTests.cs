using Npgsql;
using PaymentRecords.Api.Webhooks;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Webhooks;

/// <summary>The webhook outbox (<c>webhook_outbox</c>, migration WebhookOutbox): filled with the event, emptied by the fan-out.</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookOutboxTests(WebhookFixture fixture)
{
    /// <summary>
    /// Whatever writes an event queues it in the same transaction: the outbox row is there before the commit and goes
    /// with a rollback, so the fan-out can never see an event that was not committed, nor miss one that was.
    /// </summary>
    [Fact]
    public async Task An_event_is_queued_in_its_own_transaction()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        long seq;
        await using (var tx = await connection.BeginTransactionAsync())
        {
            // A hand-written insert, as no API path writes: the trigger holds for every writer.
            await using var insert = new NpgsqlCommand("""
                INSERT INTO events (account_id, id, created, type, data, pending_webhooks)
                VALUES ('acct_outbox_rollback', 'evt_outbox_rollback', 0, 'customer.created', '{}', 0) RETURNING seq
                """, connection, tx);
            seq = (long)(await insert.ExecuteScalarAsync())!;
            Assert.Equal(1L, await CountAsync(connection, tx, seq));
            await tx.RollbackAsync();
        }
        Assert.Equal(0L, await CountAsync(connection, null, seq));
    }

    /// <summary>
    /// An event of an account with no endpoint is taken from the outbox by the dispatcher's periodic look with no
    /// delivery, and its row is not written again: it keeps the transaction id of the request that wrote it (the same
    /// as its customer's) and the <c>pending_webhooks</c> 0 it was written with.
    /// </summary>
    [Fact]
    public async Task The_fan_out_takes_an_event_without_endpoints_and_leaves_its_row_alone()
    {
        var c = fixture.Client();
        var customer = (await c.PostAsync("/v1/customers", ("email", "outbox@example.com"))).AssertOk().Id;
        var eventId = (await c.GetAsync("/v1/events", ("type", "customer.created"))).AssertOk().Body["data"]![0]!["id"]!.GetValue<string>();

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var check = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM webhook_outbox WHERE event_id = $1),
                   (SELECT xmin::text FROM events WHERE id = $1) = (SELECT xmin::text FROM customers WHERE id = $2),
                   (SELECT pending_webhooks FROM events WHERE id = $1),
                   (SELECT count(*) FROM webhook_deliveries WHERE event_id = $1)
            """, connection);
        check.Parameters.Add(new NpgsqlParameter { Value = eventId });
        check.Parameters.Add(new NpgsqlParameter { Value = customer });
        var deadline = DateTime.UtcNow.AddSeconds(20);
        bool queued, writtenOnce;
        int pending;
        long deliveries;
        do
        {
            await using var r = await check.ExecuteReaderAsync();
            await r.ReadAsync();
            (queued, writtenOnce, pending, deliveries) = (r.GetBoolean(0), r.GetBoolean(1), r.GetInt32(2), r.GetInt64(3));
            if (!queued) break;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.False(queued);
        Assert.True(writtenOnce);
        Assert.Equal(0, pending);
        Assert.Equal(0, deliveries);
    }

    /// <summary>
    /// The fan-out takes its batch through the outbox's key however many rows wait there: the statement is prepared, so
    /// after a few runs PostgreSQL uses its generic plan, and a plan that read the whole outbox for each batch would
    /// drain a backlog (a dispatcher that was off, a burst) in time that grows with the square of its size.
    /// </summary>
    [Fact]
    public async Task The_fan_out_reads_a_backlog_by_key_in_its_prepared_plan()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        // A backlog no dispatcher sees (uncommitted), with statistics that know it.
        await using (var fill = new NpgsqlCommand("""
            INSERT INTO webhook_outbox (seq, account_id, event_id)
                SELECT 1000000000 + g, 'acct_outbox_backlog', 'evt_outbox_backlog_' || g FROM generate_series(1, 20000) g;
            ANALYZE webhook_outbox;
            SET LOCAL plan_cache_mode = force_generic_plan;
            """, connection, tx))
            await fill.ExecuteNonQueryAsync();
        await using (var prepare = new NpgsqlCommand($"PREPARE outbox_fan_out(int) AS {WebhookStore.FanOutSql}", connection, tx))
            await prepare.ExecuteNonQueryAsync();
        var plan = new List<string>();
        await using (var explain = new NpgsqlCommand("EXPLAIN EXECUTE outbox_fan_out(500)", connection, tx))
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        await tx.RollbackAsync();
        await using (var deallocate = new NpgsqlCommand("DEALLOCATE outbox_fan_out", connection)) await deallocate.ExecuteNonQueryAsync();

        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on webhook_outbox", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("using webhook_outbox_pkey", StringComparison.Ordinal));
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long seq)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM webhook_outbox WHERE seq = $1", connection, tx);
        count.Parameters.Add(new NpgsqlParameter { Value = seq });
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
