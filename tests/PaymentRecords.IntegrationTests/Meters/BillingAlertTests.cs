using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Meters;

/// <summary>/v1/billing/alerts over raw HTTP, and when a usage alert fires (docs/endpoints-billing-meters.md, "Billing alerts").</summary>
[Collection(ServerCollection.Name)]
public sealed class BillingAlertTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private static string S(long v) => v.ToString(CultureInfo.InvariantCulture);

    private async Task<string> MeterAsync(string eventName = "api_call", string formula = "sum") =>
        (await _client.PostAsync("/v1/billing/meters", ("display_name", "API"), ("event_name", eventName),
            ("default_aggregation[formula]", formula))).AssertOk().Id;

    private async Task<string> CustomerAsync(params (string, string)[] form) =>
        (await _client.PostAsync("/v1/customers", form.Length == 0 ? [("email", "usage@example.com")] : form)).AssertOk().Id;

    private Task<StripeResponse> AlertAsync(string meter, long gte, string? customer = null, string title = "API usage") =>
        _client.PostAsync("/v1/billing/alerts", [("title", title), ("alert_type", "usage_threshold"), ("usage_threshold[gte]", S(gte)),
            ("usage_threshold[meter]", meter), ("usage_threshold[recurrence]", "one_time"),
            .. customer is null ? Array.Empty<(string, string)>() : [("usage_threshold[filters][0][type]", "customer"), ("usage_threshold[filters][0][customer]", customer)]]);

    private async Task ReportAsync(string customer, long value, string eventName = "api_call") =>
        (await _client.PostAsync("/v1/billing/meter_events", ("event_name", eventName), ("payload[stripe_customer_id]", customer),
            ("payload[value]", S(value)), ("timestamp", S(Now - 5)))).AssertOk();

    /// <summary>
    /// Waits until the scheduler has checked the customer's usage (no <c>billing_alert.check</c> work left for it), then
    /// lists the account's <c>billing.alert.triggered</c> events about that customer, oldest first.
    /// </summary>
    private async Task<List<JsonObject>> TriggeredAsync(string customer)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        for (var i = 0; ; i++)
        {
            await using var pending = new NpgsqlCommand("SELECT count(*) FROM due_work WHERE kind = 'billing_alert.check' AND object_id LIKE '%:' || @c", connection);
            pending.Parameters.AddWithValue("c", customer);
            if ((long)(await pending.ExecuteScalarAsync())! == 0) break;
            if (i == 600) throw new TimeoutException($"the alerts of {customer} were never checked");
            await Task.Delay(50);
        }
        var events = (await _client.GetAsync("/v1/events", ("type", "billing.alert.triggered"), ("limit", "100"))).AssertOk().Body["data"]!.AsArray();
        return events.Select(e => e!.AsObject()).Where(e => e["data"]!["object"]!["customer"]!.GetValue<string>() == customer).Reverse().ToList();
    }

    [Fact]
    public async Task An_alert_renders_as_Stripe_does_and_is_retrieved_listed_and_expanded()
    {
        var meter = await MeterAsync();
        var customer = await CustomerAsync();
        var any = (await AlertAsync(meter, 100, title: "Any customer")).AssertOk().Body;
        Assert.StartsWith("alrt_", any["id"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$$"""
            {"id":"{{{any["id"]}}}","object":"billing.alert","alert_type":"usage_threshold","livemode":false,"status":"active","title":"Any customer",
             "usage_threshold":{"filters":null,"gte":100,"meter":"{{{meter}}}","recurrence":"one_time"}}
            """), any), any.ToJsonString());
        var one = (await AlertAsync(meter, 10, customer, "One customer")).AssertOk();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$$"""
            {"filters":[{"customer":"{{{customer}}}","type":"customer"}],"gte":10,"meter":"{{{meter}}}","recurrence":"one_time"}
            """), one.Body["usage_threshold"]));

        Assert.True(JsonNode.DeepEquals(one.Body, (await _client.GetAsync($"/v1/billing/alerts/{one.Id}")).AssertOk().Body));
        var expanded = (await _client.GetAsync($"/v1/billing/alerts/{one.Id}", ("expand[]", "usage_threshold.meter"),
            ("expand[]", "usage_threshold.filters.customer"))).AssertOk().Body["usage_threshold"]!;
        Assert.Equal("billing.meter", expanded["meter"]!["object"]!.GetValue<string>());
        Assert.Equal(customer, expanded["filters"]![0]!["customer"]!["id"]!.GetValue<string>());

        var otherMeter = await MeterAsync("other_call");
        var third = (await AlertAsync(otherMeter, 5)).AssertOk().Id;
        var all = (await _client.GetAsync("/v1/billing/alerts")).AssertOk().Body;
        Assert.Equal("/v1/billing/alerts", all["url"]!.GetValue<string>());
        Assert.Equal([third, one.Id, any["id"]!.GetValue<string>()], all["data"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        var ofMeter = (await _client.GetAsync("/v1/billing/alerts", ("meter", meter), ("limit", "1"))).AssertOk().Body;
        Assert.Equal([one.Id], ofMeter["data"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        Assert.True(ofMeter["has_more"]!.GetValue<bool>());

        // Archived alerts leave the list ("Lists billing active and inactive alerts") but can still be retrieved.
        (await _client.PostAsync($"/v1/billing/alerts/{third}/deactivate")).AssertOk();
        (await _client.PostAsync($"/v1/billing/alerts/{one.Id}/archive")).AssertOk();
        var after = (await _client.GetAsync("/v1/billing/alerts")).AssertOk().Body["data"]!.AsArray();
        Assert.Equal([third, any["id"]!.GetValue<string>()], after.Select(a => a!["id"]!.GetValue<string>()));
        Assert.Equal("inactive", after[0]!["status"]!.GetValue<string>());
        Assert.Equal("archived", (await _client.GetAsync($"/v1/billing/alerts/{one.Id}")).AssertOk().Body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_alert_parameters_are_refused_with_the_parameter_named_and_nothing_is_created()
    {
        var meter = await MeterAsync();
        var customer = await CustomerAsync();
        (await _client.PostAsync("/v1/billing/alerts", ("alert_type", "usage_threshold"), ("usage_threshold[gte]", "1"),
            ("usage_threshold[meter]", meter), ("usage_threshold[recurrence]", "one_time"))).AssertError(HttpStatusCode.BadRequest, "parameter_missing", "title");
        (await _client.PostAsync("/v1/billing/alerts", ("title", "t"), ("alert_type", "usage_threshold")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "usage_threshold");
        (await _client.PostAsync("/v1/billing/alerts", ("title", "t"), ("alert_type", "spend_threshold"), ("usage_threshold[gte]", "1"),
            ("usage_threshold[meter]", meter), ("usage_threshold[recurrence]", "one_time"))).AssertError(HttpStatusCode.BadRequest, param: "alert_type");
        (await _client.PostAsync("/v1/billing/alerts", ("title", "t"), ("alert_type", "usage_threshold"), ("usage_threshold[gte]", "1"),
            ("usage_threshold[meter]", meter), ("usage_threshold[recurrence]", "per_period"))).AssertError(HttpStatusCode.BadRequest, param: "usage_threshold[recurrence]");
        (await AlertAsync(meter, 1, title: new string('t', 257))).AssertError(HttpStatusCode.BadRequest, param: "title");
        (await AlertAsync(meter, 0)).AssertError(HttpStatusCode.BadRequest, param: "usage_threshold[gte]");
        var noMeter = (await AlertAsync("mtr_missing", 1)).AssertError(HttpStatusCode.NotFound, "resource_missing", "usage_threshold[meter]");
        Assert.Equal("No such billing meter: 'mtr_missing'", noMeter.ErrorMessage);
        (await AlertAsync(meter, 1, "cus_missing")).AssertError(HttpStatusCode.NotFound, "resource_missing", "usage_threshold[filters][0][customer]");
        (await _client.PostAsync("/v1/billing/alerts", ("title", "t"), ("alert_type", "usage_threshold"), ("usage_threshold[gte]", "1"),
            ("usage_threshold[meter]", meter), ("usage_threshold[recurrence]", "one_time"), ("usage_threshold[filters][0][type]", "customer")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "usage_threshold[filters][0][customer]");
        (await _client.PostAsync("/v1/billing/alerts", ("title", "t"), ("alert_type", "usage_threshold"), ("usage_threshold[gte]", "1"),
            ("usage_threshold[meter]", meter), ("usage_threshold[recurrence]", "one_time"),
            ("usage_threshold[filters][0][type]", "customer"), ("usage_threshold[filters][0][customer]", customer),
            ("usage_threshold[filters][1][type]", "customer"), ("usage_threshold[filters][1][customer]", customer)))
            .AssertError(HttpStatusCode.BadRequest, param: "usage_threshold[filters]");
        Assert.Empty((await _client.GetAsync("/v1/billing/alerts")).AssertOk().Body["data"]!.AsArray());
        (await _client.GetAsync("/v1/billing/alerts/alrt_missing")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        (await _client.PostAsync("/v1/billing/alerts/alrt_missing/deactivate")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
    }

    [Fact]
    public async Task At_most_25_alerts_per_meter_and_customer_count_and_archived_ones_do_not()
    {
        var meter = await MeterAsync();
        var customer = await CustomerAsync();
        var first = "";
        for (var i = 0; i < 25; i++)
        {
            var id = (await AlertAsync(meter, i + 1, customer)).AssertOk().Id;
            if (i == 0) first = id;
        }
        var refused = (await AlertAsync(meter, 99, customer)).AssertError(HttpStatusCode.BadRequest, param: "usage_threshold[meter]");
        Assert.Equal("You can create a maximum of 25 alerts for each combination of a specific meter and customer.", refused.ErrorMessage);
        // Another customer, and the meter's any-customer alerts, are other combinations.
        (await AlertAsync(meter, 99, await CustomerAsync())).AssertOk();
        (await AlertAsync(meter, 99)).AssertOk();
        (await _client.PostAsync($"/v1/billing/alerts/{first}/archive")).AssertOk();
        (await AlertAsync(meter, 99, customer)).AssertOk();
    }

    [Fact]
    public async Task Status_moves_repeat_harmlessly_and_an_archived_alert_stays_archived()
    {
        var meter = await MeterAsync();
        var id = (await AlertAsync(meter, 10)).AssertOk().Id;
        Assert.Equal("inactive", (await _client.PostAsync($"/v1/billing/alerts/{id}/deactivate")).AssertOk().Body["status"]!.GetValue<string>());
        Assert.Equal("inactive", (await _client.PostAsync($"/v1/billing/alerts/{id}/deactivate")).AssertOk().Body["status"]!.GetValue<string>());
        Assert.Equal("active", (await _client.PostAsync($"/v1/billing/alerts/{id}/activate")).AssertOk().Body["status"]!.GetValue<string>());
        Assert.Equal("active", (await _client.PostAsync($"/v1/billing/alerts/{id}/activate")).AssertOk().Body["status"]!.GetValue<string>());
        Assert.Equal("archived", (await _client.PostAsync($"/v1/billing/alerts/{id}/archive")).AssertOk().Body["status"]!.GetValue<string>());
        Assert.Equal("archived", (await _client.PostAsync($"/v1/billing/alerts/{id}/archive")).AssertOk().Body["status"]!.GetValue<string>());
        var activate = (await _client.PostAsync($"/v1/billing/alerts/{id}/activate")).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal($"The alert '{id}' is archived: an archived alert cannot be activated.", activate.ErrorMessage);
        (await _client.PostAsync($"/v1/billing/alerts/{id}/deactivate")).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("archived", (await _client.GetAsync($"/v1/billing/alerts/{id}")).AssertOk().Body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_alert_fires_once_per_customer_when_its_usage_reaches_the_threshold_counting_usage_from_before_the_alert()
    {
        var meter = await MeterAsync();
        var early = await CustomerAsync();
        var late = await CustomerAsync();
        await ReportAsync(early, 150);
        var alert = (await AlertAsync(meter, 100)).AssertOk().Body;
        var alertId = alert["id"]!.GetValue<string>();

        // Evaluated when usage is reported after the alert's creation, on all the customer's usage so far.
        Assert.Empty(await TriggeredAsync(early));
        await ReportAsync(early, 1);
        var fired = Assert.Single(await TriggeredAsync(early));
        Assert.Null(fired["data"]!["previous_attributes"]);
        var triggered = fired["data"]!["object"]!.AsObject();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$$"""
            {"object":"billing.alert_triggered","alert":{{{alert.ToJsonString()}}},"created":{{{triggered["created"]}}},"customer":"{{{early}}}","livemode":false,"value":151}
            """), triggered), triggered.ToJsonString());
        Assert.InRange(triggered["created"]!.GetValue<long>(), Now - 60, Now + 1);

        // Below the threshold: nothing; reaching it (gte): once; more usage: never again for that customer.
        await ReportAsync(late, 60);
        Assert.Empty(await TriggeredAsync(late));
        await ReportAsync(late, 40);
        Assert.Equal(100, Assert.Single(await TriggeredAsync(late))["data"]!["object"]!["value"]!.GetValue<long>());
        await ReportAsync(late, 500);
        await ReportAsync(early, 500);
        Assert.Single(await TriggeredAsync(late));
        Assert.Single(await TriggeredAsync(early));
        Assert.Equal(alertId, (await TriggeredAsync(late))[0]["data"]!["object"]!["alert"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_customer_filter_an_inactive_alert_canceled_usage_and_a_count_meter_are_respected()
    {
        var meter = await MeterAsync("calls", "count");
        var watched = await CustomerAsync();
        var other = await CustomerAsync();
        var filtered = (await AlertAsync(meter, 3, watched)).AssertOk().Id;

        // A count meter counts events, not values; another customer's usage never fires a filtered alert.
        await ReportAsync(other, 1, "calls");
        await ReportAsync(other, 1, "calls");
        await ReportAsync(other, 1, "calls");
        Assert.Empty(await TriggeredAsync(other));

        // Deactivated: it does not fire, and a canceled event counts nowhere.
        (await _client.PostAsync($"/v1/billing/alerts/{filtered}/deactivate")).AssertOk();
        await ReportAsync(watched, 1000, "calls");
        await ReportAsync(watched, 1000, "calls");
        (await _client.PostAsync("/v1/billing/meter_events", ("event_name", "calls"), ("payload[stripe_customer_id]", watched),
            ("identifier", "to-cancel"))).AssertOk();
        (await _client.PostAsync("/v1/billing/meter_event_adjustments", ("event_name", "calls"), ("type", "cancel"), ("cancel[identifier]", "to-cancel"))).AssertOk();
        Assert.Empty(await TriggeredAsync(watched));

        // Activated again: it fires on the customer's next event, its usage so far counted (2 + 1; the canceled one not).
        (await _client.PostAsync($"/v1/billing/alerts/{filtered}/activate")).AssertOk();
        await ReportAsync(watched, 1, "calls");
        Assert.Equal(4, await EventCountAsync(watched));
        var fired = Assert.Single(await TriggeredAsync(watched));
        Assert.Equal(3, fired["data"]!["object"]!["value"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_customer_on_a_test_clock_is_not_checked_as_on_Stripe()
    {
        var meter = await MeterAsync();
        var clock = (await _client.PostAsync("/v1/test_helpers/test_clocks", ("frozen_time", S(Now)))).AssertOk().Id;
        var onClock = await CustomerAsync(("test_clock", clock));
        (await AlertAsync(meter, 1)).AssertOk();
        await ReportAsync(onClock, 10);
        Assert.Empty(await TriggeredAsync(onClock));
        var wall = await CustomerAsync();
        await ReportAsync(wall, 10);
        Assert.Single(await TriggeredAsync(wall));
    }

    [Fact]
    public async Task Usage_reported_while_a_check_runs_is_never_left_unchecked()
    {
        // The guide's pattern, many times over: two reports back to back, the second crossing the threshold. Each pair
        // lands on one check or on two; either way the customer's alert must fire, once.
        var meter = await MeterAsync();
        (await AlertAsync(meter, 100)).AssertOk();
        var customers = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var customer = await CustomerAsync();
            customers.Add(customer);
            await ReportAsync(customer, 60);
            await ReportAsync(customer, 45);
        }
        foreach (var customer in customers)
            Assert.Equal(105, Assert.Single(await TriggeredAsync(customer))["data"]!["object"]!["value"]!.GetValue<long>());

        // Concurrent reports of one customer: one firing, with a value at the threshold or past it.
        var busy = await CustomerAsync();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => ReportAsync(busy, 10)));
        Assert.InRange(Assert.Single(await TriggeredAsync(busy))["data"]!["object"]!["value"]!.GetValue<long>(), 100, 160);
    }

    [Fact]
    public async Task A_check_that_finds_the_alert_inactive_filtered_away_or_already_fired_fires_nothing()
    {
        // Checks queued before a change (the trigger writes none after it): written here directly, as a meter event
        // racing the change would have left them.
        var meter = await MeterAsync();
        var fired = await CustomerAsync();
        var other = await CustomerAsync();
        var filtered = (await AlertAsync(meter, 10, fired)).AssertOk().Id;
        var any = (await AlertAsync(meter, 10)).AssertOk().Id;
        await ReportAsync(fired, 50);
        Assert.Equal(new[] { any, filtered }.Order(), (await TriggeredAsync(fired)).Select(e => e["data"]!["object"]!["alert"]!["id"]!.GetValue<string>()).Order());

        (await _client.PostAsync($"/v1/billing/alerts/{any}/deactivate")).AssertOk();
        await ReportAsync(other, 50);
        await QueueCheckAsync(meter, fired);
        await QueueCheckAsync(meter, other);
        Assert.Equal(2, (await TriggeredAsync(fired)).Count);
        Assert.Empty(await TriggeredAsync(other));

        (await _client.PostAsync($"/v1/billing/alerts/{any}/activate")).AssertOk();
        await QueueCheckAsync(meter, other);
        Assert.Equal(any, Assert.Single(await TriggeredAsync(other))["data"]!["object"]!["alert"]!["id"]!.GetValue<string>());
    }

    private async Task QueueCheckAsync(string meter, string customer)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO due_work (account_id, kind, object_id, due_at)
            SELECT account_id, 'billing_alert.check', @m || ':' || @c, 1 FROM customers WHERE id = @c;
            SELECT pg_notify('due_work', '');
            """, connection);
        insert.Parameters.AddWithValue("m", meter);
        insert.Parameters.AddWithValue("c", customer);
        await insert.ExecuteNonQueryAsync();
    }

    private async Task<long> EventCountAsync(string customer)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM billing_meter_events WHERE customer_id = @c", connection);
        count.Parameters.AddWithValue("c", customer);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
