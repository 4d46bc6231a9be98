using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// <c>pause_collection</c> on an active subscription (docs/endpoints-subscriptions.md, "Pause collection"): the status
/// stays active, and the renewals made while it holds are kept as drafts, voided or marked uncollectible.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PauseCollectionTests(ServerFixture fixture)
{
    private static async Task<(ClockKit Kit, string Clock, string Customer, string Subscription)> ActiveAsync(ServerFixture fixture)
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());
        return (kit, clock, customer, subscription);
    }

    private static async Task<JsonObject> PauseAsync(ClockKit kit, string subscription, params (string, string)[] form) =>
        (await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", form)).AssertOk().Body;

    [Fact]
    public async Task Keep_as_draft_leaves_the_renewal_a_draft_with_auto_advance_off_and_the_subscription_active()
    {
        var (kit, clock, customer, subscription) = await ActiveAsync(fixture);
        var paused = await PauseAsync(kit, subscription, ("pause_collection[behavior]", "keep_as_draft"));
        Assert.Equal(("active", "keep_as_draft", (JsonNode?)null),
            (paused["status"]!.GetValue<string>(), paused["pause_collection"]!["behavior"]!.GetValue<string>(), paused["pause_collection"]!["resumes_at"]));

        await kit.AdvanceAsync(clock, Jan31.AddMonths(1).AddHours(3));
        var renewal = (await kit.InvoicesAsync(customer))[^1];
        Assert.Equal(("subscription_cycle", "draft", false),
            (renewal["billing_reason"]!.GetValue<string>(), renewal["status"]!.GetValue<string>(), renewal["auto_advance"]!.GetValue<bool>()));
        Assert.Equal(("active", (JsonNode?)null), ((await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>(), renewal["automatically_finalizes_at"]));
    }

    [Fact]
    public async Task Void_voids_the_renewals_until_resumes_at_and_then_collection_resumes()
    {
        var (kit, clock, customer, subscription) = await ActiveAsync(fixture);
        var resumesAt = Jan31.AddMonths(1).AddDays(10);
        await PauseAsync(kit, subscription, ("pause_collection[behavior]", "void"), ("pause_collection[resumes_at]", S(resumesAt)));

        await kit.AdvanceAsync(clock, Jan31.AddMonths(1).AddMinutes(5));
        var voided = (await kit.InvoicesAsync(customer))[^1];
        Assert.Equal(("subscription_cycle", "void"), (voided["billing_reason"]!.GetValue<string>(), voided["status"]!.GetValue<string>()));
        Assert.Empty(await kit.Subs.EventsAsync("invoice.upcoming"));
        Assert.Equal("active", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());

        await kit.AdvanceAsync(clock, resumesAt.AddHours(1));
        var sub = await kit.Subs.GetAsync(subscription);
        Assert.Null(sub["pause_collection"]);
        var updated = (await kit.Subs.EventsAsync("customer.subscription.updated")).Last();
        Assert.Equal("void", updated["data"]!["previous_attributes"]!["pause_collection"]!["behavior"]!.GetValue<string>());

        await kit.AdvanceAsync(clock, Jan31.AddMonths(2).AddHours(2));
        var renewal = (await kit.InvoicesAsync(customer))[^1];
        Assert.Equal(("open", 2500L), (renewal["status"]!.GetValue<string>(), renewal["amount_due"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Mark_uncollectible_marks_the_renewal_uncollectible_and_an_empty_value_unsets_the_pause()
    {
        var (kit, clock, customer, subscription) = await ActiveAsync(fixture);
        await PauseAsync(kit, subscription, ("pause_collection[behavior]", "mark_uncollectible"));
        await kit.AdvanceAsync(clock, Jan31.AddMonths(1).AddMinutes(5));
        var renewal = (await kit.InvoicesAsync(customer))[^1];
        Assert.Equal(("uncollectible", false), (renewal["status"]!.GetValue<string>(), renewal["auto_advance"]!.GetValue<bool>()));
        Assert.Equal("active", (await kit.Subs.GetAsync(subscription))["status"]!.GetValue<string>());

        Assert.Null((await PauseAsync(kit, subscription, ("pause_collection", "")))["pause_collection"]);
    }

    [Fact]
    public async Task A_resumes_at_in_the_past_and_a_pause_without_behavior_are_refused()
    {
        var (kit, _, _, subscription) = await ActiveAsync(fixture);
        var past = await kit.Client.PostAsync($"/v1/subscriptions/{subscription}",
            ("pause_collection[behavior]", "void"), ("pause_collection[resumes_at]", S(Jan31.AddDays(-1))));
        past.AssertError(HttpStatusCode.BadRequest, param: "pause_collection[resumes_at]");
        var missing = await kit.Client.PostAsync($"/v1/subscriptions/{subscription}", ("pause_collection[resumes_at]", S(Jan31.AddDays(3))));
        missing.AssertError(HttpStatusCode.BadRequest, "parameter_missing", "pause_collection[behavior]");
        Assert.Null((await kit.Subs.GetAsync(subscription))["pause_collection"]);
    }
}
