using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// <c>POST /v1/invoices/create_preview</c> with <c>subscription_details</c>: the next renewal as it would be after a
/// change of the subscription's items, "including proration" (Stripe's prorations guide: preview, then update with the
/// same proration_date), on a test clock; nothing of the change is stored.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ChangePreviewTests(ServerFixture fixture)
{
    private static List<(long Amount, string Description, long Start, long End, bool Proration)> Lines(JsonNode invoice) =>
        invoice["lines"]!["data"]!.AsArray().Select(l => (Long(l!["amount"]), Str(l["description"]), Long(l["period"]!["start"]), Long(l["period"]!["end"]),
            l["parent"]!["subscription_item_details"]?["proration"]?.GetValue<bool>() ?? l["parent"]!["invoice_item_details"]!["proration"]!.GetValue<bool>())).ToList();

    /// <summary>A customer on a clock at January 10 with a paid monthly subscription (25.00) of one item.</summary>
    private async Task<(ClockKit Kit, string Clock, string Customer, string Subscription, string Item)> SubscribedAsync()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var sub = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());
        return (kit, clock, customer, sub, Str((await kit.Subs.GetAsync(sub))["items"]!["data"]![0]!["id"]));
    }

    [Fact]
    public async Task A_previewed_upgrade_shows_the_prorations_and_the_next_period_the_update_then_makes_and_changes_nothing()
    {
        var (kit, clock, customer, sub, item) = await SubscribedAsync();
        var upgrade = await kit.Subs.PriceAsync(6200);
        await kit.AdvanceAsync(clock, Jan10.AddDays(10));
        var prorationDate = S(Jan10.AddDays(15));
        var eventsBefore = (await kit.Subs.EventsAsync()).Count;

        var preview = (await kit.Client.PostAsync("/v1/invoices/create_preview", ("subscription", sub),
            ("subscription_details[items][0][id]", item), ("subscription_details[items][0][price]", upgrade),
            ("subscription_details[proration_date]", prorationDate))).AssertOk().Body;
        Assert.StartsWith("upcoming_in_", Str(preview["id"]));
        Assert.Equal("upcoming", Str(preview["billing_reason"]));
        // January 25 to February 10: 16 of the period's 31 days. −2500 × 16/31 (−1290.32, floored as every proration
        // here: −1291) and +6200 × 16/31 (3200), then February at 62.00.
        Assert.Equal([(-1291L, "Unused time on Gold after 25 Jan 2027", Jan10.AddDays(15).ToUnixTimeSeconds(), Jan10.AddMonths(1).ToUnixTimeSeconds(), true),
                      (3200L, "Remaining time on Gold after 25 Jan 2027", Jan10.AddDays(15).ToUnixTimeSeconds(), Jan10.AddMonths(1).ToUnixTimeSeconds(), true),
                      (6200L, "1 × Gold (at $62.00 / month)", Jan10.AddMonths(1).ToUnixTimeSeconds(), Jan10.AddMonths(2).ToUnixTimeSeconds(), false)],
            Lines(preview));
        Assert.Equal(8109L, Long(preview["amount_due"]));

        // Nothing was stored: the item keeps its price, no pending item, no event, the plain preview as before.
        Assert.NotEqual(upgrade, Str((await kit.Subs.GetAsync(sub))["items"]!["data"]![0]!["price"]!["id"]));
        Assert.Empty((await kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray());
        Assert.Equal(eventsBefore, (await kit.Subs.EventsAsync()).Count);
        var plain = (await kit.Client.PostAsync("/v1/invoices/create_preview", ("subscription", sub))).AssertOk().Body;
        Assert.Equal([2500L], Lines(plain).Select(l => l.Amount));

        // The update with the same proration_date makes exactly what the preview showed.
        (await kit.Client.PostAsync($"/v1/subscriptions/{sub}", ("items[0][id]", item), ("items[0][price]", upgrade),
            ("proration_date", prorationDate))).AssertOk();
        var after = (await kit.Client.PostAsync("/v1/invoices/create_preview", ("subscription", sub))).AssertOk().Body;
        Assert.Equal(Lines(preview), Lines(after));
        Assert.Equal(Long(preview["amount_due"]), Long(after["amount_due"]));
    }

    [Fact]
    public async Task A_previewed_move_to_a_yearly_price_leaves_the_renewal_and_its_due_work_as_they_were()
    {
        var (kit, clock, customer, sub, item) = await SubscribedAsync();
        var yearly = await kit.Subs.PriceAsync(24000, "year");
        var dueBefore = await RenewalsDueAsync(sub);
        Assert.Equal([Jan10.AddMonths(1).ToUnixTimeSeconds()], dueBefore);

        // The move reschedules the renewal to the yearly period's end, inside the preview only.
        var preview = (await kit.Client.PostAsync("/v1/invoices/create_preview", ("subscription", sub),
            ("subscription_details[items][0][id]", item), ("subscription_details[items][0][price]", yearly))).AssertOk().Body;
        Assert.Equal(Jan10.AddYears(1).ToUnixTimeSeconds(), Long(preview["created"]));
        Assert.Equal(dueBefore, await RenewalsDueAsync(sub));
        var plain = (await kit.Client.PostAsync("/v1/invoices/create_preview", ("subscription", sub))).AssertOk().Body;
        Assert.Equal(Jan10.AddMonths(1).ToUnixTimeSeconds(), Long(plain["created"]));
    }

    private async Task<List<long>> RenewalsDueAsync(string subscription)
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var read = new Npgsql.NpgsqlCommand("SELECT due_at FROM due_work WHERE kind = 'subscription.period_end' AND object_id = @s ORDER BY due_at", connection);
        read.Parameters.AddWithValue("s", subscription);
        var due = new List<long>();
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync()) due.Add(reader.GetInt64(0));
        return due;
    }

    [Fact]
    public async Task A_preview_of_a_bad_change_is_refused_naming_the_parameter_under_subscription_details()
    {
        var (kit, clock, customer, sub, item) = await SubscribedAsync();
        var missing = (await kit.Client.PostAsync("/v1/invoices/create_preview", ("subscription", sub),
            ("subscription_details[items][0][id]", item), ("subscription_details[items][0][price]", "price_missing")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "subscription_details[items][0][price]");
        Assert.Contains("price_missing", missing.ErrorMessage);
        (await kit.Client.PostAsync("/v1/invoices/create_preview", ("subscription", sub), ("subscription_details[items][0][id]", item),
            ("subscription_details[items][0][quantity]", "2"), ("subscription_details[proration_date]", S(Jan10.AddMonths(3)))))
            .AssertError(HttpStatusCode.BadRequest, param: "subscription_details[proration_date]");
        (await kit.Client.PostAsync("/v1/invoices/create_preview", ("subscription", sub), ("subscription_details[items][0][id]", item),
            ("subscription_details[items][0][quantity]", "2"), ("subscription_details[proration_behavior]", "always_invoice")))
            .AssertError(HttpStatusCode.BadRequest, param: "subscription_details[proration_behavior]");
        (await kit.Client.PostAsync("/v1/invoices/create_preview", ("subscription", sub), ("subscription_details[trial_end]", "now")))
            .AssertError(HttpStatusCode.BadRequest, param: "subscription_details[trial_end]");
        (await kit.Client.PostAsync("/v1/invoices/create_preview", ("subscription", "sub_missing"), ("subscription_details[items][0][id]", item),
            ("subscription_details[items][0][quantity]", "2"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "subscription");

        // A bare parameter name is renamed in param only: the message's prose stays as the update words it.
        var form = new List<(string, string)> { ("subscription", sub) };
        for (var i = 0; i < 21; i++) form.Add(($"subscription_details[items][{i}][price]", "price_x"));
        var tooMany = (await kit.Client.PostAsync("/v1/invoices/create_preview", [.. form])).AssertError(HttpStatusCode.BadRequest, param: "subscription_details[items]");
        Assert.Equal("items is not supported by this server: a subscription has at most 20 items.", tooMany.ErrorMessage);

        // With an idempotency key: the preview is answered, the key's replay gives it again, and nothing was changed.
        var first = (await kit.Client.PostIdempotentAsync("/v1/invoices/create_preview", "preview-1", ("subscription", sub),
            ("subscription_details[items][0][id]", item), ("subscription_details[items][0][quantity]", "3"))).AssertOk();
        var replay = (await kit.Client.PostIdempotentAsync("/v1/invoices/create_preview", "preview-1", ("subscription", sub),
            ("subscription_details[items][0][id]", item), ("subscription_details[items][0][quantity]", "3"))).AssertOk();
        Assert.Equal(first.Raw, replay.Raw);
        Assert.Equal(1L, Long((await kit.Subs.GetAsync(sub))["items"]!["data"]![0]!["quantity"]));
    }
}
