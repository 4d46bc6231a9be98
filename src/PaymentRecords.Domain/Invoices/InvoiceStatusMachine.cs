namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// The invoice state machine, as Stripe's transition table gives it (SUMMARY.md section 5):
/// <code>
/// draft ──finalize──▶ open ──pay──────────────▶ paid
///   │                  │ ──void─────────────▶ void
///   delete             │ ──mark_uncollectible▶ uncollectible ──pay──▶ paid
///                      └ send (stays open)                   └─void─▶ void
/// </code>
/// paid and void are terminal. Only drafts can be deleted or have their money changed. Send is allowed on open
/// and paid invoices (Stripe sends receipts of paid ones) and changes nothing.
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
        (InvoiceStatus.Open, InvoiceAction.Send) => InvoiceStatus.Open,
        (InvoiceStatus.Paid, InvoiceAction.Send) => InvoiceStatus.Paid,
        (InvoiceStatus.Uncollectible, InvoiceAction.Pay) => InvoiceStatus.Paid,
        (InvoiceStatus.Uncollectible, InvoiceAction.Void) => InvoiceStatus.Void,
        _ => null,
    };

    public static bool Allows(InvoiceStatus from, InvoiceAction action) => Next(from, action) is not null;

    public static bool IsTerminal(InvoiceStatus status) => status is InvoiceStatus.Paid or InvoiceStatus.Void;
}
