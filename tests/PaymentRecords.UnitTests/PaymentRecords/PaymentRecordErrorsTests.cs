using PaymentRecords.Api.Wire;

namespace PaymentRecords.UnitTests.PaymentRecords;

public class PaymentRecordErrorsTests
{
    public static TheoryData<string, StripeError, string> Errors() => new()
    {
        { "invalid_currency", ErrorCatalog.InvalidCurrency("xyz", "amount_requested[currency]"), "amount_requested[currency]" },
        { "amount_too_small", ErrorCatalog.AmountTooSmall("amount_requested[value]"), "amount_requested[value]" },
        { "amount_too_large", ErrorCatalog.AmountTooLarge("amount[value]", 99_999_999), "amount[value]" },
        { "outcome_details_unexpected", ErrorCatalog.OutcomeDetailsUnexpected("guaranteed", null, "guaranteed"), "guaranteed" },
        { "payment_attempt_not_initiated", ErrorCatalog.PaymentAttemptNotInitiated("par_1", "pr_1", "failed", "guaranteed", "guaranteed_at"), "guaranteed_at" },
        { "payment_attempt_not_allowed", ErrorCatalog.PaymentAttemptNotAllowed("par_1", "pr_1", "initiated"), "initiated_at" },
        { "payment_record_not_refundable", ErrorCatalog.PaymentRecordNotRefundable("pr_1", "par_1", "failed"), "outcome" },
        { "payment_record_fully_refunded", ErrorCatalog.PaymentRecordFullyRefunded("pr_1"), "amount" },
        { "refund_exceeds_refundable", ErrorCatalog.RefundExceedsRefundable(500, "pr_1", 400), "amount[value]" },
        { "refund_currency_mismatch", ErrorCatalog.RefundCurrencyMismatch("eur", "pr_1", "usd"), "amount[currency]" },
        { "refund_reference_in_use", ErrorCatalog.RefundReferenceInUse(), "processor_details[custom][refund_reference]" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Payment_record_errors_are_400s_with_a_param_and_a_filled_message(string key, StripeError error, string param)
    {
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal(param, error.Param);
        Assert.DoesNotContain("{", error.Message);
        Assert.Equal(Wording.Inferred, ErrorCatalog.Rows.Single(r => r.Key == key).Wording);
    }
}
