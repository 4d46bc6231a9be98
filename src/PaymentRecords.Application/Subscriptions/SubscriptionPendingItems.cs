using System.Text.Json.Nodes;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// The pending invoice items of a subscription (its prorations, its add_invoice_items, items created with its id:
/// <c>parent.subscription_details.subscription</c>) and the invoice that bills them. The one entry point for "what does
/// this subscription's next invoice pick up": a cycle invoice (the first, a renewal, a new period's) calls
/// <see cref="AttachAllAsync"/> on its draft, which also sweeps the customer's pending items that name no subscription
/// ("invoice items are always added to the next invoice to be charged"); <c>always_invoice</c> and a cancel's
/// <c>invoice_now</c> call <see cref="InvoiceNowAsync"/>, and an invoice created with <c>subscription</c>
/// <see cref="OfAsync"/>: the subscription's own only.
/// </summary>
public static class SubscriptionPendingItems
{
    /// <summary>Stripe's billing_reason of an invoice a subscription change made at once (always_invoice, cancel with invoice_now).</summary>
    public const string SubscriptionUpdate = "subscription_update";

    /// <summary>The invoice item <see cref="InvoiceItem.Attributes"/> key of <c>parent.subscription_details</c>.</summary>
    public const string ParentKey = "subscription_details";

    /// <summary>The invoice item <see cref="InvoiceItem.Attributes"/> key of <c>proration</c> (true on prorations).</summary>
    public const string ProrationKey = "proration";

    /// <summary>
    /// The subscription's own pending items, oldest first, locked and tracked (pending changes are flushed first so they
    /// are seen). The caller holds the subscription's lock.
    /// </summary>
    public static async Task<List<InvoiceItem>> OfAsync(BillingContext billing, Subscription subscription)
    {
        await billing.Subscriptions.FlushAsync();
        return await billing.Subscriptions.PendingItemsAsync(subscription.CustomerId, subscription.Id, lockRows: true);
    }

    /// <summary>
    /// Puts what the subscription's next cycle invoice takes on <paramref name="draft"/>, oldest first: its own pending
    /// items and the customer's that name no subscription in its currency (locked), leaving room for
    /// <paramref name="reservedLines"/> more lines (the items' own); returns them.
    /// </summary>
    public static async Task<List<InvoiceItem>> AttachAllAsync(BillingContext billing, Subscription subscription, Invoice draft, int reservedLines = 0)
    {
        await billing.Subscriptions.FlushAsync();
        var pending = await billing.Subscriptions.PendingItemsAsync(subscription.CustomerId, subscription.Id, subscription.Currency, lockRows: true);
        var taken = pending.Take(Room(draft, reservedLines)).ToList();
        foreach (var item in taken) draft.AddLine(item, Ids.New(Ids.InvoiceLine));
        return taken;
    }

    /// <summary>
    /// Makes <paramref name="item"/> one of the subscription's pending items (<c>parent.subscription_details</c>, with no
    /// <c>subscription_item</c>: Stripe leaves it out, optional and never null): only that subscription's invoices take it.
    /// </summary>
    public static void BelongTo(InvoiceItem item, string subscriptionId) =>
        item.Attributes[ParentKey] = new JsonObject { ["subscription"] = subscriptionId };

    /// <summary>
    /// The attributes of a pending item a subscription makes for one of its items (a proration, a removed metered price's
    /// usage so far): <c>pricing.price_details</c> of <paramref name="price"/> and <c>parent.subscription_details</c>
    /// naming the subscription and the item, so it bills as that item's line.
    /// </summary>
    public static JsonObject ItemAttributes(string subscriptionId, string subscriptionItemId, Domain.Catalog.Price price) => new()
    {
        [Invoices.InvoiceItemChanges.PriceDetailsKey] = new JsonObject { ["price"] = price.Id, ["product"] = price.ProductId },
        [ParentKey] = new JsonObject { ["subscription"] = subscriptionId, ["subscription_item"] = subscriptionItemId },
    };

    /// <summary>How many pending items fit on <paramref name="invoice"/> beside <paramref name="reservedLines"/> more lines.</summary>
    private static int Room(Invoice invoice, int reservedLines) => Math.Max(0, Invoice.MaxLines - invoice.LineCount - reservedLines);

    /// <summary>The subscription's metadata as the invoice keeps it (<c>parent.subscription_details.metadata</c>: its value when the invoice was made).</summary>
    public static void SnapshotMetadata(Invoice invoice, Subscription subscription) =>
        invoice.Attributes[CreateSubscription.SubscriptionMetadataKey] =
            new JsonObject(subscription.Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    /// <summary>
    /// What a renewal preview shows of the pending items its renewal takes (<see cref="AttachAllAsync"/>, with the same
    /// <paramref name="reservedLines"/>): a copy of each, as a line of
    /// <paramref name="preview"/> (never stored), in the order a renewal attaches them; the items themselves stay
    /// pending and untouched.
    /// </summary>
    public static async Task<List<InvoiceItem>> PreviewLinesAsync(BillingContext billing, Subscription subscription, Invoice preview, int reservedLines = 0)
    {
        var copies = new List<InvoiceItem>();
        var pending = await billing.Subscriptions.PendingItemsAsync(subscription.CustomerId, subscription.Id, subscription.Currency);
        // As many as the renewal would take (AttachAllAsync leaves the same room for the items' own lines).
        foreach (var item in pending.Take(Room(preview, reservedLines)))
        {
            var copy = new InvoiceItem
            {
                AccountId = item.AccountId,
                Id = item.Id,
                Created = item.Created,
                CustomerId = item.CustomerId,
                Currency = item.Currency,
                TestClockId = item.TestClockId,
                PeriodStart = item.PeriodStart,
                PeriodEnd = item.PeriodEnd,
                Description = item.Description,
                Discountable = item.Discountable,
                Metadata = new Dictionary<string, string>(item.Metadata),
                Attributes = (JsonObject)item.Attributes.DeepClone(),
            };
            copy.SetUnitAmount(item.UnitAmountDecimal, item.Quantity);
            preview.AddLine(copy, Ids.New(Ids.InvoiceLine));
            copies.Add(copy);
        }
        return copies;
    }

    /// <summary>
    /// A new draft invoice of the subscription: auto_advance on, its payment settings, its metadata snapshot. Created
    /// now, or at <paramref name="created"/> (a renewal preview is dated at the period end it previews).
    /// </summary>
    /// <param name="billsItems">The invoice bills the items' periods (a once discount goes with it); null: its first invoice, a renewal or a renewal's preview.</param>
    public static Invoice NewInvoice(BillingContext billing, Subscription subscription, string billingReason, long? created = null, bool? billsItems = null)
    {
        var invoice = new Invoice
        {
            AccountId = billing.AccountId,
            Id = Ids.New(Ids.Invoice),
            Created = created ?? billing.Now,
            CustomerId = subscription.CustomerId,
            Currency = subscription.Currency,
            CollectionMethod = subscription.CollectionMethod,
            AutoAdvance = true,
            BillingReason = billingReason,
            SubscriptionId = subscription.Id,
            TestClockId = subscription.TestClockId,
        };
        if (subscription.CollectionMethod == Subscription.SendInvoice && subscription.DaysUntilDue is { } days) invoice.SetDaysUntilDue(days);
        // The subscription's discounts this invoice takes (a once one only with an invoice that bills its items).
        var takesItems = billsItems ?? billingReason is BillingReasons.SubscriptionCreate or BillingReasons.SubscriptionCycle or BillingReasons.Upcoming;
        if (subscription.TakeDiscounts(invoice.Created, takesItems, preview: billingReason == BillingReasons.Upcoming) is { Count: > 0 } discounts)
            invoice.SetDiscounts(discounts, []);
        SnapshotMetadata(invoice, subscription);
        if (subscription.Attributes[Subscription.PaymentSettingsKey]?["payment_method_types"] is JsonArray types)
            invoice.Attributes["payment_settings"] = new JsonObject
            {
                ["default_mandate"] = null,
                ["payment_method_options"] = null,
                ["payment_method_types"] = types.DeepClone(),
            };
        return invoice;
    }

    /// <summary>
    /// Invoices the subscription's pending items now (<c>billing_reason=subscription_update</c>), finalized at once with
    /// auto_advance on, as the first invoice is; it becomes the subscription's <c>latest_invoice</c>. The caller holds
    /// the customer's lock, then the subscription's. With <paramref name="billsUsageSoFar"/> (a cancel with
    /// <c>invoice_now</c>: "a final invoice that invoices for any un-invoiced metered usage and new/pending proration
    /// invoice items") each metered item also gets a line for its usage from its period's start until now. Nothing to
    /// bill: no invoice (null).
    /// Events: <c>invoice.created</c>, then finalize's.
    /// </summary>
    public static async Task<Invoice?> InvoiceNowAsync(BillingContext billing, Subscription subscription, bool billsUsageSoFar = false)
    {
        var pending = await OfAsync(billing, subscription);
        var items = await billing.Subscriptions.ItemsAsync(subscription.Id);
        var metered = billsUsageSoFar ? await MeteredUsage.ItemsAsync(billing, items) : [];
        if (pending.Count == 0 && metered.Count == 0) return null;
        var invoice = NewInvoice(billing, subscription, SubscriptionUpdate);
        var now = billing.Now;
        // Recorded against Stripe for always_invoice: the invoice's period runs from the items' period start to now (a
        // cancel's final invoice was not recorded: it keeps the plain invoice's zero-width period).
        if (!billsUsageSoFar && items.Count > 0) invoice.SetUsagePeriod(Math.Min(items.Min(i => i.CurrentPeriodStart), now), now);
        foreach (var item in pending.Take(Invoice.MaxLines)) invoice.AddLine(item, Ids.New(Ids.InvoiceLine));
        var usageLines = new List<InvoiceItem>();
        foreach (var (item, price) in metered)
        {
            var start = Math.Min(item.UsageStart, now);
            var usage = await MeteredUsage.OfAsync(billing, subscription, price, start, now);
            usageLines.Add(await SubscriptionInvoices.LineAsync(billing, invoice, subscription, item, price, now, (start, now), quantity: usage));
        }
        billing.Subscriptions.AddInvoice(invoice, usageLines);
        subscription.LatestInvoiceId = invoice.Id;
        var customer = await billing.Invoices.LockCustomerAsync(subscription.CustomerId);
        await billing.Events.InvoiceAsync(BillingOutcome.InvoiceCreated, invoice, customer);
        return await SubscriptionInvoices.FinalizeNowAsync(billing, subscription, invoice);
    }
}
