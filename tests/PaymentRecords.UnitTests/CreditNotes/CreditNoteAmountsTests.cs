using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.UnitTests.CreditNotes;

public class CreditNoteAmountsTests
{
    private static InvoiceCreditState Open(long total, long remaining, long paid = 0, long pre = 0, long post = 0) =>
        new(InvoiceStatus.Open, total, remaining, paid, pre, post);

    private static InvoiceCreditState Paid(long total, long paid, long pre = 0, long post = 0) =>
        new(InvoiceStatus.Paid, total, 0, paid, pre, post);

    private static PostPaymentAllocation None => new(0, 0, 0, 0);

    [Theory]
    [InlineData(InvoiceStatus.Draft, false)]
    [InlineData(InvoiceStatus.Open, true)]
    [InlineData(InvoiceStatus.Paid, true)]
    [InlineData(InvoiceStatus.Uncollectible, true)]
    [InlineData(InvoiceStatus.Void, false)]
    public void Open_paid_and_uncollectible_invoices_take_credit_notes(InvoiceStatus status, bool accepts)
    {
        Assert.Equal(accepts, CreditNoteAmounts.AcceptsCreditNotes(status));
        var plan = CreditNoteAmounts.Plan(100, new InvoiceCreditState(status, 1000, 1000, 0, 0, 0), None);
        Assert.Equal(accepts, plan.Refusal != CreditNoteRefusal.InvoiceStatus);
    }

    [Fact]
    public void On_an_unpaid_invoice_the_whole_note_is_pre_payment()
    {
        var plan = CreditNoteAmounts.Plan(300, Open(1000, 1000), None);
        Assert.True(plan.Ok);
        Assert.Equal(new CreditNoteSplit(300, 300, 0), plan.Split);
        Assert.Equal(CreditNoteType.PrePayment, plan.Split.Type);
    }

    [Fact]
    public void On_a_paid_invoice_the_whole_note_is_post_payment_and_must_be_allocated()
    {
        var plan = CreditNoteAmounts.Plan(400, Paid(1000, 1000), new PostPaymentAllocation(100, 0, 200, 100));
        Assert.True(plan.Ok);
        Assert.Equal(new CreditNoteSplit(400, 0, 400), plan.Split);
        Assert.Equal(CreditNoteType.PostPayment, plan.Split.Type);
    }

    [Fact]
    public void A_partly_paid_invoice_gives_a_mixed_note_that_lowers_amount_remaining_first()
    {
        // total 1000, 600 paid, 400 remaining: a note of 700 is 400 pre-payment and 300 post-payment.
        var plan = CreditNoteAmounts.Plan(700, Open(1000, 400, paid: 600), new PostPaymentAllocation(0, 0, 0, 300));
        Assert.True(plan.Ok);
        Assert.Equal(new CreditNoteSplit(700, 400, 300), plan.Split);
        Assert.Equal(CreditNoteType.Mixed, plan.Split.Type);
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]          // nothing allocated
    [InlineData(200, 0, 0, 0)]        // too little
    [InlineData(300, 0, 0, 1)]        // one too many
    [InlineData(0, 0, 150, 100)]
    public void The_post_payment_part_must_equal_refunds_refund_amount_credit_and_out_of_band(long refunds, long refund, long credit, long outOfBand)
    {
        var allocation = new PostPaymentAllocation(refunds, refund, credit, outOfBand);
        var plan = CreditNoteAmounts.Plan(300, Paid(1000, 1000), allocation);
        Assert.Equal(CreditNoteRefusal.AllocationMismatch, plan.Refusal);
        Assert.Equal(300, plan.Limit);
        Assert.Equal(300, plan.Split.PostPayment);
    }

    [Fact]
    public void A_pre_payment_note_takes_no_allocation()
    {
        Assert.Equal(CreditNoteRefusal.AllocationMismatch, CreditNoteAmounts.Plan(300, Open(1000, 1000), new PostPaymentAllocation(0, 0, 300, 0)).Refusal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void The_amount_is_positive(long amount)
    {
        var plan = CreditNoteAmounts.Plan(amount, Open(1000, 1000), None);
        Assert.Equal(CreditNoteRefusal.AmountNotPositive, plan.Refusal);
    }

    [Fact]
    public void Credit_notes_never_total_more_than_the_invoice()
    {
        var state = Open(1000, 400, pre: 600);
        Assert.True(CreditNoteAmounts.Plan(400, state, None).Ok);
        var plan = CreditNoteAmounts.Plan(401, state, None);
        Assert.Equal(CreditNoteRefusal.ExceedsInvoiceTotal, plan.Refusal);
        Assert.Equal(400, plan.Limit);
        // Post-payment parts count too.
        Assert.Equal(CreditNoteRefusal.ExceedsInvoiceTotal, CreditNoteAmounts.Plan(1, Paid(1000, 1000, post: 1000), new(0, 0, 1, 0)).Refusal);
    }

    [Fact]
    public void Post_payment_parts_are_bounded_by_the_invoice_total_not_by_amount_paid()
    {
        // Stripe's example: a 150 balance and 50 paid covered a 200 invoice; a note of 200 is allowed (50 refunded, the
        // rest to the customer's balance).
        var state = Paid(200, 50, post: 0);
        var plan = CreditNoteAmounts.Plan(200, state, new(0, 0, 200, 0));
        Assert.True(plan.Ok);
        Assert.Equal(200, plan.Split.PostPayment);
        Assert.Equal(CreditNoteRefusal.ExceedsInvoiceTotal, CreditNoteAmounts.Plan(201, state, new(0, 0, 201, 0)).Refusal);
    }

    [Theory]
    [InlineData(0, 0, CreditNoteType.PrePayment)]
    [InlineData(10, 0, CreditNoteType.PrePayment)]
    [InlineData(0, 10, CreditNoteType.PostPayment)]
    [InlineData(10, 10, CreditNoteType.Mixed)]
    public void Type_follows_the_split(long pre, long post, CreditNoteType type) => Assert.Equal(type, CreditNoteAmounts.TypeOf(pre, post));

    [Theory]
    [InlineData(CreditNoteType.PrePayment, "pre_payment")]
    [InlineData(CreditNoteType.PostPayment, "post_payment")]
    [InlineData(CreditNoteType.Mixed, "mixed")]
    public void Types_and_statuses_have_Stripe_wire_names(CreditNoteType type, string wire)
    {
        Assert.Equal(wire, type.Wire());
        Assert.Equal(type, CreditNoteWire.ParseType(wire));
        Assert.Equal("issued", CreditNoteStatus.Issued.Wire());
        Assert.Equal("void", CreditNoteStatus.Void.Wire());
        Assert.Equal(CreditNoteStatus.Void, CreditNoteWire.ParseStatus("void"));
    }

    [Fact]
    public void A_refund_group_defaults_to_what_is_not_yet_cited()
    {
        Assert.Equal(new RefundCitation(CitationRefusal.None, 600, 600), CreditNoteAmounts.Cite(1000, 400, null));
        Assert.Equal(new RefundCitation(CitationRefusal.None, 250, 600), CreditNoteAmounts.Cite(1000, 400, 250));
        Assert.Equal(new RefundCitation(CitationRefusal.None, 600, 600), CreditNoteAmounts.Cite(1000, 400, 600));
    }

    [Fact]
    public void A_refund_group_is_never_cited_beyond_its_amount()
    {
        Assert.Equal(CitationRefusal.ExceedsAvailable, CreditNoteAmounts.Cite(1000, 400, 601).Refusal);
        Assert.Equal(600, CreditNoteAmounts.Cite(1000, 400, 601).Available);
        Assert.Equal(CitationRefusal.Exhausted, CreditNoteAmounts.Cite(1000, 1000, null).Refusal);
        Assert.Equal(CitationRefusal.Exhausted, CreditNoteAmounts.Cite(1000, 1000, 1).Refusal);
        Assert.Equal(CitationRefusal.NotPositive, CreditNoteAmounts.Cite(1000, 0, 0).Refusal);
        Assert.Equal(0, CreditNoteAmounts.RefundGroupAvailable(1000, 1200));
    }

    [Fact]
    public void Apply_and_reverse_move_the_invoice_amounts()
    {
        var invoice = FinalizedInvoice(1000);
        CreditNoteAmounts.Apply(invoice, new CreditNoteSplit(700, 400, 300));
        Assert.Equal(400, invoice.PrePaymentCreditNotesAmount);
        Assert.Equal(300, invoice.PostPaymentCreditNotesAmount);
        CreditNoteAmounts.Reverse(invoice, Note(invoice, pre: 400, post: 300));
        Assert.Equal(0, invoice.PrePaymentCreditNotesAmount);
        Assert.Equal(0, invoice.PostPaymentCreditNotesAmount);
    }

    [Theory]
    [InlineData(InvoiceStatus.Open, 300, 0, true)]
    [InlineData(InvoiceStatus.Uncollectible, 300, 0, true)]
    [InlineData(InvoiceStatus.Open, 300, 1, false)]
    [InlineData(InvoiceStatus.Paid, 0, 0, false)]
    [InlineData(InvoiceStatus.Open, 0, 0, false)]
    public void A_note_that_leaves_nothing_to_pay_pays_the_invoice(InvoiceStatus status, long before, long after, bool pays) =>
        Assert.Equal(pays, CreditNoteAmounts.PaysInvoice(status, before, after));

    [Fact]
    public void An_invoice_line_is_credited_one_way_up_to_what_it_has_left_with_its_own_sign()
    {
        var none = default(LineCredited);
        var byQuantity = none.Add(500, 2);
        Assert.Equal((LineCreditRefusal.ModeMixed, 0L), CreditNoteAmounts.LineWay(4, byQuantity, quantity: null));
        Assert.Equal((LineCreditRefusal.ModeMixed, 0L), CreditNoteAmounts.LineWay(4, none.Add(100, null), quantity: 1));
        Assert.Equal((LineCreditRefusal.QuantityExceeds, 2L), CreditNoteAmounts.LineWay(4, byQuantity, quantity: 3));
        Assert.Equal((LineCreditRefusal.None, 0L), CreditNoteAmounts.LineWay(4, byQuantity, quantity: 2));

        Assert.Equal((LineCreditRefusal.None, 0L), CreditNoteAmounts.LineAmount(1000, none.Add(400, null), 600));
        Assert.Equal((LineCreditRefusal.Exceeds, 600L), CreditNoteAmounts.LineAmount(1000, none.Add(400, null), 601));
        Assert.Equal((LineCreditRefusal.NotPositive, 1000L), CreditNoteAmounts.LineAmount(1000, none, -1));
        Assert.Equal((LineCreditRefusal.None, 0L), CreditNoteAmounts.LineAmount(-200, none.Add(-50, null), -150));
        Assert.Equal((LineCreditRefusal.NegativeExceeds, -150L), CreditNoteAmounts.LineAmount(-200, none.Add(-50, null), -151));
        Assert.Equal((LineCreditRefusal.NegativeNotNegative, -200L), CreditNoteAmounts.LineAmount(-200, none, 10));
    }

    [Theory]
    [InlineData(InvoiceStatus.Open, CreditNoteVoidRefusal.None)]
    [InlineData(InvoiceStatus.Paid, CreditNoteVoidRefusal.InvoiceNotOpen)]
    [InlineData(InvoiceStatus.Uncollectible, CreditNoteVoidRefusal.InvoiceNotOpen)]
    [InlineData(InvoiceStatus.Void, CreditNoteVoidRefusal.InvoiceNotOpen)]
    public void A_credit_note_is_voided_only_on_an_open_invoice(InvoiceStatus status, CreditNoteVoidRefusal refusal)
    {
        // "You can void a credit note only if it's on an open invoice": so a void never reopens a paid invoice.
        var invoice = FinalizedInvoice(1000);
        invoice.PrePaymentCreditNotesAmount = 300;
        invoice.Status = status;
        Assert.Equal(refusal, CreditNoteAmounts.VoidRefusal(invoice, Note(invoice, pre: 300, post: 0)));
    }

    [Theory]
    [InlineData("0759376C-0001", 1, "0759376C-0001-CN-01")]
    [InlineData("ABCD1234-0012", 9, "ABCD1234-0012-CN-09")]
    [InlineData("ABCD1234-0012", 10, "ABCD1234-0012-CN-10")]
    [InlineData("ABCD1234-0012", 100, "ABCD1234-0012-CN-100")]
    public void Numbers_are_the_invoice_number_CN_and_a_two_digit_sequence(string invoiceNumber, int sequence, string expected) =>
        Assert.Equal(expected, CreditNoteAmounts.Number(invoiceNumber, sequence));

    [Fact]
    public void The_state_of_an_invoice_comes_from_its_totals()
    {
        var invoice = FinalizedInvoice(1000);
        invoice.PrePaymentCreditNotesAmount = 200;
        invoice.AmountPaidOutOfBand = 300;
        var state = InvoiceCreditState.Of(invoice);
        Assert.Equal(new InvoiceCreditState(InvoiceStatus.Open, 1000, 500, 300, 200, 0), state);
    }

    private static Invoice FinalizedInvoice(long subtotal) => new()
    {
        AccountId = "acct",
        Id = "in_1",
        CustomerId = "cus_1",
        Currency = "usd",
        Status = InvoiceStatus.Open,
        Subtotal = subtotal,
        StartingBalance = 0,
        EndingBalance = 0,
        Number = "ABCD-0001",
    };

    private static CreditNote Note(Invoice invoice, long pre, long post) => new()
    {
        AccountId = "acct",
        Id = "cn_1",
        InvoiceId = invoice.Id,
        CustomerId = invoice.CustomerId,
        Currency = "usd",
        Number = "ABCD-0001-CN-01",
        Amount = pre + post,
        PrePaymentAmount = pre,
        PostPaymentAmount = post,
    };
}
