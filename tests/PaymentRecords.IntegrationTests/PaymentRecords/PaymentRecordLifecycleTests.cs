using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.PaymentRecords.Reports;

namespace PaymentRecords.IntegrationTests.PaymentRecords;

[Collection(ServerCollection.Name)]
public sealed class PaymentRecordLifecycleTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    /// <summary>initiated → failed → new attempt → guaranteed → partial refund → refund, amounts checked at each step.</summary>
    [Fact]
    public async Task Full_attempt_lifecycle_with_amounts_at_each_step()
    {
        var initiated = (await ReportAsync(_client, Payment(5000, "eur"))).Body;
        var id = Str(initiated["id"]);
        var firstAttempt = Str(initiated["latest_payment_attempt_record"]);
        AssertAmounts(initiated, 5000, 0, 0, 0, 0, 0, 5000, "eur");

        var failed = (await OutcomeAsync(_client, id, "failed")).AssertOk().Body;
        Assert.Equal(firstAttempt, Str(failed["latest_payment_attempt_record"]));
        AssertAmounts(failed, 5000, 0, 0, failed: 5000, 0, 0, 5000, "eur");

        var retry = (await _client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt", ("initiated_at", "1730000200"))).AssertOk().Body;
        var secondAttempt = Str(retry["latest_payment_attempt_record"]);
        Assert.NotEqual(firstAttempt, secondAttempt);
        AssertAmounts(retry, 5000, 0, 0, 0, 0, 0, 5000, "eur");

        var guaranteed = (await OutcomeAsync(_client, id, "guaranteed")).AssertOk().Body;
        AssertAmounts(guaranteed, 5000, authorized: 5000, 0, 0, guaranteed: 5000, 0, 5000, "eur");

        var partial = (await _client.PostAsync($"/v1/payment_records/{id}/report_refund", Refund("life-1-" + id, 1200, "eur"))).AssertOk().Body;
        AssertAmounts(partial, 5000, 5000, 0, 0, 5000, refunded: 1200, 5000, "eur");

        var rest = (await _client.PostAsync($"/v1/payment_records/{id}/report_refund", Refund("life-2-" + id))).AssertOk().Body;
        AssertAmounts(rest, 5000, 5000, 0, 0, 5000, refunded: 5000, 5000, "eur");
        Assert.Equal(secondAttempt, Str(rest["latest_payment_attempt_record"]));

        var first = (await _client.GetAsync($"/v1/payment_attempt_records/{firstAttempt}")).AssertOk().Body;
        AssertAmounts(first, 5000, 0, 0, 5000, 0, 0, 5000, "eur");
        var second = (await _client.GetAsync($"/v1/payment_attempt_records/{secondAttempt}")).AssertOk().Body;
        AssertAmounts(second, 5000, 5000, 0, 0, 5000, 5000, 5000, "eur");
        var fetched = (await _client.GetAsync($"/v1/payment_records/{id}")).AssertOk().Body;
        Assert.Equal(rest.ToJsonString(), fetched.ToJsonString());
    }
}
