using PaymentRecords.Domain.PaymentMethods;

namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// When a finalized <c>charge_automatically</c> invoice needs a payment attempt outside Stripe
/// (<c>invoice.payment_attempt_required</c>) because of the payment method that would pay it.
/// </summary>
public static class PaymentAttemptRequirement
{
    /// <summary>
    /// True when the default payment method that pays the invoice is a custom one: the invoice's own default payment
    /// method when it has one, else the customer's <c>invoice_settings.default_payment_method</c> (Stripe's
    /// payment-method priority). The arguments are those payment methods' types (null: none).
    /// </summary>
    public static bool DefaultPaymentMethodIsCustom(string? invoiceDefaultType, string? customerDefaultType) =>
        (invoiceDefaultType ?? customerDefaultType) == PaymentMethod.Custom;
}
