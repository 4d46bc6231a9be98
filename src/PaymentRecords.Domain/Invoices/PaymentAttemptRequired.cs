using System.Text.Json.Nodes;
using PaymentRecords.Domain.PaymentMethods;

namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// When Stripe sends <c>invoice.payment_attempt_required</c> (guide "Integrate with third-party payment processors",
/// own processor): "when a new invoice is finalized and requires payment through your custom payment method" — an
/// open <c>charge_automatically</c> invoice with an amount due that a custom payment method must pay: <c>custom</c>
/// is among its <c>payment_settings.payment_method_types</c>, or its default payment method (the invoice's own, else
/// the customer's <c>invoice_settings.default_payment_method</c>; a subscription's invoice: the subscription's default
/// payment method before the customer's, see <c>FinalizeInvoiceCommand.SubscriptionDefaultIsCustom</c>) is a custom one — and only while
/// <c>auto_advance</c> is true: "if auto_advance is set to false … the webhook won't be sent"; setting it back to
/// true sends it.
/// </summary>
public static class PaymentAttemptRequired
{
    public const string EventType = "invoice.payment_attempt_required";

    /// <summary>The whole rule. <paramref name="defaultPaymentMethodIsCustom"/>: see <see cref="DefaultPaymentMethodIsCustom"/>.</summary>
    public static bool Applies(Invoice invoice, long amountDue, bool defaultPaymentMethodIsCustom) =>
        MayApply(invoice, amountDue) && (AcceptsCustom(invoice) || defaultPaymentMethodIsCustom);

    /// <summary>Everything but the payment method: callers look the default payment method up only when this holds.</summary>
    public static bool MayApply(Invoice invoice, long amountDue) =>
        invoice.AutoAdvance
        && invoice.Status == InvoiceStatus.Open
        && invoice.CollectionMethod == Invoice.ChargeAutomatically
        && amountDue > 0;

    /// <summary><c>custom</c> is among the invoice's payment method types.</summary>
    public static bool AcceptsCustom(Invoice invoice) =>
        invoice.Attributes["payment_settings"]?["payment_method_types"] is JsonArray types
        && types.Any(t => t?.GetValue<string>() == PaymentMethodTypes.Custom);

    /// <summary>
    /// True when the default payment method that pays the invoice is a custom one: the invoice's own default payment
    /// method when it has one, else the customer's <c>invoice_settings.default_payment_method</c> (Stripe's
    /// payment-method priority). The arguments are those payment methods' types (null: none).
    /// </summary>
    public static bool DefaultPaymentMethodIsCustom(string? invoiceDefaultType, string? customerDefaultType) =>
        (invoiceDefaultType ?? customerDefaultType) == PaymentMethod.Custom;
}
