using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application.Meters;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Meters;

/// <summary>
/// /v1/billing/meters: create, retrieve, update, list, deactivate, reactivate (docs/endpoints-billing-meters.md); the
/// event summaries are in <see cref="MeterEventSummariesApi"/>, the events in <see cref="MeterEventsApi"/>. The use
/// cases are in Application/Meters.
/// </summary>
public static class MetersApi
{
    private const string Tag = "Billing meters";
    private const string ObjectType = MeterRenderer.ObjectType;

    public static readonly ObjectExpansions Expansions = new(ObjectType, new Dictionary<string, string?>());

    public static IEndpointRouteBuilder MapMeters(this IEndpointRouteBuilder app)
    {
        UniqueRules.Add(Persistence.UniqueIndexes.MeterActiveEventName, MeterErrors.EventNameTaken);
        UniqueRules.Add(Persistence.UniqueIndexes.MeterEventIdentifier, MeterErrors.DuplicateRaced);
        app.MapStripe("POST", "/v1/billing/meters", StripeOperations.PostBillingMeters, ObjectType, Create).WithTags(Tag);
        app.MapStripe("GET", "/v1/billing/meters", StripeOperations.GetBillingMeters, ObjectType, List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/billing/meters/{id}", StripeOperations.GetBillingMetersId, ObjectType, Retrieve).WithTags(Tag);
        app.MapStripe("POST", "/v1/billing/meters/{id}", StripeOperations.PostBillingMetersId, ObjectType, Update).WithTags(Tag);
        app.MapStripe("POST", "/v1/billing/meters/{id}/deactivate", StripeOperations.PostBillingMetersIdDeactivate, ObjectType, s => SetStatus(s, false)).WithTags(Tag);
        app.MapStripe("POST", "/v1/billing/meters/{id}/reactivate", StripeOperations.PostBillingMetersIdReactivate, ObjectType, s => SetStatus(s, true)).WithTags(Tag);
        return app;
    }

    private static EfMeterStore Store(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>Expansion loader (also what makes <c>recurring[meter]</c> resolve).</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id) =>
        await Store(s).FindAsync(id) is { } meter ? MeterRenderer.Render(meter) : null;

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var eventName = p.String("event_name")!;
        if (eventName.Length > 100) throw new StripeException(MeterErrors.TooLong("event_name"));
        var command = new CreateMeterCommand(p.String("display_name")!, eventName, p.Nested("default_aggregation")!.String("formula")!,
            p.Nested("customer_mapping")?.String("event_payload_key"), p.Nested("value_settings")?.String("event_payload_key"),
            p.String("event_time_window"));
        var billing = new RequestBilling(s);
        var meter = await billing.RunAsync(b => new CreateMeter(b).RunAsync(command), _ => null);
        return await s.ExpandAsync(billing.Rendered(meter), ObjectType);
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("id");
        var rendered = await LoadAsync(s, id) ?? throw new StripeException(ErrorCatalog.NoSuch(MeterErrors.Noun, id, "id"));
        return await s.ExpandAsync(rendered, ObjectType);
    }

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var id = s.Route("id");
        var billing = new RequestBilling(s);
        var meter = await billing.RunAsync(b => new UpdateMeter(b).RunAsync(id, s.Params.String("display_name")), _ => null);
        return await s.ExpandAsync(billing.Rendered(meter), ObjectType);
    }

    private static async Task<JsonObject> SetStatus(RequestScope s, bool active)
    {
        var id = s.Route("id");
        var billing = new RequestBilling(s);
        var meter = await billing.RunAsync(b => new SetMeterStatus(b).RunAsync(id, active), _ => null);
        return await s.ExpandAsync(billing.Rendered(meter), ObjectType);
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var all = Store(s).All();
        var query = s.Params.String("status") is { } status ? all.Where(m => m.Status == status) : all;
        var page = await Pagination.PageAsync(all, query, s.Params, ObjectType);
        return Pagination.Envelope(page.Items.Select(MeterRenderer.Render), page.HasMore, "/v1/billing/meters");
    }
}
