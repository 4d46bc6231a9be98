using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Domain.Events;

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

    private static IQueryable<EventRecord> Scope(RequestScope s) => s.Db.Events.AsNoTracking().Where(e => e.AccountId == s.AccountId);

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("id");
        var e = await Scope(s).FirstOrDefaultAsync(x => x.Id == id)
            ?? throw new StripeException(ErrorCatalog.NoSuch("event", id, "id"));
        return EventRenderer.Render(e);
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        if (p.Has("type") && p.Has("types")) throw new StripeException(ErrorCatalog.Exclusive("type", "types"));
        var query = Pagination.WhereRange(Scope(s), p.Values["created"], e => e.Created);
        if (p.String("type") is { Length: > 0 } type)
        {
            query = type.Contains('*') ? query.Where(e => EF.Functions.Like(e.Type, LikePattern(type), "\\")) : query.Where(e => e.Type == type);
        }
        var types = p.Strings("types").ToList();
        if (types.Count > MaxTypes)
            throw new StripeException(ErrorCatalog.TooManyTypes(MaxTypes));
        if (types.Count > 0) query = query.Where(e => types.Contains(e.Type));
        // Stripe: false lists events still pending or failed for at least one endpoint; true, those delivered everywhere.
        if (p.Bool("delivery_success") is { } delivered) query = delivered ? query.Where(e => e.PendingWebhooks == 0) : query.Where(e => e.PendingWebhooks > 0);
        var page = await Pagination.PageAsync(Scope(s), query, p, "event");
        return Pagination.Envelope(page.Items.Select(EventRenderer.Render), page.HasMore, "/v1/events");
    }

    /// <summary>
    /// <c>invoice.*</c> → <c>invoice.%</c>, with LIKE's own wildcards escaped by a backslash — which the query names
    /// as its escape character: Npgsql's LIKE without one says <c>ESCAPE ''</c>, and <c>test\_helpers.*</c> matched nothing.
    /// </summary>
    internal static string LikePattern(string type) =>
        type.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace('*', '%');
}
