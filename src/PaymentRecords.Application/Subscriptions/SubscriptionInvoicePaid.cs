using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// An invoice just turned paid (a guaranteed payment record credited it, or it was paid out of band): when it is the
/// first invoice of a subscription (<c>billing_reason=subscription_create</c>) that is still <c>incomplete</c>, the
/// subscription turns <c>active</c> (<c>customer.subscription.updated</c>, previous_attributes.status). With
/// <c>payment_settings.save_default_payment_method=on_subscription</c>, the payment method of the paying record becomes
/// the subscription's <c>default_payment_method</c> in the same change. The caller holds the invoice's lock; the
/// subscription is locked after it (lock order in <see cref="ISubscriptionStore"/>), so two payments at once activate
/// it once.
/// </summary>
public static class SubscriptionInvoicePaid
{
    public static async Task RunAsync(BillingContext billing, Invoice invoice, string? paymentMethodId)
    {
        if (invoice.SubscriptionId is not { } subscriptionId) return;
        if (invoice.Status != InvoiceStatus.Paid) return;
        if (SubscriptionResumption.IsResumptionInvoice(invoice))
        {
            await SubscriptionResumption.InvoicePaidAsync(billing, invoice);
            return;
        }
        if (invoice.BillingReason == SubscriptionPendingItems.SubscriptionUpdate)
        {
            await SubscriptionUpdateInvoices.PaidAsync(billing, invoice);
            return;
        }
        // A renewal paid after its attempts failed, or a send_invoice subscription's first invoice paid after its due
        // date: past_due | unpaid → active (RenewalDunning, Scheduling/InvoiceOverdue).
        var overdueFirst = invoice.BillingReason == BillingReasons.SubscriptionCreate && invoice.CollectionMethod == Invoice.SendInvoice;
        if (invoice.BillingReason == BillingReasons.SubscriptionCycle || overdueFirst)
        {
            invoice.StopAttempts();
            var renewed = await billing.Subscriptions.LockAsync(subscriptionId);
            if (renewed is null) return;
            var recovered = await billing.Events.WatchSubscriptionAsync(renewed);
            var back = renewed.Recover();
            recovered.EmitIfChanged();
            if (back || !overdueFirst) return;
        }
        if (invoice.BillingReason != BillingReasons.SubscriptionCreate) return;
        var subscription = await billing.Subscriptions.LockAsync(subscriptionId);
        if (subscription is null || !SubscriptionStatusMachine.CanActivate(subscription.Status)) return;
        var change = await billing.Events.WatchSubscriptionAsync(subscription);
        subscription.Activate();
        if (subscription.SavesDefaultPaymentMethod && paymentMethodId is { Length: > 0 }) subscription.DefaultPaymentMethodId = paymentMethodId;
        change.EmitIfChanged();
    }
}
