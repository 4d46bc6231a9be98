using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.PaymentRecords.Reports;

namespace PaymentRecords.IntegrationTests.PaymentRecords;

/// <summary>The attempt state machine: report_payment_attempt{,_guaranteed,_failed,_canceled,_informational}.</summary>
[Collection(ServerCollection.Name)]
public sealed class PaymentAttemptTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private async Task<string> InitiatedAsync(long value = 1000) => (await ReportAsync(_client, Payment(value))).Id;

    [Theory]
    [InlineData("guaranteed")]
    [InlineData("failed")]
    [InlineData("canceled")]
    public async Task The_latest_attempt_moves_from_initiated_exactly_once(string outcome)
    {
        var id = await InitiatedAsync(800);
        var r = (await OutcomeAsync(_client, id, outcome)).AssertOk().Body;
        AssertAmounts(r, 800,
            authorized: outcome == "guaranteed" ? 800 : 0,
            canceled: outcome == "canceled" ? 800 : 0,
            failed: outcome == "failed" ? 800 : 0,
            guaranteed: outcome == "guaranteed" ? 800 : 0,
            refunded: 0, requested: 800);
        var attempt = Str(r["latest_payment_attempt_record"]);
        foreach (var next in new[] { "guaranteed", "failed", "canceled" })
        {
            var param = next == "guaranteed" ? "guaranteed_at" : next == "failed" ? "failed_at" : "canceled_at";
            var error = (await OutcomeAsync(_client, id, next)).AssertError(HttpStatusCode.BadRequest, param: param);
            Assert.Equal("invalid_request_error", Str(error.Error["type"]));
            Assert.Contains($"is already {outcome}", error.ErrorMessage);
            Assert.Contains(attempt, error.ErrorMessage);
        }
        var after = (await _client.GetAsync($"/v1/payment_records/{id}")).AssertOk().Body;
        Assert.Equal(r.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task Outcomes_on_an_unknown_record_are_404()
    {
        foreach (var outcome in new[] { "guaranteed", "failed", "canceled" })
            (await OutcomeAsync(_client, "pr_missing", outcome)).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        (await _client.PostAsync("/v1/payment_records/pr_missing/report_payment_attempt", ("initiated_at", "1")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        (await _client.PostAsync("/v1/payment_records/pr_missing/report_refund", Refund("x")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        (await _client.PostAsync("/v1/payment_records/pr_missing/report_payment_attempt_informational", ("description", "x")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
    }

    [Fact]
    public async Task Outcome_metadata_merges_into_the_record()
    {
        var id = (await ReportAsync(_client, Payment(extra: [("metadata[a]", "1"), ("metadata[b]", "2")]))).Id;
        var r = (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt_failed",
            ("failed_at", "1730000100"), ("metadata[b]", ""), ("metadata[c]", "3"))).AssertOk().Body;
        Assert.Equal("""{"a":"1","c":"3"}""", r["metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task A_new_attempt_only_after_the_latest_failed_or_was_canceled()
    {
        var id = await InitiatedAsync();
        var initiated = (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt", ("initiated_at", "1730000200")))
            .AssertError(HttpStatusCode.BadRequest, param: "initiated_at");
        Assert.Contains("is initiated", initiated.ErrorMessage);

        var first = Str((await OutcomeAsync(_client, id, "canceled")).AssertOk().Body["latest_payment_attempt_record"]);
        var second = (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt", ("initiated_at", "1730000200"),
            ("description", "retry by card"), ("metadata[try]", "2"))).AssertOk().Body;
        Assert.NotEqual(first, Str(second["latest_payment_attempt_record"]));
        Assert.Equal("retry by card", Str(second["description"]));
        AssertAmounts(second, 1000, 0, 0, 0, 0, 0, 1000);

        var third = (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt", ("initiated_at", "1730000300"),
            ("outcome", "guaranteed"), ("guaranteed[guaranteed_at]", "1730000301")))
            .AssertError(HttpStatusCode.BadRequest, param: "initiated_at");
        Assert.Contains("failed or was canceled", third.ErrorMessage);

        (await OutcomeAsync(_client, id, "failed")).AssertOk();
        var guaranteed = (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt", ("initiated_at", "1730000300"),
            ("outcome", "guaranteed"), ("guaranteed[guaranteed_at]", "1730000301"),
            ("payment_method_details[type]", "custom"), ("payment_method_details[custom][display_name]", "Card (Adyen)"))).AssertOk().Body;
        AssertAmounts(guaranteed, 1000, 1000, 0, 0, 1000, 0, 1000);
        Assert.Equal("Card (Adyen)", Str(guaranteed["payment_method_details"]!["custom"]!["display_name"]));

        (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt", ("initiated_at", "1730000400")))
            .AssertError(HttpStatusCode.BadRequest, param: "initiated_at");
        var attempts = (await _client.GetAsync("/v1/payment_attempt_records", ("payment_record", id))).AssertOk().Body["data"]!.AsArray();
        Assert.Equal(["guaranteed-attempt", "failed", "canceled"],
            attempts.Select(a => a!["amount_guaranteed"]!["value"]!.GetValue<long>() > 0 ? "guaranteed-attempt"
                : a["amount_failed"]!["value"]!.GetValue<long>() > 0 ? "failed" : "canceled"));
    }

    [Fact]
    public async Task The_record_shows_the_processor_details_of_its_latest_attempt()
    {
        var id = (await ReportAsync(_client, Payment(1000, "usd", ("processor_details[type]", "custom"),
            ("processor_details[custom][payment_reference]", "wire-1")))).Id;
        Assert.Equal("wire-1", Str((await _client.GetAsync($"/v1/payment_records/{id}")).AssertOk().Body["processor_details"]!["custom"]!["payment_reference"]));
        (await OutcomeAsync(_client, id, "failed")).AssertOk();

        // A new attempt has no payment_reference (report_payment_attempt has no processor_details parameter): the
        // record, which shows its latest attempt, agrees with it.
        var record = (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt", ("initiated_at", "1730000200"))).AssertOk().Body;
        var attempt = (await _client.GetAsync($"/v1/payment_attempt_records/{Str(record["latest_payment_attempt_record"])}")).AssertOk().Body;
        const string none = """{"custom":{"payment_reference":null},"type":"custom"}""";
        Assert.Equal(none, attempt["processor_details"]!.ToJsonString());
        Assert.Equal(none, record["processor_details"]!.ToJsonString());
        Assert.Equal(none, (await _client.GetAsync($"/v1/payment_records/{id}")).AssertOk().Body["processor_details"]!.ToJsonString());
        // The first attempt keeps its own.
        var attempts = (await _client.GetAsync("/v1/payment_attempt_records", ("payment_record", id))).AssertOk().Body["data"]!.AsArray();
        Assert.Equal(["wire-1"], attempts.Select(a => a!["processor_details"]!["custom"]!["payment_reference"]?.GetValue<string>())
            .OfType<string>());
    }

    [Fact]
    public async Task A_new_attempt_checks_its_outcome_details_and_payment_method()
    {
        var id = await InitiatedAsync();
        (await OutcomeAsync(_client, id, "failed")).AssertOk();
        (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt", ("initiated_at", "1"), ("outcome", "guaranteed")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "guaranteed[guaranteed_at]");
        (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt", ("initiated_at", "1"),
                ("payment_method_details[payment_method]", "pm_x")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "payment_method_details[payment_method]");
        var failed = (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt", ("initiated_at", "1"),
            ("outcome", "failed"), ("failed[failed_at]", "2"))).AssertOk().Body;
        AssertAmounts(failed, 1000, 0, 0, 1000, 0, 0, 1000);
    }

    [Fact]
    public async Task Informational_updates_only_descriptive_fields()
    {
        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var id = (await ReportAsync(_client, Guaranteed(500, ("description", "before"), ("customer_details[email]", "a@example.com")))).Id;
        var r = (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt_informational",
            ("description", "after"), ("customer_details[customer]", customer), ("customer_details[name]", "Ann"),
            ("shipping_details[name]", "Ann"), ("metadata[k]", "v"))).AssertOk().Body;
        Assert.Equal("after", Str(r["description"]));
        Assert.Equal($$"""{"customer":"{{customer}}","email":"a@example.com","name":"Ann","phone":null}""", r["customer_details"]!.ToJsonString());
        Assert.Equal("Ann", Str(r["shipping_details"]!["name"]));
        Assert.Equal("v", Str(r["metadata"]!["k"]));
        AssertAmounts(r, 500, 500, 0, 0, 500, 0, 500);

        var cleared = (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt_informational",
            ("description", ""), ("shipping_details", ""))).AssertOk().Body;
        Assert.Null(cleared["description"]);
        Assert.Null(cleared["shipping_details"]);

        (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt_informational", ("customer_details[customer]", "cus_nope")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "customer_details[customer]");
        var attempt = (await _client.GetAsync($"/v1/payment_attempt_records/{Str(r["latest_payment_attempt_record"])}")).AssertOk().Body;
        Assert.Null(attempt["description"]);
        Assert.Equal("Ann", Str(attempt["customer_details"]!["name"]));
    }
}
