using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.CreditNotes;

/// <summary>A credit note's status: issued, until it is voided (once, and for good).</summary>
public enum CreditNoteStatus
{
    Issued,
    Void,
}

/// <summary>Which part of the invoice a credit note adjusted (see <see cref="CreditNoteAmounts.TypeOf"/>).</summary>
public enum CreditNoteType
{
    /// <summary>All of it lowered the invoice's amount_remaining.</summary>
    PrePayment,
    /// <summary>All of it came after payment: refunded, credited to the balance or credited out of band.</summary>
    PostPayment,
    /// <summary>Both parts are non-zero.</summary>
    Mixed,
}

public static class CreditNoteWire
{
    public static string Wire(this CreditNoteStatus status) => status switch
    {
        CreditNoteStatus.Issued => "issued",
        CreditNoteStatus.Void => "void",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static CreditNoteStatus ParseStatus(string wire) => wire switch
    {
        "issued" => CreditNoteStatus.Issued,
        "void" => CreditNoteStatus.Void,
        _ => throw new ArgumentOutOfRangeException(nameof(wire), wire, "not a credit note status"),
    };

    public static string Wire(this CreditNoteType type) => type switch
    {
        CreditNoteType.PrePayment => "pre_payment",
        CreditNoteType.PostPayment => "post_payment",
        CreditNoteType.Mixed => "mixed",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static CreditNoteType ParseType(string wire) => wire switch
    {
        "pre_payment" => CreditNoteType.PrePayment,
        "post_payment" => CreditNoteType.PostPayment,
        "mixed" => CreditNoteType.Mixed,
        _ => throw new ArgumentOutOfRangeException(nameof(wire), wire, "not a credit note type"),
    };
}

/// <summary>
/// A credit note (<c>cn_…</c>) against a finalized invoice. Its <see cref="Amount"/> splits into the part that
/// lowered the invoice's amount_remaining (<see cref="PrePaymentAmount"/>) and the rest
/// (<see cref="PostPaymentAmount"/>), which equals its refunds + <see cref="RefundAmount"/> +
/// <see cref="CreditAmount"/> + <see cref="OutOfBandAmount"/> (rules in <see cref="CreditNoteAmounts"/>).
/// Tax, discounts and shipping are not emulated: subtotal = total = amount.
/// </summary>
public sealed class CreditNote : IAccountScoped
{
    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string InvoiceId { get; init; }
    public required string CustomerId { get; init; }
    public required string Currency { get; init; }
    /// <summary>The invoice number, <c>-CN-</c> and the per-invoice sequence (<see cref="CreditNoteAmounts.Number"/>).</summary>
    public required string Number { get; init; }
    public CreditNoteStatus Status { get; set; } = CreditNoteStatus.Issued;
    public CreditNoteType Type { get; init; }
    public long Amount { get; init; }
    public long PrePaymentAmount { get; init; }
    public long PostPaymentAmount { get; init; }
    /// <summary>Credited to the customer's balance (a customer_balance_transaction of type credit_note).</summary>
    public long CreditAmount { get; init; }
    /// <summary>Always 0 here: there is no Stripe charge to refund.</summary>
    public long RefundAmount { get; init; }
    /// <summary>Null when the caller did not give it (Stripe shows null then).</summary>
    public long? OutOfBandAmount { get; init; }
    /// <summary>Σ amount_refunded of the cited refunds.</summary>
    public long RefundsAmount { get; init; }
    public string? Memo { get; set; }
    public string? Reason { get; init; }
    public long? EffectiveAt { get; init; }
    public string? CustomerBalanceTransactionId { get; set; }
    public long? VoidedAt { get; set; }
    public int LineCount { get; init; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public bool IsVoid => Status == CreditNoteStatus.Void;

    /// <summary>issued → void (the caller reverses the amounts); throws when already void.</summary>
    public void MarkVoid(long at)
    {
        if (IsVoid) throw new InvalidOperationException($"{Id} is already void");
        Status = CreditNoteStatus.Void;
        VoidedAt = at;
    }
}
