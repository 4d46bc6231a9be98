using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.CreditNotes;

/// <summary>
/// The credit note errors (amounts, allocation, cited refunds, void), each a row with its factory; they are a credit
/// note's own rules, so they live with credit notes, not in the transport's catalog.
/// </summary>
public static class CreditNoteErrors
{
    /// <summary>Registered in <c>Hosting/PaymentRecordsApp.cs</c> (<c>ErrorRows</c>).</summary>
    public static readonly ErrorRowSet Rows = new();

    private static readonly ErrorRow CreditNoteInvoiceStatusRow = Rows.Add(new("credit_note_invoice_status", 400, ErrorCatalog.InvalidRequest, null,
        "Credit notes can only be issued for invoices that are open, paid or uncollectible. Invoice {0} is {1}.", Wording.Inferred));
    public static StripeError CreditNoteInvoiceStatus(string invoiceId, string status) => CreditNoteInvoiceStatusRow.Make("invoice", invoiceId, status);

    private static readonly ErrorRow CreditNoteAmountMissingRow = Rows.Add(new("credit_note_amount_missing", 400, ErrorCatalog.InvalidRequest, "parameter_missing",
        "One of amount, lines, shipping_cost or refunds must be provided to issue a credit note.", Wording.Inferred, IsParameterError: true));
    public static StripeError CreditNoteAmountMissing() => CreditNoteAmountMissingRow.Make("amount");

    private static readonly ErrorRow CreditNoteAmountNotPositiveRow = Rows.Add(new("credit_note_amount_not_positive", 400, ErrorCatalog.InvalidRequest, "amount_too_small",
        "The credit note amount must be greater than 0.", Wording.Inferred, IsParameterError: true));
    public static StripeError CreditNoteAmountNotPositive() => CreditNoteAmountNotPositiveRow.Make("amount");

    private static readonly ErrorRow CreditNoteExceedsInvoiceRow = Rows.Add(new("credit_note_exceeds_invoice", 400, ErrorCatalog.InvalidRequest, "amount_too_large",
        "The credit note amount ({0}) is greater than the amount that can still be credited on invoice {1} ({2}). Credit notes can total at most the invoice total.", Wording.Inferred));
    public static StripeError CreditNoteExceedsInvoice(long amount, string invoiceId, long left) => CreditNoteExceedsInvoiceRow.Make("amount", amount, invoiceId, left);

    private static readonly ErrorRow CreditNoteAllocationMismatchRow = Rows.Add(new("credit_note_allocation_mismatch", 400, ErrorCatalog.InvalidRequest, null,
        "The sum of refunds, refund_amount, credit_amount and out_of_band_amount ({0}) must equal the post-payment amount of the credit note ({1}).", Wording.Inferred));
    public static StripeError CreditNoteAllocationMismatch(long allocated, long postPayment, string param) => CreditNoteAllocationMismatchRow.Make(param, allocated, postPayment);

    private static readonly ErrorRow CreditNoteRefundAmountUnsupportedRow = Rows.Add(new("credit_note_refund_amount_unsupported", 400, ErrorCatalog.InvalidRequest, null,
        "refund_amount cannot be used: this invoice has no Stripe charge to refund, because its payments were made outside Stripe. Refund through your processor, report it with report_refund, and cite it with refunds[][type]=payment_record_refund (or use credit_amount or out_of_band_amount).", Wording.Inferred));
    public static StripeError CreditNoteRefundAmountUnsupported() => CreditNoteRefundAmountUnsupportedRow.Make("refund_amount");

    private static readonly ErrorRow CreditNoteRecordNotAttachedRow = Rows.Add(new("credit_note_record_not_attached", 400, ErrorCatalog.InvalidRequest, null,
        "Payment record {0} is not attached to invoice {1}. Only refunds of payment records attached to the invoice can be cited.", Wording.Inferred));
    public static StripeError CreditNoteRecordNotAttached(string recordId, string invoiceId, string param) => CreditNoteRecordNotAttachedRow.Make(param, recordId, invoiceId);

    private static readonly ErrorRow CreditNoteUnknownRefundGroupRow = Rows.Add(new("credit_note_unknown_refund_group", 400, ErrorCatalog.InvalidRequest, null,
        "No refund with refund_reference '{0}' was reported on payment record {1}.", Wording.Inferred));
    public static StripeError CreditNoteUnknownRefundGroup(string group, string recordId, string param) => CreditNoteUnknownRefundGroupRow.Make(param, group, recordId);

    private static readonly ErrorRow CreditNoteRefundGroupExhaustedRow = Rows.Add(new("credit_note_refund_group_exhausted", 400, ErrorCatalog.InvalidRequest, null,
        "The refund group '{0}' of payment record {1} has already been fully cited by other credit notes.", Wording.Inferred));
    public static StripeError CreditNoteRefundGroupExhausted(string group, string recordId, string param) => CreditNoteRefundGroupExhaustedRow.Make(param, group, recordId);

    private static readonly ErrorRow CreditNoteRefundExceedsGroupRow = Rows.Add(new("credit_note_refund_exceeds_group", 400, ErrorCatalog.InvalidRequest, "amount_too_large",
        "amount_refunded ({0}) is greater than the amount of refund group '{1}' not yet cited by other credit notes ({2}).", Wording.Inferred));
    public static StripeError CreditNoteRefundExceedsGroup(long requested, string group, long left, string param) => CreditNoteRefundExceedsGroupRow.Make(param, requested, group, left);

    private static readonly ErrorRow CreditNoteAmountLinesMismatchRow = Rows.Add(new("credit_note_amount_lines_mismatch", 400, ErrorCatalog.InvalidRequest, null,
        "The credit note amount ({0}) must equal the sum of its lines ({1}).", Wording.Inferred));
    public static StripeError CreditNoteAmountLinesMismatch(long amount, long linesTotal) => CreditNoteAmountLinesMismatchRow.Make("amount", amount, linesTotal);

    private static readonly ErrorRow CreditNoteLineExceedsRow = Rows.Add(new("credit_note_line_exceeds", 400, ErrorCatalog.InvalidRequest, "amount_too_large",
        "The amount to credit ({0}) is greater than what is left to credit on invoice line {1} ({2}).", Wording.Inferred));
    public static StripeError CreditNoteLineExceeds(long amount, string lineId, long left, string param) => CreditNoteLineExceedsRow.Make(param, amount, lineId, left);

    private static readonly ErrorRow CreditNoteLineModeMixedRow = Rows.Add(new("credit_note_line_mode_mixed", 400, ErrorCatalog.InvalidRequest, null,
        "You can't combine discount types on an invoice line item: invoice line {0} was credited by {1} before, so it can only be credited by {1}.", Wording.Inferred));
    public static StripeError CreditNoteLineModeMixed(string lineId, string param) =>
        CreditNoteLineModeMixedRow.Make(param, lineId, param.EndsWith("[quantity]", StringComparison.Ordinal) ? "amount" : "quantity");

    private static readonly ErrorRow CreditNoteNegativeLineNotNegativeRow = Rows.Add(new("credit_note_negative_line_not_negative", 400, ErrorCatalog.InvalidRequest, null,
        "Invoice line {0} has a negative amount ({1}): the amount credited to a negative line item must be negative.", Wording.Inferred));
    public static StripeError CreditNoteNegativeLineNotNegative(string lineId, long lineAmount, string param) => CreditNoteNegativeLineNotNegativeRow.Make(param, lineId, lineAmount);

    private static readonly ErrorRow CreditNoteNegativeLineExceedsRow = Rows.Add(new("credit_note_negative_line_exceeds", 400, ErrorCatalog.InvalidRequest, null,
        "The amount to credit ({0}) is less than what is left to credit on negative invoice line {1} ({2}).", Wording.Inferred));
    public static StripeError CreditNoteNegativeLineExceeds(long amount, string lineId, long left, string param) => CreditNoteNegativeLineExceedsRow.Make(param, amount, lineId, left);

    private static readonly ErrorRow CreditNoteLineQuantityExceedsRow = Rows.Add(new("credit_note_line_quantity_exceeds", 400, ErrorCatalog.InvalidRequest, null,
        "The quantity to credit ({0}) is greater than the quantity left to credit on invoice line {1} ({2}).", Wording.Inferred));
    public static StripeError CreditNoteLineQuantityExceeds(long quantity, string lineId, long lineQuantity, string param) => CreditNoteLineQuantityExceedsRow.Make(param, quantity, lineId, lineQuantity);

    private static readonly ErrorRow CreditNoteBalanceCurrencyRow = Rows.Add(new("credit_note_balance_currency", 400, ErrorCatalog.InvalidRequest, null,
        "credit_amount cannot be used: the customer's balance is in {0}, and invoice {1} is in {2}.", Wording.Inferred));
    public static StripeError CreditNoteBalanceCurrency(string balanceCurrency, string invoiceId, string invoiceCurrency) => CreditNoteBalanceCurrencyRow.Make("credit_amount", balanceCurrency, invoiceId, invoiceCurrency);

    private static readonly ErrorRow CreditNoteAlreadyVoidRow = Rows.Add(new("credit_note_already_void", 400, ErrorCatalog.InvalidRequest, null, "Credit note {0} has already been voided.", Wording.Inferred));
    public static StripeError CreditNoteAlreadyVoid(string id) => CreditNoteAlreadyVoidRow.Make(null, id);

    private static readonly ErrorRow CreditNoteVoidInvoiceNotOpenRow = Rows.Add(new("credit_note_void_invoice_not_open", 400, ErrorCatalog.InvalidRequest, null,
        "You can only void a credit note if the associated invoice is open.", Wording.Stripe));
    public static StripeError CreditNoteVoidInvoiceNotOpen() => CreditNoteVoidInvoiceNotOpenRow.Make(null);
}
