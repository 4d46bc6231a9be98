using PaymentRecords.Domain.Meters;

namespace PaymentRecords.Application.Meters;

/// <summary>POST /v1/billing/meter_event_adjustments with <c>type=cancel</c>: the event to cancel, by identifier.</summary>
public sealed record CancelMeterEventCommand(string EventName, string Identifier);

/// <summary>
/// Cancels one meter event (a meter event adjustment of type <c>cancel</c>): from the commit on, no event summary, no
/// preview and no invoice still being drafted counts it; a finalized invoice keeps what it billed. Checked at once
/// (Stripe processes adjustments asynchronously): an event of the account with this identifier and event name, received
/// less than 24 hours ago by the wall clock, also for a customer on a test clock ("within 24 hours of Stripe receiving
/// them" is a real-world time: usage reported, then a clock advanced through a month, can still be canceled, as on
/// Stripe). The event's row is locked, so two cancels of one event serialize; canceling an event already canceled
/// changes nothing. No Stripe event (Stripe sends none for an adjustment).
/// </summary>
public sealed class CancelMeterEvent(BillingContext billing)
{
    public async Task<MeterEvent> RunAsync(CancelMeterEventCommand c)
    {
        var meterEvent = await billing.Meters.LockEventAsync(c.Identifier);
        if (meterEvent is null || meterEvent.EventName != c.EventName)
            throw new MeterRefused(MeterRefusal.NoSuchEvent, c.Identifier, c.EventName);
        if (meterEvent.CanceledAt is not null) return meterEvent;
        // No BillFor: Now is the wall clock, the receipt window's time, whatever clock the customer is on.
        if (!meterEvent.CancelableAt(billing.Now)) throw new MeterRefused(MeterRefusal.CancelWindowPassed, c.Identifier);
        meterEvent.Cancel(billing.Now);
        return meterEvent;
    }
}
