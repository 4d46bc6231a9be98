using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// An update that restarts the billing cycle: <c>billing_cycle_anchor=now</c>, or an item moving to a price of another
/// interval. The unused time is credited, the new period is invoiced at once, and the old cycle's renewal is gone.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SubscriptionAnchorResetTests(ServerFixture fixture)
{
    [Fact]
    public async Task Moving_to_a_yearly_price_restarts_the_cycle_now_with_the_unused_month_credited()
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
            ("expand[]", "latest_invoice"))).AssertOk().Body;
        Assert.Equal(jan20.ToUnixTimeSeconds(), Long(updated["billing_cycle_anchor"]));
        var period = updated["items"]!["data"]![0]!;
        Assert.Equal((jan20.ToUnixTimeSeconds(), jan20.AddYears(1).ToUnixTimeSeconds()), (Long(period["current_period_start"]), Long(period["current_period_end"])));
        var invoice = updated["latest_invoice"]!;
        Assert.Equal(("subscription_update", "open"), (Str(invoice["billing_reason"]), Str(invoice["status"])));
        var lines = invoice["lines"]!["data"]!.AsArray();
        Assert.Equal(2, lines.Count);
        var credit = lines[0]!;
        Assert.True(credit["parent"]!["subscription_item_details"]!["proration"]!.GetValue<bool>());
        Assert.StartsWith("Unused time on Gold after ", Str(credit["description"]));
        // 21 of the period's 31 days unused: −2500 × 21/31 = −1693.5, floored as credits are.
        Assert.Equal(-1694, Long(credit["amount"]));
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
    public async Task Unchanged_with_another_interval_a_trial_and_error_if_incomplete_are_refused_and_change_nothing()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync(2500));
        await kit.AdvanceAsync(clock, Jan10.AddDays(5));
        var before = await kit.Subs.GetAsync(subscription);
        var item = Str(before["items"]!["data"]![0]!["id"]);

        (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("items[0][id]", item),
            ("items[0][price]", await kit.Subs.PriceAsync(30000, interval: "year")), ("billing_cycle_anchor", "unchanged")))
            .AssertError(HttpStatusCode.BadRequest, param: "items[0][price]");
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
        // A price of another interval asks for the reset: the refusal names it.
        (await kit.Client.PostAsync($"/v1/subscriptions/{trialingId}", ("items[0][id]", Str(trialing["items"]!["data"]![0]!["id"])),
            ("items[0][price]", await kit.Subs.PriceAsync(9000, interval: "year")))).AssertError(HttpStatusCode.BadRequest, param: "items[0][price]");
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
