using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.PaymentRecords.Reports;

namespace PaymentRecords.IntegrationTests.PaymentRecords;

/// <summary>POST /v1/payment_records/report_payment and GET /v1/payment_records/{id}.</summary>
[Collection(ServerCollection.Name)]
public sealed class ReportPaymentTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [Fact]
    public async Task Without_an_outcome_the_record_is_initiated()
    {
        var r = (await ReportAsync(_client, Payment(1500))).Body;
        Assert.StartsWith("pr_", Str(r["id"]));
        Assert.Equal("payment_record", Str(r["object"]));
        Assert.StartsWith("par_", Str(r["latest_payment_attempt_record"]));
        AssertAmounts(r, amount: 1500, authorized: 0, canceled: 0, failed: 0, guaranteed: 0, refunded: 0, requested: 1500);
        Assert.Null(r["application"]);
        Assert.Null(r["customer_details"]);
        Assert.Null(r["customer_presence"]);
        Assert.Null(r["description"]);
        Assert.Null(r["shipping_details"]);
        Assert.False(r["livemode"]!.GetValue<bool>());
        Assert.Empty(r["metadata"]!.AsObject());
        var pmd = r["payment_method_details"]!;
        Assert.Equal("custom", Str(pmd["type"]));
        Assert.Equal("Bank wire (ACME)", Str(pmd["custom"]!["display_name"]));
        Assert.Equal("cpmt_1QFxTbLkdIwHu7ix", Str(pmd["custom"]!["type"]));
        Assert.Null(pmd["payment_method"]);
        Assert.Null(pmd["billing_details"]);
        Assert.Equal("""{"custom":{"payment_reference":null},"type":"custom"}""", r["processor_details"]!.ToJsonString());
    }

    [Fact]
    public async Task Outcome_guaranteed_or_failed_is_applied_at_once()
    {
        var g = (await ReportAsync(_client, Guaranteed(2000))).Body;
        AssertAmounts(g, 2000, authorized: 2000, canceled: 0, failed: 0, guaranteed: 2000, refunded: 0, requested: 2000);
        var f = (await ReportAsync(_client, Payment(700, "usd", ("outcome", "failed"), ("failed[failed_at]", "1730000100")))).Body;
        AssertAmounts(f, 700, authorized: 0, canceled: 0, failed: 700, guaranteed: 0, refunded: 0, requested: 700);
    }

    [Fact]
    public async Task Outcome_and_its_details_must_match()
    {
        (await _client.PostAsync("/v1/payment_records/report_payment", Payment(extra: ("outcome", "guaranteed"))))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "guaranteed[guaranteed_at]");
        (await _client.PostAsync("/v1/payment_records/report_payment", Payment(extra: ("outcome", "failed"))))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "failed[failed_at]");
        var mismatch = (await _client.PostAsync("/v1/payment_records/report_payment",
            Payment(extra: [("outcome", "failed"), ("failed[failed_at]", "1"), ("guaranteed[guaranteed_at]", "1")])))
            .AssertError(HttpStatusCode.BadRequest, param: "guaranteed");
        Assert.Contains("outcome is failed", mismatch.ErrorMessage);
        (await _client.PostAsync("/v1/payment_records/report_payment", Payment(extra: ("failed[failed_at]", "1"))))
            .AssertError(HttpStatusCode.BadRequest, param: "failed");
        (await _client.PostAsync("/v1/payment_records/report_payment", Payment(extra: ("outcome", "canceled"))))
            .AssertError(HttpStatusCode.BadRequest, param: "outcome");
    }

    [Fact]
    public async Task Missing_required_currency_is_parameter_missing()
    {
        var r = (await _client.PostAsync("/v1/payment_records/report_payment",
                ("amount_requested[value]", "1000"), ("initiated_at", InitiatedAt), ("payment_method_details[type]", "custom")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "amount_requested[currency]");
        Assert.Equal("Missing required param: amount_requested[currency].", r.ErrorMessage);
        Assert.Equal("invalid_request_error", Str(r.Error["type"]));
        (await _client.PostAsync("/v1/payment_records/report_payment", ("amount_requested[currency]", "usd"), ("amount_requested[value]", "1")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "initiated_at");
    }

    [Theory]
    [InlineData("0", "amount_too_small")]
    [InlineData("-5", "amount_too_small")]
    [InlineData("100000000", "amount_too_large")]
    public async Task Requested_amount_must_be_positive_and_within_Stripes_limit(string value, string code)
    {
        var form = Payment().Where(p => p.Item1 != "amount_requested[value]").Append(("amount_requested[value]", value)).ToArray();
        (await _client.PostAsync("/v1/payment_records/report_payment", form))
            .AssertError(HttpStatusCode.BadRequest, code, "amount_requested[value]");
    }

    [Fact]
    public async Task Largest_amount_is_accepted_and_currency_comes_from_the_shared_table()
    {
        var r = (await ReportAsync(_client, Payment(99_999_999, "EUR"))).Body;
        AssertAmounts(r, 99_999_999, 0, 0, 0, 0, 0, 99_999_999, "eur");
        (await _client.PostAsync("/v1/payment_records/report_payment", Payment(100, "xyz")))
            .AssertError(HttpStatusCode.BadRequest, param: "amount_requested[currency]");
    }

    [Fact]
    public async Task A_payment_method_id_is_not_held_so_it_is_404_on_that_param()
    {
        var r = (await _client.PostAsync("/v1/payment_records/report_payment",
                Payment(extra: ("payment_method_details[payment_method]", "pm_123"))))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "payment_method_details[payment_method]");
        Assert.Equal("No such PaymentMethod: 'pm_123'", r.ErrorMessage);
    }

    [Fact]
    public async Task Payment_method_details_need_a_type_or_custom_details()
    {
        (await _client.PostAsync("/v1/payment_records/report_payment",
                ("amount_requested[currency]", "usd"), ("amount_requested[value]", "100"), ("initiated_at", InitiatedAt),
                ("payment_method_details[billing_details][name]", "Jenny")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "payment_method_details[type]");
        var onlyCustom = (await ReportAsync(_client,
            ("amount_requested[currency]", "usd"), ("amount_requested[value]", "100"), ("initiated_at", InitiatedAt),
            ("payment_method_details[custom][type]", "cpmt_abc"))).Body;
        Assert.Equal("custom", Str(onlyCustom["payment_method_details"]!["type"]));
        Assert.Equal("", Str(onlyCustom["payment_method_details"]!["custom"]!["display_name"]));
    }

    [Fact]
    public async Task Descriptive_fields_are_echoed_in_Stripes_shapes()
    {
        var customer = (await _client.PostAsync("/v1/customers", ("email", "jenny@example.com"))).AssertOk().Id;
        var r = (await ReportAsync(_client, Payment(1500, "usd",
            ("customer_details[customer]", customer), ("customer_details[email]", "jenny@example.com"),
            ("customer_details[name]", "Jenny Rosen"), ("customer_presence", "on_session"), ("description", "Invoice 0001"),
            ("metadata[order]", "42"), ("processor_details[type]", "custom"), ("processor_details[custom][payment_reference]", "wire-001"),
            ("shipping_details[name]", "Jenny"), ("shipping_details[address][city]", "Berlin"), ("shipping_details[address][country]", "DE"),
            ("payment_method_details[billing_details][name]", "Jenny Rosen"), ("payment_method_details[billing_details][address][line1]", "Main St 1")))).Body;
        Assert.Equal($$"""{"customer":"{{customer}}","email":"jenny@example.com","name":"Jenny Rosen","phone":null}""", r["customer_details"]!.ToJsonString());
        Assert.Equal("on_session", Str(r["customer_presence"]));
        Assert.Equal("Invoice 0001", Str(r["description"]));
        Assert.Equal("42", Str(r["metadata"]!["order"]));
        Assert.Equal("wire-001", Str(r["processor_details"]!["custom"]!["payment_reference"]));
        Assert.Equal("""{"address":{"city":"Berlin","country":"DE","line1":null,"line2":null,"postal_code":null,"state":null},"name":"Jenny","phone":null}""",
            r["shipping_details"]!.ToJsonString());
        Assert.Equal("""{"address":{"city":null,"country":null,"line1":"Main St 1","line2":null,"postal_code":null,"state":null},"email":null,"name":"Jenny Rosen","phone":null}""",
            r["payment_method_details"]!["billing_details"]!.ToJsonString());
        var fetched = (await _client.GetAsync($"/v1/payment_records/{Str(r["id"])}")).AssertOk();
        Assert.Equal(r.ToJsonString(), fetched.Body.ToJsonString());
    }

    [Fact]
    public async Task Customer_must_exist_in_the_same_account()
    {
        var other = (await fixture.Client().PostAsync("/v1/customers")).AssertOk().Id;
        var r = (await _client.PostAsync("/v1/payment_records/report_payment", Payment(extra: ("customer_details[customer]", other))))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "customer_details[customer]");
        Assert.Equal($"No such customer: '{other}'", r.ErrorMessage);
        var deleted = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        (await _client.DeleteAsync($"/v1/customers/{deleted}")).AssertOk();
        (await _client.PostAsync("/v1/payment_records/report_payment", Payment(extra: ("customer_details[customer]", deleted))))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "customer_details[customer]");
    }

    [Fact]
    public async Task Retrieve_unknown_or_another_accounts_record_is_404()
    {
        var r = (await _client.GetAsync("/v1/payment_records/pr_missing")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        Assert.Equal("No such payment_record: 'pr_missing'", r.ErrorMessage);
        var theirs = (await ReportAsync(fixture.Client(), Payment())).Id;
        (await _client.GetAsync($"/v1/payment_records/{theirs}")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
    }

    [Fact]
    public async Task Expand_accepts_the_spec_paths_and_refuses_others()
    {
        var id = (await ReportAsync(_client, Payment())).Id;
        var ok = (await _client.GetAsync($"/v1/payment_records/{id}", ("expand[]", "payment_method_details.us_bank_account.mandate"))).AssertOk();
        Assert.Equal(id, ok.Id);
        (await _client.GetAsync($"/v1/payment_records/{id}", ("expand[]", "customer_details")))
            .AssertCannotExpand();
    }

    [Fact]
    public async Task A_retried_report_payment_never_creates_a_second_record()
    {
        var key = Guid.NewGuid().ToString();
        var first = (await _client.PostIdempotentAsync("/v1/payment_records/report_payment", key, Payment(1234))).AssertOk();
        var second = (await _client.PostIdempotentAsync("/v1/payment_records/report_payment", key, Payment(1234))).AssertOk();
        Assert.Equal(first.Raw, second.Raw);
        Assert.Equal("true", second.Header("Idempotent-Replayed"));
        var attempts = (await _client.GetAsync("/v1/payment_attempt_records", ("payment_record", first.Id))).AssertOk();
        Assert.Single(attempts.Body["data"]!.AsArray());
        // Same key, other parameters: Stripe's idempotency error, still no new record.
        (await _client.PostIdempotentAsync("/v1/payment_records/report_payment", key, Payment(999)))
            .AssertError(HttpStatusCode.BadRequest);
        Assert.Equal(1, await CountRecordsAsync());
    }

    [Fact]
    public async Task Payment_records_emit_no_events()
    {
        var id = (await ReportAsync(_client, Payment())).Id;
        (await Reports.OutcomeAsync(_client, id, "guaranteed")).AssertOk();
        (await _client.PostAsync($"/v1/payment_records/{id}/report_refund", Refund("ev-" + Guid.NewGuid()))).AssertOk();
        var events = (await _client.GetAsync("/v1/events")).AssertOk();
        Assert.Empty(events.Body["data"]!.AsArray());
    }

    /// <summary>Payment records stored for this test's account (straight from the database).</summary>
    private async Task<long> CountRecordsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM payment_records WHERE account_id = @a", connection);
        command.Parameters.AddWithValue("a", global::PaymentRecords.Api.Pipeline.ApiKeys.AccountIdFor(_client.ApiKey));
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
