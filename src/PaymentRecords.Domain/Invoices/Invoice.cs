using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.InvoicePayments;

namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// An invoice. Columns hold what rules read (status, amounts, dates, the customer); fields that are only stored
/// and echoed (custom_fields, footer, rendering, shipping_details, payment_settings, the customer snapshot taken
/// at finalize…) live in <see cref="Attributes"/>. Amounts shown on the wire come from <see cref="Totals"/>.
/// </summary>
public sealed class Invoice : IAccountScoped
{
    public const string ChargeAutomatically = "charge_automatically";
    public const string SendInvoice = "send_invoice";
    /// <summary>Stripe's limit on invoice items per invoice.</summary>
    public const int MaxLines = 250;
    /// <summary>Days a send_invoice invoice is due after finalize when neither due_date nor days_until_due is given.</summary>
    public const int DefaultDaysUntilDue = 30;

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string CustomerId { get; init; }
    public required string Currency { get; init; }
    public InvoiceStatus Status { get; set; } = InvoiceStatus.Draft;
    public string CollectionMethod { get; set; } = ChargeAutomatically;
    public bool AutoAdvance { get; set; }
    public string? Number { get; set; }
    public string? Description { get; set; }
    public long? DueDate { get; set; }
    public long? DaysUntilDue { get; set; }
    public long? EffectiveAt { get; set; }
    public long? AutomaticallyFinalizesAt { get; set; }
    public long? FinalizedAt { get; set; }
    public long? PaidAt { get; set; }
    public long? VoidedAt { get; set; }
    public long? MarkedUncollectibleAt { get; set; }

    /// <summary>Σ line amounts, kept in step with the lines under the invoice's row lock.</summary>
    public long Subtotal { get; set; }
    /// <summary>How many lines the invoice holds (at most <see cref="MaxLines"/>).</summary>
    public int LineCount { get; set; }
    /// <summary>The position the next line takes (lines keep their order; removed ones leave gaps).</summary>
    public int NextLinePosition { get; set; }
    /// <summary>Frozen at finalize; while a draft, the customer's current balance is shown instead.</summary>
    public long? StartingBalance { get; set; }
    /// <summary>Set at finalize: the customer balance after this invoice applied it.</summary>
    public long? EndingBalance { get; set; }
    /// <summary>Recorded by <c>pay</c> with <c>paid_out_of_band=true</c>.</summary>
    public long AmountPaidOutOfBand { get; set; }
    /// <summary>Σ paid invoice payments (see <see cref="CreditPayment"/>).</summary>
    public long AmountPaidByPayments { get; set; }
    public long PrePaymentCreditNotesAmount { get; set; }
    public long PostPaymentCreditNotesAmount { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];
    public JsonObject Attributes { get; set; } = [];

    /// <summary>
    /// The invoice's amounts. <paramref name="draftStartingBalance"/> is what a draft shows as starting balance
    /// (the customer's balance now); finalized invoices use the balance frozen at finalize.
    /// </summary>
    public InvoiceTotals Totals(long draftStartingBalance) =>
        InvoiceTotals.Compute(Subtotal, StartingBalance ?? draftStartingBalance, PrePaymentCreditNotesAmount,
            AmountPaidByPayments, AmountPaidOutOfBand);

    /// <summary>Adds a line (the item becomes line <c>il_…</c>); the caller holds the invoice's row lock.</summary>
    public void AddLine(InvoiceItem item, string lineId)
    {
        if (Status != InvoiceStatus.Draft) throw new InvalidOperationException($"{Id} is {Status.Wire()}");
        if (item.Currency != Currency || item.CustomerId != CustomerId) throw new InvalidOperationException($"{item.Id} does not fit {Id}");
        if (LineCount >= MaxLines) throw new InvalidOperationException($"{Id} already has {MaxLines} lines");
        item.AttachTo(Id, lineId, NextLinePosition);
        NextLinePosition++;
        LineCount++;
        Subtotal = checked(Subtotal + item.Amount);
    }

    /// <summary>Takes a line off (its item is deleted, or goes back to pending); the caller holds the row lock.</summary>
    public void RemoveLine(InvoiceItem item)
    {
        if (item.InvoiceId != Id) throw new InvalidOperationException($"{item.Id} is not on {Id}");
        LineCount--;
        Subtotal = checked(Subtotal - item.Amount);
    }

    /// <summary>A line's amount changed from <paramref name="oldAmount"/> to the item's current amount.</summary>
    public void LineAmountChanged(InvoiceItem item, long oldAmount)
    {
        if (item.InvoiceId != Id) throw new InvalidOperationException($"{item.Id} is not on {Id}");
        Subtotal = checked(Subtotal - oldAmount + item.Amount);
    }

    /// <summary>
    /// Credits an open invoice payment of this (finalized) invoice with <paramref name="amount"/>: the payment becomes
    /// paid, <c>amount_paid</c> grows, and once nothing remains an open or uncollectible invoice becomes paid. More
    /// than remains is accepted (the money was taken): the excess is <c>amount_overpaid</c>. The caller holds the
    /// invoice's row lock and books <see cref="PaymentCredit.NewlyOverpaid"/> to the customer's balance.
    /// </summary>
    public PaymentCredit CreditPayment(InvoicePayment payment, long amount, long at)
    {
        if (payment.InvoiceId != Id) throw new InvalidOperationException($"{payment.Id} is not on {Id}");
        if (payment.Status != InvoicePaymentStatus.Open) throw new InvalidOperationException($"{payment.Id} is {payment.Status}");
        if (Status == InvoiceStatus.Draft || StartingBalance is null) throw new InvalidOperationException($"{Id} is not finalized");
        if (amount < 0) throw new ArgumentOutOfRangeException(nameof(amount));
        var before = Totals(0);
        var statusBefore = Status;
        payment.MarkPaid(amount, at);
        AmountPaidByPayments = checked(AmountPaidByPayments + amount);
        var after = Totals(0);
        Status = InvoiceStatusMachine.AfterPayment(Status, after);
        if (Status != statusBefore) PaidAt = at;
        return new PaymentCredit(statusBefore, Status, before.AmountOverpaid, after.AmountOverpaid);
    }

    /// <summary>Stripe's invoice number: the customer's prefix and the sequence, at least four digits.</summary>
    public static string FormatNumber(string invoicePrefix, long sequence) => $"{invoicePrefix}-{sequence:D4}";
}

/// <summary>What crediting one invoice payment did to its invoice.</summary>
public readonly record struct PaymentCredit(InvoiceStatus StatusBefore, InvoiceStatus StatusAfter, long OverpaidBefore, long OverpaidAfter)
{
    /// <summary>The invoice turned paid with this payment.</summary>
    public bool BecamePaid => StatusBefore != InvoiceStatus.Paid && StatusAfter == InvoiceStatus.Paid;

    /// <summary>How much more the invoice is overpaid than before (credited to the customer's balance).</summary>
    public long NewlyOverpaid => OverpaidAfter - OverpaidBefore;
}
