using System.Linq.Expressions;
using PaymentRecords.Application.Listing;

namespace PaymentRecords.Persistence.Stores;

/// <summary>A <see cref="RangeFilter"/> as a WHERE on one column, written once for every list.</summary>
public static class RangeFilters
{
    public static IQueryable<T> WhereRange<T>(this IQueryable<T> query, RangeFilter? filter, Expression<Func<T, long>> field)
    {
        if (filter is null) return query;
        if (filter.Exact is { } exact) return query.Where(Compare(field, exact, ExpressionType.Equal));
        foreach (var (op, bound) in filter.Bounds)
        {
            var type = op switch
            {
                RangeOp.Gt => ExpressionType.GreaterThan,
                RangeOp.Gte => ExpressionType.GreaterThanOrEqual,
                RangeOp.Lt => ExpressionType.LessThan,
                _ => ExpressionType.LessThanOrEqual,
            };
            query = query.Where(Compare(field, bound, type));
        }
        return query;
    }

    /// <summary>On a nullable column: any filter given asks for a set value, then compares it.</summary>
    public static IQueryable<T> WhereRange<T>(this IQueryable<T> query, RangeFilter? filter, Expression<Func<T, long?>> field)
    {
        if (filter is null) return query;
        var lifted = Expression.Lambda<Func<T, long>>(Expression.Coalesce(field.Body, Expression.Constant(long.MinValue)), field.Parameters);
        var nonNull = Expression.Lambda<Func<T, bool>>(Expression.NotEqual(field.Body, Expression.Constant(null, typeof(long?))), field.Parameters);
        return query.Where(nonNull).WhereRange(filter, lifted);
    }

    private static Expression<Func<T, bool>> Compare<T>(Expression<Func<T, long>> field, long value, ExpressionType type) =>
        Expression.Lambda<Func<T, bool>>(Expression.MakeBinary(type, field.Body, Expression.Constant(value)), field.Parameters);
}
