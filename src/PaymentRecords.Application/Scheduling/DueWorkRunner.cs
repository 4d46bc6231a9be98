using PaymentRecords.Application.Subscriptions;
using PaymentRecords.Domain.Scheduling;

namespace PaymentRecords.Application.Scheduling;

/// <summary>
/// Runs one item of due work through the use cases, in the unit of work the scheduler claimed it in (the claim, the
/// work and the item's deletion commit together: it runs once). The context's clock reads the item's time: the wall
/// time for wall-clock customers, the due time on a test clock being advanced.
/// </summary>
public sealed class DueWorkRunner(BillingContext billing, DunningOptions options)
{
    public async Task RunAsync(string kind, string objectId, long dueAt, string? testClockId)
    {
        switch (kind)
        {
            case DueWorkKinds.SubscriptionPeriodEnd:
                await new RenewSubscription(billing).RunAsync(objectId, dueAt, testClockId);
                break;
            case DueWorkKinds.DraftFinalize:
                await new AutoFinalizeDraft(billing, options).RunAsync(objectId, testClockId);
                break;
            case DueWorkKinds.SubscriptionIncompleteExpiry:
                await new ExpireIncompleteSubscription(billing).RunAsync(objectId);
                break;
            case DueWorkKinds.SubscriptionResumptionExpiry:
                await new ExpireResumption(billing).RunAsync(objectId, dueAt);
                break;
            case DueWorkKinds.SubscriptionCollectionResumes:
                await new SubscriptionTimers(billing).CollectionResumesAsync(objectId, dueAt);
                break;
            case DueWorkKinds.InvoicePaymentRetry:
                await RenewalDunning.RetryAsync(billing, objectId, options, testClockId);
                break;
            case DueWorkKinds.SubscriptionTrialWillEnd:
                await new SubscriptionTimers(billing).TrialWillEndAsync(objectId, dueAt);
                break;
            case DueWorkKinds.SubscriptionCancelAt:
                await new SubscriptionTimers(billing).CancelAtAsync(objectId, dueAt);
                break;
            case DueWorkKinds.InvoiceUpcoming:
                await new PreviewRenewal(billing).SendUpcomingAsync(objectId);
                break;
            case DueWorkKinds.InvoiceOverdue:
                await new InvoiceOverdue(billing).RunAsync(objectId);
                break;
            case DueWorkKinds.TestClockDeletion:
                await new TestClocks.DeleteTestClock(billing).RunExpiredAsync(objectId);
                break;
            case DueWorkKinds.CreditGrantExpiry:
                await new Credits.CreditGrantExpiry(billing).RunAsync(objectId, dueAt);
                break;
            case DueWorkKinds.BillingAlertCheck:
                await new Meters.CheckBillingAlerts(billing).RunAsync(objectId);
                break;
            default:
                // Written by a newer version: left for it (the scheduler logs and deletes nothing it cannot run).
                throw new InvalidOperationException($"unknown due work kind {kind}");
        }
    }
}
