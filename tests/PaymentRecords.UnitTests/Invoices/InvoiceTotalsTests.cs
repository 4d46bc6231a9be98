using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.UnitTests.Invoices;

public class InvoiceTotalsTests
{
    [Fact]
    public void Subtotal_and_total_are_the_sum_of_lines()
    {
        var t = InvoiceTotals.Compute(LineAmounts.Sum([1000, 250, -300]), 0, 0, 0, 0);
        Assert.Equal(950, t.Subtotal);
        Assert.Equal(950, t.Total);
        Assert.Equal(950, t.AmountDue);
        Assert.Equal(0, t.AmountPaid);
        Assert.Equal(950, t.AmountRemaining);
        Assert.Equal(0, t.AmountOverpaid);
        Assert.Equal(0, t.EndingBalance);
    }

    [Theory]
    // total, starting balance → amount due, ending balance
    [InlineData(1000, 0, 1000, 0)]
    [InlineData(1000, -300, 700, 0)]      // credit covers part
    [InlineData(1000, -1500, 0, -500)]    // credit covers all, 500 left
    [InlineData(1000, 200, 1200, 0)]      // the customer owed 200: added
    [InlineData(-400, 0, 0, -400)]        // a credit invoice becomes customer credit
    [InlineData(-400, 100, 0, -300)]
    [InlineData(0, 0, 0, 0)]
    public void Starting_balance_is_applied(long total, long starting, long due, long ending)
    {
        var t = InvoiceTotals.Compute(total, starting, 0, 0, 0);
        Assert.Equal(starting, t.StartingBalance);
        Assert.Equal(due, t.AmountDue);
        Assert.Equal(ending, t.EndingBalance);
    }

    [Fact]
    public void Pre_payment_credit_notes_lower_amount_due_never_below_zero()
    {
        Assert.Equal(600, InvoiceTotals.Compute(1000, 0, 400, 0, 0).AmountDue);
        Assert.Equal(0, InvoiceTotals.Compute(1000, 0, 1000, 0, 0).AmountDue);
        Assert.Equal(0, InvoiceTotals.Compute(1000, -500, 600, 0, 0).AmountDue);
    }

    [Fact]
    public void Paid_remaining_and_overpaid()
    {
        var part = InvoiceTotals.Compute(1000, 0, 0, 300, 0);
        Assert.Equal((300L, 700L, 0L), (part.AmountPaid, part.AmountRemaining, part.AmountOverpaid));
        var outOfBand = InvoiceTotals.Compute(1000, 0, 0, 300, 700);
        Assert.Equal((1000L, 0L, 0L), (outOfBand.AmountPaid, outOfBand.AmountRemaining, outOfBand.AmountOverpaid));
        var over = InvoiceTotals.Compute(1000, 0, 0, 1250, 0);
        Assert.Equal((1250L, 0L, 250L), (over.AmountPaid, over.AmountRemaining, over.AmountOverpaid));
    }

    [Fact]
    public void Overflow_is_an_error_not_a_wrap()
    {
        Assert.Throws<OverflowException>(() => LineAmounts.Sum([long.MaxValue, 1]));
        Assert.Throws<OverflowException>(() => InvoiceTotals.Compute(long.MaxValue, 1, 0, 0, 0));
    }

    [Fact]
    public void Invoice_totals_use_the_live_balance_only_while_a_draft()
    {
        var invoice = new Invoice { AccountId = "a", Id = "in_1", CustomerId = "cus_1", Currency = "usd", Subtotal = 1000 };
        Assert.Equal(700, invoice.Totals(draftStartingBalance: -300).AmountDue);
        invoice.StartingBalance = 0;
        Assert.Equal(1000, invoice.Totals(draftStartingBalance: -300).AmountDue);
    }

    [Theory]
    [InlineData("ABC123", 1, "ABC123-0001")]
    [InlineData("ABC123", 42, "ABC123-0042")]
    [InlineData("XYZ", 12345, "XYZ-12345")]
    public void Numbers_are_prefix_dash_four_digits(string prefix, long sequence, string expected) =>
        Assert.Equal(expected, Invoice.FormatNumber(prefix, sequence));
}
