using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>The next renewal invoice as it would be made, never stored: the invoice, its lines and its customer.</summary>
/// <param name="CollectionPaused">The subscription's pause_collection behavior at the renewal's time, when collection is paused then.</param>
public sealed record RenewalPreview(Invoice Invoice, IReadOnlyList<InvoiceItem> Lines, Domain.Customers.Customer? Customer, string? CollectionPaused = null)
{
    /// <summary>
    /// <c>preview_mode=recurring</c> ("Only include the values that will recur"; the guide: "the expected recurring
    /// charge, excluding one-off items and discounts"): the subscription items' lines that are no proration stay; the
    /// invoice items (pending, previewed, added) and prorations are taken off the invoice and its totals. Only for a
    /// preview's invoice, which is never stored.
    /// </summary>
    public RenewalPreview RecurringOnly()
    {
        var kept = new List<InvoiceItem>();
        foreach (var line in Lines)
        {
            if (line.SubscriptionItemId is not null && !IsProration(line)) kept.Add(line);
            else Invoice.RemoveLine(line);
        }
        // "excluding one-off items and discounts".
        if (Invoice.HasDiscounts) Invoice.SetDiscounts([], kept);
        return this with { Lines = kept };
    }

    private static bool IsProration(InvoiceItem line) =>
        line.Attributes[SubscriptionPendingItems.ProrationKey] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<bool>(out var proration) && proration;
}

/// <summary>Why a renewal cannot be previewed.</summary>
public sealed class RenewalPreviewRefused(string param, string message) : Exception(message)
{
    public string Param { get; } = param;
}

/// <summary>
/// POST /v1/invoices/create_preview with <c>subscription</c>: the invoice <see cref="RenewSubscription"/> would draft at
/// the subscription's next period end (its pending items first, as copies; then the items whose period ends first, each
/// for its next period; a metered item its usage so far of the period that is ending), with
/// <c>billing_reason=upcoming</c>, <c>created</c> at that period end. Reads only; nothing is written, no event.
/// A subscription that will not renew (ended, incomplete, or canceling at its period end) is refused.
/// </summary>
public sealed class PreviewRenewal(BillingContext billing)
{
    public async Task<RenewalPreview> RunAsync(string subscriptionId, string? customerId)
    {
        var subscription = await billing.Schedule.FindSubscriptionAsync(subscriptionId) ?? throw new NotFound("subscription", subscriptionId, "subscription");
        if (customerId is not null && customerId != subscription.CustomerId)
            throw new RenewalPreviewRefused("customer", $"The subscription {subscription.Id} does not belong to the customer {customerId}.");
        if (!subscription.Renews || subscription.CancelAtPeriodEnd)
            throw new RenewalPreviewRefused("subscription", $"The subscription {subscription.Id} will not renew ({subscription.Status.Wire()}{(subscription.CancelAtPeriodEnd ? ", cancel_at_period_end" : "")}): it has no upcoming invoice.");
        var items = await billing.Subscriptions.ItemsAsync(subscription.Id);
        var at = items.Min(i => i.CurrentPeriodEnd);
        var invoice = SubscriptionPendingItems.NewInvoice(billing, subscription, BillingReasons.Upcoming, at);
        invoice.SetUsagePeriod(items.Where(i => i.CurrentPeriodEnd == at).Min(i => i.CurrentPeriodStart), at);
        // The renewal attaches the subscription's pending items (prorations, added items) first: so does its preview.
        var lines = await SubscriptionPendingItems.PreviewLinesAsync(billing, subscription, invoice, reservedLines: items.Count(i => i.CurrentPeriodEnd == at));
        foreach (var item in items.Where(i => i.CurrentPeriodEnd == at))
        {
            var price = await billing.Subscriptions.PriceAsync(item.PriceId) ?? throw new InvalidOperationException($"{item.PriceId} is gone");
            // A metered item: the usage so far of the period that is ending (what the renewal will bill in arrears).
            if (MeteredUsage.IsMetered(price))
            {
                var usage = await MeteredUsage.OfAsync(billing, subscription, price, item.UsageStart, item.CurrentPeriodEnd);
                lines.Add(await SubscriptionInvoices.LineAsync(billing, invoice, subscription, item, price, at, (item.UsageStart, item.CurrentPeriodEnd), quantity: usage));
                continue;
            }
            var period = BillingPeriods.PeriodAt(subscription.BillingCycleAnchor, price.Interval!, price.IntervalCount ?? 1, item.CurrentPeriodEnd);
            lines.Add(await SubscriptionInvoices.LineAsync(billing, invoice, subscription, item, price, at, period));
        }
        return new RenewalPreview(invoice, lines, await billing.Invoices.LiveCustomerAsync(subscription.CustomerId), subscription.CollectionPausedAt(at));
    }

    /// <summary>
    /// Due work <c>invoice.upcoming</c>: the preview, sent as <c>invoice.upcoming</c> when the subscription still
    /// renews (ended, incomplete or canceling at its period end: nothing) into "an invoice that is automatically
    /// charged" (a send_invoice subscription: nothing). Stripe's note: "The received Invoice object will not have an
    /// invoice ID" (the event's object has no <c>id</c>).
    /// </summary>
    public async Task SendUpcomingAsync(string subscriptionId)
    {
        RenewalPreview preview;
        try
        {
            preview = await RunAsync(subscriptionId, null);
        }
        catch (Exception e) when (e is RenewalPreviewRefused or NotFound)
        {
            return;
        }
        if (preview.Invoice.CollectionMethod != Domain.Invoices.Invoice.ChargeAutomatically) return;
        // pause_collection void: "Stripe won't send any upcoming invoice emails or webhooks".
        if (preview.CollectionPaused == Subscription.VoidInvoices) return;
        await billing.Events.UpcomingInvoiceAsync(preview.Invoice, preview.Lines, preview.Customer);
    }
}
