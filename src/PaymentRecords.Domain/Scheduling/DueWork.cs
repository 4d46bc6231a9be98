namespace PaymentRecords.Domain.Scheduling;

/// <summary>
/// Work that becomes due at a time (a renewal at a period end, the 23-hour expiry of an incomplete subscription, a
/// payment retry): written in the same transaction as the change that makes it due, claimed by the scheduler when due
/// and deleted in the transaction that does it. (<see cref="AccountId"/>, <see cref="Kind"/>, <see cref="ObjectId"/>,
/// <see cref="DueAt"/>) is unique: the same work cannot be due twice. <see cref="TestClockId"/> set: the time is that
/// clock's, and only an advance of the clock runs it; null: wall time.
/// </summary>
public sealed class DueWork
{
    public long Seq { get; set; }
    public required string AccountId { get; init; }
    public required string Kind { get; init; }
    public required string ObjectId { get; init; }
    public long DueAt { get; init; }
    public string? TestClockId { get; init; }

    /// <summary>
    /// A wall-clock item that failed is not claimed again before this time (Unix seconds); null: it never failed.
    /// Separate from <see cref="DueAt"/>, which stays the time the work is for: use cases compare it with the object's
    /// own time (a cancel_at, a grant's expires_at) to tell a stale item from a live one, and it is part of the key.
    /// </summary>
    public long? RetryAt { get; set; }
}

/// <summary>The kinds of due work (the scheduler's <c>Application/Scheduling/RunDueWork.cs</c> runs each).</summary>
public static class DueWorkKinds
{
    /// <summary>A subscription's earliest item period ends: renew (or end it, cancel_at_period_end / cancel_at).</summary>
    public const string SubscriptionPeriodEnd = "subscription.period_end";
    /// <summary>An incomplete subscription's first invoice was not paid within 23 hours: incomplete_expired.</summary>
    public const string SubscriptionIncompleteExpiry = "subscription.incomplete_expiry";
    /// <summary>A renewal invoice's payment attempt is due (the previous one failed or went unanswered).</summary>
    public const string InvoicePaymentRetry = "invoice.payment_retry";
    /// <summary>A paused subscription's resumption invoice was not paid within 23 hours: voided, the subscription stays paused.</summary>
    public const string SubscriptionResumptionExpiry = "subscription.resumption_expiry";
    /// <summary>A subscription's pause_collection reaches its resumes_at: collection resumes (stale when the pause changed since).</summary>
    public const string SubscriptionCollectionResumes = "subscription.collection_resumes";
    /// <summary>A trial ends in three days: customer.subscription.trial_will_end.</summary>
    public const string SubscriptionTrialWillEnd = "subscription.trial_will_end";
    /// <summary>A subscription's cancel_at is reached: canceled then (stale when cancel_at changed since).</summary>
    public const string SubscriptionCancelAt = "subscription.cancel_at";
    /// <summary>A renewal is a few days off: invoice.upcoming with its preview.</summary>
    public const string InvoiceUpcoming = "invoice.upcoming";
    /// <summary>A send_invoice invoice passed its due date: invoice.overdue.</summary>
    public const string InvoiceOverdue = "invoice.overdue";
    /// <summary>A test clock reaches its deletes_after (wall time, 30 days after its create): deleted with its objects.</summary>
    public const string TestClockDeletion = "test_clock.deletes_after";

    /// <summary>A credit grant's expires_at is reached: what remains expires (stale when expires_at changed since).</summary>
    public const string CreditGrantExpiry = "credit_grant.expiry";
    /// <summary>
    /// A customer's usage on a meter is checked against the alerts watching it; object id <c>{meter}:{customer}</c>, due
    /// at 0 (at once). Written by a trigger on <c>billing_meter_events</c> (Migrations/…_BillingAlerts.cs), never by code.
    /// </summary>
    public const string BillingAlertCheck = "billing_alert.check";
    /// <summary>An auto_advance draft is finalized (not a due_work row: triggers keep drafts in auto_advance_drafts, see the scheduler store).</summary>
    public const string DraftFinalize = "invoice.auto_finalize";
}
