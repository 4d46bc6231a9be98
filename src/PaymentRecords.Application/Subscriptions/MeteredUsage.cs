using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Meters;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// What a subscription item on a metered price bills: its meter's formula over the customer's meter events with a
/// timestamp in [period start, period end), billed in arrears on the renewal invoice of the period that ended (and shown
/// so far by a preview). The first invoice bills a metered item nothing (quantity 0), as Stripe does, and so does a
/// trial: usage reported during it is not charged (the line of a period inside the trial has quantity 0).
/// </summary>
public static class MeteredUsage
{
    public static bool IsMetered(Price price) => price.UsageType == Price.Metered && price.MeterId is not null;

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
