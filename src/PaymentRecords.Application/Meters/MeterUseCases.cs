using PaymentRecords.Domain.Meters;

namespace PaymentRecords.Application.Meters;

/// <summary>POST /v1/billing/meters: the keys default to <c>stripe_customer_id</c> and <c>value</c>.</summary>
public sealed record CreateMeterCommand(string DisplayName, string EventName, string Formula, string? CustomerKey, string? ValueKey, string? EventTimeWindow);

/// <summary>
/// POST /v1/billing/meters. Refused when another active meter has the event name (the unique index is the rule;
/// the endpoint maps its collision). Event: <c>billing.meter.created</c>.
/// </summary>
public sealed class CreateMeter(BillingContext billing)
{
    public async Task<Meter> RunAsync(CreateMeterCommand c)
    {
        var meter = Meter.New(billing.AccountId, c.DisplayName, c.EventName, c.Formula, c.CustomerKey, c.ValueKey, c.EventTimeWindow, billing.Now);
        billing.Meters.Add(meter);
        await billing.Events.MeterAsync(BillingOutcome.MeterCreated, meter);
        return meter;
    }
}

/// <summary>POST /v1/billing/meters/{id}: display_name only (the rest is fixed at create). Event: <c>billing.meter.updated</c>.</summary>
public sealed class UpdateMeter(BillingContext billing)
{
    public async Task<Meter> RunAsync(string meterId, string? displayName)
    {
        var meter = await billing.Meters.LockAsync(meterId) ?? throw new NotFound("billing meter", meterId);
        if (displayName is not null) meter.Rename(displayName, billing.Now);
        await billing.Events.MeterAsync(BillingOutcome.MeterUpdated, meter);
        return meter;
    }
}

/// <summary>
/// POST /v1/billing/meters/{id}/deactivate and /reactivate. Deactivated, a meter accepts no events (its events stay and
/// still bill the periods they fall in). Repeating either on a meter already in that status changes nothing and fires
/// nothing. Reactivating is refused when another active meter took the event name meanwhile (the unique index).
/// Events: <c>billing.meter.deactivated</c>, <c>billing.meter.reactivated</c>.
/// </summary>
public sealed class SetMeterStatus(BillingContext billing)
{
    public async Task<Meter> RunAsync(string meterId, bool active)
    {
        var meter = await billing.Meters.LockAsync(meterId) ?? throw new NotFound("billing meter", meterId);
        if (active ? meter.Reactivate(billing.Now) : meter.Deactivate(billing.Now))
            await billing.Events.MeterAsync(active ? BillingOutcome.MeterReactivated : BillingOutcome.MeterDeactivated, meter);
        else
            await billing.Events.MeterAsync(BillingOutcome.MeterUnchanged, meter);
        return meter;
    }
}
