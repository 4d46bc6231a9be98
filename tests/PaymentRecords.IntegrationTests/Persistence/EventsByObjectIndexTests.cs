using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Persistence;

/// <summary>
/// The events of an object (the dashboard's invoice and subscription timelines, EfEventReads.OfObjectsAsync) are read
/// through the index on <c>object_id</c> (migration EventObjectIdColumn), not by walking every event of the account;
/// every event carries its object's id in that column.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class EventsByObjectIndexTests(ServerFixture fixture)
{
    [Fact]
    public async Task Events_of_an_object_are_found_by_the_object_index_in_an_account_of_ten_thousand_events()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(); // rolled back: nothing stays
        await using (var fill = new NpgsqlCommand("""
            INSERT INTO events (account_id, id, created, type, data, object_id, pending_webhooks)
            SELECT 'acct_explain_events', 'evt_explain_' || g, 1700000000 + g, 'invoice.updated',
                   json_build_object('object', json_build_object('id', 'in_explain_' || (g % 2000))), 'in_explain_' || (g % 2000), 0
            FROM generate_series(1, 10000) g;
            ANALYZE events;
            """, connection, transaction))
            await fill.ExecuteNonQueryAsync();

        // The query EfEventReads.OfObjectsAsync sends.
        await using var explain = new NpgsqlCommand("""
            EXPLAIN SELECT * FROM events
            WHERE account_id = $1 AND object_id = ANY($2)
            ORDER BY created DESC, seq DESC
            LIMIT $3
            """, connection, transaction);
        explain.Parameters.Add(new NpgsqlParameter { Value = "acct_explain_events" });
        explain.Parameters.Add(new NpgsqlParameter { Value = new[] { "in_explain_7", "inpay_explain_none" } });
        explain.Parameters.Add(new NpgsqlParameter { Value = 100 });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        var text = string.Join("\n", plan);
        Assert.Contains("ix_events_account_id_object_id_created_seq", text);
        Assert.DoesNotContain("Seq Scan", text);
        await transaction.RollbackAsync();
    }

    /// <summary>What the API writes: each event's <c>object_id</c> is the id of its <c>data.object</c>.</summary>
    [Fact]
    public async Task Every_event_carries_the_id_of_its_object()
    {
        var c = fixture.Client();
        var customer = (await c.PostAsync("/v1/customers", ("email", "object-id@example.com"))).AssertOk().Id;
        (await c.PostAsync($"/v1/customers/{customer}", ("name", "Object Id"))).AssertOk();

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var check = new NpgsqlCommand("""
            SELECT type, object_id, data -> 'object' ->> 'id' FROM events
            WHERE data -> 'object' ->> 'id' = $1 ORDER BY seq
            """, connection);
        check.Parameters.Add(new NpgsqlParameter { Value = customer });
        var rows = new List<(string Type, string? ObjectId, string JsonId)>();
        await using (var reader = await check.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
        Assert.Equal(["customer.created", "customer.updated"], rows.Select(r => r.Type));
        Assert.All(rows, r => Assert.Equal(customer, r.ObjectId));
    }
}
