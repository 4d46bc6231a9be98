using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// <c>trial_end</c> on POST /v1/subscriptions/{id} (docs/endpoints-subscriptions.md, "Trials"): <c>now</c> ends the
/// trial in the request, a future timestamp moves it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TrialUpdateTests(ServerFixture fixture)
{
    private static long L(JsonNode? node) => node!.GetValue<long>();

    [Fact]
    public async Task Trial_end_now_ends_the_trial_with_a_new_period_billed_at_once_and_its_failed_payment_makes_it_past_due()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(), ("default_payment_method", pm), ("trial_period_days", "14"))).AssertOk().Id;
        await kit.AdvanceAsync(clock, Jan31.AddDays(2));
        var now = Jan31.AddDays(2).ToUnixTimeSeconds();

        var sub = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("trial_end", "now"), ("expand[]", "latest_invoice"))).AssertOk().Body;
        Assert.Equal(("active", now, now), (sub["status"]!.GetValue<string>(), L(sub["trial_end"]), L(sub["billing_cycle_anchor"])));
        var item = sub["items"]!["data"]![0]!;
        Assert.Equal((now, Jan31.AddDays(2).AddMonths(1).ToUnixTimeSeconds()), (L(item["current_period_start"]), L(item["current_period_end"])));
        var invoice = sub["latest_invoice"]!;
        Assert.Equal(("subscription_update", "open", 2500L), (invoice["billing_reason"]!.GetValue<string>(), invoice["status"]!.GetValue<string>(), L(invoice["amount_due"])));
        Assert.Single(await kit.Subs.EventsAsync("customer.subscription.trial_will_end"));
        Assert.Contains(await kit.Subs.EventsAsync("invoice.payment_attempt_required"),
            e => e["data"]!["object"]!["id"]!.GetValue<string>() == invoice["id"]!.GetValue<string>());

        var failing = await kit.Subs.ReportAsync(customer, pm, 2500, guaranteed: false);
        (await kit.Subs.AttachAsync(invoice["id"]!.GetValue<string>(), failing)).AssertOk();
        (await kit.Client.PostAsync($"/v1/payment_records/{failing}/report_payment_attempt_failed", ("failed_at", "1730000100"))).AssertOk();
        Assert.Equal("past_due", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        (await kit.Subs.AttachAsync(invoice["id"]!.GetValue<string>(), await kit.Subs.ReportAsync(customer, pm, 2500))).AssertOk();
        Assert.Equal("active", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());

        // The old trial end is no longer due: nothing renews there, and no invoice.upcoming comes three days before it.
        await kit.AdvanceAsync(clock, Jan31.AddDays(15));
        Assert.Equal(2, (await kit.InvoicesAsync(customer)).Count);
        Assert.Empty(await kit.Subs.EventsAsync("invoice.upcoming"));
    }

    [Fact]
    public async Task A_later_trial_end_moves_the_trial_its_anchor_and_its_warning()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(), ("default_payment_method", pm), ("trial_period_days", "7"))).AssertOk().Id;
        var end = Jan31.AddDays(20);

        var sub = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("trial_end", S(end)))).AssertOk().Body;
        Assert.Equal(("trialing", end.ToUnixTimeSeconds(), end.ToUnixTimeSeconds()), (sub["status"]!.GetValue<string>(), L(sub["trial_end"]), L(sub["billing_cycle_anchor"])));
        Assert.Equal(end.ToUnixTimeSeconds(), L(sub["items"]!["data"]![0]!["current_period_end"]));

        await kit.AdvanceAsync(clock, Jan31.AddDays(9));
        Assert.Equal("trialing", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        Assert.Empty(await kit.Subs.EventsAsync("customer.subscription.trial_will_end"));
        Assert.Single(await kit.InvoicesAsync(customer));

        await kit.AdvanceAsync(clock, end.AddHours(2));
        Assert.Equal("active", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        var warning = Assert.Single(await kit.Subs.EventsAsync("customer.subscription.trial_will_end"));
        Assert.Equal(end.AddDays(-3).ToUnixTimeSeconds(), L(warning["created"]));
        var renewal = (await kit.InvoicesAsync(customer))[^1];
        Assert.Equal(("subscription_cycle", end.ToUnixTimeSeconds()), (renewal["billing_reason"]!.GetValue<string>(), L(renewal["lines"]!["data"]![0]!["period"]!["start"])));
    }

    [Fact]
    public async Task Trial_end_now_without_a_payment_method_and_end_behavior_pause_pauses_it()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var customer = (await kit.Client.PostAsync("/v1/customers", ("test_clock", clock))).AssertOk().Id;
        var subscription = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(), ("trial_period_days", "7"),
            ("trial_settings[end_behavior][missing_payment_method]", "pause"))).AssertOk().Id;

        var sub = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("trial_end", "now"))).AssertOk().Body;
        Assert.Equal("paused", sub["status"]!.GetValue<string>());
        Assert.Single(await kit.Subs.EventsAsync("customer.subscription.paused"));
        Assert.Single(await kit.InvoicesAsync(customer));
    }

    [Fact]
    public async Task Trial_settings_change_on_update_and_trial_end_is_refused_where_it_cannot_apply()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var trialing = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(), ("default_payment_method", pm), ("trial_period_days", "7"))).AssertOk().Id;
        var settings = (await kit.Client.PostAsync($"/v1/subscriptions/{trialing}", ("trial_settings[end_behavior][missing_payment_method]", "cancel"))).AssertOk().Body;
        Assert.Equal("cancel", settings["trial_settings"]!["end_behavior"]!["missing_payment_method"]!.GetValue<string>());
        var past = await kit.Client.PostAsync($"/v1/subscriptions/{trialing}", ("trial_end", S(Jan31.AddDays(-1))));
        past.AssertError(HttpStatusCode.BadRequest, param: "trial_end");

        var active = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());
        Assert.Equal("active", (await kit.Client.PostAsync($"/v1/subscriptions/{active}", ("trial_end", "now"))).AssertOk().Body["status"]!.GetValue<string>());
        (await kit.Client.PostAsync($"/v1/subscriptions/{active}", ("trial_end", S(Jan31.AddDays(-1)))))
            .AssertError(HttpStatusCode.BadRequest, param: "trial_end");
    }

    [Fact]
    public async Task A_trial_added_to_an_active_subscription_credits_the_unused_time_and_its_end_bills_the_rest()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync(2500));
        var feb10 = Jan31.AddDays(10);
        var mar15 = new DateTimeOffset(2027, 3, 15, 0, 0, 0, TimeSpan.Zero);
        await kit.AdvanceAsync(clock, feb10);

        var sub = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("trial_end", S(mar15)))).AssertOk().Body;
        Assert.Equal(("trialing", feb10.ToUnixTimeSeconds(), mar15.ToUnixTimeSeconds(), mar15.ToUnixTimeSeconds()),
            (sub["status"]!.GetValue<string>(), L(sub["trial_start"]), L(sub["trial_end"]), L(sub["billing_cycle_anchor"])));
        var item = sub["items"]!["data"]![0]!;
        Assert.Equal((feb10.ToUnixTimeSeconds(), mar15.ToUnixTimeSeconds()), (L(item["current_period_start"]), L(item["current_period_end"])));
        // 18 of the period's 28 days unused (Jan 31 → Feb 28): −2500 × 18/28 = −1607.14, floored as credits are; pending, no invoice now.
        var credit = Assert.Single((await kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray())!;
        Assert.Equal(-1608, L(credit["amount"]));
        Assert.StartsWith("Unused time on Gold after ", credit["description"]!.GetValue<string>());
        Assert.Single(await kit.InvoicesAsync(customer));

        // The trial's end: active, and the first paid period is billed less the credit.
        await kit.AdvanceAsync(clock, mar15.AddHours(2));
        Assert.Equal("active", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        var renewal = (await kit.InvoicesAsync(customer))[^1];
        Assert.Equal(("subscription_cycle", 2500L - 1608L), (renewal["billing_reason"]!.GetValue<string>(), L(renewal["total"])));
    }
}
