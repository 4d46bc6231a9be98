using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.PaymentRecords;

/// <summary>The payment record errors (reports of payments, attempts and refunds: state machine and amounts), each a row with its factory; registered in <c>Hosting/PaymentRecordsApp.cs</c>.</summary>
public static class PaymentRecordErrors
{
    /// <summary>Registered in <c>Hosting/PaymentRecordsApp.cs</c> (<c>ErrorRows</c>).</summary>
    public static readonly ErrorRowSet Rows = new();

    private static readonly ErrorRow OutcomeDetailsUnexpectedRow = Rows.Add(new("outcome_details_unexpected", 400, ErrorCatalog.InvalidRequest, null,
        "You passed {0}, but outcome is {1}. {0} can only be passed when outcome is {2}.", Wording.Inferred, IsParameterError: true));
    public static StripeError OutcomeDetailsUnexpected(string given, string? outcome, string expectedOutcome) => OutcomeDetailsUnexpectedRow.Make(given, given, outcome ?? "not set", expectedOutcome);

    private static readonly ErrorRow PaymentAttemptNotInitiatedRow = Rows.Add(new("payment_attempt_not_initiated", 400, ErrorCatalog.InvalidRequest, null,
        "The latest payment attempt ({0}) on payment record {1} is already {2}. Only an initiated payment attempt can be reported as {3}.", Wording.Inferred));
    public static StripeError PaymentAttemptNotInitiated(string attemptId, string recordId, string status, string outcome, string param) => PaymentAttemptNotInitiatedRow.Make(param, attemptId, recordId, status, outcome);

    private static readonly ErrorRow PaymentAttemptNotAllowedRow = Rows.Add(new("payment_attempt_not_allowed", 400, ErrorCatalog.InvalidRequest, null,
        "A new payment attempt can only be reported when the latest payment attempt has failed or was canceled. The latest payment attempt ({0}) on payment record {1} is {2}.", Wording.Inferred));
    public static StripeError PaymentAttemptNotAllowed(string attemptId, string recordId, string status) => PaymentAttemptNotAllowedRow.Make("initiated_at", attemptId, recordId, status);

    private static readonly ErrorRow PaymentRecordNotRefundableRow = Rows.Add(new("payment_record_not_refundable", 400, ErrorCatalog.InvalidRequest, null,
        "Payment record {0} has no guaranteed payment attempt to refund. Its latest payment attempt ({1}) is {2}.", Wording.Inferred));
    public static StripeError PaymentRecordNotRefundable(string recordId, string attemptId, string status) => PaymentRecordNotRefundableRow.Make("outcome", recordId, attemptId, status);

    private static readonly ErrorRow PaymentRecordFullyRefundedRow = Rows.Add(new("payment_record_fully_refunded", 400, ErrorCatalog.InvalidRequest, null,
        "Payment record {0} has already been fully refunded.", Wording.Inferred));
    public static StripeError PaymentRecordFullyRefunded(string recordId) => PaymentRecordFullyRefundedRow.Make("amount", recordId);

    private static readonly ErrorRow RefundExceedsRefundableRow = Rows.Add(new("refund_exceeds_refundable", 400, ErrorCatalog.InvalidRequest, "amount_too_large",
        "The refund amount ({0}) is greater than the amount that can still be refunded on payment record {1} ({2}).", Wording.Inferred));
    public static StripeError RefundExceedsRefundable(long amount, string recordId, long refundable) => RefundExceedsRefundableRow.Make("amount[value]", amount, recordId, refundable);

    private static readonly ErrorRow RefundCurrencyMismatchRow = Rows.Add(new("refund_currency_mismatch", 400, ErrorCatalog.InvalidRequest, null,
        "The refund currency ({0}) must match the currency of payment record {1} ({2}).", Wording.Inferred));
    public static StripeError RefundCurrencyMismatch(string currency, string recordId, string recordCurrency) => RefundCurrencyMismatchRow.Make("amount[currency]", currency, recordId, recordCurrency);

    private static readonly ErrorRow RefundReferenceInUseRow = Rows.Add(new("refund_reference_in_use", 400, ErrorCatalog.InvalidRequest, "resource_already_exists",
        "A refund with this refund_reference has already been reported. Each refund_reference must be unique.", Wording.Inferred));
    public static StripeError RefundReferenceInUse() => RefundReferenceInUseRow.Make("processor_details[custom][refund_reference]");
}
