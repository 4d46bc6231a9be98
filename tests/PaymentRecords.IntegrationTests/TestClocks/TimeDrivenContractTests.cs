using System.Text.Json.Nodes;
using Npgsql;
using PaymentRecords.IntegrationTests.Contract;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// subscription, subscription_item and their invoices in the statuses only time reaches (past_due, unpaid,
/// incomplete_expired, paused, trialing → active, canceled by dunning), against the spec; with the events about them.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TimeDrivenContractTests(ServerFixture fixture)
{
    [Fact]
    public async Task Past_due_incomplete_expired_paused_and_dunning_canceled_subscriptions_match_the_schema()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var price = await kit.Subs.PriceAsync();
        var (customer, pm) = await kit.CustomerAsync(clock);
        var renewing = await kit.ActiveSubscriptionAsync(customer, pm, price);
        var expiring = (await kit.Subs.CreateAsync(customer, price)).AssertOk().Id;
        var bare = (await kit.Client.PostAsync("/v1/customers", ("test_clock", clock))).AssertOk().Id;
        var pausing = (await kit.Subs.CreateAsync(bare, price, ("trial_period_days", "7"),
            ("trial_settings[end_behavior][missing_payment_method]", "pause"))).AssertOk().Id;

        // Feb 28 renewal, finalized an hour later (attempt 1), unanswered at attempt 2 three days later: past_due.
        await kit.AdvanceAsync(clock, Jan31.AddMonths(1).AddDays(3).AddHours(2));
        var pastDue = await kit.Subs.GetAsync(renewing);
        Assert.Equal("past_due", pastDue["status"]!.GetValue<string>());
        ContractAssert.Matches("subscription", pastDue);
        ContractAssert.Matches("subscription_item", pastDue["items"]!["data"]![0]);
        var renewal = (await kit.InvoicesAsync(customer)).Single(i => i["billing_reason"]!.GetValue<string>() == "subscription_cycle");
        Assert.Equal(2L, renewal["attempt_count"]!.GetValue<long>());
        ContractAssert.Matches("invoice", renewal);
        Assert.Equal("incomplete_expired", (await kit.Subs.GetAsync(expiring))["status"]!.GetValue<string>());
        ContractAssert.Matches("subscription", await kit.Subs.GetAsync(expiring));
        Assert.Equal("paused", (await kit.Subs.GetAsync(pausing))["status"]!.GetValue<string>());
        ContractAssert.Matches("subscription", await kit.Subs.GetAsync(pausing));

        // The retries run out: canceled (the default end), reason payment_failed.
        await kit.AdvanceAsync(clock, Jan31.AddMonths(1).AddDays(25));
        var canceled = await kit.Subs.GetAsync(renewing);
        Assert.Equal("canceled", canceled["status"]!.GetValue<string>());
        ContractAssert.Matches("subscription", canceled);
        ContractAssert.MatchesList("subscription", (await kit.Client.GetAsync("/v1/subscriptions", ("customer", customer), ("status", "all"))).AssertOk().Body);
        foreach (var e in await kit.Subs.EventsAsync())
        {
            var type = e["type"]!.GetValue<string>();
            if (type.StartsWith("customer.subscription.", StringComparison.Ordinal)) ContractAssert.Matches("subscription", e["data"]!["object"]);
            else if (type.StartsWith("invoice.", StringComparison.Ordinal) && type != "invoice.upcoming") ContractAssert.Matches("invoice", e["data"]!["object"]);
            else if (type.StartsWith("test_helpers.test_clock.", StringComparison.Ordinal)) ContractAssert.Matches("test_helpers.test_clock", e["data"]!["object"]);
        }
        Assert.Contains(await kit.Subs.EventsAsync(), e => e["type"]!.GetValue<string>() == "customer.subscription.paused");
    }

    [Fact]
    public async Task With_unpaid_as_the_end_of_dunning_the_subscription_turns_unpaid_and_matches_the_schema()
    {
        var serverConnection = await TestDatabaseSource.GetServerConnectionStringAsync();
        var database = "pr_unpaid_" + Guid.NewGuid().ToString("N")[..10];
        var connection = new NpgsqlConnectionStringBuilder(serverConnection) { Database = database }.ConnectionString;
        try
        {
            await using var server = await TestServer.StartAsync(connection, new Dictionary<string, string> { ["Billing:Dunning:SubscriptionEnd"] = "Unpaid" });
            var kit = new ClockKit(new StripeTestClient(server.BaseAddress, ServerFixture.NewKey()));
            var clock = await kit.ClockAsync(Jan31);
            var (customer, pm) = await kit.CustomerAsync(clock);
            var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());

            await kit.AdvanceAsync(clock, Jan31.AddMonths(1).AddDays(25));
            var unpaid = await kit.Subs.GetAsync(subscription);
            Assert.Equal("unpaid", unpaid["status"]!.GetValue<string>());
            ContractAssert.Matches("subscription", unpaid);
            var renewal = (await kit.InvoicesAsync(customer))[^1];
            Assert.Equal(("open", 4L), (renewal["status"]!.GetValue<string>(), renewal["attempt_count"]!.GetValue<long>()));
            ContractAssert.Matches("invoice", renewal);

            // The next period end still bills, but "no subsequent invoices will be attempted (invoices will be created,
            // but then immediately automatically closed)": a draft with auto_advance off, left a draft.
            await kit.AdvanceAsync(clock, Jan31.AddMonths(2).AddHours(3));
            var next = (await kit.InvoicesAsync(customer))[^1];
            Assert.NotEqual(renewal["id"]!.GetValue<string>(), next["id"]!.GetValue<string>());
            Assert.Equal(("subscription_cycle", "draft", false, (JsonNode?)null), (next["billing_reason"]!.GetValue<string>(), next["status"]!.GetValue<string>(),
                next["auto_advance"]!.GetValue<bool>(), next["automatically_finalizes_at"]));
            Assert.DoesNotContain(await kit.Subs.EventsAsync("invoice.payment_attempt_required"),
                e => e["data"]!["object"]!["id"]!.GetValue<string>() == next["id"]!.GetValue<string>());
            Assert.Equal("unpaid", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        }
        finally
        {
            await TestDatabaseSource.DropDatabaseAsync(serverConnection, database);
        }
    }
}
