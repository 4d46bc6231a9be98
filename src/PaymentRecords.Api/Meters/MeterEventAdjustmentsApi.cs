using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application.Meters;

namespace PaymentRecords.Api.Meters;

/// <summary>
/// POST /v1/billing/meter_event_adjustments: cancels one meter event by identifier (<c>type=cancel</c>, the only type).
/// The rules are in Application/Meters/CancelMeterEvent.cs; docs/endpoints-billing-meters.md.
/// </summary>
public static class MeterEventAdjustmentsApi
{
    private const string Tag = "Billing meter event adjustments";

    public static IEndpointRouteBuilder MapMeterEventAdjustments(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/billing/meter_event_adjustments", StripeOperations.PostBillingMeterEventAdjustments,
            MeterRenderer.AdjustmentObjectType, Create).WithTags(Tag);
        return app;
    }

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var eventName = p.String("event_name")!;
        if (eventName.Length > 100) throw new StripeException(MeterErrors.TooLong("event_name"));
        // The spec leaves `cancel` optional (for adjustment types to come); a cancel names its event.
        if (p.Nested("cancel")?.String("identifier") is not { Length: > 0 } identifier)
            throw new StripeException(ErrorCatalog.MissingParameter("cancel[identifier]"));
        if (identifier.Length > 100) throw new StripeException(MeterErrors.TooLong("cancel[identifier]"));
        var command = new CancelMeterEventCommand(eventName, identifier);
        var billing = new RequestBilling(s);
        await billing.RunAsync(b => new CancelMeterEvent(b).RunAsync(command), Refusal);
        return MeterRenderer.CancelAdjustment(eventName, identifier);
    }

    private static StripeError? Refusal(Exception e) => e switch
    {
        MeterRefused { Reason: MeterRefusal.NoSuchEvent } r => MeterErrors.NoEventToCancel(r.Key, r.Value),
        MeterRefused { Reason: MeterRefusal.CancelWindowPassed } r => MeterErrors.CancelWindowPassed(r.Key),
        _ => null,
    };
}
