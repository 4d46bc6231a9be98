using System.Globalization;

namespace PaymentRecords.Api.Webhooks;

/// <summary>
/// Webhook delivery settings, section <c>PaymentRecords:Webhooks</c> (environment:
/// <c>PaymentRecords__Webhooks__RetrySchedule=5s,30s,2m</c>). Documented in docs/webhooks.md.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "PaymentRecords:Webhooks";

    /// <summary>This server's fast default: the first retry within 10 s, then growing.</summary>
    public const string DefaultSchedule = "5s,30s,2m,10m,1h";

    /// <summary>
    /// Stripe's test-mode behaviour ("three times over a few hours"), as a preset: <c>RetrySchedule=stripe</c>.
    /// </summary>
    public const string StripeSchedule = "1h,2h,4h";

    /// <summary>false stops this instance from delivering (endpoints and the outbox still work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The delays before each retry, comma separated (<c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>), or <c>stripe</c>.</summary>
    public string RetrySchedule { get; set; } = DefaultSchedule;

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// A claimed delivery is leased for the timeout plus this margin: if the instance dies mid-attempt, any instance
    /// retries it when the lease ends.
    /// </summary>
    public double LeaseMarginSeconds { get; set; } = 5;

    /// <summary>Deliveries in flight per instance.</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>How often the outbox is looked at when no notification arrives (a safety net; NOTIFY wakes it at once).</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>
    /// The dispatcher looks at the outbox at most once per this many milliseconds: under load one look fans out and
    /// claims the events of many commits instead of one look per commit. Adds at most this much latency.
    /// </summary>
    public double CycleMilliseconds { get; set; } = 10;

    public TimeSpan CycleEvery => TimeSpan.FromMilliseconds(CycleMilliseconds);
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
    public TimeSpan Lease => TimeSpan.FromSeconds(TimeoutSeconds + LeaseMarginSeconds);

    public IReadOnlyList<TimeSpan> Retries() => ParseSchedule(RetrySchedule);

    public static IReadOnlyList<TimeSpan> ParseSchedule(string schedule)
    {
        var text = schedule.Trim();
        if (text.Equals("stripe", StringComparison.OrdinalIgnoreCase)) text = StripeSchedule;
        if (text.Length == 0 || text.Equals("none", StringComparison.OrdinalIgnoreCase)) return [];
        return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseDelay)];
    }

    private static TimeSpan ParseDelay(string part)
    {
        var (number, unit) = part.EndsWith("ms", StringComparison.Ordinal) ? (part[..^2], "ms")
            : char.IsLetter(part[^1]) ? (part[..^1], part[^1..]) : (part, "s");
        var value = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        return unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            "d" => TimeSpan.FromDays(value),
            _ => throw new FormatException($"Unknown unit in webhook retry delay '{part}' (use ms, s, m, h or d)."),
        };
    }
}
