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

    /// <summary>
    /// The boundary <paramref name="periods"/> periods of <paramref name="intervalCount"/> × <paramref name="interval"/>
    /// after <paramref name="anchor"/> (Unix seconds); a negative count goes back from an anchor still to come.
    /// </summary>
    public static long Boundary(long anchor, string interval, long intervalCount, long periods = 1)
    {
        if (intervalCount < 1) throw new ArgumentOutOfRangeException(nameof(intervalCount));
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

    /// <summary>
    /// The period [start, end) that contains <paramref name="at"/> for a cycle anchored at <paramref name="anchor"/>;
    /// before an anchor still to come, the periods are counted back from it (a subscription created with
    /// <c>billing_cycle_anchor_config</c> may be anchored more than one period ahead of its first full period).
    /// </summary>
    public static (long Start, long End) PeriodAt(long anchor, string interval, long intervalCount, long at)
    {
        long n = 0;
        if (at >= anchor)
            while (Boundary(anchor, interval, intervalCount, n + 1) <= at) n++;
        else
            do n--; while (Boundary(anchor, interval, intervalCount, n) > at);
        return (Boundary(anchor, interval, intervalCount, n), Boundary(anchor, interval, intervalCount, n + 1));
    }

    /// <summary>
    /// The periods of the cycle anchored at <paramref name="anchor"/> from the one holding <paramref name="since"/> to
    /// the one holding <paramref name="now"/>, oldest first (a backdated subscription's); null when there are more than
    /// <paramref name="max"/>. Counted back from the period holding now, so a far-off <paramref name="since"/> costs at
    /// most <paramref name="max"/> + 1 steps.
    /// </summary>
    public static List<(long Start, long End)>? Covering(long anchor, string interval, long intervalCount, long since, long now, int max)
    {
        long n = 0;
        if (now >= anchor)
            while (Boundary(anchor, interval, intervalCount, n + 1) <= now) n++;
        else
            do n--; while (Boundary(anchor, interval, intervalCount, n) > now);
        var periods = new List<(long Start, long End)>();
        for (; ; n--)
        {
            if (periods.Count == max) return null;
            var start = Boundary(anchor, interval, intervalCount, n);
            periods.Add((start, Boundary(anchor, interval, intervalCount, n + 1)));
            if (start <= since) break;
        }
        periods.Reverse();
        return periods;
    }

    /// <summary>The interval in whole months (month × count, year × 12 × count); null for day and week intervals.</summary>
    public static long? Months(string interval, long intervalCount) => interval switch
    {
        Month => intervalCount,
        Year => checked(12 * intervalCount),
        _ => null,
    };

    /// <summary>
    /// Stripe's <c>billing_cycle_anchor_config</c>: the next occurrence after <paramref name="now"/> of
    /// <paramref name="dayOfMonth"/> (in <paramref name="month"/>, when given) at the hour, minute and second given (else
    /// <paramref name="now"/>'s), UTC. When that month is too short for the day, the anchor moves on by the cycle
    /// (<paramref name="cycleMonths"/>) to the first month that has it, as Stripe's guide describes ("a two-month
    /// interval subscription created in February with day_of_month 31 … results in a billing cycle anchor on August
    /// 31"), or stays on the month's last day when the cycle reaches no such month; the first full period still ends
    /// within one cycle of now (<see cref="PeriodAt"/>, counted back).
    /// </summary>
    public static long AnchorFromConfig(long now, long cycleMonths, int dayOfMonth, int? month, int? hour, int? minute, int? second)
    {
        var t = DateTimeOffset.FromUnixTimeSeconds(now).UtcDateTime;
        DateTime At(DateTime firstOfMonth) => new(firstOfMonth.Year, firstOfMonth.Month,
            Math.Min(dayOfMonth, DateTime.DaysInMonth(firstOfMonth.Year, firstOfMonth.Month)),
            hour ?? t.Hour, minute ?? t.Minute, second ?? t.Second, DateTimeKind.Utc);
        var first = new DateTime(t.Year, month ?? t.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        if (At(first) <= t) first = first.AddMonths(month is null ? 1 : 12);
        // The months the cycle reaches repeat after 12 / gcd(cycle, 12) steps; when none of them has the day (a yearly
        // cycle in February, April, June, September or November), the anchor stays on that month's last day.
        var reachable = 12 / (int)System.Numerics.BigInteger.GreatestCommonDivisor(cycleMonths % 12 == 0 ? 12 : cycleMonths % 12, 12);
        var candidate = first;
        for (var step = 0; step < reachable; step++, candidate = candidate.AddMonths((int)cycleMonths))
            if (dayOfMonth <= DateTime.DaysInMonth(candidate.Year, candidate.Month)) return new DateTimeOffset(At(candidate)).ToUnixTimeSeconds();
        return new DateTimeOffset(At(first)).ToUnixTimeSeconds();
    }
}
