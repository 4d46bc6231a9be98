using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Wire;
using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.Common;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// Stripe list pages by keyset on (created desc, seq desc), or (created, seq) for the lists Stripe gives oldest first
/// (<see cref="PageRequest.OldestFirst"/>). Cursors are object ids, as SDK auto-paging sends them: the id is resolved
/// within the same account and resource (unknown → Stripe's 400 <c>resource_missing</c> on that param).
/// <c>ending_before</c> returns the page just before the cursor, in the list's own order.
/// </summary>
public static class Pagination
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    public sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore);

    /// <summary>
    /// What a list request asks for: how many, from which cursor, in which direction. <see cref="OldestFirst"/>: a list
    /// Stripe orders by creation (a subscription's items), not newest first.
    /// </summary>
    public sealed record PageRequest(int Limit, string? Cursor, bool Backward, bool OldestFirst = false)
    {
        public string CursorParam => Backward ? "ending_before" : "starting_after";
    }

    /// <summary>
    /// <c>limit</c>, brought into 1..100 as Stripe does (recorded: <c>limit=0</c> answers one object, <c>limit=101</c>
    /// a hundred; neither is refused).
    /// </summary>
    public static int Limit(StripeParams p) => (int)Math.Clamp(p.Long("limit") ?? DefaultLimit, 1, MaxLimit);

    /// <summary>Reads and checks <c>limit</c>, <c>starting_after</c> and <c>ending_before</c>.</summary>
    public static PageRequest Read(StripeParams p)
    {
        var limit = Limit(p);
        var after = p.String("starting_after");
        var before = p.String("ending_before");
        if (!string.IsNullOrEmpty(after) && !string.IsNullOrEmpty(before)) throw new StripeException(ErrorCatalog.CursorConflict());
        return !string.IsNullOrEmpty(before)
            ? new PageRequest(limit, before, Backward: true)
            : new PageRequest(limit, string.IsNullOrEmpty(after) ? null : after, Backward: false);
    }

    /// <summary>
    /// The rows to fetch for a page, one more than the limit (to tell has_more): forward, those strictly older
    /// than the cursor's position, newest first; backward, those strictly newer, oldest first.
    /// </summary>
    public static IQueryable<T> Window<T>(IQueryable<T> query, PageRequest request, (long Created, long Seq)? cursor)
        where T : class, IAccountScoped
    {
        if (request.OldestFirst)
        {
            // The mirror image: forward walks toward newer rows, backward toward older ones.
            if (request.Backward)
            {
                var (bc, bs) = cursor!.Value;
                return query.Where(x => x.Created < bc || (x.Created == bc && x.Seq < bs))
                    .OrderByDescending(x => x.Created).ThenByDescending(x => x.Seq).Take(request.Limit + 1);
            }
            if (cursor is var (ac, asq))
                query = query.Where(x => x.Created > ac || (x.Created == ac && x.Seq > asq));
            return query.OrderBy(x => x.Created).ThenBy(x => x.Seq).Take(request.Limit + 1);
        }
        if (request.Backward)
        {
            var (c, s) = cursor!.Value;
            return query.Where(x => x.Created > c || (x.Created == c && x.Seq > s))
                .OrderBy(x => x.Created).ThenBy(x => x.Seq).Take(request.Limit + 1);
        }
        if (cursor is var (created, seq))
            query = query.Where(x => x.Created < created || (x.Created == created && x.Seq < seq));
        return query.OrderByDescending(x => x.Created).ThenByDescending(x => x.Seq).Take(request.Limit + 1);
    }

    /// <summary>The page from the fetched window: at most the limit, newest first (oldest first for such a list).</summary>
    public static Page<T> Assemble<T>(IReadOnlyList<T> window, PageRequest request)
    {
        var items = window.Take(request.Limit);
        return new Page<T>(request.Backward ? items.Reverse().ToList() : items.ToList(), window.Count > request.Limit);
    }

    /// <summary>One page; <paramref name="accountScope"/> is every object of the resource in the account (for cursor lookup), <paramref name="query"/> the same narrowed by filters.</summary>
    public static Task<Page<T>> PageAsync<T>(IQueryable<T> accountScope, IQueryable<T> query, StripeParams p, string objectName, bool oldestFirst = false)
        where T : class, IAccountScoped =>
        PageAsync(accountScope, query, p, objectName, window => window.ToListAsync(), oldestFirst);

    /// <summary>
    /// One page as <paramref name="read"/> reads its window (the rows to fetch, <see cref="Window"/>): rows of its own
    /// shape instead of the objects, in the window's order.
    /// </summary>
    public static async Task<Page<TRow>> PageAsync<T, TRow>(IQueryable<T> accountScope, IQueryable<T> query, StripeParams p, string objectName,
        Func<IQueryable<T>, Task<List<TRow>>> read, bool oldestFirst = false)
        where T : class, IAccountScoped
    {
        var request = Read(p) with { OldestFirst = oldestFirst };
        (long, long)? cursor = request.Cursor is { } id ? await ResolveAsync(accountScope, id, objectName, request.CursorParam) : null;
        return Assemble(await read(Window(query, request, cursor)), request);
    }

    private static async Task<(long Created, long Seq)> ResolveAsync<T>(IQueryable<T> query, string id, string objectName, string param)
        where T : class, IAccountScoped
    {
        // A cursor that the list's filters leave out is still a valid position.
        var cursor = await query.Where(x => x.Id == id).Select(x => new { x.Created, x.Seq }).FirstOrDefaultAsync();
        if (cursor is null) throw new StripeException(ErrorCatalog.NoSuchParam(objectName, id, param));
        return (cursor.Created, cursor.Seq);
    }

    /// <summary>Stripe's list envelope.</summary>
    public static JsonObject Envelope(IEnumerable<JsonNode> data, bool hasMore, string url) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(data.ToArray<JsonNode?>()),
        ["has_more"] = hasMore,
        ["url"] = url,
    };

    /// <summary>Applies a <c>created</c>-style filter: an exact integer or {gt,gte,lt,lte} (<see cref="RangeFilters"/>).</summary>
    public static IQueryable<T> WhereRange<T>(IQueryable<T> query, JsonNode? filter, System.Linq.Expressions.Expression<Func<T, long>> field) =>
        query.WhereRange(Range(filter), field);

    public static IQueryable<T> WhereRange<T>(IQueryable<T> query, JsonNode? filter, System.Linq.Expressions.Expression<Func<T, long?>> field) =>
        query.WhereRange(Range(filter), field);

    /// <summary>A <c>created</c>-style parameter as a filter: an exact integer or {gt,gte,lt,lte}; null when not given.</summary>
    public static RangeFilter? Range(JsonNode? filter)
    {
        if (filter is null) return null;
        if (filter is JsonValue v && v.TryGetValue<long>(out var exact)) return new RangeFilter(exact, []);
        if (filter is not JsonObject range) return new RangeFilter(null, []);
        return new RangeFilter(null, range.Select(kv => (kv.Key switch
        {
            "gt" => RangeOp.Gt,
            "gte" => RangeOp.Gte,
            "lt" => RangeOp.Lt,
            _ => RangeOp.Lte,
        }, kv.Value!.GetValue<long>())).ToList());
    }
}
