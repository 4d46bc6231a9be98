namespace PaymentRecords.Domain.Meters;

/// <summary>How a meter aggregates the events of a window (<c>default_aggregation.formula</c>).</summary>
public static class MeterFormula
{
    public const string Sum = "sum";
    public const string Count = "count";
    public const string Last = "last";

    /// <summary>The formula's value of a window, from its sum, count and last value (what the store aggregates).</summary>
    public static long Pick(string formula, long sum, long count, long last) => formula switch
    {
        Sum => sum,
        Count => count,
        Last => last,
        _ => throw new ArgumentOutOfRangeException(nameof(formula), formula, null),
    };

    /// <summary>The formula's value over <paramref name="events"/> (value, timestamp, arrival order); 0 with none.</summary>
    public static long Aggregate(string formula, IEnumerable<(long Value, long Timestamp, long Seq)> events) => formula switch
    {
        Sum => events.Sum(e => e.Value),
        Count => events.LongCount(),
        // The latest event by its timestamp; of events at the same second, the one that arrived last.
        Last => events.OrderBy(e => e.Timestamp).ThenBy(e => e.Seq).Select(e => e.Value).LastOrDefault(),
        _ => throw new ArgumentOutOfRangeException(nameof(formula), formula, null),
    };

    /// <summary>
    /// Whether <paramref name="timestamp"/> is inside Stripe's window for a new event: at most 35 days before
    /// <paramref name="now"/> and at most 5 minutes after it.
    /// </summary>
    public static bool InWindow(long timestamp, long now) => timestamp >= now - MaxAgeSeconds && timestamp <= now + MaxAheadSeconds;

    public const long MaxAgeSeconds = 35L * 24 * 3600;
    public const long MaxAheadSeconds = 5L * 60;
}
