using System.Text.Json.Nodes;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.UnitTests.Invoices;

/// <summary>
/// The invoice's own transitions (Invoice.Finalize, Settle, PayOutOfBand, Void, MarkUncollectible, ApplyCreditNote):
/// what each changes, the customer balance it moves, and that "paid" has one answer (InvoiceStatusMachine.IsCovered).
/// </summary>
public class InvoiceTransitionRulesTests
{
    private static Customer Customer(long balance = 0, string? currency = null) => new()
    {
        AccountId = "acct",
        Id = "cus_1",
        InvoicePrefix = "ABCD1234",
        Balance = balance,
        Currency = currency,
    };

    private static Invoice Draft(long subtotal, string method = Invoice.ChargeAutomatically) => new()
    {
        AccountId = "acct",
        Id = "in_1",
        CustomerId = "cus_1",
        Currency = "usd",
        Subtotal = subtotal,
        CollectionMethod = method,
    };

    [Fact]
    public void Finalize_numbers_freezes_applies_the_balance_and_stays_open()
    {
        var customer = Customer(balance: -300);
        var invoice = Draft(1000, Invoice.SendInvoice);
        var applied = invoice.Finalize(customer, new JsonObject { ["customer_name"] = "x" }, at: 100);

        Assert.Equal(InvoiceStatus.Open, invoice.Status);
        Assert.Equal("ABCD1234-0001", invoice.Number);
        Assert.Equal(2, customer.NextInvoiceSequence);
        Assert.Equal("usd", customer.Currency);
        Assert.Equal(-300, invoice.StartingBalance);
        Assert.Equal(0, invoice.EndingBalance);
        Assert.Equal(0, customer.Balance);
        Assert.NotNull(applied);
        Assert.Equal((300, 0, CustomerBalanceTransaction.AppliedToInvoice, "in_1", 100L), (applied.Amount, applied.EndingBalance, applied.Type, applied.InvoiceId, applied.Created));
        // No due date yet: the default 30 days count from the invoice's creation (0 here), not from finalize.
        Assert.Equal((100L, 100L, 30L * 86_400), (invoice.FinalizedAt, invoice.EffectiveAt, invoice.DueDate));
        Assert.Equal("x", invoice.Attributes[Invoice.CustomerSnapshotKey]?["customer_name"]?.GetValue<string>());
        Assert.Equal(700, invoice.Totals(0).AmountRemaining);
        Assert.False(invoice.Settle(101));
        Assert.Throws<InvalidOperationException>(() => invoice.Finalize(customer, [], 102));
    }

    [Fact]
    public void A_balance_in_another_currency_is_not_applied_and_nothing_due_settles()
    {
        var customer = Customer(balance: -5000, currency: "eur");
        var invoice = Draft(0);
        Assert.Null(invoice.Finalize(customer, [], 100));
        Assert.Equal((0L, 0L), (invoice.StartingBalance, invoice.EndingBalance));
        Assert.Equal(-5000, customer.Balance);
        Assert.True(invoice.Settle(100));
        Assert.Equal((InvoiceStatus.Paid, (long?)100), (invoice.Status, invoice.PaidAt));
        Assert.False(invoice.Settle(101));
    }

    [Fact]
    public void Pay_out_of_band_records_what_remains_and_pays()
    {
        var invoice = Draft(1000);
        invoice.Finalize(Customer(), [], 100);
        invoice.MarkUncollectible(110);
        Assert.Equal((InvoiceStatus.Uncollectible, (long?)110), (invoice.Status, invoice.MarkedUncollectibleAt));
        invoice.PayOutOfBand(120);
        Assert.Equal((InvoiceStatus.Paid, (long?)120, 1000L), (invoice.Status, invoice.PaidAt, invoice.AmountPaidOutOfBand));
        Assert.Throws<InvalidOperationException>(() => invoice.PayOutOfBand(130));
        Assert.Throws<InvalidOperationException>(() => invoice.MarkUncollectible(130));
    }

    [Fact]
    public void Void_gives_back_the_balance_finalize_applied()
    {
        var customer = Customer(balance: -300);
        var invoice = Draft(1000);
        invoice.Finalize(customer, [], 100);
        var unapplied = invoice.Void(customer, 200);
        Assert.Equal((InvoiceStatus.Void, (long?)200), (invoice.Status, invoice.VoidedAt));
        Assert.NotNull(unapplied);
        Assert.Equal((-300L, -300L, CustomerBalanceTransaction.UnappliedFromInvoice), (unapplied.Amount, unapplied.EndingBalance, unapplied.Type));
        Assert.Equal(-300, customer.Balance);
        Assert.Throws<InvalidOperationException>(() => invoice.Void(customer, 300));
    }

    [Fact]
    public void A_credit_note_that_leaves_nothing_to_pay_pays_the_invoice_and_its_void_never_reopens_it()
    {
        var invoice = Draft(1000);
        invoice.Finalize(Customer(), [], 100);
        Assert.False(invoice.ApplyCreditNote(new CreditNoteSplit(400, 400, 0), 110));
        Assert.Equal(InvoiceStatus.Open, invoice.Status);
        Assert.True(invoice.ApplyCreditNote(new CreditNoteSplit(600, 600, 0), 120));
        Assert.Equal((InvoiceStatus.Paid, (long?)120), (invoice.Status, invoice.PaidAt));
        var note = new CreditNote
        {
            AccountId = "acct", Id = "cn_1", InvoiceId = "in_1", CustomerId = "cus_1", Currency = "usd", Number = "N-CN-01",
            Amount = 600, PrePaymentAmount = 600,
        };
        Assert.Throws<InvalidOperationException>(() => invoice.RemoveCreditNote(note));
        Assert.Equal(1000, invoice.PrePaymentCreditNotesAmount);
    }

    [Theory]
    [InlineData(InvoiceStatus.Open, 0, true)]
    [InlineData(InvoiceStatus.Uncollectible, 0, true)]
    [InlineData(InvoiceStatus.Open, 1, false)]
    [InlineData(InvoiceStatus.Draft, 0, false)]
    [InlineData(InvoiceStatus.Paid, 0, false)]
    [InlineData(InvoiceStatus.Void, 0, false)]
    public void Paid_has_one_answer(InvoiceStatus status, long remaining, bool covered)
    {
        Assert.Equal(covered, InvoiceStatusMachine.IsCovered(status, remaining));
        Assert.Equal(covered ? InvoiceStatus.Paid : status,
            InvoiceStatusMachine.AfterPayment(status, InvoiceTotals.Compute(remaining, 0, 0, 0, 0)));
        Assert.Equal(covered, CreditNoteAmounts.PaysInvoice(status, 1, remaining));
    }
}
