using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Meters;

namespace PaymentRecords.Application.Meters;

/// <param name="Identifier">Null: one is generated (Stripe's default).</param>
/// <param name="Timestamp">Null: the customer's time now.</param>
public sealed record RecordMeterEventCommand(string EventName, IReadOnlyDictionary<string, string> Payload, string? Identifier, long? Timestamp);

/// <summary>
/// POST /v1/billing/meter_events, the hot path of usage billing: one read (<see cref="IMeterStore.ForEventAsync"/>:
/// the active meter of the event name, the customer, its clock, the identifier), then one insert; it takes no lock
/// and never flushes, so the route is single-trip (docs/architecture.md "Round trips of a write"). The identifier's
/// uniqueness is the table's key: a repeat that got past the read (a concurrent one) is refused by the index, and the
/// request is run again the classic way, whose read then sees the stored event and answers the duplicate error.
/// The time window (35 days back, 5 minutes ahead) is the customer's: its test clock's frozen time when it is on one.
/// No Stripe event (Stripe sends none for a meter event).
/// </summary>
public sealed class RecordMeterEvent(BillingContext billing)
{
    public async Task<MeterEvent> RunAsync(RecordMeterEventCommand c)
    {
        var checks = await billing.Meters.ForEventAsync(c.EventName, c.Payload, c.Identifier);
        var meter = checks.Meter ?? throw new MeterRefused(MeterRefusal.NoActiveMeter, c.EventName);
        if (!c.Payload.TryGetValue(meter.CustomerKey, out var customerId) || customerId.Length == 0)
            throw new MeterRefused(MeterRefusal.CustomerKeyMissing, meter.CustomerKey);
        if (!checks.CustomerExists) throw new MeterRefused(MeterRefusal.NoSuchCustomer, meter.CustomerKey, customerId);
        var value = ValueOf(meter, c.Payload);
        // Not BillingContext.Now with BillFor: the clock came with the one read, so no second round trip asks for it.
        // billing.Now names no customer, so it is the wall clock: the receipt time a cancel is measured from.
        var received = billing.Now;
        var now = checks.CustomerClockTime ?? received;
        var timestamp = c.Timestamp ?? now;
        if (!MeterFormula.InWindow(timestamp, now)) throw new MeterRefused(MeterRefusal.TimestampOutsideWindow, "timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (checks.IdentifierTaken) throw new MeterRefused(MeterRefusal.DuplicateIdentifier, c.Identifier!);
        var meterEvent = new MeterEvent
        {
            AccountId = billing.AccountId,
            Identifier = c.Identifier ?? NewIdentifier(),
            MeterId = meter.Id,
            EventName = c.EventName,
            CustomerId = customerId,
            Value = value,
            Timestamp = timestamp,
            Created = now,
            ReceivedAt = received,
            Payload = new Dictionary<string, string>(c.Payload),
        };
        billing.Meters.AddEvent(meterEvent);
        return meterEvent;
    }

    /// <summary>
    /// The event's value: a whole number string under the meter's value key (a count meter needs none: each event
    /// counts once).
    /// </summary>
    private static long ValueOf(ActiveMeter meter, IReadOnlyDictionary<string, string> payload)
    {
        if (!payload.TryGetValue(meter.ValueKey, out var text))
        {
            if (meter.Formula == MeterFormula.Count) return 1;
            throw new MeterRefused(MeterRefusal.ValueKeyMissing, meter.ValueKey);
        }
        if (text.Length == 0 || text.Length > 18 || !text.All(char.IsAsciiDigit)) throw new MeterRefused(MeterRefusal.ValueNotWhole, meter.ValueKey, text);
        return long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>What Stripe generates when no identifier is given: unique, opaque.</summary>
    private static string NewIdentifier() => Ids.New("mtrevt_");
}
