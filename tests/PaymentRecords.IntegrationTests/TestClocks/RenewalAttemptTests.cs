using System.Text.Json.Nodes;
using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// A renewal's payment attempts as the third-party-processor guide drives them: a failure reported before the attach,
/// a renewal finalized by request, and auto_advance turned off and on while the retries run.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RenewalAttemptTests(ServerFixture fixture)
{
    private static readonly DateTimeOffset RenewalFinalized = Jan31.AddMonths(1).AddHours(1);

    [Fact]
    public async Task A_failed_payment_reported_then_attached_fails_the_renewal_attempt_at_once()
    {
        var (kit, customer, pm, subscription) = await ActiveAsync();
        await kit.AdvanceAsync(await ClockOfAsync(kit, customer), RenewalFinalized.AddHours(1));
        var renewal = await RenewalAsync(kit, customer);

        // The guide's webhook handler: report_payment with outcome=failed, then attach_payment.
        var failed = (await kit.Client.PostAsync("/v1/payment_records/report_payment",
            ("amount_requested[currency]", "usd"), ("amount_requested[value]", "2500"), ("initiated_at", "1730000000"),
            ("payment_method_details[payment_method]", pm), ("customer_details[customer]", customer),
            ("outcome", "failed"), ("failed[failed_at]", "1730000100"))).AssertOk().Id;
        var attached = (await kit.Subs.AttachAsync(renewal, failed)).AssertOk().Body;

        Assert.Equal(("open", 1L), (attached["status"]!.GetValue<string>(), attached["attempt_count"]!.GetValue<long>()));
        Assert.Equal("past_due", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        Assert.Equal(renewal, Assert.Single(await kit.Subs.EventsAsync("invoice.payment_failed"))["data"]!["object"]!["id"]!.GetValue<string>());

        // A guaranteed payment then pays it: active again.
        var paid = await kit.Subs.ReportAsync(customer, pm, 2500);
        Assert.Equal("paid", (await kit.Subs.AttachAsync(renewal, paid)).AssertOk().Body["status"]!.GetValue<string>());
        Assert.Equal("active", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_renewal_finalized_by_request_starts_its_attempts_for_the_subscriptions_custom_default()
    {
        var (kit, customer, _, _) = await ActiveAsync();
        // Past the period end, before the scheduler's finalize an hour later: the renewal is a draft.
        await kit.AdvanceAsync(await ClockOfAsync(kit, customer), Jan31.AddMonths(1).AddMinutes(30));
        var draft = await RenewalAsync(kit, customer);

        var finalized = (await kit.Client.PostAsync($"/v1/invoices/{draft}/finalize")).AssertOk().Body;

        var now = Jan31.AddMonths(1).AddMinutes(30);
        Assert.Equal(("open", 1L, now.AddDays(3).ToUnixTimeSeconds()),
            (finalized["status"]!.GetValue<string>(), finalized["attempt_count"]!.GetValue<long>(), finalized["next_payment_attempt"]!.GetValue<long>()));
        // The custom method is the subscription's default only: the customer has it attached but no invoice default.
        Assert.Contains(await kit.Subs.EventsAsync("invoice.payment_attempt_required"), e => e["data"]!["object"]!["id"]!.GetValue<string>() == draft);
    }

    [Fact]
    public async Task Retries_pause_while_auto_advance_is_off_and_resume_when_it_is_turned_back_on()
    {
        var (kit, customer, _, subscription) = await ActiveAsync();
        var clock = await ClockOfAsync(kit, customer);
        await kit.AdvanceAsync(clock, RenewalFinalized.AddHours(1));
        var renewal = await RenewalAsync(kit, customer);
        (await kit.Client.PostAsync($"/v1/invoices/{renewal}", ("auto_advance", "false"))).AssertOk();

        // Past the second attempt's time: no attempt was made, none failed, none is due.
        await kit.AdvanceAsync(clock, RenewalFinalized.AddDays(4));
        var paused = (await kit.Client.GetAsync($"/v1/invoices/{renewal}")).AssertOk().Body;
        Assert.Equal((1L, (JsonNode?)null), (paused["attempt_count"]!.GetValue<long>(), paused["next_payment_attempt"]));
        Assert.Equal("active", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        Assert.Empty(await kit.Subs.EventsAsync("invoice.payment_failed"));

        // Turned back on: the unanswered attempt has failed and the next one is made now.
        var resumed = (await kit.Client.PostAsync($"/v1/invoices/{renewal}", ("auto_advance", "true"))).AssertOk().Body;
        Assert.Equal((2L, RenewalFinalized.AddDays(4 + 5).ToUnixTimeSeconds()),
            (resumed["attempt_count"]!.GetValue<long>(), resumed["next_payment_attempt"]!.GetValue<long>()));
        Assert.Equal("past_due", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        Assert.Single(await kit.Subs.EventsAsync("invoice.payment_failed"));
        Assert.Equal(2, (await kit.Subs.EventsAsync("invoice.payment_attempt_required")).Count(e => e["data"]!["object"]!["id"]!.GetValue<string>() == renewal));

        // The schedule goes on from there: attempt 3 five days later.
        await kit.AdvanceAsync(clock, RenewalFinalized.AddDays(4 + 5).AddHours(1));
        Assert.Equal(3L, (await kit.Client.GetAsync($"/v1/invoices/{renewal}")).AssertOk().Body["attempt_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Canceling_the_subscription_stops_collection_of_its_open_renewal()
    {
        var (kit, customer, _, subscription) = await ActiveAsync();
        var clock = await ClockOfAsync(kit, customer);
        await kit.AdvanceAsync(clock, RenewalFinalized.AddHours(1));
        var renewal = await RenewalAsync(kit, customer);
        (await kit.Client.DeleteAsync($"/v1/subscriptions/{subscription}")).AssertOk();

        // "Upon subscription cancellation, Stripe stops automatic collection of all finalized invoices."
        await kit.AdvanceAsync(clock, RenewalFinalized.AddDays(20));
        var invoice = (await kit.Client.GetAsync($"/v1/invoices/{renewal}")).AssertOk().Body;
        Assert.Equal(("open", false, 1L, (JsonNode?)null), (invoice["status"]!.GetValue<string>(), invoice["auto_advance"]!.GetValue<bool>(),
            invoice["attempt_count"]!.GetValue<long>(), invoice["next_payment_attempt"]));
        Assert.Single(await kit.Subs.EventsAsync("invoice.payment_attempt_required"), e => e["data"]!["object"]!["id"]!.GetValue<string>() == renewal);
        Assert.Empty(await kit.Subs.EventsAsync("invoice.payment_failed"));
    }

    [Fact]
    public async Task With_mark_uncollectible_a_renewal_held_by_a_payment_in_flight_stays_open_when_the_retries_run_out()
    {
        var serverConnection = await TestDatabaseSource.GetServerConnectionStringAsync();
        var database = "pr_uncollectible_" + Guid.NewGuid().ToString("N")[..10];
        var connection = new NpgsqlConnectionStringBuilder(serverConnection) { Database = database }.ConnectionString;
        try
        {
            await using var server = await TestServer.StartAsync(connection, new Dictionary<string, string> { ["Billing:Dunning:MarkUncollectible"] = "true" });
            var kit = new ClockKit(new StripeTestClient(server.BaseAddress, ServerFixture.NewKey()));
            var clock = await kit.ClockAsync(Jan31);
            var (customer, pm) = await kit.CustomerAsync(clock);
            var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());
            await kit.AdvanceAsync(clock, RenewalFinalized.AddHours(1));
            var renewal = await RenewalAsync(kit, customer);
            (await kit.Subs.AttachAsync(renewal, await kit.Subs.ReportAsync(customer, pm, 2500, guaranteed: false))).AssertOk();

            // Every attempt goes unanswered and the retries run out (the advance ends ready): the subscription is
            // canceled, and the invoice the payment still holds stays open instead of uncollectible.
            await kit.AdvanceAsync(clock, Jan31.AddMonths(1).AddDays(25));
            Assert.Equal("canceled", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
            Assert.Equal(("open", 4L), ((await kit.Client.GetAsync($"/v1/invoices/{renewal}")).AssertOk().Body is var r ? r["status"]!.GetValue<string>() : "",
                r["attempt_count"]!.GetValue<long>()));
        }
        finally
        {
            await TestDatabaseSource.DropDatabaseAsync(serverConnection, database);
        }
    }

    private async Task<(ClockKit Kit, string Customer, string PaymentMethod, string Subscription)> ActiveAsync()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());
        return (kit, customer, pm, subscription);
    }

    private static async Task<string> ClockOfAsync(ClockKit kit, string customer) =>
        (await kit.Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["test_clock"]!.GetValue<string>();

    private static async Task<string> RenewalAsync(ClockKit kit, string customer) =>
        (await kit.InvoicesAsync(customer)).Single(i => i["billing_reason"]!.GetValue<string>() == "subscription_cycle")["id"]!.GetValue<string>();
}
