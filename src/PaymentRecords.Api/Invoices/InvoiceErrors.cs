using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// The invoice and invoice item errors (transitions, edits, lines, Stripe Tax), each a row with its factory; what
/// these errors answer is an invoice's own rules, so they live with invoices, not in the transport's catalog.
/// </summary>
public static class InvoiceErrors
{
    /// <summary>Registered in <c>Hosting/PaymentRecordsApp.cs</c> (<c>ErrorRows</c>).</summary>
    public static readonly ErrorRowSet Rows = new();

    // The wrong-state refusals carry no code (recorded against Stripe: "code" absent on each).
    private static readonly ErrorRow InvoiceAlreadyFinalizedRow = Rows.Add(new("invoice_already_finalized", 400, ErrorCatalog.InvalidRequest, null,
        "This invoice is already finalized, you can't re-finalize a non-draft invoice.", Wording.Stripe));
    public static StripeError InvoiceAlreadyFinalized() => InvoiceAlreadyFinalizedRow.Make(null);

    private static readonly ErrorRow InvoiceAlreadyPaidRow = Rows.Add(new("invoice_already_paid", 400, ErrorCatalog.InvalidRequest, null, "Invoice is already paid", Wording.Stripe));
    public static StripeError InvoiceAlreadyPaid() => InvoiceAlreadyPaidRow.Make(null);

    private static readonly ErrorRow InvoiceNotOpenRow = Rows.Add(new("invoice_not_open", 400, ErrorCatalog.InvalidRequest, null,
        "You can only pass in open invoices. This invoice isn't open.", Wording.Stripe));
    /// <summary>Pay, void or mark_uncollectible of an invoice in a state that refuses it (a draft, a void one…).</summary>
    public static StripeError InvoiceNotOpen() => InvoiceNotOpenRow.Make(null);

    private static readonly ErrorRow InvoicePaidCannotVoidRow = Rows.Add(new("invoice_paid_cannot_void", 400, ErrorCatalog.InvalidRequest, null,
        "Invoices with `paid` payments cannot be voided.", Wording.Stripe));
    public static StripeError InvoicePaidCannotVoid() => InvoicePaidCannotVoidRow.Make(null);

    private static readonly ErrorRow InvoiceAlreadyUncollectibleRow = Rows.Add(new("invoice_already_uncollectible", 400, ErrorCatalog.InvalidRequest, null,
        "This invoice has already been marked uncollectible.", Wording.Stripe));
    public static StripeError InvoiceAlreadyUncollectible() => InvoiceAlreadyUncollectibleRow.Make(null);

    private static readonly ErrorRow InvoiceCannotBeSentRow = Rows.Add(new("invoice_cannot_be_sent", 400, ErrorCatalog.InvalidRequest, null,
        "This invoice cannot be sent right now. Please contact us via https://support.stripe.com/contact with details, so we can help.", Wording.Stripe));
    /// <summary>Send of an invoice that is neither a draft nor open (recorded for a paid one).</summary>
    public static StripeError InvoiceCannotBeSent() => InvoiceCannotBeSentRow.Make(null);

    private static readonly ErrorRow InvoiceDeleteNotDraftRow = Rows.Add(new("invoice_delete_not_draft", 400, ErrorCatalog.InvalidRequest, null,
        "You can only delete draft invoices.", Wording.Stripe));
    public static StripeError InvoiceDeleteNotDraft() => InvoiceDeleteNotDraftRow.Make(null);

    private static readonly ErrorRow InvoiceNotEditableRow = Rows.Add(new("invoice_not_editable", 400, ErrorCatalog.InvalidRequest, null,
        "Finalized invoices can't be updated in this way", Wording.Stripe));
    /// <summary>An update of a finalized invoice giving a draft-only parameter (recorded against Stripe for <c>description</c> on a paid one: this wording, no code).</summary>
    public static StripeError InvoiceNotEditable(string param) => InvoiceNotEditableRow.Make(param);

    private static readonly ErrorRow InvoiceLinesNotEditableRow = Rows.Add(new("invoice_lines_not_editable", 400, ErrorCatalog.InvalidRequest, "invoice_not_editable",
        "Invalid invoice: This invoice is no longer editable", Wording.Stripe));
    /// <summary>A line added to a finalized invoice (recorded against Stripe for add_lines: this wording and code).</summary>
    public static StripeError InvoiceLinesNotEditable(string param) => InvoiceLinesNotEditableRow.Make(param);

    private static readonly ErrorRow InvoiceItemNotEditableRow = Rows.Add(new("invoice_item_not_editable", 400, ErrorCatalog.InvalidRequest, "invoice_not_editable",
        "This invoice item is on invoice {0}, which is {1}: the item can no longer be changed.", Wording.Inferred));
    public static StripeError InvoiceItemNotEditable(string invoiceId, string status) => InvoiceItemNotEditableRow.Make(null, invoiceId, status);

    private static readonly ErrorRow InvoiceItemNotDeletableRow = Rows.Add(new("invoice_item_not_deletable", 400, ErrorCatalog.InvalidRequest, null,
        "Can't delete an invoice item that is attached to an invoice that is no longer editable", Wording.Stripe));
    /// <summary>Delete of an item on a finalized invoice, or deleted with its draft (recorded against Stripe: this wording, no code).</summary>
    public static StripeError InvoiceItemNotDeletable() => InvoiceItemNotDeletableRow.Make(null);

    private static readonly ErrorRow InvoiceItemDeletedRow = Rows.Add(new("invoice_item_deleted", 400, ErrorCatalog.InvalidRequest, null,
        "This invoice item has been deleted.", Wording.Stripe));
    /// <summary>Update of an item deleted with its draft invoice (recorded against Stripe: this wording, no code).</summary>
    public static StripeError InvoiceItemDeleted() => InvoiceItemDeletedRow.Make(null);

    private static readonly ErrorRow InvoiceNoPaymentMethodRow = Rows.Add(new("invoice_no_payment_method", 400, ErrorCatalog.InvalidRequest, null,
        "This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.", Wording.Stripe));
    public static StripeError InvoiceNoPaymentMethod() => InvoiceNoPaymentMethodRow.Make(null);

    private static readonly ErrorRow InvoiceTooManyItemsRow = Rows.Add(new("invoice_too_many_items", 400, ErrorCatalog.InvalidRequest, null,
        "An invoice can have at most 250 invoice items.", Wording.Inferred));
    public static StripeError InvoiceTooManyItems(string param) => InvoiceTooManyItemsRow.Make(param);

    private static readonly ErrorRow InvoiceItemCurrencyMismatchRow = Rows.Add(new("invoice_item_currency_mismatch", 400, ErrorCatalog.InvalidRequest, null,
        "The currency of the invoice item ({0}) must match the currency of invoice {1} ({2}).", Wording.Inferred));
    public static StripeError InvoiceItemCurrencyMismatch(string itemCurrency, string invoiceId, string invoiceCurrency, string param) => InvoiceItemCurrencyMismatchRow.Make(param, itemCurrency, invoiceId, invoiceCurrency);

    private static readonly ErrorRow InvoiceItemCustomerMismatchRow = Rows.Add(new("invoice_item_customer_mismatch", 400, ErrorCatalog.InvalidRequest, null,
        "The invoice item's customer ({0}) must be the customer of invoice {1} ({2}).", Wording.Inferred));
    public static StripeError InvoiceItemCustomerMismatch(string itemCustomer, string invoiceId, string invoiceCustomer, string param) => InvoiceItemCustomerMismatchRow.Make(param, itemCustomer, invoiceId, invoiceCustomer);

    private static readonly ErrorRow InvoiceItemNotPendingRow = Rows.Add(new("invoice_item_not_pending", 400, ErrorCatalog.InvalidRequest, null,
        "Invoice item {0} is already on invoice {1}; only pending invoice items can be added.", Wording.Inferred));
    public static StripeError InvoiceItemNotPending(string itemId, string invoiceId, string param) => InvoiceItemNotPendingRow.Make(param, itemId, invoiceId);

    private static readonly ErrorRow SubscriptionLineNotEditableRow = Rows.Add(new("invoice_subscription_line_not_editable", 400, ErrorCatalog.InvalidRequest, null,
        "Line item {0} is a subscription item's line: only its `metadata`, `discounts` and `tax_rates` can be updated.", Wording.Inferred));
    /// <summary>update_lines setting more than metadata on a subscription item's line (the bulk-edit guide: a "small subset" of fields).</summary>
    public static StripeError SubscriptionLineNotEditable(string lineId, string param) => SubscriptionLineNotEditableRow.Make(param, lineId);

    private static readonly ErrorRow SubscriptionLineNotRemovableRow = Rows.Add(new("invoice_subscription_line_not_removable", 400, ErrorCatalog.InvalidRequest, null,
        "Line item {0} is a subscription item's line: it cannot be removed from the invoice.", Wording.Inferred));
    /// <summary>remove_lines naming a subscription item's line (no invoice item to delete or keep pending).</summary>
    public static StripeError SubscriptionLineNotRemovable(string lineId, string param) => SubscriptionLineNotRemovableRow.Make(param, lineId);

    private static readonly ErrorRow BalanceCurrencyMismatchRow = Rows.Add(new("customer_balance_currency_mismatch", 400, ErrorCatalog.InvalidRequest, null,
        "The customer's balance is in {0}: a balance transaction in {1} cannot apply to it.", Wording.Inferred));
    /// <summary>A balance transaction in another currency than the customer's (one balance per customer here).</summary>
    public static StripeError BalanceCurrencyMismatch(string customerCurrency, string currency) => BalanceCurrencyMismatchRow.Make("currency", customerCurrency, currency);

    private static readonly ErrorRow InvoiceSendNotSendInvoiceRow = Rows.Add(new("invoice_send_not_send_invoice", 400, ErrorCatalog.InvalidRequest, null,
        "You can only manually send an invoice if its collection method is 'send_invoice'.", Wording.Stripe));
    public static StripeError InvoiceSendNotSendInvoice() => InvoiceSendNotSendInvoiceRow.Make(null);

    private static readonly ErrorRow SendInvoiceOnlyRow = Rows.Add(new("send_invoice_only", 400, ErrorCatalog.InvalidRequest, null,
        "You can only specify 'due_date' or 'days_until_due' if invoice collection method is 'send_invoice'.", Wording.Stripe, IsParameterError: true));
    /// <summary>An invoice's <c>due_date</c> or <c>days_until_due</c> without <c>send_invoice</c> (recorded against Stripe: this wording, no param, no code).</summary>
    public static StripeError SendInvoiceOnly() => SendInvoiceOnlyRow.Make(null);

    private static readonly ErrorRow SendInvoiceNeedsDueRow = Rows.Add(new("send_invoice_needs_due", 400, ErrorCatalog.InvalidRequest, null,
        "If invoice collection method is 'send_invoice', you must specify 'due_date' or 'days_until_due'.", Wording.Stripe, IsParameterError: true));
    /// <summary>An invoice created <c>send_invoice</c> with neither <c>due_date</c> nor <c>days_until_due</c> (recorded against Stripe).</summary>
    public static StripeError SendInvoiceNeedsDue() => SendInvoiceNeedsDueRow.Make(null);

    private static readonly ErrorRow SubscriptionSendInvoiceNeedsDaysRow = Rows.Add(new("subscription_send_invoice_needs_days", 400, ErrorCatalog.InvalidRequest, null,
        "If invoice collection method is 'send_invoice', you must specify 'days_until_due'.", Wording.Stripe, IsParameterError: true));
    /// <summary>A subscription created <c>send_invoice</c> without <c>days_until_due</c> (recorded against Stripe).</summary>
    public static StripeError SubscriptionSendInvoiceNeedsDays() => SubscriptionSendInvoiceNeedsDaysRow.Make(null);

    private static readonly ErrorRow SubscriptionSendInvoiceOnlyRow = Rows.Add(new("subscription_send_invoice_only", 400, ErrorCatalog.InvalidRequest, null,
        "You can only specify 'days_until_due' if invoice collection method is 'send_invoice'.", Wording.Stripe, IsParameterError: true));
    /// <summary>A subscription's <c>days_until_due</c> without <c>send_invoice</c> (Stripe's recorded wording).</summary>
    public static StripeError SubscriptionSendInvoiceOnly() => SubscriptionSendInvoiceOnlyRow.Make("days_until_due");

    private static readonly ErrorRow StripeTaxInactiveRow = Rows.Add(new("stripe_tax_inactive", 400, ErrorCatalog.InvalidRequest, "stripe_tax_inactive",
        "Stripe Tax has not been activated on your account. Please visit https://stripe.com/docs/tax/set-up to get started.", Wording.Inferred));
    public static StripeError StripeTaxInactive(string param) => StripeTaxInactiveRow.Make(param);

    private static readonly ErrorRow ApplicationFeeNotAllowedRow = Rows.Add(new("application_fee_not_allowed", 400, ErrorCatalog.InvalidRequest, null,
        "Can only apply an application_fee_amount when the request is made on behalf of another account (using an OAuth key, the Stripe-Account header, or the transfer_data[destination] parameter).", Wording.Inferred));
    public static StripeError ApplicationFeeNotAllowed() => ApplicationFeeNotAllowedRow.Make("application_fee_amount");
}
