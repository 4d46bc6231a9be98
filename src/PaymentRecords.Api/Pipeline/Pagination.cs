using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// Stripe list pages by keyset on (created desc, seq desc). Cursors are object ids, as SDK auto-paging sends
/// them: the id is resolved within the same account and resource (unknown → 404 on that param).
/// <c>ending_before</c> returns the page just before the cursor, still newest first.
/// </summary>
public static class Pagination
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    public sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore);

    /// <summary>One page; <paramref name="accountScope"/> is every object of the resource in the account (for cursor lookup), <paramref name="query"/> the same narrowed by filters.</summary>
    public static async Task<Page<T>> PageAsync<T>(IQueryable<T> accountScope, IQueryable<T> query, StripeParams p, string objectName)
        where T : class, IAccountScoped
    {
        var limit = p.Long("limit") ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit) throw new StripeException(ErrorCatalog.InvalidLimit());
        var after = p.String("starting_after");
        var before = p.String("ending_before");
        if (!string.IsNullOrEmpty(after) && !string.IsNullOrEmpty(before)) throw new StripeException(ErrorCatalog.CursorConflict());

        if (!string.IsNullOrEmpty(before))
        {
            var (c, s) = await ResolveAsync(accountScope, before, objectName, "ending_before");
            var newer = await query.Where(x => x.Created > c || (x.Created == c && x.Seq > s))
                .OrderBy(x => x.Created).ThenBy(x => x.Seq).Take((int)limit + 1).ToListAsync();
            var hasMoreBefore = newer.Count > limit;
            var items = newer.Take((int)limit).Reverse().ToList();
            return new Page<T>(items, hasMoreBefore);
        }

        var ordered = query;
        if (!string.IsNullOrEmpty(after))
        {
            var (c, s) = await ResolveAsync(accountScope, after, objectName, "starting_after");
            ordered = ordered.Where(x => x.Created < c || (x.Created == c && x.Seq < s));
        }
        var rows = await ordered.OrderByDescending(x => x.Created).ThenByDescending(x => x.Seq).Take((int)limit + 1).ToListAsync();
        return new Page<T>(rows.Take((int)limit).ToList(), rows.Count > limit);
    }

    private static async Task<(long Created, long Seq)> ResolveAsync<T>(IQueryable<T> query, string id, string objectName, string param)
        where T : class, IAccountScoped
    {
        // A cursor that the list's filters leave out is still a valid position.
        var cursor = await query.Where(x => x.Id == id).Select(x => new { x.Created, x.Seq }).FirstOrDefaultAsync();
        if (cursor is null) throw new StripeException(ErrorCatalog.NoSuch(objectName, id, param));
        return (cursor.Created, cursor.Seq);
    }

    /// <summary>Stripe's list envelope.</summary>
    public static JsonObject Envelope(IEnumerable<JsonObject> data, bool hasMore, string url) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(data.ToArray<JsonNode?>()),
        ["has_more"] = hasMore,
        ["url"] = url,
    };

    /// <summary>Applies a <c>created</c>-style filter: an exact integer or {gt,gte,lt,lte}.</summary>
    public static IQueryable<T> WhereRange<T>(IQueryable<T> query, JsonNode? filter, System.Linq.Expressions.Expression<Func<T, long>> field)
    {
        if (filter is null) return query;
        if (filter is JsonValue v && v.TryGetValue<long>(out var exact))
            return query.Where(Compare(field, exact, System.Linq.Expressions.ExpressionType.Equal));
        if (filter is not JsonObject range) return query;
        foreach (var (op, node) in range)
        {
            var bound = node!.GetValue<long>();
            var type = op switch
            {
                "gt" => System.Linq.Expressions.ExpressionType.GreaterThan,
                "gte" => System.Linq.Expressions.ExpressionType.GreaterThanOrEqual,
                "lt" => System.Linq.Expressions.ExpressionType.LessThan,
                _ => System.Linq.Expressions.ExpressionType.LessThanOrEqual,
            };
            query = query.Where(Compare(field, bound, type));
        }
        return query;
    }

    public static IQueryable<T> WhereRange<T>(IQueryable<T> query, JsonNode? filter, System.Linq.Expressions.Expression<Func<T, long?>> field)
    {
        if (filter is null) return query;
        var lifted = System.Linq.Expressions.Expression.Lambda<Func<T, long>>(
            System.Linq.Expressions.Expression.Coalesce(field.Body, System.Linq.Expressions.Expression.Constant(long.MinValue)), field.Parameters);
        return query.Where(Nonnull(field)).Pipe(q => WhereRange(q, filter, lifted));
    }

    private static System.Linq.Expressions.Expression<Func<T, bool>> Nonnull<T>(System.Linq.Expressions.Expression<Func<T, long?>> field) =>
        System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(
            System.Linq.Expressions.Expression.NotEqual(field.Body, System.Linq.Expressions.Expression.Constant(null, typeof(long?))), field.Parameters);

    private static System.Linq.Expressions.Expression<Func<T, bool>> Compare<T>(
        System.Linq.Expressions.Expression<Func<T, long>> field, long value, System.Linq.Expressions.ExpressionType type) =>
        System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(
            System.Linq.Expressions.Expression.MakeBinary(type, field.Body, System.Linq.Expressions.Expression.Constant(value)), field.Parameters);

    private static TOut Pipe<TIn, TOut>(this TIn value, Func<TIn, TOut> f) => f(value);
}
