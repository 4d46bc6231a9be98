using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// An invoice a subscription change made at once (<c>billing_reason=subscription_update</c>: <c>always_invoice</c>, a
/// trial ended with <c>trial_end=now</c>) that is still the subscription's <c>latest_invoice</c>. Stripe's default
/// <c>allow_incomplete</c>: "transition the subscription to <c>status=past_due</c> if a payment is required but cannot be
/// paid": a failed payment of it turns an active subscription <c>past_due</c> (the invoice keeps that it did), and
/// paying that invoice brings it back to <c>active</c> (not an update's invoice paid while a renewal made it past_due).
/// The caller holds the invoice's lock; the subscription is locked after it. A resumption invoice has its own rules
/// (<see cref="SubscriptionResumption"/>).
/// </summary>
public static class SubscriptionUpdateInvoices
{
    /// <summary>The invoice <see cref="Invoice.Attributes"/> key marking that its failed payment made its subscription past_due (not rendered).</summary>
    public const string MadePastDueKey = "made_subscription_past_due";

    public static Task PaymentFailedAsync(BillingContext billing, Invoice invoice) => MoveAsync(billing, invoice, s =>
    {
        var moved = s.MarkPastDue();
        if (moved) invoice.Attributes[MadePastDueKey] = true;
        return moved;
    });

    public static Task PaidAsync(BillingContext billing, Invoice invoice) =>
        invoice.Attributes[MadePastDueKey] is null ? Task.CompletedTask : MoveAsync(billing, invoice, s => s.Recover());

    private static async Task MoveAsync(BillingContext billing, Invoice invoice, Func<Domain.Subscriptions.Subscription, bool> move)
    {
        if (invoice.BillingReason != SubscriptionPendingItems.SubscriptionUpdate || invoice.SubscriptionId is not { } id
            || SubscriptionResumption.IsResumptionInvoice(invoice)) return;
        var subscription = await billing.Subscriptions.LockAsync(id);
        if (subscription is null || subscription.LatestInvoiceId != invoice.Id) return;
        var watch = await billing.Events.WatchSubscriptionAsync(subscription);
        move(subscription);
        watch.EmitIfChanged();
    }
}
