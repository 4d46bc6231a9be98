using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Persistence;

/// <summary>
/// A fresh account is never in the planner's statistics. With statistics on <c>account_id</c>, PostgreSQL estimated
/// such an account at one row and looked objects up through whichever index starts with <c>account_id</c>, reading the
/// whole account; so every table with an <c>account_id</c> keeps none (migration AccountIdWithoutStatistics).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PlannerStatisticsTests(ServerFixture fixture)
{
    [Fact]
    public async Task Every_table_with_an_account_id_keeps_no_statistics_on_it()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT c.relname, a.attstattarget FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE a.attname = 'account_id' AND c.relkind = 'r' AND n.nspname = current_schema() AND NOT a.attisdropped
            ORDER BY c.relname
            """, connection);
        var targets = new List<(string Table, int Target)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) targets.Add((reader.GetString(0), reader.GetInt16(1)));
        Assert.Contains(targets, t => t.Table == "events");
        Assert.Contains(targets, t => t.Table == "idempotency_keys");
        Assert.DoesNotContain(targets, t => t.Target != 0);
    }

    /// <summary>The young-database case users meet: statistics that know one account, then a request for another.</summary>
    [Fact]
    public async Task An_account_the_statistics_never_saw_is_looked_up_by_its_key()
    {
        var database = "pr_test_stats_" + Guid.NewGuid().ToString("N")[..10];
        var server = await TestDatabaseSource.GetServerConnectionStringAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        try
        {
            await using (var host = await TestServer.StartAsync(connectionString))
            {
                var c = new StripeTestClient(host.BaseAddress, ServerFixture.NewKey());
                await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
                    (await c.PostAsync("/v1/customers", ("email", $"s{i}@example.com"))).AssertOk());
            }
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using (var analyze = new NpgsqlCommand("ANALYZE", connection)) await analyze.ExecuteNonQueryAsync();

            Assert.Contains("using pk_events", await PlanAsync(connection, "UPDATE events SET pending_webhooks = 0 WHERE account_id = $1 AND id = $2"));
            Assert.Contains("using pk_customers", await PlanAsync(connection, "SELECT * FROM customers WHERE account_id = $1 AND id = $2 FOR UPDATE"));
        }
        finally
        {
            await Webhooks.WebhookFixture.DropDatabaseAsync(server, database);
        }
    }

    private static async Task<string> PlanAsync(NpgsqlConnection connection, string sql)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
        explain.Parameters.Add(new NpgsqlParameter { Value = "acct_never_seen" });
        explain.Parameters.Add(new NpgsqlParameter { Value = "obj_never_seen" });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        return string.Join("\n", plan);
    }
}
