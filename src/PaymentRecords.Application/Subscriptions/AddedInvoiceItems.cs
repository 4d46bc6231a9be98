using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// One <c>add_invoice_items[]</c> entry of a subscription create: a one-time price, its quantity (1 when not given), its
/// metadata and its period (<c>period[start|end]</c>: a type and, for <c>timestamp</c>, the time). <c>InlinePrice</c>: the
/// price is the entry's own inline one (<c>price_data</c>), archived from the start and usable here.
/// </summary>
public sealed record AddedInvoiceItemInput(string PriceId, long Quantity, Dictionary<string, string> Metadata,
    string StartType = AddedInvoiceItems.MaxItemPeriodStart, long? StartAt = null,
    string EndType = AddedInvoiceItems.MinItemPeriodEnd, long? EndAt = null, bool InlinePrice = false);

/// <summary>
/// Stripe's <c>add_invoice_items</c> at create: "A list of prices and quantities that will generate invoice items
/// appended to the next invoice for this subscription" — the first invoice, or, when there is none (an anchor's free
/// first period), the subscription's pending items, which its first renewal picks up
/// (<see cref="SubscriptionPendingItems"/>). Each is an invoice item of the subscription
/// (<c>parent.subscription_details</c>, no subscription item), described by its product's name, for its period
/// (by default the items' period: "period.start.type defaults to max_item_period_start and period.end.type defaults
/// to min_item_period_end").
/// </summary>
public static class AddedInvoiceItems
{
    public const string Now = "now", Timestamp = "timestamp", MaxItemPeriodStart = "max_item_period_start", MinItemPeriodEnd = "min_item_period_end";

    /// <summary>The entries' prices, checked: one-time, active, in the subscription's currency.</summary>
    public static async Task<List<Price>> PricesAsync(BillingContext billing, IReadOnlyList<AddedInvoiceItemInput> inputs, string currency)
    {
        var prices = new List<Price>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var param = $"add_invoice_items[{i}][price]";
            var price = await billing.Subscriptions.PriceAsync(inputs[i].PriceId) ?? throw new NotFound("price", inputs[i].PriceId, param);
            if (!price.Active && !inputs[i].InlinePrice) throw new SubscriptionRefused(SubscriptionRefusal.PriceInactive, param, price.Id);
            if (price.Type == Price.Recurring) throw new SubscriptionRefused(SubscriptionRefusal.AddedItemRecurring, param, price.Id);
            if (price.Currency != currency) throw new SubscriptionRefused(SubscriptionRefusal.CurrencyMismatch, param, price.Id, price.Currency, currency);
            if (!LineAmounts.WithinLimit(price.PeriodAmount(inputs[i].Quantity), 1))
                throw new SubscriptionRefused(SubscriptionRefusal.AmountOutOfRange, $"add_invoice_items[{i}][quantity]");
            prices.Add(price);
        }
        return prices;
    }

    /// <summary>
    /// The items, made now for the subscription whose items run from <paramref name="itemsStart"/> to
    /// <paramref name="itemsEnd"/>: each a line of <paramref name="invoice"/> when there is one, else pending.
    /// </summary>
    public static async Task<List<InvoiceItem>> MakeAsync(BillingContext billing, Domain.Subscriptions.Subscription subscription,
        IReadOnlyList<AddedInvoiceItemInput> inputs, IReadOnlyList<Price> prices, long itemsStart, long itemsEnd, Invoice? invoice)
    {
        var now = billing.Now;
        var made = new List<InvoiceItem>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var (input, price) = (inputs[i], prices[i]);
            var start = input.StartType switch { Now => now, Timestamp => input.StartAt!.Value, _ => itemsStart };
            var end = input.EndType == Timestamp ? input.EndAt!.Value : itemsEnd;
            if (end < start) throw new SubscriptionRefused(SubscriptionRefusal.AddedItemPeriod, $"add_invoice_items[{i}][period]",
                end.ToString(System.Globalization.CultureInfo.InvariantCulture), start.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var item = new InvoiceItem
            {
                AccountId = billing.AccountId,
                Id = Ids.New(Ids.InvoiceItem),
                Created = now,
                CustomerId = subscription.CustomerId,
                Currency = subscription.Currency,
                TestClockId = subscription.TestClockId,
                PeriodStart = start,
                PeriodEnd = end,
                Description = await SubscriptionInvoices.ProductNameAsync(billing, price),
                Metadata = input.Metadata,
            };
            item.PricedWith(price.Transform, price.Tiers);
            item.SetUnitAmount(price.EffectiveUnitAmount, input.Quantity);
            Invoices.InvoiceItemChanges.SetDetails(item, price.Id, price.ProductId);
            SubscriptionPendingItems.BelongTo(item, subscription.Id);
            if (invoice is not null) invoice.AddLine(item, Ids.New(Ids.InvoiceLine));
            made.Add(item);
        }
        return made;
    }
}
