using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// The server as a separate process, killed with SIGKILL while a test clock advance is due: the next process runs what
/// was left, and every renewal exists once (the due work and the claim live in PostgreSQL, in the work's transaction).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SchedulerCrashTests
{
    [Fact]
    public async Task An_advance_cut_by_kill_9_is_finished_by_the_next_process_and_bills_each_period_once()
    {
        var serverConnection = await TestDatabaseSource.GetServerConnectionStringAsync();
        var database = "pr_kill_" + Guid.NewGuid().ToString("N")[..10];
        var connection = new NpgsqlConnectionStringBuilder(serverConnection) { Database = database }.ConnectionString;
        var port = ServerProcess.FreePort();
        var first = await ServerProcess.StartAsync(connection, port);
        try
        {
            var key = ServerFixture.NewKey();
            var kit = new ClockKit(new StripeTestClient(first.BaseAddress, key));
            var clock = await kit.ClockAsync(Jan31);
            var price = await kit.Subs.PriceAsync();
            var subscriptions = new List<(string Customer, string Subscription)>();
            // Stripe's limits: three customers on a clock, three subscriptions each; two each here.
            for (var i = 0; i < 3; i++)
            {
                var (customer, _) = await kit.CustomerAsync(clock);
                for (var j = 0; j < 2; j++)
                    subscriptions.Add((customer, (await kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
                        ("collection_method", "send_invoice"), ("days_until_due", "30"))).AssertOk().Id));
            }
            // Two months at once (Stripe's limit for monthly subscriptions): the Feb 28 and Mar 31 renewals of six
            // subscriptions, their finalizes, overdue checks and upcoming notices. The process dies as it begins.
            var advancing = (await kit.Client.PostAsync($"/v1/test_helpers/test_clocks/{clock}/advance", ("frozen_time", S(Jan31.AddMonths(2))))).AssertOk().Body;
            Assert.Equal("advancing", advancing["status"]!.GetValue<string>());
            first.Kill();

            await using var second = await ServerProcess.StartAsync(connection, port);
            var after = new ClockKit(new StripeTestClient(second.BaseAddress, key));
            var ready = await after.WaitReadyAsync(clock);
            Assert.Equal(Jan31.AddMonths(2).ToUnixTimeSeconds(), ready["frozen_time"]!.GetValue<long>());
            foreach (var (customer, subscription) in subscriptions)
            {
                var invoices = (await after.InvoicesAsync(customer)).Where(i => i["parent"]?["subscription_details"]?["subscription"]?.GetValue<string>() == subscription).ToList();
                Assert.Equal(["subscription_create", "subscription_cycle", "subscription_cycle"], invoices.Select(i => i["billing_reason"]!.GetValue<string>()));
                Assert.Equal([Jan31.AddMonths(1).ToUnixTimeSeconds(), Jan31.AddMonths(2).ToUnixTimeSeconds()],
                    invoices.Skip(1).Select(i => i["created"]!.GetValue<long>()));
            }
        }
        finally
        {
            first.Kill();
            await TestDatabaseSource.DropDatabaseAsync(serverConnection, database);
        }
    }
}
