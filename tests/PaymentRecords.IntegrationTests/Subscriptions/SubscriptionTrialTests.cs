using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;

namespace PaymentRecords.IntegrationTests.Subscriptions;

/// <summary>Trials at create (trialing, a paid $0 first invoice, periods = the trial) and cancel_at, over HTTP.</summary>
[Collection(ServerCollection.Name)]
public sealed class SubscriptionTrialTests(ServerFixture fixture)
{
    private readonly SubscriptionKit _kit = new(fixture.Client());

    [Fact]
    public async Task Trial_period_days_starts_trialing_with_a_paid_zero_invoice_and_the_trial_as_period()
    {
        var price = await _kit.PriceAsync(2500);
        var (customer, _) = await _kit.CustomerAsync();
        var sub = (await _kit.CreateAsync(customer, price, ("items[0][quantity]", "2"), ("trial_period_days", "7"),
            ("trial_settings[end_behavior][missing_payment_method]", "cancel"))).AssertOk().Body;
        Assert.Equal("trialing", Str(sub["status"]));
        var start = Long(sub["trial_start"]);
        Assert.Equal(Long(sub["created"]), start);
        Assert.Equal(start + 7 * 86_400, Long(sub["trial_end"]));
        Assert.Equal(Long(sub["trial_end"]), Long(sub["billing_cycle_anchor"]));
        Assert.Equal("cancel", Str(sub["trial_settings"]!["end_behavior"]!["missing_payment_method"]));
        var item = sub["items"]!["data"]![0]!;
        Assert.Equal(start, Long(item["current_period_start"]));
        Assert.Equal(Long(sub["trial_end"]), Long(item["current_period_end"]));

        var invoice = sub["latest_invoice"]!;
        Assert.Equal("subscription_create", Str(invoice["billing_reason"]));
        Assert.Equal("paid", Str(invoice["status"]));
        Assert.Equal(0, Long(invoice["total"]));
        var line = invoice["lines"]!["data"]![0]!;
        Assert.Equal(0, Long(line["amount"]));
        Assert.Equal(2, Long(line["quantity"]));
        Assert.Equal("Free trial for 2 × Gold", Str(line["description"]));
        Assert.Equal(Long(sub["trial_end"]), Long(line["period"]!["end"]));
        Assert.Equal("trialing", Str((await _kit.GetAsync(Str(sub["id"])))["status"]));
        Assert.Single((await _kit.Client.GetAsync("/v1/subscriptions", ("status", "trialing"))).AssertOk().Body["data"]!.AsArray());

        // A change during the trial prorates nothing: the trial is free.
        var other = await _kit.PriceAsync(4000);
        var changed = (await _kit.Client.PostAsync($"/v1/subscriptions/{Str(sub["id"])}", ("items[0][id]", Str(item["id"])), ("items[0][price]", other))).AssertOk().Body;
        Assert.Equal(other, Str(changed["items"]!["data"]![0]!["price"]!["id"]));
        Assert.Empty((await _kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray());

        // An item added during the trial is in the trial too.
        var seat = await _kit.PriceAsync(300);
        var added = (await _kit.Client.PostAsync("/v1/subscription_items", ("subscription", Str(sub["id"])), ("price", seat))).AssertOk().Body;
        Assert.Equal((start, Long(sub["trial_end"])), (Long(added["current_period_start"]), Long(added["current_period_end"])));
        Assert.Empty((await _kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray());
    }

    [Fact]
    public async Task Trial_end_is_a_future_timestamp_or_now_and_one_of_the_two_trial_parameters()
    {
        var price = await _kit.PriceAsync(2500);
        var (customer, _) = await _kit.CustomerAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var trial = (await _kit.CreateAsync(customer, price, ("trial_end", S(now + 3600)))).AssertOk().Body;
        Assert.Equal("trialing", Str(trial["status"]));
        Assert.Equal(now + 3600, Long(trial["trial_end"]));

        var noTrial = (await _kit.CreateAsync(customer, price, ("trial_end", "now"))).AssertOk().Body;
        Assert.Equal("incomplete", Str(noTrial["status"]));
        Assert.Null(noTrial["trial_end"]);
        Assert.Equal(2500, Long(noTrial["latest_invoice"]!["amount_due"]));

        (await _kit.CreateAsync(customer, price, ("trial_end", S(now - 10)))).AssertError(HttpStatusCode.BadRequest, param: "trial_end");
        (await _kit.CreateAsync(customer, price, ("trial_end", S(now + 3600)), ("trial_period_days", "3")))
            .AssertError(HttpStatusCode.BadRequest, param: "trial_period_days");
        (await _kit.CreateAsync(customer, price, ("trial_period_days", "731"))).AssertError(HttpStatusCode.BadRequest, param: "trial_period_days");
        // On update, now ends the trial in the request (TestClocks/TrialUpdateTests has the rest).
        var ended = (await _kit.Client.PostAsync($"/v1/subscriptions/{Str(trial["id"])}", ("trial_end", "now"))).AssertOk().Body;
        Assert.Equal("active", Str(ended["status"]));
    }

    [Fact]
    public async Task Cancel_at_is_stored_validated_and_cleared()
    {
        var price = await _kit.PriceAsync(2500);
        var (customer, _) = await _kit.CustomerAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var sub = (await _kit.CreateAsync(customer, price, ("cancel_at", S(now + 86_400)))).AssertOk().Body;
        Assert.Equal(now + 86_400, Long(sub["cancel_at"]));
        var id = Str(sub["id"]);

        var atPeriodEnd = (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("cancel_at", "max_period_end"))).AssertOk().Body;
        Assert.Equal(Long(atPeriodEnd["items"]!["data"]![0]!["current_period_end"]), Long(atPeriodEnd["cancel_at"]));
        Assert.Equal(now + 86_400, Long((await _kit.EventsAsync("customer.subscription.updated")).Last()["data"]!["previous_attributes"]!["cancel_at"]));

        (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("cancel_at", S(now - 5)))).AssertError(HttpStatusCode.BadRequest, param: "cancel_at");
        (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("cancel_at", S(now + 100)), ("cancel_at_period_end", "true")))
            .AssertError(HttpStatusCode.BadRequest, param: "cancel_at");
        (await _kit.CreateAsync(customer, price, ("cancel_at", S(now - 5)))).AssertError(HttpStatusCode.BadRequest, param: "cancel_at");

        var cleared = (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("cancel_at", ""))).AssertOk().Body;
        Assert.Null(cleared["cancel_at"]);
    }
}
