using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Application.PaymentRecords;

/// <summary>Why a report on a payment record was refused (beyond a missing record or customer).</summary>
public enum PaymentReportRefusal
{
    /// <summary>report_payment_attempt while the latest attempt is neither failed nor canceled (<see cref="AttemptLifecycle.CanStartNewAttempt"/>).</summary>
    AttemptNotAllowed,
    /// <summary>report_payment_attempt_{guaranteed,failed,canceled} while the latest attempt is not initiated.</summary>
    AttemptNotInitiated,
    /// <summary>report_refund while the latest attempt is not guaranteed.</summary>
    NotRefundable,
    /// <summary>report_refund's <c>amount[currency]</c> is not the record's.</summary>
    RefundCurrencyMismatch,
    /// <summary>report_refund on a record with nothing left to refund.</summary>
    FullyRefunded,
    /// <summary>report_refund of more than <see cref="PaymentRecord.Refundable"/>.</summary>
    RefundExceedsRefundable,
    /// <summary>report_refund with a <c>refund_reference</c> the account used already.</summary>
    RefundReferenceInUse,
    /// <summary>The named payment method is attached to another customer than the one the payment is for.</summary>
    PaymentMethodOfAnotherCustomer,
}

/// <summary>A payment record report was refused; the endpoint maps <see cref="Reason"/> to Stripe's error.</summary>
public sealed class PaymentReportRefused(PaymentReportRefusal reason, string? recordId = null, PaymentAttemptRecord? latest = null)
    : Exception($"report on {recordId ?? "a new record"} refused: {reason}")
{
    public PaymentReportRefusal Reason { get; } = reason;
    public string? RecordId { get; } = recordId;
    /// <summary>The record's latest attempt, when the refusal is about its status.</summary>
    public PaymentAttemptRecord? Latest { get; } = latest;
    /// <summary>The outcome asked for (<see cref="PaymentReportRefusal.AttemptNotInitiated"/>).</summary>
    public AttemptStatus Outcome { get; init; }
    /// <summary>The refund amount asked for (<see cref="PaymentReportRefusal.RefundExceedsRefundable"/>).</summary>
    public long Amount { get; init; }
    /// <summary>The refund currency given (<see cref="PaymentReportRefusal.RefundCurrencyMismatch"/>).</summary>
    public string? Currency { get; init; }
    /// <summary>What is left to refund (<see cref="PaymentReportRefusal.RefundExceedsRefundable"/>).</summary>
    public long Refundable { get; init; }
    /// <summary>The payment method (<see cref="PaymentReportRefusal.PaymentMethodOfAnotherCustomer"/>).</summary>
    public string? PaymentMethodId { get; init; }
}
