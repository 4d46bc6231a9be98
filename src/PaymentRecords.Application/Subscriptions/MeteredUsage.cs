using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Meters;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// What a subscription item on a metered price bills: its meter's formula over the customer's meter events with a
/// timestamp in [period start, period end), billed in arrears on the renewal invoice of the period that ended (and shown
/// so far by a preview). The first invoice and a new period's invoice have no line for a metered item (flexible
/// billing mode: nothing to bill yet), and a trial bills it nothing: usage reported during it is not charged (the line
/// of a period inside the trial has quantity 0).
/// </summary>
public static class MeteredUsage
{
    public static bool IsMetered(Price price) => price.UsageType == Price.Metered && price.MeterId is not null;

    /// <summary>Those of <paramref name="items"/> on a metered price, with their prices (in the items' order).</summary>
    public static async Task<List<(Domain.Subscriptions.SubscriptionItem Item, Price Price)>> ItemsAsync(BillingContext billing,
        IEnumerable<Domain.Subscriptions.SubscriptionItem> items)
    {
        var metered = new List<(Domain.Subscriptions.SubscriptionItem, Price)>();
        foreach (var item in items)
            if (await billing.Subscriptions.PriceAsync(item.PriceId) is { } price && IsMetered(price)) metered.Add((item, price));
        return metered;
    }

    /// <summary>
    /// A renewal being finalized bills the latest usage of its metered lines' periods: "During the finalization grace
    /// period, you can continue to report usage for the previous billing period. During finalization, Stripe updates
    /// the invoice to reflect the latest quantity for its billing period." Meter events sent in the draft's hour with a
    /// timestamp in the period that ended count, and the line's description names the new quantity. The caller holds the
    /// invoice's lock (a draft); the lines are locked here.
    /// </summary>
    public static async Task RecountAsync(BillingContext billing, Domain.Invoices.Invoice invoice)
    {
        if (invoice.SubscriptionId is not { } subscriptionId || invoice.BillingReason != Domain.Invoices.BillingReasons.SubscriptionCycle) return;
        Domain.Subscriptions.Subscription? subscription = null;
        foreach (var line in await billing.Invoices.LockLinesAsync(invoice.Id))
        {
            if (line.SubscriptionItemId is null
                || line.Attributes[Invoices.InvoiceItemChanges.PriceDetailsKey]?["price"]?.GetValue<string>() is not { } priceId
                || await billing.Subscriptions.PriceAsync(priceId) is not { } price || !IsMetered(price)) continue;
            subscription ??= await billing.Schedule.FindSubscriptionAsync(subscriptionId);
            if (subscription is null) return;
            var usage = await OfAsync(billing, subscription, price, line.PeriodStart, line.PeriodEnd);
            if (usage == line.Quantity) continue;
            var before = line.Amount;
            line.SetUnitAmount(line.UnitAmountDecimal, usage);
            line.Description = await SubscriptionInvoices.PeriodDescriptionAsync(billing, price, usage, line.UnitAmountDecimal, invoice.Currency);
            invoice.LineAmountChanged(line, before);
        }
    }

    /// <summary>
    /// The usage the subscription's customer is billed on the price's meter for [<paramref name="start"/>,
    /// <paramref name="end"/>): none for a period that ends within the subscription's trial.
    /// </summary>
    public static async Task<long> OfAsync(BillingContext billing, Domain.Subscriptions.Subscription subscription, Price price, long start, long end)
    {
        if (subscription.TrialEnd is { } trialEnd && end <= trialEnd) return 0;
        var customerId = subscription.CustomerId;
        var meter = await billing.Meters.FindAsync(price.MeterId!) ?? throw new InvalidOperationException($"{price.MeterId} is gone");
        var windows = await billing.Meters.UsageAsync(meter.Id, customerId, start, end, null);
        return windows.Count == 0 ? 0 : MeterFormula.Pick(meter.Formula, windows[0].Sum, windows[0].Count, windows[0].Last);
    }
}
