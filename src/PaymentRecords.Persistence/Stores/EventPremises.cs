using PaymentRecords.Application.Meters;

namespace PaymentRecords.Persistence.Stores;

/// <summary>
/// What the meter event hot path remembers between requests (per process, bounded): the active meter of an event name
/// and the customers seen on no test clock. Only premises a guard can re-check in the write's own transaction are
/// kept (<see cref="EfMeterStore.ForEventAsync"/>): a stale entry costs one classic retry, never a wrong write.
/// </summary>
internal static class EventPremises
{
    private const int MaxEntries = 100_000;
    private static readonly BoundedMemo<(string Account, string EventName), ActiveMeter> Meters = new(MaxEntries);
    private static readonly BoundedMemo<(string Account, string Customer), bool> OffClockCustomers = new(MaxEntries);

    public static bool TryGet(string accountId, string eventName, IReadOnlyDictionary<string, string> payload, out ActiveMeter meter, out string customerId)
    {
        customerId = "";
        if (!Meters.TryGetValue((accountId, eventName), out meter!)) return false;
        if (!payload.TryGetValue(meter.CustomerKey, out var named) || named.Length == 0) return false;
        customerId = named;
        return OffClockCustomers.ContainsKey((accountId, customerId));
    }

    /// <summary>After a full read: the active meter (or none: forgotten) and, when it exists on no clock, the customer.</summary>
    public static void Remember(string accountId, string eventName, ActiveMeter? meter, string? customerId, bool customerOffClock)
    {
        if (meter is null)
        {
            Meters.Remove((accountId, eventName));
            return;
        }
        Meters.Set((accountId, eventName), meter);
        if (customerId is null || !customerOffClock) return;
        OffClockCustomers.Set((accountId, customerId), true);
    }
}
