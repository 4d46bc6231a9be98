using PaymentRecords.Api.CreditNotes;
using PaymentRecords.Api.Hosting;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.UnitTests.CreditNotes;

public class CreditNoteErrorsTests
{
    private const string Group = "refunds[0][payment_record_refund][refund_group]";
    private const string Record = "refunds[0][payment_record_refund][payment_record]";

    public static TheoryData<string, StripeError, string?> Errors() => new()
    {
        { "credit_note_invoice_status", CreditNoteErrors.CreditNoteInvoiceStatus("in_1", "draft"), "invoice" },
        { "credit_note_amount_missing", CreditNoteErrors.CreditNoteAmountMissing(), "amount" },
        { "credit_note_amount_not_positive", CreditNoteErrors.CreditNoteAmountNotPositive(), "amount" },
        { "credit_note_exceeds_invoice", CreditNoteErrors.CreditNoteExceedsInvoice(1200, "in_1", 1000), "amount" },
        { "credit_note_allocation_mismatch", CreditNoteErrors.CreditNoteAllocationMismatch(0, 300, "out_of_band_amount"), "out_of_band_amount" },
        { "credit_note_refund_amount_unsupported", CreditNoteErrors.CreditNoteRefundAmountUnsupported(), "refund_amount" },
        { "only_valid_when", ErrorCatalog.OnlyValidWhen("refunds[0][refund]", "refunds[0][type]", "refund"), "refunds[0][refund]" },
        { "credit_note_record_not_attached", CreditNoteErrors.CreditNoteRecordNotAttached("pr_1", "in_1", Record), Record },
        { "credit_note_unknown_refund_group", CreditNoteErrors.CreditNoteUnknownRefundGroup("g", "pr_1", Group), Group },
        { "credit_note_refund_group_exhausted", CreditNoteErrors.CreditNoteRefundGroupExhausted("g", "pr_1", Group), Group },
        { "credit_note_refund_exceeds_group", CreditNoteErrors.CreditNoteRefundExceedsGroup(500, "g", 400, "refunds[0][amount_refunded]"), "refunds[0][amount_refunded]" },
        { "credit_note_amount_lines_mismatch", CreditNoteErrors.CreditNoteAmountLinesMismatch(100, 90), "amount" },
        { "credit_note_line_exceeds", CreditNoteErrors.CreditNoteLineExceeds(600, "il_1", 500, "lines[0][amount]"), "lines[0][amount]" },
        { "credit_note_negative_line_not_negative", CreditNoteErrors.CreditNoteNegativeLineNotNegative("il_1", -200, "lines[0][amount]"), "lines[0][amount]" },
        { "credit_note_negative_line_exceeds", CreditNoteErrors.CreditNoteNegativeLineExceeds(-300, "il_1", -200, "lines[0][quantity]"), "lines[0][quantity]" },
        { "credit_note_line_quantity_exceeds", CreditNoteErrors.CreditNoteLineQuantityExceeds(3, "il_1", 2, "lines[0][quantity]"), "lines[0][quantity]" },
        { "credit_note_balance_currency", CreditNoteErrors.CreditNoteBalanceCurrency("eur", "in_1", "usd"), "credit_amount" },
        { "credit_note_already_void", CreditNoteErrors.CreditNoteAlreadyVoid("cn_1"), null },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Credit_note_errors_are_400s_with_their_param_and_an_inferred_filled_message(string key, StripeError error, string? param)
    {
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal(param, error.Param);
        Assert.DoesNotContain("{", error.Message);
        Assert.Equal(Wording.Inferred, PaymentRecordsApp.ErrorRows.Single(r => r.Key == key).Wording);
    }

    [Fact]
    public void A_void_on_an_invoice_that_is_not_open_is_refused_in_Stripe_words()
    {
        var error = CreditNoteErrors.CreditNoteVoidInvoiceNotOpen();
        Assert.Equal((400, "invalid_request_error", "You can only void a credit note if the associated invoice is open.", null),
            (error.Status, error.Type, error.Message, error.Param));
        Assert.Equal(Wording.Stripe, PaymentRecordsApp.ErrorRows.Single(r => r.Key == "credit_note_void_invoice_not_open").Wording);
    }

    [Fact]
    public void Not_held_refunds_and_shipping_rates_are_404s_in_Stripe_words()
    {
        var refund = NotHeldObjects.Missing(NotHeldObjects.Refund, "re_1", "refunds[0][refund]");
        Assert.Equal((404, "resource_missing", "No such refund: 're_1'", "refunds[0][refund]"), (refund.Status, refund.Code, refund.Message, refund.Param));
        var rate = NotHeldObjects.Missing(NotHeldObjects.ShippingRate, "shr_1", "shipping_cost[shipping_rate]");
        Assert.Equal("No such shipping rate: 'shr_1'", rate.Message);
    }
}
