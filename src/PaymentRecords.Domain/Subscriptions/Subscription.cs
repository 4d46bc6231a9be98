using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Subscriptions;

/// <summary>
/// A subscription (<c>sub_</c>) of a customer to recurring prices (its <see cref="SubscriptionItem"/>s, <c>si_</c>).
/// Periods live on the items (API 2025-03-31.basil and later), not here. Columns hold what rules and list filters read;
/// settings without a column live in <see cref="Attributes"/>: echoed ones (payment_settings, cancellation_details) and
/// ones rules read too (trial_settings, pause_collection, pending_update).
/// Status moves only through <see cref="Activate"/>, <see cref="Cancel"/>, the transitions of time in Renewal.cs and a
/// resume (Resumption.cs).
/// </summary>
public sealed partial class Subscription : IAccountScoped
{
    public const string ChargeAutomatically = "charge_automatically";
    public const string SendInvoice = "send_invoice";
    public const string PaymentSettingsKey = "payment_settings";
    public const string CancellationDetailsKey = "cancellation_details";

    /// <summary>A cancellation asked for through the API (cancel now, at the period end, a customer or clock deleted).</summary>
    public const string CancellationRequested = "cancellation_requested";

    /// <summary>Stripe's <c>cancellation_details</c> object: <c>comment</c>, <c>feedback</c>, <c>reason</c>.</summary>
    public static JsonObject CancellationDetails(string? reason, string? comment = null, string? feedback = null) =>
        new() { ["comment"] = comment, ["feedback"] = feedback, ["reason"] = reason };
    public const string TrialSettingsKey = "trial_settings";
    /// <summary>The <see cref="Attributes"/> key of the end of a free first period (<see cref="InFreeFirstPeriod"/>).</summary>
    public const string FreeUntilKey = "free_until";

    /// <summary>
    /// Whether <paramref name="at"/> falls in a first period up to a billing cycle anchor that was created with
    /// proration_behavior=none: nothing was billed for it, so nothing in it is prorated (as in a trial).
    /// </summary>
    public bool InFreeFirstPeriod(long at) => Attributes[FreeUntilKey] is JsonValue v && v.TryGetValue<long>(out var until) && at < until;

    /// <summary>The <see cref="Attributes"/> key of <c>billing_cycle_anchor_config</c> as given at create (rendered as is).</summary>
    public const string AnchorConfigKey = "billing_cycle_anchor_config";
    /// <summary>Stripe's limit on items per subscription.</summary>
    public const int MaxItems = 20;

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string CustomerId { get; init; }
    public required string Currency { get; init; }
    public SubscriptionStatus Status { get; internal set; } = SubscriptionStatus.Incomplete;
    public string CollectionMethod { get; set; } = ChargeAutomatically;
    public long? DaysUntilDue { get; set; }
    public string? DefaultPaymentMethodId { get; set; }
    /// <summary>The test clock of its customer (Stripe shows it on the object; a customer joins a clock only at creation).</summary>
    public string? TestClockId { get; init; }
    public string? Description { get; set; }
    /// <summary>Set at create (the start, or a trial's end); a trial moved by an update (<see cref="MoveTrialEnd"/>) or a resume (<see cref="Resume"/>) moves it.</summary>
    public long BillingCycleAnchor { get; set; }
    public long StartDate { get; init; }
    public bool CancelAtPeriodEnd { get; set; }
    public long? CanceledAt { get; internal set; }
    public long? EndedAt { get; internal set; }
    public string? LatestInvoiceId { get; set; }
    public long? TrialStart { get; private set; }
    public long? TrialEnd { get; private set; }
    /// <summary>Stripe's <c>cancel_at</c>: when the subscription is set to cancel (what happens then is time-driven).</summary>
    public long? CancelAt { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public JsonObject Attributes { get; set; } = [];

    /// <summary><c>payment_settings.save_default_payment_method</c> is <c>on_subscription</c>.</summary>
    public bool SavesDefaultPaymentMethod =>
        Attributes[PaymentSettingsKey]?["save_default_payment_method"] is JsonValue v && v.TryGetValue<string>(out var s) && s == "on_subscription";

    /// <summary>The status a new subscription starts in: charge_automatically with an amount due waits for its first invoice.</summary>
    public void Start(bool firstInvoiceDue)
    {
        Status = CollectionMethod == ChargeAutomatically && firstInvoiceDue ? SubscriptionStatus.Incomplete : SubscriptionStatus.Active;
    }

    /// <summary>A new subscription in a free trial from <paramref name="start"/> to <paramref name="end"/>: <c>trialing</c> (its first invoice, if any, is $0).</summary>
    public void StartTrial(long start, long end)
    {
        if (end <= start) throw new ArgumentOutOfRangeException(nameof(end), "a trial ends after it starts");
        TrialStart = start;
        TrialEnd = end;
        Status = SubscriptionStatus.Trialing;
    }

    /// <summary>
    /// An active subscription gets a trial from <paramref name="now"/> to <paramref name="end"/> (an update's future
    /// <c>trial_end</c>): <c>trialing</c>, the anchor at the trial's end as for any trial, the old cycle's settings gone.
    /// </summary>
    public void AddTrial(long now, long end)
    {
        if (Status != SubscriptionStatus.Active) throw new InvalidOperationException($"{Id} is {Status.Wire()}: a trial is added to an active subscription only");
        StartTrial(now, end);
        ResetAnchor(end);
    }

    /// <summary>
    /// A trialing subscription's trial now ends at <paramref name="end"/> (an update's <c>trial_end</c>, <c>now</c>
    /// included): "The <c>billing_cycle_anchor</c> will be updated to the <c>trial_end</c> value."
    /// </summary>
    public void MoveTrialEnd(long end)
    {
        if (Status != SubscriptionStatus.Trialing) throw new InvalidOperationException($"{Id} is {Status.Wire()}: no trial to move");
        TrialEnd = end;
        BillingCycleAnchor = end;
    }

    /// <summary>
    /// The billing cycle restarts at <paramref name="now"/> (an update's <c>billing_cycle_anchor=now</c>): the anchor is now, and what was set for the old cycle goes (the config it was made from, a
    /// free first period's end).
    /// </summary>
    public void ResetAnchor(long now)
    {
        BillingCycleAnchor = now;
        Attributes.Remove(AnchorConfigKey);
        Attributes.Remove(FreeUntilKey);
    }

    /// <summary>incomplete → active: its first invoice was paid. Returns false (nothing changes) from any other status.</summary>
    public bool Activate()
    {
        if (!SubscriptionStatusMachine.CanActivate(Status)) return false;
        Status = SubscriptionStatus.Active;
        return true;
    }

    /// <summary>
    /// An update sets or clears <c>cancel_at_period_end</c>. Set, the subscription shows its cancellation at once, as
    /// Stripe does: <c>cancel_at</c> = the current period's end (<paramref name="periodEnd"/>), <c>canceled_at</c> =
    /// now ("the time of the most recent update request"), <c>cancellation_details.reason</c> =
    /// <c>cancellation_requested</c>; cleared, those go back to null.
    /// </summary>
    public void SetCancelAtPeriodEnd(bool atPeriodEnd, long now, long periodEnd)
    {
        if (atPeriodEnd)
        {
            CancelAtPeriodEnd = true;
            CancelAt = periodEnd;
            CanceledAt = now;
            Attributes[CancellationDetailsKey] = CancellationDetails(CancellationRequested);
        }
        else if (CancelAtPeriodEnd)
        {
            CancelAtPeriodEnd = false;
            CancelAt = null;
            CanceledAt = null;
            Attributes[CancellationDetailsKey] = CancellationDetails(null);
        }
    }

    /// <summary>Any status but the ended ones → canceled, now (<c>canceled_at</c> = <c>ended_at</c> = <paramref name="at"/>).</summary>
    public void Cancel(long at, JsonObject cancellationDetails)
    {
        if (!SubscriptionStatusMachine.CanCancel(Status)) throw new InvalidOperationException($"{Id} is {Status.Wire()}: no cancel");
        Status = SubscriptionStatus.Canceled;
        CanceledAt = at;
        EndedAt = at;
        CancelAtPeriodEnd = false;
        DropPendingResumption();
        Attributes[CancellationDetailsKey] = cancellationDetails;
    }
}

/// <summary>One recurring price of a subscription, with its own billing period (<c>current_period_start/end</c>).</summary>
public sealed class SubscriptionItem : IAccountScoped
{
    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string SubscriptionId { get; init; }
    public required string PriceId { get; set; }
    public long Quantity { get; set; } = 1;
    /// <summary>The item's order on its subscription.</summary>
    public int Position { get; init; }
    public long CurrentPeriodStart { get; set; }
    public long CurrentPeriodEnd { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    /// <summary>
    /// When its current price began to count usage, if that was inside its current period: the item was added, or moved
    /// to another price, mid-period ("When the subscription cycles on February 1, we bill for price B from January 16
    /// to February 1"). Null: from the period's start. Earlier than a later period's start, it no longer matters.
    /// </summary>
    public long? MeteredFrom { get; set; }

    /// <summary>Where the usage its current price bills for the current period starts (<see cref="MeteredFrom"/>).</summary>
    public long UsageStart => MeteredFrom is { } from && from > CurrentPeriodStart ? Math.Min(from, CurrentPeriodEnd) : CurrentPeriodStart;
}
