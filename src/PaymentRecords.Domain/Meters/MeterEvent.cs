namespace PaymentRecords.Domain.Meters;

/// <summary>
/// One meter event (<c>object: "billing.meter_event"</c>, no id on the wire): usage of <see cref="CustomerId"/> at
/// <see cref="Timestamp"/>, counted by the meter that was active for its event name when it arrived
/// (<see cref="MeterId"/>). <see cref="Identifier"/> is unique per account (a unique index), so a repeat is never
/// counted twice. Events are never changed or deleted.
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
    public Dictionary<string, string> Payload { get; init; } = [];
}
