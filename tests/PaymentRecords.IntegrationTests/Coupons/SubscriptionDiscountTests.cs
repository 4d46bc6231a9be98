using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.TestClocks;

namespace PaymentRecords.IntegrationTests.Coupons;

/// <summary>Coupons on a subscription: which of its invoices each duration discounts, as time passes on a test clock (docs/endpoints-coupons.md).</summary>
[Collection(ServerCollection.Name)]
public sealed class SubscriptionDiscountTests(ServerFixture fixture)
{
    private readonly ClockKit _kit = new(fixture.Client());

    private StripeTestClient Client => _kit.Client;

    private async Task<string> CouponAsync(params (string, string)[] form) => (await Client.PostAsync("/v1/coupons", form)).AssertOk().Id;

    private static long L(JsonNode? n) => n!.GetValue<long>();

    /// <summary>Pays the customer's newest invoice (a renewal, open two hours after its period began) at what it asks.</summary>
    private async Task PayNewestAsync(string customer, string pm)
    {
        var newest = (await _kit.InvoicesAsync(customer)).Last();
        Assert.Equal("open", newest["status"]!.GetValue<string>());
        (await _kit.Subs.AttachAsync(newest["id"]!.GetValue<string>(), await _kit.Subs.ReportAsync(customer, pm, L(newest["amount_due"])))).AssertOk();
    }

    private async Task<(string Customer, string Pm, string Clock, string Price)> SetUpAsync()
    {
        var clock = await _kit.ClockAsync(ClockKit.Jan10);
        var (customer, pm) = await _kit.CustomerAsync(clock);
        var price = await _kit.Subs.PriceAsync(2500);
        return (customer, pm, clock, price);
    }

    [Fact]
    public async Task A_once_coupon_discounts_the_first_invoice_only_and_leaves_the_subscription_then()
    {
        var (customer, pm, clock, price) = await SetUpAsync();
        var coupon = await CouponAsync(("percent_off", "50"), ("duration", "once"));
        var created = (await _kit.Subs.CreateAsync(customer, price, ("default_payment_method", pm), ("discounts[0][coupon]", coupon))).AssertOk().Body;
        var first = created["latest_invoice"]!;
        Assert.Equal((2500L, 1250L, 1250L), (L(first["subtotal"]), L(first["total"]), L(first["amount_due"])));
        var discount = first["discounts"]![0]!.GetValue<string>();
        Assert.Empty(created["discounts"]!.AsArray());
        var expanded = (await Client.GetAsync($"/v1/invoices/{first["id"]}", ("expand[]", "discounts"))).AssertOk().Body["discounts"]![0]!;
        Assert.Equal((created["id"]!.GetValue<string>(), coupon, (long?)null), (expanded["subscription"]!.GetValue<string>(),
            expanded["source"]!["coupon"]!.GetValue<string>(), expanded["end"]?.GetValue<long>()));
        Assert.Equal(discount, expanded["id"]!.GetValue<string>());

        // The first invoice is paid at its discounted amount: the subscription turns active.
        var record = await _kit.Subs.ReportAsync(customer, pm, 1250);
        (await _kit.Subs.AttachAsync(first["id"]!.GetValue<string>(), record)).AssertOk();
        Assert.Equal("active", (await _kit.Subs.GetAsync(created["id"]!.GetValue<string>()))["status"]!.GetValue<string>());

        await _kit.AdvanceAsync(clock, ClockKit.Jan10.AddMonths(1).AddHours(2));
        var renewal = (await _kit.InvoicesAsync(customer)).Last();
        Assert.Equal(("subscription_cycle", 2500L), (renewal["billing_reason"]!.GetValue<string>(), L(renewal["total"])));
        Assert.Empty(renewal["discounts"]!.AsArray());
    }

    [Fact]
    public async Task A_repeating_coupon_discounts_every_invoice_of_its_months_and_ends_with_them()
    {
        var (customer, pm, clock, price) = await SetUpAsync();
        var coupon = await CouponAsync(("percent_off", "20"), ("duration", "repeating"), ("duration_in_months", "2"));
        var created = (await _kit.Subs.CreateAsync(customer, price, ("default_payment_method", pm), ("discounts[0][coupon]", coupon))).AssertOk().Body;
        var subscription = created["id"]!.GetValue<string>();
        var discount = created["discounts"]![0]!.GetValue<string>();
        (await _kit.Subs.AttachAsync(created["latest_invoice"]!["id"]!.GetValue<string>(), await _kit.Subs.ReportAsync(customer, pm, 2000))).AssertOk();
        var expanded = (await Client.GetAsync($"/v1/subscriptions/{subscription}", ("expand[]", "discounts"))).AssertOk().Body["discounts"]![0]!;
        Assert.Equal(ClockKit.Jan10.AddMonths(2).ToUnixTimeSeconds(), L(expanded["end"]));
        Assert.Equal(ClockKit.Jan10.ToUnixTimeSeconds(), L(expanded["start"]));

        await _kit.AdvanceAsync(clock, ClockKit.Jan10.AddMonths(1).AddHours(2));
        await PayNewestAsync(customer, pm);
        await _kit.AdvanceAsync(clock, ClockKit.Jan10.AddMonths(2).AddHours(2));
        var totals = (await _kit.InvoicesAsync(customer)).Select(i => (i["billing_reason"]!.GetValue<string>(), L(i["total"]))).ToList();
        // Jan 10 and Feb 10 fall in its two months; Mar 10 is its end.
        Assert.Equal([("subscription_create", 2000L), ("subscription_cycle", 2000L), ("subscription_cycle", 2500L)], totals);
        Assert.Empty((await _kit.Subs.GetAsync(subscription))["discounts"]!.AsArray());
        Assert.DoesNotContain(discount, (await _kit.InvoicesAsync(customer)).Last()["discounts"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public async Task A_forever_coupon_added_by_update_discounts_the_renewals_until_its_discount_is_deleted()
    {
        var (customer, pm, clock, price) = await SetUpAsync();
        var subscription = await _kit.ActiveSubscriptionAsync(customer, pm, price);
        var coupon = await CouponAsync(("amount_off", "500"), ("currency", "usd"), ("duration", "forever"));
        var updated = (await Client.PostAsync($"/v1/subscriptions/{subscription}", ("discounts[0][coupon]", coupon))).AssertOk().Body;
        var discount = updated["discounts"]![0]!.GetValue<string>();
        // "Updating discounts doesn't incur prorations or generate an invoice on its own."
        Assert.Single(await _kit.InvoicesAsync(customer));
        var evt = Assert.Single(await _kit.Subs.EventsAsync("customer.subscription.updated"), e => e["data"]!["previous_attributes"]!["discounts"] is not null);
        Assert.Empty(evt["data"]!["previous_attributes"]!["discounts"]!.AsArray());
        Assert.Equal(discount, evt["data"]!["object"]!["discounts"]![0]!.GetValue<string>());

        var preview = (await Client.PostAsync("/v1/invoices/create_preview", ("subscription", subscription))).AssertOk().Body;
        Assert.Equal((2500L, 2000L, discount), (L(preview["subtotal"]), L(preview["total"]), preview["discounts"]![0]!.GetValue<string>()));
        await _kit.AdvanceAsync(clock, ClockKit.Jan10.AddMonths(1).AddHours(2));
        var renewal = (await _kit.InvoicesAsync(customer)).Last();
        Assert.Equal((2500L, 2000L), (L(renewal["subtotal"]), L(renewal["total"])));
        Assert.Equal(discount, renewal["discounts"]![0]!.GetValue<string>());
        await PayNewestAsync(customer, pm);

        var deleted = (await Client.DeleteAsync($"/v1/subscriptions/{subscription}/discount")).AssertOk().Body;
        Assert.Equal((discount, "discount", true, subscription), (deleted["id"]!.GetValue<string>(), deleted["object"]!.GetValue<string>(),
            deleted["deleted"]!.GetValue<bool>(), deleted["subscription"]!.GetValue<string>()));
        Assert.False(deleted.ContainsKey("end"));
        Assert.Empty((await _kit.Subs.GetAsync(subscription))["discounts"]!.AsArray());
        (await Client.DeleteAsync($"/v1/subscriptions/{subscription}/discount")).AssertError(HttpStatusCode.BadRequest);
        await _kit.AdvanceAsync(clock, ClockKit.Jan10.AddMonths(2).AddHours(2));
        Assert.Equal(2500, L((await _kit.InvoicesAsync(customer)).Last()["total"]));
    }

    [Fact]
    public async Task A_once_coupon_waits_through_a_trial_for_the_first_paid_invoice()
    {
        var (customer, pm, clock, price) = await SetUpAsync();
        var coupon = await CouponAsync(("percent_off", "10"));
        var created = (await _kit.Subs.CreateAsync(customer, price, ("default_payment_method", pm), ("trial_period_days", "7"),
            ("discounts[0][coupon]", coupon))).AssertOk().Body;
        Assert.Equal(0, L(created["latest_invoice"]!["total"]));
        Assert.Single(created["discounts"]!.AsArray());
        // A preview of the first paid invoice shows the once discount without using it up.
        var preview = (await Client.PostAsync("/v1/invoices/create_preview", ("subscription", created["id"]!.GetValue<string>()))).AssertOk().Body;
        Assert.Equal(2250, L(preview["total"]));
        Assert.Single((await _kit.Subs.GetAsync(created["id"]!.GetValue<string>()))["discounts"]!.AsArray());
        await _kit.AdvanceAsync(clock, ClockKit.Jan10.AddDays(7).AddHours(2));
        var paid = (await _kit.InvoicesAsync(customer)).Last();
        Assert.Equal((2500L, 2250L), (L(paid["subtotal"]), L(paid["total"])));
        Assert.Empty((await _kit.Subs.GetAsync(created["id"]!.GetValue<string>()))["discounts"]!.AsArray());
    }

    [Fact]
    public async Task A_hundred_percent_coupon_makes_the_first_invoice_free_and_the_subscription_active_at_once()
    {
        var (customer, pm, _, price) = await SetUpAsync();
        var coupon = await CouponAsync(("percent_off", "100"), ("duration", "forever"));
        var created = (await _kit.Subs.CreateAsync(customer, price, ("default_payment_method", pm), ("discounts[0][coupon]", coupon))).AssertOk().Body;
        Assert.Equal(("active", 0L, "paid"), (created["status"]!.GetValue<string>(), L(created["latest_invoice"]!["amount_due"]),
            created["latest_invoice"]!["status"]!.GetValue<string>()));
        var euros = await CouponAsync(("amount_off", "100"), ("currency", "eur"));
        (await Client.PostAsync($"/v1/subscriptions/{created["id"]}", ("discounts[0][coupon]", euros)))
            .AssertError(HttpStatusCode.BadRequest, param: "discounts[0][coupon]");
        (await Client.PostAsync($"/v1/subscriptions/{created["id"]}", ("items[0][id]", created["items"]!["data"]![0]!["id"]!.GetValue<string>()),
            ("items[0][discounts][0][coupon]", coupon))).AssertError(HttpStatusCode.BadRequest, param: "items[0][discounts]");
    }

    [Fact]
    public async Task Taking_a_subscriptions_discount_off_its_renewal_draft_leaves_it_the_subscriptions()
    {
        var (customer, pm, clock, price) = await SetUpAsync();
        var subscription = await _kit.ActiveSubscriptionAsync(customer, pm, price);
        var coupon = await CouponAsync(("percent_off", "10"), ("duration", "forever"));
        var discount = (await Client.PostAsync($"/v1/subscriptions/{subscription}", ("discounts[0][coupon]", coupon))).AssertOk().Body["discounts"]![0]!.GetValue<string>();
        // The renewal's draft, before it finalizes an hour later.
        await _kit.AdvanceAsync(clock, ClockKit.Jan10.AddMonths(1).AddMinutes(30));
        var draft = (await _kit.InvoicesAsync(customer)).Last();
        Assert.Equal(("draft", 2250L), (draft["status"]!.GetValue<string>(), L(draft["total"])));
        var undiscounted = (await Client.PostAsync($"/v1/invoices/{draft["id"]}", ("discounts", ""))).AssertOk().Body;
        Assert.Equal(2500, L(undiscounted["total"]));
        var sub = (await Client.GetAsync($"/v1/subscriptions/{subscription}", ("expand[]", "discounts"))).AssertOk().Body;
        Assert.Equal(discount, sub["discounts"]![0]!["id"]!.GetValue<string>());
        // Kept again by its id on the draft, then removed from the subscription: its row is still there to answer with.
        Assert.Equal(2250, L((await Client.PostAsync($"/v1/invoices/{draft["id"]}", ("discounts[0][discount]", discount))).AssertOk().Body["total"]));
        Assert.Equal(discount, (await Client.DeleteAsync($"/v1/subscriptions/{subscription}/discount")).AssertOk().Body["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ending_a_trial_now_bills_the_first_paid_period_with_the_once_coupon_and_a_recurring_preview_leaves_discounts_out()
    {
        var (customer, pm, _, price) = await SetUpAsync();
        var coupon = await CouponAsync(("percent_off", "40"));
        var forever = await CouponAsync(("amount_off", "100"), ("currency", "usd"), ("duration", "forever"));
        var created = (await _kit.Subs.CreateAsync(customer, price, ("default_payment_method", pm), ("trial_period_days", "14"),
            ("discounts[0][coupon]", coupon), ("discounts[1][coupon]", forever))).AssertOk().Body;
        var subscription = created["id"]!.GetValue<string>();
        var recurring = (await Client.PostAsync("/v1/invoices/create_preview", ("subscription", subscription), ("preview_mode", "recurring"))).AssertOk().Body;
        Assert.Equal((2500L, 2500L), (L(recurring["subtotal"]), L(recurring["total"])));
        Assert.Empty(recurring["discounts"]!.AsArray());

        var ended = (await Client.PostAsync($"/v1/subscriptions/{subscription}", ("trial_end", "now"), ("expand[]", "latest_invoice"))).AssertOk().Body;
        // 40% of 2500 = 1000, then 100 off: 1400.
        Assert.Equal((2500L, 1400L), (L(ended["latest_invoice"]!["subtotal"]), L(ended["latest_invoice"]!["total"])));
        Assert.Single(ended["discounts"]!.AsArray());
    }

    [Fact]
    public async Task A_canceled_subscription_takes_no_discounts_and_has_none_to_remove()
    {
        var (customer, pm, _, price) = await SetUpAsync();
        var coupon = await CouponAsync(("percent_off", "10"), ("duration", "forever"));
        var subscription = (await _kit.Subs.CreateAsync(customer, price, ("default_payment_method", pm), ("discounts[0][coupon]", coupon))).AssertOk().Id;
        (await Client.DeleteAsync($"/v1/subscriptions/{subscription}")).AssertOk();
        (await Client.PostAsync($"/v1/subscriptions/{subscription}", ("discounts[0][coupon]", coupon))).AssertError(HttpStatusCode.BadRequest);
        (await Client.DeleteAsync($"/v1/subscriptions/{subscription}/discount")).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal(1, L((await Client.GetAsync($"/v1/coupons/{coupon}")).AssertOk().Body["times_redeemed"]));
    }

    [Fact]
    public async Task A_preview_with_discounts_shows_a_coupon_without_redeeming_it_and_an_empty_list_drops_the_inherited_ones()
    {
        var (customer, pm, _, price) = await SetUpAsync();
        var subscription = await _kit.ActiveSubscriptionAsync(customer, pm, price);
        var coupon = await CouponAsync(("percent_off", "20"), ("duration", "once"), ("max_redemptions", "1"));
        var previewed = (await Client.PostAsync("/v1/invoices/create_preview", ("subscription", subscription), ("discounts[0][coupon]", coupon))).AssertOk().Body;
        Assert.Equal((2500L, 2000L), (L(previewed["subtotal"]), L(previewed["total"])));
        Assert.StartsWith("di_", previewed["discounts"]![0]!.GetValue<string>());
        var coupons = (await Client.GetAsync($"/v1/coupons/{coupon}")).AssertOk().Body;
        Assert.Equal((0L, true), (L(coupons["times_redeemed"]), coupons["valid"]!.GetValue<bool>()));
        Assert.Empty((await _kit.Subs.GetAsync(subscription))["discounts"]!.AsArray());

        var forever = await CouponAsync(("amount_off", "300"), ("currency", "usd"), ("duration", "forever"));
        (await Client.PostAsync($"/v1/subscriptions/{subscription}", ("discounts[0][coupon]", forever))).AssertOk();
        Assert.Equal(2200, L((await Client.PostAsync("/v1/invoices/create_preview", ("subscription", subscription))).AssertOk().Body["total"]));
        var without = (await Client.PostAsync("/v1/invoices/create_preview", ("subscription", subscription), ("discounts", ""))).AssertOk().Body;
        Assert.Equal(2500, L(without["total"]));
        Assert.Empty(without["discounts"]!.AsArray());
        (await Client.PostAsync("/v1/invoices/create_preview", ("subscription", subscription), ("discounts[0][coupon]", "NOPE")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "discounts[0][coupon]");
        // A discount the subscription no longer holds cannot be reused.
        var held = (await _kit.Subs.GetAsync(subscription))["discounts"]![0]!.GetValue<string>();
        Assert.Equal(2200, L((await Client.PostAsync("/v1/invoices/create_preview", ("subscription", subscription), ("discounts[0][discount]", held))).AssertOk().Body["total"]));
        (await Client.DeleteAsync($"/v1/subscriptions/{subscription}/discount")).AssertOk();
        (await Client.PostAsync("/v1/invoices/create_preview", ("subscription", subscription), ("discounts[0][discount]", held)))
            .AssertError(HttpStatusCode.BadRequest, "resource_missing", "discounts[0][discount]");
    }
}
