using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.TestClocks;

namespace PaymentRecords.IntegrationTests.Meters;

/// <summary>POST /v1/billing/meter_event_adjustments over raw HTTP (docs/endpoints-billing-meters.md).</summary>
[Collection(ServerCollection.Name)]
public sealed class MeterEventAdjustmentTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private static string S(long v) => v.ToString(CultureInfo.InvariantCulture);

    private async Task<(string Meter, string Customer)> SetUpAsync(string? testClock = null)
    {
        var meter = (await _client.PostAsync("/v1/billing/meters", ("display_name", "API"), ("event_name", "api_call"),
            ("default_aggregation[formula]", "sum"))).AssertOk().Id;
        var customer = (await _client.PostAsync("/v1/customers", testClock is null ? [("email", "usage@example.com")] : [("test_clock", testClock)])).AssertOk().Id;
        return (meter, customer);
    }

    private Task<StripeResponse> EventAsync(string customer, long value, string identifier, long timestamp) =>
        _client.PostAsync("/v1/billing/meter_events", ("event_name", "api_call"), ("payload[stripe_customer_id]", customer),
            ("payload[value]", S(value)), ("identifier", identifier), ("timestamp", S(timestamp)));

    private Task<StripeResponse> CancelAsync(string identifier, string eventName = "api_call") =>
        _client.PostAsync("/v1/billing/meter_event_adjustments", ("event_name", eventName), ("type", "cancel"), ("cancel[identifier]", identifier));

    private async Task<long> TotalAsync(string meter, string customer, long start, long end) =>
        (await _client.GetAsync($"/v1/billing/meters/{meter}/event_summaries", ("customer", customer), ("start_time", S(start)), ("end_time", S(end))))
            .AssertOk().Body["data"]![0]!["aggregated_value"]!.GetValue<long>();

    private static long HourStart(long t) => t - t % 3600;

    [Fact]
    public async Task A_canceled_event_is_answered_as_Stripe_renders_the_adjustment_and_no_summary_counts_it()
    {
        var (meter, customer) = await SetUpAsync();
        var t = Now - 60;
        (await EventAsync(customer, 5, "kept", t)).AssertOk();
        (await EventAsync(customer, 100, "sent-in-error", t)).AssertOk();
        Assert.Equal(105, await TotalAsync(meter, customer, HourStart(t), HourStart(t) + 3600));

        var body = (await CancelAsync("sent-in-error")).AssertOk().Body;
        // Stripe's v1 object: no id, status pending (what Stripe answers to every create).
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"object":"billing.meter_event_adjustment","cancel":{"identifier":"sent-in-error"},"event_name":"api_call","livemode":false,"status":"pending","type":"cancel"}
            """), body));
        Assert.Equal(5, await TotalAsync(meter, customer, HourStart(t), HourStart(t) + 3600));

        // Canceling it again changes nothing; its identifier stays taken.
        (await CancelAsync("sent-in-error")).AssertOk();
        Assert.Equal(5, await TotalAsync(meter, customer, HourStart(t), HourStart(t) + 3600));
        var repeat = (await EventAsync(customer, 100, "sent-in-error", t)).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("An event already exists with identifier sent-in-error", repeat.ErrorMessage);
    }

    [Fact]
    public async Task An_adjustment_naming_no_event_of_that_name_or_no_identifier_is_refused_and_cancels_nothing()
    {
        var (meter, customer) = await SetUpAsync();
        var t = Now - 60;
        (await EventAsync(customer, 7, "e1", t)).AssertOk();

        var unknown = (await CancelAsync("never-sent")).AssertError(HttpStatusCode.NotFound, "resource_missing", "cancel[identifier]");
        Assert.Equal("No meter event with identifier 'never-sent' and event_name 'api_call' was found.", unknown.ErrorMessage);
        (await CancelAsync("e1", eventName: "other_call")).AssertError(HttpStatusCode.NotFound, "resource_missing", "cancel[identifier]");
        (await _client.PostAsync("/v1/billing/meter_event_adjustments", ("event_name", "api_call"), ("type", "cancel")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "cancel[identifier]");
        (await _client.PostAsync("/v1/billing/meter_event_adjustments", ("event_name", "api_call"), ("type", "cancel_range"), ("cancel[identifier]", "e1")))
            .AssertError(HttpStatusCode.BadRequest, param: "type");
        (await _client.PostAsync("/v1/billing/meter_event_adjustments", ("type", "cancel"), ("cancel[identifier]", "e1")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "event_name");
        (await CancelAsync(new string('x', 101))).AssertError(HttpStatusCode.BadRequest, param: "cancel[identifier]");

        Assert.Equal(7, await TotalAsync(meter, customer, HourStart(t), HourStart(t) + 3600));
        // Another account's event is not this account's to cancel.
        (await fixture.Client().PostAsync("/v1/billing/meter_event_adjustments", ("event_name", "api_call"), ("type", "cancel"), ("cancel[identifier]", "e1")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "cancel[identifier]");
        Assert.Equal(7, await TotalAsync(meter, customer, HourStart(t), HourStart(t) + 3600));
    }

    [Fact]
    public async Task The_24_hours_run_from_the_events_receipt_by_the_wall_clock_also_on_a_test_clock()
    {
        var clocks = new ClockKit(_client);
        var at = new DateTimeOffset(2027, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = await clocks.ClockAsync(at);
        var (meter, customer) = await SetUpAsync(clock);
        var frozen = at.ToUnixTimeSeconds();
        (await EventAsync(customer, 3, "reported", frozen - 3600)).AssertOk();
        (await EventAsync(customer, 4, "kept", frozen - 3600)).AssertOk();
        (await EventAsync(customer, 5, "received-yesterday", frozen - 3600)).AssertOk();

        // A month on the clock is seconds of real time: Stripe received the event moments ago, so it may be canceled.
        await clocks.AdvanceAsync(clock, at.AddMonths(1));
        (await CancelAsync("reported")).AssertOk();

        // An event received 25 hours ago (its receipt moved back in the database: the test cannot wait a day).
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var age = new NpgsqlCommand("UPDATE billing_meter_events SET received_at = received_at - 25 * 3600 WHERE identifier = 'received-yesterday' AND customer_id = @c", connection);
            age.Parameters.AddWithValue("c", customer);
            Assert.Equal(1, await age.ExecuteNonQueryAsync());
        }
        var late = (await CancelAsync("received-yesterday")).AssertError(HttpStatusCode.BadRequest, param: "cancel[identifier]");
        Assert.Null(late.ErrorCode);
        Assert.Equal("The meter event with identifier 'received-yesterday' can no longer be canceled: you can only cancel events within 24 hours of Stripe receiving them.",
            late.ErrorMessage);
        Assert.Equal(9, await TotalAsync(meter, customer, HourStart(frozen) - 3600, HourStart(frozen) + 3600));
    }

    [Fact]
    public async Task Concurrent_cancels_of_one_event_all_answer_and_it_is_taken_out_once()
    {
        var (meter, customer) = await SetUpAsync();
        var t = Now - 60;
        (await EventAsync(customer, 2, "a", t)).AssertOk();
        (await EventAsync(customer, 9, "b", t)).AssertOk();
        var answers = await Race.AllAtOnceAsync(Enumerable.Range(0, 8).Select(_ => (Func<Task<StripeResponse>>)(() => CancelAsync("b"))));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(2, await TotalAsync(meter, customer, HourStart(t), HourStart(t) + 3600));
    }
}
