using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.PaymentRecords;

/// <summary>
/// One refund reported with <c>report_refund</c>. Its <see cref="RefundReference"/> is unique per account and is
/// the <c>refund_group</c> a credit note cites (issue 6 links and exhausts these rows). The id is internal: Stripe
/// returns the payment record, not a refund object.
/// </summary>
public sealed class PaymentRecordRefund : IAccountScoped
{
    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string PaymentRecordId { get; init; }
    public required string PaymentAttemptRecordId { get; init; }
    public required string RefundReference { get; init; }
    public long Amount { get; init; }
    public required string Currency { get; init; }
    public long RefundedAt { get; init; }
    public long? InitiatedAt { get; init; }
    public Dictionary<string, string> Metadata { get; set; } = [];
}
