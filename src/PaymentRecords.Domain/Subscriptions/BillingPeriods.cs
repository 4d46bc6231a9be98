namespace PaymentRecords.Domain.Subscriptions;

/// <summary>
/// Interval arithmetic of recurring prices: day, week, month or year × interval_count, in UTC. A period boundary is
/// always counted from the billing cycle anchor (never from the previous boundary), so an anchor on the 31st bills on
/// the last day of shorter months and comes back to the 31st afterwards (Jan 31 → Feb 28|29 → Mar 31), and an anchor
/// on Feb 29 bills on Feb 28 in common years.
/// </summary>
public static class BillingPeriods
{
    public const string Day = "day";
    public const string Week = "week";
    public const string Month = "month";
    public const string Year = "year";

    /// <summary>The boundary <paramref name="periods"/> periods of <paramref name="intervalCount"/> × <paramref name="interval"/> after <paramref name="anchor"/> (Unix seconds).</summary>
    public static long Boundary(long anchor, string interval, long intervalCount, long periods = 1)
    {
        if (intervalCount < 1) throw new ArgumentOutOfRangeException(nameof(intervalCount));
        if (periods < 0) throw new ArgumentOutOfRangeException(nameof(periods));
        var start = DateTimeOffset.FromUnixTimeSeconds(anchor);
        var steps = checked(intervalCount * periods);
        var end = interval switch
        {
            Day => start.AddDays(steps),
            Week => start.AddDays(checked(7 * steps)),
            // AddMonths clamps to the month's last day, counted from the anchor's own day each time.
            Month => start.AddMonths(checked((int)steps)),
            Year => start.AddMonths(checked((int)(12 * steps))),
            _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "not a recurring interval"),
        };
        return end.ToUnixTimeSeconds();
    }

    /// <summary>The period that contains <paramref name="at"/> for a cycle anchored at <paramref name="anchor"/> (at ≥ anchor).</summary>
    public static (long Start, long End) PeriodAt(long anchor, string interval, long intervalCount, long at)
    {
        if (at < anchor) throw new ArgumentOutOfRangeException(nameof(at));
        long n = 0;
        while (Boundary(anchor, interval, intervalCount, n + 1) <= at) n++;
        return (Boundary(anchor, interval, intervalCount, n), Boundary(anchor, interval, intervalCount, n + 1));
    }
}
