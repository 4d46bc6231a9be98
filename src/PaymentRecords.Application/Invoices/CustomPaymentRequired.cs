using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <summary>
/// Whether <c>invoice.payment_attempt_required</c> applies to the invoice now (<see cref="PaymentAttemptRequired"/>):
/// written once for finalize, the update that turns auto_advance back on and a renewal's retry. The default payment
/// methods (the subscription's, then the invoice's own else the customer's) are looked up only when the rest holds.
/// </summary>
public static class CustomPaymentRequired
{
    /// <param name="subscriptionDefaultIsCustom">Whether the subscription's default payment method is a custom one, when the caller already knows (null: looked up).</param>
    public static async Task<bool> AppliesAsync(BillingContext billing, Invoice invoice, Customer? customer, bool? subscriptionDefaultIsCustom = null) =>
        PaymentAttemptRequired.MayApply(invoice, invoice.Totals(0).AmountDue)
        && (PaymentAttemptRequired.AcceptsCustom(invoice)
            || (subscriptionDefaultIsCustom
                ?? (invoice.SubscriptionId is { } subscriptionId && await billing.Schedule.SubscriptionDefaultIsCustomAsync(subscriptionId)))
            || (customer is not null && await billing.Invoices.DefaultPaymentMethodIsCustomAsync(invoice, customer)));
}
