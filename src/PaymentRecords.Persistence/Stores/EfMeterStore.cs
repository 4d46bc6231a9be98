using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application.Meters;
using PaymentRecords.Domain.Meters;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="IMeterStore"/> over one unit of work, for one account; and the reads of the meter endpoints.</summary>
public sealed class EfMeterStore(PaymentRecordsDbContext db, string accountId) : IMeterStore
{
    public Task<Meter?> LockAsync(string meterId) => db.LockOneAsync<Meter>(accountId, meterId);

    public Task<Meter?> FindAsync(string meterId) => All().FirstOrDefaultAsync(m => m.Id == meterId);

    public async Task<Dictionary<string, Meter>> FindAllAsync(IReadOnlyCollection<string> meterIds) =>
        meterIds.Count == 0 ? [] : await All().Where(m => meterIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id);

    public void Add(Meter meter) => db.Meters.Add(meter);

    public void AddEvent(MeterEvent meterEvent) => db.MeterEvents.Add(meterEvent);

    public Task<MeterEvent?> LockEventAsync(string identifier) =>
        db.MeterEvents.FromSql($"SELECT * FROM billing_meter_events WHERE account_id = {accountId} AND identifier = {identifier} FOR UPDATE")
            .FirstOrDefaultAsync();

    public async Task<MeterEventChecks> ForEventAsync(string eventName, IReadOnlyDictionary<string, string> payload, string? identifier)
    {
        // Outside a transaction (the single-trip attempt, docs/architecture.md) a meter and a customer seen before are
        // taken from memory: a meter's keys and formula and a customer's test clock never change, and what may (the
        // meter still active, the customer not deleted) becomes a guard the write command checks in its own
        // transaction. A repeated identifier is left to the table's key. Either failing sends the request the
        // classic way, in a transaction, which reads everything below.
        if (db.Database.CurrentTransaction is null && EventPremises.TryGet(accountId, eventName, payload, out var cached, out var customerId))
        {
            SingleTrip.SingleTripSave.Guard(db,
                "EXISTS (SELECT 1 FROM billing_meters WHERE account_id = {0} AND id = {1} AND status = 'active') " +
                "AND EXISTS (SELECT 1 FROM customers WHERE account_id = {0} AND id = {2} AND NOT deleted)",
                accountId, cached.Id, customerId);
            return new MeterEventChecks(cached, CustomerExists: true, CustomerClockTime: null, IdentifierTaken: false);
        }
        // One round trip: the meter, then the customer under the meter's own key (a jsonb lookup into the payload), its
        // clock, and whether the identifier is taken. The hot path of usage billing; the key lookups are all by key.
        var payloadJson = JsonSerializer.Serialize(payload);
        var row = (await db.Database.SqlQuery<EventChecksRow>($"""
            SELECT m.id AS meter_id, m.formula, m.customer_key, m.value_key,
                   c.id IS NOT NULL AS customer_exists, c.test_clock_id IS NOT NULL AS customer_on_clock, tc.frozen_time AS clock_time,
                   EXISTS (SELECT 1 FROM billing_meter_events e WHERE e.account_id = {accountId} AND e.identifier = {identifier}) AS identifier_taken
            FROM (SELECT 1) AS one
            LEFT JOIN billing_meters m ON m.account_id = {accountId} AND m.event_name = {eventName} AND m.status = 'active'
            LEFT JOIN customers c ON c.account_id = {accountId} AND c.id = ({payloadJson}::jsonb ->> m.customer_key) AND NOT c.deleted
            LEFT JOIN test_clocks tc ON tc.account_id = {accountId} AND tc.id = c.test_clock_id
            """).ToListAsync()).Single();
        var meter = row.MeterId is null ? null : new ActiveMeter(row.MeterId, row.Formula!, row.CustomerKey!, row.ValueKey!);
        EventPremises.Remember(accountId, eventName, meter, meter is not null && payload.TryGetValue(meter.CustomerKey, out var named) ? named : null,
            row.CustomerExists && row.ClockTime is null && !row.CustomerOnClock);
        return new MeterEventChecks(meter, row.CustomerExists, row.ClockTime, row.IdentifierTaken);
    }

    public async Task<List<UsageWindow>> UsageAsync(string meterId, string customerId, long start, long end, long? windowSeconds)
    {
        if (end <= start) return [];
        var window = windowSeconds ?? end - start;
        // Every window, empty ones too (LEFT JOIN on the series); "last" is the value of the latest event by timestamp,
        // the later arrival (seq) breaking a tie. A canceled event counts nowhere (meter event adjustments). Values take
        // up to 18 digits, so a sum can pass bigint: it is capped there (a summary answers, never a 500).
        return await db.Database.SqlQuery<UsageWindow>($"""
            SELECT w.start AS start, LEAST(w.start + {window}, {end}) AS "end",
                   LEAST(COALESCE(SUM(e.value), 0), 9223372036854775807)::bigint AS sum, COUNT(e.seq)::bigint AS count,
                   COALESCE((ARRAY_AGG(e.value ORDER BY e.timestamp DESC, e.seq DESC) FILTER (WHERE e.seq IS NOT NULL))[1], 0)::bigint AS last
            FROM generate_series({start}::bigint, {end}::bigint - 1, {window}::bigint) AS w(start)
            LEFT JOIN billing_meter_events e ON e.account_id = {accountId} AND e.meter_id = {meterId} AND e.customer_id = {customerId}
                 AND e.timestamp >= w.start AND e.timestamp < LEAST(w.start + {window}, {end}) AND e.canceled_at IS NULL
            GROUP BY w.start ORDER BY w.start
            """).ToListAsync();
    }

    // ------------------------------------------------------------------ billing alerts

    public void AddAlert(BillingAlert alert) => db.BillingAlerts.Add(alert);

    public Task<BillingAlert?> LockAlertAsync(string alertId) => db.LockOneAsync<BillingAlert>(accountId, alertId);

    public Task<int> CountAlertsAsync(string meterId, string? customerId) =>
        db.BillingAlerts.CountAsync(a => a.AccountId == accountId && a.MeterId == meterId && a.CustomerId == customerId && a.Status != BillingAlert.Archived);

    public Task<List<BillingAlert>> AlertsToCheckAsync(string meterId, string customerId) =>
        db.BillingAlerts.FromSql($"""
            SELECT a.* FROM billing_alerts a
            WHERE a.account_id = {accountId} AND a.meter_id = {meterId} AND a.status = 'active'
              AND (a.customer_id IS NULL OR a.customer_id = {customerId})
              AND NOT EXISTS (SELECT 1 FROM billing_alert_triggers t
                              WHERE t.account_id = a.account_id AND t.alert_id = a.id AND t.customer_id = {customerId})
            ORDER BY a.created, a.seq
            FOR SHARE OF a
            """).ToListAsync();

    public async Task<bool> TryAddAlertTriggerAsync(BillingAlertTrigger trigger) =>
        // A check of the same customer running at once in another instance waits here for the other's insert, then
        // finds the key taken: only one of them fires.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO billing_alert_triggers (account_id, alert_id, customer_id, value, created)
            VALUES ({trigger.AccountId}, {trigger.AlertId}, {trigger.CustomerId}, {trigger.Value}, {trigger.Created})
            ON CONFLICT DO NOTHING
            """) == 1;

    public async Task<long> TotalUsageAsync(string meterId, string customerId, string formula)
    {
        // One window over every timestamp (events are never before 1970): the aggregation of UsageAsync, its cap included.
        var all = (await UsageAsync(meterId, customerId, 0, long.MaxValue, null)).Single();
        return MeterFormula.Pick(formula, all.Sum, all.Count, all.Last);
    }

    public async Task<(bool Exists, bool OnTestClock)> CustomerForAlertAsync(string customerId)
    {
        var rows = await db.Customers.AsNoTracking()
            .Where(c => c.AccountId == accountId && c.Id == customerId && !c.Deleted)
            .Select(c => new { OnClock = c.TestClockId != null })
            .ToListAsync();
        return rows.Count == 0 ? (false, false) : (true, rows[0].OnClock);
    }

    /// <summary>The alert, untracked; null if none (archived ones too).</summary>
    public Task<BillingAlert?> FindAlertAsync(string alertId) => Alerts().FirstOrDefaultAsync(a => a.Id == alertId);

    public IQueryable<BillingAlert> Alerts() => db.BillingAlerts.AsNoTracking().Where(a => a.AccountId == accountId);

    // ------------------------------------------------------------------ reads of the endpoints (untracked)

    /// <summary>The account has this customer (deleted ones too: their usage still summarizes).</summary>
    public Task<bool> CustomerExistsAsync(string customerId) => db.ExistsAsync<Domain.Customers.Customer>(accountId, customerId);

    public IQueryable<Meter> All() => db.Meters.AsNoTracking().Where(m => m.AccountId == accountId);

    private sealed record EventChecksRow(string? MeterId, string? Formula, string? CustomerKey, string? ValueKey, bool CustomerExists,
        bool CustomerOnClock, long? ClockTime, bool IdentifierTaken);
}
