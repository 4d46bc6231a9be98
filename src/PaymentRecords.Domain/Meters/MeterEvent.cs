namespace PaymentRecords.Domain.Meters;

/// <summary>
/// One meter event (<c>object: "billing.meter_event"</c>, no id on the wire): usage of <see cref="CustomerId"/> at
/// <see cref="Timestamp"/>, counted by the meter that was active for its event name when it arrived
/// (<see cref="MeterId"/>). <see cref="Identifier"/> is unique per account (a unique index), so a repeat is never
/// counted twice. Events are never deleted; the one change is a cancel (<see cref="Cancel"/>, a meter event adjustment),
/// after which no summary or invoice counts the event.
/// </summary>
public sealed class MeterEvent
{
    public required string AccountId { get; init; }
    public long Seq { get; set; }
    public required string Identifier { get; init; }
    public required string MeterId { get; init; }
    public required string EventName { get; init; }
    public required string CustomerId { get; init; }
    public long Value { get; init; }
    public long Timestamp { get; init; }
    public long Created { get; init; }

    /// <summary>
    /// When the server received the event, by the wall clock (for a customer on a test clock <see cref="Created"/> is
    /// the clock's time; the cancel window is Stripe's receipt, a real-world time). Null for events stored before
    /// this column: <see cref="Created"/> stands in.
    /// </summary>
    public long? ReceivedAt { get; init; }
    public Dictionary<string, string> Payload { get; init; } = [];

    /// <summary>When a meter event adjustment canceled it (wall clock); null: it counts.</summary>
    public long? CanceledAt { get; private set; }

    /// <summary>How long after its receipt an event may be canceled: "within 24 hours of Stripe receiving them".</summary>
    public const long CancelWindowSeconds = 24 * 60 * 60;

    /// <summary>The event may still be canceled at <paramref name="wallNow"/> (Unix seconds, wall clock).</summary>
    public bool CancelableAt(long wallNow) => wallNow - (ReceivedAt ?? Created) < CancelWindowSeconds;

    /// <summary>Cancels the event at <paramref name="wallNow"/>; false when it was already canceled (nothing changes).</summary>
    public bool Cancel(long wallNow)
    {
        if (CanceledAt is not null) return false;
        if (!CancelableAt(wallNow)) throw new InvalidOperationException("the cancel window has passed");
        CanceledAt = wallNow;
        return true;
    }
}
