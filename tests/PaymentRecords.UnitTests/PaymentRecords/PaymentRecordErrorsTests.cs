using PaymentRecords.Api.Hosting;
using PaymentRecords.Api.PaymentRecords;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.UnitTests.PaymentRecords;

public class PaymentRecordErrorsTests
{
    public static TheoryData<string, StripeError, string> Errors() => new()
    {
        { "amount_too_small", ErrorCatalog.AmountTooSmall("amount_requested[value]"), "amount_requested[value]" },
        { "amount_too_large", ErrorCatalog.AmountTooLarge("amount[value]", 99_999_999), "amount[value]" },
        { "outcome_details_unexpected", PaymentRecordErrors.OutcomeDetailsUnexpected("guaranteed", null, "guaranteed"), "guaranteed" },
        { "payment_attempt_not_initiated", PaymentRecordErrors.PaymentAttemptNotInitiated("par_1", "pr_1", "failed", "guaranteed", "guaranteed_at"), "guaranteed_at" },
        { "payment_attempt_not_allowed", PaymentRecordErrors.PaymentAttemptNotAllowed("par_1", "pr_1", "initiated"), "initiated_at" },
        { "payment_record_not_refundable", PaymentRecordErrors.PaymentRecordNotRefundable("pr_1", "par_1", "failed"), "outcome" },
        { "payment_record_fully_refunded", PaymentRecordErrors.PaymentRecordFullyRefunded("pr_1"), "amount" },
        { "refund_exceeds_refundable", PaymentRecordErrors.RefundExceedsRefundable(500, "pr_1", 400), "amount[value]" },
        { "refund_currency_mismatch", PaymentRecordErrors.RefundCurrencyMismatch("eur", "pr_1", "usd"), "amount[currency]" },
        { "refund_reference_in_use", PaymentRecordErrors.RefundReferenceInUse(), "processor_details[custom][refund_reference]" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Payment_record_errors_are_400s_with_a_param_and_a_filled_message(string key, StripeError error, string param)
    {
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal(param, error.Param);
        Assert.DoesNotContain("{", error.Message);
        Assert.Equal(Wording.Inferred, PaymentRecordsApp.ErrorRows.Single(r => r.Key == key).Wording);
    }

    [Fact]
    public void An_invalid_currency_is_answered_in_Stripe_s_words_naming_every_supported_currency()
    {
        var error = ErrorCatalog.InvalidCurrency("XYZ", "amount_requested[currency]", ["usd", "aed"]);
        Assert.Equal((400, "amount_requested[currency]", "Invalid currency: xyz. Stripe currently supports these currencies: usd, aed"),
            (error.Status, error.Param, error.Message));
        Assert.Equal(Wording.Stripe, PaymentRecordsApp.ErrorRows.Single(r => r.Key == "invalid_currency").Wording);
    }
}
