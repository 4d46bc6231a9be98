using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.PaymentRecords.Reports;

namespace PaymentRecords.IntegrationTests.PaymentRecords;

/// <summary>POST /v1/payment_records/{id}/report_refund.</summary>
[Collection(ServerCollection.Name)]
public sealed class ReportRefundTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private static string Ref() => "rf-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<string> GuaranteedAsync(long value = 1000) => (await ReportAsync(_client, Guaranteed(value))).Id;

    private Task<StripeResponse> RefundAsync(string id, params (string, string)[] form) =>
        _client.PostAsync($"/v1/payment_records/{id}/report_refund", form);

    [Fact]
    public async Task Without_an_amount_everything_not_yet_refunded_is_refunded()
    {
        var id = await GuaranteedAsync(1000);
        (await RefundAsync(id, Refund(Ref(), 300))).AssertOk();
        var r = (await RefundAsync(id, Refund(Ref()))).AssertOk().Body;
        AssertAmounts(r, 1000, 1000, 0, 0, 1000, refunded: 1000, 1000);
        var again = (await RefundAsync(id, Refund(Ref()))).AssertError(HttpStatusCode.BadRequest, param: "amount");
        Assert.Contains("fully refunded", again.ErrorMessage);
        (await RefundAsync(id, Refund(Ref(), 1))).AssertError(HttpStatusCode.BadRequest, param: "amount");
    }

    [Fact]
    public async Task Total_refunded_never_exceeds_the_guaranteed_amount()
    {
        var id = await GuaranteedAsync(1000);
        (await RefundAsync(id, Refund(Ref(), 600))).AssertOk();
        var over = (await RefundAsync(id, Refund(Ref(), 401))).AssertError(HttpStatusCode.BadRequest, "amount_too_large", "amount[value]");
        Assert.Contains("(400)", over.ErrorMessage);
        var exact = (await RefundAsync(id, Refund(Ref(), 400))).AssertOk().Body;
        AssertAmounts(exact, 1000, 1000, 0, 0, 1000, 1000, 1000);
    }

    [Theory]
    [InlineData("initiated")]
    [InlineData("failed")]
    [InlineData("canceled")]
    public async Task Refunds_need_a_guaranteed_attempt(string state)
    {
        var id = (await ReportAsync(_client, Payment())).Id;
        if (state != "initiated") (await OutcomeAsync(_client, id, state)).AssertOk();
        var r = (await RefundAsync(id, Refund(Ref(), 100))).AssertError(HttpStatusCode.BadRequest, param: "outcome");
        Assert.Contains($"is {state}", r.ErrorMessage);
    }

    [Fact]
    public async Task Refund_currency_must_match_and_amount_must_be_positive()
    {
        var id = await GuaranteedAsync();
        var r = (await RefundAsync(id, Refund(Ref(), 100, "eur"))).AssertError(HttpStatusCode.BadRequest, param: "amount[currency]");
        Assert.Contains("(eur)", r.ErrorMessage);
        (await RefundAsync(id, Refund(Ref(), 0))).AssertError(HttpStatusCode.BadRequest, "amount_too_small", "amount[value]");
        (await RefundAsync(id, Refund(Ref(), 100, "zzz"))).AssertError(HttpStatusCode.BadRequest, param: "amount[currency]");
        (await RefundAsync(id, Refund(Ref(), 100, "USD"))).AssertOk();
    }

    [Fact]
    public async Task A_refund_reference_may_be_as_long_as_Stripe_allows_and_stays_unique()
    {
        // 5000 characters of 2-byte UTF-8: past the 2704 bytes a B-tree entry holds, within Stripe's 5000 characters.
        var reference = new string('é', 4990) + Guid.NewGuid().ToString("N")[..10];
        var id = await GuaranteedAsync();
        (await RefundAsync(id, Refund(reference, 100))).AssertOk();
        (await RefundAsync(id, Refund(reference, 100)))
            .AssertError(HttpStatusCode.BadRequest, "resource_already_exists", "processor_details[custom][refund_reference]");

        var tooLong = "0123456789" + new string('x', 4981) + "9876543210";
        var r = (await RefundAsync(id, Refund(tooLong, 100))).AssertError(HttpStatusCode.BadRequest, param: "processor_details[custom][refund_reference]");
        Assert.Equal("Invalid string: 0123456789...9876543210; must be at most 5000 characters", r.ErrorMessage);
    }

    [Fact]
    public async Task Refund_reference_is_unique_per_account()
    {
        var reference = Ref();
        var a = await GuaranteedAsync();
        var b = await GuaranteedAsync();
        (await RefundAsync(a, Refund(reference, 100))).AssertOk();
        (await RefundAsync(a, Refund(reference, 100)))
            .AssertError(HttpStatusCode.BadRequest, "resource_already_exists", "processor_details[custom][refund_reference]");
        (await RefundAsync(b, Refund(reference, 100)))
            .AssertError(HttpStatusCode.BadRequest, "resource_already_exists", "processor_details[custom][refund_reference]");
        var other = fixture.Client();
        var theirs = (await ReportAsync(other, Guaranteed())).Id;
        (await other.PostAsync($"/v1/payment_records/{theirs}/report_refund", Refund(reference, 100))).AssertOk();
    }

    [Fact]
    public async Task Required_refund_params_are_checked()
    {
        var id = await GuaranteedAsync();
        (await RefundAsync(id, ("outcome", "refunded"), ("processor_details[type]", "custom"), ("refunded[refunded_at]", "1")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "processor_details[custom][refund_reference]");
        (await RefundAsync(id, ("processor_details[type]", "custom"), ("processor_details[custom][refund_reference]", "x"), ("refunded[refunded_at]", "1")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "outcome");
        (await RefundAsync(id, ("outcome", "refunded"), ("processor_details[type]", "custom"), ("processor_details[custom][refund_reference]", "x")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "refunded");
        (await RefundAsync(id, Refund(Ref()).Select(p => p.Item1 == "outcome" ? ("outcome", "failed") : p).ToArray()))
            .AssertError(HttpStatusCode.BadRequest, param: "outcome");
    }

    [Fact]
    public async Task Each_refund_is_kept_as_its_own_row_with_its_reference()
    {
        var id = await GuaranteedAsync(1000);
        var first = Ref();
        var second = Ref();
        (await RefundAsync(id, Refund(first, 250, extra: [("initiated_at", "1730000400"), ("metadata[reason]", "damaged")]))).AssertOk();
        var r = (await RefundAsync(id, Refund(second))).AssertOk().Body;
        Assert.Equal("damaged", Str(r["metadata"]!["reason"]));

        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT refund_reference, amount, currency, refunded_at, initiated_at, payment_attempt_record_id FROM payment_record_refunds WHERE payment_record_id = @id ORDER BY seq",
            connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, long, string, long, long?, string)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetString(5)));
        var attempt = Str(r["latest_payment_attempt_record"]);
        Assert.Equal([(first, 250L, "usd", 1730000500L, (long?)1730000400L, attempt), (second, 750L, "usd", 1730000500L, null, attempt)], rows);
    }

    [Fact]
    public async Task A_retried_refund_is_applied_once()
    {
        var id = await GuaranteedAsync(1000);
        var key = Guid.NewGuid().ToString();
        var reference = Ref();
        var first = (await _client.PostIdempotentAsync($"/v1/payment_records/{id}/report_refund", key, Refund(reference, 100))).AssertOk();
        var again = (await _client.PostIdempotentAsync($"/v1/payment_records/{id}/report_refund", key, Refund(reference, 100))).AssertOk();
        Assert.Equal(first.Raw, again.Raw);
        var record = (await _client.GetAsync($"/v1/payment_records/{id}")).AssertOk().Body;
        Assert.Equal(100, record["amount_refunded"]!["value"]!.GetValue<long>());
    }
}
