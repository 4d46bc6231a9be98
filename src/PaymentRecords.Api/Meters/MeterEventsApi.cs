using System.Globalization;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application.Meters;

namespace PaymentRecords.Api.Meters;

/// <summary>
/// POST /v1/billing/meter_events: single-trip (one read, then the insert, the Idempotency-Key's claim and the commit
/// in one command; docs/architecture.md "Round trips of a write"). The rules are in Application/Meters/RecordMeterEvent.cs.
/// </summary>
public static class MeterEventsApi
{
    private const string Tag = "Billing meter events";

    public static IEndpointRouteBuilder MapMeterEvents(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/billing/meter_events", StripeOperations.PostBillingMeterEvents, MeterRenderer.EventObjectType, Create, singleTrip: true)
            .WithTags(Tag);
        return app;
    }

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var eventName = p.String("event_name")!;
        if (eventName.Length > 100) throw new StripeException(MeterErrors.TooLong("event_name"));
        var identifier = p.String("identifier") is { Length: > 0 } given ? given : null;
        if (identifier is { Length: > 100 }) throw new StripeException(MeterErrors.TooLong("identifier"));
        var payload = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in p.Object("payload")!)
            payload[key] = value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "";
        var command = new RecordMeterEventCommand(eventName, payload, identifier, p.Long("timestamp"));
        var billing = new RequestBilling(s);
        var recorded = await billing.RunAsync(b => new RecordMeterEvent(b).RunAsync(command), Refusal);
        return MeterRenderer.Render(recorded);
    }

    private static StripeError? Refusal(Exception e) => e switch
    {
        MeterRefused { Reason: MeterRefusal.NoActiveMeter } r => MeterErrors.NoActiveMeter(r.Key),
        MeterRefused { Reason: MeterRefusal.CustomerKeyMissing or MeterRefusal.ValueKeyMissing } r => MeterErrors.PayloadKeyMissing(r.Key),
        MeterRefused { Reason: MeterRefusal.NoSuchCustomer } r => ErrorCatalog.NoSuch("customer", r.Value, $"payload[{r.Key}]"),
        MeterRefused { Reason: MeterRefusal.ValueNotWhole } r => MeterErrors.ValueNotWhole(r.Key, r.Value),
        MeterRefused { Reason: MeterRefusal.TimestampOutsideWindow } r => MeterErrors.TimestampOutside(r.Value),
        MeterRefused { Reason: MeterRefusal.DuplicateIdentifier } r => MeterErrors.Duplicate(r.Key),
        _ => null,
    };
}
