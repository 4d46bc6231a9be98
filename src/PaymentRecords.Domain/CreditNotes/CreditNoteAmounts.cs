using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Domain.CreditNotes;

/// <summary>What an invoice allows a new credit note, read under the invoice's row lock.</summary>
/// <param name="Status">The invoice's status (open, paid and uncollectible invoices take credit notes).</param>
/// <param name="Total">The invoice total: live credit notes together never exceed it.</param>
/// <param name="AmountRemaining">What is still to pay: a credit note lowers it first (its pre-payment part).</param>
/// <param name="AmountPaid">What was paid: live post-payment parts together never exceed it.</param>
/// <param name="PrePaymentCredited">Σ pre-payment parts of the invoice's live credit notes.</param>
/// <param name="PostPaymentCredited">Σ post-payment parts of the invoice's live credit notes.</param>
public readonly record struct InvoiceCreditState(
    InvoiceStatus Status,
    long Total,
    long AmountRemaining,
    long AmountPaid,
    long PrePaymentCredited,
    long PostPaymentCredited)
{
    public static InvoiceCreditState Of(Invoice invoice)
    {
        var totals = invoice.Totals(0);
        return new(invoice.Status, totals.Total, totals.AmountRemaining, totals.AmountPaid,
            invoice.PrePaymentCreditNotesAmount, invoice.PostPaymentCreditNotesAmount);
    }
}

/// <summary>Where the post-payment part of a credit note goes; the four must add up to it exactly.</summary>
public readonly record struct PostPaymentAllocation(long Refunds, long RefundAmount, long CreditAmount, long OutOfBandAmount)
{
    public long Total => checked(Refunds + RefundAmount + CreditAmount + OutOfBandAmount);
}

/// <summary>A credit note's amount, split.</summary>
public readonly record struct CreditNoteSplit(long Amount, long PrePayment, long PostPayment)
{
    public CreditNoteType Type => CreditNoteAmounts.TypeOf(PrePayment, PostPayment);
}

/// <summary>Why a credit note cannot be issued (<see cref="None"/>: it can).</summary>
public enum CreditNoteRefusal
{
    None,
    /// <summary>Draft and void invoices take no credit notes.</summary>
    InvoiceStatus,
    /// <summary>The amount is 0 or negative.</summary>
    AmountNotPositive,
    /// <summary>Σ live credit notes would exceed the invoice total; <see cref="CreditNotePlan.Limit"/> is what is left.</summary>
    ExceedsInvoiceTotal,
    /// <summary>Refunds + refund_amount + credit_amount + out_of_band_amount ≠ the post-payment part (<see cref="CreditNotePlan.Limit"/>).</summary>
    AllocationMismatch,
}

/// <summary>
/// The outcome of <see cref="CreditNoteAmounts.Plan"/>: the split, or the refusal with the figure it names (the split is
/// also filled for the refusals found after splitting).
/// </summary>
public readonly record struct CreditNotePlan(CreditNoteRefusal Refusal, CreditNoteSplit Split, long Limit)
{
    public bool Ok => Refusal == CreditNoteRefusal.None;
}

/// <summary>Why a credit note cannot be voided (<see cref="None"/>: it can).</summary>
public enum CreditNoteVoidRefusal
{
    None,
    /// <summary>"You can void a credit note only if it's on an open invoice."</summary>
    InvoiceNotOpen,
}

/// <summary>
/// What live credit notes credited on one invoice line: the amount, the quantity credited by quantity, and which way
/// ("if you discount a line item quantity, then a future credit note can only discount that line item by quantity,
/// not by amount").
/// </summary>
public readonly record struct LineCredited(long Amount, long Quantity, bool ByQuantity, bool ByAmount)
{
    public LineCredited Add(long amount, long? quantity) => quantity is { } q
        ? new(Amount + amount, Quantity + q, true, ByAmount)
        : new(Amount + amount, Quantity, ByQuantity, true);
}

/// <summary>Why a credit note line cannot credit an invoice line as asked (<see cref="None"/>: it can).</summary>
public enum LineCreditRefusal
{
    None,
    /// <summary>Credited by quantity before and by amount now, or the other way round.</summary>
    ModeMixed,
    /// <summary>More quantity than the line has left; the limit is what is left.</summary>
    QuantityExceeds,
    /// <summary>A negative amount on a positive line; the limit is the line's amount.</summary>
    NotPositive,
    /// <summary>More than a positive line has left; the limit is what is left.</summary>
    Exceeds,
    /// <summary>A positive amount on a negative line; the limit is the line's amount.</summary>
    NegativeNotNegative,
    /// <summary>Below what a negative line has left; the limit is what is left (negative).</summary>
    NegativeExceeds,
}

/// <summary>Why a refund group cannot be cited for the amount asked (<see cref="None"/>: it can).</summary>
public enum CitationRefusal
{
    None,
    /// <summary>Every unit of the group is already cited by live credit notes.</summary>
    Exhausted,
    /// <summary>amount_refunded is more than the group has left (<see cref="RefundCitation.Available"/>).</summary>
    ExceedsAvailable,
    /// <summary>amount_refunded is 0 or negative.</summary>
    NotPositive,
}

/// <summary>How much of a refund group a credit note cites, and what the group had left before.</summary>
public readonly record struct RefundCitation(CitationRefusal Refusal, long Amount, long Available);

/// <summary>
/// The credit-note amount rules, in one place (docs/endpoints-credit-notes.md, "Rules in short"):
/// <list type="number">
/// <item>open, paid and uncollectible invoices take credit notes; draft and void do not;</item>
/// <item>the amount is positive, and Σ live credit notes of an invoice ≤ the invoice total;</item>
/// <item>a credit note first lowers the invoice's amount_remaining: that part (never more than amount_remaining)
/// is <c>pre_payment_amount</c>; the rest is <c>post_payment_amount</c>;</item>
/// <item>post_payment_amount = Σ refunds[].amount_refunded + refund_amount + credit_amount + out_of_band_amount, exactly;</item>
/// <item>type is pre_payment, post_payment or mixed (both parts non-zero);</item>
/// <item>a credit note line credits an invoice line by quantity or by amount, the way live notes did before; up to what
/// is left of its quantity and amount; a negative line with negative amounts, down to its own;</item>
/// <item>a refund group can be cited up to what it refunded, less what live credit notes already cite; the
/// default citation is all of that;</item>
/// <item>an open (or uncollectible) invoice whose amount_remaining a credit note brings to 0 becomes paid; a
/// credit note can be voided only while its invoice is open ("You can void a credit note only if it's on an open
/// invoice"), so a void never reopens a paid invoice.</item>
/// </list>
/// </summary>
public static class CreditNoteAmounts
{
    /// <summary>Rule 1.</summary>
    public static bool AcceptsCreditNotes(InvoiceStatus status) =>
        status is InvoiceStatus.Open or InvoiceStatus.Paid or InvoiceStatus.Uncollectible;

    /// <summary>Rules 1–4: the split of <paramref name="amount"/> on <paramref name="invoice"/>, or why not.</summary>
    public static CreditNotePlan Plan(long amount, InvoiceCreditState invoice, PostPaymentAllocation allocation)
    {
        if (!AcceptsCreditNotes(invoice.Status)) return Refuse(CreditNoteRefusal.InvoiceStatus, 0);
        if (amount < 1) return Refuse(CreditNoteRefusal.AmountNotPositive, 1);
        var available = invoice.Total - invoice.PrePaymentCredited - invoice.PostPaymentCredited;
        if (amount > available) return Refuse(CreditNoteRefusal.ExceedsInvoiceTotal, Math.Max(0, available));
        var pre = Math.Min(amount, Math.Max(0, invoice.AmountRemaining));
        var post = amount - pre;
        var split = new CreditNoteSplit(amount, pre, post);
        // The post-payment part is bounded by the invoice total alone (rule 2): Stripe's own example credits a 200 USD
        // invoice that a 150 USD balance and 50 USD of payment covered in full, "anything above 50 USD is added to the
        // customer's credit balance".
        return allocation.Total != post
            ? new CreditNotePlan(CreditNoteRefusal.AllocationMismatch, split, post)
            : new CreditNotePlan(CreditNoteRefusal.None, split, 0);
    }

    /// <summary>Rule 5.</summary>
    public static CreditNoteType TypeOf(long prePayment, long postPayment) => (prePayment, postPayment) switch
    {
        ( > 0, > 0) => CreditNoteType.Mixed,
        (_, > 0) => CreditNoteType.PostPayment,
        _ => CreditNoteType.PrePayment,
    };

    /// <summary>Rule 6, before the amount: the way (<paramref name="quantity"/> null: by amount) and the quantity.</summary>
    public static (LineCreditRefusal Refusal, long Limit) LineWay(long lineQuantity, LineCredited before, long? quantity)
    {
        if (quantity is null ? before.ByQuantity : before.ByAmount) return (LineCreditRefusal.ModeMixed, 0);
        var quantityLeft = lineQuantity - before.Quantity;
        return quantity > quantityLeft ? (LineCreditRefusal.QuantityExceeds, quantityLeft) : (LineCreditRefusal.None, 0);
    }

    /// <summary>
    /// Rule 6, the amount: within what the line has left, with the line's sign ("You can credit a negative amount to a
    /// negative invoice_line_item ... The total amount credited to a negative line item must be negative ... can't be
    /// less than the line item amount").
    /// </summary>
    public static (LineCreditRefusal Refusal, long Limit) LineAmount(long lineAmount, LineCredited before, long amount)
    {
        if (lineAmount >= 0)
        {
            if (amount < 0) return (LineCreditRefusal.NotPositive, lineAmount);
            var left = Math.Max(0, lineAmount - before.Amount);
            return amount > left ? (LineCreditRefusal.Exceeds, left) : (LineCreditRefusal.None, 0);
        }
        if (amount > 0) return (LineCreditRefusal.NegativeNotNegative, lineAmount);
        var negativeLeft = Math.Min(0, lineAmount - before.Amount);
        return amount < negativeLeft ? (LineCreditRefusal.NegativeExceeds, negativeLeft) : (LineCreditRefusal.None, 0);
    }

    /// <summary>Rule 7: what a refund group of <paramref name="groupAmount"/> still has to cite.</summary>
    public static long RefundGroupAvailable(long groupAmount, long citedByLiveNotes) => Math.Max(0, groupAmount - citedByLiveNotes);

    /// <summary>Rule 7: cites <paramref name="requested"/> (null: everything left) of a group.</summary>
    public static RefundCitation Cite(long groupAmount, long citedByLiveNotes, long? requested)
    {
        var available = RefundGroupAvailable(groupAmount, citedByLiveNotes);
        if (requested is { } r && r < 1) return new(CitationRefusal.NotPositive, 0, available);
        if (available == 0) return new(CitationRefusal.Exhausted, 0, 0);
        var amount = requested ?? available;
        return amount > available ? new(CitationRefusal.ExceedsAvailable, 0, available) : new(CitationRefusal.None, amount, available);
    }

    /// <summary>Books a credit note on its invoice (the caller holds the invoice's row lock).</summary>
    public static void Apply(Invoice invoice, CreditNoteSplit split)
    {
        invoice.PrePaymentCreditNotesAmount = checked(invoice.PrePaymentCreditNotesAmount + split.PrePayment);
        invoice.PostPaymentCreditNotesAmount = checked(invoice.PostPaymentCreditNotesAmount + split.PostPayment);
    }

    /// <summary>Takes a voided credit note's parts off its invoice.</summary>
    public static void Reverse(Invoice invoice, CreditNote note)
    {
        if (invoice.Id != note.InvoiceId) throw new InvalidOperationException($"{note.Id} is not on {invoice.Id}");
        invoice.PrePaymentCreditNotesAmount = checked(invoice.PrePaymentCreditNotesAmount - note.PrePaymentAmount);
        invoice.PostPaymentCreditNotesAmount = checked(invoice.PostPaymentCreditNotesAmount - note.PostPaymentAmount);
    }

    /// <summary>
    /// Rule 8: the credit note just booked is what leaves nothing to pay on an invoice that still awaited payment
    /// (<see cref="InvoiceStatusMachine.IsCovered"/>, the one answer; <see cref="Invoice.ApplyCreditNote"/> applies it).
    /// </summary>
    public static bool PaysInvoice(InvoiceStatus status, long remainingBefore, long remainingAfter) =>
        remainingBefore > 0 && InvoiceStatusMachine.IsCovered(status, remainingAfter);

    /// <summary>Rule 8: whether <paramref name="note"/> may be voided: only while its invoice is open.</summary>
    public static CreditNoteVoidRefusal VoidRefusal(Invoice invoice, CreditNote note)
    {
        if (invoice.Id != note.InvoiceId) throw new InvalidOperationException($"{note.Id} is not on {invoice.Id}");
        return invoice.Status == InvoiceStatus.Open ? CreditNoteVoidRefusal.None : CreditNoteVoidRefusal.InvoiceNotOpen;
    }

    /// <summary>Stripe's credit note number: the invoice number, <c>-CN-</c>, and a two-digit per-invoice sequence.</summary>
    public static string Number(string invoiceNumber, int sequence) => $"{invoiceNumber}-CN-{sequence:D2}";

    private static CreditNotePlan Refuse(CreditNoteRefusal refusal, long limit) => new(refusal, default, limit);
}
