using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Domain.TestClocks;

/// <summary>
/// A test clock (<c>clock_</c>): the frozen time of the customers created on it. It only moves forward, through
/// <see cref="StartAdvance"/> (status <c>advancing</c> toward a target), <see cref="MoveTo"/> (each due item on the way)
/// and <see cref="FinishAdvance"/> (status <c>ready</c> at the target).
/// </summary>
public sealed class TestClock : IAccountScoped
{
    public const string Ready = "ready";
    public const string Advancing = "advancing";
    public const string InternalFailure = "internal_failure";
    /// <summary>Stripe deletes a test clock 30 days after it was created.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);
    /// <summary>"Stripe limits the complexity of each simulation to: three customers; three subscriptions, including scheduled subscriptions, per customer".</summary>
    public const int MaxCustomers = 3;
    /// <summary>See <see cref="MaxCustomers"/>: subscriptions that have not ended, per customer on the clock.</summary>
    public const int MaxSubscriptionsPerCustomer = 3;

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    /// <summary>Wall time of the create (a test clock is not billing time).</summary>
    public long Created { get; init; }
    public long FrozenTime { get; private set; }
    public string? Name { get; init; }
    public string Status { get; private set; } = Ready;
    public long? TargetFrozenTime { get; private set; }
    public long DeletesAfter { get; init; }

    public static TestClock New(string accountId, long frozenTime, string? name, long wallNow) => new()
    {
        AccountId = accountId,
        Id = Ids.New(Ids.TestClock),
        Created = wallNow,
        FrozenTime = frozenTime,
        Name = name,
        DeletesAfter = wallNow + (long)Lifetime.TotalSeconds,
    };

    /// <summary>
    /// The furthest one advance may reach: two intervals of the shortest subscription item on the clock (counted from
    /// the frozen time), two years with none (Stripe's rule).
    /// </summary>
    public long AdvanceLimit(IEnumerable<(string Interval, long IntervalCount)> itemIntervals)
    {
        var limit = BillingPeriods.Boundary(FrozenTime, BillingPeriods.Year, 1, 2);
        foreach (var (interval, count) in itemIntervals)
            limit = Math.Min(limit, BillingPeriods.Boundary(FrozenTime, interval, count, 2));
        return limit;
    }

    /// <summary>ready → advancing toward <paramref name="target"/> (the caller checked it is ahead and within the limit).</summary>
    public void StartAdvance(long target)
    {
        if (Status != Ready) throw new InvalidOperationException($"{Id} is {Status}: no advance");
        if (target <= FrozenTime) throw new InvalidOperationException($"{Id}: {target} is not after {FrozenTime}");
        Status = Advancing;
        TargetFrozenTime = target;
    }

    /// <summary>While advancing, the frozen time reaches a due item at <paramref name="at"/> (never backwards, never past the target).</summary>
    public void MoveTo(long at)
    {
        if (Status != Advancing || TargetFrozenTime is not { } target) throw new InvalidOperationException($"{Id} is not advancing");
        FrozenTime = Math.Clamp(at, FrozenTime, target);
    }

    /// <summary>advancing → ready at the target.</summary>
    public void FinishAdvance()
    {
        if (Status != Advancing || TargetFrozenTime is not { } target) throw new InvalidOperationException($"{Id} is not advancing");
        FrozenTime = target;
        TargetFrozenTime = null;
        Status = Ready;
    }

    /// <summary>An item on the way failed in a way a retry will not fix: the clock stops, <c>internal_failure</c>.</summary>
    public void Fail()
    {
        Status = InternalFailure;
        TargetFrozenTime = null;
    }
}
