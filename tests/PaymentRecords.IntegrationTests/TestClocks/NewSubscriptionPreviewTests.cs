using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// <c>POST /v1/invoices/create_preview</c> with <c>customer</c> and <c>subscription_details</c> but no
/// <c>subscription</c>: "the first invoice with a recurring price" (Stripe's *Preview an invoice* guide), as the create
/// with the same details then makes it; nothing of the preview is stored. On test clocks, so that every date is exact.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class NewSubscriptionPreviewTests(ServerFixture fixture)
{
    private static long T(int year, int month, int day) => new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private static List<(long Amount, string Description, long Start, long End)> Lines(JsonNode invoice) =>
        invoice["lines"]!["data"]!.AsArray().Select(l => (Long(l!["amount"]), Str(l["description"]), Long(l["period"]!["start"]), Long(l["period"]!["end"]))).ToList();

    private static Task<StripeResponse> PreviewAsync(ClockKit kit, params (string, string)[] form) =>
        kit.Client.PostAsync("/v1/invoices/create_preview", form);

    [Fact]
    public async Task The_preview_is_the_first_invoice_the_create_then_makes_and_stores_nothing()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var price = await kit.Subs.PriceAsync(2500);
        // A pending item of the customer's goes first on the first invoice, as on the create's.
        (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "700"), ("currency", "usd"), ("description", "Setup"))).AssertOk();
        var eventsBefore = (await kit.Subs.EventsAsync()).Count;

        var preview = (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", price),
            ("subscription_details[items][0][quantity]", "2"))).AssertOk().Body;
        Assert.StartsWith("upcoming_in_", Str(preview["id"]));
        Assert.Equal(("upcoming", "draft", customer, 5700L), (Str(preview["billing_reason"]), Str(preview["status"]), Str(preview["customer"]), Long(preview["amount_due"])));
        Assert.Null(preview["number"]);
        Assert.Equal([(700L, "Setup", Jan10.ToUnixTimeSeconds(), Jan10.ToUnixTimeSeconds()),
                      (5000L, "2 × Gold (at $25.00 / month)", Jan10.ToUnixTimeSeconds(), Jan10.AddMonths(1).ToUnixTimeSeconds())], Lines(preview));
        Assert.Equal(Jan10.ToUnixTimeSeconds(), Long(preview["created"]));

        // Nothing was stored or sent: no subscription, no invoice, the item still pending, no event.
        Assert.Empty((await kit.Client.GetAsync("/v1/subscriptions", ("customer", customer))).AssertOk().Body["data"]!.AsArray());
        Assert.Empty(await kit.InvoicesAsync(customer));
        Assert.Single((await kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray());
        Assert.Equal(eventsBefore, (await kit.Subs.EventsAsync()).Count);

        // The create with the same details makes exactly those lines and that amount.
        var created = (await kit.Subs.CreateAsync(customer, price, ("items[0][quantity]", "2"), ("default_payment_method", pm))).AssertOk().Body;
        Assert.Equal(Lines(preview), Lines(created["latest_invoice"]!));
        Assert.Equal(Long(preview["amount_due"]), Long(created["latest_invoice"]!["amount_due"]));
    }

    [Fact]
    public async Task A_trial_an_anchor_and_a_backdate_preview_as_their_creates_bill()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(new DateTimeOffset(2027, 3, 10, 0, 0, 0, TimeSpan.Zero));
        // No payment method: a preview charges nothing, so it needs none.
        var customer = (await kit.Client.PostAsync("/v1/customers", ("test_clock", clock))).AssertOk().Id;
        var price = await kit.Subs.PriceAsync(3100);

        var trial = (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", price),
            ("subscription_details[trial_end]", S(T(2027, 3, 24))))).AssertOk().Body;
        Assert.Equal([(0L, "Free trial for 1 × Gold", T(2027, 3, 10), T(2027, 3, 24))], Lines(trial));
        Assert.Equal(0L, Long(trial["amount_due"]));

        // Anchored on the 20th: the ten days to it, prorated over the cycle's period that holds now (February 20 – March
        // 20, 28 days: 3100 × 10/28 = 1107.14).
        var anchored = (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", price),
            ("subscription_details[billing_cycle_anchor]", S(T(2027, 3, 20))))).AssertOk().Body;
        Assert.Equal([(1107L, "Remaining time on Gold after 10 Mar 2027", T(2027, 3, 10), T(2027, 3, 20))], Lines(anchored));
        var free = (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", price),
            ("subscription_details[billing_cycle_anchor]", S(T(2027, 3, 20))), ("subscription_details[proration_behavior]", "none"))).AssertOk().Body;
        // proration_behavior=none with an anchor: "doesn't generate an invoice at all until the first billing period".
        Assert.Empty(Lines(free));
        Assert.Equal(0L, Long(free["amount_due"]));

        // start_date in the past is a backdate: January 15 to February 10 prorated (2600), then two full periods.
        var backdated = (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", price),
            ("subscription_details[start_date]", S(T(2027, 1, 15))))).AssertOk().Body;
        Assert.Equal([2600L, 3100L, 3100L], Lines(backdated).Select(l => l.Amount));
        // No due work was left by the previews (no renewal, trial end or incomplete expiry will fire).
        Assert.Equal(0L, await DueWorkOfClockAsync(clock));

        // The creates with the same details bill what their previews showed.
        var trialCreated = (await kit.Subs.CreateAsync(customer, price, ("trial_end", S(T(2027, 3, 24))))).AssertOk().Body;
        Assert.Equal(Lines(trial), Lines(trialCreated["latest_invoice"]!));
        var anchorCreated = (await kit.Subs.CreateAsync(customer, price, ("billing_cycle_anchor", S(T(2027, 3, 20))), ("payment_behavior", "default_incomplete"))).AssertOk().Body;
        Assert.Equal(Lines(anchored), Lines(anchorCreated["latest_invoice"]!));
        var backdateCreated = (await kit.Subs.CreateAsync(customer, price, ("backdate_start_date", S(T(2027, 1, 15))), ("payment_behavior", "default_incomplete"))).AssertOk().Body;
        Assert.Equal(Lines(backdated), Lines(backdateCreated["latest_invoice"]!));
        // A clock's customer holds at most three subscriptions; a preview creates none, so it is not refused.
        (await kit.Subs.CreateAsync(customer, price, ("payment_behavior", "default_incomplete"))).AssertError(HttpStatusCode.BadRequest);
        (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", price))).AssertOk();
    }

    private async Task<long> DueWorkOfClockAsync(string clock)
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM due_work WHERE test_clock_id = @c", connection);
        count.Parameters.AddWithValue("c", clock);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_backdated_year_previews_ten_lines_and_the_kept_preview_pages_the_rest()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(new DateTimeOffset(2027, 3, 10, 0, 0, 0, TimeSpan.Zero));
        var customer = (await kit.Client.PostAsync("/v1/customers", ("test_clock", clock))).AssertOk().Id;
        var preview = (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", await kit.Subs.PriceAsync(1000)),
            ("subscription_details[start_date]", S(T(2026, 3, 10))))).AssertOk();
        // Twelve backdated months and the month from now: ten embedded, as on every invoice.
        var id = Str(preview.Body["id"]);
        var lines = preview.Body["lines"]!;
        Assert.Equal(10, lines["data"]!.AsArray().Count);
        Assert.True(lines["has_more"]!.GetValue<bool>());
        Assert.Equal($"/v1/invoices/{id}/lines", Str(lines["url"]));
        Assert.Equal(13000L, Long(preview.Body["amount_due"]));
        // Nothing finalizes a preview: auto_advance off, no finalization or payment attempt scheduled.
        Assert.False(preview.Body["auto_advance"]!.GetValue<bool>());
        Assert.Null(preview.Body["automatically_finalizes_at"]);
        Assert.Null(preview.Body["next_payment_attempt"]);

        // "the resulting invoice preview can be retrieved through the /v1/invoices/:id endpoint for the following 72 hours".
        var kept = (await kit.Client.GetAsync($"/v1/invoices/{id}")).AssertOk();
        Assert.Equal(preview.Raw, kept.Raw);
        var paged = new List<string>();
        string? after = null;
        do
        {
            var query = new List<(string, string)> { ("limit", "5") };
            if (after is not null) query.Add(("starting_after", after));
            var page = (await kit.Client.GetAsync($"/v1/invoices/{id}/lines", [.. query])).AssertOk().Body;
            paged.AddRange(page["data"]!.AsArray().Select(l => Str(l!["id"])));
            after = page["has_more"]!.GetValue<bool>() ? paged[^1] : null;
        }
        while (after is not null);
        Assert.Equal(13, paged.Count);
        Assert.Equal(13, paged.Distinct().Count());
        Assert.Equal(lines["data"]!.AsArray().Select(l => Str(l!["id"])), paged.Take(10));
        var before = (await kit.Client.GetAsync($"/v1/invoices/{id}/lines", ("limit", "3"), ("ending_before", paged[12]))).AssertOk().Body;
        Assert.Equal(paged[9..12], before["data"]!.AsArray().Select(l => Str(l!["id"])));
        Assert.True(before["has_more"]!.GetValue<bool>());
        var expanded = (await kit.Client.GetAsync($"/v1/invoices/{id}", ("expand[]", "customer"))).AssertOk().Body;
        Assert.Equal(customer, Str(expanded["customer"]!["id"]));

        // Another account does not see it; after its 72 hours nobody does; it is no invoice to act on.
        (await fixture.Client().GetAsync($"/v1/invoices/{id}")).AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice");
        (await kit.Client.PostAsync($"/v1/invoices/{id}/finalize")).AssertError(HttpStatusCode.NotFound, "resource_missing");
        Assert.Empty(await kit.InvoicesAsync(customer));
        await using (var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var expire = new Npgsql.NpgsqlCommand("UPDATE invoice_previews SET expires_at = 0 WHERE id = @id", connection);
            expire.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await expire.ExecuteNonQueryAsync());
        }
        (await kit.Client.GetAsync($"/v1/invoices/{id}")).AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice");
        (await kit.Client.GetAsync($"/v1/invoices/{id}/lines")).AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice");
    }

    [Fact]
    public async Task A_preview_for_no_customer_names_none_and_leaves_no_customer_behind()
    {
        // The guide's call names no customer: a visitor considering a purchase.
        var kit = new ClockKit(fixture.Client());
        var price = await kit.Subs.PriceAsync(4900);
        var eventsBefore = (await kit.Subs.EventsAsync()).Count;
        var preview = (await PreviewAsync(kit, ("subscription_details[items][0][price]", price), ("subscription_details[items][0][quantity]", "2"))).AssertOk().Body;
        Assert.Null(preview["customer"]);
        Assert.Null(preview["customer_email"]);
        Assert.Equal(("upcoming", "draft", 9800L), (Str(preview["billing_reason"]), Str(preview["status"]), Long(preview["amount_due"])));
        Assert.Equal(["2 × Gold (at $49.00 / month)"], Lines(preview).Select(l => l.Description));
        Assert.Empty((await kit.Client.GetAsync("/v1/customers")).AssertOk().Body["data"]!.AsArray());
        Assert.Empty((await kit.Client.GetAsync("/v1/subscriptions")).AssertOk().Body["data"]!.AsArray());
        Assert.Equal(eventsBefore, (await kit.Subs.EventsAsync()).Count);
        (await PreviewAsync(kit, ("subscription_details[items][0][price]", "price_missing")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "subscription_details[items][0][price]");
    }

    [Fact]
    public async Task A_bad_preview_is_refused_naming_the_parameter_as_the_preview_names_it()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan10);
        var (customer, _) = await kit.CustomerAsync(clock);
        var price = await kit.Subs.PriceAsync();

        (await PreviewAsync(kit, ("customer", "cus_missing"), ("subscription_details[items][0][price]", price)))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "customer");
        var missing = (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", "price_missing")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "subscription_details[items][0][price]");
        Assert.Contains("price_missing", missing.ErrorMessage);
        var pastTrial = (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", price),
            ("subscription_details[trial_end]", S(Jan10.AddDays(-1))))).AssertError(HttpStatusCode.BadRequest, param: "subscription_details[trial_end]");
        Assert.Contains("`subscription_details[trial_end]`", pastTrial.ErrorMessage);
        // A start in the future would preview a schedule; a backdate refusal names start_date.
        var future = (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", price),
            ("subscription_details[start_date]", S(Jan10.AddDays(1))))).AssertError(HttpStatusCode.BadRequest, param: "subscription_details[start_date]");
        Assert.Contains("schedule", future.ErrorMessage);
        // Other details without items name no new subscription.
        (await PreviewAsync(kit, ("customer", customer), ("subscription_details[trial_end]", S(Jan10.AddDays(5))), ("invoice_items[0][amount]", "100")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "subscription_details[items]");
        var withTrial = (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", price),
            ("subscription_details[start_date]", S(Jan10.AddDays(-5))), ("subscription_details[trial_end]", S(Jan10.AddDays(5)))))
            .AssertError(HttpStatusCode.BadRequest, param: "subscription_details[start_date]");
        Assert.DoesNotContain("backdate_start_date", withTrial.ErrorMessage);
        (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", price), ("subscription_details[cancel_now]", "true")))
            .AssertError(HttpStatusCode.BadRequest, param: "subscription_details[cancel_now]");
        (await PreviewAsync(kit, ("customer", customer), ("subscription_details[items][0][price]", price), ("subscription_details[billing_cycle_anchor]", "unchanged")))
            .AssertError(HttpStatusCode.BadRequest, param: "subscription_details[billing_cycle_anchor]");
        Assert.Empty((await kit.Client.GetAsync("/v1/subscriptions", ("customer", customer))).AssertOk().Body["data"]!.AsArray());

        // billing_cycle_anchor=now is a new subscription's own anchor; an idempotency key replays the answer.
        var first = (await kit.Client.PostIdempotentAsync("/v1/invoices/create_preview", "new-preview-1", ("customer", customer),
            ("subscription_details[items][0][price]", price), ("subscription_details[billing_cycle_anchor]", "now"))).AssertOk();
        var replay = (await kit.Client.PostIdempotentAsync("/v1/invoices/create_preview", "new-preview-1", ("customer", customer),
            ("subscription_details[items][0][price]", price), ("subscription_details[billing_cycle_anchor]", "now"))).AssertOk();
        Assert.Equal(first.Raw, replay.Raw);
        Assert.Equal([2500L], Lines(first.Body).Select(l => l.Amount));
    }
}
