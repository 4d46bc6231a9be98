using System.Text.Json.Nodes;

namespace PaymentRecords.Domain.Subscriptions;

/// <summary>
/// Resuming a paused subscription (POST /v1/subscriptions/{id}/resume). Stripe: "If a resumption invoice is
/// generated, it must be paid or marked uncollectible before the subscription will be unpaused. If payment succeeds the
/// subscription will become active, and if payment fails the subscription will be past_due. The resumption invoice
/// will void automatically if not paid by the expiration date." Until then the subscription stays <c>paused</c> and
/// shows the change waiting for that invoice as its <c>pending_update</c> (whose <c>expires_at</c> is that
/// expiration date, 23 hours later, as Stripe's other pending updates).
/// </summary>
public sealed partial class Subscription
{
    /// <summary>The <see cref="Attributes"/> key of Stripe's <c>pending_update</c> object, rendered as it is.</summary>
    public const string PendingUpdateKey = "pending_update";

    /// <summary>The <see cref="Attributes"/> key of when a pending resumption was asked for (the periods start from it; not rendered).</summary>
    public const string ResumedAtKey = "resumed_at";

    /// <summary>How long a resumption waits for its invoice before that invoice is voided (Stripe's pending updates: 23 hours).</summary>
    public static readonly TimeSpan ResumptionExpiresAfter = TimeSpan.FromHours(23);

    /// <summary>
    /// A paused subscription waits for its resumption invoice: <c>pending_update</c> with the anchor it will take
    /// (<paramref name="anchor"/>, null when it keeps its own) and when it expires.
    /// </summary>
    public void AwaitResumption(long resumedAt, long? anchor, long expiresAt)
    {
        if (Status != SubscriptionStatus.Paused) throw new InvalidOperationException($"{Id} is {Status.Wire()}: only a paused subscription resumes");
        Attributes[PendingUpdateKey] = new JsonObject
        {
            ["billing_cycle_anchor"] = anchor,
            ["expires_at"] = expiresAt,
            ["subscription_items"] = null,
            ["trial_end"] = null,
            ["trial_from_plan"] = null,
        };
        Attributes[ResumedAtKey] = resumedAt;
    }

    /// <summary>The resumption waiting for an invoice, when there is one: when it was asked for, the anchor it takes, when it expires.</summary>
    public (long ResumedAt, long Anchor, long ExpiresAt)? PendingResumption =>
        Status == SubscriptionStatus.Paused && Attributes[PendingUpdateKey] is JsonObject pending && Attributes[ResumedAtKey] is JsonValue at
            ? (at.GetValue<long>(), pending["billing_cycle_anchor"]?.GetValue<long>() ?? BillingCycleAnchor, pending["expires_at"]!.GetValue<long>())
            : null;

    /// <summary>
    /// paused → active, or → past_due when the resumption invoice's payment failed: the billing cycle anchor becomes
    /// <paramref name="anchor"/> (the caller moves the items' periods) and the pending update is gone. False from any
    /// other status.
    /// </summary>
    public bool Resume(long anchor, bool paymentFailed)
    {
        if (Status != SubscriptionStatus.Paused) return false;
        Status = paymentFailed ? SubscriptionStatus.PastDue : SubscriptionStatus.Active;
        BillingCycleAnchor = anchor;
        DropPendingResumption();
        return true;
    }

    /// <summary>The resumption invoice was voided (by request, or at its expiry): the subscription stays paused, nothing pending.</summary>
    public bool DropPendingResumption()
    {
        Attributes.Remove(ResumedAtKey);
        return Attributes.Remove(PendingUpdateKey);
    }
}
