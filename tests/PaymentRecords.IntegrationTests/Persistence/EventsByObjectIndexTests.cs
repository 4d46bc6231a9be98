using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Persistence;

/// <summary>
/// The events of an object (the dashboard's invoice and subscription timelines, EfEventReads.OfObjectsAsync) are read
/// through the expression index of migration EventsByObject, not by walking every event of the account.
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
            INSERT INTO events (account_id, id, created, type, data, pending_webhooks)
            SELECT 'acct_explain_events', 'evt_explain_' || g, 1700000000 + g, 'invoice.updated',
                   json_build_object('object', json_build_object('id', 'in_explain_' || (g % 2000))), 0
            FROM generate_series(1, 10000) g;
            ANALYZE events;
            """, connection, transaction))
            await fill.ExecuteNonQueryAsync();

        // The query EfEventReads.OfObjectsAsync sends.
        await using var explain = new NpgsqlCommand("""
            EXPLAIN SELECT * FROM events
            WHERE account_id = $1 AND (data -> 'object' ->> 'id') = ANY($2)
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
        Assert.Contains("ix_events_account_id_object_id", text);
        Assert.DoesNotContain("Seq Scan", text);
        await transaction.RollbackAsync();
    }
}
