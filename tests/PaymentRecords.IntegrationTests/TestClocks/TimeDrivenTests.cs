using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Subscriptions;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>What becomes due as a test clock advances: dunning to its end, the 23-hour expiry, cancel at period end.</summary>
[Collection(ServerCollection.Name)]
public sealed class TimeDrivenTests(ServerFixture fixture)
{
    [Fact]
    public async Task Auto_advance_turned_on_for_an_old_draft_finalizes_it_an_hour_later_not_at_once()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, _) = await kit.CustomerAsync(clock);
        var draft = (await kit.Client.PostAsync("/v1/invoices", ("customer", customer), ("auto_advance", "false"))).AssertOk().Id;
        (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", draft), ("amount", "900"), ("currency", "usd"))).AssertOk();
        await kit.AdvanceAsync(clock, Jan31.AddHours(2));

        // "Stripe calculates and sets the time according to the configurable grace period": an hour from now.
        var on = (await kit.Client.PostAsync($"/v1/invoices/{draft}", ("auto_advance", "true"))).AssertOk().Body;
        Assert.Equal(("draft", Jan31.AddHours(3).ToUnixTimeSeconds()), (on["status"]!.GetValue<string>(), on["automatically_finalizes_at"]!.GetValue<long>()));
        await kit.AdvanceAsync(clock, Jan31.AddHours(2.5));
        Assert.Equal("draft", (await kit.Client.GetAsync($"/v1/invoices/{draft}")).AssertOk().Body["status"]!.GetValue<string>());
        await kit.AdvanceAsync(clock, Jan31.AddHours(3));
        var finalized = (await kit.Client.GetAsync($"/v1/invoices/{draft}")).AssertOk().Body;
        Assert.Equal(("open", Jan31.AddHours(3).ToUnixTimeSeconds()), (finalized["status"]!.GetValue<string>(),
            finalized["status_transitions"]!["finalized_at"]!.GetValue<long>()));
    }

    [Fact]
    public async Task An_unpaid_renewal_is_retried_three_times_then_the_subscription_is_canceled()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());

        // One advance runs, in time order: the renewal (Feb 28), its finalize an hour later (attempt 1), the checks
        // at +3 days (attempt 2), +5 (attempt 3), +7 (attempt 4), and the last one's grace of 7 days: canceled.
        await kit.AdvanceAsync(clock, Jan31.AddMonths(1).AddDays(25));
        var invoices = await kit.InvoicesAsync(customer);
        var renewal = invoices[^1];
        Assert.Equal(2, invoices.Count);
        Assert.Equal(("subscription_cycle", "open", 4L, true), (renewal["billing_reason"]!.GetValue<string>(), renewal["status"]!.GetValue<string>(),
            renewal["attempt_count"]!.GetValue<long>(), renewal["attempted"]!.GetValue<bool>()));
        Assert.Null(renewal["next_payment_attempt"]);
        var sub = await kit.Subs.GetAsync(subscription);
        Assert.Equal(("canceled", "payment_failed"), (sub["status"]!.GetValue<string>(), sub["cancellation_details"]!["reason"]!.GetValue<string>()));

        var events = await kit.Subs.EventsAsync();
        var renewalEvents = events.Where(e => e["data"]!["object"]!["id"]?.GetValue<string>() == renewal["id"]!.GetValue<string>()).Select(e => e["type"]!.GetValue<string>()).ToList();
        Assert.Equal(4, renewalEvents.Count(t => t == "invoice.payment_failed"));
        Assert.Equal(4, renewalEvents.Count(t => t == "invoice.payment_attempt_required"));
        var statuses = events.Where(e => e["type"]!.GetValue<string>().StartsWith("customer.subscription.", StringComparison.Ordinal))
            .Select(e => (e["type"]!.GetValue<string>(), e["data"]!["object"]!["status"]!.GetValue<string>())).ToList();
        Assert.Equal(("customer.subscription.updated", "past_due"), statuses[^2]);
        Assert.Equal(("customer.subscription.deleted", "canceled"), statuses[^1]);
    }

    [Fact]
    public async Task An_incomplete_subscription_expires_after_23_hours_and_its_invoice_is_voided()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, _) = await kit.CustomerAsync(clock);
        var created = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync())).AssertOk().Body;
        var subscription = created["id"]!.GetValue<string>();

        await kit.AdvanceAsync(clock, Jan31.AddHours(22));
        Assert.Equal("incomplete", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        await kit.AdvanceAsync(clock, Jan31.AddHours(24));
        var sub = await kit.Subs.GetAsync(subscription);
        Assert.Equal(("incomplete_expired", Jan31.AddHours(23).ToUnixTimeSeconds()), (sub["status"]!.GetValue<string>(), sub["ended_at"]!.GetValue<long>()));
        var invoice = (await kit.Client.GetAsync($"/v1/invoices/{created["latest_invoice"]!["id"]!.GetValue<string>()}")).AssertOk().Body;
        Assert.Equal("void", invoice["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_incomplete_subscription_whose_first_payment_is_in_flight_waits_for_its_outcome_before_it_expires()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var created = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync())).AssertOk().Body;
        var subscription = created["id"]!.GetValue<string>();
        var invoice = created["latest_invoice"]!["id"]!.GetValue<string>();
        // The processor has the payment but no outcome yet: the record's attempt is initiated, attached to the first invoice.
        var record = await kit.Subs.ReportAsync(customer, pm, 2500, guaranteed: false);
        (await kit.Subs.AttachAsync(invoice, record)).AssertOk();

        // Past 23 hours: the invoice cannot be voided while the payment may still pay it; nothing fails.
        var advanced = await kit.AdvanceAsync(clock, Jan31.AddHours(30));
        Assert.Equal("ready", advanced["status"]!.GetValue<string>());
        Assert.Equal("incomplete", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        Assert.Equal("open", (await kit.Client.GetAsync($"/v1/invoices/{invoice}")).AssertOk().Body["status"]!.GetValue<string>());

        // The payment fails: the next look, a day after the first, expires the subscription and voids the invoice.
        (await kit.Client.PostAsync($"/v1/payment_records/{record}/report_payment_attempt_failed", ("failed_at", S(Jan31.AddHours(30))))).AssertOk();
        await kit.AdvanceAsync(clock, Jan31.AddHours(23 + 24 + 1));
        var sub = await kit.Subs.GetAsync(subscription);
        Assert.Equal(("incomplete_expired", Jan31.AddHours(23 + 24).ToUnixTimeSeconds()), (sub["status"]!.GetValue<string>(), sub["ended_at"]!.GetValue<long>()));
        Assert.Equal("void", (await kit.Client.GetAsync($"/v1/invoices/{invoice}")).AssertOk().Body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_send_invoice_subscription_turns_past_due_when_its_invoice_passes_its_due_date_and_active_when_paid()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, _) = await kit.CustomerAsync(clock);
        var created = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(), ("collection_method", "send_invoice"), ("days_until_due", "5"))).AssertOk().Body;
        var subscription = created["id"]!.GetValue<string>();
        var invoice = created["latest_invoice"]!["id"]!.GetValue<string>();
        Assert.Equal("active", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());

        // "If subscription collection_method=send_invoice it becomes past_due when its invoice is not paid by the due date."
        await kit.AdvanceAsync(clock, Jan31.AddDays(6));
        Assert.Equal("past_due", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
        Assert.Single(await kit.Subs.EventsAsync("invoice.overdue"));

        (await kit.Client.PostAsync($"/v1/invoices/{invoice}/pay", ("paid_out_of_band", "true"))).AssertOk();
        Assert.Equal("active", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_at_period_end_ends_the_subscription_at_the_period_end_without_a_renewal()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());
        // Set, the cancellation shows at once: cancel_at the period end, canceled_at the request, the reason.
        var set = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("cancel_at_period_end", "true"))).AssertOk().Body;
        Assert.Equal(("active", true, Jan31.AddMonths(1).ToUnixTimeSeconds(), Jan31.ToUnixTimeSeconds(), "cancellation_requested"),
            (set["status"]!.GetValue<string>(), set["cancel_at_period_end"]!.GetValue<bool>(), set["cancel_at"]!.GetValue<long>(),
             set["canceled_at"]!.GetValue<long>(), set["cancellation_details"]!["reason"]!.GetValue<string>()));
        // Cleared, they go; set again later, canceled_at is that later request.
        var cleared = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("cancel_at_period_end", "false"))).AssertOk().Body;
        Assert.Equal(((JsonNode?)null, (JsonNode?)null, (JsonNode?)null), (cleared["cancel_at"], cleared["canceled_at"], cleared["cancellation_details"]!["reason"]));
        await kit.AdvanceAsync(clock, Jan31.AddDays(10));
        (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("cancel_at_period_end", "true"))).AssertOk();

        await kit.AdvanceAsync(clock, Jan31.AddMonths(1).AddHours(2));
        var sub = await kit.Subs.GetAsync(subscription);
        Assert.Equal(("canceled", Jan31.AddMonths(1).ToUnixTimeSeconds()), (sub["status"]!.GetValue<string>(), sub["ended_at"]!.GetValue<long>()));
        // "canceled_at will reflect the time of the most recent update request, not the end of the subscription period";
        // cancel_at_period_end "did (if status=canceled) cancel at the end of the current billing period".
        Assert.Equal((Jan31.AddDays(10).ToUnixTimeSeconds(), true), (sub["canceled_at"]!.GetValue<long>(), sub["cancel_at_period_end"]!.GetValue<bool>()));
        Assert.Single(await kit.InvoicesAsync(customer));
        Assert.Equal("customer.subscription.deleted", (await kit.Subs.EventsAsync("customer.subscription.deleted")).Single()["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_preview_and_invoice_upcoming_show_the_next_renewal_which_the_period_end_then_bills()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());

        var preview = (await kit.Client.PostAsync("/v1/invoices/create_preview", ("subscription", subscription), ("customer", customer))).AssertOk().Body;
        var line = preview["lines"]!["data"]![0]!;
        Assert.StartsWith("upcoming_in_", preview["id"]!.GetValue<string>());
        Assert.Equal(("upcoming", 2500L, Jan31.AddMonths(1).ToUnixTimeSeconds(), Jan31.AddMonths(2).ToUnixTimeSeconds()),
            (preview["billing_reason"]!.GetValue<string>(), preview["amount_due"]!.GetValue<long>(),
             line["period"]!["start"]!.GetValue<long>(), line["period"]!["end"]!.GetValue<long>()));
        // Nothing was stored.
        Assert.Single(await kit.InvoicesAsync(customer));

        // The preview's period_start / period_end look back one period: the period now ending, which its line follows.
        Assert.Equal((Jan31.ToUnixTimeSeconds(), Jan31.AddMonths(1).ToUnixTimeSeconds()),
            (preview["period_start"]!.GetValue<long>(), preview["period_end"]!.GetValue<long>()));

        await kit.AdvanceAsync(clock, Jan31.AddMonths(1).AddHours(2));
        var invoices = await kit.InvoicesAsync(customer);
        var renewal = invoices[^1];
        var renewalLine = renewal["lines"]!["data"]![0]!;
        Assert.Equal((Jan31.ToUnixTimeSeconds(), Jan31.AddMonths(1).ToUnixTimeSeconds()),
            (renewal["period_start"]!.GetValue<long>(), renewal["period_end"]!.GetValue<long>()));
        // The first invoice (no period before it) shows its creation time for both.
        Assert.Equal((invoices[0]["created"]!.GetValue<long>(), invoices[0]["created"]!.GetValue<long>()),
            (invoices[0]["period_start"]!.GetValue<long>(), invoices[0]["period_end"]!.GetValue<long>()));
        Assert.Equal((2500L, line["period"]!["start"]!.GetValue<long>(), line["period"]!["end"]!.GetValue<long>()),
            (renewal["amount_due"]!.GetValue<long>(), renewalLine["period"]!["start"]!.GetValue<long>(), renewalLine["period"]!["end"]!.GetValue<long>()));
        // Three days before the period end the same preview went out as invoice.upcoming.
        var upcoming = (await kit.Subs.EventsAsync("invoice.upcoming")).Single();
        // "The received Invoice object will not have an invoice ID."
        Assert.False(upcoming["data"]!["object"]!.AsObject().ContainsKey("id"));
        var upcomingLine = upcoming["data"]!["object"]!["lines"]!["data"]![0]!;
        Assert.Equal((Jan31.AddMonths(1).AddDays(-3).ToUnixTimeSeconds(), line["period"]!["start"]!.GetValue<long>(), line["period"]!["end"]!.GetValue<long>()),
            (upcoming["created"]!.GetValue<long>(), upcomingLine["period"]!["start"]!.GetValue<long>(), upcomingLine["period"]!["end"]!.GetValue<long>()));
        // A customer alone names nothing to preview: Stripe's wording (stripe/stripe-node#2347).
        var customerOnly = (await kit.Client.PostAsync("/v1/invoices/create_preview", ("customer", customer))).AssertError(System.Net.HttpStatusCode.BadRequest);
        Assert.Equal("You must provide at least one of: `subscription`, `schedule`, `subscription_details.items`, `schedule_details.phases`, `invoice_items`.",
            customerOnly.ErrorMessage);
        // A preview of a subscription schedule is not built: refused naming it.
        (await kit.Client.PostAsync("/v1/invoices/create_preview", ("customer", customer), ("schedule", "sub_sched_123")))
            .AssertError(System.Net.HttpStatusCode.BadRequest, param: "schedule");
    }
}
