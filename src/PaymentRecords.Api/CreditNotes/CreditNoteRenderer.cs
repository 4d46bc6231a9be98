using System.Text.Json.Nodes;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Api.CreditNotes;

/// <summary>
/// <c>credit_note</c> and <c>credit_note_line_item</c> exactly as the schema lists them: every field, nullable ones
/// as null. Tax, discounts, pretax credits and shipping are not emulated, so their amounts are 0 and their lists
/// empty; <c>subtotal</c> = <c>total</c> = <c>amount</c>.
/// </summary>
public static class CreditNoteRenderer
{
    public const int EmbeddedLines = 10;
    public const string PreviewLinesUrl = "/v1/credit_notes/preview/lines";

    public static string LinesUrl(string creditNoteId) => $"/v1/credit_notes/{creditNoteId}/lines";

    /// <param name="note">The note.</param>
    /// <param name="lines">Its first lines in order (up to <see cref="EmbeddedLines"/> + 1, to tell has_more).</param>
    /// <param name="refunds">Its refund citations in order.</param>
    /// <param name="linesUrl">The lines list's url (a preview's differs).</param>
    public static JsonObject Render(CreditNote note, IReadOnlyList<CreditNoteLineItem> lines, IReadOnlyList<CreditNoteRefund> refunds,
        string? linesUrl = null) => new()
    {
        ["id"] = note.Id,
        ["object"] = "credit_note",
        ["amount"] = note.Amount,
        ["amount_shipping"] = 0,
        ["created"] = note.Created,
        ["currency"] = note.Currency,
        ["customer"] = note.CustomerId,
        ["customer_balance_transaction"] = note.CustomerBalanceTransactionId,
        ["discount_amount"] = 0,
        ["discount_amounts"] = new JsonArray(),
        ["effective_at"] = note.EffectiveAt,
        ["invoice"] = note.InvoiceId,
        ["lines"] = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(lines.Take(EmbeddedLines).Select(l => (JsonNode?)RenderLine(l)).ToArray()),
            ["has_more"] = lines.Count > EmbeddedLines,
            ["url"] = linesUrl ?? LinesUrl(note.Id),
        },
        ["livemode"] = false,
        ["memo"] = note.Memo,
        ["metadata"] = Shapes.Metadata(note.Metadata),
        ["number"] = note.Number,
        ["out_of_band_amount"] = note.OutOfBandAmount,
        // No PDF is rendered here; the schema requires a string.
        ["pdf"] = "",
        ["post_payment_amount"] = note.PostPaymentAmount,
        ["pre_payment_amount"] = note.PrePaymentAmount,
        ["pretax_credit_amounts"] = new JsonArray(),
        ["reason"] = note.Reason,
        ["refunds"] = new JsonArray(refunds.OrderBy(r => r.Position).Select(r => (JsonNode?)RenderRefund(r)).ToArray()),
        ["shipping_cost"] = null,
        ["status"] = note.Status.Wire(),
        ["subtotal"] = note.Amount,
        ["subtotal_excluding_tax"] = note.Amount,
        ["total"] = note.Amount,
        ["total_excluding_tax"] = note.Amount,
        ["total_taxes"] = new JsonArray(),
        ["type"] = note.Type.Wire(),
        ["voided_at"] = note.VoidedAt,
    };

    /// <summary>
    /// A refund entry. <c>refund</c> is required (a string) by the schema even for payment-record refunds, which have
    /// no Stripe Refund object: it carries the id of the reported refund the group names (not expandable).
    /// </summary>
    public static JsonObject RenderRefund(CreditNoteRefund r) => new()
    {
        ["amount_refunded"] = r.AmountRefunded,
        ["payment_record_refund"] = new JsonObject
        {
            ["payment_record"] = r.PaymentRecordId,
            ["refund_group"] = r.RefundGroup,
        },
        ["refund"] = r.PaymentRecordRefundId,
        ["type"] = r.Type,
    };

    public static JsonObject RenderLine(CreditNoteLineItem l)
    {
        var obj = new JsonObject
        {
            ["id"] = l.Id,
            ["object"] = "credit_note_line_item",
            ["amount"] = l.Amount,
            ["description"] = l.Description,
            ["discount_amount"] = 0,
            ["discount_amounts"] = new JsonArray(),
        };
        // invoice_line_item is present only on lines that credit one.
        if (l.InvoiceLineItem is not null) obj["invoice_line_item"] = l.InvoiceLineItem;
        obj["livemode"] = false;
        obj["pretax_credit_amounts"] = new JsonArray();
        obj["quantity"] = l.Quantity;
        obj["tax_rates"] = new JsonArray();
        obj["taxes"] = new JsonArray();
        obj["type"] = l.Type;
        obj["unit_amount"] = l.UnitAmount;
        obj["unit_amount_decimal"] = l.UnitAmountDecimal is { } d ? LineAmounts.Format(d) : null;
        return obj;
    }
}
