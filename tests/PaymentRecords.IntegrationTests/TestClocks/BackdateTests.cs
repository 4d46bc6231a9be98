using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// <c>backdate_start_date</c> on create (Stripe's "Backdate subscriptions" guide, flexible billing mode: one line per
/// natural billing period of the backdated time), on test clocks so that every amount and date is exact.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class BackdateTests(ServerFixture fixture)
{
    private static long T(int year, int month, int day) => new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private static List<(long Amount, long Start, long End, string Description, bool Proration)> Lines(JsonNode invoice) =>
        invoice["lines"]!["data"]!.AsArray().Select(l => (Long(l!["amount"]), Long(l["period"]!["start"]), Long(l["period"]!["end"]),
            Str(l["description"]), l["parent"]!["subscription_item_details"]!["proration"]!.GetValue<bool>())).ToList();

    [Fact]
    public async Task A_backdate_bills_each_natural_period_of_the_backdated_time_then_the_first_period_from_now()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(new DateTimeOffset(2027, 3, 10, 0, 0, 0, TimeSpan.Zero));
        var (customer, pm) = await kit.CustomerAsync(clock);
        var created = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(3100), ("default_payment_method", pm),
            ("backdate_start_date", S(T(2027, 1, 15))))).AssertOk().Body;
        // The cycle is anchored now, as without a backdate; only start_date moves back.
        Assert.Equal((T(2027, 1, 15), T(2027, 3, 10), T(2027, 3, 10)),
            (Long(created["start_date"]), Long(created["billing_cycle_anchor"]), Long(created["created"])));
        var item = created["items"]!["data"]![0]!;
        Assert.Equal((T(2027, 3, 10), T(2027, 4, 10)), (Long(item["current_period_start"]), Long(item["current_period_end"])));

        // The cycle's periods counted back from now: January 10 – February 10 prorated from the 15th (26 of its 31 days:
        // 3100 × 26/31 = 2600), February 10 – March 10 in full, then March 10 – April 10 in advance.
        var invoice = created["latest_invoice"]!;
        Assert.Equal(("subscription_create", 8800L), (Str(invoice["billing_reason"]), Long(invoice["amount_due"])));
        Assert.Equal([(2600L, T(2027, 1, 15), T(2027, 2, 10), "Remaining time on Gold after 15 Jan 2027", true),
                      (3100L, T(2027, 2, 10), T(2027, 3, 10), "1 × Gold (at $31.00 / month)", false),
                      (3100L, T(2027, 3, 10), T(2027, 4, 10), "1 × Gold (at $31.00 / month)", false)], Lines(invoice));

        (await kit.Subs.AttachAsync(Str(invoice["id"]), await kit.Subs.ReportAsync(customer, pm, 8800))).AssertOk();
        Assert.Equal("active", Str((await kit.Subs.GetAsync(Str(created["id"])))["status"]));
        await kit.AdvanceAsync(clock, new DateTimeOffset(2027, 4, 10, 2, 0, 0, TimeSpan.Zero));
        var renewal = (await kit.InvoicesAsync(customer))[^1];
        Assert.Equal(("subscription_cycle", 3100L), (Str(renewal["billing_reason"]), Long(renewal["total"])));
        Assert.Equal((T(2027, 4, 10), T(2027, 5, 10)), (Lines(renewal)[0].Start, Lines(renewal)[0].End));
    }

    [Fact]
    public async Task A_backdate_with_a_future_anchor_bills_the_time_up_to_the_anchor_prorating_a_partial_first_period()
    {
        // The guide's migration: on October 15, a subscription that began on September 1 (here the 10th) and renews
        // on November 1.
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(new DateTimeOffset(2027, 10, 15, 0, 0, 0, TimeSpan.Zero));
        var (customer, pm) = await kit.CustomerAsync(clock);
        var price = await kit.Subs.PriceAsync(3000);
        var aligned = (await kit.Subs.CreateAsync(customer, price, ("default_payment_method", pm),
            ("backdate_start_date", S(T(2027, 9, 1))), ("billing_cycle_anchor", S(T(2027, 11, 1))))).AssertOk().Body;
        Assert.Equal((T(2027, 9, 1), T(2027, 11, 1)), (Long(aligned["start_date"]), Long(aligned["billing_cycle_anchor"])));
        Assert.Equal([(3000L, T(2027, 9, 1), T(2027, 10, 1), "1 × Gold (at $30.00 / month)", false),
                      (3000L, T(2027, 10, 1), T(2027, 11, 1), "1 × Gold (at $30.00 / month)", false)], Lines(aligned["latest_invoice"]!));
        var item = aligned["items"]!["data"]![0]!;
        Assert.Equal((T(2027, 10, 1), T(2027, 11, 1)), (Long(item["current_period_start"]), Long(item["current_period_end"])));

        // From September 10: 21 of September's 30 days remain, 3000 × 21/30 = 2100, a proration.
        var partial = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(3000), ("default_payment_method", pm),
            ("backdate_start_date", S(T(2027, 9, 10))), ("billing_cycle_anchor", S(T(2027, 11, 1))))).AssertOk().Body;
        Assert.Equal([(2100L, T(2027, 9, 10), T(2027, 10, 1), "Remaining time on Gold after 10 Sep 2027", true),
                      (3000L, T(2027, 10, 1), T(2027, 11, 1), "1 × Gold (at $30.00 / month)", false)], Lines(partial["latest_invoice"]!));
        Assert.Equal(5100L, Long(partial["latest_invoice"]!["amount_due"]));
    }

    [Fact]
    public async Task Without_prorations_backdated_time_is_not_charged_and_an_anchor_makes_no_first_invoice()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(new DateTimeOffset(2027, 10, 15, 0, 0, 0, TimeSpan.Zero));
        var (customer, pm) = await kit.CustomerAsync(clock);
        var migrated = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(3000), ("default_payment_method", pm),
            ("backdate_start_date", S(T(2027, 9, 1))), ("billing_cycle_anchor", S(T(2027, 11, 1))), ("proration_behavior", "none"))).AssertOk().Body;
        Assert.Equal(("active", T(2027, 9, 1)), (Str(migrated["status"]), Long(migrated["start_date"])));
        Assert.Null(migrated["latest_invoice"]);
        // Without an anchor: the backdated time is not charged, the first period from now is, as on any create.
        var recent = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(4000), ("default_payment_method", pm),
            ("backdate_start_date", S(T(2027, 9, 20))), ("proration_behavior", "none"))).AssertOk().Body;
        Assert.Equal((T(2027, 9, 20), T(2027, 10, 15)), (Long(recent["start_date"]), Long(recent["billing_cycle_anchor"])));
        Assert.Equal([(4000L, T(2027, 10, 15), T(2027, 11, 15), "1 × Gold (at $40.00 / month)", false)], Lines(recent["latest_invoice"]!));

        await kit.AdvanceAsync(clock, new DateTimeOffset(2027, 11, 1, 2, 0, 0, TimeSpan.Zero));
        var invoices = await kit.InvoicesAsync(customer);
        Assert.Equal([("subscription_create", 4000L), ("subscription_cycle", 3000L)],
            invoices.Select(i => (Str(i["billing_reason"]), Long(i["total"]))));
        Assert.Equal((T(2027, 11, 1), T(2027, 12, 1)), (Lines(invoices[1])[0].Start, Lines(invoices[1])[0].End));
    }

    [Fact]
    public async Task A_metered_item_backdated_bills_the_usage_of_each_period_that_ended()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(new DateTimeOffset(2027, 3, 10, 0, 0, 0, TimeSpan.Zero));
        var (customer, pm) = await kit.CustomerAsync(clock);
        var meter = (await kit.Client.PostAsync("/v1/billing/meters", ("display_name", "API"), ("event_name", "api_call"),
            ("default_aggregation[formula]", "sum"))).AssertOk().Id;
        var product = (await kit.Client.PostAsync("/v1/products", ("name", "API calls"))).AssertOk().Id;
        var metered = (await kit.Client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "5"),
            ("recurring[interval]", "month"), ("recurring[usage_type]", "metered"), ("recurring[meter]", meter))).AssertOk().Id;
        foreach (var (value, at) in new[] { (40L, T(2027, 2, 20)), (2L, T(2027, 3, 5)) })
            (await kit.Client.PostAsync("/v1/billing/meter_events", ("event_name", "api_call"), ("payload[stripe_customer_id]", customer),
                ("payload[value]", S(value)), ("timestamp", S(at)))).AssertOk();

        var created = (await kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", metered),
            ("default_payment_method", pm), ("backdate_start_date", S(T(2027, 2, 15))), ("expand[]", "latest_invoice"))).AssertOk().Body;
        // February 10 – March 10 ended: its usage from the 15th (40 + 2), in arrears; March 10 – April 10 bills at its end.
        var line = Assert.Single(Lines(created["latest_invoice"]!));
        Assert.Equal((210L, T(2027, 2, 15), T(2027, 3, 10)), (line.Amount, line.Start, line.End));
        Assert.Equal(42L, Long(created["latest_invoice"]!["lines"]!["data"]![0]!["quantity"]));
        (await kit.Subs.AttachAsync(Str(created["latest_invoice"]!["id"]), await kit.Subs.ReportAsync(customer, pm, 210))).AssertOk();

        // The renewal bills the current period's usage only: the 7 of March 20, not the 42 again.
        await kit.AdvanceAsync(clock, new DateTimeOffset(2027, 3, 20, 0, 0, 0, TimeSpan.Zero));
        (await kit.Client.PostAsync("/v1/billing/meter_events", ("event_name", "api_call"), ("payload[stripe_customer_id]", customer),
            ("payload[value]", "7"), ("timestamp", S(T(2027, 3, 20))))).AssertOk();
        await kit.AdvanceAsync(clock, new DateTimeOffset(2027, 4, 10, 2, 0, 0, TimeSpan.Zero));
        var renewal = (await kit.InvoicesAsync(customer))[^1];
        Assert.Equal("subscription_cycle", Str(renewal["billing_reason"]));
        Assert.Equal((7L, T(2027, 3, 10), T(2027, 4, 10)), (Long(renewal["lines"]!["data"]![0]!["quantity"]), Lines(renewal)[0].Start, Lines(renewal)[0].End));
    }

    [Fact]
    public async Task A_backdate_in_the_future_with_a_trial_or_past_250_periods_is_refused_and_nothing_is_created()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(new DateTimeOffset(2027, 3, 10, 0, 0, 0, TimeSpan.Zero));
        var (customer, pm) = await kit.CustomerAsync(clock);
        var price = await kit.Subs.PriceAsync(3100);
        var future = (await kit.Subs.CreateAsync(customer, price, ("default_payment_method", pm), ("backdate_start_date", S(T(2027, 3, 11)))))
            .AssertError(HttpStatusCode.BadRequest, param: "backdate_start_date");
        Assert.Contains("in the past", future.ErrorMessage);
        (await kit.Subs.CreateAsync(customer, price, ("default_payment_method", pm), ("backdate_start_date", S(T(2027, 3, 1))),
            ("trial_period_days", "7"))).AssertError(HttpStatusCode.BadRequest, param: "backdate_start_date");
        (await kit.Subs.CreateAsync(customer, price, ("default_payment_method", pm), ("backdate_start_date", "-1")))
            .AssertError(HttpStatusCode.BadRequest, param: "backdate_start_date");
        // Two weekly items backdated 2.5 years: 132 lines each (under 250), 264 in all.
        (await kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", await kit.Subs.PriceAsync(100, "week")),
            ("items[1][price]", await kit.Subs.PriceAsync(200, "week")), ("default_payment_method", pm), ("backdate_start_date", S(T(2024, 9, 10)))))
            .AssertError(HttpStatusCode.BadRequest, param: "backdate_start_date");
        var daily = await kit.Subs.PriceAsync(100, "day");
        var tooMany = (await kit.Subs.CreateAsync(customer, daily, ("default_payment_method", pm), ("backdate_start_date", S(T(2026, 3, 10)))))
            .AssertError(HttpStatusCode.BadRequest, param: "backdate_start_date");
        Assert.Equal("Backdating isn't supported when an invoice has more than 250 line items.", tooMany.ErrorMessage);
        Assert.Empty((await kit.Client.GetAsync("/v1/subscriptions", ("customer", customer))).AssertOk().Body["data"]!.AsArray());
        Assert.Empty(await kit.InvoicesAsync(customer));

        // Now itself is no backdate: the usual first period.
        var atNow = (await kit.Subs.CreateAsync(customer, price, ("default_payment_method", pm), ("backdate_start_date", S(T(2027, 3, 10))))).AssertOk().Body;
        Assert.Equal([(3100L, T(2027, 3, 10), T(2027, 4, 10), "1 × Gold (at $31.00 / month)", false)], Lines(atNow["latest_invoice"]!));
    }
}
