using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// An update that restarts the billing cycle (<c>billing_cycle_anchor=now</c>: the unused time is credited, the new
/// period is invoiced at once, the old cycle's renewal is gone), and an item moving to a price of another interval,
/// which in flexible billing mode keeps the anchor and takes that interval's period.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SubscriptionAnchorResetTests(ServerFixture fixture)
{
    [Fact]
    public async Task Moving_to_a_yearly_price_keeps_the_anchor_and_takes_the_years_period_with_prorations()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync(2500));
        var jan20 = Jan10.AddDays(10);
        await kit.AdvanceAsync(clock, jan20);
        var item = Str((await kit.Subs.GetAsync(subscription))["items"]!["data"]![0]!["id"]);
        var yearly = await kit.Subs.PriceAsync(30000, interval: "year");

        // "The billing_cycle_anchor is never automatically reset" in flexible billing mode: the item takes the year
        // counted from the anchor (Jan 10 → Jan 10 next year), the unused month credited, the year's rest charged.
        var updated = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("items[0][id]", item), ("items[0][price]", yearly),
            ("proration_behavior", "always_invoice"), ("expand[]", "latest_invoice"))).AssertOk().Body;
        Assert.Equal(Jan10.ToUnixTimeSeconds(), Long(updated["billing_cycle_anchor"]));
        var period = updated["items"]!["data"]![0]!;
        Assert.Equal((Jan10.ToUnixTimeSeconds(), Jan10.AddYears(1).ToUnixTimeSeconds()), (Long(period["current_period_start"]), Long(period["current_period_end"])));
        var invoice = updated["latest_invoice"]!;
        Assert.Equal("subscription_update", Str(invoice["billing_reason"]));
        var lines = invoice["lines"]!["data"]!.AsArray().Select(l => (Str(l!["description"]), Long(l["amount"]))).ToList();
        // 21 of January's 31 days unused: −2500 × 21/31 = −1693.5, floored; 355 of the year's 365 days left: 30000 × 355/365 = 29178.08.
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("Unused time on Gold after ", lines[0].Item1);
        Assert.Equal(-1694, lines[0].Item2);
        Assert.StartsWith("Remaining time on Gold after ", lines[1].Item1);
        Assert.Equal(29178, lines[1].Item2);

        // The old month's renewal (Feb 10) does not come; the next is the year's end.
        await kit.AdvanceAsync(clock, Jan10.AddMonths(1).AddDays(2));
        Assert.DoesNotContain(await kit.InvoicesAsync(customer), i => Str(i["billing_reason"]) == "subscription_cycle");
        var sub = await kit.Subs.GetAsync(subscription);
        Assert.Equal(Jan10.AddYears(1).ToUnixTimeSeconds(), Long(sub["items"]!["data"]![0]!["current_period_end"]));
    }

    [Fact]
    public async Task Moving_from_yearly_to_monthly_renews_at_the_new_months_end()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var yearly = await kit.Subs.PriceAsync(2500, interval: "year");
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, yearly);
        var mar20 = Jan10.AddMonths(2).AddDays(10);
        await kit.AdvanceAsync(clock, mar20);
        var item = Str((await kit.Subs.GetAsync(subscription))["items"]!["data"]![0]!["id"]);
        var monthly = await kit.Subs.PriceAsync(900);

        var updated = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("items[0][id]", item), ("items[0][price]", monthly),
            ("proration_behavior", "none"))).AssertOk().Body;
        // The month around now counted from the anchor (Jan 10): Mar 10 → Apr 10.
        var period = updated["items"]!["data"]![0]!;
        Assert.Equal((Jan10.AddMonths(2).ToUnixTimeSeconds(), Jan10.AddMonths(3).ToUnixTimeSeconds()),
            (Long(period["current_period_start"]), Long(period["current_period_end"])));

        // The renewal comes at Apr 10 (the year's end would have been next January).
        await kit.AdvanceAsync(clock, Jan10.AddMonths(3).AddHours(2));
        var renewal = Assert.Single(await kit.InvoicesAsync(customer), i => Str(i["billing_reason"]) == "subscription_cycle");
        Assert.Equal(900, Long(renewal["total"]));
    }

    [Fact]
    public async Task Billing_cycle_anchor_now_with_a_yearly_price_restarts_the_cycle_with_the_unused_month_credited()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync(2500));
        var jan20 = Jan10.AddDays(10);
        await kit.AdvanceAsync(clock, jan20);
        var item = Str((await kit.Subs.GetAsync(subscription))["items"]!["data"]![0]!["id"]);
        var yearly = await kit.Subs.PriceAsync(30000, interval: "year");

        var updated = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("items[0][id]", item), ("items[0][price]", yearly),
            ("billing_cycle_anchor", "now"), ("expand[]", "latest_invoice"))).AssertOk().Body;
        Assert.Equal(jan20.ToUnixTimeSeconds(), Long(updated["billing_cycle_anchor"]));
        var period = updated["items"]!["data"]![0]!;
        Assert.Equal((jan20.ToUnixTimeSeconds(), jan20.AddYears(1).ToUnixTimeSeconds()), (Long(period["current_period_start"]), Long(period["current_period_end"])));
        var invoice = updated["latest_invoice"]!;
        Assert.Equal(("subscription_update", "open"), (Str(invoice["billing_reason"]), Str(invoice["status"])));
        var lines = invoice["lines"]!["data"]!.AsArray();
        Assert.Equal(2, lines.Count);
        Assert.Equal(-1694, Long(lines[0]!["amount"]));
        Assert.Equal((30000L, jan20.AddYears(1).ToUnixTimeSeconds()), (Long(lines[1]!["amount"]), Long(lines[1]!["period"]!["end"])));
        Assert.Equal(30000 - 1694, Long(invoice["amount_due"]));

        // The old cycle's renewal (Feb 10) does not come.
        await kit.AdvanceAsync(clock, Jan10.AddMonths(1).AddDays(2));
        Assert.DoesNotContain(await kit.InvoicesAsync(customer), i => Str(i["billing_reason"]) == "subscription_cycle");
    }

    [Fact]
    public async Task Billing_cycle_anchor_now_without_proration_bills_a_full_new_period()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync(2500));
        var jan25 = Jan10.AddDays(15);
        await kit.AdvanceAsync(clock, jan25);

        var updated = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("billing_cycle_anchor", "now"),
            ("proration_behavior", "none"), ("expand[]", "latest_invoice"))).AssertOk().Body;
        Assert.Equal(jan25.ToUnixTimeSeconds(), Long(updated["billing_cycle_anchor"]));
        var invoice = updated["latest_invoice"]!;
        Assert.Equal(2500, Long(invoice["total"]));
        Assert.Single(invoice["lines"]!["data"]!.AsArray());
        (await kit.Subs.AttachAsync(Str(invoice["id"]), await kit.Subs.ReportAsync(customer, pm, 2500))).AssertOk();

        // The next renewal is a month after the new anchor.
        await kit.AdvanceAsync(clock, jan25.AddMonths(1).AddHours(2));
        var renewal = Assert.Single(await kit.InvoicesAsync(customer), i => Str(i["billing_reason"]) == "subscription_cycle");
        var line = renewal["lines"]!["data"]![0]!;
        Assert.Equal((jan25.AddMonths(1).ToUnixTimeSeconds(), jan25.AddMonths(2).ToUnixTimeSeconds()), (Long(line["period"]!["start"]), Long(line["period"]!["end"])));
    }

    [Fact]
    public async Task A_reset_with_error_if_incomplete_or_an_added_trial_is_refused_and_changes_nothing()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync(2500));
        await kit.AdvanceAsync(clock, Jan10.AddDays(5));
        var before = await kit.Subs.GetAsync(subscription);

        (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("billing_cycle_anchor", "now"), ("payment_behavior", "error_if_incomplete")))
            .AssertError(HttpStatusCode.BadRequest, param: "payment_behavior");
        // A reset with a trial added in the same request would bill a period the trial credits.
        (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("billing_cycle_anchor", "now"), ("trial_end", S(Jan10.AddDays(40)))))
            .AssertError(HttpStatusCode.BadRequest, param: "trial_end");
        var after = await kit.Subs.GetAsync(subscription);
        Assert.Equal((Long(before["billing_cycle_anchor"]), Str(before["latest_invoice"]), "active"),
            (Long(after["billing_cycle_anchor"]), Str(after["latest_invoice"]), Str(after["status"])));
        Assert.Single(await kit.InvoicesAsync(customer));
        // On an active subscription trial_end=now changes nothing: billing_cycle_anchor=now with it still resets.
        var swapped = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("trial_end", "now"), ("billing_cycle_anchor", "now"))).AssertOk().Body;
        Assert.Equal(Jan10.AddDays(5).ToUnixTimeSeconds(), Long(swapped["billing_cycle_anchor"]));
        Assert.Equal(2, (await kit.InvoicesAsync(customer)).Count);

        var trialing = (await kit.Subs.CreateAsync(customer, await kit.Subs.PriceAsync(900), ("trial_period_days", "7"))).AssertOk().Body;
        var trialingId = Str(trialing["id"]);
        (await kit.Client.PostAsync($"/v1/subscriptions/{trialingId}", ("billing_cycle_anchor", "now")))
            .AssertError(HttpStatusCode.BadRequest, param: "billing_cycle_anchor");
        // trial_end=now already starts the paid cycle now: billing_cycle_anchor=now with it is that one reset.
        var ended = (await kit.Client.PostAsync($"/v1/subscriptions/{trialingId}", ("trial_end", "now"), ("billing_cycle_anchor", "now"))).AssertOk().Body;
        Assert.Equal("active", Str(ended["status"]));
        var open = (await kit.Client.GetAsync("/v1/invoices", ("subscription", trialingId), ("status", "open"))).AssertOk().Body["data"]!.AsArray();
        Assert.Equal("subscription_update", Str(Assert.Single(open)!["billing_reason"]));
    }

    [Fact]
    public async Task Cancel_at_period_end_follows_the_new_period()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync(2500));
        (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("cancel_at_period_end", "true"))).AssertOk();
        var jan20 = Jan10.AddDays(10);
        await kit.AdvanceAsync(clock, jan20);
        var reset = (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("billing_cycle_anchor", "now"))).AssertOk().Body;
        Assert.Equal((true, jan20.AddMonths(1).ToUnixTimeSeconds()), (reset["cancel_at_period_end"]!.GetValue<bool>(), Long(reset["cancel_at"])));
    }
}
