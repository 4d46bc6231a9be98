using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.Persistence.Pooling;

namespace PaymentRecords.IntegrationTests.Hosting;

/// <summary>
/// After a burst, the request pool gives back the connections the burst opened (<see cref="BurstTrim"/>), so one client
/// afterwards reuses a warm PostgreSQL backend instead of going round all of them. A database of its own, and only the
/// request pool's backends counted (the scheduler's and the webhooks' pools name themselves), so the count is this
/// server's request pool.
/// </summary>
public sealed class PoolTrimmerTests
{
    [Fact]
    public async Task The_connections_a_burst_opened_are_closed_a_few_seconds_after_it()
    {
        var fixture = new ServerFixture();
        await fixture.InitializeAsync();
        try
        {
            var client = fixture.Client();
            // Eight creates, each held 2 s on its connection (the test hook holds a write with an idempotency key inside
            // its claim), so they overlap even on a loaded machine: the pool opens a connection for each.
            var burst = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.SendAsync(HttpMethod.Post, "/v1/customers",
                [("email", $"burst{i}@example.com")], Guid.NewGuid().ToString(), r => r.Headers.Add("X-Test-Delay-Ms", "2000"))));
            foreach (var created in burst) created.AssertOk();
            var afterBurst = await BackendsAsync(fixture);
            Assert.True(afterBurst >= 6, $"{afterBurst} request-pool backends after a burst of 8");

            // One client at a time afterwards, as a test suite's serial part would.
            var lowest = afterBurst;
            for (var tick = 0; tick < 80 && lowest > afterBurst - BurstTrim.Surplus; tick++)
            {
                (await client.PostAsync("/v1/customers", ("email", "serial@example.com"))).AssertOk();
                await Task.Delay(250);
                lowest = Math.Min(lowest, await BackendsAsync(fixture));
            }
            Assert.True(lowest <= afterBurst - BurstTrim.Surplus, $"{afterBurst} request-pool backends after the burst, still {lowest} 20 s later");
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    /// <summary>
    /// The request pool's PostgreSQL backends on the fixture's database (no application name, unlike the scheduler's
    /// and the webhooks' pools), counted from the maintenance database.
    /// </summary>
    private static async Task<int> BackendsAsync(ServerFixture fixture)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND application_name NOT LIKE 'PaymentRecords %'", connection);
        count.Parameters.AddWithValue("db", fixture.DatabaseName);
        return (int)(long)(await count.ExecuteScalarAsync())!;
    }
}
