namespace PaymentRecords.Domain.CreditNotes;

/// <summary>
/// One line of a credit note (<c>cnli_…</c>), at <see cref="Position"/> in its note. Either it credits a line of the
/// invoice (<see cref="InvoiceLineItem"/>, type <c>invoice_line_item</c>) or it is a custom line (unit × quantity).
/// </summary>
public sealed class CreditNoteLineItem
{
    public const string InvoiceLineItemType = "invoice_line_item";
    public const string CustomLineItemType = "custom_line_item";

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public required string CreditNoteId { get; init; }
    public int Position { get; init; }
    public required string Type { get; init; }
    /// <summary>The invoice line credited (<c>il_…</c>), for <see cref="InvoiceLineItemType"/> lines.</summary>
    public string? InvoiceLineItem { get; init; }
    public long Amount { get; init; }
    public long? Quantity { get; init; }
    public long? UnitAmount { get; init; }
    public decimal? UnitAmountDecimal { get; init; }
    public string? Description { get; init; }
}
