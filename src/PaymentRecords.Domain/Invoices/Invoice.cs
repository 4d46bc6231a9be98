using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.InvoicePayments;

namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// An invoice. Columns hold what rules read (status, amounts, dates, the customer); fields that are only stored
/// and echoed (custom_fields, footer, rendering, shipping_details, payment_settings, the customer snapshot taken
/// at finalize…) live in <see cref="Attributes"/>. Amounts shown on the wire come from <see cref="Totals"/>.
/// <para>
/// Every status change is one of the methods below (<see cref="Finalize"/>, <see cref="Settle"/>,
/// <see cref="PayOutOfBand"/>, <see cref="CreditPayment"/>, <see cref="ApplyCreditNote"/>, <see cref="Void"/>,
/// <see cref="MarkUncollectible"/>): the setters are internal, so no handler sets a status. Each method checks
/// <see cref="InvoiceStatusMachine"/> and throws <see cref="InvalidOperationException"/> on a transition the caller
/// should have refused with a Stripe error first. The caller holds the invoice's row lock (and the customer's, for
/// the methods that move the customer).
/// </para>
/// </summary>
public sealed partial class Invoice : IAccountScoped
{
    public const string ChargeAutomatically = "charge_automatically";
    public const string SendInvoice = "send_invoice";
    /// <summary>Stripe's limit on invoice items per invoice.</summary>
    public const int MaxLines = 250;
    /// <summary>Days a send_invoice invoice is due after it was created when neither due_date nor days_until_due is given (set at finalize).</summary>
    public const int DefaultDaysUntilDue = 30;
    /// <summary>The <see cref="Attributes"/> key of the customer's details frozen at finalize.</summary>
    public const string CustomerSnapshotKey = "customer_snapshot";

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string CustomerId { get; init; }
    public required string Currency { get; init; }
    public InvoiceStatus Status { get; internal set; } = InvoiceStatus.Draft;
    public string CollectionMethod { get; set; } = ChargeAutomatically;
    public bool AutoAdvance { get; set; }
    /// <summary>Why the invoice was created: <c>manual</c>, or <c>subscription_create</c> for a subscription's first invoice.</summary>
    public string BillingReason { get; init; } = BillingReasons.Manual;
    /// <summary>The subscription that created the invoice (<c>parent.subscription_details.subscription</c>), if any.</summary>
    public string? SubscriptionId { get; init; }
    /// <summary>The test clock of its customer (Stripe shows it on the object; a customer joins a clock only at creation).</summary>
    public string? TestClockId { get; init; }
    public string? Number { get; set; }
    public string? Description { get; set; }
    public long? DueDate { get; set; }
    public long? DaysUntilDue { get; set; }
    public long? EffectiveAt { get; set; }
    public long? AutomaticallyFinalizesAt { get; set; }
    public long? FinalizedAt { get; internal set; }
    public long? PaidAt { get; internal set; }
    public long? VoidedAt { get; internal set; }
    public long? MarkedUncollectibleAt { get; internal set; }

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
    /// <summary>Σ of the billing credits applied at finalization (<see cref="ApplyPretaxCredits"/>); total is net of it.</summary>
    public long PretaxCreditAmount { get; private set; }
    public long PostPaymentCreditNotesAmount { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];
    public JsonObject Attributes { get; set; } = [];

    /// <summary>
    /// The invoice's amounts. <paramref name="draftStartingBalance"/> is what a draft shows as starting balance
    /// (the customer's balance now); finalized invoices use the balance frozen at finalize.
    /// </summary>
    public InvoiceTotals Totals(long draftStartingBalance) =>
        InvoiceTotals.Compute(Subtotal, StartingBalance ?? draftStartingBalance, PrePaymentCreditNotesAmount,
            AmountPaidByPayments, AmountPaidOutOfBand, PretaxCreditAmount, DiscountAmount);

    /// <summary>The <see cref="Attributes"/> key of <c>total_pretax_credit_amounts</c>' entries: {credit_balance_transaction, line, amount}.</summary>
    public const string PretaxCreditsKey = "pretax_credits";

    /// <summary>
    /// A draft being finalized takes billing credits (each entry: a <c>credits_applied</c> ledger entry on one of its
    /// lines), before <see cref="Finalize"/> computes what is due. Each line records its own entries
    /// (<see cref="InvoiceItem.PretaxCreditsKey"/>). The caller holds the invoice's, its lines' and the grants' row locks.
    /// </summary>
    public void ApplyPretaxCredits(IReadOnlyList<(InvoiceItem Line, string CreditBalanceTransactionId, long Amount)> credits)
    {
        if (Status != InvoiceStatus.Draft) throw new InvalidOperationException($"{Id} is {Status.Wire()}");
        if (credits.Count == 0) return;
        if (Attributes[PretaxCreditsKey] is not JsonArray entries) Attributes[PretaxCreditsKey] = entries = [];
        foreach (var (line, txn, amount) in credits)
        {
            if (line.InvoiceId != Id) throw new InvalidOperationException($"{line.Id} is not on {Id}");
            if (amount <= 0) throw new ArgumentOutOfRangeException(nameof(credits));
            var entry = new JsonObject { ["credit_balance_transaction"] = txn, ["line"] = line.LineId, ["amount"] = amount };
            entries.Add(entry);
            line.AddPretaxCredit(txn, amount);
            PretaxCreditAmount = checked(PretaxCreditAmount + amount);
        }
        if (PretaxCreditAmount > Subtotal - DiscountAmount) throw new InvalidOperationException($"{Id}: credits exceed the discounted subtotal");
    }

    /// <summary>The credits finalization applied: (credit balance transaction, line id, amount), in the order applied.</summary>
    public IReadOnlyList<(string CreditBalanceTransactionId, string LineId, long Amount)> PretaxCredits() =>
        Attributes[PretaxCreditsKey] is JsonArray entries
            ? entries.OfType<JsonObject>().Select(e => (e["credit_balance_transaction"]!.GetValue<string>(), e["line"]!.GetValue<string>(), e["amount"]!.GetValue<long>())).ToList()
            : [];

    /// <summary>Adds a line after the others (the item becomes line <c>il_…</c>); the caller holds the invoice's row lock.</summary>
    public void AddLine(InvoiceItem item, string lineId)
    {
        var position = NextLinePosition;
        NextLinePosition++;
        AddLine(item, lineId, position);
    }

    /// <summary>
    /// Positions for <paramref name="count"/> lines added together before every line the invoice has, in the order
    /// given (add_lines: recorded against Stripe, the lines added come first). Positions only grow in magnitude, so
    /// each is new: lines added after the others take 0, 1, 2…, lines added before them −1, −2… further out each time.
    /// </summary>
    public int[] LeadingLinePositions(int count)
    {
        var first = NextLinePosition;
        NextLinePosition = checked(NextLinePosition + count);
        return [.. Enumerable.Range(0, count).Select(i => -(first + count - i))];
    }

    /// <summary>Adds a line at a <paramref name="position"/> from <see cref="LeadingLinePositions"/>; the caller holds the invoice's row lock.</summary>
    public void AddLine(InvoiceItem item, string lineId, int position)
    {
        if (Status != InvoiceStatus.Draft) throw new InvalidOperationException($"{Id} is {Status.Wire()}");
        if (item.Currency != Currency || item.CustomerId != CustomerId) throw new InvalidOperationException($"{item.Id} does not fit {Id}");
        if (LineCount >= MaxLines) throw new InvalidOperationException($"{Id} already has {MaxLines} lines");
        item.AttachTo(Id, lineId, position);
        LineCount++;
        Subtotal = checked(Subtotal + item.Amount);
        TrackDiscountableLine(item);
    }

    /// <summary>Takes a line off (its item is deleted); the caller holds the row lock.</summary>
    public void RemoveLine(InvoiceItem item)
    {
        if (item.InvoiceId != Id) throw new InvalidOperationException($"{item.Id} is not on {Id}");
        LineCount--;
        Subtotal = checked(Subtotal - item.Amount);
        UntrackDiscountableLine(item.LineId);
    }

    /// <summary>A line's amount changed from <paramref name="oldAmount"/> to the item's current amount (or its <c>discountable</c> changed).</summary>
    public void LineAmountChanged(InvoiceItem item, long oldAmount)
    {
        if (item.InvoiceId != Id) throw new InvalidOperationException($"{item.Id} is not on {Id}");
        Subtotal = checked(Subtotal - oldAmount + item.Amount);
        TrackDiscountableLine(item);
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
        Settle(at);
        return new PaymentCredit(statusBefore, Status, before.AmountOverpaid, after.AmountOverpaid);
    }

    /// <summary>
    /// draft → open: the number from the customer's sequence (kept if the draft already had one), the customer's
    /// details frozen (<paramref name="customerSnapshot"/>), the customer's balance applied when it is in the invoice's
    /// currency (the first finalized invoice fixes that currency), the due date of a send_invoice invoice that has none yet
    /// (<see cref="DefaultDaysUntilDue"/> from <see cref="Created"/>). The invoice
    /// stays open even when nothing is due: <see cref="Settle"/> is the next step, so that <c>invoice.finalized</c>
    /// shows it open. Returns the balance ledger entry to store, if the balance moved. Both rows are locked by the caller.
    /// </summary>
    public CustomerBalanceTransaction? Finalize(Customer customer, JsonObject customerSnapshot, long at)
    {
        Require(InvoiceAction.Finalize);
        if (customer.Id != CustomerId) throw new InvalidOperationException($"{customer.Id} is not {Id}'s customer");
        if (Number is null)
        {
            Number = FormatNumber(customer.InvoicePrefix, customer.NextInvoiceSequence);
            customer.NextInvoiceSequence++;
        }
        Attributes[CustomerSnapshotKey] = customerSnapshot;
        var applies = customer.BalanceAppliesTo(Currency);
        customer.Currency ??= Currency;
        StartingBalance = applies ? customer.Balance : 0;
        EndingBalance = applies ? Totals(0).EndingBalance : 0;
        var applied = applies && EndingBalance != StartingBalance
            ? customer.MoveBalance(EndingBalance.Value - StartingBalance.Value, Currency, CustomerBalanceTransaction.AppliedToInvoice, Id, null, at)
            : null;

        Status = InvoiceStatus.Open;
        FinalizedAt = at;
        EffectiveAt ??= at;
        AutomaticallyFinalizesAt = null;
        if (CollectionMethod == SendInvoice) DueDate ??= DueDateAfter(DaysUntilDue ?? DefaultDaysUntilDue);
        return applied;
    }

    /// <summary>The <see cref="Attributes"/> keys of the links a finalized invoice is published at.</summary>
    public const string HostedInvoiceUrlKey = "hosted_invoice_url", InvoicePdfKey = "invoice_pdf";

    /// <summary>
    /// Publishes the finalized invoice at <paramref name="hostedInvoiceUrl"/> (its page) and <paramref name="invoicePdf"/>
    /// (its PDF): Stripe's fields are null until finalize, and an invoice keeps its links from then on.
    /// </summary>
    public void PublishLinks(string hostedInvoiceUrl, string invoicePdf)
    {
        if (Status == InvoiceStatus.Draft) throw new InvalidOperationException($"{Id} is a draft: it has no page yet");
        Attributes[HostedInvoiceUrlKey] ??= hostedInvoiceUrl;
        Attributes[InvoicePdfKey] ??= invoicePdf;
    }

    /// <summary>
    /// Stripe's <c>days_until_due</c>: "The number of days from when the invoice is created until it is due", so the
    /// due date counts from <see cref="Created"/> (a draft shows it already; finalize keeps it).
    /// </summary>
    public long DueDateAfter(long daysUntilDue) => checked(Created + daysUntilDue * 86_400);

    /// <summary>Sets <c>days_until_due</c> and the due date it gives (<see cref="DueDateAfter"/>).</summary>
    public void SetDaysUntilDue(long daysUntilDue)
    {
        DaysUntilDue = daysUntilDue;
        DueDate = DueDateAfter(daysUntilDue);
    }

    /// <summary>
    /// Marks the invoice paid when nothing remains to pay (<see cref="InvoiceStatusMachine.IsCovered"/>, the one
    /// answer to "when is an invoice paid"). Returns whether it turned paid now. A paid invoice no longer advances:
    /// <c>auto_advance</c> turns false, as recorded against Stripe.
    /// </summary>
    public bool Settle(long at)
    {
        if (!InvoiceStatusMachine.IsCovered(Status, Totals(0).AmountRemaining)) return false;
        Status = InvoiceStatus.Paid;
        PaidAt = at;
        AutoAdvance = false;
        return true;
    }

    /// <summary>open | uncollectible → paid: what remains is recorded as paid out of band.</summary>
    public void PayOutOfBand(long at)
    {
        Require(InvoiceAction.Pay);
        AmountPaidOutOfBand = checked(AmountPaidOutOfBand + Totals(0).AmountRemaining);
        if (!Settle(at)) throw new InvalidOperationException($"{Id} is not covered after paying what remains");
    }

    /// <summary>
    /// open | uncollectible → void. A customer balance that finalize applied is given back: returns that ledger entry
    /// to store (the customer's row is locked by the caller).
    /// </summary>
    public CustomerBalanceTransaction? Void(Customer customer, long at)
    {
        Require(InvoiceAction.Void);
        if (customer.Id != CustomerId) throw new InvalidOperationException($"{customer.Id} is not {Id}'s customer");
        Status = InvoiceStatus.Void;
        VoidedAt = at;
        var applied = (EndingBalance ?? 0) - (StartingBalance ?? 0);
        return applied == 0 ? null : customer.MoveBalance(-applied, Currency, CustomerBalanceTransaction.UnappliedFromInvoice, Id, null, at);
    }

    /// <summary>open → uncollectible.</summary>
    public void MarkUncollectible(long at)
    {
        Require(InvoiceAction.MarkUncollectible);
        Status = InvoiceStatus.Uncollectible;
        MarkedUncollectibleAt = at;
    }

    /// <summary>
    /// Books a credit note's parts (<see cref="CreditNoteAmounts.Apply"/>); an invoice that still awaited payment and
    /// has nothing left to pay becomes paid (<see cref="Settle"/>). Returns whether it turned paid.
    /// </summary>
    public bool ApplyCreditNote(CreditNoteSplit split, long at)
    {
        if (!CreditNoteAmounts.AcceptsCreditNotes(Status)) throw new InvalidOperationException($"{Id} is {Status.Wire()}");
        CreditNoteAmounts.Apply(this, split);
        return Settle(at);
    }

    /// <summary>Takes a voided credit note's parts off (<see cref="CreditNoteAmounts.Reverse"/>): on an open invoice only.</summary>
    public void RemoveCreditNote(CreditNote note)
    {
        if (CreditNoteAmounts.VoidRefusal(this, note) != CreditNoteVoidRefusal.None)
            throw new InvalidOperationException($"{note.Id} can't be voided: {Id} is {Status.Wire()}");
        CreditNoteAmounts.Reverse(this, note);
    }

    private void Require(InvoiceAction action)
    {
        if (!InvoiceStatusMachine.Allows(Status, action)) throw new InvalidOperationException($"{Id} is {Status.Wire()}: no {action}");
    }

    /// <summary>Stripe's invoice number: the customer's prefix and the sequence, at least four digits.</summary>
    public static string FormatNumber(string invoicePrefix, long sequence) => $"{invoicePrefix}-{sequence:D4}";
}

/// <summary>Stripe's <c>billing_reason</c> values this server writes.</summary>
public static class BillingReasons
{
    public const string Manual = "manual";
    public const string SubscriptionCreate = "subscription_create";
    public const string SubscriptionCycle = "subscription_cycle";
    /// <summary>A preview (create_preview): never stored.</summary>
    public const string Upcoming = "upcoming";
}

/// <summary>What crediting one invoice payment did to its invoice.</summary>
public readonly record struct PaymentCredit(InvoiceStatus StatusBefore, InvoiceStatus StatusAfter, long OverpaidBefore, long OverpaidAfter)
{
    /// <summary>The invoice turned paid with this payment.</summary>
    public bool BecamePaid => StatusBefore != InvoiceStatus.Paid && StatusAfter == InvoiceStatus.Paid;

    /// <summary>How much more the invoice is overpaid than before (credited to the customer's balance).</summary>
    public long NewlyOverpaid => OverpaidAfter - OverpaidBefore;
}
