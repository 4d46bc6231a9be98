using PaymentRecords.Domain.Meters;

namespace PaymentRecords.Application.Meters;

/// <summary>What a meter event needs to be checked, read in one round trip (<see cref="IMeterStore.ForEventAsync"/>).</summary>
/// <param name="Meter">The account's active meter with the event's name (what an event needs of it); null: none.</param>
/// <param name="CustomerExists">The customer the payload names (under the meter's customer key) is the account's and not deleted.</param>
/// <param name="CustomerClockTime">That customer's test clock frozen time; null when it is on none.</param>
/// <param name="IdentifierTaken">An event with this identifier is already stored.</param>
public sealed record MeterEventChecks(ActiveMeter? Meter, bool CustomerExists, long? CustomerClockTime, bool IdentifierTaken);

/// <summary>What a new event needs of the active meter of its name.</summary>
public sealed record ActiveMeter(string Id, string Formula, string CustomerKey, string ValueKey);

/// <summary>The aggregates of one window of events: the meter's formula picks one (<see cref="MeterFormula.Pick"/>).</summary>
public sealed record UsageWindow(long Start, long End, long Sum, long Count, long Last);

/// <summary>Meter and meter event data access (Persistence implements it).</summary>
public interface IMeterStore
{
    /// <summary>SELECT … FOR UPDATE on the meter, tracked; null if none.</summary>
    Task<Meter?> LockAsync(string meterId);

    /// <summary>The meter, untracked; null if none.</summary>
    Task<Meter?> FindAsync(string meterId);

    /// <summary>The meters, untracked, by id (those that exist).</summary>
    Task<Dictionary<string, Meter>> FindAllAsync(IReadOnlyCollection<string> meterIds);

    void Add(Meter meter);

    /// <summary>
    /// Everything a new event is checked against, in one query: the active meter named <paramref name="eventName"/>,
    /// the customer its payload names, the customer's clock and whether <paramref name="identifier"/> is taken.
    /// </summary>
    Task<MeterEventChecks> ForEventAsync(string eventName, IReadOnlyDictionary<string, string> payload, string? identifier);

    void AddEvent(MeterEvent meterEvent);

    /// <summary>SELECT … FOR UPDATE on the account's event with this identifier, tracked; null if none.</summary>
    Task<MeterEvent?> LockEventAsync(string identifier);

    /// <summary>
    /// The aggregates of the meter's uncanceled events for the customer with timestamp in [<paramref name="start"/>,
    /// <paramref name="end"/>), per window of <paramref name="windowSeconds"/> (null: one window), every window listed
    /// (empty ones with zeros), oldest first.
    /// </summary>
    Task<List<UsageWindow>> UsageAsync(string meterId, string customerId, long start, long end, long? windowSeconds);

    // ------------------------------------------------------------------ billing alerts

    void AddAlert(BillingAlert alert);

    /// <summary>SELECT … FOR UPDATE on the alert, tracked; null if none.</summary>
    Task<BillingAlert?> LockAlertAsync(string alertId);

    /// <summary>The meter's alerts that are not archived and whose filter names <paramref name="customerId"/> (null: no filter).</summary>
    Task<int> CountAlertsAsync(string meterId, string? customerId);

    /// <summary>
    /// The meter's active alerts that watch <paramref name="customerId"/> and have not fired for that customer, share
    /// locked (a status move waits for the check; checks of other customers do not wait for each other), oldest first.
    /// </summary>
    Task<List<BillingAlert>> AlertsToCheckAsync(string meterId, string customerId);

    /// <summary>Writes the trigger at once; false when the alert already fired for that customer (its key), so nothing is written.</summary>
    Task<bool> TryAddAlertTriggerAsync(BillingAlertTrigger trigger);

    /// <summary>
    /// The customer's usage on the meter by <paramref name="formula"/> over all its uncanceled events (any timestamp);
    /// 0 with none; a sum past <see cref="long.MaxValue"/> is capped there.
    /// </summary>
    Task<long> TotalUsageAsync(string meterId, string customerId, string formula);

    /// <summary>The account has this customer, not deleted, and whether it is on a test clock.</summary>
    Task<(bool Exists, bool OnTestClock)> CustomerForAlertAsync(string customerId);
}
