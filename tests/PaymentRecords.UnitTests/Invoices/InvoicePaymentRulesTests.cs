using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.UnitTests.Invoices;

/// <summary>
/// What attached payments do to an invoice: the guards in docs/endpoints-invoice-payments.md, "What payments forbid" (with the "no invoice gets stuck"
/// exception) and crediting a payment (partial, exact, overpaid, on an uncollectible or already paid invoice).
/// </summary>
public class InvoicePaymentRulesTests
{
    [Theory]
    // open (holding), paid → mark_uncollectible and pay blocked, void blocked, edit blocked
    [InlineData(0, 0, false, false, false)]
    [InlineData(1, 0, true, true, true)]
    [InlineData(0, 1, false, true, true)]
    [InlineData(2, 3, true, true, true)]
    public void Open_payments_block_uncollectible_and_pay_and_open_or_paid_ones_block_void_and_edits(
        int open, int paid, bool uncollectibleAndPayBlocked, bool voidBlocked, bool editBlocked)
    {
        var holds = new PaymentHolds(open, paid);
        Assert.Equal(uncollectibleAndPayBlocked, InvoiceStatusMachine.BlockedByPayments(InvoiceAction.MarkUncollectible, holds));
        // pay (out of band) while a payment may still pay: the money would be counted twice once it is guaranteed.
        Assert.Equal(uncollectibleAndPayBlocked, InvoiceStatusMachine.BlockedByPayments(InvoiceAction.Pay, holds));
        Assert.Equal(voidBlocked, InvoiceStatusMachine.BlockedByPayments(InvoiceAction.Void, holds));
        Assert.Equal(editBlocked, InvoiceStatusMachine.BlockedByPayments(InvoiceAction.EditMoney, holds));
        foreach (var other in new[] { InvoiceAction.Send, InvoiceAction.AttachPayment, InvoiceAction.Finalize, InvoiceAction.Delete })
            Assert.False(InvoiceStatusMachine.BlockedByPayments(other, holds));
        Assert.Equal(open + paid > 0, holds.Any);
        Assert.False(PaymentHolds.None.Any);
    }

    [Theory]
    [InlineData(AttemptStatus.Initiated, true)]
    [InlineData(AttemptStatus.Guaranteed, true)]
    [InlineData(AttemptStatus.Failed, false)]
    [InlineData(AttemptStatus.Canceled, false)]
    public void An_open_payment_whose_record_failed_or_was_canceled_holds_nothing(AttemptStatus latest, bool holds) =>
        Assert.Equal(holds, InvoiceStatusMachine.OpenPaymentHolds(latest));

    [Theory]
    [InlineData(InvoiceStatus.Open, 0, InvoiceStatus.Paid)]
    [InlineData(InvoiceStatus.Open, 1, InvoiceStatus.Open)]
    [InlineData(InvoiceStatus.Uncollectible, 0, InvoiceStatus.Paid)]
    [InlineData(InvoiceStatus.Uncollectible, 5, InvoiceStatus.Uncollectible)]
    [InlineData(InvoiceStatus.Paid, 0, InvoiceStatus.Paid)]
    [InlineData(InvoiceStatus.Void, 0, InvoiceStatus.Void)]
    public void An_invoice_becomes_paid_once_nothing_remains(InvoiceStatus from, long remaining, InvoiceStatus expected)
    {
        var totals = InvoiceTotals.Compute(1000, 0, 0, 1000 - remaining, 0);
        Assert.Equal(expected, InvoiceStatusMachine.AfterPayment(from, totals));
    }

    private static Invoice OpenInvoice(long amount, long startingBalance = 0, InvoiceStatus status = InvoiceStatus.Open) => new()
    {
        AccountId = "acct",
        Id = "in_1",
        CustomerId = "cus_1",
        Currency = "usd",
        Status = status,
        Subtotal = amount,
        StartingBalance = startingBalance,
        FinalizedAt = 1,
    };

    private static InvoicePayment Payment(string invoice = "in_1", long requested = 0) => new()
    {
        AccountId = "acct",
        Id = "inpay_" + Guid.NewGuid().ToString("N")[..8],
        InvoiceId = invoice,
        Currency = "usd",
        AmountRequested = requested,
        PaymentRecordId = "pr_" + Guid.NewGuid().ToString("N")[..8],
    };

    [Fact]
    public void Partial_payments_keep_the_invoice_open_until_nothing_remains()
    {
        var invoice = OpenInvoice(1000);
        var first = Payment();
        var credit = invoice.CreditPayment(first, 400, 100);
        Assert.Equal(InvoicePaymentStatus.Paid, first.Status);
        Assert.Equal(400, first.AmountPaid);
        Assert.Equal(100, first.PaidAt);
        Assert.False(credit.BecamePaid);
        Assert.Equal(0, credit.NewlyOverpaid);
        Assert.Equal(InvoiceStatus.Open, invoice.Status);
        Assert.Null(invoice.PaidAt);
        var t = invoice.Totals(0);
        Assert.Equal((400L, 600L, 0L), (t.AmountPaid, t.AmountRemaining, t.AmountOverpaid));

        credit = invoice.CreditPayment(Payment(), 600, 200);
        Assert.True(credit.BecamePaid);
        Assert.Equal(0, credit.NewlyOverpaid);
        Assert.Equal(InvoiceStatus.Paid, invoice.Status);
        Assert.Equal(200, invoice.PaidAt);
        t = invoice.Totals(0);
        Assert.Equal((1000L, 0L, 0L), (t.AmountPaid, t.AmountRemaining, t.AmountOverpaid));
    }

    [Fact]
    public void A_payment_larger_than_what_remains_pays_and_overpays()
    {
        var invoice = OpenInvoice(1000, startingBalance: -300); // 700 due
        var credit = invoice.CreditPayment(Payment(), 1000, 100);
        Assert.True(credit.BecamePaid);
        Assert.Equal(300, credit.NewlyOverpaid);
        var t = invoice.Totals(0);
        Assert.Equal((700L, 1000L, 0L, 300L), (t.AmountDue, t.AmountPaid, t.AmountRemaining, t.AmountOverpaid));

        // A later payment on the paid invoice is all overpayment; the invoice stays paid at its first paid_at.
        credit = invoice.CreditPayment(Payment(), 50, 900);
        Assert.False(credit.BecamePaid);
        Assert.Equal(50, credit.NewlyOverpaid);
        Assert.Equal(350, invoice.Totals(0).AmountOverpaid);
        Assert.Equal(100, invoice.PaidAt);
    }

    [Fact]
    public void An_uncollectible_invoice_is_paid_by_its_payments()
    {
        var invoice = OpenInvoice(500, status: InvoiceStatus.Uncollectible);
        Assert.True(invoice.CreditPayment(Payment(), 500, 7).BecamePaid);
        Assert.Equal(InvoiceStatus.Paid, invoice.Status);
    }

    [Fact]
    public void Only_open_payments_of_this_finalized_invoice_can_be_credited()
    {
        var invoice = OpenInvoice(1000);
        Assert.Throws<InvalidOperationException>(() => invoice.CreditPayment(Payment(invoice: "in_other"), 10, 1));
        var paid = Payment();
        invoice.CreditPayment(paid, 10, 1);
        Assert.Throws<InvalidOperationException>(() => invoice.CreditPayment(paid, 10, 1));
        var canceled = Payment();
        canceled.Cancel(5);
        Assert.Equal(5, canceled.CanceledAt);
        Assert.Throws<InvalidOperationException>(() => invoice.CreditPayment(canceled, 10, 1));
        var draft = new Invoice { AccountId = "acct", Id = "in_1", CustomerId = "cus_1", Currency = "usd" };
        Assert.Throws<InvalidOperationException>(() => draft.CreditPayment(Payment(), 10, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => invoice.CreditPayment(Payment(), -1, 1));
        Assert.Equal(10, invoice.AmountPaidByPayments);
    }
}
