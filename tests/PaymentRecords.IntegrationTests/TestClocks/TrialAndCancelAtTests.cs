using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// What the end of a trial, a cancel_at and pending prorations do as a test clock advances
/// (docs/endpoints-test-clocks.md).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TrialAndCancelAtTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_trial_warns_three_days_before_its_end_then_bills_the_first_paid_period_and_turns_active()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var created = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(), ("default_payment_method", pm), ("trial_period_days", "14"))).AssertOk().Body;
        var subscription = created["id"]!.GetValue<string>();
        Assert.Equal("trialing", created["status"]!.GetValue<string>());
        var trialEnd = Jan31.AddDays(14);

        await kit.AdvanceAsync(clock, trialEnd.AddDays(-3).AddHours(-1));
        Assert.Empty(await kit.Subs.EventsAsync("customer.subscription.trial_will_end"));
        await kit.AdvanceAsync(clock, trialEnd.AddDays(-2));
        var warning = Assert.Single(await kit.Subs.EventsAsync("customer.subscription.trial_will_end"));
        Assert.Equal((trialEnd.AddDays(-3).ToUnixTimeSeconds(), "trialing"),
            (warning["created"]!.GetValue<long>(), warning["data"]!["object"]!["status"]!.GetValue<string>()));

        await kit.AdvanceAsync(clock, trialEnd.AddHours(2));
        var sub = await kit.Subs.GetAsync(subscription);
        Assert.Equal("active", sub["status"]!.GetValue<string>());
        var item = sub["items"]!["data"]![0]!;
        Assert.Equal((trialEnd.ToUnixTimeSeconds(), trialEnd.AddMonths(1).ToUnixTimeSeconds()),
            (item["current_period_start"]!.GetValue<long>(), item["current_period_end"]!.GetValue<long>()));
        var invoices = await kit.InvoicesAsync(customer);
        Assert.Equal(2, invoices.Count);
        var first = invoices[^1];
        Assert.Equal(("subscription_cycle", "open", 2500L), (first["billing_reason"]!.GetValue<string>(), first["status"]!.GetValue<string>(), first["amount_due"]!.GetValue<long>()));
        var updated = (await kit.Subs.EventsAsync("customer.subscription.updated"))
            .Single(e => e["data"]!["previous_attributes"]?["status"]?.GetValue<string>() == "trialing");
        Assert.Equal("active", updated["data"]!["object"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Trial_from_plan_takes_the_prices_trial_period_days_at_create_and_is_refused_on_update()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var product = (await kit.Client.PostAsync("/v1/products", ("name", "Trial plan"))).AssertOk().Id;
        var price = (await kit.Client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "1500"),
            ("recurring[interval]", "month"), ("recurring[trial_period_days]", "10"))).AssertOk().Id;
        var created = (await kit.Subs.CreateAsync(customer, price, ("default_payment_method", pm), ("trial_from_plan", "true"))).AssertOk().Body;
        Assert.Equal(("trialing", Jan31.AddDays(10).ToUnixTimeSeconds()), (created["status"]!.GetValue<string>(), created["trial_end"]!.GetValue<long>()));
        Assert.Equal(0, created["latest_invoice"]!["total"]!.GetValue<long>());
        // A price without one: no trial.
        var plain = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(), ("trial_from_plan", "true"))).AssertOk().Body;
        Assert.Equal("incomplete", plain["status"]!.GetValue<string>());
        (await kit.Client.PostAsync($"/v1/subscriptions/{created["id"]!.GetValue<string>()}", ("trial_from_plan", "true")))
            .AssertError(System.Net.HttpStatusCode.BadRequest, param: "trial_from_plan");
    }

    [Fact]
    public async Task A_trial_without_a_payment_method_and_end_behavior_cancel_is_canceled_at_its_end()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var customer = (await kit.Client.PostAsync("/v1/customers", ("test_clock", clock))).AssertOk().Id;
        var subscription = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(), ("trial_period_days", "7"),
            ("trial_settings[end_behavior][missing_payment_method]", "cancel"))).AssertOk().Id;

        await kit.AdvanceAsync(clock, Jan31.AddDays(8));
        var sub = await kit.Subs.GetAsync(subscription);
        Assert.Equal(("canceled", Jan31.AddDays(7).ToUnixTimeSeconds()), (sub["status"]!.GetValue<string>(), sub["ended_at"]!.GetValue<long>()));
        Assert.Single(await kit.InvoicesAsync(customer));
        Assert.Single(await kit.Subs.EventsAsync("customer.subscription.deleted"));
    }

    [Fact]
    public async Task Cancel_at_mid_period_ends_the_subscription_then_and_a_moved_cancel_at_leaves_the_old_time_alone()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());
        (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("cancel_at", S(Jan31.AddDays(10))))).AssertOk();
        (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("cancel_at", S(Jan31.AddDays(20))))).AssertOk();
        // Back to the first time: its row is still due, and it is not written twice.
        (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("cancel_at", S(Jan31.AddDays(10))))).AssertOk();
        (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("cancel_at", S(Jan31.AddDays(20))))).AssertOk();

        await kit.AdvanceAsync(clock, Jan31.AddDays(15));
        Assert.Equal("active", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        await kit.AdvanceAsync(clock, Jan31.AddDays(21));
        var sub = await kit.Subs.GetAsync(subscription);
        Assert.Equal(("canceled", Jan31.AddDays(20).ToUnixTimeSeconds(), "cancellation_requested"),
            (sub["status"]!.GetValue<string>(), sub["ended_at"]!.GetValue<long>(), sub["cancellation_details"]!["reason"]!.GetValue<string>()));
        Assert.Single(await kit.Subs.EventsAsync("customer.subscription.deleted"));
    }

    [Fact]
    public async Task A_renewal_bills_the_pending_prorations_before_the_new_period()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());
        var item = (await kit.Subs.GetAsync(subscription))["items"]!["data"]![0]!["id"]!.GetValue<string>();
        // Halfway through the Jan 31 – Feb 28 period (28 days): unused 1 × 2500 credited (−1250), 2 × 2500 charged (+2500).
        await kit.AdvanceAsync(clock, Jan31.AddDays(14));
        (await kit.Client.PostAsync($"/v1/subscription_items/{item}", ("quantity", "2"))).AssertOk();

        await kit.AdvanceAsync(clock, Jan31.AddMonths(1).AddHours(2));
        var renewal = (await kit.InvoicesAsync(customer))[^1];
        var lines = (await kit.Client.GetAsync($"/v1/invoices/{renewal["id"]!.GetValue<string>()}/lines")).AssertOk().Body["data"]!.AsArray();
        Assert.Equal([-1250L, 2500L, 5000L], lines.Select(l => l!["amount"]!.GetValue<long>()));
        Assert.Equal([true, true, false], lines.Select(l => l!["parent"]!["subscription_item_details"]!["proration"]!.GetValue<bool>()));
        Assert.Equal(("subscription_cycle", 6250L), (renewal["billing_reason"]!.GetValue<string>(), renewal["amount_due"]!.GetValue<long>()));
    }
}
