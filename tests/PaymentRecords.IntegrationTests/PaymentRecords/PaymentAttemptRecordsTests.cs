using System.Net;
using System.Reflection;
using Newtonsoft.Json;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.PaymentRecords.Reports;

namespace PaymentRecords.IntegrationTests.PaymentRecords;

/// <summary>GET /v1/payment_attempt_records/{id} and GET /v1/payment_attempt_records?payment_record=….</summary>
[Collection(ServerCollection.Name)]
public sealed class PaymentAttemptRecordsTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [Fact]
    public async Task An_attempt_has_Stripe_nets_PaymentAttemptRecord_fields_exactly()
    {
        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var record = (await ReportAsync(_client, Guaranteed(1500, ("customer_details[customer]", customer), ("customer_presence", "off_session"),
            ("description", "d"), ("metadata[k]", "v"), ("processor_details[type]", "custom"),
            ("processor_details[custom][payment_reference]", "ref-1")))).Body;
        var id = Str(record["latest_payment_attempt_record"]);
        var attempt = (await _client.GetAsync($"/v1/payment_attempt_records/{id}")).AssertOk().Body;

        var expected = typeof(Stripe.PaymentAttemptRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<JsonPropertyAttribute>()?.PropertyName).OfType<string>().Order(StringComparer.Ordinal);
        Assert.Equal(expected, attempt.Select(kv => kv.Key).Order(StringComparer.Ordinal));

        Assert.Equal(id, Str(attempt["id"]));
        Assert.Equal("payment_attempt_record", Str(attempt["object"]));
        Assert.Equal(Str(record["id"]), Str(attempt["payment_record"]));
        Assert.Equal("self", Str(attempt["reported_by"]));
        AssertAmounts(attempt, 1500, 1500, 0, 0, 1500, 0, 1500);
        Assert.Equal(customer, Str(attempt["customer_details"]!["customer"]));
        Assert.Equal("off_session", Str(attempt["customer_presence"]));
        Assert.Equal("d", Str(attempt["description"]));
        Assert.Equal("v", Str(attempt["metadata"]!["k"]));
        Assert.Equal("ref-1", Str(attempt["processor_details"]!["custom"]!["payment_reference"]));
        Assert.Equal(record["payment_method_details"]!.ToJsonString(), attempt["payment_method_details"]!.ToJsonString());
        Assert.Null(attempt["application"]);
        Assert.Null(attempt["shipping_details"]);
    }

    [Fact]
    public async Task Each_attempt_keeps_its_own_amounts_and_refunds()
    {
        var id = (await ReportAsync(_client, Payment(900))).Id;
        (await OutcomeAsync(_client, id, "failed")).AssertOk();
        (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt", ("initiated_at", "1730000200"))).AssertOk();
        (await OutcomeAsync(_client, id, "guaranteed")).AssertOk();
        (await _client.PostAsync($"/v1/payment_records/{id}/report_refund", Refund("att-" + Guid.NewGuid(), 200))).AssertOk();
        var list = (await _client.GetAsync("/v1/payment_attempt_records", ("payment_record", id))).AssertOk().Body;
        Assert.Equal("list", Str(list["object"]));
        Assert.Equal("/v1/payment_attempt_records", Str(list["url"]));
        Assert.False(list["has_more"]!.GetValue<bool>());
        var data = list["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        AssertAmounts(data[0]!, 900, 900, 0, 0, 900, refunded: 200, 900);
        AssertAmounts(data[1]!, 900, 0, 0, failed: 900, 0, 0, 900);
    }

    [Fact]
    public async Task The_list_pages_newest_first()
    {
        var id = (await ReportAsync(_client, Payment())).Id;
        var attempts = new List<string> { Str((await _client.GetAsync($"/v1/payment_records/{id}")).Body["latest_payment_attempt_record"]) };
        for (var i = 0; i < 3; i++)
        {
            (await OutcomeAsync(_client, id, "canceled")).AssertOk();
            var r = (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt", ("initiated_at", "1730000200"))).AssertOk();
            attempts.Add(Str(r.Body["latest_payment_attempt_record"]));
        }
        attempts.Reverse();
        var seen = new List<string>();
        string? after = null;
        do
        {
            var query = new List<(string, string)> { ("payment_record", id), ("limit", "3") };
            if (after is not null) query.Add(("starting_after", after));
            var page = (await _client.GetAsync("/v1/payment_attempt_records", [.. query])).AssertOk().Body;
            var ids = page["data"]!.AsArray().Select(a => Str(a!["id"])).ToList();
            seen.AddRange(ids);
            after = page["has_more"]!.GetValue<bool>() ? ids[^1] : null;
        }
        while (after is not null);
        Assert.Equal(attempts, seen);
    }

    [Fact]
    public async Task Listing_needs_an_existing_payment_record()
    {
        var missing = (await _client.GetAsync("/v1/payment_attempt_records"))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "payment_record");
        Assert.Equal("Missing required param: payment_record.", missing.ErrorMessage);
        var unknown = (await _client.GetAsync("/v1/payment_attempt_records", ("payment_record", "pr_missing")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "payment_record");
        Assert.Equal("No such payment_record: 'pr_missing'", unknown.ErrorMessage);
        var theirs = (await ReportAsync(fixture.Client(), Payment())).Id;
        (await _client.GetAsync("/v1/payment_attempt_records", ("payment_record", theirs)))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "payment_record");
        (await _client.GetAsync("/v1/payment_attempt_records", ("payment_record", theirs), ("ending_before", "par_x")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_unknown", "ending_before");
    }

    [Fact]
    public async Task Retrieve_unknown_attempt_is_404()
    {
        var r = (await _client.GetAsync("/v1/payment_attempt_records/par_missing")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        Assert.Equal("No such payment_attempt_record: 'par_missing'", r.ErrorMessage);
        var theirs = Str((await ReportAsync(fixture.Client(), Payment())).Body["latest_payment_attempt_record"]);
        (await _client.GetAsync($"/v1/payment_attempt_records/{theirs}")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
    }
}
