using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.InvoicePayments;

/// <summary>The status of an invoice payment: open until its payment succeeds (paid) or is given up (canceled).</summary>
public enum InvoicePaymentStatus
{
    Open,
    Paid,
    Canceled,
}

/// <summary>
/// A payment attached to an invoice (<c>inpay_…</c>). Here always a payment record (PaymentIntents are not
/// emulated). <see cref="AmountPaid"/> stays null until the payment is paid.
/// </summary>
public sealed class InvoicePayment : IAccountScoped
{
    public const string PaymentRecordType = "payment_record";

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string InvoiceId { get; init; }
    public required string Currency { get; init; }
    public long AmountRequested { get; init; }
    public long? AmountPaid { get; set; }
    public InvoicePaymentStatus Status { get; set; }
    public string PaymentType { get; init; } = PaymentRecordType;
    public required string PaymentRecordId { get; init; }
    public bool IsDefault { get; init; }
    public long? PaidAt { get; set; }
    public long? CanceledAt { get; set; }

    public void MarkPaid(long amount, long at)
    {
        Status = InvoicePaymentStatus.Paid;
        AmountPaid = amount;
        PaidAt = at;
    }

    public void Cancel(long at)
    {
        Status = InvoicePaymentStatus.Canceled;
        CanceledAt = at;
    }
}
