namespace PaymentRecords.Domain.Subscriptions;

/// <summary>
/// What time does to a subscription (docs/endpoints-test-clocks.md): its period ends and it renews, or ends there
/// (cancel_at_period_end); a renewal that goes unpaid moves it to past_due, then to the configured end state once the
/// retries run out; a later payment brings it back to active; an incomplete one expires after 23 hours.
/// </summary>
public sealed partial class Subscription
{
    /// <summary>How long a first invoice may stay unpaid before an incomplete subscription expires (Stripe: 23 hours).</summary>
    public static readonly TimeSpan IncompleteExpiresAfter = TimeSpan.FromHours(23);

    /// <summary>Whether a period end renews it: active, past_due, unpaid or trialing (not incomplete, not ended, not paused).</summary>
    public bool Renews => Status is SubscriptionStatus.Active or SubscriptionStatus.PastDue or SubscriptionStatus.Unpaid or SubscriptionStatus.Trialing;

    /// <summary>incomplete → incomplete_expired (its first invoice went unpaid for 23 hours); false from any other status.</summary>
    public bool Expire(long at)
    {
        if (Status != SubscriptionStatus.Incomplete) return false;
        Status = SubscriptionStatus.IncompleteExpired;
        EndedAt = at;
        return true;
    }

    /// <summary>active → past_due: a renewal invoice's payment failed. False (nothing changes) from any other status.</summary>
    public bool MarkPastDue()
    {
        if (Status != SubscriptionStatus.Active) return false;
        Status = SubscriptionStatus.PastDue;
        return true;
    }

    /// <summary>past_due | unpaid → active: the renewal invoice was paid after all.</summary>
    public bool Recover()
    {
        if (Status is not (SubscriptionStatus.PastDue or SubscriptionStatus.Unpaid)) return false;
        Status = SubscriptionStatus.Active;
        return true;
    }

    /// <summary>The retries ran out: the configured end state (canceled, unpaid, or stays past_due).</summary>
    public void EndDunning(DunningEnd end, long at)
    {
        if (Status is not (SubscriptionStatus.PastDue or SubscriptionStatus.Active)) return;
        switch (end)
        {
            case DunningEnd.Cancel:
                Cancel(at, CancellationDetails("payment_failed"));
                break;
            case DunningEnd.Unpaid:
                Status = SubscriptionStatus.Unpaid;
                break;
            default:
                Status = SubscriptionStatus.PastDue;
                break;
        }
    }

    /// <summary>
    /// trialing → active (the trial ended and its first paid period begins), or → paused when the trial ends with no
    /// payment method and <c>trial_settings.end_behavior.missing_payment_method=pause</c>. False from any other status.
    /// </summary>
    public bool EndTrial(bool paused)
    {
        if (Status != SubscriptionStatus.Trialing) return false;
        Status = paused ? SubscriptionStatus.Paused : SubscriptionStatus.Active;
        return true;
    }

    /// <summary>
    /// Its period ended with cancel_at_period_end (or cancel_at reached): canceled then (<c>ended_at</c>). With
    /// cancel_at_period_end, <c>canceled_at</c> stays the time of the request that set it ("not the end of the
    /// subscription period when the subscription is automatically moved to a canceled state"), its details stay, and
    /// <c>cancel_at_period_end</c> stays true ("did (if status=canceled) cancel at the end of the current billing period").
    /// </summary>
    public void EndAtPeriodEnd(long at)
    {
        var requested = CancelAtPeriodEnd ? CanceledAt : null;
        Cancel(at, Attributes[CancellationDetailsKey] is System.Text.Json.Nodes.JsonObject { } details && details["reason"] is not null
            ? (System.Text.Json.Nodes.JsonObject)details.DeepClone()
            : CancellationDetails(CancellationRequested));
        if (requested is { } requestedAt)
        {
            CanceledAt = requestedAt;
            CancelAtPeriodEnd = true;
        }
    }
}

/// <summary>What the last failed retry does to the subscription (Stripe's account-level setting).</summary>
public enum DunningEnd
{
    Cancel,
    Unpaid,
    PastDue,
}

/// <summary>
/// What the end of a trial does (<c>trial_settings.end_behavior.missing_payment_method</c>, Stripe's default
/// <c>create_invoice</c>): with a payment method, or with <c>create_invoice</c>, the first paid period begins; without
/// one, <c>cancel</c> cancels the subscription and <c>pause</c> pauses it.
/// </summary>
public enum TrialEnd
{
    CreateInvoice,
    Cancel,
    Pause,
}

public static class TrialEnds
{
    public static TrialEnd Behavior(Subscription subscription, bool hasPaymentMethod)
    {
        if (hasPaymentMethod) return TrialEnd.CreateInvoice;
        var setting = subscription.Attributes[Subscription.TrialSettingsKey]?["end_behavior"]?["missing_payment_method"];
        return (setting as System.Text.Json.Nodes.JsonValue)?.GetValue<string>() switch
        {
            "cancel" => TrialEnd.Cancel,
            "pause" => TrialEnd.Pause,
            _ => TrialEnd.CreateInvoice,
        };
    }
}
