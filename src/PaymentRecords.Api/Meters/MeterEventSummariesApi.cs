using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Domain.Meters;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Meters;

/// <summary>
/// GET /v1/billing/meters/{id}/event_summaries: the meter's formula over one customer's events in
/// [start_time, end_time), as one summary or one per hour / day (<c>value_grouping_window</c>), every window listed,
/// newest first. A summary's id is derived from (meter, customer, window), so cursors are stable across requests.
/// </summary>
public static class MeterEventSummariesApi
{
    private const long Minute = 60, Hour = 3600, Day = 86400;

    public static IEndpointRouteBuilder MapMeterEventSummaries(this IEndpointRouteBuilder app)
    {
        app.MapStripe("GET", "/v1/billing/meters/{id}/event_summaries", StripeOperations.GetBillingMetersIdEventSummaries,
            MeterRenderer.SummaryObjectType, List, isList: true).WithTags("Billing meters");
        return app;
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var meterId = s.Route("id");
        var customerId = p.String("customer")!;
        long start = p.Long("start_time")!.Value, end = p.Long("end_time")!.Value;
        var grouping = p.String("value_grouping_window");
        long? window = grouping switch { "hour" => Hour, "day" => Day, _ => null };
        var (unit, name) = window is { } w ? (w, grouping!) : (Minute, "minute");
        if (start % unit != 0) throw new StripeException(MeterErrors.SummaryAlignment("start_time", name));
        if (end % unit != 0) throw new StripeException(MeterErrors.SummaryAlignment("end_time", name));
        if (end <= start) throw new StripeException(MeterErrors.SummaryRange());
        var request = Pagination.Read(p);
        var store = new EfMeterStore(s.Db, s.AccountId);
        var meter = await store.FindAsync(meterId) ?? throw new StripeException(ErrorCatalog.NoSuch(MeterErrors.Noun, meterId, "id"));
        if (!await store.CustomerExistsAsync(customerId))
            throw new StripeException(ErrorCatalog.NoSuch("customer", customerId, "customer"));
        var windows = await store.UsageAsync(meter.Id, customerId, start, end, window);
        var summaries = windows.AsEnumerable().Reverse()
            .Select(u => (Id: SummaryId(meter.Id, customerId, u.Start, u.End), u))
            .ToList();
        // Newest first; a cursor is a summary id of this same list.
        var from = 0;
        List<(string Id, Application.Meters.UsageWindow u)> page;
        if (request.Cursor is { } cursor)
        {
            var at = summaries.FindIndex(x => x.Id == cursor);
            if (at < 0) throw new StripeException(ErrorCatalog.NoSuchParam(MeterRenderer.SummaryObjectType, cursor, request.CursorParam));
            if (request.Backward)
            {
                from = Math.Max(0, at - request.Limit);
                page = summaries.Skip(from).Take(at - from).ToList();
                return Envelope(meter, page, from > 0, meterId);
            }
            from = at + 1;
        }
        page = summaries.Skip(from).Take(request.Limit).ToList();
        return Envelope(meter, page, from + page.Count < summaries.Count, meterId);
    }

    private static JsonObject Envelope(Meter meter, List<(string Id, Application.Meters.UsageWindow u)> page, bool hasMore, string meterId) =>
        Pagination.Envelope(page.Select(x => MeterRenderer.Summary(x.Id, meter.Id, x.u.Start, x.u.End,
            MeterFormula.Pick(meter.Formula, x.u.Sum, x.u.Count, x.u.Last))), hasMore, $"/v1/billing/meters/{meterId}/event_summaries");

    /// <summary>mtrusg_ + 24 characters derived from (meter, customer, window).</summary>
    private static string SummaryId(string meterId, string customerId, long start, long end)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{meterId}|{customerId}|{start}|{end}"));
        return "mtrusg_" + Convert.ToHexStringLower(hash)[..24];
    }
}
