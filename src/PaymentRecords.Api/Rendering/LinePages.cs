using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.Rendering;

/// <summary>
/// Pages of an object's lines (GET /v1/invoices/{invoice}/lines, /v1/credit_notes/{id}/lines and the credit note
/// preview's), written once: in line order, <c>limit</c> at a time, with a line id as <c>starting_after</c> or
/// <c>ending_before</c> (lines have no <c>created</c> to page by, unlike the top-level lists of <see cref="Pagination"/>).
/// </summary>
public static class LinePages
{
    /// <summary>The page size (<see cref="Pagination.Limit"/>); Stripe's error for both cursors at once.</summary>
    public static int Limit(StripeParams p)
    {
        if (!string.IsNullOrEmpty(p.String("starting_after")) && !string.IsNullOrEmpty(p.String("ending_before")))
            throw new StripeException(ErrorCatalog.CursorConflict());
        return Pagination.Limit(p);
    }

    /// <summary>
    /// One page of stored <paramref name="lines"/> ordered by <paramref name="position"/>; a cursor is a line id
    /// (<paramref name="idOf"/>), and one that names no line is Stripe's 400 <c>resource_missing</c> on the cursor, calling it <paramref name="noun"/>.
    /// </summary>
    public static async Task<(List<T> Page, bool HasMore)> PageAsync<T>(StripeParams p, IQueryable<T> lines,
        Expression<Func<T, int?>> position, Expression<Func<T, string?>> idOf, string noun)
    {
        var limit = Limit(p);
        if (p.String("ending_before") is { Length: > 0 } before)
        {
            var end = await PositionAsync(lines, position, idOf, before, "ending_before", noun);
            var earlier = await lines.Where(Compare(position, end, Expression.LessThan)).OrderByDescending(position).Take(limit + 1).ToListAsync();
            return (earlier.Take(limit).Reverse().ToList(), earlier.Count > limit);
        }
        if (p.String("starting_after") is { Length: > 0 } after)
        {
            var start = await PositionAsync(lines, position, idOf, after, "starting_after", noun);
            lines = lines.Where(Compare(position, start, Expression.GreaterThan));
        }
        var rows = await lines.OrderBy(position).Take(limit + 1).ToListAsync();
        return (rows.Take(limit).ToList(), rows.Count > limit);
    }

    /// <summary>One page of <paramref name="lines"/> held in memory (a preview's lines are not stored), by line id.</summary>
    public static (List<T> Page, bool HasMore) Page<T>(StripeParams p, List<T> lines, Func<T, string> idOf, string noun)
    {
        var limit = Limit(p);
        int IndexOf(string id, string param) =>
            lines.FindIndex(l => idOf(l) == id) is var i and >= 0 ? i : throw new StripeException(ErrorCatalog.NoSuchParam(noun, id, param));
        if (p.String("ending_before") is { Length: > 0 } before)
        {
            var end = IndexOf(before, "ending_before");
            var start = Math.Max(0, end - limit);
            return (lines.GetRange(start, end - start), start > 0);
        }
        var from = p.String("starting_after") is { Length: > 0 } after ? IndexOf(after, "starting_after") + 1 : 0;
        var count = Math.Min(limit, lines.Count - from);
        return (lines.GetRange(from, count), from + count < lines.Count);
    }

    private static async Task<int?> PositionAsync<T>(IQueryable<T> lines, Expression<Func<T, int?>> position,
        Expression<Func<T, string?>> idOf, string lineId, string param, string noun) =>
        await lines.Where(Equal(idOf, lineId)).Select(position).FirstOrDefaultAsync()
        ?? throw new StripeException(ErrorCatalog.NoSuchParam(noun, lineId, param));

    private static Expression<Func<T, bool>> Compare<T>(Expression<Func<T, int?>> position, int? value,
        Func<Expression, Expression, BinaryExpression> op) =>
        Expression.Lambda<Func<T, bool>>(op(position.Body, Parameter(value)), position.Parameters);

    private static Expression<Func<T, bool>> Equal<T>(Expression<Func<T, string?>> idOf, string id) =>
        Expression.Lambda<Func<T, bool>>(Expression.Equal(idOf.Body, Parameter(id)), idOf.Parameters);

    /// <summary>A value EF Core sends as a query parameter (a captured variable), not as a literal in the SQL.</summary>
    private static MemberExpression Parameter<TValue>(TValue value) =>
        Expression.Property(Expression.Constant(new Captured<TValue>(value)), nameof(Captured<TValue>.Value));

    private sealed class Captured<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }
}
