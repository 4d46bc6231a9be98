using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// The invoice state machine, as Stripe's transition table gives it (docs/endpoints-invoices.md, "Rules in short"):
/// <code>
/// draft ──finalize──▶ open ──pay──────────────▶ paid
///   │                  │ ──void─────────────▶ void
///   delete             │ ──mark_uncollectible▶ uncollectible ──pay──▶ paid
///                      └ send (stays open)                   └─void─▶ void
/// </code>
/// paid and void are terminal. Only drafts can be deleted or have their money changed. Send finalizes a draft first
/// ("Stripe automatically finalizes drafts before sending") and is allowed on an open invoice without changing it; a
/// paid one is refused (recorded against Stripe); only send_invoice invoices are sent by hand. Pay on a draft finalizes
/// it first (Application/Invoices/PayInvoice.cs), so the table has no (draft, pay). Payments attach to open and
/// uncollectible invoices.
/// <para>
/// On top of the status, the invoice's attached payments hold some actions back (docs/endpoints-invoice-payments.md, "What payments forbid",
/// see <see cref="BlockedByPayments"/>): an open invoice payment blocks mark_uncollectible and pay (out of band);
/// an open or paid one blocks void and edits. So that no invoice gets stuck, an open payment whose record's latest attempt failed or
/// was canceled holds nothing (<see cref="OpenPaymentHolds"/>); voiding the invoice, marking it uncollectible or its
/// becoming paid cancels such payments.
/// </para>
/// </summary>
public static class InvoiceStatusMachine
{
    /// <summary>The status after <paramref name="action"/>, or null when the action is not allowed from <paramref name="from"/>.</summary>
    /// <remarks>For <see cref="InvoiceAction.Delete"/> the "status after" is the draft itself (the row goes away).</remarks>
    public static InvoiceStatus? Next(InvoiceStatus from, InvoiceAction action) => (from, action) switch
    {
        (InvoiceStatus.Draft, InvoiceAction.Finalize) => InvoiceStatus.Open,
        (InvoiceStatus.Draft, InvoiceAction.Delete) => InvoiceStatus.Draft,
        (InvoiceStatus.Draft, InvoiceAction.EditMoney) => InvoiceStatus.Draft,
        (InvoiceStatus.Open, InvoiceAction.Pay) => InvoiceStatus.Paid,
        (InvoiceStatus.Open, InvoiceAction.Void) => InvoiceStatus.Void,
        (InvoiceStatus.Open, InvoiceAction.MarkUncollectible) => InvoiceStatus.Uncollectible,
        (InvoiceStatus.Draft, InvoiceAction.Send) => InvoiceStatus.Open,
        (InvoiceStatus.Open, InvoiceAction.Send) => InvoiceStatus.Open,
        (InvoiceStatus.Uncollectible, InvoiceAction.Pay) => InvoiceStatus.Paid,
        (InvoiceStatus.Uncollectible, InvoiceAction.Void) => InvoiceStatus.Void,
        (InvoiceStatus.Open, InvoiceAction.AttachPayment) => InvoiceStatus.Open,
        (InvoiceStatus.Uncollectible, InvoiceAction.AttachPayment) => InvoiceStatus.Uncollectible,
        _ => null,
    };

    public static bool Allows(InvoiceStatus from, InvoiceAction action) => Next(from, action) is not null;

    public static bool IsTerminal(InvoiceStatus status) => status is InvoiceStatus.Paid or InvoiceStatus.Void;

    /// <summary>
    /// Whether the invoice's attached payments forbid <paramref name="action"/> (the status may allow it):
    /// an open payment that holds (see <see cref="OpenPaymentHolds"/>) blocks mark_uncollectible, pay, void and
    /// edits; a paid payment blocks void and edits. Pay is paid out of band here: while a payment may still pay,
    /// paying the rest out of band would count that money twice once the payment is guaranteed (a paid payment
    /// is already in amount_paid, so paying what remains is fine).
    /// </summary>
    public static bool BlockedByPayments(InvoiceAction action, PaymentHolds holds) => action switch
    {
        InvoiceAction.MarkUncollectible or InvoiceAction.Pay => holds.Open > 0,
        InvoiceAction.Void or InvoiceAction.EditMoney => holds.Open > 0 || holds.Paid > 0,
        _ => false,
    };

    /// <summary>
    /// Whether an open invoice payment still holds its invoice: while its payment record may still pay (the latest
    /// attempt is initiated). A failed or canceled latest attempt holds nothing until a new attempt is reported.
    /// (A guaranteed one never leaves the payment open: it is paid in the same transaction.)
    /// </summary>
    public static bool OpenPaymentHolds(AttemptStatus recordLatestAttempt) => recordLatestAttempt is AttemptStatus.Initiated or AttemptStatus.Guaranteed;

    /// <summary>
    /// When is an invoice paid — the one answer: an invoice that still awaits payment (open or uncollectible) is paid
    /// once nothing remains (<see cref="InvoiceTotals.AmountRemaining"/> is 0), whatever covered it: the balance applied
    /// at finalize, payments, an out-of-band payment or a credit note. <see cref="Invoice.Settle"/> applies it.
    /// </summary>
    public static bool IsCovered(InvoiceStatus status, long amountRemaining) => amountRemaining == 0 && Allows(status, InvoiceAction.Pay);

    /// <summary>The status an invoice takes once its payments cover it: open and uncollectible invoices become paid (see <see cref="IsCovered"/>).</summary>
    public static InvoiceStatus AfterPayment(InvoiceStatus from, InvoiceTotals totals) =>
        IsCovered(from, totals.AmountRemaining) ? InvoiceStatus.Paid : from;
}

/// <summary>How many of an invoice's payments hold it back: open ones that still hold, and paid ones.</summary>
public readonly record struct PaymentHolds(int Open, int Paid)
{
    public static readonly PaymentHolds None = new(0, 0);

    public bool Any => Open > 0 || Paid > 0;
}
