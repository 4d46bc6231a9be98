using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.InvoicePayments;

/// <summary>The invoice payment errors (attach_payment, and an invoice's transition its payments refuse), each a row with its factory; registered in <c>Hosting/PaymentRecordsApp.cs</c>.</summary>
public static class InvoicePaymentErrors
{
    /// <summary>Registered in <c>Hosting/PaymentRecordsApp.cs</c> (<c>ErrorRows</c>).</summary>
    public static readonly ErrorRowSet Rows = new();

    private static readonly ErrorRow AttachPaymentSourceMissingRow = Rows.Add(new("attach_payment_source_missing", 400, ErrorCatalog.InvalidRequest, null,
        "You must pass either payment_intent or payment_record to attach a payment to an invoice.", Wording.Inferred, IsParameterError: true));
    public static StripeError AttachPaymentSourceMissing() => AttachPaymentSourceMissingRow.Make(null);

    private static readonly ErrorRow InvoiceAttachPaymentStatusRow = Rows.Add(new("invoice_attach_payment_status", 400, ErrorCatalog.InvalidRequest, "status_transition_invalid",
        "You can't attach a payment to an invoice whose status is {0}; payments can only be attached to open or uncollectible invoices.", Wording.Inferred));
    public static StripeError InvoiceAttachPaymentStatus(string status) => InvoiceAttachPaymentStatusRow.Make(null, status);

    private static readonly ErrorRow PaymentRecordCurrencyMismatchRow = Rows.Add(new("payment_record_currency_mismatch", 400, ErrorCatalog.InvalidRequest, null,
        "The currency of payment record {0} ({1}) must match the currency of invoice {2} ({3}).", Wording.Inferred));
    public static StripeError PaymentRecordCurrencyMismatch(string recordId, string recordCurrency, string invoiceId, string invoiceCurrency) => PaymentRecordCurrencyMismatchRow.Make("payment_record", recordId, recordCurrency, invoiceId, invoiceCurrency);

    private static readonly ErrorRow PaymentRecordCustomerMismatchRow = Rows.Add(new("payment_record_customer_mismatch", 400, ErrorCatalog.InvalidRequest, null,
        "Payment record {0} belongs to customer {1}, but invoice {2} is for customer {3}. A payment record can only pay invoices of its own customer.", Wording.Inferred));
    public static StripeError PaymentRecordCustomerMismatch(string recordId, string recordCustomer, string invoiceId, string invoiceCustomer) => PaymentRecordCustomerMismatchRow.Make("payment_record", recordId, recordCustomer, invoiceId, invoiceCustomer);

    private static readonly ErrorRow PaymentRecordAlreadyAttachedRow = Rows.Add(new("payment_record_already_attached", 400, ErrorCatalog.InvalidRequest, null,
        "Payment record {0} is already attached to invoice {1}. A payment record can only pay one invoice.", Wording.Inferred));
    public static StripeError PaymentRecordAlreadyAttached(string recordId, string invoiceId) => PaymentRecordAlreadyAttachedRow.Make("payment_record", recordId, invoiceId);

    private static readonly ErrorRow PaymentRecordAlreadyAttachedElsewhereRow = Rows.Add(new("payment_record_already_attached_elsewhere", 400, ErrorCatalog.InvalidRequest, null,
        "This payment record is already attached to another invoice. A payment record can only pay one invoice.", Wording.Inferred));
    /// <summary>The unique index's answer, when it (not the check under the record lock) catches a second attachment.</summary>
    public static StripeError PaymentRecordAlreadyAttachedElsewhere() => PaymentRecordAlreadyAttachedElsewhereRow.Make("payment_record");

    private static readonly ErrorRow InvoiceHasPaymentsRow = Rows.Add(new("invoice_has_payments", 400, ErrorCatalog.InvalidRequest, "status_transition_invalid",
        "You can't {0} invoice {1} because it has {2} invoice payments. {3}", Wording.Inferred));
    /// <summary>e.g. ("void", "in_…", "open or paid", "Invoices with open or paid payments can't be voided.").</summary>
    public static StripeError InvoiceHasPayments(string verb, string invoiceId, string which, string rule) => InvoiceHasPaymentsRow.Make(null, verb, invoiceId, which, rule);
}
