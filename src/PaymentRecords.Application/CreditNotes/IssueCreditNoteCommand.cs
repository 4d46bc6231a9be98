namespace PaymentRecords.Application.CreditNotes;

/// <summary>One <c>lines[i]</c> entry, decoded: an invoice line credited by amount or quantity, or a custom line.</summary>
public sealed record CreditNoteLineRequest(int Index, string Type, string? InvoiceLineItem, long? Amount, long? Quantity, decimal? Unit,
    long? UnitAmount, string? Description)
{
    public string Param(string name) => $"lines[{Index}][{name}]";
}

/// <summary>One <c>refunds[i]</c> entry of type payment_record_refund, decoded.</summary>
public sealed record RefundCitationRequest(int Index, string PaymentRecord, string RefundGroup, long? AmountRefunded)
{
    public string Param(string name) => name == "amount_refunded"
        ? $"refunds[{Index}][amount_refunded]"
        : $"refunds[{Index}][payment_record_refund][{name}]";
}

/// <summary>
/// POST /v1/credit_notes (or a preview's query), decoded and checked field by field; what needs the invoice's state
/// is checked by <see cref="CreditNoteDrafts"/>. <paramref name="RefundAmount"/> is always 0 here (there is no Stripe
/// charge to refund).
/// </summary>
public sealed record IssueCreditNoteCommand(
    string InvoiceId,
    long? Amount,
    IReadOnlyList<CreditNoteLineRequest> Lines,
    IReadOnlyList<RefundCitationRequest> Refunds,
    long RefundAmount,
    long CreditAmount,
    long? OutOfBandAmount,
    string? Memo,
    string? Reason,
    long? EffectiveAt,
    MetadataChange? Metadata);
