using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>A wall-clock item that fails is tried again a minute from now, for the same due time.</summary>
[Collection(ServerCollection.Name)]
public sealed class SchedulerRetryTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_failed_overdue_item_keeps_its_due_time_and_waits_a_minute_instead_of_coming_straight_back()
    {
        // A kind no use case runs fails every time (what a newer version's work looks like to this one).
        var account = "acct_retry_" + Guid.NewGuid().ToString("N");
        var overdue = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600;
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO due_work (account_id, kind, object_id, due_at) VALUES (@a, 'test.never_runs', 'obj_1', @due);
            SELECT pg_notify('due_work', '');
            """, connection))
        {
            insert.Parameters.AddWithValue("a", account);
            insert.Parameters.AddWithValue("due", overdue);
            await insert.ExecuteNonQueryAsync();
        }
        try
        {
            (long DueAt, long? RetryAt) row = default;
            for (var i = 0; i < 600; i++)
            {
                await using var read = new NpgsqlCommand("SELECT due_at, retry_at FROM due_work WHERE account_id = @a", connection);
                read.Parameters.AddWithValue("a", account);
                await using var reader = await read.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync(), "the failed item was deleted");
                row = (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
                if (row.RetryAt is not null) break;
                await reader.DisposeAsync();
                await Task.Delay(50);
            }
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Assert.Equal(overdue, row.DueAt);
            Assert.NotNull(row.RetryAt);
            Assert.InRange(row.RetryAt.Value, now + 50, now + 61);

            // Not claimed again before then: its retry time stays where it was put. (With a second instance running, one
            // more claim may slip in between the failed transaction's rollback and the postpone's commit, moving it by
            // a second at most; an item claimed again and again would move it with every second that passes.)
            await Task.Delay(2500);
            await using var again = new NpgsqlCommand("SELECT due_at, retry_at FROM due_work WHERE account_id = @a", connection);
            again.Parameters.AddWithValue("a", account);
            await using var reader2 = await again.ExecuteReaderAsync();
            Assert.True(await reader2.ReadAsync());
            Assert.Equal(overdue, reader2.GetInt64(0));
            Assert.False(reader2.IsDBNull(1));
            Assert.InRange(reader2.GetInt64(1), row.RetryAt.Value, row.RetryAt.Value + 1);
        }
        finally
        {
            await using var cleanup = new NpgsqlCommand("DELETE FROM due_work WHERE account_id = @a", connection);
            cleanup.Parameters.AddWithValue("a", account);
            await cleanup.ExecuteNonQueryAsync();
        }
    }
}
