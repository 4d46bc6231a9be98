using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// POST /v1/subscriptions/{id}/resume of a subscription paused at its trial's end (docs/endpoints-subscriptions.md,
/// "Resume"): the resumption invoice, the pending update until it is paid, failed, voided or expired.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ResumeTests(ServerFixture fixture)
{
    private static readonly DateTimeOffset TrialEnd = Jan31.AddDays(7);

    /// <summary>A customer on a clock (a custom payment method attached, no default) with a subscription paused at its 7-day trial's end.</summary>
    private static async Task<(string Clock, string Customer, string Pm, string Subscription)> PausedAsync(ClockKit kit)
    {
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(), ("trial_period_days", "7"),
            ("trial_settings[end_behavior][missing_payment_method]", "pause"))).AssertOk().Id;
        await kit.AdvanceAsync(clock, Jan31.AddDays(10));
        Assert.Equal("paused", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        return (clock, customer, pm, subscription);
    }

    [Fact]
    public async Task Resume_bills_a_new_period_from_now_and_the_subscription_turns_active_when_that_invoice_is_paid()
    {
        var kit = new ClockKit(fixture.Client());
        var (_, customer, pm, subscription) = await PausedAsync(kit);
        var now = Jan31.AddDays(10).ToUnixTimeSeconds();

        var resumed = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}/resume", ("expand[]", "latest_invoice"))).AssertOk().Body;
        Assert.Equal("paused", resumed["status"]!.GetValue<string>());
        var pending = resumed["pending_update"]!;
        Assert.Equal((now, now + 23 * 3600, (JsonNode?)null), (pending["billing_cycle_anchor"]!.GetValue<long>(), pending["expires_at"]!.GetValue<long>(), pending["subscription_items"]));
        var invoice = resumed["latest_invoice"]!;
        Assert.Equal(("subscription_update", "open", 2500L), (invoice["billing_reason"]!.GetValue<string>(), invoice["status"]!.GetValue<string>(), invoice["amount_due"]!.GetValue<long>()));
        var line = Assert.Single(invoice["lines"]!["data"]!.AsArray())!;
        var monthLater = Jan31.AddDays(10).AddMonths(1).ToUnixTimeSeconds();
        Assert.Equal((now, monthLater), (line["period"]!["start"]!.GetValue<long>(), line["period"]!["end"]!.GetValue<long>()));
        Assert.Empty(await kit.Subs.EventsAsync("customer.subscription.resumed"));

        var record = await kit.Subs.ReportAsync(customer, pm, 2500);
        (await kit.Subs.AttachAsync(invoice["id"]!.GetValue<string>(), record)).AssertOk();
        var sub = await kit.Subs.GetAsync(subscription);
        Assert.Equal(("active", now, (JsonNode?)null), (sub["status"]!.GetValue<string>(), sub["billing_cycle_anchor"]!.GetValue<long>(), sub["pending_update"]));
        var item = sub["items"]!["data"]![0]!;
        Assert.Equal((now, monthLater), (item["current_period_start"]!.GetValue<long>(), item["current_period_end"]!.GetValue<long>()));
        var event_ = Assert.Single(await kit.Subs.EventsAsync("customer.subscription.resumed"));
        Assert.Equal("active", event_["data"]!["object"]!["status"]!.GetValue<string>());
        var updated = (await kit.Subs.EventsAsync("customer.subscription.updated")).Last();
        Assert.Equal("paused", updated["data"]!["previous_attributes"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unpaid_resumption_invoice_is_voided_after_23_hours_and_the_subscription_stays_paused()
    {
        var kit = new ClockKit(fixture.Client());
        var (clock, customer, _, subscription) = await PausedAsync(kit);
        var invoice = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}/resume")).AssertOk().Body["latest_invoice"]!.GetValue<string>();

        await kit.AdvanceAsync(clock, Jan31.AddDays(10).AddHours(22));
        Assert.Equal("open", (await kit.Client.GetAsync($"/v1/invoices/{invoice}")).AssertOk().Body["status"]!.GetValue<string>());
        await kit.AdvanceAsync(clock, Jan31.AddDays(10).AddHours(24));
        Assert.Equal("void", (await kit.Client.GetAsync($"/v1/invoices/{invoice}")).AssertOk().Body["status"]!.GetValue<string>());
        var sub = await kit.Subs.GetAsync(subscription);
        Assert.Equal(("paused", (JsonNode?)null), (sub["status"]!.GetValue<string>(), sub["pending_update"]));
        Assert.Empty(await kit.Subs.EventsAsync("customer.subscription.resumed"));

        // It can be resumed again: a new invoice, a new pending update.
        var again = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}/resume")).AssertOk().Body;
        Assert.NotEqual(invoice, again["latest_invoice"]!.GetValue<string>());
        Assert.Equal(Jan31.AddDays(10).AddHours(24).ToUnixTimeSeconds(), again["pending_update"]!["billing_cycle_anchor"]!.GetValue<long>());
        Assert.Equal(3, (await kit.InvoicesAsync(customer)).Count);
    }

    [Fact]
    public async Task A_failed_payment_of_the_resumption_invoice_resumes_it_past_due_and_paying_it_later_makes_it_active()
    {
        var kit = new ClockKit(fixture.Client());
        var (_, customer, pm, subscription) = await PausedAsync(kit);
        var invoice = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}/resume")).AssertOk().Body["latest_invoice"]!.GetValue<string>();

        var failing = await kit.Subs.ReportAsync(customer, pm, 2500, guaranteed: false);
        (await kit.Subs.AttachAsync(invoice, failing)).AssertOk();
        (await kit.Client.PostAsync($"/v1/payment_records/{failing}/report_payment_attempt_failed", ("failed_at", "1730000100"))).AssertOk();
        var sub = await kit.Subs.GetAsync(subscription);
        Assert.Equal(("past_due", (JsonNode?)null), (sub["status"]!.GetValue<string>(), sub["pending_update"]));
        Assert.Single(await kit.Subs.EventsAsync("customer.subscription.resumed"));

        (await kit.Subs.AttachAsync(invoice, await kit.Subs.ReportAsync(customer, pm, 2500))).AssertOk();
        Assert.Equal("active", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Marking_the_resumption_invoice_uncollectible_resumes_it_and_voiding_it_keeps_it_paused()
    {
        var kit = new ClockKit(fixture.Client());
        var (_, _, _, subscription) = await PausedAsync(kit);
        var first = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}/resume")).AssertOk().Body["latest_invoice"]!.GetValue<string>();
        (await kit.Client.PostAsync($"/v1/invoices/{first}/void")).AssertOk();
        var sub = await kit.Subs.GetAsync(subscription);
        Assert.Equal(("paused", (JsonNode?)null), (sub["status"]!.GetValue<string>(), sub["pending_update"]));

        var second = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}/resume")).AssertOk().Body["latest_invoice"]!.GetValue<string>();
        (await kit.Client.PostAsync($"/v1/invoices/{second}/mark_uncollectible")).AssertOk();
        Assert.Equal("active", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        Assert.Single(await kit.Subs.EventsAsync("customer.subscription.resumed"));
    }

    [Fact]
    public async Task Resume_with_the_anchor_unchanged_moves_to_the_period_around_now_and_prorates_its_remaining_time()
    {
        var kit = new ClockKit(fixture.Client());
        var (_, customer, _, subscription) = await PausedAsync(kit);
        var before = (await kit.InvoicesAsync(customer)).Count;

        var sub = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}/resume", ("billing_cycle_anchor", "unchanged"))).AssertOk().Body;
        Assert.Equal(("active", TrialEnd.ToUnixTimeSeconds()), (sub["status"]!.GetValue<string>(), sub["billing_cycle_anchor"]!.GetValue<long>()));
        var item = sub["items"]!["data"]![0]!;
        Assert.Equal((TrialEnd.ToUnixTimeSeconds(), TrialEnd.AddMonths(1).ToUnixTimeSeconds()),
            (item["current_period_start"]!.GetValue<long>(), item["current_period_end"]!.GetValue<long>()));
        Assert.Equal(before, (await kit.InvoicesAsync(customer)).Count);
        var proration = Assert.Single((await kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray())!;
        Assert.StartsWith("Remaining time on", proration["description"]!.GetValue<string>());
        // 25 of the period's 28 days remain: $25.00 × 25 / 28, rounded.
        Assert.Equal(2232L, proration["amount"]!.GetValue<long>());
        Assert.Single(await kit.Subs.EventsAsync("customer.subscription.resumed"));
    }

    [Fact]
    public async Task Resume_with_the_anchor_unchanged_and_no_prorations_bills_nothing()
    {
        var kit = new ClockKit(fixture.Client());
        var (_, customer, _, subscription) = await PausedAsync(kit);
        var before = (await kit.InvoicesAsync(customer)).Count;
        var sub = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}/resume",
            ("billing_cycle_anchor", "unchanged"), ("proration_behavior", "none"))).AssertOk().Body;
        Assert.Equal("active", sub["status"]!.GetValue<string>());
        Assert.Equal(before, (await kit.InvoicesAsync(customer)).Count);
        Assert.Empty((await kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray());
    }

    [Fact]
    public async Task A_credit_note_that_pays_the_resumption_invoice_resumes_it_and_a_cancel_drops_a_pending_resumption()
    {
        var kit = new ClockKit(fixture.Client());
        var (_, _, _, credited) = await PausedAsync(kit);
        var invoice = (await kit.Client.PostAsync($"/v1/subscriptions/{credited}/resume")).AssertOk().Body["latest_invoice"]!.GetValue<string>();
        (await kit.Client.PostAsync("/v1/credit_notes", ("invoice", invoice), ("amount", "2500"))).AssertOk();
        Assert.Equal("paid", (await kit.Client.GetAsync($"/v1/invoices/{invoice}")).AssertOk().Body["status"]!.GetValue<string>());
        Assert.Equal("active", (await kit.Subs.GetAsync(credited))["status"]!.GetValue<string>());

        var (_, _, _, canceled) = await PausedAsync(kit);
        (await kit.Client.PostAsync($"/v1/subscriptions/{canceled}/resume")).AssertOk();
        var sub = (await kit.Client.DeleteAsync($"/v1/subscriptions/{canceled}")).AssertOk().Body;
        Assert.Equal(("canceled", (JsonNode?)null), (sub["status"]!.GetValue<string>(), sub["pending_update"]));
    }

    [Fact]
    public async Task Only_a_paused_subscription_resumes()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var active = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());

        var refused = await kit.Client.PostAsync($"/v1/subscriptions/{active}/resume");
        refused.AssertError(HttpStatusCode.BadRequest);
        Assert.Equal($"The subscription {active} is active: only a subscription with `status=paused` can be resumed.",
            refused.Body["error"]!["message"]!.GetValue<string>());
        var missing = await kit.Client.PostAsync("/v1/subscriptions/sub_missing/resume");
        missing.AssertError(HttpStatusCode.NotFound, "resource_missing", "subscription");
        Assert.Equal("No such subscription: 'sub_missing'", missing.Body["error"]!["message"]!.GetValue<string>());
    }
}
