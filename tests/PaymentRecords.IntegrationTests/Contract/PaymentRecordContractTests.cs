using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.PaymentRecords.Reports;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>payment_record in every state, validated against the spec's component schema.</summary>
[Collection(ServerCollection.Name)]
public sealed class PaymentRecordContractTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [Fact]
    public async Task Payment_records_match_the_schema_in_every_state()
    {
        var initiated = await ReportAsync(_client, Payment());
        ContractAssert.Matches("payment_record", initiated.Body);

        var guaranteed = (await OutcomeAsync(_client, initiated.Id, "guaranteed")).AssertOk();
        ContractAssert.Matches("payment_record", guaranteed.Body);

        var failed = await ReportAsync(_client, Payment(extra: [("outcome", "failed"), ("failed[failed_at]", "1730000100")]));
        ContractAssert.Matches("payment_record", failed.Body);

        var canceled = (await OutcomeAsync(_client, (await ReportAsync(_client, Payment())).Id, "canceled")).AssertOk();
        ContractAssert.Matches("payment_record", canceled.Body);

        var refunded = (await _client.PostAsync($"/v1/payment_records/{initiated.Id}/report_refund", Refund("contract-" + initiated.Id))).AssertOk();
        ContractAssert.Matches("payment_record", refunded.Body);

        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var detailed = await ReportAsync(_client, Guaranteed(4200,
            ("customer_details[customer]", customer), ("customer_details[email]", "e@example.com"), ("customer_details[name]", "N"),
            ("customer_details[phone]", "+1"), ("customer_presence", "off_session"), ("description", "d"), ("metadata[k]", "v"),
            ("processor_details[type]", "custom"), ("processor_details[custom][payment_reference]", "ref"),
            ("shipping_details[name]", "S"), ("shipping_details[phone]", "+2"), ("shipping_details[address][line1]", "L1"),
            ("payment_method_details[billing_details][email]", "b@example.com"),
            ("payment_method_details[billing_details][address][country]", "US")));
        ContractAssert.Matches("payment_record", detailed.Body);

        var minimalCustom = await ReportAsync(_client, ("amount_requested[currency]", "jpy"), ("amount_requested[value]", "500"),
            ("initiated_at", InitiatedAt), ("payment_method_details[type]", "custom"));
        ContractAssert.Matches("payment_record", minimalCustom.Body);

        var informational = (await _client.PostAsync($"/v1/payment_records/{detailed.Id}/report_payment_attempt_informational",
            ("shipping_details", ""), ("description", ""))).AssertOk();
        ContractAssert.Matches("payment_record", informational.Body);

        ContractAssert.Matches("payment_record", (await _client.GetAsync($"/v1/payment_records/{detailed.Id}")).AssertOk().Body);
        ContractAssert.Matches("error", (await _client.GetAsync("/v1/payment_records/pr_missing")).Body);
        ContractAssert.Matches("error", (await OutcomeAsync(_client, detailed.Id, "failed")).Body);
    }
}
