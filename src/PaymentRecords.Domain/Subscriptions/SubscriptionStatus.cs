namespace PaymentRecords.Domain.Subscriptions;

/// <summary>Stripe's subscription statuses; <see cref="SubscriptionStatuses.Wire"/> gives the string Stripe sends.</summary>
public enum SubscriptionStatus
{
    Incomplete,
    IncompleteExpired,
    Trialing,
    Active,
    PastDue,
    Unpaid,
    Canceled,
    Paused,
}

public static class SubscriptionStatuses
{
    public static string Wire(this SubscriptionStatus status) => status switch
    {
        SubscriptionStatus.Incomplete => "incomplete",
        SubscriptionStatus.IncompleteExpired => "incomplete_expired",
        SubscriptionStatus.Trialing => "trialing",
        SubscriptionStatus.Active => "active",
        SubscriptionStatus.PastDue => "past_due",
        SubscriptionStatus.Unpaid => "unpaid",
        SubscriptionStatus.Canceled => "canceled",
        SubscriptionStatus.Paused => "paused",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static SubscriptionStatus? TryParse(string wire) => wire switch
    {
        "incomplete" => SubscriptionStatus.Incomplete,
        "incomplete_expired" => SubscriptionStatus.IncompleteExpired,
        "trialing" => SubscriptionStatus.Trialing,
        "active" => SubscriptionStatus.Active,
        "past_due" => SubscriptionStatus.PastDue,
        "unpaid" => SubscriptionStatus.Unpaid,
        "canceled" => SubscriptionStatus.Canceled,
        "paused" => SubscriptionStatus.Paused,
        _ => null,
    };

    public static SubscriptionStatus Parse(string wire) =>
        TryParse(wire) ?? throw new ArgumentOutOfRangeException(nameof(wire), wire, "not a subscription status");

    /// <summary>Statuses after which a subscription never moves again (Stripe's <c>status=ended</c> list filter).</summary>
    public static readonly SubscriptionStatus[] Ended = [SubscriptionStatus.Canceled, SubscriptionStatus.IncompleteExpired];
}

/// <summary>
/// The transitions built so far (docs/endpoints-subscriptions.md): a new subscription starts <c>incomplete</c>
/// (charge_automatically with something due) or <c>active</c> (send_invoice, or nothing due); the first invoice paid
/// moves <c>incomplete → active</c>; cancel moves any status but the ended ones to <c>canceled</c>.
/// What time does (renewals, past_due, unpaid, incomplete_expired, cancel at period end, a trial's end) is in
/// <c>Renewal.cs</c>; a paused subscription's resume is in <c>Resumption.cs</c>.
/// </summary>
public static class SubscriptionStatusMachine
{
    public static bool CanActivate(SubscriptionStatus status) => status == SubscriptionStatus.Incomplete;

    public static bool CanCancel(SubscriptionStatus status) => !SubscriptionStatuses.Ended.Contains(status);
}
