using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Meters;

/// <summary>POST /v1/billing/meter_events and the event summaries over raw HTTP (docs/endpoints-billing-meters.md).</summary>
[Collection(ServerCollection.Name)]
public sealed class MeterEventTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private async Task<(string Meter, string Customer)> SetUpAsync(string formula = "sum", string eventName = "api_call")
    {
        var meter = (await _client.PostAsync("/v1/billing/meters", ("display_name", "API"), ("event_name", eventName),
            ("default_aggregation[formula]", formula))).AssertOk().Id;
        var customer = (await _client.PostAsync("/v1/customers", ("email", "usage@example.com"))).AssertOk().Id;
        return (meter, customer);
    }

    private Task<StripeResponse> EventAsync(string customer, string value, string? identifier = null, long? timestamp = null, string eventName = "api_call")
    {
        var form = new List<(string, string)> { ("event_name", eventName), ("payload[stripe_customer_id]", customer), ("payload[value]", value) };
        if (identifier is not null) form.Add(("identifier", identifier));
        if (timestamp is not null) form.Add(("timestamp", timestamp.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return _client.PostAsync("/v1/billing/meter_events", [.. form]);
    }

    private async Task<long> TotalAsync(string meter, string customer, long start, long end) =>
        (await _client.GetAsync($"/v1/billing/meters/{meter}/event_summaries", ("customer", customer), ("start_time", start.ToString()), ("end_time", end.ToString())))
            .AssertOk().Body["data"]![0]!["aggregated_value"]!.GetValue<long>();

    private static long HourStart(long t) => t - t % 3600;

    [Fact]
    public async Task An_event_is_recorded_as_Stripe_renders_it_and_an_identifier_is_generated_when_none_is_given()
    {
        var (_, customer) = await SetUpAsync();
        var before = Now;
        var body = (await EventAsync(customer, "25")).AssertOk().Body;
        Assert.Equal("billing.meter_event", body["object"]!.GetValue<string>());
        Assert.Equal("api_call", body["event_name"]!.GetValue<string>());
        Assert.False(body["livemode"]!.GetValue<bool>());
        Assert.Equal(customer, body["payload"]!["stripe_customer_id"]!.GetValue<string>());
        Assert.Equal("25", body["payload"]!["value"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["identifier"]!.GetValue<string>()));
        Assert.InRange(body["timestamp"]!.GetValue<long>(), before, Now);
        Assert.Null(body["id"]);
    }

    [Fact]
    public async Task A_sum_past_the_largest_64_bit_integer_is_capped_not_a_server_error()
    {
        var (meter, customer) = await SetUpAsync();
        var t = Now - 60;
        for (var i = 0; i < 10; i++) (await EventAsync(customer, "999999999999999999", timestamp: t)).AssertOk();
        Assert.Equal(long.MaxValue, await TotalAsync(meter, customer, HourStart(t), HourStart(t) + 3600));
    }

    [Fact]
    public async Task A_repeated_identifier_is_refused_as_Stripe_does_and_counted_once()
    {
        var (meter, customer) = await SetUpAsync();
        var t = Now - 60;
        (await EventAsync(customer, "5", "req-1", t)).AssertOk();
        var repeat = (await EventAsync(customer, "5", "req-1", t)).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("An event already exists with identifier req-1", repeat.ErrorMessage);
        Assert.Null(repeat.ErrorCode);
        Assert.Equal("invalid_request_error", repeat.Error["type"]!.GetValue<string>());
        Assert.Equal(5, await TotalAsync(meter, customer, HourStart(t) - 3600, HourStart(t) + 7200));
    }

    [Fact]
    public async Task Concurrent_events_with_one_identifier_are_counted_once_and_the_others_get_the_duplicate_error()
    {
        var (meter, customer) = await SetUpAsync();
        var t = Now - 60;
        var answers = await Race.AllAtOnceAsync(Enumerable.Range(0, 16).Select(_ => (Func<Task<StripeResponse>>)(() => EventAsync(customer, "7", "same", t))));
        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, a.Status);
            Assert.StartsWith("An event already exists with", a.ErrorMessage);
        });
        Assert.Equal(7, await TotalAsync(meter, customer, HourStart(t) - 3600, HourStart(t) + 7200));
    }

    [Fact]
    public async Task The_timestamp_must_lie_within_35_days_back_and_5_minutes_ahead()
    {
        var (_, customer) = await SetUpAsync();
        (await EventAsync(customer, "1", timestamp: Now - 34 * 86400)).AssertOk();
        (await EventAsync(customer, "1", timestamp: Now + 120)).AssertOk();
        (await EventAsync(customer, "1", timestamp: Now - 36 * 86400)).AssertError(HttpStatusCode.BadRequest, param: "timestamp");
        (await EventAsync(customer, "1", timestamp: Now + 600)).AssertError(HttpStatusCode.BadRequest, param: "timestamp");
    }

    [Fact]
    public async Task A_test_clock_customers_window_is_the_clocks_time()
    {
        await SetUpAsync();
        var frozen = new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var clock = (await _client.PostAsync("/v1/test_helpers/test_clocks", ("frozen_time", frozen.ToString()))).AssertOk().Id;
        var customer = (await _client.PostAsync("/v1/customers", ("test_clock", clock))).AssertOk().Id;
        // Months ahead of the wall clock, but a day before the clock's time.
        (await EventAsync(customer, "3", timestamp: frozen - 86400)).AssertOk();
        // Today by the wall clock is months before the clock's time: outside its 35 days.
        (await EventAsync(customer, "3", timestamp: Now)).AssertError(HttpStatusCode.BadRequest, param: "timestamp");
        var defaulted = (await EventAsync(customer, "3")).AssertOk().Body;
        Assert.Equal(frozen, defaulted["timestamp"]!.GetValue<long>());
    }

    [Fact]
    public async Task Events_naming_no_meter_no_customer_or_a_value_that_is_not_whole_are_refused()
    {
        var (_, customer) = await SetUpAsync();
        (await EventAsync(customer, "1", eventName: "nope")).AssertError(HttpStatusCode.BadRequest, param: "event_name");
        (await EventAsync("cus_missing", "1")).AssertError(HttpStatusCode.NotFound, "resource_missing", "payload[stripe_customer_id]");
        (await EventAsync(customer, "1.5")).AssertError(HttpStatusCode.BadRequest, param: "payload[value]");
        (await EventAsync(customer, "-2")).AssertError(HttpStatusCode.BadRequest, param: "payload[value]");
        (await _client.PostAsync("/v1/billing/meter_events", ("event_name", "api_call"), ("payload[value]", "1")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "payload[stripe_customer_id]");
        (await _client.PostAsync("/v1/billing/meter_events", ("event_name", "api_call"), ("payload[stripe_customer_id]", customer)))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "payload[value]");
    }

    [Fact]
    public async Task A_deactivated_meter_accepts_no_events()
    {
        var (meter, customer) = await SetUpAsync();
        (await _client.PostAsync($"/v1/billing/meters/{meter}/deactivate")).AssertOk();
        (await EventAsync(customer, "1")).AssertError(HttpStatusCode.BadRequest, param: "event_name");
    }

    [Fact]
    public async Task A_meter_deactivated_or_a_customer_deleted_after_earlier_events_refuses_the_next_one()
    {
        // Earlier events let the server answer later ones from memory; its guard still sees the change.
        var (meter, customer) = await SetUpAsync();
        (await EventAsync(customer, "1")).AssertOk();
        (await EventAsync(customer, "1")).AssertOk();
        (await _client.PostAsync($"/v1/billing/meters/{meter}/deactivate")).AssertOk();
        (await EventAsync(customer, "1")).AssertError(HttpStatusCode.BadRequest, param: "event_name");
        (await _client.PostAsync($"/v1/billing/meters/{meter}/reactivate")).AssertOk();
        (await EventAsync(customer, "1")).AssertOk();
        (await _client.DeleteAsync($"/v1/customers/{customer}")).AssertOk();
        (await EventAsync(customer, "1")).AssertError(HttpStatusCode.NotFound, "resource_missing", "payload[stripe_customer_id]");
        (await _client.PostAsync($"/v1/billing/meters/{meter}/deactivate")).AssertOk();
        var other = (await _client.PostAsync("/v1/customers", ("email", "b@example.com"))).AssertOk().Id;
        var newMeter = (await _client.PostAsync("/v1/billing/meters", ("display_name", "API 2"), ("event_name", "api_call"),
            ("default_aggregation[formula]", "sum"))).AssertOk().Id;
        (await EventAsync(other, "4")).AssertOk();
        var t = Now;
        Assert.Equal(4, await TotalAsync(newMeter, other, HourStart(t) - 3600, HourStart(t) + 3600));
        Assert.Equal(0, await TotalAsync(meter, other, HourStart(t) - 3600, HourStart(t) + 3600));
    }

    [Fact]
    public async Task Summaries_aggregate_by_the_meters_formula_per_hour_newest_first()
    {
        var (sumMeter, customer) = await SetUpAsync("sum", "tokens");
        var countMeter = (await _client.PostAsync("/v1/billing/meters", ("display_name", "n"), ("event_name", "calls"), ("default_aggregation[formula]", "count"))).AssertOk().Id;
        var lastMeter = (await _client.PostAsync("/v1/billing/meters", ("display_name", "s"), ("event_name", "seats"), ("default_aggregation[formula]", "last"))).AssertOk().Id;
        var h = HourStart(Now) - 3 * 3600;
        foreach (var (at, v) in new[] { (h + 10, "4"), (h + 20, "6"), (h + 3600 + 5, "9") })
        {
            (await EventAsync(customer, v, timestamp: at, eventName: "tokens")).AssertOk();
            (await EventAsync(customer, v, timestamp: at, eventName: "calls")).AssertOk();
            (await EventAsync(customer, v, timestamp: at, eventName: "seats")).AssertOk();
        }
        async Task<List<(long Start, long End, long Value)>> HourlyAsync(string meter)
        {
            var body = (await _client.GetAsync($"/v1/billing/meters/{meter}/event_summaries", ("customer", customer), ("start_time", h.ToString()),
                ("end_time", (h + 3 * 3600).ToString()), ("value_grouping_window", "hour"))).AssertOk().Body;
            Assert.All(body["data"]!.AsArray(), s => Assert.Equal("billing.meter_event_summary", s!["object"]!.GetValue<string>()));
            return body["data"]!.AsArray().Select(s => (s!["start_time"]!.GetValue<long>(), s["end_time"]!.GetValue<long>(), s["aggregated_value"]!.GetValue<long>())).ToList();
        }
        Assert.Equal([(h + 7200, h + 10800, 0), (h + 3600, h + 7200, 9), (h, h + 3600, 10)], await HourlyAsync(sumMeter));
        Assert.Equal([(h + 7200, h + 10800, 0), (h + 3600, h + 7200, 1), (h, h + 3600, 2)], await HourlyAsync(countMeter));
        Assert.Equal([(h + 7200, h + 10800, 0), (h + 3600, h + 7200, 9), (h, h + 3600, 6)], await HourlyAsync(lastMeter));
        Assert.Equal(19, await TotalAsync(sumMeter, customer, h, h + 3 * 3600));

        (await _client.GetAsync($"/v1/billing/meters/{sumMeter}/event_summaries", ("customer", customer), ("start_time", (h + 1).ToString()),
            ("end_time", (h + 3600).ToString()))).AssertError(HttpStatusCode.BadRequest, param: "start_time");
        (await _client.GetAsync($"/v1/billing/meters/{sumMeter}/event_summaries", ("customer", customer), ("start_time", (h + 60).ToString()),
            ("end_time", (h + 3600).ToString()), ("value_grouping_window", "hour"))).AssertError(HttpStatusCode.BadRequest, param: "start_time");
        (await _client.GetAsync("/v1/billing/meters/mtr_missing/event_summaries", ("customer", customer), ("start_time", h.ToString()),
            ("end_time", (h + 3600).ToString()))).AssertError(HttpStatusCode.NotFound, "resource_missing");
    }
}
