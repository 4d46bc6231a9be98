using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application.Events;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Events;

public static class EventsApi
{
    public const int MaxTypes = 20;

    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        app.MapStripe("GET", "/v1/events", StripeOperations.GetEvents, "event", List, isList: true).WithTags("Events");
        app.MapStripe("GET", "/v1/events/{id}", StripeOperations.GetEventsId, "event", Retrieve).WithTags("Events");
        return app;
    }

    private static EfEventReads Reads(RequestScope s) => new(s.Db, s.AccountId);

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("id");
        var e = await Reads(s).FindAsync(id) ?? throw new StripeException(ErrorCatalog.NoSuch("event", id, "id"));
        return EventRenderer.Render(e);
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        if (p.Has("type") && p.Has("types")) throw new StripeException(ErrorCatalog.Exclusive("type", "types"));
        var types = p.Strings("types").ToList();
        if (types.Count > MaxTypes) throw new StripeException(ErrorCatalog.TooManyTypes(MaxTypes));
        var (all, query) = Reads(s).List(new EventListFilter(Pagination.Range(p.Values["created"]), p.String("type"), types, p.Bool("delivery_success")));
        var page = await Pagination.PageAsync(all, query, p, "event");
        return Pagination.Envelope(page.Items.Select(EventRenderer.Render), page.HasMore, "/v1/events");
    }
}
