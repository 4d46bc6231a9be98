using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.PaymentMethods;

namespace PaymentRecords.IntegrationTests.PaymentRecords;

/// <summary>
/// report_payment / report_payment_attempt naming a payment method attached to another customer than the payment's
/// are refused with Stripe's "must be attached to the customer" error (docs/endpoints-payment-records.md); nothing is written.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ReportPaymentMethodOwnerTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private static (string, string)[] Report(string pm, string? customer, params (string, string)[] extra) =>
    [
        ("amount_requested[currency]", "usd"), ("amount_requested[value]", "1000"), ("initiated_at", "1730000000"),
        ("payment_method_details[payment_method]", pm), .. customer is null ? [] : new[] { ("customer_details[customer]", customer) },
        .. extra,
    ];

    [Fact]
    public async Task A_payment_method_of_another_customer_is_refused()
    {
        var owner = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var other = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var pm = (await _client.PostAsync("/v1/payment_methods", PaymentMethodTests.Custom())).AssertOk().Id;
        (await _client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", owner))).AssertOk();

        var refused = (await _client.PostAsync("/v1/payment_records/report_payment", Report(pm, other)))
            .AssertError(HttpStatusCode.BadRequest, param: "payment_method_details[payment_method]");
        Assert.Equal("invalid_request_error", refused.Body["error"]!["type"]!.GetValue<string>());
        Assert.Equal($"The customer does not have a payment method with the ID {pm}. The payment method must be attached to the customer.",
            refused.ErrorMessage);

        // Its own customer, and a payment for no customer, may use it.
        (await _client.PostAsync("/v1/payment_records/report_payment", Report(pm, owner))).AssertOk();
        var failed = (await _client.PostAsync("/v1/payment_records/report_payment", Report(pm, null,
            ("outcome", "failed"), ("failed[failed_at]", "1730000100")))).AssertOk().Id;

        // A new attempt of a record of the other customer is refused the same way.
        var ofOther = (await _client.PostAsync("/v1/payment_records/report_payment", Report(pm, other, ("payment_method_details[type]", "custom"))
            .Where(p => p.Item1 != "payment_method_details[payment_method]").ToArray()
            .Concat([("outcome", "failed"), ("failed[failed_at]", "1730000100")]).ToArray())).AssertOk().Id;
        (await _client.PostAsync($"/v1/payment_records/{ofOther}/report_payment_attempt", ("initiated_at", "1730000200"),
            ("payment_method_details[payment_method]", pm))).AssertError(HttpStatusCode.BadRequest, param: "payment_method_details[payment_method]");
        (await _client.PostAsync($"/v1/payment_records/{failed}/report_payment_attempt", ("initiated_at", "1730000200"),
            ("payment_method_details[payment_method]", pm))).AssertOk();
        var attempts = (await _client.GetAsync("/v1/payment_attempt_records", ("payment_record", ofOther))).AssertOk().Body["data"]!.AsArray();
        Assert.Single(attempts);
    }
}
