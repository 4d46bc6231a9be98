using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Scheduling;

/// <summary>
/// Stripe's account-level retry settings for renewal payments (configuration section <c>Billing:Dunning</c>,
/// docs/endpoints-test-clocks.md): the first attempt is made at finalize; attempt n+1 is made
/// <see cref="RetryDays"/>[n-1] days after attempt n unless the invoice was paid; an attempt still unpaid when the next
/// is due counts as failed. After the last attempt fails the subscription ends in <see cref="SubscriptionEnd"/> and
/// the invoice is left open or, with <see cref="MarkUncollectible"/>, marked uncollectible.
/// </summary>
public sealed class DunningOptions
{
    /// <summary>Days between attempts: 3 retries, 3, 5 and 7 days apart (Stripe's custom-schedule example).</summary>
    public static readonly IReadOnlyList<int> DefaultRetryDays = [3, 5, 7];

    /// <summary>
    /// The configured days between attempts; null or empty: <see cref="DefaultRetryDays"/>. (Not a list that starts with
    /// the defaults: configuration binding adds to a list it finds, so <c>RetryDays:0=1</c> would have made 3, 5, 7, 1.)
    /// </summary>
    public List<int>? RetryDays { get; set; }

    /// <summary>The schedule in force.</summary>
    public IReadOnlyList<int> RetrySchedule => RetryDays is { Count: > 0 } configured ? configured : DefaultRetryDays;

    public DunningEnd SubscriptionEnd { get; set; } = DunningEnd.Cancel;

    public bool MarkUncollectible { get; set; }

    /// <summary>How long after the last attempt its failure is taken as final when nobody answers it.</summary>
    public int LastAttemptGraceDays { get; set; } = 7;
}
