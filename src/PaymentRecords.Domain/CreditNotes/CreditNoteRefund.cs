namespace PaymentRecords.Domain.CreditNotes;

/// <summary>
/// A credit note's citation of a refund group: the refund reported on a payment record with that
/// <c>refund_reference</c> (<see cref="PaymentRecordRefundId"/>), and how much of it the note cites. Live citations
/// (not <see cref="Voided"/>) of one refund never add up to more than that refund (<see cref="CreditNoteAmounts.RefundGroupAvailable"/>);
/// they are counted under the payment record's row lock.
/// </summary>
public sealed class CreditNoteRefund
{
    public const string PaymentRecordRefundType = "payment_record_refund";

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public required string CreditNoteId { get; init; }
    public int Position { get; init; }
    public string Type { get; init; } = PaymentRecordRefundType;
    public required string PaymentRecordId { get; init; }
    public required string RefundGroup { get; init; }
    public required string PaymentRecordRefundId { get; init; }
    public long AmountRefunded { get; init; }
    /// <summary>Set when the credit note is voided: the amount can be cited again.</summary>
    public bool Voided { get; set; }
}
