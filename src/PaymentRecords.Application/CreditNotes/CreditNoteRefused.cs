using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.CreditNotes;

/// <summary>Why issuing (or previewing) a credit note was refused, beyond a missing invoice, customer, line or record.</summary>
public enum CreditNoteIssueRefusal
{
    /// <summary>The invoice is neither open nor paid (<see cref="CreditNoteAmounts.AcceptsCreditNotes"/>).</summary>
    InvoiceStatus,
    /// <summary>credit_amount moves a balance kept in another currency than the invoice's.</summary>
    BalanceCurrency,
    /// <summary>A line's quantity exceeds what its invoice line has left (<see cref="CreditNoteRefused.Amount"/> asked, <see cref="CreditNoteRefused.Limit"/> left).</summary>
    LineQuantityExceeds,
    /// <summary>A line credits more than its invoice line has left.</summary>
    LineExceeds,
    /// <summary>An invoice line credited by quantity before is credited by amount now, or the other way round.</summary>
    LineModeMixed,
    /// <summary>A negative amount on a positive invoice line (<see cref="CreditNoteRefused.Limit"/> the line's amount).</summary>
    LineNotPositive,
    /// <summary>A positive amount on a negative invoice line: "The total amount credited to a negative line item must be negative".</summary>
    NegativeLineNotNegative,
    /// <summary>A negative line credited below its amount ("can't be less than the line item amount"; <see cref="CreditNoteRefused.Limit"/> what is left, negative).</summary>
    NegativeLineExceeds,
    /// <summary>A computed amount is beyond what an amount may be.</summary>
    AmountOutOfRange,
    /// <summary>A cited record does not pay this invoice.</summary>
    RecordNotAttached,
    /// <summary>A cited record reported no refund with that refund_group.</summary>
    UnknownRefundGroup,
    /// <summary>The refund group has nothing left to cite.</summary>
    RefundGroupExhausted,
    /// <summary>More is cited than the refund group has left.</summary>
    RefundExceedsGroup,
    /// <summary>A citation's amount is not positive.</summary>
    CitationNotPositive,
    /// <summary><c>amount</c> is not the sum of the lines.</summary>
    AmountLinesMismatch,
    /// <summary><c>lines</c> on an invoice with discounts (a line's share of them is not credited yet).</summary>
    LinesOnDiscountedInvoice,
    /// <summary>Neither amount, lines nor refunds.</summary>
    AmountMissing,
    /// <summary><see cref="CreditNoteAmounts.Plan"/> refused (see <see cref="CreditNoteRefused.Plan"/>).</summary>
    Plan,
}

/// <summary>A credit note issue was refused; the endpoint maps it to Stripe's error on <see cref="Param"/>.</summary>
public sealed class CreditNoteRefused(CreditNoteIssueRefusal reason, string? param = null)
    : Exception($"credit note refused: {reason} ({param})")
{
    public CreditNoteIssueRefusal Reason { get; } = reason;
    /// <summary>The parameter the answer names (e.g. <c>lines[0][amount]</c>).</summary>
    public string? Param { get; } = param;
    /// <summary>The invoice (status and currency refusals, plan refusals).</summary>
    public Invoice? Invoice { get; init; }
    /// <summary>What the refusal is about: an invoice line, a payment record, a refund group, a balance currency.</summary>
    public string? Subject { get; init; }
    /// <summary>The payment record of a refund group refusal.</summary>
    public string? RecordId { get; init; }
    /// <summary>The amount (or quantity) asked for.</summary>
    public long Amount { get; init; }
    /// <summary>What was left, or the line's quantity, or the lines' total.</summary>
    public long Limit { get; init; }
    /// <summary>The plan, for <see cref="CreditNoteIssueRefusal.Plan"/>.</summary>
    public CreditNotePlan? Plan { get; init; }
    /// <summary>The post-payment allocation asked for, for <see cref="CreditNoteIssueRefusal.Plan"/>.</summary>
    public PostPaymentAllocation? Allocation { get; init; }
}
