using Npgsql;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Domain.Subscriptions;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// Due work is kept in PostgreSQL and claimed with FOR UPDATE SKIP LOCKED: two instances running their schedulers on
/// one database run each item once, and an instance that stops while work is due leaves it for the next one.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SchedulerReplicaTests(ServerFixture fixture)
{
    [Fact]
    public async Task Two_instances_advancing_one_clock_with_three_customers_bill_each_period_once()
    {
        var second = await fixture.SecondServerAsync();
        var key = ServerFixture.NewKey();
        var kit = new ClockKit(fixture.Client(key));
        var viaSecond = new StripeTestClient(second.BaseAddress, key);
        var clock = await kit.ClockAsync(Jan31);
        var price = await kit.Subs.PriceAsync();
        var customers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (customer, _) = await kit.CustomerAsync(clock);
            (await kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
                ("collection_method", "send_invoice"), ("days_until_due", "30"))).AssertOk();
            customers.Add(customer);
        }
        // Advances sent alternately to the two instances; both schedulers step the clock.
        await kit.AdvanceAsync(clock, Jan31.AddMonths(2), via: viaSecond);
        await kit.AdvanceAsync(clock, Jan31.AddMonths(4));
        foreach (var customer in customers)
        {
            var invoices = await kit.InvoicesAsync(customer);
            Assert.Equal(5, invoices.Count);
            Assert.Equal(Enumerable.Range(0, 5).Select(k => Jan31.AddMonths(k).ToUnixTimeSeconds()),
                invoices.Select(i => i["lines"]!["data"]![0]!["period"]!["start"]!.GetValue<long>()));
        }
    }

    [Fact]
    public async Task Two_instances_renew_wall_clock_subscriptions_that_came_due_exactly_once_each()
    {
        await fixture.SecondServerAsync();
        var key = ServerFixture.NewKey();
        var account = ApiKeys.AccountIdFor(key);
        var kit = new ClockKit(fixture.Client(key));
        var price = await kit.Subs.PriceAsync();
        var subscriptions = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var customer = (await kit.Client.PostAsync("/v1/customers", ("email", "wall@example.com"))).AssertOk().Id;
            subscriptions.Add((await kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
                ("collection_method", "send_invoice"), ("days_until_due", "30"))).AssertOk().Id);
        }
        // Their first periods are moved into the past, as if the server had been down at their end; the due work says so.
        await RewindAsync(fixture.ConnectionString, account, subscriptions);

        foreach (var subscription in subscriptions)
        {
            var cycles = await WaitForRenewalAsync(kit, subscription);
            Assert.Single(cycles);
        }
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM due_work WHERE account_id = @a AND kind = 'subscription.period_end'", connection);
        count.Parameters.AddWithValue("a", account);
        // The next period end of each, once.
        Assert.Equal(8L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task An_instance_stopped_while_an_advance_is_due_leaves_it_to_the_next_which_runs_it_once()
    {
        var serverConnection = await TestDatabaseSource.GetServerConnectionStringAsync();
        var database = "pr_restart_" + Guid.NewGuid().ToString("N")[..10];
        var connection = new NpgsqlConnectionStringBuilder(serverConnection) { Database = database }.ConnectionString;
        try
        {
            var key = ServerFixture.NewKey();
            string clock, customer;
            await using (var idle = await TestServer.StartAsync(connection, new Dictionary<string, string> { ["Scheduler:Enabled"] = "false" }))
            {
                var kit = new ClockKit(new StripeTestClient(idle.BaseAddress, key));
                clock = await kit.ClockAsync(Jan31);
                (customer, _) = await kit.CustomerAsync(clock);
                (await kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", await kit.Subs.PriceAsync()),
                    ("collection_method", "send_invoice"), ("days_until_due", "30"))).AssertOk();
                (await kit.Client.PostAsync($"/v1/test_helpers/test_clocks/{clock}/advance", ("frozen_time", S(Jan31.AddMonths(1).AddHours(2))))).AssertOk();
                Assert.Equal("advancing", (await kit.Client.GetAsync($"/v1/test_helpers/test_clocks/{clock}")).AssertOk().Body["status"]!.GetValue<string>());
            }
            // The instance is gone with the advance due; the next one (scheduler on) runs it, once.
            await using var next = await TestServer.StartAsync(connection);
            var after = new ClockKit(new StripeTestClient(next.BaseAddress, key));
            await after.WaitReadyAsync(clock);
            var invoices = await after.InvoicesAsync(customer);
            Assert.Equal(["subscription_create", "subscription_cycle"], invoices.Select(i => i["billing_reason"]!.GetValue<string>()));
            Assert.Equal("open", invoices[1]["status"]!.GetValue<string>());
        }
        finally
        {
            await TestDatabaseSource.DropDatabaseAsync(serverConnection, database);
        }
    }

    /// <summary>Moves each subscription's anchor 40 days back, its item's period with it, and writes the period end as due.</summary>
    private static async Task RewindAsync(string connectionString, string account, IReadOnlyList<string> subscriptions)
    {
        var anchor = DateTimeOffset.UtcNow.AddDays(-40);
        var end = BillingPeriods.Boundary(anchor.ToUnixTimeSeconds(), BillingPeriods.Month, 1);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            UPDATE subscriptions SET billing_cycle_anchor = @anchor, start_date = @anchor WHERE account_id = @a AND id = ANY(@ids);
            UPDATE subscription_items SET current_period_start = @anchor, current_period_end = @end WHERE account_id = @a AND subscription_id = ANY(@ids);
            DELETE FROM due_work WHERE account_id = @a;
            INSERT INTO due_work (account_id, kind, object_id, due_at) SELECT @a, 'subscription.period_end', unnest(@ids), @end;
            SELECT pg_notify('due_work', '');
            """, connection);
        command.Parameters.AddWithValue("anchor", anchor.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("end", end);
        command.Parameters.AddWithValue("a", account);
        command.Parameters.AddWithValue("ids", subscriptions.ToArray());
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> WaitForRenewalAsync(ClockKit kit, string subscription)
    {
        for (var i = 0; i < 400; i++)
        {
            var invoices = (await kit.Client.GetAsync("/v1/invoices", ("subscription", subscription), ("limit", "100"))).AssertOk().Body["data"]!.AsArray();
            var cycles = invoices.Where(x => x!["billing_reason"]!.GetValue<string>() == "subscription_cycle").Select(x => x!["id"]!.GetValue<string>()).ToList();
            if (cycles.Count > 0)
            {
                // Give a second renewal every chance to appear if the work were run twice.
                await Task.Delay(300);
                return (await kit.Client.GetAsync("/v1/invoices", ("subscription", subscription), ("limit", "100"))).AssertOk().Body["data"]!.AsArray()
                    .Where(x => x!["billing_reason"]!.GetValue<string>() == "subscription_cycle").Select(x => x!["id"]!.GetValue<string>()).ToList();
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{subscription} was not renewed");
    }
}
