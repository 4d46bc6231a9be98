using PaymentRecords.Domain.Meters;

namespace PaymentRecords.Application.Meters;

/// <summary>POST /v1/billing/alerts with <c>alert_type=usage_threshold</c> and <c>recurrence=one_time</c>.</summary>
/// <param name="CustomerId">The customer of its one <c>filters[]</c> entry (<c>type=customer</c>); null: any customer.</param>
public sealed record CreateBillingAlertCommand(string Title, string MeterId, long Gte, string? CustomerId);

/// <summary>
/// POST /v1/billing/alerts. The meter must be the account's (any status: an inactive meter's alert fires once it is
/// reactivated and takes events), the filter's customer the account's and not deleted. At most 25 alerts that are not
/// archived per meter and customer (the any-customer alerts of a meter count together); the meter's row is locked, so
/// concurrent creates cannot pass the limit. Stripe sends no event for it.
/// </summary>
public sealed class CreateBillingAlert(BillingContext billing)
{
    public async Task<BillingAlert> RunAsync(CreateBillingAlertCommand c)
    {
        var meter = await billing.Meters.LockAsync(c.MeterId) ?? throw new NotFound("billing meter", c.MeterId, "usage_threshold[meter]");
        if (c.CustomerId is not null && !(await billing.Meters.CustomerForAlertAsync(c.CustomerId)).Exists)
            throw new NotFound("customer", c.CustomerId, "usage_threshold[filters][0][customer]");
        if (await billing.Meters.CountAlertsAsync(meter.Id, c.CustomerId) >= BillingAlert.MaxPerMeterAndCustomer)
            throw new MeterRefused(MeterRefusal.AlertLimitReached, meter.Id, c.CustomerId ?? "");
        var alert = BillingAlert.New(billing.AccountId, c.Title, meter.Id, c.Gte, c.CustomerId, billing.Now);
        billing.Meters.AddAlert(alert);
        return alert;
    }
}

/// <summary>The three status moves of an alert (POST /v1/billing/alerts/{id}/activate, /deactivate, /archive).</summary>
public enum AlertStatusMove { Activate, Deactivate, Archive }

/// <summary>
/// POST /v1/billing/alerts/{id}/activate|deactivate|archive. Repeating a move on an alert already in that status changes
/// nothing. An archived alert can be neither activated nor deactivated (400): archiving is for good. An alert activated
/// again fires for a customer it has not fired for on that customer's next meter event (its usage so far included);
/// one that fired for a customer never fires for it again. No event (Stripe sends none for these).
/// </summary>
public sealed class MoveBillingAlert(BillingContext billing)
{
    public async Task<BillingAlert> RunAsync(string alertId, AlertStatusMove move)
    {
        var alert = await billing.Meters.LockAlertAsync(alertId) ?? throw new NotFound("billing.alert", alertId);
        if (move != AlertStatusMove.Archive && alert.Status == BillingAlert.Archived)
            throw new MeterRefused(MeterRefusal.AlertArchived, alertId, move == AlertStatusMove.Activate ? "activate" : "deactivate");
        _ = move switch
        {
            AlertStatusMove.Activate => alert.Activate(),
            AlertStatusMove.Deactivate => alert.Deactivate(),
            _ => alert.Archive(),
        };
        return alert;
    }
}

/// <summary>
/// The scheduler's check of one customer's usage on one meter against the alerts watching it (due work
/// <c>billing_alert.check</c>, written by a trigger on <c>billing_meter_events</c> in the meter event's own
/// transaction, so the hot path stays one round trip and a customer's burst of events is checked once; the trigger's
/// upsert makes an event that arrives during a check wait for it and queue another). Stripe evaluates alerts
/// asynchronously too. Each active alert that watches the customer, has not fired for it and whose
/// threshold the customer's usage reaches (all its uncanceled events, aggregated by the meter's formula: the events
/// before the alert's creation count) fires <c>billing.alert.triggered</c> once, with that usage as <c>value</c>.
/// Customers on test clocks are not checked ("Alerts currently don't work with test clocks": the trigger writes no
/// work for them); a customer deleted since is skipped.
/// </summary>
public sealed class CheckBillingAlerts(BillingContext billing)
{
    /// <summary>The due work's object id: the meter and the customer.</summary>
    public static string WorkId(string meterId, string customerId) => meterId + ":" + customerId;

    public async Task RunAsync(string workId)
    {
        var split = workId.IndexOf(':');
        if (split <= 0) return;
        var (meterId, customerId) = (workId[..split], workId[(split + 1)..]);
        var alerts = await billing.Meters.AlertsToCheckAsync(meterId, customerId);
        if (alerts.Count == 0) return;
        var customer = await billing.Meters.CustomerForAlertAsync(customerId);
        if (!customer.Exists || customer.OnTestClock) return;
        var meter = await billing.Meters.FindAsync(meterId);
        if (meter is null) return;
        var usage = await billing.Meters.TotalUsageAsync(meterId, customerId, meter.Formula);
        foreach (var alert in alerts.Where(a => a.Watches(customerId) && usage >= a.Gte))
        {
            var trigger = new BillingAlertTrigger
            {
                AccountId = billing.AccountId,
                AlertId = alert.Id,
                CustomerId = customerId,
                Value = usage,
                Created = billing.Now,
            };
            if (await billing.Meters.TryAddAlertTriggerAsync(trigger)) await billing.Events.AlertTriggeredAsync(alert, trigger);
        }
    }
}
