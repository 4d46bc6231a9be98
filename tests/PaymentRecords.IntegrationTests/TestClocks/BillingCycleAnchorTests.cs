using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// A subscription created with <c>billing_cycle_anchor</c> or <c>billing_cycle_anchor_config</c> (Stripe's "Set the
/// subscription billing renewal date" guide), on a test clock so that every amount and date is exact.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class BillingCycleAnchorTests(ServerFixture fixture)
{
    private static readonly DateTimeOffset Feb1 = new(2027, 2, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_anchor_on_the_first_prorates_the_first_invoice_then_bills_full_months_from_it()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var created = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(3100), ("default_payment_method", pm),
            ("billing_cycle_anchor", S(Feb1)))).AssertOk().Body;
        Assert.Equal((Feb1.ToUnixTimeSeconds(), "incomplete"), (Long(created["billing_cycle_anchor"]), Str(created["status"])));
        var item = created["items"]!["data"]![0]!;
        Assert.Equal((Jan10.ToUnixTimeSeconds(), Feb1.ToUnixTimeSeconds()), (Long(item["current_period_start"]), Long(item["current_period_end"])));

        // The remaining 22 of January's 31 days: 3100 × 22/31 = 2200, a proration of the period up to the anchor.
        var invoice = created["latest_invoice"]!;
        var line = invoice["lines"]!["data"]![0]!;
        Assert.Equal((2200L, 2200L, "subscription_create"), (Long(invoice["amount_due"]), Long(line["amount"]), Str(invoice["billing_reason"])));
        Assert.Equal("Remaining time on Gold after 10 Jan 2027", Str(line["description"]));
        Assert.True(line["parent"]!["subscription_item_details"]!["proration"]!.GetValue<bool>());
        Assert.Equal((Jan10.ToUnixTimeSeconds(), Feb1.ToUnixTimeSeconds()), (Long(line["period"]!["start"]), Long(line["period"]!["end"])));

        (await kit.Subs.AttachAsync(Str(invoice["id"]), await kit.Subs.ReportAsync(customer, pm, 2200))).AssertOk();
        Assert.Equal("active", Str((await kit.Subs.GetAsync(Str(created["id"])))["status"]));

        // From the anchor on, full months: the renewal on Feb 1 bills 3100 for [Feb 1, Mar 1).
        await kit.AdvanceAsync(clock, Feb1.AddHours(2));
        var renewal = (await kit.InvoicesAsync(customer))[^1];
        Assert.Equal(("subscription_cycle", 3100L), (Str(renewal["billing_reason"]), Long(renewal["total"])));
        var renewed = (await kit.Subs.GetAsync(Str(created["id"])))["items"]!["data"]![0]!;
        Assert.Equal((Feb1.ToUnixTimeSeconds(), Feb1.AddMonths(1).ToUnixTimeSeconds()),
            (Long(renewed["current_period_start"]), Long(renewed["current_period_end"])));
    }

    [Fact]
    public async Task A_change_in_the_first_period_prorates_against_the_anchors_cycle_period_as_the_first_invoice_did()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var created = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(3100), ("default_payment_method", pm),
            ("billing_cycle_anchor", S(Feb1)))).AssertOk().Body;
        (await kit.Subs.AttachAsync(Str(created["latest_invoice"]!["id"]), await kit.Subs.ReportAsync(customer, pm, 2200))).AssertOk();
        await kit.AdvanceAsync(clock, Jan10.AddDays(10));

        // January 20: 12 of January's 31 days remain. 1 → 2: −1200 for the unused time of one, +2400 for two.
        var sub = Str(created["id"]);
        var item = Str(created["items"]!["data"]![0]!["id"]);
        (await kit.Client.PostAsync($"/v1/subscriptions/{sub}", ("items[0][id]", item), ("items[0][quantity]", "2"))).AssertOk();
        var extra = await kit.Subs.PriceAsync(6200);
        (await kit.Client.PostAsync($"/v1/subscriptions/{sub}", ("items[0][price]", extra))).AssertOk();
        var pending = (await kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray();
        // Newest first: the added item's 6200 × 12/31, then the quantity change.
        Assert.Equal([2400L, 2400L, -1200L], pending.Select(i => Long(i!["amount"])));
        var added = (await kit.Subs.GetAsync(sub))["items"]!["data"]!.AsArray().Single(i => Str(i!["price"]!["id"]) == extra)!;
        Assert.Equal((Jan10.ToUnixTimeSeconds(), Feb1.ToUnixTimeSeconds()), (Long(added["current_period_start"]), Long(added["current_period_end"])));
    }

    [Fact]
    public async Task Without_prorations_the_time_up_to_the_anchor_is_free_and_no_invoice_is_made()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var created = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(3100), ("default_payment_method", pm),
            ("billing_cycle_anchor", S(Feb1)), ("proration_behavior", "none"))).AssertOk().Body;
        Assert.Equal("active", Str(created["status"]));
        Assert.Null(created["latest_invoice"]);
        Assert.Empty(await kit.InvoicesAsync(customer));
        Assert.Empty(await kit.Subs.EventsAsync("invoice.created"));
        // Nothing was billed for the free period: a change in it prorates nothing, as in a trial.
        (await kit.Client.PostAsync($"/v1/subscriptions/{Str(created["id"])}", ("items[0][id]", Str(created["items"]!["data"]![0]!["id"])),
            ("items[0][quantity]", "2"))).AssertOk();
        Assert.Empty((await kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer))).AssertOk().Body["data"]!.AsArray());

        await kit.AdvanceAsync(clock, Feb1.AddHours(2));
        var first = Assert.Single(await kit.InvoicesAsync(customer));
        Assert.Equal(("subscription_cycle", 6200L), (Str(first["billing_reason"]), Long(first["total"])));
    }

    [Fact]
    public async Task An_anchor_config_on_the_31st_bills_on_the_last_day_of_shorter_months()
    {
        var kit = new ClockKit(fixture.Client());
        var feb10 = new DateTimeOffset(2027, 2, 10, 8, 30, 0, TimeSpan.Zero);
        var clock = await kit.ClockAsync(feb10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var created = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(2800), ("default_payment_method", pm),
            ("billing_cycle_anchor_config[day_of_month]", "31"), ("billing_cycle_anchor_config[hour]", "0"),
            ("billing_cycle_anchor_config[minute]", "0"), ("billing_cycle_anchor_config[second]", "0"))).AssertOk().Body;
        // February has no 31st: the anchor is March 31, and the first full period starts on February 28.
        var feb28 = new DateTimeOffset(2027, 2, 28, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2027, 3, 31, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), Long(created["billing_cycle_anchor"]));
        Assert.Equal("""{"day_of_month":31,"hour":0,"minute":0,"month":null,"second":0}""", created["billing_cycle_anchor_config"]!.ToJsonString());
        Assert.Equal(feb28.ToUnixTimeSeconds(), Long(created["items"]!["data"]![0]!["current_period_end"]));
        // [Jan 31, Feb 28) is 28 days; 17 days and 15.5 hours of it remain: floor(2800 × 1524600 / 2419200) = 1764.
        Assert.Equal(1764, Long(created["latest_invoice"]!["amount_due"]));
        (await kit.Subs.AttachAsync(Str(created["latest_invoice"]!["id"]), await kit.Subs.ReportAsync(customer, pm, 1764))).AssertOk();

        await kit.AdvanceAsync(clock, feb28.AddHours(2));
        var item = (await kit.Subs.GetAsync(Str(created["id"])))["items"]!["data"]![0]!;
        Assert.Equal((feb28.ToUnixTimeSeconds(), new DateTimeOffset(2027, 3, 31, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()),
            (Long(item["current_period_start"]), Long(item["current_period_end"])));
    }

    [Fact]
    public async Task An_anchor_is_refused_in_the_past_beyond_the_next_natural_date_with_a_trial_or_with_both_forms()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var price = await kit.Subs.PriceAsync(3100);
        (await kit.Subs.CreateAsync(customer, price, ("billing_cycle_anchor", S(Jan10.AddDays(-1)))))
            .AssertError(HttpStatusCode.BadRequest, param: "billing_cycle_anchor");
        var beyond = (await kit.Subs.CreateAsync(customer, price, ("billing_cycle_anchor", S(Jan10.AddMonths(1).AddSeconds(1)))))
            .AssertError(HttpStatusCode.BadRequest, param: "billing_cycle_anchor");
        Assert.StartsWith("billing_cycle_anchor cannot be later than next natural billing date", Str(beyond.Body["error"]!["message"]));
        (await kit.Subs.CreateAsync(customer, price, ("billing_cycle_anchor", S(Feb1)), ("trial_period_days", "7")))
            .AssertError(HttpStatusCode.BadRequest, param: "billing_cycle_anchor");
        (await kit.Subs.CreateAsync(customer, price, ("billing_cycle_anchor", S(Feb1)), ("billing_cycle_anchor_config[day_of_month]", "1")))
            .AssertError(HttpStatusCode.BadRequest);
        (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(700, interval: "week"), ("billing_cycle_anchor_config[day_of_month]", "1")))
            .AssertError(HttpStatusCode.BadRequest, param: "billing_cycle_anchor_config");
        (await kit.Subs.CreateAsync(customer, price, ("billing_cycle_anchor_config[day_of_month]", "32")))
            .AssertError(HttpStatusCode.BadRequest, param: "billing_cycle_anchor_config[day_of_month]");
        Assert.Empty((await kit.Client.GetAsync("/v1/subscriptions", ("customer", customer))).AssertOk().Body["data"]!.AsArray());
        _ = pm;
    }
}
