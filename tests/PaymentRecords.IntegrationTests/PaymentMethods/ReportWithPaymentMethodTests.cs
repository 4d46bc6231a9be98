using System.Net;
using PaymentRecords.IntegrationTests.Contract;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.PaymentMethods;

/// <summary>report_payment naming a custom PaymentMethod by id (payment_method_details[payment_method], no type).</summary>
[Collection(ServerCollection.Name)]
public sealed class ReportWithPaymentMethodTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [Fact]
    public async Task The_record_shows_the_custom_payment_method()
    {
        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var pm = (await _client.PostAsync("/v1/payment_methods", PaymentMethodTests.Custom(("billing_details[name]", "Ada")))).AssertOk().Id;
        (await _client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", customer))).AssertOk();
        var record = (await _client.PostAsync("/v1/payment_records/report_payment", ("amount_requested[currency]", "usd"),
            ("amount_requested[value]", "1000"), ("initiated_at", "1730000000"), ("payment_method_details[payment_method]", pm),
            ("customer_details[customer]", customer), ("customer_presence", "off_session"), ("processor_details[type]", "custom"),
            ("processor_details[custom][payment_reference]", "ref-1"), ("outcome", "guaranteed"), ("guaranteed[guaranteed_at]", "1730000100"))).AssertOk().Body;
        var details = record["payment_method_details"]!;
        Assert.Equal(pm, details["payment_method"]!.GetValue<string>());
        Assert.Equal("custom", details["type"]!.GetValue<string>());
        Assert.Equal("cpmt_1RxWire", details["custom"]!["type"]!.GetValue<string>());
        Assert.Equal("Ada", details["billing_details"]!["name"]!.GetValue<string>());
        ContractAssert.Matches("payment_record", record);

        var missing = (await _client.PostAsync("/v1/payment_records/report_payment", ("amount_requested[currency]", "usd"),
            ("amount_requested[value]", "1000"), ("initiated_at", "1730000000"), ("payment_method_details[payment_method]", "pm_nope")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "payment_method_details[payment_method]");
        Assert.Equal("No such PaymentMethod: 'pm_nope'", missing.ErrorMessage);
    }
}
