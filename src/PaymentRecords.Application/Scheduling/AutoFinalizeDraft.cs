using PaymentRecords.Application.Invoices;
using PaymentRecords.Application.Subscriptions;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Scheduling;

namespace PaymentRecords.Application.Scheduling;

/// <summary>
/// A draft with auto_advance on reached its <c>automatically_finalizes_at</c> (about an hour after it was created, as
/// Stripe does): it is finalized through <see cref="FinalizeInvoice"/> (so <c>invoice.payment_attempt_required</c>
/// follows the usual rule). A renewal invoice that a charge_automatically subscription must pay starts its first
/// payment attempt here (<see cref="RenewalDunning"/>); a send_invoice invoice gets its overdue check at its due date
/// (as every finalize writes it, <see cref="FinalizeInvoice"/>). One made while its subscription's collection was paused
/// (<see cref="InvoiceCollectionPause"/>) is finalized at once with no attempt, then voided or marked uncollectible.
/// The draft is its own due marker (no row): the scheduler finds drafts by their time.
/// </summary>
public sealed class AutoFinalizeDraft(BillingContext billing, DunningOptions options)
{
    public async Task RunAsync(string invoiceId, string? testClockId)
    {
        if (await LockUnlessDeletedAsync(billing, invoiceId) is not var (_, invoice)) return;
        billing.BillFor(invoice.CustomerId);
        // Changed since it was found: finalized, deleted, auto_advance turned off, or its time moved.
        if (invoice.Status != InvoiceStatus.Draft || !invoice.AutoAdvance || DueAt(invoice) > billing.Now) return;

        if (invoice.CollectionPausedBehavior() is { } paused)
        {
            await SettlePausedAsync(invoice, paused);
            return;
        }
        // A renewal's first payment attempt is the finalize itself (FinalizeInvoiceCommand.Dunning); the subscription's
        // default payment method is looked up there when it matters.
        await new FinalizeInvoice(billing).RunAsync(new FinalizeInvoiceCommand(invoice.Id, Dunning: options));
    }

    /// <summary>
    /// An invoice made while its subscription's collection was paused: finalized with no payment attempt (auto_advance
    /// off), then voided or marked uncollectible, unless the customer's balance already paid it ("If the invoice's
    /// total is paid off entirely using customer balance, then the invoice's status is set to paid").
    /// </summary>
    private async Task SettlePausedAsync(Invoice invoice, string behavior)
    {
        await new FinalizeInvoice(billing).RunAsync(new FinalizeInvoiceCommand(invoice.Id, AutoAdvance: false));
        if (invoice.Status != InvoiceStatus.Open) return;
        if (behavior == Domain.Subscriptions.Subscription.VoidInvoices) await new VoidInvoice(billing).RunAsync(new VoidInvoiceCommand(invoice.Id));
        else await new MarkInvoiceUncollectible(billing).RunAsync(new MarkInvoiceUncollectibleCommand(invoice.Id, ByRequest: false));
    }

    /// <summary>
    /// The customer then the invoice, locked; null when the invoice itself is gone (a draft deleted since it came due),
    /// found by the lock's own read rather than a read before it. Any other miss fails the item as before.
    /// </summary>
    internal static async Task<(Domain.Customers.Customer Customer, Invoice Invoice)?> LockUnlessDeletedAsync(BillingContext billing, string invoiceId)
    {
        try
        {
            return await billing.Invoices.LockCustomerThenInvoiceAsync(invoiceId);
        }
        catch (NotFound e) when (e.ObjectType == "invoice" && e.Id == invoiceId)
        {
            return null;
        }
    }

    /// <summary>
    /// When an auto_advance draft is finalized: its automatically_finalizes_at, else an hour after it was created. The
    /// database keeps the same rule for the scheduler's look (<c>auto_advance_drafts.due_at</c>, set by the trigger of
    /// migration 20261130193000_AutoAdvanceDrafts): a change here changes it there.
    /// </summary>
    public static long DueAt(Invoice invoice) => invoice.AutomaticallyFinalizesAt ?? invoice.Created + GracePeriodSeconds;

    /// <summary>Stripe's finalization grace period: an auto_advance draft is finalized an hour after it was created (or renewed, or turned on).</summary>
    public const long GracePeriodSeconds = 3600;
}

/// <summary>
/// A send_invoice invoice reached its due date: <c>invoice.overdue</c> when still open, and the customer turns
/// delinquent (<see cref="Customers.CustomerDelinquency"/>). A subscription's invoice also
/// turns an active subscription <c>past_due</c> ("If subscription collection_method=send_invoice it becomes past_due
/// when its invoice is not paid by the due date"; paying it brings it back, <see cref="Subscriptions.SubscriptionInvoicePaid"/>).
/// Lock order: the customer and the invoice, then the subscription.
/// </summary>
public sealed class InvoiceOverdue(BillingContext billing)
{
    public async Task RunAsync(string invoiceId)
    {
        if (await AutoFinalizeDraft.LockUnlessDeletedAsync(billing, invoiceId) is not var (customer, invoice)) return;
        billing.BillFor(invoice.CustomerId);
        if (invoice.Status != InvoiceStatus.Open) return;
        await billing.Events.InvoiceAsync(BillingOutcome.InvoiceOverdue, invoice, customer);
        Customers.CustomerDelinquency.Set(billing, customer, true);
        if (invoice.SubscriptionId is not { } subscriptionId || await billing.Subscriptions.LockAsync(subscriptionId) is not { } subscription) return;
        var change = await billing.Events.WatchSubscriptionAsync(subscription);
        subscription.MarkPastDue();
        change.EmitIfChanged();
    }
}
